"""The daily rollup's storage (domain.rollup): kept in step with every write, rebuilt on demand.

Every write that can change a device's jumps calls the keeper in the same transaction: the
device's jumps over the moments the write can affect are computed before and after it, and
the difference is added to its cohort's day rows. Writers serialize on the state row (as all
SQLite writers already do), so a difference is never computed from another writer's half.

The full build, the check and what queries read are in rollup_repo.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    and_,
    bindparam,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.batches import batches
from jixiao.adapters.db.projects import new_key
from jixiao.domain.availability import (
    NEVER_AFTER,
    NEVER_BEFORE,
    Change,
    Span,
    coverage,
    life_span,
)
from jixiao.domain.devices import Device
from jixiao.domain.rollup import (
    ALWAYS,
    MARK_FIELDS,
    DayMarks,
    Days,
    Mark,
    add_marks,
    marks,
)

K = TypeVar("K")
STATE = 1
Sums = dict[tuple[int, int], DayMarks]
CohortKey = tuple[str, str]


def cohort_key(area: str, groups: Iterable[str]) -> CohortKey:
    return _cohort_key(area, tuple(groups))


@lru_cache(maxsize=4096)
def _cohort_key(area: str, groups: tuple[str, ...]) -> CohortKey:
    return area, json.dumps(sorted(set(groups)), ensure_ascii=False)


@lru_cache(maxsize=4096)
def _names(groups: str) -> tuple[str, ...]:
    return tuple(json.loads(groups))


@lru_cache(maxsize=4096)
def life(commissioned: dt.date | None, decommissioned: dt.date | None, zone: ZoneInfo) -> Span:
    return life_span(commissioned, decommissioned, zone)


# Ranges of moments per device, for histories(): a temporary table of the connection.
_RANGE = Table(
    "jixiao_rollup_range",
    MetaData(),
    Column("k", Integer, primary_key=True, autoincrement=False),
    Column("lo", BigInteger, nullable=False),
    Column("hi", BigInteger, nullable=False),
)


@dataclass(frozen=True, slots=True)
class Member:
    """What the rollup needs of a device: its cohort, groups (for group windows) and life."""

    key: int
    cohort: CohortKey
    groups: tuple[str, ...]
    life: Span

    @classmethod
    def of(cls, key: int, device: Device, zone: ZoneInfo) -> Member:
        return cls(
            key,
            cohort_key(device.area, device.groups),
            tuple(sorted(set(device.groups))),
            life(device.commissioned, device.decommissioned, zone),
        )


class Windows:
    """Maintenance spans by device and by group."""

    def __init__(self, rows: Iterable[tuple[int | None, str | None, int, int]]) -> None:
        self.by_device: dict[int, list[Span]] = {}
        self.by_group: dict[str, list[Span]] = {}
        for device_pk, group, start, end in rows:
            if device_pk is not None:
                self.by_device.setdefault(device_pk, []).append(Span(start, end))
            elif group is not None:
                self.by_group.setdefault(group, []).append(Span(start, end))

    def counted(self, member: Member, extra: Sequence[Span] = ()) -> tuple[Span, ...]:
        """The member's expected spans over all time (life minus maintenance)."""
        cuts = [*self.by_device.get(member.key, ()), *extra]
        for group in member.groups:
            cuts += self.by_group.get(group, ())
        return coverage(member.key, ALWAYS, member.life, cuts).counted


def jumps(member: Member, windows: Windows, changes: Sequence[Change], before: bool) -> list[Mark]:
    return marks(changes, before, windows.counted(member), member.life)


class RollupKeeper:
    """The rollup of one connection's transaction."""

    def __init__(self, connection: Connection) -> None:
        self._c = self.connection = connection
        self._locked = False
        self._days: Days | None = None
        self._cohorts: dict[CohortKey, int] | None = None

    # -- state ---------------------------------------------------------------------------

    def zone(self) -> str | None:
        """The zone the rollup is kept in; None when it is not built."""
        return self._c.execute(
            select(t.availability_rollup.c.zone).where(t.availability_rollup.c.id == STATE)
        ).scalar()

    def lock(self) -> Days | None:
        """Take the writers' lock; the days to keep the rollup in, or None when not built."""
        if not self._locked:
            state = t.availability_rollup
            zone = self._c.execute(
                select(state.c.zone).where(state.c.id == STATE).with_for_update()
            ).scalar()
            self._locked = True
            self._days = Days(ZoneInfo(zone)) if zone else None
        return self._days

    def invalidate(self) -> None:
        """Stop using the rollup (the direct computation is used) until it is rebuilt."""
        self._set_zone(None)

    def _set_zone(self, zone: str | None) -> None:
        self._c.execute(
            update(t.availability_rollup)
            .where(t.availability_rollup.c.id == STATE)
            .values(zone=zone)
        )
        self._days = Days(ZoneInfo(zone)) if zone else None

    # -- reading what the jumps depend on ------------------------------------------------

    def members(self, keys: Sequence[int]) -> dict[int, tuple[int, Member]]:
        """(cohort id, member) of each stored device among `keys` that has a cohort."""
        d, m, c = t.device, t.availability_member, t.availability_cohort
        zone = self._zone_info()
        out = {}
        for chunk in batches(sorted(set(keys))):
            rows = self._c.execute(
                select(d.c.pk, d.c.commissioned, d.c.decommissioned, c.c.id, c.c.area, c.c.groups)
                .join(m, m.c.device_pk == d.c.pk)
                .join(c, c.c.id == m.c.cohort_id)
                .where(d.c.pk.in_(chunk))
            )
            for pk, commissioned, decommissioned, cid, area, groups in rows:
                lived = life(commissioned, decommissioned, zone)
                out[pk] = (cid, Member(pk, (area, groups), _names(groups), lived))
        return out

    def _zone_info(self) -> ZoneInfo:
        assert self._days is not None and isinstance(self._days.zone, ZoneInfo)
        return self._days.zone

    def windows(self, keys: Sequence[int] | None = None) -> Windows:
        """Every group window, and the device windows of `keys` (None: of every device)."""
        w = t.maintenance
        query = select(w.c.device_pk, w.c.group_name, w.c.start_at, w.c.end_at).where(
            w.c.deleted_at.is_(None)
        )
        if keys is None:
            return Windows(self._c.execute(query))
        rows = list(self._c.execute(query.where(w.c.group_name.is_not(None))))
        for chunk in batches(sorted(set(keys))):
            rows += self._c.execute(query.where(w.c.device_pk.in_(chunk)))
        return Windows(rows)

    def histories(
        self, ranges: Mapping[int, tuple[int, int]]
    ) -> dict[int, tuple[bool, list[Change]]]:
        """Per device: its status just before lo, and its changes with lo ≤ at ≤ hi.

        The ranges go through a temporary table: one join, whatever their number.
        """
        if not ranges:
            return {}
        s, r = t.status_change, _RANGE
        on_commit = " ON COMMIT DELETE ROWS" if self._c.dialect.name == "postgresql" else ""
        self._c.exec_driver_sql(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {r.name} "
            f"(k INTEGER PRIMARY KEY, lo BIGINT NOT NULL, hi BIGINT NOT NULL){on_commit}"
        )
        self._c.execute(delete(r))
        rows = [{"k": k, "lo": lo, "hi": hi} for k, (lo, hi) in ranges.items()]
        for chunk in batches(rows, 50_000):
            self._c.execute(insert(r), list(chunk))
        last = (
            select(s.c.online)
            .where(s.c.device_pk == r.c.k, s.c.at < r.c.lo)
            .order_by(s.c.at.desc())
            .limit(1)
            .scalar_subquery()
        )
        out: dict[int, tuple[bool, list[Change]]] = {
            k: (bool(online), []) for k, online in self._c.execute(select(r.c.k, last))
        }
        changes = self._c.execute(
            select(s.c.device_pk, s.c.at, s.c.online)
            .join_from(r, s, and_(s.c.device_pk == r.c.k, s.c.at >= r.c.lo, s.c.at <= r.c.hi))
            .order_by(s.c.device_pk, s.c.at)
        )
        for pk, group in groupby(changes, key=lambda row: row[0]):
            out[pk][1].extend((at, bool(online)) for _, at, online in group)
        self._c.execute(delete(r))
        return out

    # -- writes --------------------------------------------------------------------------

    def statuses_appended(
        self, edits: Mapping[int, tuple[int, bool, Sequence[Change], Sequence[Change]]]
    ) -> None:
        """Changes were stored: per device (lo, status before lo, its changes from lo before
        the write, and after it)."""
        days = self.lock()
        if days is None or not edits:
            return
        found = self.members(list(edits))
        if len(found) < len(edits):  # a device the rollup does not know: rebuild it first
            self.invalidate()
            return
        windows = self.windows(list(edits))
        sums: Sums = {}
        for key, (lo, before, old, new) in edits.items():
            cohort, member = found[key]
            counted = windows.counted(member)
            add_marks(sums, cohort, marks(old, before, counted, member.life, lo), days, -1)
            add_marks(sums, cohort, marks(new, before, counted, member.life, lo), days)
        self.apply(sums)

    def window_adding(self, span: Span, device_key: int | None, group: str | None) -> None:
        """A maintenance window is about to be stored: its devices' jumps within it change."""
        days = self.lock()
        if days is None:
            return
        if device_key is not None:
            keys = [device_key]
        else:
            g = t.device_group
            keys = list(self._c.execute(select(g.c.device_pk).where(g.c.name == group)).scalars())
        found = self.members(keys)
        if len(found) < len(keys):
            self.invalidate()
            return
        windows = self.windows(keys)
        counted = {
            k: (windows.counted(m), windows.counted(m, [span])) for k, (_, m) in found.items()
        }
        changed = {k for k, (old, new) in counted.items() if old != new}
        history = self.histories({k: (span.start, span.end) for k in changed})
        sums: Sums = {}
        for key in sorted(changed):
            (cohort, member), (old, new) = found[key], counted[key]
            before, changes = history[key]
            for spans, sign in ((old, -1), (new, 1)):
                found_marks = marks(changes, before, spans, member.life, span.start, span.end)
                add_marks(sums, cohort, found_marks, days, sign)
        self.apply(sums)

    def devices_before(self, keys: Sequence[int]) -> dict[int, Member] | None:
        """What the rollup knows of stored devices about to be replaced (None: not built)."""
        if self.lock() is None:
            return None
        found = self.members(keys)
        if len(found) < len(set(keys)):
            self.invalidate()
            return None
        return {k: m for k, (_, m) in found.items()}

    def devices_stored(
        self, before: Mapping[int, Member] | None, stored: Mapping[int, Device]
    ) -> None:
        """Devices were added or replaced (`before`: devices_before, taken beforehand)."""
        days = self.lock()
        if days is None or before is None:
            return
        zone = self._zone_info()
        now = {k: Member.of(k, d, zone) for k, d in stored.items()}
        moved = [
            k
            for k, m in now.items()
            if k not in before or (before[k].cohort, before[k].life) != (m.cohort, m.life)
        ]
        if not moved:
            return
        known = [k for k in moved if k in before]
        windows = self.windows(moved)
        history = self.histories({k: (NEVER_BEFORE, NEVER_AFTER) for k in known})
        ids = self.cohort_ids([now[k].cohort for k in moved])
        sums: Sums = {}
        # devices never reported and without windows of their own (a registration burst
        # enrols thousands) jump alike: by their life and their groups' windows only, so
        # their jumps are worked out once per shape and added as many times as they count
        alike: dict[tuple[int, Member], int] = {}
        for key in moved:
            before_status, changes = history.get(key, (False, []))
            if key in before:
                old = before[key]
                add_marks(
                    sums, ids[old.cohort], jumps(old, windows, changes, before_status), days, -1
                )
            new = now[key]
            if not changes and not before_status and key not in windows.by_device:
                alone = (ids[new.cohort], Member(-1, new.cohort, new.groups, new.life))
                alike[alone] = alike.get(alone, 0) + 1
                continue
            add_marks(sums, ids[new.cohort], jumps(new, windows, changes, before_status), days)
        for (cohort_id, member), count in alike.items():
            add_marks(sums, cohort_id, jumps(member, windows, [], False), days, count)
        m = t.availability_member
        if known:
            self._c.execute(
                update(m).where(m.c.device_pk == bindparam("k")).values(cohort_id=bindparam("c")),
                [{"k": k, "c": ids[now[k].cohort]} for k in known],
            )
        added = [
            {"device_pk": k, "cohort_id": ids[now[k].cohort]} for k in moved if k not in before
        ]
        if added:
            self._c.execute(insert(m), added)
        self.apply(sums)

    def cohort_ids(self, keys: Iterable[CohortKey]) -> dict[CohortKey, int]:
        c = t.availability_cohort
        if self._cohorts is None:
            self._cohorts = {
                (area, groups): cid
                for cid, area, groups in self._c.execute(select(c.c.id, c.c.area, c.c.groups))
            }
        for key in sorted(set(keys) - set(self._cohorts)):
            self._cohorts[key] = new_key(
                self._c.execute(insert(c).values(area=key[0], groups=key[1]))
            )
        return self._cohorts

    def apply(self, sums: Sums) -> None:
        """Add `sums` to the stored day rows; rows left all zero are removed."""
        rows = [
            {"cohort_id": c, "day": day, **dict(zip(MARK_FIELDS, s.as_tuple(), strict=True))}
            for (c, day), s in sums.items()
            if s
        ]
        if not rows:
            return
        a = t.availability_day
        dialect = self._c.dialect.name
        upsert: Any = (postgresql if dialect == "postgresql" else sqlite).insert(a)
        upsert = upsert.on_conflict_do_update(
            index_elements=[a.c.cohort_id, a.c.day],
            set_={f: a.c[f] + upsert.excluded[f] for f in MARK_FIELDS},
        )
        for chunk in batches(rows, 1_000):
            self._c.execute(upsert, list(chunk))
        self._c.execute(
            delete(a).where(
                a.c.cohort_id == bindparam("c"),
                a.c.day == bindparam("d"),
                *(a.c[f] == 0 for f in MARK_FIELDS),
            ),
            [{"c": r["cohort_id"], "d": r["day"]} for r in rows],
        )

    # -- building ------------------------------------------------------------------------

    @property
    def days(self) -> Days | None:
        return self._days

    def reset(self, zone: ZoneInfo) -> None:
        """Empty the rollup, to be built again in `zone`'s days (rollup_repo.rebuild)."""
        self.lock()
        for table in (t.availability_day, t.availability_member, t.availability_cohort):
            self._c.execute(delete(table))
        self._cohorts = None
        self._set_zone(zone.key)
