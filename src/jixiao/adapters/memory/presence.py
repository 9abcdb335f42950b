"""GB/T 28181 presence rows in memory, as adapters/db/presence.py writes them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from jixiao.adapters.memory.state import Tables, Transaction
from jixiao.services.ports import DeviceFill, Presence


class MemoryPresenceRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def ensure(self, keys: Iterable[int]) -> None:
        t = self._tx.writing()
        for key in sorted(set(keys)):
            t.device(key)
            t.presence.setdefault(key, Presence(key))

    def _set(self, rows: Mapping[int, dict[str, Any]]) -> Tables:
        self.ensure(rows)
        t = self._tx.writing()
        for key, values in rows.items():
            t.presence[key] = dataclasses.replace(t.presence[key], **values)
        return t

    def catalog(self, rows: Sequence[tuple[int, str, str, int | None]]) -> None:
        """The parent is always taken; a blank civil code or point type keeps the stored one."""
        self.ensure(r[0] for r in rows)
        t = self._tx.writing()
        for key, parent, civil, point in rows:
            old = t.presence[key]
            t.presence[key] = dataclasses.replace(
                old,
                parent_id=parent,
                civil_code=civil or old.civil_code,
                point_type=old.point_type if point is None else point,
            )

    def registrations(self, rows: Sequence[Presence]) -> None:
        self._set(
            {
                r.key: {
                    "transport": r.transport,
                    "host": r.host,
                    "port": r.port,
                    "call_id": r.call_id[:200],
                    "registered_until": r.registered_until,
                }
                for r in rows
            }
        )

    def seen(self, last_seen: Mapping[int, int]) -> None:
        self._set({k: {"last_seen": at} for k, at in last_seen.items()})

    def keepalive(self, settings: Mapping[int, tuple[int | None, int | None]]) -> None:
        self._set(
            {k: {"keepalive_interval": i, "keepalive_count": n} for k, (i, n) in settings.items()}
        )

    def set_password(self, key: int, password: str | None) -> None:
        self._set({key: {"password": password}})

    def select(self, keys: Sequence[int] | None = None) -> dict[int, Presence]:
        rows = self._tx.tables.presence
        wanted = sorted(rows) if keys is None else sorted(set(keys))
        return {k: rows[k] for k in wanted if k in rows}

    def device_ids(self) -> dict[int, str]:
        return {k: d.device_id.value for k, d in sorted(self._tx.tables.devices.items())}

    def latest(self, keys: Sequence[int] | None = None) -> dict[int, tuple[int, bool]]:
        t = self._tx.tables
        wanted = sorted(t.changes) if keys is None else sorted(set(keys))
        return {k: timeline[-1] for k in wanted if (timeline := t.timeline(k))}

    def fill_blanks(self, fills: Sequence[DeviceFill]) -> None:
        """Empty fields take the device's word; a name only when it is the id itself."""
        t = self._tx.writing()
        for f in fills:
            d = t.devices.get(f.key)
            if d is None or not (f.name or f.vendor or f.model or f.address or f.ip or f.port):
                continue
            t.devices[f.key] = dataclasses.replace(
                d,
                name=f.name if d.name == d.device_id.value and f.name else d.name,
                vendor=d.vendor or f.vendor,
                model=d.model or f.model,
                address=d.address or f.address,
                ip=d.ip or f.ip,
                port=f.port if d.port is None else d.port,
            )
