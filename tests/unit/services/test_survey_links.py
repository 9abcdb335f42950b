"""Survey links on the in-memory store: issued, answered once, paper answers audited."""

from __future__ import annotations

import json

import pytest

from jixiao.adapters.memory import MemoryStore
from jixiao.domain.errors import InputError
from jixiao.domain.surveys import Response, Survey
from jixiao.services.application import Application
from jixiao.services.survey_links import TokenUsed
from jixiao.services.web_errors import NotFound, Refused


def _survey(store: MemoryStore) -> int:
    with store.write() as repos:
        return repos.surveys.add(Survey("群众满意度", ("建设", "维护")))


def test_a_link_stores_one_response_and_is_then_used(
    application: Application, store: MemoryStore
) -> None:
    key = _survey(store)
    first, second = application.issue_survey_tokens(key, 2, actor="caiwu")
    assert first != second
    assert application.open_survey_link(first).name == "群众满意度"
    application.answer_survey_link(first, ["满意", "3"], " 好 ")
    with pytest.raises(TokenUsed):
        application.answer_survey_link(first, ["满意", "满意"], "")
    with pytest.raises(TokenUsed):
        application.open_survey_link(first)
    with pytest.raises(NotFound):
        application.open_survey_link("unknown")
    overview = application.survey_overview(key)
    # one response, mean (5 + 3) / 2 = 4: satisfied
    assert (overview.result.responses, overview.result.satisfied) == (1, 1)
    assert [t.token for t in overview.unused] == [second]
    with store.read() as repos:
        assert repos.surveys.responses(key) == [Response((5, 3), "好")]
        entries, _ = repos.audit.page(limit=5, entity="survey")
        # the issue is audited; the public answer is not (nothing about the respondent)
        assert [(e.username, json.loads(e.after or "null")) for e in entries] == [
            ("caiwu", {"答卷链接": 2})
        ]


def test_a_wrong_answer_keeps_the_link_unused(application: Application, store: MemoryStore) -> None:
    key = _survey(store)
    (token,) = application.issue_survey_tokens(key, 1, actor="caiwu")
    with pytest.raises(InputError, match="不在五级量表内"):
        application.answer_survey_link(token, ["满意", "还行"], "")
    with pytest.raises(Refused, match="题目数"):
        application.answer_survey_link(token, ["满意"], "")
    assert application.open_survey_link(token).name == "群众满意度"


def test_counts_out_of_range_and_unknown_surveys_are_refused(
    application: Application, store: MemoryStore
) -> None:
    key = _survey(store)
    for count in (0, 501):
        with pytest.raises(Refused, match="1至500"):
            application.issue_survey_tokens(key, count, actor="caiwu")
    with pytest.raises(NotFound):
        application.issue_survey_tokens(key + 1, 1, actor="caiwu")


def test_a_paper_questionnaire_is_stored_without_a_link(
    application: Application, store: MemoryStore
) -> None:
    key = _survey(store)
    application.enter_paper_survey(key, ["不满意", ""], "", actor="caiwu")
    result = application.survey_overview(key).result
    assert (result.responses, result.valid) == (1, 0)
