"""Documents and satisfaction surveys in memory, as adapters/db/evidence_docs.py keeps them."""

from __future__ import annotations

from dataclasses import replace

from jixiao.adapters.memory.state import Transaction
from jixiao.domain.documents import Document
from jixiao.domain.surveys import Response, Survey
from jixiao.services.web_ports import StoredSurvey, SurveyToken


class MemoryDocumentRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, document: Document) -> bool:
        t = self._tx.writing()
        key = (document.project, document.title)
        replaced = key in t.documents
        t.documents[key] = document
        return replaced

    def get(self, project: str, title: str) -> Document | None:
        return self._tx.tables.documents.get((project, title))

    def of_project(self, project: str) -> list[Document]:
        found = [d for (p, _), d in self._tx.tables.documents.items() if p == project]
        return sorted(found, key=lambda d: d.title)


class MemorySurveyRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, survey: Survey) -> int:
        t = self._tx.writing()
        if any(s.name == survey.name for s in t.surveys.values()):
            raise LookupError(f"a survey named {survey.name!r} is stored")  # a unique key
        key = t.new_key("survey")
        t.surveys[key] = survey
        return key

    def get(self, name: str) -> StoredSurvey | None:
        for key, survey in self._tx.tables.surveys.items():
            if survey.name == name:
                return StoredSurvey(key, survey)
        return None

    def all(self) -> list[StoredSurvey]:
        found = [StoredSurvey(k, s) for k, s in self._tx.tables.surveys.items()]
        return sorted(found, key=lambda s: s.survey.name)

    def add_responses(self, key: int, responses: list[Response]) -> None:
        t = self._tx.writing()
        if key not in t.surveys:
            raise LookupError(f"no stored survey has key {key}")  # a foreign key
        t.responses[key] = (*t.responses.get(key, ()), *responses)

    def responses(self, key: int) -> list[Response]:
        return list(self._tx.tables.responses.get(key, ()))


class MemorySurveyTokenRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, survey: int, tokens: list[str], now: int) -> None:
        t = self._tx.writing()
        if survey not in t.surveys:
            raise LookupError(f"no stored survey has key {survey}")  # a foreign key
        for token in tokens:
            if token in t.survey_tokens:
                raise LookupError(f"token {token!r} is stored")  # the primary key
            t.survey_tokens[token] = SurveyToken(token, survey, now)

    def get(self, token: str) -> SurveyToken | None:
        return self._tx.tables.survey_tokens.get(token)

    def use(self, token: str, now: int) -> bool:
        t = self._tx.writing()
        found = t.survey_tokens.get(token)
        if found is None or found.used is not None:
            return False
        t.survey_tokens[token] = replace(found, used=now)
        return True

    def of_survey(self, survey: int) -> list[SurveyToken]:
        found = [s for s in self._tx.tables.survey_tokens.values() if s.survey == survey]
        return sorted(found, key=lambda s: (s.created, s.token))
