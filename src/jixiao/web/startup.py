"""First start of the web app: the first administrator, and the examples in an empty demo store
(never in the real one: demo data and real data do not mix)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import jixiao
from jixiao import sample_data
from jixiao.config import Settings
from jixiao.services.accounts import Accounts
from jixiao.services.application import Application

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


def first_start(settings: Settings, app: Application, accounts: Accounts) -> FirstStart:
    password = settings.admin_password.get_secret_value() if settings.admin_password else None
    one_time = accounts.ensure_admin(password)
    loaded: list[str] = []
    directory = examples_directory(settings)
    if settings.demo and settings.load_examples and directory is not None and is_empty(app):
        loaded = load_examples(app, directory)
    return FirstStart(one_time, loaded)


def is_empty(app: Application) -> bool:
    """No project and no device: nothing imported yet."""
    with app.reading() as repos:
        return not repos.projects.names() and not repos.devices.select()


def load_examples(app: Application, directory: Path) -> list[str]:
    """Every example project, the device tables, the status histories and the sample
    evidence (jixiao.sample_data)."""
    return sample_data.load_examples(app, directory, actor=SYSTEM)
