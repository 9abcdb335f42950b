"""The composition root: settings in, the evidence store and its services wired together."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError

from jixiao.adapters.db.engine import make_engine
from jixiao.adapters.db.migrate import upgrade
from jixiao.adapters.db.repos import SqlStore
from jixiao.config import Settings
from jixiao.domain.errors import DomainError
from jixiao.services.rollup import ensure_rollup


class StoreUnavailable(DomainError):
    """The configured database cannot be opened or migrated."""


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    store: SqlStore
    zone: dt.tzinfo
    revision: tuple[str | None, str | None]


def build(settings: Settings) -> Services:
    """Open the store named by `settings`, creating and migrating it (and building its daily
    rollup) on first use."""
    engine = make_engine(settings.url)
    try:
        revision = upgrade(engine)
    except OperationalError as error:
        where = engine.url.render_as_string(hide_password=True)
        raise StoreUnavailable(
            f"无法打开证据库 {where}：{error.orig}；请检查 JIXIAO_DATABASE_URL 或 JIXIAO_DATA_DIR"
        ) from error
    store = SqlStore(engine)
    ensure_rollup(store, settings.zone)  # a new or just-upgraded store: built once, then kept
    return Services(settings, store, settings.zone, revision)
