"""the 类型 word of the 点位表 kept with each device (枪机, 球机…)

Revision ID: 0012_kind_word
Revises: 0011_indexes
Create Date: 2026-12-07 06:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0012_kind_word"
down_revision: str | Sequence[str] | None = "0011_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("device") as batch:
        batch.add_column(
            sa.Column("kind_word", sa.String(length=50), server_default="", nullable=False)
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("device") as batch:
        batch.drop_column("kind_word")
