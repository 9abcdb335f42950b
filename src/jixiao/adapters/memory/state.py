"""The in-memory store's tables, and the transaction every repository of a block shares.

A write works on a copy of the committed tables and publishes it when the block ends
without an exception; a read sees the tables last published. Keys are counters kept in the
tables, so a rolled-back block hands out its keys again (as SQLite does).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from jixiao.domain.devices import Device
from jixiao.domain.documents import Document
from jixiao.domain.evaluation import Project
from jixiao.domain.surveys import Response, Survey
from jixiao.domain.tickets import Ticket
from jixiao.services.ports import Presence, StoredWindow
from jixiao.services.web_ports import (
    Archived,
    AuditEntry,
    Deletion,
    ProbeConfig,
    ProbeState,
    RecordingDay,
    StoredSession,
    SurveyToken,
    User,
)

CohortKey = tuple[str, str]


def cohort_key(area: str, groups: tuple[str, ...]) -> CohortKey:
    """Devices of the same area and groups share a cohort (as adapters/db/rollup.py keys it)."""
    return area, json.dumps(sorted(set(groups)), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class StoredChange:
    online: bool
    cause: str
    source: str


@dataclass(slots=True)
class Tables:
    devices: dict[int, Device] = field(default_factory=dict)
    device_keys: dict[str, int] = field(default_factory=dict)
    changes: dict[int, dict[int, StoredChange]] = field(default_factory=dict)
    windows: dict[int, StoredWindow] = field(default_factory=dict)
    projects: dict[int, Project] = field(default_factory=dict)
    presence: dict[int, Presence] = field(default_factory=dict)
    rollup_zone: str | None = None
    cohorts: dict[CohortKey, int] = field(default_factory=dict)
    members: dict[int, int] = field(default_factory=dict)
    users: dict[int, tuple[User, str]] = field(default_factory=dict)
    sessions: dict[str, StoredSession] = field(default_factory=dict)
    audit: dict[int, AuditEntry] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    last_key: dict[str, int] = field(default_factory=dict)
    tickets: dict[int, tuple[int, Ticket]] = field(default_factory=dict)
    documents: dict[tuple[str, str], Document] = field(default_factory=dict)
    surveys: dict[int, Survey] = field(default_factory=dict)
    responses: dict[int, tuple[Response, ...]] = field(default_factory=dict)
    survey_tokens: dict[str, SurveyToken] = field(default_factory=dict)
    probe_devices: dict[int, ProbeConfig] = field(default_factory=dict)
    probe_groups: dict[str, ProbeConfig] = field(default_factory=dict)
    probe_states: dict[int, ProbeState] = field(default_factory=dict)
    recordings: dict[tuple[int, dt.date], RecordingDay] = field(default_factory=dict)
    # Corrections: deleted devices and windows leave `devices` and `windows` (so no query
    # sees them) and wait here to be restored; `device_keys` keeps their ids, as SQL does.
    deleted_devices: dict[int, Device] = field(default_factory=dict)
    deleted_windows: dict[int, StoredWindow] = field(default_factory=dict)
    corrections: dict[int, Deletion] = field(default_factory=dict)
    archived: dict[int, Archived] = field(default_factory=dict)  # 归档 marks, by project key

    def copy(self) -> Tables:
        """Tables a write may change without touching these (the values are immutable)."""
        return Tables(
            dict(self.devices),
            dict(self.device_keys),
            {key: dict(timeline) for key, timeline in self.changes.items()},
            dict(self.windows),
            dict(self.projects),
            dict(self.presence),
            self.rollup_zone,
            dict(self.cohorts),
            dict(self.members),
            dict(self.users),
            dict(self.sessions),
            dict(self.audit),
            dict(self.settings),
            dict(self.last_key),
            dict(self.tickets),
            dict(self.documents),
            dict(self.surveys),
            dict(self.responses),
            dict(self.survey_tokens),
            dict(self.probe_devices),
            dict(self.probe_groups),
            dict(self.probe_states),
            dict(self.recordings),
            dict(self.deleted_devices),
            dict(self.deleted_windows),
            dict(self.corrections),
            dict(self.archived),
        )

    def new_key(self, table: str) -> int:
        key = self.last_key.get(table, 0) + 1
        self.last_key[table] = key
        return key

    def device(self, key: int) -> Device:
        """The stored device `key`; a missing one is what a foreign key would refuse."""
        found = self.devices.get(key) or self.deleted_devices.get(key)
        if found is None:
            raise LookupError(f"no stored device has key {key}")
        return found

    def timeline(self, key: int) -> list[tuple[int, bool]]:
        """A device's changes (at, online), in time order."""
        return [(at, c.online) for at, c in sorted(self.changes.get(key, {}).items())]


class ReadOnly(RuntimeError):
    """A repository of a read() block was asked to write."""


class Transaction:
    """The tables one block works on, and whether it may change them."""

    def __init__(self, tables: Tables, *, writable: bool) -> None:
        self.tables = tables
        self.writable = writable

    def writing(self) -> Tables:
        if not self.writable:
            raise ReadOnly("the in-memory store is written only in a write() block")
        return self.tables
