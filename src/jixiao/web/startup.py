"""First start of the web app: the first administrator, and the examples in an empty store."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

import jixiao
from jixiao.adapters.importers.device_table import read_device_table
from jixiao.adapters.importers.status_csv import read_status_csv
from jixiao.adapters.problems import InputError
from jixiao.adapters.projectfile import load_project
from jixiao.config import Settings
from jixiao.domain.errors import DomainError
from jixiao.services import device_changes
from jixiao.services.accounts import Accounts
from jixiao.services.inventory import RowsRejected
from jixiao.services.projects import import_project
from jixiao.services.web_ports import WebStore

log = logging.getLogger(__name__)
SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class FirstStart:
    one_time_password: str | None = None
    loaded: list[str] = field(default_factory=list)


def examples_directory(settings: Settings) -> Path | None:
    """JIXIAO_EXAMPLES_DIR, else ./examples, else the source checkout's examples/."""
    if settings.examples_dir is not None:
        return settings.examples_dir if settings.examples_dir.is_dir() else None
    for candidate in (
        Path.cwd() / "examples",
        Path(jixiao.__file__).resolve().parents[2] / "examples",
    ):
        if candidate.is_dir():
            return candidate
    return None


def first_start(
    settings: Settings, store: WebStore, accounts: Accounts, zone: dt.tzinfo
) -> FirstStart:
    password = settings.admin_password.get_secret_value() if settings.admin_password else None
    one_time = accounts.ensure_admin(password)
    loaded: list[str] = []
    directory = examples_directory(settings)
    if settings.load_examples and directory is not None and _empty(store):
        loaded = load_examples(store, directory, zone, accounts.now())
    return FirstStart(one_time, loaded)


def _empty(store: WebStore) -> bool:
    with store.read() as repos:
        return not repos.projects.names() and not repos.devices.select()


def load_examples(store: WebStore, directory: Path, zone: dt.tzinfo, now: int) -> list[str]:
    """Every example project, then the device tables, then the status histories."""
    loaded = []
    files = (
        sorted(directory.glob("*.yaml"))
        + sorted(directory.glob("diwang-*devices*.csv"))
        + sorted(directory.glob("diwang-*status*.csv"))
    )
    for path in files:
        try:
            if path.suffix == ".yaml":
                import_project(store, load_project(path), actor=SYSTEM, now=now)
            elif "devices" in path.name:
                rows = read_device_table(path)
                device_changes.import_devices(store, rows, actor=SYSTEM, now=now)
            else:
                _, changes = read_status_csv(path, zone)
                device_changes.import_status(
                    store, changes, source=path.name, actor=SYSTEM, now=now
                )
        except (InputError, RowsRejected, DomainError) as error:
            log.warning("example %s not loaded: %s", path.name, error)
            continue
        loaded.append(path.name)
    return loaded
