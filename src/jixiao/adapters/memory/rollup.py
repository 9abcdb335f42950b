"""The daily rollup in memory: its cohorts and members kept as adapters/db/rollup.py keeps
them, its day rows computed when asked, from the stored changes (domain.rollup).

Only the bookkeeping a write must do is here: which cohort each device is in, and when the
rollup stops being usable (a write about a device it does not know), as in SQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from jixiao.adapters.memory.state import CohortKey, Tables, Transaction, cohort_key
from jixiao.domain.availability import Span, coverage, life_span
from jixiao.domain.devices import Device
from jixiao.domain.rollup import ALWAYS, DayMarks, Days, add_marks, marks
from jixiao.services.ports import Cohort, Life

Rows = dict[tuple[int, int], DayMarks]


# -- kept in step by the writes of the other repositories ------------------------------------


def _known(t: Tables, keys: Iterable[int]) -> bool:
    """Whether the rollup (when built) knows every device of `keys`; it is dropped if not."""
    if t.rollup_zone is not None and any(k not in t.members for k in keys):
        t.rollup_zone = None
    return t.rollup_zone is not None


def devices_before(t: Tables, keys: Sequence[int]) -> bool:
    """Before stored devices are replaced: True when the rollup is to be kept in step."""
    return _known(t, keys)


def devices_stored(t: Tables, stored: Mapping[int, Device]) -> None:
    cohorts = {k: cohort_key(d.area, d.groups) for k, d in stored.items()}
    ids = cohort_ids(t, cohorts.values())
    t.members.update({k: ids[c] for k, c in cohorts.items()})


def statuses_appended(t: Tables, keys: Iterable[int]) -> None:
    _known(t, keys)


def window_adding(t: Tables, device_key: int | None, group: str | None) -> None:
    if device_key is not None:
        _known(t, [device_key])
    else:
        _known(t, [k for k, d in t.devices.items() if group in d.groups])


def cohort_ids(t: Tables, keys: Iterable[CohortKey]) -> dict[CohortKey, int]:
    """Ids of cohorts, new ones numbered in the order of their keys."""
    for key in sorted(set(keys) - set(t.cohorts)):
        t.cohorts[key] = t.new_key("cohort")
    return t.cohorts


def day_rows(t: Tables, cohorts: Iterable[int] | None = None) -> Rows:
    """Every non-zero day row of `cohorts` (None: of all), from the devices' whole histories."""
    assert t.rollup_zone is not None
    zone = ZoneInfo(t.rollup_zone)
    days, wanted = Days(zone), None if cohorts is None else set(cohorts)
    by_device: dict[int, list[Span]] = {}
    by_group: dict[str, list[Span]] = {}
    for w in t.windows.values():
        if w.device_key is not None:
            by_device.setdefault(w.device_key, []).append(w.span)
        elif w.group is not None:
            by_group.setdefault(w.group, []).append(w.span)
    rows: Rows = {}
    for key, cohort in sorted(t.members.items()):
        if wanted is not None and cohort not in wanted:
            continue
        device = t.devices[key]
        life = life_span(device.commissioned, device.decommissioned, zone)
        cuts = by_device.get(key, []) + [s for g in device.groups for s in by_group.get(g, [])]
        counted = coverage(key, ALWAYS, life, cuts).counted
        add_marks(rows, cohort, marks(t.timeline(key), False, counted, life), days)
    return {k: row for k, row in rows.items() if row}


class MemoryRollupRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def zone(self) -> str | None:
        return self._tx.tables.rollup_zone

    def cohorts(self) -> list[Cohort]:
        t = self._tx.tables
        counts: dict[int, int] = {}
        for cohort in t.members.values():
            counts[cohort] = counts.get(cohort, 0) + 1
        return [
            Cohort(cid, area, tuple(_names(groups)), counts.get(cid, 0))
            for (area, groups), cid in sorted(t.cohorts.items(), key=lambda item: item[1])
        ]

    def sums(
        self, cohorts: Sequence[int], window: Span
    ) -> tuple[dict[int, DayMarks], dict[tuple[int, int], DayMarks]]:
        carried: dict[int, DayMarks] = {}
        within: dict[tuple[int, int], DayMarks] = {}
        for (cohort, day), row in day_rows(self._tx.tables, cohorts).items():
            if day < window.start:
                sums = carried.setdefault(cohort, DayMarks())
                sums.online += row.online
                sums.expected += row.expected
                sums.alive += row.alive
            elif day < window.end:
                within[(cohort, day)] = row
        return carried, within

    def day_sums(
        self, cohorts: Sequence[int], window: Span
    ) -> tuple[DayMarks, dict[int, DayMarks]]:
        carried, within = DayMarks(), dict[int, DayMarks]()
        by_cohort, rows = self.sums(cohorts, window)
        for sums in by_cohort.values():
            carried.add(sums)
        for (_, day), row in rows.items():
            within.setdefault(day, DayMarks()).add(row)
        return carried, within

    def lives(self, *, keys: Sequence[int] = (), cohorts: Sequence[int] = ()) -> list[Life]:
        t, by_key, by_cohort = self._tx.tables, set(keys), set(cohorts)
        out = []
        for key, cohort in sorted(t.members.items()):
            if key in by_key or cohort in by_cohort:
                d = t.devices[key]
                out.append(Life(key, cohort, d.commissioned, d.decommissioned))
        return out

    def rebuild(self, zone: ZoneInfo) -> tuple[int, int]:
        t = self._tx.writing()
        t.rollup_zone, t.cohorts, t.members = zone.key, {}, {}
        t.last_key["cohort"] = 0
        devices_stored(t, t.devices)
        return len(t.cohorts), len(day_rows(t))

    def differences(self, zone: ZoneInfo) -> list[str]:
        """As the SQL check words them; the day rows are computed when asked, so only the
        zone and the devices' cohorts can be wrong."""
        t = self._tx.tables
        if t.rollup_zone != zone.key:
            return [f"日汇总未按时区 {zone.key} 建立"]
        wrong = [
            k
            for k, d in t.devices.items()
            if t.cohorts.get(cohort_key(d.area, d.groups)) != t.members.get(k)
        ]
        if wrong or len(t.members) != len(t.devices):
            return [f"{len(wrong) + abs(len(t.members) - len(t.devices))}台设备的设备类不符"]
        return []


def _names(groups: str) -> list[str]:
    names: list[str] = json.loads(groups)
    return names
