"""Recording completeness and storage compliance, computed by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from jixiao.domain.availability import Span, coverage
from jixiao.domain.recordings import (
    Retention,
    by_day,
    clean,
    completeness,
    expected_in,
    gaps,
    kept_days,
    required_days,
    storage_share,
)

H = 3600
DAY = 86_400


def test_overlapping_and_inverted_intervals_are_findings_not_errors() -> None:
    cleaned = clean([(0, 2 * H), (H, 3 * H), (5 * H, 4 * H), (6 * H, 6 * H), (7 * H, 8 * H)])
    assert cleaned.spans == (Span(0, 3 * H), Span(7 * H, 8 * H))
    assert cleaned.findings == (
        "1段录像的结束时间早于开始时间，未计入",
        "1段录像与其他录像重叠，已合并计算",
    )
    assert clean([(0, H), (H, 2 * H)]).findings == ()  # touching files do not overlap
    assert clean([(0, H), (H, 2 * H)]).spans == (Span(0, 2 * H),)


def test_a_recording_across_midnight_counts_in_both_days() -> None:
    days = [Span(0, DAY), Span(DAY, 2 * DAY)]
    spans = clean([(23 * H, DAY + 2 * H)]).spans
    assert by_day(spans, days) == [[Span(23 * H, DAY)], [Span(DAY, DAY + 2 * H)]]


def test_completeness_leaves_out_maintenance_and_time_out_of_service() -> None:
    day = Span(0, DAY)
    # in maintenance 10:00–14:00; recorded 00:00–09:00 and 11:00–24:00 (gap 09:00–11:00)
    cov = coverage(1, day, Span(-DAY, 10 * DAY), [Span(10 * H, 14 * H)])
    expected = expected_in(cov, day)
    recorded = [Span(0, 9 * H), Span(11 * H, DAY)]
    found = completeness(recorded, expected)
    # expected 20 h; recorded 9 h + (24 − 14) h = 19 h; the gap counts 09:00–10:00 only
    assert (found.recorded_s, found.expected_s) == (19 * H, 20 * H)
    assert found.rate == Fraction(19, 20)
    assert gaps(recorded, expected) == [Span(9 * H, 10 * H)]
    # commissioned at noon: only the afternoon is expected
    later = coverage(2, day, Span(12 * H, 10 * DAY), [])
    assert completeness(recorded, expected_in(later, day)).rate == 1
    assert completeness([], []).rate is None


def test_key_sites_keep_ninety_days_others_thirty() -> None:
    assert required_days(("天网", "重点部位")) == 90
    assert required_days(("天网",)) == 30
    assert required_days(()) == 30
    as_of = dt.date(2026, 12, 6)
    assert kept_days(dt.date(2026, 11, 7), as_of) == 30  # Nov 7 … Dec 6
    assert kept_days(as_of, as_of) == 1
    assert kept_days(None, as_of) == 0
    share = storage_share(
        [
            Retention(1, 30, dt.date(2026, 11, 7), as_of),  # 30 days: compliant
            Retention(2, 30, dt.date(2026, 11, 8), as_of),  # 29 days: not
            Retention(3, 90, dt.date(2026, 11, 7), as_of),  # a key site with 30: not
            Retention(4, 90, dt.date(2026, 9, 8), as_of),  # 90 days: compliant
            Retention(5, 30, None, as_of),  # nothing found
        ]
    )
    assert (share.compliant, share.counted, share.rate) == (2, 5, Fraction(2, 5))
