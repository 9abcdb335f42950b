"""The RollupRepo port (adapters/db/rollup.py keeps the rollup): what queries read, the full
build and the operator's check.

A build sums Σ(online − previous) of all changes per cohort and day in SQL (the changes of a
device with neither service dates nor maintenance are its jumps), then corrects, in Python,
the devices that have them, over the moments where their jumps differ (domain.rollup).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, bindparam, func, insert, select

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.batches import batches
from jixiao.adapters.db.rollup import (
    CohortKey,
    Member,
    RollupKeeper,
    Sums,
    cohort_key,
    life,
)
from jixiao.domain.availability import NEVER_BEFORE, Span, from_seconds
from jixiao.domain.rollup import ALWAYS, MARK_FIELDS, DayMarks, Days, add_marks, gap_range, marks
from jixiao.services.ports import Cohort, Life


def rebuild(keeper: RollupKeeper, zone: ZoneInfo) -> tuple[int, int]:
    """Build the rollup from scratch in `zone`'s days; (cohorts, day rows)."""
    keeper.reset(zone)
    found = all_members(keeper.connection, zone)
    ids = keeper.cohort_ids(m.cohort for m in found.values())
    members = [{"device_pk": k, "cohort_id": ids[m.cohort]} for k, m in found.items()]
    for chunk in batches(members, 50_000):
        keeper.connection.execute(insert(t.availability_member), list(chunk))
    sums = compute(keeper, found, ids)
    keeper.apply(sums)
    return len(ids), sum(1 for s in sums.values() if s)


def all_members(connection: Connection, zone: ZoneInfo) -> dict[int, Member]:
    d, g = t.device, t.device_group
    groups: dict[int, list[str]] = {}
    for pk, name in connection.execute(select(g.c.device_pk, g.c.name)):
        groups.setdefault(pk, []).append(name)
    out = {}
    for pk, area, commissioned, decommissioned in connection.execute(
        select(d.c.pk, d.c.area, d.c.commissioned, d.c.decommissioned).where(
            d.c.deleted_at.is_(None)
        )
    ):
        names = groups.get(pk, [])
        lived = life(commissioned, decommissioned, zone)
        out[pk] = Member(pk, cohort_key(area, names), tuple(sorted(set(names))), lived)
    return out


def compute(
    keeper: RollupKeeper, found: Mapping[int, Member], ids: Mapping[CohortKey, int]
) -> Sums:
    """Every day row from scratch, for the members stored in availability_member."""
    days = keeper.days
    assert days is not None
    sums: Sums = {}
    windows = keeper.windows()
    ranges, counted = {}, {}
    for key, member in found.items():
        add_marks(sums, ids[member.cohort], [(NEVER_BEFORE, 0, 1, 1)], days)
        counted[key] = spans = windows.counted(member)
        if (where := gap_range(spans)) is not None:
            ranges[key] = where
    history = keeper.histories(ranges)
    for key, (lo, hi) in ranges.items():
        member, (before, changes) = found[key], history[key]
        cohort = ids[member.cohort]
        add_marks(sums, cohort, marks(changes, before, counted[key], member.life, lo, hi), days)
        add_marks(sums, cohort, marks(changes, before, (ALWAYS,), ALWAYS, lo, hi), days, -1)
    _add_changes(keeper.connection, sums, days)
    return sums


def _add_changes(connection: Connection, sums: Sums, days: Days) -> None:
    """Σ(online − previous) of every change, per cohort and day, as if always expected."""
    s, m = t.status_change, t.availability_member
    delta = s.c.online - s.c.previous
    per_day = (
        select(m.c.cohort_id, func.sum(delta), func.sum(delta * (bindparam("end") - s.c.at)))
        .join_from(s, m, m.c.device_pk == s.c.device_pk)
        .where(s.c.at >= bindparam("start"), s.c.at < bindparam("end"), s.c.online != s.c.previous)
        .group_by(m.c.cohort_id)
    )
    following = select(func.min(s.c.at)).where(s.c.at >= bindparam("end"))
    day: Span | None = Span(NEVER_BEFORE, days.first_start)  # before 1900: counts only
    while day is not None:
        rows = connection.execute(per_day, {"start": day.start, "end": day.end})
        early = day.start == NEVER_BEFORE
        key = days.before_first if early else day.start
        for cohort, count, weight in rows:
            row = sums.setdefault((cohort, key), DayMarks())
            row.online += int(count)
            row.online_w += 0 if early else int(weight)
        after = connection.execute(following, {"end": day.end}).scalar()  # skip empty days
        day = None if after is None else days.of(after)


def differences(keeper: RollupKeeper, zone: ZoneInfo) -> list[str]:
    """Where the stored rollup differs from one built now (empty: it is right)."""
    if keeper.zone() != zone.key:
        return [f"日汇总未按时区 {zone.key} 建立"]
    days = keeper.lock()
    assert days is not None
    c = keeper.connection
    found = all_members(c, zone)
    ids = keeper.cohort_ids(())
    m = t.availability_member
    stored = dict(c.execute(select(m.c.device_pk, m.c.cohort_id)).all())
    wrong = [k for k, member in found.items() if ids.get(member.cohort) != stored.get(k)]
    if wrong or len(stored) != len(found):
        return [f"{len(wrong) + abs(len(stored) - len(found))}台设备的设备类不符"]
    expected = {k: s.as_tuple() for k, s in compute(keeper, found, ids).items() if s}
    a = t.availability_day
    actual = {
        (r[0], r[1]): tuple(r[2:])
        for r in c.execute(select(a.c.cohort_id, a.c.day, *(a.c[f] for f in MARK_FIELDS)))
    }

    def named(start: int) -> str:
        if start < days.first_start:
            return "1900年前"
        return from_seconds(start, zone).date().isoformat()

    return [
        f"设备类{cohort}、{named(day)}：应为{expected.get((cohort, day))}，库中为{actual.get((cohort, day))}"
        for cohort, day in sorted(set(expected) | set(actual))
        if expected.get((cohort, day)) != actual.get((cohort, day))
    ]


class SqlRollupRepo:
    """The RollupRepo port: what queries read, and the operator's rebuild and check."""

    def __init__(self, connection: Connection, keeper: RollupKeeper | None = None) -> None:
        self._c = connection
        self.keeper = keeper or RollupKeeper(connection)

    def zone(self) -> str | None:
        return self.keeper.zone()

    def cohorts(self) -> list[Cohort]:
        c, m = t.availability_cohort, t.availability_member
        counts: dict[int, int] = dict(
            self._c.execute(select(m.c.cohort_id, func.count()).group_by(m.c.cohort_id)).all()
        )
        rows = self._c.execute(select(c.c.id, c.c.area, c.c.groups).order_by(c.c.id))
        return [
            Cohort(cid, area, tuple(json.loads(groups)), int(counts.get(cid, 0)))
            for cid, area, groups in rows
        ]

    def sums(
        self, cohorts: Sequence[int], window: Span
    ) -> tuple[dict[int, DayMarks], dict[tuple[int, int], DayMarks]]:
        a = t.availability_day
        carried: dict[int, DayMarks] = {}
        within: dict[tuple[int, int], DayMarks] = {}
        for chunk in batches(sorted(set(cohorts))):
            rows = self._c.execute(
                select(a.c.cohort_id, func.sum(a.c.online), func.sum(a.c.expected))
                .add_columns(func.sum(a.c.alive))
                .where(a.c.cohort_id.in_(chunk), a.c.day < window.start)
                .group_by(a.c.cohort_id)
            )
            for cid, online, expected, alive in rows:
                carried[cid] = DayMarks(
                    online=int(online), expected=int(expected), alive=int(alive)
                )
            rows = self._c.execute(
                select(a.c.cohort_id, a.c.day, *(a.c[f] for f in MARK_FIELDS)).where(
                    a.c.cohort_id.in_(chunk), a.c.day >= window.start, a.c.day < window.end
                )
            )
            for cid, day, *numbers in rows:
                within[(cid, day)] = DayMarks(*numbers)
        return carried, within

    def day_sums(
        self, cohorts: Sequence[int], window: Span
    ) -> tuple[DayMarks, dict[int, DayMarks]]:
        """`sums` added up over the cohorts in the store: a row per day, not per cohort and
        day (a year of 60 cohorts: 365 rows, not 21,900)."""
        a = t.availability_day
        carried, within = DayMarks(), dict[int, DayMarks]()
        for chunk in batches(sorted(set(cohorts))):
            before = self._c.execute(
                select(func.sum(a.c.online), func.sum(a.c.expected), func.sum(a.c.alive)).where(
                    a.c.cohort_id.in_(chunk), a.c.day < window.start
                )
            ).one()
            online, expected, alive = (int(v or 0) for v in before)
            carried.add(DayMarks(online=online, expected=expected, alive=alive))
            rows = self._c.execute(
                select(a.c.day, *(func.sum(a.c[f]) for f in MARK_FIELDS))
                .where(a.c.cohort_id.in_(chunk), a.c.day >= window.start, a.c.day < window.end)
                .group_by(a.c.day)
            )
            for day, *numbers in rows:
                within.setdefault(int(day), DayMarks()).add(DayMarks(*(int(n) for n in numbers)))
        return carried, within

    def lives(self, *, keys: Sequence[int] = (), cohorts: Sequence[int] = ()) -> list[Life]:
        d, m = t.device, t.availability_member
        query = select(m.c.device_pk, m.c.cohort_id, d.c.commissioned, d.c.decommissioned).join(
            d, d.c.pk == m.c.device_pk
        )
        out: dict[int, Life] = {}
        for column_, wanted in ((m.c.device_pk, keys), (m.c.cohort_id, cohorts)):
            for chunk in batches(sorted(set(wanted))):
                for row in self._c.execute(query.where(column_.in_(chunk))):
                    out[row[0]] = Life(*row)
        return [out[k] for k in sorted(out)]

    def rebuild(self, zone: ZoneInfo) -> tuple[int, int]:
        return rebuild(self.keeper, zone)

    def differences(self, zone: ZoneInfo) -> list[str]:
        return differences(self.keeper, zone)
