"""Benchmark: a year of daily time-weighted online rates per group over a large inventory.

Generates `--devices` cameras (default 100,000) with a year of flapping status (about 120
changes each: long online stretches, outages of a few hours), some commissioned mid-year,
a few decommissioned, and maintenance windows; loads them into a fresh SQLite store in bulk
and builds the daily rollup; then writes through jixiao's own import as an operator would
(a day of changes of every device, late changes inserted into the year, a group maintenance
window added afterwards: the rollup is kept in step by each), and times the daily rates of
every group two ways in the same run:
- the store's path (`compute_availability`: the daily rollup, as `jixiao availability`);
- the baseline: every status row fetched and walked in Python per device (the reference).
Both must give identical numbers. Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import groupby
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.accounts import SqlWebStore as SqlStore
from jixiao.adapters.db.engine import make_engine
from jixiao.adapters.db.migrate import upgrade
from jixiao.domain.availability import (
    Span,
    Tally,
    coverage,
    life_span,
    local_days,
    online_spans,
    overlap,
    to_seconds,
)
from jixiao.domain.devices import Device, DeviceKind, GbId
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import (
    AvailabilityQuery,
    Breakdown,
    StatusRow,
    add_maintenance,
    compute_availability,
    import_status,
)
from jixiao.services.rollup import rebuild_rollup

ZONE = ZoneInfo("Asia/Shanghai")
YEAR = 2021
GROUPS = (("天网", 0.5), ("雪亮", 0.3), ("地网", 0.2))
DAY = 86_400


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _devices(count: int, rnd: random.Random) -> list[Device]:
    first = dt.date(YEAR, 1, 1)
    out = []
    for n in range(count):
        group = rnd.choices([g for g, _ in GROUPS], [w for _, w in GROUPS])[0]
        commissioned = (
            first + dt.timedelta(days=rnd.randrange(365)) if rnd.random() < 0.05 else None
        )
        decommissioned = (
            first + dt.timedelta(days=rnd.randrange(180, 365)) if rnd.random() < 0.01 else None
        )
        if commissioned and decommissioned and decommissioned <= commissioned:
            decommissioned = None
        out.append(
            Device(
                GbId(f"640323{n // 1_000_000:02d}0013{n % 1_000_000:06d}"),
                DeviceKind.CAMERA,
                f"点位{n}",
                (group,),
                f"乡镇{n % 20:02d}",
                commissioned=commissioned,
                decommissioned=decommissioned,
            )
        )
    return out


def _flapping(key: int, device: Device, rnd: random.Random) -> Iterator[tuple[int, int, int, int]]:
    """(device_pk, at, online, previous): online ~5.8 days, offline ~7 hours, alternating."""
    start = to_seconds(dt.datetime(YEAR, 1, 1, tzinfo=ZONE))
    if device.commissioned is not None:
        start = to_seconds(dt.datetime.combine(device.commissioned, dt.time(9), tzinfo=ZONE))
    end = to_seconds(dt.datetime(YEAR + 1, 1, 1, tzinfo=ZONE))
    at, online, previous = start + rnd.randrange(3600), 1, 0
    while at < end:
        yield key, at, online, previous
        at += max(1, int(rnd.expovariate(1 / (5.8 * DAY if online else 7 * 3600))))
        online, previous = 1 - online, online


def load(store: SqlStore, count: int, seed: int) -> tuple[int, list[Device]]:
    """Devices through the repository; status rows by executemany in key order, the time
    index built afterwards (what a bulk load does; an import goes through the repository)."""
    rnd = random.Random(seed)
    devices = _devices(count, rnd)
    with store.write() as repos:
        repos.devices.upsert(devices)
        keys = repos.devices.keys(d.device_id.value for d in devices)
        start = to_seconds(dt.datetime(YEAR, 1, 1, tzinfo=ZONE))
        for n in range(0, count, max(1, count // 50)):  # 2 % of devices get a maintenance window
            at = start + rnd.randrange(360) * DAY + 9 * 3600
            repos.maintenance.add(
                Span(at, at + 6 * 3600),
                "检修",
                device_key=keys[devices[n].device_id.value],
                group=None,
            )
        at = start + 200 * DAY + 2 * 3600
        repos.maintenance.add(
            Span(at, at + 4 * 3600), "汇聚机房停电", device_key=None, group="地网"
        )
    index = next(i for i in t.status_change.indexes if i.name == "ix_status_change_at")
    rows = 0
    with store.engine.begin() as connection:
        index.drop(connection)
        # pysqlite's executemany takes an iterator: 12 million rows are never held at once
        cursor: Any = connection.connection.cursor()

        def generated() -> Iterator[tuple[int, int, int, int]]:
            nonlocal rows
            for device in devices:
                for row in _flapping(keys[device.device_id.value], device, rnd):
                    rows += 1
                    yield row

        cursor.executemany(
            "INSERT INTO status_change (device_pk, at, online, previous, cause, source) "
            "VALUES (?, ?, ?, ?, '', 'bench')",
            generated(),
        )
        index.create(connection)
        connection.execute(text("ANALYZE"))
    return rows, devices


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def updates(store: SqlStore, devices: list[Device], seed: int) -> list[tuple[str, float]]:
    """Writes through jixiao's import after the bulk load, each timed."""
    rnd = random.Random(seed + 1)
    out = []
    next_day = dt.datetime(YEAR + 1, 1, 1, tzinfo=ZONE)
    rows: list[StatusRow] = []
    for device in devices:
        if rnd.random() < 1 / 3:
            at = next_day + dt.timedelta(seconds=rnd.randrange(20 * 3600))
            rows.append(StatusRow(device.device_id.value, at, False, "断电"))
            rows.append(StatusRow(device.device_id.value, at + dt.timedelta(hours=2), True))
    numbered = [Numbered(i + 2, r) for i, r in enumerate(rows)]
    took = _timed(lambda: _in_transaction(store, import_status, numbered, source="bench-day"))
    out.append((f"import the next day: {len(rows):,} changes", took))
    late = _late_rows(store, devices[:: max(1, len(devices) // 1000)], rnd)
    numbered = [Numbered(i + 2, r) for i, r in enumerate(late)]
    took = _timed(lambda: _in_transaction(store, import_status, numbered, source="bench-late"))
    out.append((f"import {len(late):,} late changes into the year", took))
    start = dt.datetime(YEAR, 9, 14, 1, tzinfo=ZONE)
    window = (start, start + dt.timedelta(hours=3))
    took = _timed(
        lambda: _in_transaction(store, add_maintenance, *window, "补录检修", group="雪亮")
    )
    out.append(("add a group maintenance window afterwards", took))
    return out


def _in_transaction(store: SqlStore, use_case: Any, *args: Any, **kwargs: Any) -> Any:
    """A use case in its own transaction, as the application runs it."""
    with store.write() as repos:
        return use_case(repos, *args, actor="bench", now=0, **kwargs)


def _late_rows(store: SqlStore, devices: list[Device], rnd: random.Random) -> list[StatusRow]:
    """An outage of an hour in June per device, that reached the store after the year."""
    june = to_seconds(dt.datetime(YEAR, 6, 1, tzinfo=ZONE))
    wanted = {d.device_id.value: june + rnd.randrange(29 * DAY) for d in devices}
    with store.engine.connect() as connection:
        taken = set(
            connection.execute(
                text(
                    "SELECT d.device_id, s.at FROM status_change s JOIN device d "
                    "ON d.pk = s.device_pk WHERE s.at >= :a AND s.at < :b"
                ),
                {"a": june, "b": june + 31 * DAY},
            ).all()
        )
    rows = []
    for device_id, at in wanted.items():
        if (device_id, at) in taken or (device_id, at + 3600) in taken:
            continue
        moment = dt.datetime.fromtimestamp(at, ZONE)
        rows.append(StatusRow(device_id, moment, False, "补录"))
        rows.append(StatusRow(device_id, moment + dt.timedelta(hours=1), True))
    return rows


def fast(store: SqlStore) -> dict[str, list[Tally]]:
    """Daily time-weighted sums per group, as `jixiao availability --group G --by day`."""
    out = {}
    with store.read() as repos:
        for group, _ in GROUPS:
            query = AvailabilityQuery(
                dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), group=group, by=Breakdown.DAY
            )
            report = compute_availability(repos, query, ZONE)
            out[group] = [Tally(r.online_s, r.expected_s) for r in report.rows]
    return out


def baseline(store: SqlStore) -> dict[str, list[Tally]]:
    """The straightforward way: fetch every row and walk each device's history in Python."""
    days = local_days(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), ZONE)
    window = Span(days[0].start, days[-1].end)
    sums = {group: ([0] * len(days), [0] * len(days)) for group, _ in GROUPS}
    with store.read() as repos:
        devices = {s.key: s.device for s in repos.devices.select()}
        windows = repos.maintenance.overlapping(window)
    cuts: dict[int, list[Span]] = {k: [] for k in devices}
    for w in windows:
        if w.device_key is not None:
            cuts[w.device_key].append(w.span)
    for key, device in devices.items():
        cuts[key] += [w.span for w in windows if w.group is not None and w.group in device.groups]
    with store.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT device_pk, at, online FROM status_change ORDER BY device_pk, at")
        )
        for key, group_rows in groupby(rows, key=lambda r: r[0]):
            changes = [(at, bool(on)) for _, at, on in group_rows]
            _walk(devices.pop(key), changes, cuts[key], window, sums)
    for key, device in devices.items():
        _walk(device, [], cuts[key], window, sums)
    return {g: [Tally(on, ex) for on, ex in zip(*sums[g], strict=True)] for g in sums}


def _walk(
    device: Device,
    changes: list[tuple[int, bool]],
    cuts: list[Span],
    window: Span,
    sums: dict[str, tuple[list[int], list[int]]],
) -> None:
    before = [on for at, on in changes if at < window.start]
    within = [c for c in changes if window.start <= c[0] < window.end]
    life = life_span(device.commissioned, device.decommissioned, ZONE)
    counted = coverage(0, window, life, cuts).counted
    online = overlap(
        online_spans(within, window, initially_online=bool(before and before[-1])), counted
    )
    online_s, expected_s = sums[device.groups[0]]
    for spans, into in ((counted, expected_s), (online, online_s)):
        for span in spans:
            moment = span.start
            while moment < span.end:  # Shanghai days are all 86 400 s
                day = (moment - window.start) // DAY
                upto = min(span.end, window.start + (day + 1) * DAY)
                into[day] += upto - moment
                moment = upto


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--devices", type=int, default=100_000, help="cameras to generate")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument(
        "--keep", type=Path, help="write the SQLite file here instead of a temp dir"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        path = args.keep or Path(tmp) / "bench.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        store = SqlStore(engine)
        started = time.perf_counter()
        rows, devices = load(store, args.devices, args.seed)
        built = rebuild_rollup(store, ZONE)
        loaded = time.perf_counter() - started
        writes = updates(store, devices, args.seed)
        del devices
        started = time.perf_counter()
        quick = fast(store)
        quick_s = time.perf_counter() - started
        peak_fast = _peak_mb()
        started = time.perf_counter()
        slow = baseline(store)
        slow_s = time.perf_counter() - started
        engine.dispose()
    same = quick == slow
    print()
    print(
        f"online rate: {args.devices:,} devices, {rows:,} status changes, daily rates of {len(GROUPS)} groups over {YEAR}"
    )
    print(f"{'benchmark':<48}{'seconds':>12}{'ratio':>10}")
    print(f"{'load (devices, changes, time index, rollup)':<48}{loaded:>12.2f}")
    print(f"{'  of which the daily rollup (rebuild-rollups)':<48}{built.seconds:>12.2f}")
    for label, seconds in writes:
        print(f"{label:<48}{seconds:>12.2f}")
    print(f"{'baseline: per-row Python over every change':<48}{slow_s:>12.2f}{1.0:>9.1f}x")
    print(
        f"{'store: the daily rollup (availability)':<48}{quick_s:>12.2f}{slow_s / quick_s:>9.1f}x faster"
    )
    print(f"{'peak memory after the store path (max RSS)':<48}{peak_fast:>10.0f}MB")
    print(f"{'peak memory at the end (max RSS)':<48}{_peak_mb():>10.0f}MB")
    print(f"same numbers both ways: {'yes' if same else 'NO'}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
