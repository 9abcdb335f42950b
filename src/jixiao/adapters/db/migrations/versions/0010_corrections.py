"""corrections: soft-deleted devices and maintenance windows, and the deletions' record

Revision ID: 0010_corrections
Revises: 0009_recordings
Create Date: 2026-12-07 04:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0010_corrections"
down_revision: str | Sequence[str] | None = "0009_recordings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deleted_at", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("maintenance", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deleted_at", sa.BigInteger(), nullable=True))
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=False),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.Text(), server_default="", nullable=False),
        sa.Column("restored_by", sa.String(length=100), nullable=True),
        sa.Column("restored_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correction")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("correction")
    with op.batch_alter_table("maintenance", schema=None) as batch_op:
        batch_op.drop_column("deleted_at")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_column("deleted_at")
