"""Properties of the online rate, checked with Hypothesis over random small histories."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.domain.availability import (
    NEVER_AFTER,
    NEVER_BEFORE,
    Coverage,
    History,
    Span,
    Tally,
    censuses_from_states,
    coverage,
    mean_share,
    reference_segment_sums,
    sample_plan,
    sampled,
    segment_states,
    tallies_from_states,
    time_plan,
    time_weighted,
)

WINDOW = Span(0, 1_000)
BUCKETS = [Span(0, 250), Span(250, 500), Span(500, 1_000)]
ALWAYS = Span(NEVER_BEFORE, NEVER_AFTER)

times = st.integers(min_value=-50, max_value=1_050)
changes_st = st.lists(st.tuples(times, st.booleans()), max_size=12).map(
    lambda cs: sorted({at: on for at, on in cs}.items())
)
spans_st = st.tuples(times, times).map(lambda ab: Span(min(ab), max(ab)))


@st.composite
def histories_st(draw: st.DrawFn, *, plain: bool = False) -> list[History]:
    out = []
    for key in range(1, draw(st.integers(min_value=1, max_value=4)) + 1):
        life = ALWAYS if plain else draw(st.one_of(st.just(ALWAYS), spans_st))
        maintenance = () if plain else tuple(draw(st.lists(spans_st, max_size=3)))
        cov = coverage(key, WINDOW, life, maintenance)
        changes = tuple(draw(changes_st))
        before = [c for c in changes if c[0] <= WINDOW.start]
        initially = before[-1][1] if before else False
        within = tuple(c for c in changes if WINDOW.start < c[0] < WINDOW.end)
        out.append(History(cov, initially, within))
    return out


def _total(histories: list[History]) -> Tally:
    tally = Tally()
    for t in time_weighted(histories, BUCKETS):
        tally.add(t)
    return tally


@given(histories_st())
def test_rate_lies_between_zero_and_one(histories: list[History]) -> None:
    rate = _total(histories).rate
    assert rate is None or 0 <= rate <= 1
    share = mean_share(sampled(histories, list(range(0, 1_000, 37))))
    assert share is None or 0 <= share <= 1


@given(
    histories_st(), st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=400)
)
def test_a_longer_outage_never_raises_the_rate(
    histories: list[History], start: int, length: int
) -> None:
    """Forcing the first device offline over an extra stretch can only lower the rate."""
    first = histories[0]
    end = min(start + length, WINDOW.end)
    kept = [c for c in first.changes if not start <= c[0] < end]
    status_after = _status(first, end)
    longer = sorted([*kept, (start, False), *([(end, status_after)] if end < WINDOW.end else [])])
    longer = sorted({at: on for at, on in longer}.items())
    if start == WINDOW.start:
        worse = History(first.coverage, False, tuple(c for c in longer if c[0] > WINDOW.start))
    else:
        worse = History(first.coverage, first.initially_online, tuple(longer))
    before, after = _total(histories), _total([worse, *histories[1:]])
    assert after.expected_s == before.expected_s
    assert after.online_s <= before.online_s


def _status(history: History, moment: int) -> bool:
    status = history.initially_online
    for at, on in history.changes:
        if at <= moment:
            status = on
    return status


@settings(max_examples=60)
@given(histories_st(plain=True))
def test_time_weighted_equals_sampled_when_samples_are_dense(histories: list[History]) -> None:
    """Sampling every second of the window gives the time-weighted rate exactly."""
    assert (
        mean_share(sampled(histories, list(range(WINDOW.start, WINDOW.end))))
        == _total(histories).rate
    )


@given(histories_st(), st.integers(min_value=1, max_value=999))
def test_splitting_the_window_adds_up(histories: list[History], cut: int) -> None:
    halves = time_weighted(histories, [Span(0, cut), Span(cut, 1_000)])
    assert halves[0].online_s + halves[1].online_s == _total(histories).online_s
    assert halves[0].expected_s + halves[1].expected_s == _total(histories).expected_s


@given(histories_st())
def test_a_repeated_status_changes_nothing(histories: list[History]) -> None:
    first = histories[0]
    if not first.changes or first.changes[-1][0] >= WINDOW.end - 1:
        return
    at, on = first.changes[-1]
    repeated = History(first.coverage, first.initially_online, (*first.changes, (at + 1, on)))
    assert _total([repeated, *histories[1:]]) == _total(histories)


@given(histories_st(), st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=8))
def test_segment_sums_agree_with_the_per_device_reference(
    histories: list[History], instants: list[int]
) -> None:
    """The store's path (a plan plus sums over all changes) equals the per-device reference."""
    coverages: list[Coverage] = [h.coverage for h in histories]
    changes = {
        h.coverage.key: ([(WINDOW.start - 100, True)] if h.initially_online else [])
        + list(h.changes)
        for h in histories
    }
    plan = time_plan(coverages, BUCKETS)
    states = segment_states(plan, reference_segment_sums(plan, changes))
    assert tallies_from_states(plan, states, BUCKETS) == time_weighted(histories, BUCKETS)
    moments = sorted(set(instants))
    plan = sample_plan(coverages, moments)
    states = segment_states(plan, reference_segment_sums(plan, changes))
    assert censuses_from_states(states) == sampled(histories, moments)
