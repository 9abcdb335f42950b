"""The seams between use cases and storage: typing.Protocol repositories and the store.

A device is known to the store by an integer key (its row); ids (国标编码) are for people.
Times are epoch seconds, as in domain.availability.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from jixiao.domain.availability import Change, Plan, SegmentSums, Span
from jixiao.domain.devices import Device
from jixiao.domain.evaluation import Project


@dataclass(frozen=True, slots=True)
class StoredDevice:
    key: int
    device: Device


@dataclass(frozen=True, slots=True)
class KeyedChange:
    """A status change of a stored device: at (epoch s), online, cause."""

    key: int
    at: int
    online: bool
    cause: str = ""


@dataclass(frozen=True, slots=True)
class StoredWindow:
    """A maintenance window (approved downtime) for one device or for every device of a group."""

    id: int
    span: Span
    reason: str
    device_key: int | None = None
    group: str | None = None


@dataclass(frozen=True, slots=True)
class AppendResult:
    added: int
    duplicates: int
    conflicts: tuple[KeyedChange, ...] = ()


class DeviceRepo(Protocol):
    def upsert(self, devices: Sequence[Device]) -> tuple[int, int]:
        """Insert new devices and replace stored ones with the same id; (added, updated)."""
        ...

    def keys(self, device_ids: Iterable[str]) -> dict[str, int]:
        """Keys of the given ids that are stored (unknown ids are left out)."""
        ...

    def select(self, *, group: str | None = None) -> list[StoredDevice]:
        """Every device, or the members of `group`, ordered by id."""
        ...

    def groups(self) -> dict[str, int]:
        """Each group name and how many devices it has."""
        ...


class StatusRepo(Protocol):
    def append(self, changes: Sequence[KeyedChange], *, source: str) -> AppendResult:
        """Store new changes; a change already stored is a duplicate (skipped), one at the
        same moment with the other status is a conflict (nothing stored when there is one)."""
        ...

    def segment_sums(self, plan: Plan) -> list[SegmentSums]:
        """The sums of domain.availability.SegmentSums for every segment of `plan`."""
        ...

    def histories(self, keys: Sequence[int], window: Span) -> dict[int, tuple[bool, list[Change]]]:
        """Per device: online just before the window, and its changes within it (sorted)."""
        ...

    def latest(self, keys: Sequence[int]) -> dict[int, Change]:
        """Each device's last change; devices with none are left out."""
        ...


class MaintenanceRepo(Protocol):
    def add(self, span: Span, reason: str, *, device_key: int | None, group: str | None) -> int: ...

    def overlapping(self, window: Span) -> list[StoredWindow]: ...


class ProjectRepo(Protocol):
    def save(self, project: Project) -> bool:
        """Store a project-year, replacing the stored one of the same name and year (True)."""
        ...

    def get(self, name: str, year: int | None = None) -> list[Project]:
        """Projects called `name` (of `year` when given), newest year first."""
        ...

    def names(self) -> list[tuple[str, int]]: ...


class Repos(Protocol):
    @property
    def devices(self) -> DeviceRepo: ...

    @property
    def statuses(self) -> StatusRepo: ...

    @property
    def maintenance(self) -> MaintenanceRepo: ...

    @property
    def projects(self) -> ProjectRepo: ...


class Store(Protocol):
    def write(self) -> AbstractContextManager[Repos]:
        """One all-or-nothing transaction: committed when the block ends, rolled back on error."""
        ...

    def read(self) -> AbstractContextManager[Repos]: ...

    def describe(self) -> str:
        """Where the evidence lives, for citations (no password)."""
        ...
