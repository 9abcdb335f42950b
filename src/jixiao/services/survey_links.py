"""Survey links (答卷链接): one-time tokens, a public answer per token, paper questionnaires.

A token is a random string an admin, 财务 or 运维 user issues for a survey; the public page
(/s/{token}) shows the survey and stores one response for it. Nothing about the person is
kept: only the answers, and the time the token was used (so that it is used once).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from jixiao.domain.errors import InputError, Problem
from jixiao.domain.surveys import (
    Response,
    Survey,
    SurveyError,
    SurveyResult,
    parse_answer,
    tally,
)
from jixiao.services.audit import record
from jixiao.services.web_errors import NotFound, Refused
from jixiao.services.web_ports import StoredSurvey, SurveyToken, WebRepos

MAX_TOKENS = 500  # at once: a poster run, not a mailing list
MAX_COMMENT = 2000


class TokenUsed(Refused):
    """The link was answered already (HTTP 409)."""


@dataclass(frozen=True, slots=True)
class SurveyOverview:
    stored: StoredSurvey
    result: SurveyResult
    tokens: list[SurveyToken]

    @property
    def unused(self) -> list[SurveyToken]:
        return [t for t in self.tokens if t.used is None]


def new_token() -> str:
    return secrets.token_urlsafe(12)


def _survey(repos: WebRepos, key: int) -> StoredSurvey:
    for stored in repos.surveys.all():
        if stored.key == key:
            return stored
    raise NotFound("没有这个满意度调查")


def overviews(repos: WebRepos) -> list[SurveyOverview]:
    return [overview(repos, s.key) for s in repos.surveys.all()]


def overview(repos: WebRepos, key: int) -> SurveyOverview:
    stored = _survey(repos, key)
    result = tally(stored.survey, repos.surveys.responses(stored.key))
    return SurveyOverview(stored, result, repos.survey_tokens.of_survey(stored.key))


def issue_tokens(
    repos: WebRepos,
    key: int,
    count: int,
    *,
    actor: str,
    now: int,
    make: Callable[[], str] = new_token,
) -> list[str]:
    """`count` new one-time links of the survey `key`."""
    if not 1 <= count <= MAX_TOKENS:
        raise Refused(f"答卷链接数应为1至{MAX_TOKENS}个", "count")
    stored = _survey(repos, key)
    tokens = [make() for _ in range(count)]
    repos.survey_tokens.add(stored.key, tokens, now)
    record(
        repos,
        actor=actor,
        at=now,
        action="create",
        entity="survey",
        target=stored.survey.name,
        after={"答卷链接": count},
    )
    return tokens


def open_link(repos: WebRepos, token: str) -> tuple[SurveyToken, Survey]:
    """The survey a link answers; NotFound for an unknown token, TokenUsed for a used one."""
    found = repos.survey_tokens.get(token)
    if found is None:
        raise NotFound("答卷链接无效：请核对链接或二维码")
    if found.used is not None:
        raise TokenUsed("此答卷链接已经提交过答卷，每个链接只能作答一次。感谢您的参与！")
    return found, _survey(repos, found.survey).survey


def read_response(survey: Survey, answers: list[str], comment: str) -> Response:
    """A form's answers (scale words or 5…1, one per question, blank allowed) as a Response."""
    if len(answers) != len(survey.questions):
        raise Refused("答卷的题目数与调查不一致，请刷新页面后重新作答")
    if len(comment) > MAX_COMMENT:
        raise Refused(f"意见建议不超过{MAX_COMMENT}字", "comment")
    problems: list[Problem] = []
    levels: list[int | None] = []
    for number, (question, written) in enumerate(zip(survey.questions, answers, strict=True), 1):
        try:
            levels.append(parse_answer(written))
        except SurveyError as error:  # a value no form of ours sends
            problems.append(Problem("答卷", f"第{number}题“{question}”：{error}", None, "answer"))
            levels.append(None)
    if problems:
        raise InputError(problems)
    return Response(tuple(levels), comment.strip())


def answer_link(repos: WebRepos, token: str, answers: list[str], comment: str, *, now: int) -> None:
    """Store one public response and use up its token, in the same transaction."""
    found, survey = open_link(repos, token)
    response = read_response(survey, answers, comment)
    if not repos.survey_tokens.use(found.token, now):
        raise TokenUsed("此答卷链接已经提交过答卷，每个链接只能作答一次。感谢您的参与！")
    repos.surveys.add_responses(found.survey, [response])


def enter_paper(
    repos: WebRepos, key: int, answers: list[str], comment: str, *, actor: str, now: int
) -> None:
    """A paper questionnaire typed in by a logged-in user (no token)."""
    stored = _survey(repos, key)
    response = read_response(stored.survey, answers, comment)
    repos.surveys.add_responses(stored.key, [response])
    record(
        repos,
        actor=actor,
        at=now,
        action="create",
        entity="survey",
        target=stored.survey.name,
        after={"纸质答卷": 1},
    )
