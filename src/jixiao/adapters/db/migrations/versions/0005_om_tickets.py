"""om tickets: work orders with SLA clocks and exemption requests; contracts' assessment rules

Revision ID: 0005_om
Revises: 0004
Create Date: 2026-12-07 00:20:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005_om"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_pk", sa.Integer(), nullable=False),
        sa.Column("opened", sa.BigInteger(), nullable=False),
        sa.Column("responded", sa.BigInteger(), nullable=True),
        sa.Column("arrived", sa.BigInteger(), nullable=True),
        sa.Column("repaired", sa.BigInteger(), nullable=True),
        sa.Column("verified", sa.BigInteger(), nullable=True),
        sa.Column("cause", sa.String(length=500), server_default="", nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("assignee", sa.String(length=100), server_default="", nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("exempt_category", sa.String(length=16), nullable=True),
        sa.Column("exempt_from", sa.BigInteger(), nullable=True),
        sa.Column("exempt_to", sa.BigInteger(), nullable=True),
        sa.Column("exempt_reason", sa.String(length=500), nullable=True),
        sa.Column("approved_by", sa.String(length=100), nullable=True),
        sa.Column("approved_at", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["device_pk"],
            ["device.pk"],
            name=op.f("fk_ticket_device_pk_device"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket")),
    )
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_device_opened", ["device_pk", "opened"], unique=False)
        batch_op.create_index("ix_ticket_opened", ["opened"], unique=False)
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("contractor", sa.String(length=300), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("assessment", sa.Text(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.drop_column("assessment")
        batch_op.drop_column("contractor")
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_opened")
        batch_op.drop_index("ix_ticket_device_opened")
    op.drop_table("ticket")
