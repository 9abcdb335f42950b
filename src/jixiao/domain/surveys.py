"""Satisfaction surveys (满意度调查): the five-level scale, valid responses and the rate.

满意度 = 满意人数 ÷ 有效调查人数 (财预〔2020〕10号). jixiao counts people, not answers:

- a response is *valid* when every question is answered on the scale (a questionnaire with a
  blank answer is not an effective one, 无效问卷);
- a valid respondent is *satisfied* when the mean of their answers is at least 4
  (比较满意): with one question, when they answered 满意 or 比较满意.

Per question rates are kept for the reader, but do not make the rate: counting answers would
weigh a respondent by the number of questions, and the margin of error assumes independent
people (docs/evidence.md, "Satisfaction surveys").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from jixiao.domain.errors import DomainError
from jixiao.domain.presentation import rate_text

SCALE: dict[str, int] = {"满意": 5, "比较满意": 4, "一般": 3, "不满意": 2, "很不满意": 1}
SCALE_WORDS = "、".join(SCALE)
SATISFIED_FROM = 4  # 比较满意 or better
MIN_SAMPLE = 30  # below this many valid responses the rate is printed with a warning
Z_95 = 1.96


class SurveyError(DomainError):
    """An answer off the scale or a survey that cannot be defined."""


def parse_answer(text: str | int | None) -> int | None:
    """One answer: a scale word or 5…1; blank (None, "") is no answer."""
    if text is None:
        return None
    written = str(text).strip()
    if not written:
        return None
    if written in SCALE:
        return SCALE[written]
    if written in {"1", "2", "3", "4", "5"}:
        return int(written)
    raise SurveyError(f"答案“{written}”不在五级量表内；应为 {SCALE_WORDS}，或 5、4、3、2、1")


@dataclass(frozen=True, slots=True)
class Survey:
    """A survey of one project: who was asked and the questions on the five-level scale."""

    name: str
    questions: tuple[str, ...]
    project: str = ""
    audience: str = ""  # 群众, 基层所队, 参会单位…

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise SurveyError("调查名称不能为空")
        if not self.questions:
            raise SurveyError("调查至少要有一个问题")


@dataclass(frozen=True, slots=True)
class Response:
    """One respondent's answers, in the survey's question order (None = left blank)."""

    answers: tuple[int | None, ...]
    comment: str = ""

    @property
    def valid(self) -> bool:
        return bool(self.answers) and all(a is not None for a in self.answers)

    @property
    def satisfied(self) -> bool:
        if not self.valid:
            return False
        levels = [a for a in self.answers if a is not None]
        return sum(levels) >= SATISFIED_FROM * len(levels)


@dataclass(frozen=True, slots=True)
class QuestionResult:
    question: str
    answered: int
    satisfied: int


@dataclass(frozen=True, slots=True)
class SurveyResult:
    survey: Survey
    responses: int
    valid: int
    satisfied: int
    questions: tuple[QuestionResult, ...]

    @property
    def satisfaction(self) -> Fraction | None:
        return None if self.valid == 0 else Fraction(self.satisfied, self.valid)

    @property
    def margin(self) -> Fraction | None:
        """Half the width of the 95% confidence interval (normal approximation), a fraction.

        Rounded up to 1/10000 so the printed margin never understates the uncertainty.
        """
        rate = self.satisfaction
        if rate is None:
            return None
        exact = Z_95 * math.sqrt(float(rate * (1 - rate)) / self.valid)
        return Fraction(math.ceil(round(exact * 10_000, 9)), 10_000)

    @property
    def warning(self) -> str | None:
        if self.valid < MIN_SAMPLE:
            return f"有效样本{self.valid}份，少于{MIN_SAMPLE}份，满意度仅供参考"
        return None


def tally(survey: Survey, responses: Sequence[Response]) -> SurveyResult:
    valid = [r for r in responses if r.valid]
    questions = []
    for i, question in enumerate(survey.questions):
        given = [r.answers[i] for r in responses if i < len(r.answers)]
        answered = [a for a in given if a is not None]
        questions.append(
            QuestionResult(question, len(answered), sum(1 for a in answered if a >= 4))
        )
    return SurveyResult(
        survey,
        len(responses),
        len(valid),
        sum(1 for r in valid if r.satisfied),
        tuple(questions),
    )


def citation(result: SurveyResult) -> str:
    """The sentence an indicator bound to the survey quotes: rate, sample, margin, method."""
    survey, rate = result.survey, result.satisfaction
    invalid = result.responses - result.valid
    parts = [
        f"满意度{rate_text(rate)}（满意及比较满意{result.satisfied}人/有效答卷{result.valid}份"
        f"，共{result.responses}份答卷"
        + (f"，{invalid}份有空项或未作答，不计入" if invalid else "")
        + "）"
    ]
    if result.margin is not None:
        parts.append(f"95%置信水平下误差±{rate_text(result.margin)}")
    who = f"，对象：{survey.audience}" if survey.audience else ""
    method = "" if len(survey.questions) == 1 else "，按人计：各题平均达到“比较满意”即为满意"
    parts.append(f"调查“{survey.name}”（{len(survey.questions)}个问题{who}{method}）")
    if result.warning:
        parts.append(result.warning)
    parts.append("数据来源：jixiao证据库的满意度调查答卷")
    return "；".join(parts)
