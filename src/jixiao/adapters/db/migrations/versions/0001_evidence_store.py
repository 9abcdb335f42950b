"""evidence store: devices, status changes, maintenance, projects

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 02:27:33.936374

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""

    op.create_table(
        "device",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=100), server_default="", nullable=False),
        sa.Column("address", sa.String(length=300), server_default="", nullable=False),
        sa.Column("ip", sa.String(length=64), server_default="", nullable=False),
        sa.Column("port", sa.Integer(), nullable=True),
        sa.Column("vendor", sa.String(length=100), server_default="", nullable=False),
        sa.Column("model", sa.String(length=100), server_default="", nullable=False),
        sa.Column("commissioned", sa.Date(), nullable=True),
        sa.Column("decommissioned", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_device")),
        sa.UniqueConstraint("device_id", name=op.f("uq_device_device_id")),
    )
    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("implementer", sa.String(length=200), nullable=False),
        sa.Column("layout", sa.String(length=20), nullable=False),
        sa.Column("reverse", sa.String(length=10), nullable=False),
        sa.Column("overshoot_flag", sa.String(length=20), nullable=False),
        sa.Column("expected_goal", sa.Text(), nullable=False),
        sa.Column("achieved_goal", sa.Text(), nullable=False),
        sa.Column("initial_budget_fen", sa.BigInteger(), nullable=False),
        sa.Column("budget_fen", sa.BigInteger(), nullable=False),
        sa.Column("executed_fen", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
        sa.UniqueConstraint("name", "year", name="uq_project_name_year"),
    )
    op.create_table(
        "allocation",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("date", sa.String(length=40), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("document", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_allocation_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "seq", name=op.f("pk_allocation")),
    )
    op.create_table(
        "contract",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("total_fen", sa.BigInteger(), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("due", sa.String(length=40), nullable=True),
        sa.Column("paid_before_fen", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_contract_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "seq", name=op.f("pk_contract")),
    )
    op.create_table(
        "device_group",
        sa.Column("device_pk", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_pk"],
            ["device.pk"],
            name=op.f("fk_device_group_device_pk_device"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("device_pk", "name", name=op.f("pk_device_group")),
    )
    with op.batch_alter_table("device_group", schema=None) as batch_op:
        batch_op.create_index("ix_device_group_name", ["name", "device_pk"], unique=False)

    op.create_table(
        "fund_source",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_fund_source_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "seq", name=op.f("pk_fund_source")),
    )
    op.create_table(
        "indicator",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("level1", sa.String(length=20), nullable=False),
        sa.Column("level2", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.Column("actual", sa.Text(), nullable=True),
        sa.Column("points", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_indicator_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "seq", name=op.f("pk_indicator")),
    )
    op.create_table(
        "maintenance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_pk", sa.Integer(), nullable=True),
        sa.Column("group_name", sa.String(length=100), nullable=True),
        sa.Column("start_at", sa.BigInteger(), nullable=False),
        sa.Column("end_at", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.CheckConstraint(
            "(device_pk IS NULL) <> (group_name IS NULL)",
            name=op.f("ck_maintenance_device_or_group"),
        ),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_maintenance_positive")),
        sa.ForeignKeyConstraint(
            ["device_pk"],
            ["device.pk"],
            name=op.f("fk_maintenance_device_pk_device"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance")),
    )
    op.create_table(
        "payment",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("date", sa.String(length=40), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("memo", sa.String(length=300), nullable=False),
        sa.Column("contract", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_payment_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "seq", name=op.f("pk_payment")),
    )
    op.create_table(
        "project_weight",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("points", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_project_weight_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "seq", name=op.f("pk_project_weight")),
    )
    op.create_table(
        "status_change",
        sa.Column("device_pk", sa.Integer(), nullable=False),
        sa.Column("at", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("online", sa.SmallInteger(), nullable=False),
        sa.Column("previous", sa.SmallInteger(), nullable=False),
        sa.Column("cause", sa.String(length=200), server_default="", nullable=False),
        sa.Column("source", sa.String(length=200), server_default="", nullable=False),
        sa.CheckConstraint("online IN (0, 1)", name=op.f("ck_status_change_online_bit")),
        sa.CheckConstraint("previous IN (0, 1)", name=op.f("ck_status_change_previous_bit")),
        sa.ForeignKeyConstraint(
            ["device_pk"],
            ["device.pk"],
            name=op.f("fk_status_change_device_pk_device"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("device_pk", "at", name=op.f("pk_status_change")),
    )
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.create_index(
            "ix_status_change_at", ["at", "device_pk", "online", "previous"], unique=False
        )


def downgrade() -> None:
    """Downgrade schema."""

    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.drop_index("ix_status_change_at")

    op.drop_table("status_change")
    op.drop_table("project_weight")
    op.drop_table("payment")
    op.drop_table("maintenance")
    op.drop_table("indicator")
    op.drop_table("fund_source")
    with op.batch_alter_table("device_group", schema=None) as batch_op:
        batch_op.drop_index("ix_device_group_name")

    op.drop_table("device_group")
    op.drop_table("contract")
    op.drop_table("allocation")
    op.drop_table("project")
    op.drop_table("device")
