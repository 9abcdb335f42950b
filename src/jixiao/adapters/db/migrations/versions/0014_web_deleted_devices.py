"""the deleted devices found from an index (the choices of groups and areas at 100,000 devices)

Revision ID: 0014_web_deleted_devices
Revises: 0013_kind_word_archive
Create Date: 2026-12-07 09:30:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0014_web_deleted_devices"
down_revision: str | Sequence[str] | None = "0013_kind_word_archive"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index(
        "ix_device_deleted",
        "device",
        ["deleted_at"],
        unique=False,
        sqlite_where=sa.text("deleted_at IS NOT NULL"),
        postgresql_where=sa.text("deleted_at IS NOT NULL"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_device_deleted", table_name="device")
