"""a device's tickets index covers the SLA's clocks (a group's ticket counts read no table rows)

Revision ID: 0017_ticket_device_covering
Revises: 0016_ticket_exempted
Create Date: 2026-12-07 12:05:00.000000

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0017_ticket_device_covering"
down_revision: str | Sequence[str] | None = "0016_ticket_exempted"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COVERING = [
    "device_pk",
    "opened",
    "responded",
    "repaired",
    "verified",
    "approved_by",
    "exempt_from",
    "exempt_to",
]


def upgrade() -> None:
    """Upgrade schema."""
    op.drop_index("ix_ticket_device_opened", table_name="ticket")
    op.create_index("ix_ticket_device_opened", "ticket", _COVERING, unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_ticket_device_opened", table_name="ticket")
    op.create_index("ix_ticket_device_opened", "ticket", ["device_pk", "opened"], unique=False)
