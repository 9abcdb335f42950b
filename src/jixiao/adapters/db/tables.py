"""The evidence store's tables (SQLAlchemy Core, one MetaData); migrations/ creates them.

Times of status changes and maintenance windows are integer epoch seconds (UTC): exact, the
same on SQLite and PostgreSQL, and cheap to sum. Money is integer 分; points and weights are
exact decimal text.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

device = Table(
    "device",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("device_id", String(20), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("name", String(200), nullable=False),
    Column("area", String(100), nullable=False, server_default=""),
    Column("address", String(300), nullable=False, server_default=""),
    Column("ip", String(64), nullable=False, server_default=""),
    Column("port", Integer),
    Column("vendor", String(100), nullable=False, server_default=""),
    Column("model", String(100), nullable=False, server_default=""),
    Column("commissioned", Date),
    Column("decommissioned", Date),
)

device_group = Table(
    "device_group",
    metadata,
    Column("device_pk", ForeignKey("device.pk", ondelete="CASCADE"), primary_key=True),
    Column("name", String(100), primary_key=True),
    Index("ix_device_group_name", "name", "device_pk"),
)

# Append-only: a row is never changed except `previous`, the status before it, which is
# derived (kept so that Σ(online − previous) sums a device's status without window functions).
status_change = Table(
    "status_change",
    metadata,
    Column("device_pk", ForeignKey("device.pk", ondelete="CASCADE"), primary_key=True),
    Column("at", BigInteger, primary_key=True, autoincrement=False),
    Column("online", SmallInteger, nullable=False),
    Column("previous", SmallInteger, nullable=False),
    Column("cause", String(200), nullable=False, server_default=""),
    Column("source", String(200), nullable=False, server_default=""),
    CheckConstraint("online IN (0, 1)", name="online_bit"),
    CheckConstraint("previous IN (0, 1)", name="previous_bit"),
    # Covering index for the per-segment sums: a range of `at`, nothing else read from the table.
    Index("ix_status_change_at", "at", "device_pk", "online", "previous"),
)

maintenance = Table(
    "maintenance",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("device_pk", ForeignKey("device.pk", ondelete="CASCADE")),
    Column("group_name", String(100)),
    Column("start_at", BigInteger, nullable=False),
    Column("end_at", BigInteger, nullable=False),
    Column("reason", String(500), nullable=False),
    CheckConstraint("(device_pk IS NULL) <> (group_name IS NULL)", name="device_or_group"),
    CheckConstraint("end_at > start_at", name="positive"),
)

project = Table(
    "project",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("year", Integer, nullable=False),
    Column("department", String(200), nullable=False),
    Column("implementer", String(200), nullable=False),
    Column("layout", String(20), nullable=False),
    Column("reverse", String(10), nullable=False),
    Column("overshoot_flag", String(20), nullable=False),
    Column("expected_goal", Text, nullable=False),
    Column("achieved_goal", Text, nullable=False),
    Column("initial_budget_fen", BigInteger, nullable=False),
    Column("budget_fen", BigInteger, nullable=False),
    Column("executed_fen", BigInteger),
    UniqueConstraint("name", "year", name="uq_project_name_year"),
)


def _project_child(name: str, *columns: Column[object]) -> Table:
    return Table(
        name,
        metadata,
        Column("project_id", ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
        Column("seq", Integer, primary_key=True, autoincrement=False),
        *columns,
    )


project_weight = _project_child(
    "project_weight",
    Column("name", String(20), nullable=False),
    Column("points", String(20), nullable=False),
)
fund_source = _project_child(
    "fund_source",
    Column("name", String(20), nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
)
allocation = _project_child(
    "allocation",
    Column("date", String(40), nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("document", String(200), nullable=False),
)
payment = _project_child(
    "payment",
    Column("date", String(40), nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("memo", String(300), nullable=False),
    Column("contract", String(300)),
)
contract = _project_child(
    "contract",
    Column("name", String(300), nullable=False),
    Column("total_fen", BigInteger, nullable=False),
    Column("start", Date),
    Column("months", Integer),
    Column("due", String(40)),
    Column("paid_before_fen", BigInteger),
)
indicator = _project_child(
    "indicator",
    Column("level1", String(20), nullable=False),
    Column("level2", String(20), nullable=False),
    Column("name", String(300), nullable=False),
    Column("target", String(200)),
    Column("actual", Text),
    Column("points", String(20), nullable=False),
    Column("note", Text, nullable=False),
)
