"""the 类型 word of the 点位表 kept with each device (枪机, 球机…); archived projects (归档)

Revision ID: 0013_kind_word_archive
Revises: 0012_ticket_month
Create Date: 2026-12-07 06:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0013_kind_word_archive"
down_revision: str | Sequence[str] | None = "0012_ticket_month"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("device") as batch:
        batch.add_column(
            sa.Column("kind_word", sa.String(length=50), server_default="", nullable=False)
        )
    op.create_table(
        "project_archive",
        sa.Column("project_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_project_archive")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("project_archive")
    with op.batch_alter_table("device") as batch:
        batch.drop_column("kind_word")
