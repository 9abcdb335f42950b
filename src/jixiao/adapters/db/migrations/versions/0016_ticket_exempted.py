"""the approved exemptions found from a partial index (every month of a 考核 asks for them)

Revision ID: 0016_ticket_exempted
Revises: 0015_status_change_edges
Create Date: 2026-12-07 10:20:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0016_ticket_exempted"
down_revision: str | Sequence[str] | None = "0015_status_change_edges"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index(
        "ix_ticket_exempted",
        "ticket",
        ["exempt_from", "exempt_to", "device_pk"],
        unique=False,
        sqlite_where=sa.text("approved_by IS NOT NULL"),
        postgresql_where=sa.text("approved_by IS NOT NULL"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_ticket_exempted", table_name="ticket")
