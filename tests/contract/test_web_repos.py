"""The web app's records: users, sessions, the audit log, settings and a device's status log."""

from __future__ import annotations

from jixiao.services.web_ports import AuditEntry, Role, WebStore


def test_users_sessions_audit_and_settings_round_trip(store: WebStore) -> None:
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


def test_a_new_user_and_every_field_an_update_sets(store: WebStore) -> None:
    with store.write() as repos:
        admin = repos.users.add("admin", "", Role.ADMIN, "h0", now=10)
        ops = repos.users.add("yunwei", "运维乙", Role.OPERATIONS, "h1", now=20)
        assert admin != ops
        [first, second] = repos.users.all()  # in the order they were added
        assert (first.id, second.id) == (admin, ops)
        assert (second.active, second.must_change_password, second.failed_logins) == (
            True,
            False,
            0,
        )
        assert (second.locked_until, second.created_at, second.label) == (None, 20, "运维乙")
        assert (repos.users.count(), repos.users.active_admins()) == (2, 1)
        repos.users.update(
            ops,
            display_name="",
            role=Role.ADMIN.value,  # as services/accounts.py passes it
            must_change_password=True,
            password_hash="h2",
        )
        repos.users.update(ops)  # nothing to set
        repos.users.update(999, display_name="无人")  # no such user: nothing happens
    with store.read() as repos:
        changed, hashed = repos.users.by_name("yunwei") or (None, "")
        assert changed is not None and hashed == "h2"
        assert (changed.role, changed.must_change_password, changed.label) == (
            Role.ADMIN,
            True,
            "yunwei",
        )
        assert repos.users.active_admins() == 2
        assert repos.users.by_id(ops) == changed
        assert repos.users.by_name("nobody") is None and repos.users.by_id(999) is None


def test_sessions_of_a_user_end_together_except_the_one_kept(store: WebStore) -> None:
    with store.write() as repos:
        one = repos.users.add("one", "", Role.VIEWER, "h", now=0)
        two = repos.users.add("two", "", Role.VIEWER, "h", now=0)
        repos.sessions.add("s1", one, "c1", now=100)
        repos.sessions.add("s2", one, "c2", now=200)
        repos.sessions.add("s3", two, "c3", now=300)
        repos.sessions.delete_for_user(one, keep="s2")
    with store.read() as repos:
        assert repos.sessions.get("s1") is None
        assert [s.csrf_token for s in map(repos.sessions.get, ["s2", "s3"]) if s] == ["c2", "c3"]
    with store.write() as repos:
        repos.sessions.touch("s2", now=1_000)
        repos.sessions.delete("s3")
        repos.sessions.delete("never-opened")
        # idle: last seen before 500 (none now); too old: opened before 250 (s2)
        assert repos.sessions.purge(idle_before=500, created_before=250) == 1
        assert repos.sessions.get("s2") is None


def test_audit_pages_newest_first_filtered_and_counted(store: WebStore) -> None:
    with store.write() as repos:
        ids = [
            repos.audit.add(AuditEntry(at, who, "update", entity, f"对象{n}"))
            for n, (at, who, entity) in enumerate(
                [(5, "a", "funds"), (7, "b", "device"), (5, "b", "funds"), (9, "a", "funds")]
            )
        ]
        long = repos.audit.add(AuditEntry(1, "a", "create", "project", "长" * 600, None, "{}"))
    assert len(set(ids)) == 4
    with store.read() as repos:
        entries, total = repos.audit.page(limit=10)
        # by time, newest first; the same second: the later entry first
        assert [e.id for e in entries] == [ids[3], ids[1], ids[2], ids[0], long]
        assert total == 5
        assert entries[-1].target == "长" * 500 and entries[-1].after == "{}"
        page, total = repos.audit.page(limit=2, offset=1, entity="funds", username="a")
        assert ([e.target for e in page], total) == (["对象0"], 2)
        page, total = repos.audit.page(limit=1, entity="", username="b")  # empty: no filter
        assert ([e.target for e in page], total) == (["对象1"], 2)


def test_settings_are_replaced_by_key(store: WebStore) -> None:
    with store.write() as repos:
        assert repos.settings.all() == {}
        repos.settings.put("online_target", "95")
        repos.settings.put("bureau_name", "盐池县公安局")
        repos.settings.put("online_target", "90")
    with store.read() as repos:
        assert repos.settings.all() == {"online_target": "90", "bureau_name": "盐池县公安局"}
