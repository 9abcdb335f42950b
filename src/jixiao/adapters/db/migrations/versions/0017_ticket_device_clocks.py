"""a period's ticket counts read device by device from one covering index

The covering index led by `opened` made a group's counts test every ticket of the store's
year for membership of the group; led by the device, the group's devices are each sought
once. The index led by `opened` keeps only `opened` (the ticket list's order), so the two
indexes together are no wider than before and a sync writes no more.

Revision ID: 0017_ticket_device_clocks
Revises: 0016_ticket_exempted
Create Date: 2026-12-07 15:15:00.000000

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0017_ticket_device_clocks"
down_revision: str | Sequence[str] | None = "0016_ticket_exempted"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLOCKS = ["responded", "repaired", "verified", "approved_by", "exempt_from", "exempt_to"]


def upgrade() -> None:
    """Upgrade schema."""
    op.drop_index("ix_ticket_month", table_name="ticket")
    op.drop_index("ix_ticket_device_opened", table_name="ticket")
    op.create_index(
        "ix_ticket_device_clocks", "ticket", ["device_pk", "opened", *CLOCKS], unique=False
    )
    op.create_index("ix_ticket_opened", "ticket", ["opened"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_ticket_opened", table_name="ticket")
    op.drop_index("ix_ticket_device_clocks", table_name="ticket")
    op.create_index("ix_ticket_device_opened", "ticket", ["device_pk", "opened"], unique=False)
    op.create_index("ix_ticket_month", "ticket", ["opened", "device_pk", *CLOCKS], unique=False)
