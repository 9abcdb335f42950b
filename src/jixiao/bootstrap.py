"""The composition root: settings in, the evidence store and the application wired together."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, OperationalError

from jixiao.adapters.attachments import DirectoryAttachments
from jixiao.adapters.db.accounts import SqlWebStore
from jixiao.adapters.db.engine import make_engine
from jixiao.adapters.db.migrate import upgrade
from jixiao.adapters.files import files
from jixiao.adapters.probes.secrets import LazySecrets
from jixiao.adapters.problems import Unavailable
from jixiao.config import Settings
from jixiao.domain.probes import Timing
from jixiao.services.accounts import Accounts, Hasher, Policy
from jixiao.services.application import Application, Clock
from jixiao.services.rollup import ensure_rollup


class StoreUnavailable(Unavailable):
    """The configured database cannot be opened or migrated (nothing listening, no right to
    create its directory): exit 1, not bad input, though the message points at the settings."""


def _unavailable(url: str, why: str) -> StoreUnavailable:
    parsed = make_url(url)
    where = parsed.render_as_string(hide_password=True)
    reason = why.strip().splitlines()[0] if why.strip() else "原因不明"
    if parsed.get_backend_name() == "sqlite":
        check = "请检查 JIXIAO_DATA_DIR 或 JIXIAO_DATABASE_URL，以及该目录能否创建、写入"
    else:
        check = "请检查 JIXIAO_DATABASE_URL，以及数据库服务是否在运行、能否从本机连接"
    return StoreUnavailable(f"证据库不可用：{where}：{reason}；{check}")


class StoreCorrupt(Unavailable):
    """The store opens but its content is damaged (not a database, a malformed page)."""


def _corrupt(url: str, why: str) -> StoreCorrupt:
    where = make_url(url).render_as_string(hide_password=True)
    reason = why.strip().splitlines()[0] if why.strip() else "原因不明"
    return StoreCorrupt(
        f"证据库已损坏：{where}：{reason}。请先停止 jixiao serve，保留该文件备查，"
        "从备份恢复（jixiao db backup 生成的文件，复制回原位置）；没有备份时，把该文件移走，"
        "再运行 jixiao 会建一个空的证据库，然后重新导入项目、点位表和状态记录"
    )


def store_failure(error: BaseException, url: str) -> Unavailable | None:
    """What a database error met after the store was opened means to the operator: the
    store down (不可用) or damaged (已损坏); None for any other error."""
    if isinstance(error, OperationalError) and not _damaged(error):
        return _unavailable(url, str(error.orig))
    if isinstance(error, DatabaseError):
        return _corrupt(url, str(error.orig))
    return None


def _damaged(error: DatabaseError) -> bool:
    text = str(error.orig).lower()
    return any(word in text for word in ("malformed", "not a database", "corrupt"))


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    store: SqlWebStore
    zone: dt.tzinfo
    revision: tuple[str | None, str | None]


def build(settings: Settings) -> Services:
    """Open the store named by `settings`, creating and migrating it (and building its daily
    rollup) on first use."""
    try:
        engine = make_engine(settings.url)
    except OSError as error:  # the SQLite file's directory cannot be created
        why = f"无法创建目录 {error.filename}（{error.strerror or error}）"
        raise _unavailable(settings.url, why) from error
    try:
        revision = upgrade(engine)
        store = SqlWebStore(engine)
        ensure_rollup(store, settings.zone)  # a new or just-upgraded store: built once, then kept
    except DatabaseError as error:
        raise store_failure(error, settings.url) or error from error
    return Services(settings, store, settings.zone, revision)


def application(
    settings: Settings,
    *,
    clock: Clock = time.time,
    services: Services | None = None,
    bounded: bool = False,
) -> Application:
    """The application on `settings`; its store is opened on first use (or is `services`').
    `bounded`: files from outside are read in a worker process with memory and CPU limits."""
    app = Application(
        files(bounded=bounded), settings.zone, clock, lambda: (services or build(settings)).store
    )
    app.attachments = DirectoryAttachments(settings.data_dir / "attachments")
    key = settings.probe_key.get_secret_value() if settings.probe_key else None
    app.secrets = LazySecrets(key, settings.data_dir)
    app.probe_timing = Timing(
        settings.probe_interval,
        settings.probe_timeout,
        settings.probe_retries,
        settings.probe_down_after,
        settings.probe_up_after,
    )
    return app


def policy_of(settings: Settings) -> Policy:
    """The session and lockout policy of JIXIAO_SESSION_*, JIXIAO_LOGIN_MAX_FAILURES and
    JIXIAO_LOCKOUT_MINUTES."""
    return Policy(
        idle_s=settings.session_idle_minutes * 60,
        max_s=settings.session_max_hours * 3600,
        max_failures=settings.login_max_failures,
        lockout_s=settings.lockout_minutes * 60,
    )


def accounts(
    services: Services, *, hasher: Hasher | None = None, clock: Clock = time.time
) -> Accounts:
    """The account use cases on the store (argon2id hashes), as the web app has them; for
    `jixiao users`."""
    from jixiao.adapters.passwords import argon2_hasher  # argon2 only for the commands hashing

    return Accounts(services.store, hasher or argon2_hasher(), policy_of(services.settings), clock)
