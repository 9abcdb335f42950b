"""The web app's records in the evidence store: users, sessions, audit log, settings.

`SqlWebStore` is the evidence store with these repositories added to each transaction, so a
change and its audit entry commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from jixiao.adapters.db import tables as t
from jixiao.adapters.db.corrections import SqlCorrectionRepo
from jixiao.adapters.db.engine import IMMEDIATE
from jixiao.adapters.db.evidence_docs import SqlDocumentRepo, SqlSurveyRepo, SqlSurveyTokenRepo
from jixiao.adapters.db.probes import SqlProbeRepo
from jixiao.adapters.db.projects import new_key
from jixiao.adapters.db.recordings import SqlRecordingRepo
from jixiao.adapters.db.repos import SqlRepos, SqlStore
from jixiao.adapters.db.tickets import SqlTicketRepo
from jixiao.services.web_ports import (
    USER_FIELDS,
    AuditEntry,
    LoggedChange,
    Role,
    StoredSession,
    User,
)


def _user(row: Any) -> User:
    return User(
        row.id,
        row.username,
        row.display_name,
        Role(row.role),
        bool(row.active),
        bool(row.must_change_password),
        row.failed_logins,
        row.locked_until,
        row.created_at,
    )


class SqlUserRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(
        self, username: str, display_name: str, role: Role, password_hash: str, *, now: int
    ) -> int:
        values = {
            "username": username,
            "display_name": display_name,
            "role": role.value,
            "password_hash": password_hash,
            "created_at": now,
        }
        return new_key(self._c.execute(insert(t.app_user).values(values)))

    def by_name(self, username: str) -> tuple[User, str] | None:
        row = self._c.execute(select(t.app_user).where(t.app_user.c.username == username)).first()
        return None if row is None else (_user(row), row.password_hash)

    def by_id(self, user_id: int) -> User | None:
        row = self._c.execute(select(t.app_user).where(t.app_user.c.id == user_id)).first()
        return None if row is None else _user(row)

    def all(self) -> list[User]:
        return [_user(r) for r in self._c.execute(select(t.app_user).order_by(t.app_user.c.id))]

    def update(self, user_id: int, **fields: object) -> None:
        unknown = set(fields) - USER_FIELDS
        assert not unknown, f"not a user column: {unknown}"
        values = {k: (int(v) if isinstance(v, bool) else v) for k, v in fields.items()}
        if not values:
            return
        self._c.execute(update(t.app_user).where(t.app_user.c.id == user_id).values(values))

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(t.app_user)).scalar() or 0)

    def active_admins(self) -> int:
        u = t.app_user
        query = select(func.count()).where(u.c.role == Role.ADMIN.value, u.c.active == 1)
        return int(self._c.execute(query).scalar() or 0)


class SqlSessionRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, token_hash: str, user_id: int, csrf_token: str, *, now: int) -> None:
        self._c.execute(
            insert(t.app_session).values(
                token_hash=token_hash,
                user_id=user_id,
                csrf_token=csrf_token,
                created_at=now,
                last_seen=now,
            )
        )

    def get(self, token_hash: str) -> StoredSession | None:
        s = t.app_session
        row = self._c.execute(select(s).where(s.c.token_hash == token_hash)).first()
        if row is None:
            return None
        return StoredSession(row.user_id, row.csrf_token, row.created_at, row.last_seen)

    def touch(self, token_hash: str, *, now: int) -> None:
        s = t.app_session
        self._c.execute(update(s).where(s.c.token_hash == token_hash).values(last_seen=now))

    def delete(self, token_hash: str) -> None:
        self._c.execute(delete(t.app_session).where(t.app_session.c.token_hash == token_hash))

    def delete_for_user(self, user_id: int, *, keep: str | None = None) -> None:
        s = t.app_session
        query = delete(s).where(s.c.user_id == user_id)
        if keep is not None:
            query = query.where(s.c.token_hash != keep)
        self._c.execute(query)

    def purge(self, *, idle_before: int, created_before: int) -> int:
        s = t.app_session
        result = self._c.execute(
            delete(s).where(or_(s.c.last_seen < idle_before, s.c.created_at < created_before))
        )
        return int(result.rowcount or 0)


class SqlAuditRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, entry: AuditEntry) -> int:
        values = {
            "at": entry.at,
            "username": entry.username,
            "action": entry.action,
            "entity": entry.entity,
            "target": entry.target[:500],
            "before_json": entry.before,
            "after_json": entry.after,
        }
        return new_key(self._c.execute(insert(t.audit_log).values(values)))

    def page(
        self, *, limit: int, offset: int = 0, entity: str | None = None, username: str | None = None
    ) -> tuple[list[AuditEntry], int]:
        a = t.audit_log
        conditions = []
        if entity:
            conditions.append(a.c.entity == entity)
        if username:
            conditions.append(a.c.username == username)
        total = self._c.execute(select(func.count()).select_from(a).where(*conditions)).scalar()
        rows = self._c.execute(
            select(a)
            .where(*conditions)
            .order_by(a.c.at.desc(), a.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        entries = [
            AuditEntry(
                r.at, r.username, r.action, r.entity, r.target, r.before_json, r.after_json, r.id
            )
            for r in rows
        ]
        return entries, int(total or 0)


class SqlSettingRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def all(self) -> dict[str, str]:
        return {r.key: r.value for r in self._c.execute(select(t.app_setting))}

    def put(self, key: str, value: str) -> None:
        s = t.app_setting
        done = self._c.execute(update(s).where(s.c.key == key).values(value=value))
        if not done.rowcount:
            self._c.execute(insert(s).values(key=key, value=value))


class SqlStatusLogRepo:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def changes(self, key: int, *, limit: int) -> list[LoggedChange]:
        s = t.status_change
        rows = self._c.execute(
            select(s.c.at, s.c.online, s.c.cause, s.c.source)
            .where(s.c.device_pk == key)
            .order_by(s.c.at.desc())
            .limit(limit)
        )
        return [LoggedChange(r.at, bool(r.online), r.cause, r.source) for r in rows]


class SqlWebRepos(SqlRepos):
    def __init__(self, connection: Connection) -> None:
        super().__init__(connection)
        self.users = SqlUserRepo(connection)
        self.sessions = SqlSessionRepo(connection)
        self.audit = SqlAuditRepo(connection)
        self.settings = SqlSettingRepo(connection)
        self.status_log = SqlStatusLogRepo(connection)
        self.tickets = SqlTicketRepo(connection)
        self.documents = SqlDocumentRepo(connection)
        self.surveys = SqlSurveyRepo(connection)
        self.survey_tokens = SqlSurveyTokenRepo(connection)
        self.probes = SqlProbeRepo(connection)
        self.recordings = SqlRecordingRepo(connection)
        self.corrections = SqlCorrectionRepo(connection)


class SqlWebStore(SqlStore):
    """The evidence store whose transactions also hold the web app's repositories."""

    @contextmanager
    def write(self) -> Iterator[SqlWebRepos]:
        with self.engine.connect() as connection:
            connection.execution_options(**{IMMEDIATE: True})
            with connection.begin():
                yield SqlWebRepos(connection)

    @contextmanager
    def read(self) -> Iterator[SqlWebRepos]:
        with self.engine.connect() as connection, connection.begin():
            yield SqlWebRepos(connection)
