"""availability rollup: cohorts, members and daily jumps (derived, see domain/rollup.py)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:00:00.000000

The tables start empty with the state row's zone NULL (not built): the online rate is then
computed directly from the status changes until the rollup is built, which jixiao does on
first use (bootstrap) or `jixiao db rebuild-rollups`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "availability_cohort",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=False),
        sa.Column("groups", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availability_cohort")),
        sa.UniqueConstraint("area", "groups", name="uq_availability_cohort_area_groups"),
    )
    state = op.create_table(
        "availability_rollup",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availability_rollup")),
    )
    op.create_table(
        "availability_day",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("online", sa.Integer(), nullable=False),
        sa.Column("online_w", sa.BigInteger(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("expected_w", sa.BigInteger(), nullable=False),
        sa.Column("alive", sa.Integer(), nullable=False),
        sa.Column("alive_w", sa.BigInteger(), nullable=False),
        sa.Column("started", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["availability_cohort.id"],
            name=op.f("fk_availability_day_cohort_id_availability_cohort"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cohort_id", "day", name=op.f("pk_availability_day")),
    )
    op.create_table(
        "availability_member",
        sa.Column("device_pk", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["availability_cohort.id"],
            name=op.f("fk_availability_member_cohort_id_availability_cohort"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["device_pk"],
            ["device.pk"],
            name=op.f("fk_availability_member_device_pk_device"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("device_pk", name=op.f("pk_availability_member")),
    )
    with op.batch_alter_table("availability_member", schema=None) as batch_op:
        batch_op.create_index(
            "ix_availability_member_cohort_id", ["cohort_id", "device_pk"], unique=False
        )
    op.bulk_insert(state, [{"id": 1, "zone": None}])


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("availability_member", schema=None) as batch_op:
        batch_op.drop_index("ix_availability_member_cohort_id")

    op.drop_table("availability_member")
    op.drop_table("availability_day")
    op.drop_table("availability_rollup")
    op.drop_table("availability_cohort")
