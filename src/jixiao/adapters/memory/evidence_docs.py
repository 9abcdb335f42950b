"""Documents and satisfaction surveys in memory, as adapters/db/evidence_docs.py keeps them."""

from __future__ import annotations

from jixiao.adapters.memory.state import Transaction
from jixiao.domain.documents import Document
from jixiao.domain.surveys import Response, Survey
from jixiao.services.web_ports import StoredSurvey


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
