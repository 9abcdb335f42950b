"""The probe repository in memory (services.web_ports.ProbeRepo)."""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.adapters.memory.state import Transaction
from jixiao.services.web_ports import ProbeConfig, ProbeState


class MemoryProbeRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def devices(self, keys: Sequence[int] | None = None) -> dict[int, ProbeConfig]:
        found = self._tx.tables.probe_devices
        if keys is None:
            return dict(found)
        return {k: found[k] for k in keys if k in found}

    def groups(self) -> dict[str, ProbeConfig]:
        return dict(self._tx.tables.probe_groups)

    def set_device(self, key: int, config: ProbeConfig | None) -> None:
        t = self._tx.writing()
        t.device(key)  # a foreign key
        if config is None:
            t.probe_devices.pop(key, None)
        else:
            t.probe_devices[key] = config

    def set_group(self, group: str, config: ProbeConfig | None) -> None:
        t = self._tx.writing()
        if config is None:
            t.probe_groups.pop(group, None)
        else:
            t.probe_groups[group] = config

    def states(self, keys: Sequence[int] | None = None) -> dict[int, ProbeState]:
        found = self._tx.tables.probe_states
        if keys is None:
            return dict(found)
        return {k: found[k] for k in keys if k in found}

    def save_states(self, states: Sequence[ProbeState]) -> None:
        t = self._tx.writing()
        for state in states:
            t.device(state.key)
            t.probe_states[state.key] = state
