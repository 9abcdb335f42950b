"""each device's last status read from an index (the device list at 100,000 devices)

Revision ID: 0011_indexes
Revises: 0009_recordings
Create Date: 2026-12-07 04:00:00.000000

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0011_indexes"
down_revision: str | Sequence[str] | None = "0010_corrections"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index(
        "ix_status_change_last", "status_change", ["device_pk", "at", "online"], unique=False
    )
    op.create_index("ix_device_area", "device", ["area"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_device_area", table_name="device")
    op.drop_index("ix_status_change_last", table_name="status_change")
