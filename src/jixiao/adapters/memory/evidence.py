"""Devices, status changes and maintenance windows in memory, as adapters/db/repos.py keeps them.

The online-rate sums of a segment plan are domain.availability.reference_segment_sums over
the stored changes: the definition the SQL sums are checked against.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence

from jixiao.adapters.memory import rollup
from jixiao.adapters.memory.state import StoredChange, Transaction
from jixiao.domain.availability import Change, Plan, SegmentSums, Span, reference_segment_sums
from jixiao.domain.devices import Device
from jixiao.services.ports import (
    AppendResult,
    DeviceSelection,
    DeviceTally,
    KeyedChange,
    LastChange,
    StoredDevice,
    StoredWindow,
)


class MemoryDeviceRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def upsert(self, devices: Sequence[Device]) -> tuple[int, int]:
        t = self._tx.writing()
        known = self.keys(d.device_id.value for d in devices)
        in_step = rollup.devices_before(t, list(known.values()))
        stored: dict[int, Device] = {}
        added = updated = 0
        for device in devices:
            device_id = device.device_id.value
            if len(set(device.groups)) < len(device.groups):
                raise ValueError(f"device {device_id} names a group twice")  # a primary key
            key = known.get(device_id)
            if key is None:
                if device_id in t.device_keys:
                    raise ValueError(f"device {device_id} is twice in one upsert")  # unique
                key = t.device_keys[device_id] = t.new_key("device")
                added += 1
            else:
                updated += 1
            t.devices[key] = dataclasses.replace(device, groups=tuple(sorted(device.groups)))
            stored[key] = device
        if in_step:
            rollup.devices_stored(t, stored)
        return added, updated

    def enrol(self, devices: Sequence[Device]) -> dict[str, int]:
        t = self._tx.writing()
        fresh: dict[str, Device] = {}
        for device in devices:
            if device.device_id.value not in t.device_keys:  # deleted ones too: id taken
                fresh.setdefault(device.device_id.value, device)
        in_step = rollup.devices_before(t, [])
        stored: dict[int, Device] = {}
        for device_id, device in fresh.items():
            key = t.device_keys[device_id] = t.new_key("device")
            t.devices[key] = dataclasses.replace(device, groups=tuple(sorted(set(device.groups))))
            stored[key] = device
        if in_step and stored:
            rollup.devices_stored(t, stored)
        return {device_id: t.device_keys[device_id] for device_id in fresh}

    def keys(self, device_ids: Iterable[str]) -> dict[str, int]:
        t = self._tx.tables
        known = t.device_keys
        return {i: known[i] for i in sorted(set(device_ids)) if known.get(i) in t.devices}

    def deleted_keys(self, device_ids: Iterable[str]) -> dict[str, int]:
        t = self._tx.tables
        known = t.device_keys
        return {i: known[i] for i in sorted(set(device_ids)) if known.get(i) in t.deleted_devices}

    def set_deleted(self, key: int, at: int | None) -> None:
        """Move the device out of (or back into) `devices`; the caller rebuilds the rollup."""
        t = self._tx.writing()
        if at is not None and key in t.devices:
            t.deleted_devices[key] = t.devices.pop(key)
        elif at is None and key in t.deleted_devices:
            t.devices[key] = t.deleted_devices.pop(key)

    def select(self, *, group: str | None = None) -> list[StoredDevice]:
        t, out = self._tx.tables, []
        for _, key in sorted(t.device_keys.items()):
            device = t.devices.get(key)
            if device is not None and (group is None or group in device.groups):
                out.append(StoredDevice(key, device))
        return out

    def groups(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for device in self._tx.tables.devices.values():
            for name in device.groups:
                counts[name] = counts.get(name, 0) + 1
        return dict(sorted(counts.items()))

    def _selected(self, selection: DeviceSelection) -> list[tuple[StoredDevice, bool | None]]:
        """As adapters/db/device_queries.py: (device, online of its last change)."""
        t, out = self._tx.tables, []
        q = selection.q.strip().lower()
        for stored in self.select(group=selection.group):
            d = stored.device
            fields = (d.device_id.value, d.name, d.address, d.ip, d.vendor, d.model)
            timeline = t.timeline(stored.key)
            last = timeline[-1][1] if timeline else None
            if (
                (not q or any(q in f.lower() for f in fields))
                and (selection.area is None or d.area == selection.area)
                and (selection.kind is None or d.kind is selection.kind)
                and (
                    selection.lines is None
                    or (last, d.commissioned, d.decommissioned) in selection.lines
                )
            ):
                out.append((stored, last))
        return out

    def tally(self, selection: DeviceSelection) -> list[DeviceTally]:
        counts: dict[tuple[bool | None, dt.date | None, dt.date | None], int] = {}
        for stored, last in self._selected(selection):
            line = (last, stored.device.commissioned, stored.device.decommissioned)
            counts[line] = counts.get(line, 0) + 1
        return [DeviceTally(*line, n) for line, n in counts.items()]

    def count(self, selection: DeviceSelection) -> int:
        return len(self._selected(selection))

    def count_by_life(
        self, selection: DeviceSelection
    ) -> dict[tuple[dt.date | None, dt.date | None], int]:
        counts: dict[tuple[dt.date | None, dt.date | None], int] = {}
        for stored, _ in self._selected(selection):
            life = (stored.device.commissioned, stored.device.decommissioned)
            counts[life] = counts.get(life, 0) + 1
        return counts

    def page(self, selection: DeviceSelection, offset: int, limit: int) -> list[StoredDevice]:
        return [s for s, _ in self._selected(selection)[offset : offset + limit]]

    def areas(self) -> list[str]:
        return sorted({d.area for d in self._tx.tables.devices.values() if d.area})

    def by_keys(self, keys: Sequence[int]) -> list[StoredDevice]:
        wanted = set(keys)
        return [s for s in self.select() if s.key in wanted]

    def by_last_change(
        self, selection: DeviceSelection, offset: int, limit: int
    ) -> list[LastChange]:
        changes = self._tx.tables.changes
        found = []
        for stored, _ in self._selected(selection):
            timeline = changes.get(stored.key, {})
            at = max(timeline) if timeline else None
            last = None if at is None else timeline[at]
            found.append(
                LastChange(
                    stored,
                    at,
                    None if last is None else last.online,
                    "" if last is None else last.cause,
                )
            )
        found.sort(key=lambda f: (f.at is not None, f.at or 0, f.stored.device.device_id.value))
        return found[offset : offset + limit]

    def find(self, device_id: str) -> StoredDevice | None:
        key = self._tx.tables.device_keys.get(device_id)
        devices = self._tx.tables.devices  # a deleted device is set aside, not here
        return None if key is None or key not in devices else StoredDevice(key, devices[key])

    def area_counts(self, group: str | None, first: dt.date, last: dt.date) -> dict[str, int]:
        counts: dict[str, int] = {}
        for d in self._tx.tables.devices.values():
            if (
                (group is None or group in d.groups)
                and (d.commissioned is None or d.commissioned <= last)
                and (d.decommissioned is None or d.decommissioned > first)
            ):
                counts[d.area] = counts.get(d.area, 0) + 1
        return dict(sorted(counts.items()))

    def decommissioned(self) -> dict[int, tuple[dt.date | None, dt.date]]:
        devices = self._tx.tables.devices  # a deleted device is set aside, not here
        return {
            k: (d.commissioned, d.decommissioned)
            for k, d in sorted(devices.items())
            if d.decommissioned is not None
        }


class MemoryStatusRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def append(self, changes: Sequence[KeyedChange], *, source: str) -> AppendResult:
        """As the SQL one: a stored moment again is a duplicate (the same status) or a
        conflict (the other); moments repeated within `changes` are stored once, the last
        one given winning; with any conflict nothing is stored."""
        t = self._tx.writing()
        new: dict[tuple[int, int], KeyedChange] = {}
        duplicates, conflicts = 0, []
        for change in sorted(changes, key=lambda c: (c.key, c.at)):
            old = t.changes.get(change.key, {}).get(change.at)
            if old is None:
                new[(change.key, change.at)] = change
            elif old.online == change.online:
                duplicates += 1
            else:
                conflicts.append(change)
        if conflicts:
            return AppendResult(0, duplicates, tuple(conflicts))
        for (key, at), change in new.items():
            t.device(key)
            t.changes.setdefault(key, {})[at] = StoredChange(change.online, change.cause, source)
        rollup.statuses_appended(t, {key for key, _ in new})
        return AppendResult(len(new), duplicates)

    def segment_sums(self, plan: Plan) -> list[SegmentSums]:
        t = self._tx.tables
        return reference_segment_sums(plan, {k: t.timeline(k) for k in t.changes})

    def histories(self, keys: Sequence[int], window: Span) -> dict[int, tuple[bool, list[Change]]]:
        t, out = self._tx.tables, {}
        for key in sorted(set(keys)):
            if key not in t.devices:
                continue
            timeline = t.timeline(key)
            before = [online for at, online in timeline if at < window.start]
            within = [(at, on) for at, on in timeline if window.start <= at < window.end]
            out[key] = (before[-1] if before else False, within)
        return out

    def latest(self, keys: Sequence[int]) -> dict[int, Change]:
        t, out = self._tx.tables, {}
        for key in sorted(set(keys)):
            if key in t.devices and (timeline := t.timeline(key)):
                out[key] = timeline[-1]
        return out

    def remove(self, key: int, at: int) -> KeyedChange | None:
        t = self._tx.writing()
        stored = t.changes.get(key, {}).pop(at, None)
        return None if stored is None else KeyedChange(key, at, stored.online, stored.cause)


class MemoryMaintenanceRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, span: Span, reason: str, *, device_key: int | None, group: str | None) -> int:
        t = self._tx.writing()
        if (device_key is None) == (group is None):
            raise ValueError("a maintenance window is for one device or for one group")
        if span.length <= 0:
            raise ValueError("a maintenance window ends after it starts")
        if device_key is not None:
            t.device(device_key)
        rollup.window_adding(t, device_key, group)
        key = t.new_key("maintenance")
        t.windows[key] = StoredWindow(key, span, reason, device_key, group)
        return key

    def overlapping(self, window: Span) -> list[StoredWindow]:
        found = [
            w
            for w in self._tx.tables.windows.values()
            if w.span.start < window.end and w.span.end > window.start
        ]
        return sorted(found, key=lambda w: (w.span.start, w.id))

    def get(self, window_id: int, *, deleted: bool = False) -> StoredWindow | None:
        t = self._tx.tables
        return (t.deleted_windows if deleted else t.windows).get(window_id)

    def set_deleted(self, window_id: int, at: int | None) -> None:
        t = self._tx.writing()
        if at is not None and window_id in t.windows:
            t.deleted_windows[window_id] = t.windows.pop(window_id)
        elif at is None and window_id in t.deleted_windows:
            t.windows[window_id] = t.deleted_windows.pop(window_id)

    def replace(self, window_id: int, span: Span, reason: str) -> None:
        t = self._tx.writing()
        if span.length <= 0:
            raise ValueError("a maintenance window ends after it starts")
        old = t.windows[window_id]
        t.windows[window_id] = dataclasses.replace(old, span=span, reason=reason)
