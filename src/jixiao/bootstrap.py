"""The composition root: settings in, the evidence store and the application wired together."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError

from jixiao.adapters.db.accounts import SqlWebStore
from jixiao.adapters.db.engine import make_engine
from jixiao.adapters.db.migrate import upgrade
from jixiao.adapters.files import files
from jixiao.config import Settings
from jixiao.domain.errors import DomainError
from jixiao.services.application import Application, Clock
from jixiao.services.rollup import ensure_rollup


class StoreUnavailable(DomainError):
    """The configured database cannot be opened or migrated."""


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    store: SqlWebStore
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
    store = SqlWebStore(engine)
    ensure_rollup(store, settings.zone)  # a new or just-upgraded store: built once, then kept
    return Services(settings, store, settings.zone, revision)


def application(
    settings: Settings, *, clock: Clock = time.time, services: Services | None = None
) -> Application:
    """The application on `settings`; its store is opened on first use (or is `services`')."""
    return Application(files(), settings.zone, clock, lambda: (services or build(settings)).store)
