"""The 录像巡检's use cases on the in-memory store: storing a scan, the report's counting
rules (no answer counts as not recorded, a day never scanned counts for nothing), the bars."""

from __future__ import annotations

import asyncio
import datetime as dt
from fractions import Fraction

from jixiao.adapters.memory import MemoryStore
from jixiao.services.application import Application
from jixiao.services.recordings import ChannelScan, Found, Target, run_scan
from tests.scenario import EAST, WEST, ZONE, device, seconds

H = 3600
D1, D2, D3 = dt.date(2021, 3, 1), dt.date(2021, 3, 2), dt.date(2021, 3, 3)


def _targets(store: MemoryStore) -> tuple[Target, Target]:
    with store.write() as repos:
        repos.devices.upsert([device(EAST, "东门", ("天网",)), device(WEST, "西门", ("重点",))])
        keys = repos.devices.keys([EAST, WEST])
    return Target(keys[EAST], EAST, "nvr", 30), Target(keys[WEST], WEST, "nvr", 90)


def test_no_answer_counts_as_not_recorded_and_an_unscanned_day_not_at_all(
    application: Application, store: MemoryStore
) -> None:
    east, west = _targets(store)
    whole = Found(((seconds(1) - H, seconds(2)),))  # began the evening before: clipped
    application.record_recordings(
        [ChannelScan(east, whole, None), ChannelScan(west, None, None)], D1, actor="test"
    )
    half = Found(((seconds(2), seconds(2, 12)),), problems=("SumNum大于0却没有录像条目",))
    summary = application.record_recordings([ChannelScan(east, half, None)], D2, actor="test")
    assert (summary.channels, summary.answered, summary.findings) == (1, 1, 1)
    report = application.recording_report(D1, D3, online=False)
    t = report.total
    # east: 24 h of 24 on the 1st, 12 of 24 on the 2nd; west: no answer on the 1st (24 h
    # expected, none recorded); the 3rd and west's 2nd were never scanned
    assert (t.completeness.recorded_s, t.completeness.expected_s) == (36 * H, 72 * H)
    assert (t.unanswered, t.unscanned) == (1, 3)
    assert t.completeness.rate == Fraction(1, 2)
    with store.read() as repos:
        (row,) = repos.recordings.between(D1, D1, [east.key])
    assert row.spans == ((seconds(1), seconds(2)),) and row.oldest == seconds(1) - H
    assert "录像完整率50%" in report.citation()


def test_the_bar_of_a_day_shows_recorded_missing_and_unknown_time(
    application: Application, store: MemoryStore
) -> None:
    east, _ = _targets(store)
    found = Found(((seconds(1), seconds(1, 6)), (seconds(1, 18), seconds(2))))
    application.record_recordings([ChannelScan(east, found, None)], D1, actor="test")
    first, second = application.recording_days(EAST, D1, D2)
    assert [(s.left, s.width, s.kind) for s in first.segments] == [
        (0, 25, "recorded"),
        (25, 50, "missing"),
        (75, 25, "recorded"),
    ]
    assert first.rate == Fraction(1, 2) and first.scanned
    assert [s.kind for s in second.segments] == ["unknown"] and not second.scanned


def test_the_scan_asks_for_the_day_and_for_the_oldest_day_storage_must_reach() -> None:
    asked: list[tuple[str, str, int, int]] = []

    class Source:
        async def records(self, device_id: str, channel_id: str, start: int, end: int) -> Found:
            asked.append((device_id, channel_id, start, end))
            return Found()

    def midnight(day: dt.date) -> int:
        return int(dt.datetime.combine(day, dt.time(), tzinfo=ZONE).timestamp())

    asyncio.run(run_scan(Source(), [Target(1, EAST, "nvr", 30)], D3, ZONE))
    # 30 days kept on the 3rd of March reach back to the 2nd of February (Feb 2 … Mar 3):
    # that day is asked for
    assert asked == [
        ("nvr", EAST, seconds(3), seconds(4) - 1),
        ("nvr", EAST, midnight(dt.date(2021, 2, 2)), midnight(dt.date(2021, 2, 3)) - 1),
    ]


def test_the_measures_quote_the_figures_they_score(
    application: Application, store: MemoryStore
) -> None:
    from jixiao.domain.targets import Measured
    from jixiao.services.evidence import resolve_evidence
    from tests.unit.services.test_om_measures import bound

    east, west = _targets(store)
    application.record_recordings(
        [
            ChannelScan(east, Found(((seconds(1), seconds(1, 23)),)), None),  # 23 of 24 h
            ChannelScan(west, Found(((seconds(1), seconds(2)),)), None),
        ],
        D1,
        actor="test",
    )
    found = {}
    for name in ("recording_rate", "storage_compliance"):
        project = bound("≥95%", f"{{measure: {name}, period: 2021-03-01..2021-03-01}}")
        with store.read() as repos:
            actual = resolve_evidence(project, repos, ZONE).indicators[0].actual
        assert isinstance(actual, Measured), actual
        found[name] = actual
    # 47 h of 48 = 97.916…% → 97.91%; each keeps 1 day of the 30 or 90 required: 0 of 2
    assert found["recording_rate"].raw == "97.91%"
    assert (found["recording_rate"].evidence or "").startswith("录像完整率97.91%：全部通道2路通道")
    assert found["storage_compliance"].raw == "0%"
    assert "2路通道中0路" in (found["storage_compliance"].evidence or "")
