"""Benchmark: work orders from a year of outages, and a month's O&M assessment.

Generates the inventory and year of flapping status of bench/availability.py (`--devices`,
default 100,000; outages of about 7 hours, so most open a ticket), loads it in bulk and
builds the daily rollup, then times two ways each, in the same run:
- `tickets sync` over the whole year (services.tickets.sync_tickets: the outages found by a
  window query and inserted by one INSERT … SELECT) against a per-row baseline: every
  status row fetched in one ordered scan, outages found by walking it, a ticket inserted
  per outage;
- a month's assessment of a contract covering every device (services.assessment: the
  rollup's sums and one aggregate query of the month's tickets) against a per-row
  baseline: each device's month walked in Python, the month's tickets walked.
Both ways must give the same tickets (compared in SQL, so that millions of them are never
held in Python) and the same month. The store's ways run first, so that the peak memory
(max RSS) measured after them is theirs (with the load), before the baselines add their own.
The issue's goals (for 100,000 devices) are printed met or not; every figure is measured,
nothing is sampled or scaled.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from decimal import Decimal
from fractions import Fraction
from itertools import groupby
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from availability import YEAR, ZONE, _peak_mb, load

from jixiao.adapters.db.accounts import SqlWebStore
from jixiao.adapters.db.engine import make_engine
from jixiao.adapters.db.migrate import upgrade
from jixiao.domain.assessment import (
    AssessmentRules,
    Basis,
    OnlineRule,
    RepairRule,
)
from jixiao.domain.availability import (
    Span,
    coverage,
    day_start,
    life_span,
    online_spans,
    overlap,
    to_seconds,
    total,
)
from jixiao.domain.funds import Contract
from jixiao.domain.tickets import Ticket, outages
from jixiao.services.assessment import assess_months
from jixiao.services.rollup import rebuild_rollup
from jixiao.services.tickets import sync_tickets

THRESHOLD_S = 30 * 60
MONTH = dt.date(YEAR, 6, 1)
RULES = AssessmentRules(
    None,
    OnlineRule(Decimal(95), Basis.CORRECTED, Decimal(1)),
    RepairRule(Decimal(2), Decimal(24), Decimal(500)),
    Decimal(10),
)
CONTRACT = Contract("全部点位运维", Decimal(38_940_000), dt.date(YEAR, 1, 1), 120, assessment=RULES)


def sync(store: SqlWebStore, now: int) -> int:
    with store.write() as repos:
        return sync_tickets(
            repos, threshold_s=THRESHOLD_S, zone=ZONE, actor="bench", now=now
        ).opened


def baseline_sync(store: SqlWebStore, now: int, last_key: int) -> int:
    """The straightforward way: every row (of the devices up to `last_key`) in one ordered
    scan (streamed: a year of 100,000 devices is 12 million rows), outages found by walking
    it, and one INSERT per ticket into a scratch table of the ticket table's shape; the
    number of tickets."""
    found = 0
    with store.read() as repos:
        ends = {
            s.key: life_span(s.device.commissioned, s.device.decommissioned, ZONE).end
            for s in repos.devices.select()
        }
    with store.engine.begin() as connection:
        connection.execute(text("CREATE TABLE scratch_ticket AS SELECT * FROM ticket WHERE 0"))
        rows = connection.execution_options(yield_per=50_000).execute(
            text(
                "SELECT device_pk, at, online FROM status_change WHERE device_pk <= :last "
                "ORDER BY device_pk, at"
            ),
            {"last": last_key},
        )
        for key, group_rows in groupby(rows, key=lambda r: r[0]):
            changes = [(at, bool(on)) for _, at, on in group_rows]
            for start, end in outages(changes):
                if (end if end is not None else now) - start > THRESHOLD_S and start < ends[key]:
                    found += 1
                    connection.execute(
                        text(
                            "INSERT INTO scratch_ticket (device_pk, opened, verified, cause, "
                            "notes, assignee, source) VALUES (:k, :o, :v, '', '', '', 'sync')"
                        ),
                        {"k": key, "o": start, "v": end},
                    )
    return found


def sample(store: SqlWebStore, devices: int) -> tuple[int, int, int]:
    """The last key of the first `devices` devices, their status rows and their tickets."""
    with store.engine.connect() as connection:
        last = connection.execute(
            text("SELECT max(pk) FROM (SELECT pk FROM device ORDER BY pk LIMIT :n)"),
            {"n": devices},
        ).scalar_one()
        rows, tickets = (
            connection.execute(
                text(f"SELECT count(*) FROM {table} WHERE device_pk <= :last"), {"last": last}
            ).scalar_one()
            for table in ("status_change", "ticket")
        )
    return int(last), int(rows), int(tickets)


def same_tickets(store: SqlWebStore, last_key: int) -> bool:
    """The sync's tickets (of the devices up to `last_key`) are the baseline's, compared in
    SQL (both differences empty)."""
    columns = "device_pk, opened, verified"
    with store.engine.connect() as connection:
        return not any(
            connection.execute(
                text(
                    f"SELECT 1 FROM (SELECT {columns} FROM {a} WHERE device_pk <= :last "
                    f"EXCEPT SELECT {columns} FROM {b})"
                ),
                {"last": last_key},
            ).first()
            for a, b in (("ticket", "scratch_ticket"), ("scratch_ticket", "ticket"))
        )


def month(store: SqlWebStore, now: int) -> tuple[int, int, int, int]:
    with store.read() as repos:
        [m] = assess_months(repos, CONTRACT, RULES, [MONTH], ZONE, as_of=now)
    return m.online_s, m.expected_s, m.tickets, m.late_repairs


def baseline_month(store: SqlWebStore, now: int) -> tuple[int, int, int, int]:
    """The month by walking each device's changes and the month's tickets in Python."""
    following = dt.date(YEAR, 7, 1)
    window = Span(day_start(MONTH, ZONE), day_start(following, ZONE))
    online_s = expected_s = 0
    with store.read() as repos:
        devices = {s.key: s.device for s in repos.devices.select()}
        windows = repos.maintenance.overlapping(window)
        histories = repos.statuses.histories(list(devices), window)
        tickets = [t for _, t in repos.tickets.select(window=window)]
    for key, device in devices.items():
        cuts = [w.span for w in windows if w.device_key == key] + [
            w.span for w in windows if w.group is not None and w.group in device.groups
        ]
        counted = coverage(
            key, window, life_span(device.commissioned, device.decommissioned, ZONE), cuts
        ).counted
        initially, changes = histories.get(key, (False, []))
        online = overlap(online_spans(changes, window, initially_online=initially), counted)
        online_s += total(online)
        expected_s += total(counted)
    mine = [t for t in tickets if window.start <= t.opened < window.end]
    late = sum(1 for t in mine if _late(t, now))
    return online_s, expected_s, len(mine), late


def _late(t: Ticket, now: int) -> bool:
    end = t.restored if t.restored is not None else now
    return end - t.opened > 24 * 3600


def _progress(label: str, lap: tuple[float, float], what: str) -> None:
    print(f"  {label}: {lap[0]:.2f} s ({lap[1]:.2f} s CPU) {what}", flush=True)


class Clock:
    """Laps of wall-clock seconds, with this process's CPU seconds beside them: on a machine
    shared with other work the wall clock also counts the time spent waiting for a core."""

    def __init__(self) -> None:
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        out = (wall - self._wall, cpu - self._cpu)
        self._wall, self._cpu = wall, cpu
        return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--devices", type=int, default=100_000, help="cameras to generate")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument(
        "--baseline-devices",
        type=int,
        default=0,
        help="time the sync's baseline on the first N devices only and scale it by status "
        "rows (said so in the output); default: every device",
    )
    args = parser.parse_args(argv)
    now = to_seconds(dt.datetime(YEAR + 1, 1, 1, tzinfo=ZONE))
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        upgrade(engine)
        store = SqlWebStore(engine)
        clock = Clock()
        rows, devices = load(store, args.devices, args.seed)
        del devices
        rebuild_rollup(store, ZONE)
        load_s = clock.lap()
        peak_load = _peak_mb()
        _progress("load", load_s, f"{rows:,} status changes, {peak_load:.0f} MB")
        opened = sync(store, now)
        sync_s = clock.lap()
        _progress("sync", sync_s, f"{opened:,} tickets, {_peak_mb():.0f} MB")
        reopened = sync(store, now)
        again_s = clock.lap()
        _progress("sync again", again_s, f"{reopened:,} tickets")
        fast = month(store, now)
        month_s = clock.lap()
        peak_store = _peak_mb()
        _progress("month", month_s, f"{peak_store:.0f} MB")
        sampled = 0 < args.baseline_devices < args.devices
        last_key, sample_rows, sample_tickets = sample(
            store, args.baseline_devices if sampled else args.devices
        )
        clock.lap()
        walked = baseline_sync(store, now, last_key)
        base_sync_s = clock.lap()
        _progress("baseline sync", base_sync_s, f"{walked:,} tickets of {sample_rows:,} rows")
        if sampled:
            scale = rows / sample_rows
            base_sync_s = (base_sync_s[0] * scale, base_sync_s[1] * scale)
        slow = baseline_month(store, now)
        base_month_s = clock.lap()
        _progress("baseline month", base_month_s, "")
        same = walked == sample_tickets and reopened == 0 and same_tickets(store, last_key)
        engine.dispose()
    same_month = fast == slow
    print()
    print(f"O&M assessment: {args.devices:,} devices, {rows:,} status changes, {opened:,} tickets")
    if sampled:
        print(
            f"THE SYNC'S BASELINE IS SAMPLED: timed on the first {args.baseline_devices:,} "
            f"devices ({sample_rows:,} status changes, {sample_tickets:,} tickets) and scaled "
            f"by status changes ({rows / sample_rows:.2f}x); its tickets compared on the sample"
        )
    print(f"{'benchmark':<52}{'seconds':>10}{'ratio':>10}{'CPU s':>10}{'ratio':>10}")
    lines = [
        (
            "baseline: per-row walk, one INSERT per ticket" + (" (scaled)" if sampled else ""),
            base_sync_s,
            base_sync_s,
        ),
        ("tickets sync over the year (writes every ticket)", sync_s, base_sync_s),
        ("tickets sync again (nothing to do)", again_s, None),
        ("baseline: a month walked per device in Python", base_month_s, base_month_s),
        ("a month assessment (rollup + ticket counts in SQL)", month_s, base_month_s),
        ("load (devices, changes, rollup)", load_s, None),
    ]
    for label, (wall, cpu), base in lines:
        ratios = ("", "") if base is None else (f"{base[0] / wall:.1f}x", f"{base[1] / cpu:.1f}x")
        print(f"{label:<52}{wall:>10.2f}{ratios[0]:>10}{cpu:>10.2f}{ratios[1]:>10}")
    print(f"{'peak memory after the load (max RSS)':<52}{peak_load:>8.0f}MB")
    print(f"{'peak memory after sync and month (max RSS)':<52}{peak_store:>8.0f}MB")
    print(f"{'peak memory at the end, baselines too (max RSS)':<52}{_peak_mb():>8.0f}MB")
    print(f"same tickets both ways, sync idempotent: {'yes' if same else 'NO'}")
    print(f"same month both ways: {'yes' if same_month else 'NO'} {fast} {slow}")
    print(
        f"corrected rate (no exemptions) = raw: {Fraction(fast[0], fast[1]) if fast[1] else None}"
    )
    goals = [
        ("sync < 60 s", sync_s[0] < 60),
        ("sync >= 20x baseline", base_sync_s[0] / sync_s[0] >= 20),
        ("month < 2 s", month_s[0] < 2),
        ("month >= 20x baseline", base_month_s[0] / month_s[0] >= 20),
        ("memory < 1 GB (load, sync and month)", peak_store < 1024),
    ]
    print(
        "goals (issue 12, at 100,000 devices; wall clock): "
        + ", ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in goals)
    )
    if not (same and same_month):
        sys.exit(1)


if __name__ == "__main__":
    main()
