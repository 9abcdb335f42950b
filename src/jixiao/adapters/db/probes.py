"""The probe repository on SQLAlchemy Core: probe_config (per device or per group) and
probe_state (services.web_ports.ProbeRepo)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from jixiao.adapters.db import tables as t
from jixiao.services.web_ports import ProbeConfig, ProbeState

_FIELDS = ("method", "target", "interval_s", "timeout_s", "retries", "username", "secret")
_CHUNK = 500


def _config(row: Any) -> ProbeConfig:
    return ProbeConfig(
        row.method,
        row.target,
        row.interval_s,
        row.timeout_s,
        row.retries,
        row.username,
        row.secret,
        row.expect,
        row.source,
    )


def _values(config: ProbeConfig) -> dict[str, Any]:
    values: dict[str, Any] = {f: getattr(config, f) for f in _FIELDS}
    values["expect"] = config.expect
    values["source"] = config.source
    return values


def _state(row: Any) -> ProbeState:
    return ProbeState(
        row.device_pk,
        None if row.up is None else bool(row.up),
        row.failures,
        row.successes,
        row.at,
        bool(row.ok),
        row.cause,
        row.latency_ms,
    )


class SqlProbeRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def devices(self, keys: Sequence[int] | None = None) -> dict[int, ProbeConfig]:
        p = t.probe_config
        query = select(p).where(p.c.device_pk.is_not(None))
        if keys is None:
            return {r.device_pk: _config(r) for r in self._c.execute(query)}
        found: dict[int, ProbeConfig] = {}
        for i in range(0, len(keys), _CHUNK):
            rows = self._c.execute(query.where(p.c.device_pk.in_(keys[i : i + _CHUNK])))
            found.update({r.device_pk: _config(r) for r in rows})
        return found

    def groups(self) -> dict[str, ProbeConfig]:
        p = t.probe_config
        rows = self._c.execute(select(p).where(p.c.group_name.is_not(None)))
        return {r.group_name: _config(r) for r in rows}

    def set_device(self, key: int, config: ProbeConfig | None) -> None:
        p = t.probe_config
        self._c.execute(delete(p).where(p.c.device_pk == key))
        if config is not None:
            self._c.execute(insert(p).values(device_pk=key, **_values(config)))

    def set_group(self, group: str, config: ProbeConfig | None) -> None:
        p = t.probe_config
        self._c.execute(delete(p).where(p.c.group_name == group))
        if config is not None:
            self._c.execute(insert(p).values(group_name=group, **_values(config)))

    def states(self, keys: Sequence[int] | None = None) -> dict[int, ProbeState]:
        s = t.probe_state
        if keys is None:
            return {r.device_pk: _state(r) for r in self._c.execute(select(s))}
        found: dict[int, ProbeState] = {}
        for i in range(0, len(keys), _CHUNK):
            rows = self._c.execute(select(s).where(s.c.device_pk.in_(keys[i : i + _CHUNK])))
            found.update({r.device_pk: _state(r) for r in rows})
        return found

    def save_states(self, states: Sequence[ProbeState]) -> None:
        if not states:
            return
        s = t.probe_state
        keys = [x.key for x in states]
        for i in range(0, len(keys), _CHUNK):
            self._c.execute(delete(s).where(s.c.device_pk.in_(keys[i : i + _CHUNK])))
        self._c.execute(
            insert(s),
            [
                {
                    "device_pk": x.key,
                    "up": None if x.up is None else int(x.up),
                    "failures": x.failures,
                    "successes": x.successes,
                    "at": x.at,
                    "ok": int(x.ok),
                    "cause": x.cause[:100],
                    "latency_ms": x.latency_ms,
                }
                for x in states
            ],
        )
