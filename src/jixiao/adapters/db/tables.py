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
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
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
    # The 类型 as the 点位表 wrote it (枪机, 球机…) when it says more than `kind`.
    Column("kind_word", String(50), nullable=False, server_default=""),
    Column("name", String(200), nullable=False),
    Column("area", String(100), nullable=False, server_default=""),
    Column("address", String(300), nullable=False, server_default=""),
    Column("ip", String(64), nullable=False, server_default=""),
    Column("port", Integer),
    Column("vendor", String(100), nullable=False, server_default=""),
    Column("model", String(100), nullable=False, server_default=""),
    Column("commissioned", Date),
    Column("decommissioned", Date),
    # Set when deleted by mistake (a correction): left out of every query, restorable.
    Column("deleted_at", BigInteger),
    Index("ix_device_area", "area"),  # the device list's choice of areas, without a scan
    # The few deleted devices, found without a scan: the choices of groups and areas count
    # every device from an index and take these away (DeviceRepo.groups, areas). Partial, so
    # that no query for the devices not deleted (deleted_at IS NULL: nearly all) takes it.
    Index(
        "ix_device_deleted",
        "deleted_at",
        sqlite_where=text("deleted_at IS NOT NULL"),
        postgresql_where=text("deleted_at IS NOT NULL"),
    ),
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
    # Covering index for each device's last status (the device list's counts): one seek per
    # device, nothing read from the table; with `previous`, the ticket sync's walk over each
    # device's offline edges in order reads nothing from the table either (migration 0015).
    Index("ix_status_change_last", "device_pk", "at", "online", "previous"),
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
    Column("deleted_at", BigInteger),
    CheckConstraint("(device_pk IS NULL) <> (group_name IS NULL)", name="device_or_group"),
    CheckConstraint("end_at > start_at", name="positive"),
)

# The daily rollup (日汇总, domain.rollup): derived from the four tables above, kept in step by
# every write through the repositories, rebuilt by `jixiao db rebuild-rollups`. One row says
# in which zone's days it is kept; zone NULL: not built, the direct computation is used.
availability_rollup = Table(
    "availability_rollup",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("zone", String(64)),
)

# Devices with the same area and groups (a JSON list of the sorted names) share a cohort.
availability_cohort = Table(
    "availability_cohort",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("area", String(100), nullable=False),
    Column("groups", Text, nullable=False),
    UniqueConstraint("area", "groups", name="uq_availability_cohort_area_groups"),
)

availability_member = Table(
    "availability_member",
    metadata,
    Column("device_pk", ForeignKey("device.pk", ondelete="CASCADE"), primary_key=True),
    Column(
        "cohort_id",
        ForeignKey("availability_cohort.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Index("ix_availability_member_cohort_id", "cohort_id", "device_pk"),
)

# Per cohort and local day (its start, epoch s): the jumps of the online, expected and alive
# counts that day, and each jump × the seconds from it to the day's end (the `_w` columns);
# `started`: devices whose life begins that day. Days without a jump have no row.
availability_day = Table(
    "availability_day",
    metadata,
    Column(
        "cohort_id",
        ForeignKey("availability_cohort.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("day", BigInteger, primary_key=True, autoincrement=False),
    Column("online", Integer, nullable=False),
    Column("online_w", BigInteger, nullable=False),
    Column("expected", Integer, nullable=False),
    Column("expected_w", BigInteger, nullable=False),
    Column("alive", Integer, nullable=False),
    Column("alive_w", BigInteger, nullable=False),
    Column("started", Integer, nullable=False),
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


# 归档: the mark of an archived project. No foreign key: replacing a project deletes and
# re-inserts its row under the same key, and the mark must outlive that.
project_archive = Table(
    "project_archive",
    metadata,
    Column("project_id", Integer, primary_key=True, autoincrement=False),
    Column("at", BigInteger, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("reason", String(500), nullable=False),
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
    Column("contractor", String(300), nullable=False, server_default=""),
    Column("assessment", Text),  # the 运维考核 rules as JSON (adapters/db/projects.py)
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

# The web app (migration 0003): users, server-side sessions, the audit log, settings.
# Times are epoch seconds like the rest; a session is known by the SHA-256 of its token.
app_user = Table(
    "app_user",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False, server_default=""),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("active", SmallInteger, nullable=False, server_default="1"),
    Column("must_change_password", SmallInteger, nullable=False, server_default="0"),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", BigInteger),
    Column("created_at", BigInteger, nullable=False),
)

app_session = Table(
    "app_session",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("last_seen", BigInteger, nullable=False),
    Index("ix_app_session_user_id", "user_id"),
)

# Append-only: who changed what (funds, indicators, devices, users, settings), before and after.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", BigInteger, nullable=False),
    Column("username", String(64), nullable=False),
    Column("action", String(16), nullable=False),
    Column("entity", String(32), nullable=False),
    Column("target", String(500), nullable=False),
    Column("before_json", Text),
    Column("after_json", Text),
    Index("ix_audit_log_at", "at"),
)

app_setting = Table(
    "app_setting",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# GB/T 28181 access (migration 0004): what the SIP upper platform knows of each device beyond
# the inventory — where it registered, when it was last heard from, its keepalive settings,
# its catalog parent — so that a restart resumes and `devices list` shows last_seen.
sip_presence = Table(
    "sip_presence",
    metadata,
    Column("device_pk", ForeignKey("device.pk", ondelete="CASCADE"), primary_key=True),
    Column("parent_id", String(20), nullable=False, server_default=""),
    Column("civil_code", String(20), nullable=False, server_default=""),
    Column("point_type", SmallInteger),
    Column("transport", String(8), nullable=False, server_default=""),
    Column("host", String(64), nullable=False, server_default=""),
    Column("port", Integer),
    Column("call_id", String(200), nullable=False, server_default=""),
    Column("registered_until", BigInteger),
    Column("last_seen", BigInteger),
    Column("keepalive_interval", Integer),
    Column("keepalive_count", Integer),
    Column("password", String(100)),
    Index("ix_sip_presence_parent_id", "parent_id"),
)

# Work orders (工单, domain.tickets): one fault of one device, its clocks and an exemption
# request (approved when approved_by is set). Open ends are NULL.
# The clocks an SLA judges a ticket by: both covering indexes of a period's counts carry them.
TICKET_CLOCKS = ("responded", "repaired", "verified", "approved_by", "exempt_from", "exempt_to")

ticket = Table(
    "ticket",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("device_pk", ForeignKey("device.pk", ondelete="CASCADE"), nullable=False),
    Column("opened", BigInteger, nullable=False),
    Column("responded", BigInteger),
    Column("arrived", BigInteger),
    Column("repaired", BigInteger),
    Column("verified", BigInteger),
    Column("cause", String(500), nullable=False, server_default=""),
    Column("notes", Text, nullable=False, server_default=""),
    Column("assignee", String(100), nullable=False, server_default=""),
    Column("source", String(16), nullable=False),
    Column("exempt_category", String(16)),
    Column("exempt_from", BigInteger),
    Column("exempt_to", BigInteger),
    Column("exempt_reason", String(500)),
    Column("approved_by", String(100)),
    Column("approved_at", BigInteger),
    # Covering indexes for a period's counts (TicketRepo.month_counts, migrations 0017, 0018):
    # every clock the SLA judges read from an index, nothing from the table. Led by the
    # device: a group's devices each sought once for their range of `opened` (a 50,000-camera
    # group's year is 50,000 short seeks, cheaper than testing every ticket of the store's
    # year for membership); it serves every per-device ticket query.
    Index("ix_ticket_device_clocks", "device_pk", "opened", *TICKET_CLOCKS),
    # Led by `opened`: the ticket list's order, and each window of the whole store's counts
    # read as one range in order (no pass over every device, no grouping to sort).
    Index("ix_ticket_opened_clocks", "opened", "device_pk", *TICKET_CLOCKS),
    # The approved exemptions (TicketRepo.approved_exemptions, asked once a month of every
    # 考核): few among millions of tickets, so a partial index (migration 0016).
    Index(
        "ix_ticket_exempted",
        "exempt_from",
        "exempt_to",
        "device_pk",
        sqlite_where=text("approved_by IS NOT NULL"),
        postgresql_where=text("approved_by IS NOT NULL"),
    ),
)

# Evidence documents and satisfaction surveys (migration 0006). An attachment's content is a
# file under the data directory named by its SHA-256; the row describes it.
document = Table(
    "document",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project", String(300), nullable=False),
    Column("title", String(300), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("file_type", String(8), nullable=False),
    Column("filename", String(300), nullable=False, server_default=""),
    Column("issuer", String(200), nullable=False, server_default=""),
    Column("issued", Date),
    UniqueConstraint("project", "title", name="uq_document_project_title"),
)

survey = Table(
    "survey",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("project", String(300), nullable=False, server_default=""),
    Column("audience", String(100), nullable=False, server_default=""),
    Column("questions", Text, nullable=False),  # JSON list of the questions
)

survey_response = Table(
    "survey_response",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("survey_id", ForeignKey("survey.id", ondelete="CASCADE"), nullable=False),
    Column("answers", Text, nullable=False),  # JSON list of 1…5 or null
    Column("comment", Text, nullable=False, server_default=""),
    Index("ix_survey_response_survey_id", "survey_id"),
)

# One-time answer links of a survey (migration 0007): a token is used by one response.
survey_token = Table(
    "survey_token",
    metadata,
    Column("token", String(64), primary_key=True),
    Column("survey_id", ForeignKey("survey.id", ondelete="CASCADE"), nullable=False),
    Column("created", BigInteger, nullable=False),
    Column("used", BigInteger),
    Index("ix_survey_token_survey_id", "survey_id"),
)

# Active probes (migration 0008): a probe set on one device (device_pk) or a group's defaults
# (group_name), exactly one of the two; the password only encrypted (secret). probe_state is
# each device's damping and last outcome.
probe_config = Table(
    "probe_config",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("device_pk", ForeignKey("device.pk", ondelete="CASCADE"), unique=True),
    Column("group_name", String(100), unique=True),
    Column("method", String(10), nullable=False, server_default=""),
    Column("target", String(500), nullable=False, server_default=""),
    Column("interval_s", Integer),
    Column("timeout_s", Float),
    Column("retries", SmallInteger),
    Column("username", String(100), nullable=False, server_default=""),
    Column("secret", Text, nullable=False, server_default=""),
    Column("expect", SmallInteger),
    Column("source", String(10), nullable=False, server_default=""),
    CheckConstraint("(device_pk IS NULL) <> (group_name IS NULL)", name="one_scope"),
)

probe_state = Table(
    "probe_state",
    metadata,
    Column("device_pk", ForeignKey("device.pk", ondelete="CASCADE"), primary_key=True),
    Column("up", SmallInteger),
    Column("failures", Integer, nullable=False),
    Column("successes", Integer, nullable=False),
    Column("at", BigInteger, nullable=False),
    Column("ok", SmallInteger, nullable=False),
    Column("cause", String(100), nullable=False, server_default=""),
    Column("latency_ms", Float),
)

# The 录像巡检 (migration 0009): one channel's recordings on one local day. `spans` is a JSON
# list of [start, end] epoch seconds, `findings` a JSON list of sentences.
recording_day = Table(
    "recording_day",
    metadata,
    Column("device_pk", ForeignKey("device.pk", ondelete="CASCADE"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("spans", Text, nullable=False, server_default="[]"),
    Column("findings", Text, nullable=False, server_default="[]"),
    Column("answered", SmallInteger, nullable=False, server_default="1"),
    Column("oldest", BigInteger),
    Column("scanned", BigInteger, nullable=False, server_default="0"),
    Index("ix_recording_day_day", "day"),
)

# Records deleted by mistake (更正): who, when, why; a restore fills restored_by/at.
correction = Table(
    "correction",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity", String(16), nullable=False),
    Column("target", String(100), nullable=False),
    Column("label", String(500), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("at", BigInteger, nullable=False),
    Column("payload", Text, nullable=False, server_default=""),
    Column("restored_by", String(100)),
    Column("restored_at", BigInteger),
)
