"""the whole store's ticket counts read window by window from an index led by `opened`

A store whose O&M contract covers every device counted its year by one pass over the index
led by the device, each ticket's window told apart by a CASE and the windows grouped by a
sort: 190 ms of SQLite CPU for 100,000 devices' year (165,000 tickets). With the clocks in
the index led by `opened` each window is one range read in order: 70 ms. A group's counts
keep seeking its devices in the device's index. Sync writes one more wide index entry a
ticket.

Revision ID: 0018_ticket_opened_clocks
Revises: 0017_ticket_device_clocks
Create Date: 2026-12-07 18:30:00.000000

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0018_ticket_opened_clocks"
down_revision: str | Sequence[str] | None = "0017_ticket_device_clocks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLOCKS = ["responded", "repaired", "verified", "approved_by", "exempt_from", "exempt_to"]


def upgrade() -> None:
    """Upgrade schema."""
    op.drop_index("ix_ticket_opened", table_name="ticket")
    op.create_index(
        "ix_ticket_opened_clocks", "ticket", ["opened", "device_pk", *CLOCKS], unique=False
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_ticket_opened_clocks", table_name="ticket")
    op.create_index("ix_ticket_opened", "ticket", ["opened"], unique=False)
