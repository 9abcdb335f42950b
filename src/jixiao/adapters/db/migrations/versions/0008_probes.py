"""active probes: a probe per device or per group, and each device's probe state

Revision ID: 0008_probes
Revises: 0007_survey_tokens
Create Date: 2026-12-07 03:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008_probes"
down_revision: str | Sequence[str] | None = "0007_survey_tokens"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "probe_config",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_pk", sa.Integer(), nullable=True),
        sa.Column("group_name", sa.String(length=100), nullable=True),
        sa.Column("method", sa.String(length=10), server_default="", nullable=False),
        sa.Column("target", sa.String(length=500), server_default="", nullable=False),
        sa.Column("interval_s", sa.Integer(), nullable=True),
        sa.Column("timeout_s", sa.Float(), nullable=True),
        sa.Column("retries", sa.SmallInteger(), nullable=True),
        sa.Column("username", sa.String(length=100), server_default="", nullable=False),
        sa.Column("secret", sa.Text(), server_default="", nullable=False),
        sa.Column("expect", sa.SmallInteger(), nullable=True),
        sa.Column("source", sa.String(length=10), server_default="", nullable=False),
        sa.CheckConstraint(
            "(device_pk IS NULL) <> (group_name IS NULL)",
            name=op.f("ck_probe_config_one_scope"),
        ),
        sa.ForeignKeyConstraint(
            ["device_pk"],
            ["device.pk"],
            name=op.f("fk_probe_config_device_pk_device"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_probe_config")),
        sa.UniqueConstraint("device_pk", name=op.f("uq_probe_config_device_pk")),
        sa.UniqueConstraint("group_name", name=op.f("uq_probe_config_group_name")),
    )
    op.create_table(
        "probe_state",
        sa.Column("device_pk", sa.Integer(), nullable=False),
        sa.Column("up", sa.SmallInteger(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("successes", sa.Integer(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("ok", sa.SmallInteger(), nullable=False),
        sa.Column("cause", sa.String(length=100), server_default="", nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["device_pk"],
            ["device.pk"],
            name=op.f("fk_probe_state_device_pk_device"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("device_pk", name=op.f("pk_probe_state")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("probe_state")
    op.drop_table("probe_config")
