"""Hand-computed checks of the scoring rules (DESIGN.md "Scoring rules"; reference note §1.4–1.6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jixiao.domain.errors import GradeError, TargetError
from jixiao.domain.scoring import (
    GRADE_BANDS,
    ReverseRule,
    RuleResult,
    ScoringSettings,
    grade_for,
    grade_points,
    is_overshoot,
    round_score,
    score_share,
)
from jixiao.domain.targets import (
    EvidenceRef,
    Grade,
    Graded,
    parse_actual,
    parse_grade,
    parse_target,
)

YEAR = 2021


def settings(
    reverse: ReverseRule = ReverseRule.RATIO, overshoot_flag: str = "1.2"
) -> ScoringSettings:
    return ScoringSettings(weights={}, reverse=reverse, overshoot_flag=Decimal(overshoot_flag))


def rule(
    target: str,
    actual: str | dt.date,
    points: str = "10",
    reverse: ReverseRule = ReverseRule.RATIO,
    year: int = YEAR,
) -> RuleResult:
    parsed = parse_target(target)
    measured = parse_actual(actual, parsed)
    assert not isinstance(measured, EvidenceRef)
    return score_share(parsed, measured, Decimal(points), settings(reverse), year)


def score(
    target: str,
    actual: str | dt.date,
    points: str = "10",
    reverse: ReverseRule = ReverseRule.RATIO,
    year: int = YEAR,
) -> Decimal:
    """The rounded, capped score of `actual` against `target` worth `points`."""
    return round_score(Decimal(points), rule(target, actual, points, reverse, year).share)


def qualitative(grade: str, given: str | None, points: str = "15") -> Decimal:
    target = parse_target("定性:系统长效稳定运行")
    actual = parse_grade(grade, None if given is None else Decimal(given))
    result = score_share(target, actual, Decimal(points), settings(), YEAR)
    return round_score(Decimal(points), result.share)


# --- ≥ X ------------------------------------------------------------------------------------


def test_an_at_least_target_that_is_exceeded_earns_full_points() -> None:
    # 96.2% ≥ 95% -> full 10
    assert score("≥95%", "96.2%") == Decimal("10.00")


def test_an_at_least_target_met_exactly_earns_full_points() -> None:
    assert score("≥1200个", "1200个") == Decimal("10.00")


def test_a_count_short_of_an_at_least_target_earns_points_in_proportion() -> None:
    # 10 × 1180 / 1200 = 9.8333… -> 9.83
    assert score("≥1200个", "1180个") == Decimal("9.83")


def test_a_rate_short_of_an_at_least_target_earns_points_in_proportion() -> None:
    # 10 × 88 / 90 = 9.7777… -> 9.78
    assert score("≥90%", "88%") == Decimal("9.78")


def test_a_shortfall_reports_its_completion_and_working() -> None:
    result = rule("≥1200个", "1180个")
    assert result.completion == Decimal(1180) / Decimal(1200)
    assert result.working == "分值×1180÷1200"


def test_an_actual_of_zero_against_an_at_least_target_earns_nothing() -> None:
    assert score("≥1200个", "0个") == Decimal("0.00")


def test_an_actual_in_a_convertible_unit_is_scored_in_the_targets_unit() -> None:
    # ≥10万元, actual 95000元 = 9.5万元: 10 × 9.5 / 10 = 9.50
    assert score("≥10万元", "95000元") == Decimal("9.50")


# --- ≤ X ------------------------------------------------------------------------------------


def test_a_missed_at_most_target_scores_by_the_ratio_rule_by_default() -> None:
    # 10 × 2 / 2.5 = 8.00
    assert score("≤2小时", "2.5小时") == Decimal("8.00")


def test_a_missed_at_most_target_scores_by_the_linear_rule_when_chosen() -> None:
    # 10 × (1 − (2.5 − 2) / 2) = 10 × 0.75 = 7.50
    assert score("≤2小时", "2.5小时", reverse=ReverseRule.LINEAR) == Decimal("7.50")


def test_the_linear_rule_gives_nothing_at_twice_the_target() -> None:
    # 10 × (1 − (4 − 2) / 2) = 0
    assert score("≤2小时", "4小时", reverse=ReverseRule.LINEAR) == Decimal("0.00")


def test_the_linear_rule_gives_nothing_beyond_twice_the_target() -> None:
    # 1 − (5 − 2) / 2 = −0.5 -> floored at 0
    assert score("≤2小时", "5小时", reverse=ReverseRule.LINEAR) == Decimal("0.00")


def test_the_ratio_rule_still_scores_at_twice_the_target() -> None:
    # 10 × 2 / 4 = 5.00
    assert score("≤2小时", "4小时") == Decimal("5.00")


def test_an_at_most_target_that_is_met_earns_full_points_under_either_rule() -> None:
    # 171万元 ≤ 180万元
    assert score("≤180万元", "171万元") == Decimal("10.00")
    assert score("≤180万元", "171万元", reverse=ReverseRule.LINEAR) == Decimal("10.00")


def test_an_at_most_target_met_exactly_earns_full_points() -> None:
    assert score("≤2小时", "2小时") == Decimal("10.00")


def test_an_at_most_zero_target_with_a_positive_actual_earns_nothing_under_either_rule() -> None:
    assert score("≤0次", "1次") == Decimal("0.00")
    assert score("≤0次", "1次", reverse=ReverseRule.LINEAR) == Decimal("0.00")


def test_an_at_most_zero_target_with_a_zero_actual_earns_full_points() -> None:
    assert score("≤0次", "0次") == Decimal("10.00")


def test_an_at_most_actual_in_minutes_is_converted_to_the_targets_hours() -> None:
    # 150分钟 = 2.5小时: 10 × 2 / 2.5 = 8.00
    assert score("≤2小时", "150分钟") == Decimal("8.00")


# --- = X ------------------------------------------------------------------------------------


def test_an_equal_target_above_zero_is_scored_as_at_least_when_short() -> None:
    # =5次, actual 4次: 10 × 4 / 5 = 8.00
    assert score("=5次", "4次") == Decimal("8.00")


def test_an_equal_target_above_zero_is_scored_as_at_least_when_exceeded() -> None:
    # =5次, actual 6次: ≥ rule -> full
    assert score("=5次", "6次") == Decimal("10.00")


def test_an_equal_zero_target_with_a_zero_actual_earns_full_points() -> None:
    assert score("=0次", "0次") == Decimal("10.00")


def test_an_equal_zero_target_with_any_occurrence_earns_nothing() -> None:
    assert score("=0次", "1次") == Decimal("0.00")


# --- deadlines ------------------------------------------------------------------------------


def test_a_month_deadline_written_with_qian_means_the_last_day_of_that_month() -> None:
    target = parse_target("2021年11月前")
    assert target.deadline is not None
    assert target.deadline.last == dt.date(2021, 11, 30)


def test_work_done_before_the_deadline_earns_full_points() -> None:
    assert score("2021年11月前", dt.date(2021, 11, 20)) == Decimal("10.00")


def test_work_done_on_the_deadline_day_earns_full_points() -> None:
    assert score("2021年11月前", dt.date(2021, 11, 30)) == Decimal("10.00")


def test_late_work_earns_points_in_proportion_to_days_since_the_year_start() -> None:
    # 2021-01-01 -> 2021-11-30 is 333 days, -> 2021-12-31 is 364 days
    # 10 × 333 / 364 = 9.1483… -> 9.15
    result = rule("2021年11月前", dt.date(2021, 12, 31))
    assert result.working == "逾期：分值×333天÷364天（自2021-01-01起算）"
    assert round_score(Decimal(10), result.share) == Decimal("9.15")


def test_a_completion_written_only_to_the_month_is_taken_at_the_months_end() -> None:
    # "2021年12月" -> 2021-12-31: same 10 × 333 / 364 = 9.15
    assert score("2021年11月前", "2021年12月") == Decimal("9.15")


def test_work_finished_in_the_next_year_is_still_scored_by_days_taken() -> None:
    # 2021-01-01 -> 2022-03-31 = 365 + 89 = 454 days; 10 × 333 / 454 = 7.3348… -> 7.33
    assert score("2021年11月前", dt.date(2022, 3, 31)) == Decimal("7.33")


# --- qualitative ----------------------------------------------------------------------------


def test_the_grade_bands_are_80_to_100_60_to_80_and_0_to_60_percent() -> None:
    assert GRADE_BANDS[Grade.ACHIEVED] == (Decimal("0.8"), Decimal(1), True)
    assert GRADE_BANDS[Grade.PARTLY] == (Decimal("0.6"), Decimal("0.8"), False)
    assert GRADE_BANDS[Grade.NOT_ACHIEVED] == (Decimal(0), Decimal("0.6"), False)
    assert len(GRADE_BANDS) == 3


def test_partly_achieved_with_points_inside_its_band_earns_those_points() -> None:
    # 15 pts: 部分达成 band [9, 12); 10.5 is inside
    assert qualitative("部分达成", "10.5") == Decimal("10.50")


def test_partly_achieved_at_the_bands_open_top_is_rejected_with_the_band() -> None:
    with pytest.raises(GradeError) as raised:
        qualitative("部分达成", "12")
    assert str(raised.value) == (
        "定性档次“部分达成年度指标并具有一定效果”的得分12超出允许范围 [9, 12)（分值15的60%–80%）"
    )


def test_partly_achieved_below_its_band_is_rejected() -> None:
    with pytest.raises(GradeError) as raised:
        qualitative("部分达成", "8.9")
    assert str(raised.value) == (
        "定性档次“部分达成年度指标并具有一定效果”的得分8.9超出允许范围 [9, 12)（分值15的60%–80%）"
    )


def test_achieved_with_points_omitted_earns_full_points() -> None:
    assert qualitative("达成", None) == Decimal("15")


def test_partly_achieved_with_points_omitted_is_an_error() -> None:
    with pytest.raises(GradeError) as raised:
        qualitative("部分达成", None)
    assert str(raised.value) == (
        "定性档次“部分达成年度指标并具有一定效果”须填写得分（points），范围 [9, 12)"
    )


def test_not_achieved_with_points_omitted_is_an_error() -> None:
    with pytest.raises(GradeError):
        qualitative("未达成", None)


def test_achieved_at_the_bands_closed_bottom_is_accepted() -> None:
    # 80% of 15 = 12.0
    assert grade_points(Graded(Grade.ACHIEVED, Decimal("12.0")), Decimal(15)) == Decimal("12.0")


def test_achieved_at_full_points_is_accepted() -> None:
    assert grade_points(Graded(Grade.ACHIEVED, Decimal(15)), Decimal(15)) == Decimal(15)


def test_achieved_below_its_band_is_rejected() -> None:
    with pytest.raises(GradeError):
        grade_points(Graded(Grade.ACHIEVED, Decimal("11.99")), Decimal(15))


def test_achieved_above_the_indicators_points_is_rejected() -> None:
    with pytest.raises(GradeError):
        grade_points(Graded(Grade.ACHIEVED, Decimal("15.01")), Decimal(15))


def test_partly_achieved_at_the_bands_closed_bottom_is_accepted() -> None:
    # 60% of 15 = 9.0
    assert grade_points(Graded(Grade.PARTLY, Decimal("9.0")), Decimal(15)) == Decimal("9.0")


def test_not_achieved_just_below_sixty_percent_is_accepted() -> None:
    assert grade_points(Graded(Grade.NOT_ACHIEVED, Decimal("8.99")), Decimal(15)) == Decimal("8.99")


def test_not_achieved_at_sixty_percent_is_rejected() -> None:
    with pytest.raises(GradeError):
        grade_points(Graded(Grade.NOT_ACHIEVED, Decimal("9.0")), Decimal(15))


def test_not_achieved_with_zero_points_is_accepted() -> None:
    assert grade_points(Graded(Grade.NOT_ACHIEVED, Decimal(0)), Decimal(15)) == Decimal(0)


def test_a_grade_against_a_numeric_target_is_an_error() -> None:
    with pytest.raises(TargetError):
        score_share(parse_target("≥95%"), Graded(Grade.ACHIEVED), Decimal(10), settings(), YEAR)


def test_the_qualitative_working_names_the_grade_and_the_points() -> None:
    target = parse_target("定性:长效运行")
    result = score_share(
        target, parse_grade("部分达成", Decimal("10.5")), Decimal(15), settings(), YEAR
    )
    # 10.5 / 15 = 0.7
    assert result.share == Decimal("0.7")
    assert result.working == "定性“部分达成年度指标并具有一定效果”，评定10.5分"


# --- overshoot ------------------------------------------------------------------------------


def test_an_actual_far_above_target_is_flagged_but_keeps_full_points() -> None:
    # 420 / 300 = 1.4 ≥ 1.2 -> flagged; 15 pts, not deducted
    target = parse_target("≥300起")
    result = rule("≥300起", "420起", points="15")
    assert result.completion == Decimal("1.4")
    assert is_overshoot(target, result.completion, settings()) is True
    assert round_score(Decimal(15), result.share) == Decimal("15")


def test_an_actual_at_119_percent_of_target_is_not_flagged() -> None:
    # 357 / 300 = 1.19 < 1.2
    target = parse_target("≥300起")
    result = rule("≥300起", "357起", points="15")
    assert result.completion == Decimal("1.19")
    assert is_overshoot(target, result.completion, settings()) is False


def test_an_actual_at_exactly_the_flag_ratio_is_flagged() -> None:
    # 360 / 300 = 1.2
    target = parse_target("≥300起")
    assert is_overshoot(target, rule("≥300起", "360起").completion, settings()) is True


def test_the_overshoot_flag_ratio_comes_from_the_settings() -> None:
    # 420 / 300 = 1.4 < 1.5
    target = parse_target("≥300起")
    completion = rule("≥300起", "420起").completion
    assert is_overshoot(target, completion, settings(overshoot_flag="1.5")) is False


def test_an_equal_target_far_exceeded_is_flagged() -> None:
    # =5次, 6次: 6 / 5 = 1.2
    target = parse_target("=5次")
    assert is_overshoot(target, rule("=5次", "6次").completion, settings()) is True


def test_an_at_most_target_is_never_flagged_as_overshoot() -> None:
    target = parse_target("≤2小时")
    assert is_overshoot(target, Decimal(2), settings()) is False


# --- rounding -------------------------------------------------------------------------------


def test_a_score_ending_in_half_a_cent_rounds_up() -> None:
    # 10 × 730 / 800 = 9.125 exactly -> 9.13 half-up (half-even would give 9.12)
    assert rule("≥800个", "730个").share == Decimal("0.9125")
    assert score("≥800个", "730个") == Decimal("9.13")


def test_round_score_rounds_half_up_to_two_places() -> None:
    # 10 × 0.0125 = 0.125 -> 0.13
    assert round_score(Decimal(10), Decimal("0.0125")) == Decimal("0.13")


def test_round_score_never_exceeds_the_points() -> None:
    assert round_score(Decimal(10), Decimal("1.5")) == Decimal(10)


def test_round_score_never_goes_below_zero() -> None:
    assert round_score(Decimal(10), Decimal("-0.1")) == Decimal(0)


# --- grades ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_the_grade_follows_the_90_80_60_thresholds(total: str, grade: str) -> None:
    assert grade_for(Decimal(total)) == grade


def test_score_share_refuses_a_date_actual_for_a_numeric_target_in_chinese() -> None:
    from jixiao.domain.targets import Dated

    settings = ScoringSettings(weights={})
    with pytest.raises(TargetError, match="不是时限"):
        score_share(
            parse_target("≥95%"),
            Dated(dt.date(2021, 5, 1), "2021-05-01"),
            Decimal(10),
            settings,
            2021,
        )


def test_score_share_refuses_a_number_for_a_deadline_target_in_chinese() -> None:
    from jixiao.domain.quantities import parse_quantity
    from jixiao.domain.targets import Measured

    settings = ScoringSettings(weights={})
    actual = Measured(parse_quantity("5个"), "5个")
    with pytest.raises(TargetError, match="实际完成值不能是数值"):
        score_share(parse_target("2021年11月前"), actual, Decimal(10), settings, 2021)
