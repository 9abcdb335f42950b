"""a month's ticket counts read from one covering index (the 考核 at 100,000 devices)

Revision ID: 0012_ticket_month
Revises: 0011_indexes
Create Date: 2026-12-07 06:00:00.000000

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0012_ticket_month"
down_revision: str | Sequence[str] | None = "0011_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONTH_COLUMNS = [
    "opened",
    "device_pk",
    "responded",
    "repaired",
    "verified",
    "approved_by",
    "exempt_from",
    "exempt_to",
]


def upgrade() -> None:
    """Upgrade schema."""
    op.drop_index("ix_ticket_opened", table_name="ticket")
    op.create_index("ix_ticket_month", "ticket", MONTH_COLUMNS, unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_ticket_month", table_name="ticket")
    op.create_index("ix_ticket_opened", "ticket", ["opened"], unique=False)
