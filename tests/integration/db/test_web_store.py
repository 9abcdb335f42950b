"""The web app's records (users, sessions, audit log, settings) on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine

from jixiao.adapters.db.accounts import SqlWebStore
from jixiao.services.web_ports import AuditEntry, Role


def test_users_sessions_audit_and_settings_round_trip(engine: Engine) -> None:
    store = SqlWebStore(engine)
    with store.write() as repos:
        key = repos.users.add("cai", "财务甲", Role.FINANCE, "$argon2id$x", now=100)
        repos.users.update(key, failed_logins=2, locked_until=400, active=False)
        repos.sessions.add("a" * 64, key, "csrf", now=100)
        repos.sessions.add("b" * 64, key, "csrf", now=100)
        repos.sessions.touch("a" * 64, now=150)
        for at in (1, 2, 3):
            repos.audit.add(
                AuditEntry(at, "cai", "update", "funds", f"项目/{at}", None, '{"a": 1}')
            )
        repos.settings.put("bureau_name", "盐池县公安局")
        repos.settings.put("bureau_name", "盐边县公安局")
    with store.read() as repos:
        user, hashed = repos.users.by_name("cai") or (None, "")
        assert user is not None and hashed == "$argon2id$x"
        assert (user.role, user.active, user.failed_logins, user.locked_until) == (
            Role.FINANCE,
            False,
            2,
            400,
        )
        assert repos.users.active_admins() == 0
        session = repos.sessions.get("a" * 64)
        assert session is not None and session.last_seen == 150
        entries, total = repos.audit.page(limit=2, entity="funds")
        assert total == 3 and [e.at for e in entries] == [3, 2]
        assert repos.settings.all() == {"bureau_name": "盐边县公安局"}
    with store.write() as repos:
        assert repos.sessions.purge(idle_before=120, created_before=0) == 1
        repos.sessions.delete_for_user(key)
    with store.read() as repos:
        assert repos.sessions.get("a" * 64) is None
