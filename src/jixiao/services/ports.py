"""The seams between use cases and storage: typing.Protocol repositories and the store.

A device is known to the store by an integer key (its row); ids (国标编码) are for people.
Times are epoch seconds, as in domain.availability.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from jixiao.domain.availability import Change, Plan, SegmentSums, Span
from jixiao.domain.devices import Device, DeviceKind
from jixiao.domain.evaluation import Project
from jixiao.domain.rollup import DayMarks


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


@dataclass(frozen=True, slots=True)
class DeviceTally:
    """`count` devices whose last status change says `online` (None: they never reported)
    and whose service life is `commissioned` to `decommissioned`."""

    online: bool | None
    commissioned: dt.date | None
    decommissioned: dt.date | None
    count: int


@dataclass(frozen=True, slots=True)
class LastChange:
    """A device with its latest status change: when (None: it never reported) and its cause."""

    stored: StoredDevice
    at: int | None
    online: bool | None = None
    cause: str = ""


@dataclass(frozen=True, slots=True)
class DeviceSelection:
    """Which devices the device list shows: `q` a case-insensitive part of the id, name,
    address, IP, vendor or model; `lines` (when given) only devices of those tally lines
    (online, commissioned, decommissioned)."""

    q: str = ""
    group: str | None = None
    area: str | None = None
    kind: DeviceKind | None = None
    lines: frozenset[tuple[bool | None, dt.date | None, dt.date | None]] | None = None


class DeviceRepo(Protocol):
    def upsert(self, devices: Sequence[Device]) -> tuple[int, int]:
        """Insert new devices and replace stored ones with the same id; (added, updated)."""
        ...

    def keys(self, device_ids: Iterable[str]) -> dict[str, int]:
        """Keys of the given ids that are stored (unknown ids are left out)."""
        ...

    def enrol(self, devices: Sequence[Device]) -> dict[str, int]:
        """Add devices first heard of, all in one go (a registration burst enrols thousands
        at once), and return their keys. An id already stored, deleted or not, is left as it
        is and out of the answer; of an id given twice the first is kept."""
        ...

    def select(self, *, group: str | None = None) -> list[StoredDevice]:
        """Every device, or the members of `group`, ordered by id."""
        ...

    def groups(self) -> dict[str, int]:
        """Each group name and how many devices it has."""
        ...

    # Corrections: a deleted device is left out of every query above (and of the rollup,
    # presence and the rates); its rows stay, so that an administrator can restore it.
    def set_deleted(self, key: int, at: int | None) -> None:
        """Mark a stored device deleted at `at` (None: restore it)."""
        ...

    def deleted_keys(self, device_ids: Iterable[str]) -> dict[str, int]:
        """Keys of the given ids that are stored but deleted."""
        ...

    # The device list at scale: counted and paged in the store, never read whole.

    def tally(self, selection: DeviceSelection) -> list[DeviceTally]:
        """How many selected devices share each (last status, service life): what their
        status now depends on (domain.status.current_status decides it per line)."""
        ...

    def count(self, selection: DeviceSelection) -> int:
        """How many devices are selected."""
        ...

    def count_by_life(
        self, selection: DeviceSelection
    ) -> dict[tuple[dt.date | None, dt.date | None], int]:
        """How many selected devices share each service life (commissioned, decommissioned):
        `tally` without the last status, so no status is read."""
        ...

    def page(self, selection: DeviceSelection, offset: int, limit: int) -> list[StoredDevice]:
        """The selected devices ordered by id, `limit` of them from `offset`."""
        ...

    def areas(self) -> list[str]:
        """Every area a device is in, sorted (no blank)."""
        ...

    def find(self, device_id: str) -> StoredDevice | None:
        """The device with this id, read alone."""
        ...

    def by_keys(self, keys: Sequence[int]) -> list[StoredDevice]:
        """The stored devices of `keys` (unknown keys left out), ordered by id."""
        ...

    # The offline list (离线清单) at scale: one page, ordered in the store.

    def by_last_change(
        self, selection: DeviceSelection, offset: int, limit: int
    ) -> list[LastChange]:
        """The selected devices with their latest status change, `limit` of them from
        `offset`: the never reported first, then the oldest last change first (ties by id)."""

    # The 设备数量 measure's areas, counted in the store.

    def area_counts(self, group: str | None, first: dt.date, last: dt.date) -> dict[str, int]:
        """How many of the devices (of `group`, or every one) in service at any day from
        `first` to `last` are in each area, sorted by area ("" for those without one)."""
        ...

    # Ticket sync: the few devices with an end of service, without reading the rest.

    def decommissioned(self) -> dict[int, tuple[dt.date | None, dt.date]]:
        """Key -> (commissioned, decommissioned) of every device with a decommissioning day."""
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

    def remove(self, key: int, at: int) -> KeyedChange | None:
        """Take a change entered by mistake out of the history (the correction keeps a copy
        to restore it with `append`); None when there is none at that moment."""
        ...


class MaintenanceRepo(Protocol):
    def add(self, span: Span, reason: str, *, device_key: int | None, group: str | None) -> int: ...

    def overlapping(self, window: Span) -> list[StoredWindow]:
        """Windows (not deleted) that overlap `window`."""
        ...

    def get(self, window_id: int, *, deleted: bool = False) -> StoredWindow | None:
        """A window by id: a live one, or (deleted=True) a deleted one."""
        ...

    def set_deleted(self, window_id: int, at: int | None) -> None:
        """Mark a window deleted at `at` (None: restore it)."""
        ...

    def replace(self, window_id: int, span: Span, reason: str) -> None:
        """Correct a live window's times and reason (its device or group stays)."""
        ...


@dataclass(frozen=True, slots=True)
class Cohort:
    """Devices of the same area and groups, summed together in the daily rollup."""

    id: int
    area: str
    groups: tuple[str, ...]
    devices: int


@dataclass(frozen=True, slots=True)
class Life:
    """A device's cohort and service dates, for the rollup's few per-device questions."""

    key: int
    cohort: int
    commissioned: dt.date | None
    decommissioned: dt.date | None


class RollupRepo(Protocol):
    """The daily rollup (domain.rollup), kept in step by every write of the other repos."""

    def zone(self) -> str | None:
        """The zone whose days it is kept in; None when it is not built."""
        ...

    def cohorts(self) -> list[Cohort]: ...

    def sums(
        self, cohorts: Sequence[int], window: Span
    ) -> tuple[dict[int, DayMarks], dict[tuple[int, int], DayMarks]]:
        """Per cohort, the sums of every day before `window`; per (cohort, day start), the
        rows within it."""
        ...

    def day_sums(
        self, cohorts: Sequence[int], window: Span
    ) -> tuple[DayMarks, dict[int, DayMarks]]:
        """`sums` added up over `cohorts`: the sums of every day before `window`, and per day
        start within it (days without a row left out)."""
        ...

    def lives(self, *, keys: Sequence[int] = (), cohorts: Sequence[int] = ()) -> list[Life]:
        """The devices among `keys` and the members of `cohorts`."""
        ...

    def rebuild(self, zone: ZoneInfo) -> tuple[int, int]:
        """Build it from scratch in `zone`'s days; (cohorts, day rows)."""
        ...

    def differences(self, zone: ZoneInfo) -> list[str]:
        """Where it differs from one built now, in words (empty: it is right)."""
        ...


class ProjectRepo(Protocol):
    def save(self, project: Project) -> bool:
        """Store a project-year, replacing the stored one of the same name and year (True)."""
        ...

    def get(self, name: str, year: int | None = None) -> list[Project]:
        """Projects called `name` (of `year` when given), newest year first."""
        ...

    def names(self) -> list[tuple[str, int]]: ...


@dataclass(frozen=True, slots=True)
class Presence:
    """What the GB/T 28181 platform knows of a stored device beyond the inventory.

    Times are epoch seconds; `registered_until` 0 or None means not registered.
    """

    key: int
    parent_id: str = ""
    civil_code: str = ""
    point_type: int | None = None
    transport: str = ""
    host: str = ""
    port: int | None = None
    call_id: str = ""
    registered_until: int | None = None
    last_seen: int | None = None
    keepalive_interval: int | None = None
    keepalive_count: int | None = None
    password: str | None = None


@dataclass(frozen=True, slots=True)
class DeviceFill:
    """Inventory fields learned from a device (DeviceInfo, Catalog); they fill only blanks."""

    key: int
    name: str = ""
    vendor: str = ""
    model: str = ""
    address: str = ""
    ip: str = ""
    port: int | None = None


class PresenceRepo(Protocol):
    def ensure(self, keys: Iterable[int]) -> None:
        """A presence row for each device that has none."""
        ...

    def catalog(self, rows: Sequence[tuple[int, str, str, int | None]]) -> None:
        """(key, parent_id, civil_code, point_type) as a catalog reported them."""
        ...

    def registrations(self, rows: Sequence[Presence]) -> None:
        """Transport, address, Call-ID and registered_until of each row's device."""
        ...

    def seen(self, last_seen: Mapping[int, int]) -> None:
        """Each device's last-seen time (keepalive or any accepted message)."""
        ...

    def keepalive(self, settings: Mapping[int, tuple[int | None, int | None]]) -> None:
        """Each device's own keepalive interval and count (None: the default)."""
        ...

    def set_password(self, key: int, password: str | None) -> None: ...

    def select(self, keys: Sequence[int] | None = None) -> dict[int, Presence]:
        """Presence rows of `keys`, or every row."""
        ...

    def device_ids(self) -> dict[int, str]:
        """Key -> id of every inventory device (a cheap scan, no groups)."""
        ...

    def latest(self, keys: Sequence[int] | None = None) -> dict[int, tuple[int, bool]]:
        """Each device's last status change (at, online); devices with none are left out."""
        ...

    def fill_blanks(self, fills: Sequence[DeviceFill]) -> None:
        """Fill empty inventory fields (and a name that is only the id) from the device."""
        ...


class Repos(Protocol):
    @property
    def devices(self) -> DeviceRepo: ...

    @property
    def statuses(self) -> StatusRepo: ...

    @property
    def maintenance(self) -> MaintenanceRepo: ...

    @property
    def projects(self) -> ProjectRepo: ...

    @property
    def rollup(self) -> RollupRepo: ...

    @property
    def presence(self) -> PresenceRepo: ...


class Store(Protocol):
    def write(self) -> AbstractContextManager[Repos]:
        """One all-or-nothing transaction: committed when the block ends, rolled back on error."""
        ...

    def read(self) -> AbstractContextManager[Repos]: ...

    def describe(self) -> str:
        """Where the evidence lives, for citations (no password)."""
        ...
