"""sip presence: registration, last seen, keepalive settings and catalog parent per device

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 03:10:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "sip_presence",
        sa.Column("device_pk", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.String(length=20), server_default="", nullable=False),
        sa.Column("civil_code", sa.String(length=20), server_default="", nullable=False),
        sa.Column("point_type", sa.SmallInteger(), nullable=True),
        sa.Column("transport", sa.String(length=8), server_default="", nullable=False),
        sa.Column("host", sa.String(length=64), server_default="", nullable=False),
        sa.Column("port", sa.Integer(), nullable=True),
        sa.Column("call_id", sa.String(length=200), server_default="", nullable=False),
        sa.Column("registered_until", sa.BigInteger(), nullable=True),
        sa.Column("last_seen", sa.BigInteger(), nullable=True),
        sa.Column("keepalive_interval", sa.Integer(), nullable=True),
        sa.Column("keepalive_count", sa.Integer(), nullable=True),
        sa.Column("password", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["device_pk"],
            ["device.pk"],
            name=op.f("fk_sip_presence_device_pk_device"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("device_pk", name=op.f("pk_sip_presence")),
    )
    with op.batch_alter_table("sip_presence", schema=None) as batch_op:
        batch_op.create_index("ix_sip_presence_parent_id", ["parent_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("sip_presence", schema=None) as batch_op:
        batch_op.drop_index("ix_sip_presence_parent_id")
    op.drop_table("sip_presence")
