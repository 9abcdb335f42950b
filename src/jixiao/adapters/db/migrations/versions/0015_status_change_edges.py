"""each device's changes with their `previous` status read from one index (the ticket sync)

Revision ID: 0015_status_change_edges
Revises: 0014_web_deleted_devices
Create Date: 2026-12-07 09:30:00.000000

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0015_status_change_edges"
down_revision: str | Sequence[str] | None = "0014_web_deleted_devices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.drop_index("ix_status_change_last", table_name="status_change")
    op.create_index(
        "ix_status_change_last",
        "status_change",
        ["device_pk", "at", "online", "previous"],
        unique=False,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_status_change_last", table_name="status_change")
    op.create_index(
        "ix_status_change_last", "status_change", ["device_pk", "at", "online"], unique=False
    )
