"""Documents and satisfaction surveys in the SQL store (tables.document, survey, survey_response)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select, update

from jixiao.adapters.db import tables as t
from jixiao.domain.documents import Document
from jixiao.domain.surveys import Response, Survey
from jixiao.services.web_ports import StoredSurvey, SurveyToken

_DOCUMENT_FIELDS = ("kind", "sha256", "size", "file_type", "filename", "issuer", "issued")


def _document(row: Any) -> Document:
    return Document(
        row.project,
        row.title,
        row.kind,
        row.sha256,
        row.size,
        row.file_type,
        row.filename,
        row.issuer,
        row.issued,
    )


class SqlDocumentRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, document: Document) -> bool:
        values = {f: getattr(document, f) for f in _DOCUMENT_FIELDS}
        where = (t.document.c.project == document.project) & (t.document.c.title == document.title)
        if self._c.execute(select(t.document.c.id).where(where)).first() is not None:
            self._c.execute(update(t.document).where(where).values(**values))
            return True
        self._c.execute(
            insert(t.document).values(project=document.project, title=document.title, **values)
        )
        return False

    def get(self, project: str, title: str) -> Document | None:
        row = self._c.execute(
            select(t.document).where(
                (t.document.c.project == project) & (t.document.c.title == title)
            )
        ).first()
        return None if row is None else _document(row)

    def of_project(self, project: str) -> list[Document]:
        rows = self._c.execute(
            select(t.document).where(t.document.c.project == project).order_by(t.document.c.title)
        )
        return [_document(r) for r in rows]


def _survey(row: Any) -> StoredSurvey:
    questions = tuple(json.loads(row.questions))
    return StoredSurvey(row.id, Survey(row.name, questions, row.project, row.audience))


class SqlSurveyRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, survey: Survey) -> int:
        result = self._c.execute(
            insert(t.survey).values(
                name=survey.name,
                project=survey.project,
                audience=survey.audience,
                questions=json.dumps(list(survey.questions), ensure_ascii=False),
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def get(self, name: str) -> StoredSurvey | None:
        row = self._c.execute(select(t.survey).where(t.survey.c.name == name)).first()
        return None if row is None else _survey(row)

    def all(self) -> list[StoredSurvey]:
        return [_survey(r) for r in self._c.execute(select(t.survey).order_by(t.survey.c.name))]

    def add_responses(self, key: int, responses: list[Response]) -> None:
        if responses:
            self._c.execute(
                insert(t.survey_response),
                [
                    {"survey_id": key, "answers": json.dumps(list(r.answers)), "comment": r.comment}
                    for r in responses
                ],
            )

    def responses(self, key: int) -> list[Response]:
        rows = self._c.execute(
            select(t.survey_response)
            .where(t.survey_response.c.survey_id == key)
            .order_by(t.survey_response.c.id)
        )
        return [Response(tuple(json.loads(r.answers)), r.comment) for r in rows]


def _token(row: Any) -> SurveyToken:
    return SurveyToken(row.token, row.survey_id, row.created, row.used)


class SqlSurveyTokenRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, survey: int, tokens: list[str], now: int) -> None:
        if tokens:
            self._c.execute(
                insert(t.survey_token),
                [{"token": token, "survey_id": survey, "created": now} for token in tokens],
            )

    def get(self, token: str) -> SurveyToken | None:
        row = self._c.execute(select(t.survey_token).where(t.survey_token.c.token == token)).first()
        return None if row is None else _token(row)

    def use(self, token: str, now: int) -> bool:
        result = self._c.execute(
            update(t.survey_token)
            .where((t.survey_token.c.token == token) & t.survey_token.c.used.is_(None))
            .values(used=now)
        )
        return result.rowcount == 1

    def of_survey(self, survey: int) -> list[SurveyToken]:
        rows = self._c.execute(
            select(t.survey_token)
            .where(t.survey_token.c.survey_id == survey)
            .order_by(t.survey_token.c.created, t.survey_token.c.token)
        )
        return [_token(r) for r in rows]
