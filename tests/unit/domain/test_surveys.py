"""domain/surveys.py: the scale, valid responses, satisfaction and its margin, by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from jixiao.domain.surveys import Response, Survey, SurveyError, citation, parse_answer, tally

ONE = Survey("群众满意度", ("您对视频监控建设是否满意",), audience="群众")
TWO = Survey("所队满意度", ("画面质量", "故障修复"), audience="基层所队")


@pytest.mark.parametrize(
    ("written", "level"),
    [("满意", 5), ("比较满意", 4), ("一般", 3), ("不满意", 2), ("很不满意", 1), ("5", 5), (1, 1)],
)
def test_the_five_levels_in_words_or_numbers(written: str | int, level: int) -> None:
    assert parse_answer(written) == level


@pytest.mark.parametrize("blank", [None, "", "  "])
def test_a_blank_is_no_answer(blank: str | None) -> None:
    assert parse_answer(blank) is None


@pytest.mark.parametrize("off", ["6", "0", "非常满意", "4.5"])
def test_an_answer_off_the_scale_is_refused_in_chinese(off: str) -> None:
    with pytest.raises(SurveyError, match=f"答案“{off}”不在五级量表内"):
        parse_answer(off)


def test_satisfaction_counts_valid_respondents_only() -> None:
    # 5 answered 满意/比较满意, 2 一般, 1 很不满意, 2 blank: 5/8 valid, not 5/10.
    answers = [5, 5, 4, 4, 5, 3, 3, 1, None, None]
    result = tally(ONE, [Response((a,)) for a in answers])
    assert (result.responses, result.valid, result.satisfied) == (10, 8, 5)
    assert result.satisfaction == Fraction(5, 8)
    # 1.96·√(0.625·0.375/8) = 0.335479… → rounded up to 33.55%
    assert result.margin == Fraction(3355, 10_000)
    assert result.warning == "有效样本8份，少于30份，满意度仅供参考"


def test_several_questions_combine_per_respondent() -> None:
    # (5,3): mean 4 → satisfied; (4,3): mean 3.5 → not; (5,None): blank → not valid.
    result = tally(TWO, [Response((5, 3)), Response((4, 3)), Response((5, None))])
    assert (result.valid, result.satisfied) == (2, 1)
    assert [(q.answered, q.satisfied) for q in result.questions] == [(3, 3), (2, 0)]


def test_thirty_valid_responses_carry_no_warning_and_a_full_sample_no_margin() -> None:
    result = tally(ONE, [Response((5,))] * 30)
    assert result.warning is None
    assert result.satisfaction == 1 and result.margin == 0


def test_the_citation_quotes_sample_margin_and_method() -> None:
    result = tally(TWO, [Response((5, 4))] * 3 + [Response((2, 2)), Response((None, 5))])
    assert citation(result) == (
        "满意度75%（满意及比较满意3人/有效答卷4份，共5份答卷，1份有空项或未作答，不计入）；"
        "95%置信水平下误差±42.44%；"
        "调查“所队满意度”（2个问题，对象：基层所队，按人计：各题平均达到“比较满意”即为满意）；"
        "有效样本4份，少于30份，满意度仅供参考；数据来源：jixiao证据库的满意度调查答卷"
    )
