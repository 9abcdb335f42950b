"""Surveys with their responses, and document descriptions, on every store."""

from __future__ import annotations

import datetime as dt

import pytest

from jixiao.domain.documents import Document
from jixiao.domain.surveys import Response, Survey
from jixiao.services.web_ports import WebStore

SHA = "a" * 64


def test_a_survey_and_its_responses_round_trip(store: WebStore) -> None:
    survey = Survey("群众满意度", ("建设", "维护"), "地网工程", "群众")
    with store.write() as repos:
        key = repos.surveys.add(survey)
        repos.surveys.add_responses(key, [Response((5, None), "很好"), Response((1, 2))])
    with store.write() as repos:
        repos.surveys.add_responses(key, [Response((4, 4))])
    with store.read() as repos:
        stored = repos.surveys.get("群众满意度")
        assert stored is not None and stored.key == key and stored.survey == survey
        assert repos.surveys.responses(key) == [
            Response((5, None), "很好"),
            Response((1, 2)),
            Response((4, 4)),
        ]
        assert repos.surveys.get("别的调查") is None
        assert [s.survey.name for s in repos.surveys.all()] == ["群众满意度"]


def test_responses_of_a_failed_block_are_not_kept(store: WebStore) -> None:
    with pytest.raises(RuntimeError), store.write() as repos:
        key = repos.surveys.add(Survey("x", ("q",)))
        repos.surveys.add_responses(key, [Response((5,))])
        raise RuntimeError
    with store.read() as repos:
        assert repos.surveys.get("x") is None


def test_a_document_is_replaced_by_project_and_title(store: WebStore) -> None:
    report = Document(
        "地网工程",
        "等保二级测评报告",
        "等保测评报告",
        SHA,
        1234,
        "pdf",
        "r.pdf",
        "测评机构",
        dt.date(2021, 10, 20),
    )
    with store.write() as repos:
        assert repos.documents.add(report) is False
        assert not repos.documents.add(Document("地网工程", "验收报告", "验收报告", SHA, 1, "pdf"))
        assert repos.documents.add(Document("天网", "验收报告", "验收报告", SHA, 1, "pdf")) is False
    with store.write() as repos:
        assert repos.documents.add(report) is True
    with store.read() as repos:
        assert repos.documents.get("地网工程", "等保二级测评报告") == report
        assert [d.title for d in repos.documents.of_project("地网工程")] == [
            "等保二级测评报告",
            "验收报告",
        ]
        assert repos.documents.get("天网", "等保二级测评报告") is None
