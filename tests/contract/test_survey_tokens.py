"""One-time answer links of a survey (survey_token) on every store."""

from __future__ import annotations

import pytest

from jixiao.domain.surveys import Survey
from jixiao.services.web_ports import SurveyToken, WebStore


def test_a_token_is_used_once(store: WebStore) -> None:
    with store.write() as repos:
        key = repos.surveys.add(Survey("群众满意度", ("建设",)))
        repos.survey_tokens.add(key, ["tok-b", "tok-a"], 100)
        repos.survey_tokens.add(key, ["tok-c"], 200)
    with store.write() as repos:
        assert repos.survey_tokens.use("tok-a", 300) is True
    with store.write() as repos:
        assert repos.survey_tokens.use("tok-a", 400) is False
        assert repos.survey_tokens.use("no-such", 400) is False
    with store.read() as repos:
        assert repos.survey_tokens.get("tok-a") == SurveyToken("tok-a", key, 100, 300)
        assert repos.survey_tokens.get("tok-c") == SurveyToken("tok-c", key, 200)
        assert repos.survey_tokens.get("no-such") is None
        assert [t.token for t in repos.survey_tokens.of_survey(key)] == ["tok-a", "tok-b", "tok-c"]
        assert repos.survey_tokens.of_survey(key + 1) == []


def test_tokens_of_a_failed_block_are_not_kept(store: WebStore) -> None:
    with store.write() as repos:
        key = repos.surveys.add(Survey("x", ("q",)))
        repos.survey_tokens.add(key, ["t1"], 1)
    with pytest.raises(RuntimeError), store.write() as repos:
        repos.survey_tokens.add(key, ["t2"], 2)
        assert repos.survey_tokens.use("t1", 3)
        raise RuntimeError
    with store.read() as repos:
        assert repos.survey_tokens.get("t2") is None
        assert repos.survey_tokens.get("t1") == SurveyToken("t1", key, 1)
