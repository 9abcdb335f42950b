"""Dates: one event with two dates, durations against their dates."""

from __future__ import annotations

from tests.unit.checks.reports import run

HEAD = "某县公安局\n2021年天网工程运维经费绩效自评报告\n一、项目概况\n"


def test_two_dates_for_one_acceptance_are_reported_with_both_quotes() -> None:
    text = HEAD + (
        "天网工程（以下简称该工程）于2018年12月28日通过终验正式上线运行。\n"
        "天网工程于2019年1月1日通过终验正式上线运行。"
    )
    (finding,) = run("event-date-conflict", text)
    assert "2018年12月28日" in finding.message and "2019年1月1日" in finding.message
    assert len(finding.evidence) == 2


def test_different_subjects_may_have_different_dates() -> None:
    text = HEAD + "一期工程于2019年5月通过验收。\n二期工程于2021年6月通过验收。"
    assert run("event-date-conflict", text) == []


def test_a_month_inside_the_year_does_not_contradict_the_year() -> None:
    text = HEAD + "该系统于2021年2月建成投入使用。\n该系统2021年建成投入使用。"
    assert run("event-date-conflict", text) == []


def test_allocations_on_two_dates_are_two_events() -> None:
    text = HEAD + "2021年1月下达资金50万元。\n2021年6月下达资金50万元。"
    assert run("event-date-conflict", text) == []


def test_running_time_short_of_the_evaluated_year_is_reported() -> None:
    text = HEAD + "天网工程于2019年1月1日通过终验正式上线运行，截止目前，已正常运行2年10月。"
    (finding,) = run("duration-mismatch", text)
    assert "约3年" in finding.message and "2021年11月" in finding.message


def test_running_time_that_fits_the_evaluated_year_is_quiet() -> None:
    text = HEAD + "天网工程于2019年1月1日通过终验正式上线运行，截止目前，已正常运行3年。"
    assert run("duration-mismatch", text) == []


def test_a_stated_span_is_checked_against_its_two_dates() -> None:
    wrong = HEAD + "项目自2021年3月1日至2021年5月31日实施，历时5个月。"
    right = HEAD + "项目自2021年3月1日至2021年5月31日实施，历时3个月。"
    assert len(run("duration-mismatch", wrong)) == 1
    assert run("duration-mismatch", right) == []
