"""Satisfaction surveys (use cases): import the answers of a spreadsheet, tally a survey."""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.domain.errors import InputError, Problem
from jixiao.domain.surveys import Response, Survey, SurveyResult, tally
from jixiao.services.audit import record
from jixiao.services.inventory import Numbered
from jixiao.services.web_ports import WebRepos


def import_responses(
    repos: WebRepos,
    name: str,
    questions: tuple[str, ...],
    rows: Sequence[Numbered[Response]],
    *,
    project: str = "",
    audience: str = "",
    source: str,
    actor: str,
    now: int,
) -> tuple[bool, int]:
    """(created, responses added): the survey is created when its name is new; an existing
    one must have the same questions, in the same order."""
    stored = repos.surveys.get(name)
    created = stored is None
    if stored is None:
        key = repos.surveys.add(Survey(name, questions, project, audience))
    else:
        key = stored.key
        if stored.survey.questions != questions:
            raise InputError(
                [
                    Problem(
                        source,
                        f"问题与已有调查“{name}”不一致：已有{'、'.join(stored.survey.questions)}；"
                        f"文件中为{'、'.join(questions)}",
                        1,
                    )
                ]
            )
    responses = [row.value for row in rows]
    repos.surveys.add_responses(key, responses)
    record(
        repos,
        actor=actor,
        at=now,
        action="import",
        entity="survey",
        target=name,
        after={"文件": source, "答卷": len(responses), "新建": created},
    )
    return created, len(responses)


def survey_result(repos: WebRepos, name: str) -> SurveyResult:
    stored = repos.surveys.get(name)
    if stored is None:
        known = "、".join(s.survey.name for s in repos.surveys.all()) or "（无）"
        raise InputError(
            [Problem("命令行", f"没有名为“{name}”的满意度调查；已有：{known}", None, "NAME")]
        )
    return tally(stored.survey, repos.surveys.responses(stored.key))
