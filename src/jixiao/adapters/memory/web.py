"""Projects by key and the web app's records in memory, as adapters/db/projects.py and
adapters/db/accounts.py keep them."""

from __future__ import annotations

import dataclasses

from jixiao.adapters.memory.state import Transaction
from jixiao.domain.evaluation import Project
from jixiao.services.web_ports import (
    USER_FIELDS,
    Archived,
    AuditEntry,
    LoggedChange,
    Role,
    StoredSession,
    User,
)


class MemoryProjectRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def save(self, project: Project) -> bool:
        """A project of a stored name and year replaces it and keeps its key."""
        t = self._tx.writing()
        old = next(
            (k for k, p in t.projects.items() if (p.name, p.year) == (project.name, project.year)),
            None,
        )
        t.projects[t.new_key("project") if old is None else old] = project
        return old is not None

    def get(self, name: str, year: int | None = None) -> list[Project]:
        found = [
            p
            for p in self._tx.tables.projects.values()
            if p.name == name and (year is None or p.year == year)
        ]
        return sorted(found, key=lambda p: p.year, reverse=True)

    def keyed(self) -> list[tuple[int, str, int]]:
        found = [(k, p.name, p.year) for k, p in self._tx.tables.projects.items()]
        return sorted(found, key=lambda row: (row[2], row[1]))

    def by_key(self, key: int) -> Project | None:
        return self._tx.tables.projects.get(key)

    def names(self) -> list[tuple[str, int]]:
        return [(name, year) for _, name, year in self.keyed()]

    def replace(self, key: int, project: Project) -> None:
        self._tx.writing().projects[key] = project

    def delete(self, key: int) -> bool:
        return self._tx.writing().projects.pop(key, None) is not None

    def archived(self) -> dict[int, Archived]:
        return dict(self._tx.tables.archived)

    def archive(self, mark: Archived) -> None:
        self._tx.writing().archived[mark.key] = mark

    def unarchive(self, key: int) -> bool:
        return self._tx.writing().archived.pop(key, None) is not None


class MemoryUserRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(
        self, username: str, display_name: str, role: Role, password_hash: str, *, now: int
    ) -> int:
        t = self._tx.writing()
        if self.by_name(username) is not None:
            raise ValueError(f"user {username} exists")  # a unique column
        key = t.new_key("user")
        t.users[key] = (
            User(key, username, display_name, Role(role), created_at=now),
            password_hash,
        )
        return key

    def by_name(self, username: str) -> tuple[User, str] | None:
        return next((u for u in self._tx.tables.users.values() if u[0].username == username), None)

    def by_id(self, user_id: int) -> User | None:
        found = self._tx.tables.users.get(user_id)
        return None if found is None else found[0]

    def all(self) -> list[User]:
        return [user for _, (user, _) in sorted(self._tx.tables.users.items())]

    def update(self, user_id: int, **fields: object) -> None:
        unknown = set(fields) - USER_FIELDS
        assert not unknown, f"not a user column: {unknown}"
        t = self._tx.writing()
        if user_id not in t.users or not fields:
            return
        user, hashed = t.users[user_id]
        values = dict(fields)
        hashed = str(values.pop("password_hash", hashed))
        if "role" in values:
            values["role"] = Role(str(values["role"]))
        for flag in ("active", "must_change_password"):
            if flag in values:
                values[flag] = bool(values[flag])
        t.users[user_id] = (dataclasses.replace(user, **values), hashed)  # type: ignore[arg-type]

    def count(self) -> int:
        return len(self._tx.tables.users)

    def active_admins(self) -> int:
        return sum(
            1 for u, _ in self._tx.tables.users.values() if u.role is Role.ADMIN and u.active
        )


class MemorySessionRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, token_hash: str, user_id: int, csrf_token: str, *, now: int) -> None:
        t = self._tx.writing()
        if token_hash in t.sessions or user_id not in t.users:
            raise ValueError("a session needs a new token and a stored user")  # key, foreign key
        t.sessions[token_hash] = StoredSession(user_id, csrf_token, now, now)

    def get(self, token_hash: str) -> StoredSession | None:
        return self._tx.tables.sessions.get(token_hash)

    def touch(self, token_hash: str, *, now: int) -> None:
        t = self._tx.writing()
        if (session := t.sessions.get(token_hash)) is not None:
            t.sessions[token_hash] = dataclasses.replace(session, last_seen=now)

    def delete(self, token_hash: str) -> None:
        self._tx.writing().sessions.pop(token_hash, None)

    def delete_for_user(self, user_id: int, *, keep: str | None = None) -> None:
        t = self._tx.writing()
        for token, session in list(t.sessions.items()):
            if session.user_id == user_id and token != keep:
                del t.sessions[token]

    def purge(self, *, idle_before: int, created_before: int) -> int:
        t = self._tx.writing()
        old = [
            token
            for token, s in t.sessions.items()
            if s.last_seen < idle_before or s.created_at < created_before
        ]
        for token in old:
            del t.sessions[token]
        return len(old)


class MemoryAuditRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, entry: AuditEntry) -> int:
        t = self._tx.writing()
        key = t.new_key("audit")
        t.audit[key] = dataclasses.replace(entry, target=entry.target[:500], id=key)
        return key

    def page(
        self, *, limit: int, offset: int = 0, entity: str | None = None, username: str | None = None
    ) -> tuple[list[AuditEntry], int]:
        """Newest first (by time, then by key), with the number of matching entries."""
        found = [
            e
            for e in self._tx.tables.audit.values()
            if (not entity or e.entity == entity) and (not username or e.username == username)
        ]
        found.sort(key=lambda e: (e.at, e.id), reverse=True)
        return found[offset : offset + limit], len(found)


class MemorySettingRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def all(self) -> dict[str, str]:
        return dict(self._tx.tables.settings)

    def put(self, key: str, value: str) -> None:
        self._tx.writing().settings[key] = value


class MemoryStatusLogRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def changes(self, key: int, *, limit: int) -> list[LoggedChange]:
        stored = sorted(self._tx.tables.changes.get(key, {}).items(), reverse=True)
        return [LoggedChange(at, c.online, c.cause, c.source) for at, c in stored[:limit]]
