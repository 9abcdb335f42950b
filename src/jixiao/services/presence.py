"""Use cases of GB/T 28181 access: record what the SIP platform learns, and take it back.

`record` stores one batch — new devices and channels (国标设备/国标通道), status changes with
their cause, last-seen times, registrations — in one transaction. Status evidence is kept to
the second and a device cannot change twice in one second, so a change that would land on or
before the device's last stored change is moved to the second after it; a repeated status is
no change. `restore` reads back what a restarted platform needs; `device_statuses` is what
`jixiao devices list` shows (each device's status from services.status_now).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from jixiao.domain.devices import Device, DeviceError, DeviceKind, GbId
from jixiao.domain.status import DeviceStatus
from jixiao.services.ports import DeviceFill, KeyedChange, Presence, Repos, Store, StoredDevice
from jixiao.services.status_now import statuses_now

SOURCE = "gb28181"
DEVICE_GROUP = "国标设备"
CHANNEL_GROUP = "国标通道"


@dataclass(frozen=True, slots=True)
class Transition:
    device_id: str
    at: int
    online: bool
    cause: str


@dataclass(frozen=True, slots=True)
class Learned:
    """A device (it registered) or a channel (a catalog listed it) and what it said of itself."""

    device_id: str
    name: str = ""
    registering: bool = False
    parent_id: str = ""
    civil_code: str = ""
    point_type: int | None = None
    vendor: str = ""
    model: str = ""
    address: str = ""
    ip: str = ""
    port: int | None = None


@dataclass(frozen=True, slots=True)
class Registration:
    device_id: str
    transport: str
    host: str
    port: int | None
    call_id: str
    registered_until: int


@dataclass(slots=True)
class PresenceBatch:
    learned: list[Learned] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)
    registrations: dict[str, Registration] = field(default_factory=dict)
    keepalive: dict[str, tuple[int, int]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(
            self.learned or self.transitions or self.seen or self.registrations or self.keepalive
        )


@dataclass(frozen=True, slots=True)
class Recorded:
    enrolled: int
    changes: int
    moved: int
    unknown: int


def kind_of(gb: GbId) -> DeviceKind:
    """The inventory kind of a device known only by its id (type code)."""
    if gb.default_kind is not None:
        return gb.default_kind
    if 200 <= gb.type_code < 300:
        return DeviceKind.PLATFORM
    return DeviceKind.NVR if gb.type_code < 131 else DeviceKind.CAMERA


def _new_device(item: Learned) -> Device | None:
    try:
        gb = GbId.parse(item.device_id)
    except DeviceError:
        return None
    return Device(
        gb,
        kind_of(gb),
        (item.name or item.device_id)[:200],
        (DEVICE_GROUP if item.registering else CHANNEL_GROUP,),
        address=item.address[:300],
        ip=item.ip[:64],
        port=item.port,
        vendor=item.vendor[:100],
        model=item.model[:100],
    )


def record(store: Store, batch: PresenceBatch, keys: dict[str, int] | None = None) -> Recorded:
    """Store a batch in one transaction; `keys` caches device ids -> store keys across calls."""
    cache = {} if keys is None else keys
    with store.write() as repos:
        enrolled = _enrol(repos, batch.learned, cache)
        ids = {t.device_id for t in batch.transitions} | set(batch.seen)
        ids |= set(batch.registrations) | set(batch.keepalive)
        _lookup(repos, ids, cache)
        changes, moved, unknown = _changes(repos, batch.transitions, cache)
        if changes:
            result = repos.statuses.append(changes, source=SOURCE)
            if result.conflicts:  # another writer got there first: keep the rest
                bad = set(result.conflicts)
                repos.statuses.append([c for c in changes if c not in bad], source=SOURCE)
        repos.presence.seen({cache[i]: at for i, at in batch.seen.items() if i in cache})
        repos.presence.registrations(
            [
                Presence(
                    cache[r.device_id],
                    transport=r.transport,
                    host=r.host,
                    port=r.port,
                    call_id=r.call_id,
                    registered_until=r.registered_until,
                )
                for r in batch.registrations.values()
                if r.device_id in cache
            ]
        )
        repos.presence.keepalive(
            {cache[i]: (n, c) for i, (n, c) in batch.keepalive.items() if i in cache}
        )
    return Recorded(enrolled, len(changes), moved, unknown)


def _lookup(repos: Repos, ids: set[str], cache: dict[str, int]) -> None:
    missing = [i for i in ids if i not in cache]
    if missing:
        cache.update(repos.devices.keys(missing))


def _enrol(repos: Repos, learned: Sequence[Learned], cache: dict[str, int]) -> int:
    if not learned:
        return 0
    last: dict[str, Learned] = {}
    for item in learned:
        before = last.get(item.device_id)
        last[item.device_id] = item if before is None else _merge(before, item)
    _lookup(repos, set(last), cache)
    new = [d for i, item in last.items() if i not in cache and (d := _new_device(item))]
    added: dict[str, int] = {}
    if new:  # in bulk, through the device repository, which keeps the daily rollup in step
        added = repos.devices.enrol(new)
        cache.update(added)
    fills = [  # a device just added already holds what it said of itself
        DeviceFill(cache[i], x.name, x.vendor, x.model, x.address, x.ip, x.port)
        for i, x in last.items()
        if i in cache and i not in added
    ]
    repos.presence.fill_blanks(fills)
    repos.presence.catalog(
        [
            (cache[i], x.parent_id, x.civil_code, x.point_type)
            for i, x in last.items()
            if i in cache and not x.registering
        ]
    )
    repos.presence.ensure(cache[i] for i in last if i in cache)
    return len(added)


def _merge(old: Learned, new: Learned) -> Learned:
    """What two reports of one device say together: the newer non-blank value wins."""
    return Learned(
        new.device_id,
        new.name or old.name,
        old.registering or new.registering,
        new.parent_id or old.parent_id,
        new.civil_code or old.civil_code,
        new.point_type if new.point_type is not None else old.point_type,
        new.vendor or old.vendor,
        new.model or old.model,
        new.address or old.address,
        new.ip or old.ip,
        new.port if new.port is not None else old.port,
    )


def _changes(
    repos: Repos, transitions: Sequence[Transition], cache: dict[str, int]
) -> tuple[list[KeyedChange], int, int]:
    """Whole-second changes after each device's last stored one; repeats dropped."""
    by_key: dict[int, list[Transition]] = defaultdict(list)
    unknown = 0
    for t in transitions:
        if t.device_id in cache:
            by_key[cache[t.device_id]].append(t)
        else:
            unknown += 1
    stored = repos.presence.latest(list(by_key)) if by_key else {}
    out, moved = [], 0
    for key, items in by_key.items():
        last_at, status = stored.get(key, (None, None))
        for t in items:
            if t.online is status:
                continue
            at = t.at
            if last_at is not None and at <= last_at:
                at, moved = last_at + 1, moved + 1
            out.append(KeyedChange(key, at, t.online, t.cause))
            last_at, status = at, t.online
    return out, moved, unknown


@dataclass(frozen=True, slots=True)
class Restored:
    """A device the platform knew before it stopped."""

    device_id: str
    online: bool | None
    presence: Presence


@dataclass(frozen=True, slots=True)
class Snapshot:
    known: set[str]
    devices: list[Restored]
    passwords: dict[str, str]
    keys: dict[str, int] = field(default_factory=dict)  # store key of every inventory id


def restore(store: Store) -> Snapshot:
    """Every inventory id (who may register), and the platform's state of each SIP device."""
    with store.read() as repos:
        ids = repos.presence.device_ids()
        presence = repos.presence.select()
        latest = repos.presence.latest()
    devices = [
        Restored(ids[k], latest[k][1] if k in latest else None, p)
        for k, p in presence.items()
        if k in ids
    ]
    passwords = {ids[k]: p.password for k, p in presence.items() if k in ids and p.password}
    return Snapshot(set(ids.values()), devices, passwords, {i: k for k, i in ids.items()})


def known_ids(store: Store) -> set[str]:
    """The ids of every inventory device (who may register when auto-enrolment is off)."""
    with store.read() as repos:
        return set(repos.presence.device_ids().values())


@dataclass(frozen=True, slots=True)
class ListedDevice:
    """A device as `jixiao devices list` shows it."""

    stored: StoredDevice
    status: DeviceStatus
    since: int | None  # its last stored status change
    last_seen: int | None


def device_statuses(
    store: Store, now: dt.datetime, zone: dt.tzinfo, group: str | None = None
) -> list[ListedDevice]:
    """Each device's status at `now` (services.status_now) and last-seen time."""
    with store.read() as repos:
        stored = repos.devices.select(group=group)
        found = statuses_now(repos, stored, now, zone, whole_inventory=group is None)
        presence = repos.presence.select([s.key for s in stored] if group is not None else None)
    return [
        ListedDevice(
            f.stored,
            f.status,
            f.since,
            presence[f.stored.key].last_seen if f.stored.key in presence else None,
        )
        for f in found
    ]


def set_password(store: Store, device_id: str, password: str | None) -> bool:
    """A device's own registration password (None: use the global one); False if unknown."""
    with store.write() as repos:
        key = repos.devices.keys([device_id]).get(device_id)
        if key is None:
            return False
        repos.presence.set_password(key, password)
    return True


@dataclass(frozen=True, slots=True)
class CascadeItem:
    """A device or channel as jixiao reports it to a superior platform (级联)."""

    device_id: str
    name: str
    parent_id: str
    civil_code: str
    online: bool
    vendor: str
    model: str


def cascade_catalog(store: Store, now: dt.datetime, zone: dt.tzinfo) -> list[CascadeItem]:
    """Every device in service with its status now (the status every view shows), for the
    catalog a superior asks for: devices out of service are left out, never-reported count
    as offline."""
    with store.read() as repos:
        stored = repos.devices.select()
        found = statuses_now(repos, stored, now, zone, whole_inventory=True)
        presence = repos.presence.select(None)
    items: list[CascadeItem] = []
    for f in found:
        if f.status is DeviceStatus.OUT_OF_SERVICE:
            continue
        device, p = f.stored.device, presence.get(f.stored.key)
        items.append(
            CascadeItem(
                device.device_id.value,
                device.name,
                p.parent_id if p is not None else "",
                p.civil_code if p is not None else "",
                f.status is DeviceStatus.ONLINE,
                device.vendor,
                device.model,
            )
        )
    return items


def generate_passwords(
    store: Store, new_password: Callable[[], str], *, replace: bool = False
) -> list[tuple[str, str]]:
    """Give every device that registers itself (not a channel listed under a parent) its own
    random registration password, so one leaked password opens one device, not the county.
    Devices that already have one keep it unless `replace`. Returns (device id, password) of
    those changed, for the installers; the passwords are not shown again."""
    changed: list[tuple[str, str]] = []
    with store.write() as repos:
        ids = repos.presence.device_ids()
        presence = repos.presence.select(None)
        for key, device_id in sorted(ids.items(), key=lambda item: item[1]):
            p = presence.get(key)
            if p is not None and p.parent_id:
                continue  # a channel: its NVR or lower platform registers, not it
            if p is not None and p.password and not replace:
                continue
            secret = new_password()
            repos.presence.set_password(key, secret)
            changed.append((device_id, secret))
    return changed
