"""services/accounts.py: logging in, the lockout after repeated failures, sessions ending."""

from __future__ import annotations

import pytest

from jixiao.adapters.memory import MemoryStore
from jixiao.services.accounts import Accounts, Policy, token_hash
from jixiao.services.web_errors import LoginRefused, Refused
from jixiao.services.web_ports import Role

START = 1_700_000_000
POLICY = Policy(idle_s=1_800, max_s=8 * 3600, max_failures=3, lockout_s=900)


class PlainHasher:
    """A stand-in for argon2: the use cases only hash and verify."""

    def hash(self, password: str) -> str:
        return "plain:" + password

    def verify(self, password: str, hash: str) -> bool:
        return hash == "plain:" + password


class CountingHasher(PlainHasher):
    def __init__(self) -> None:
        self.verified = 0

    def verify(self, password: str, hash: str) -> bool:
        self.verified += 1
        return super().verify(password, hash)


REFUSED = "用户名或密码错误（连续错误3次账号将锁定15分钟，锁定期间无法登录）"


class Clock:
    def __init__(self) -> None:
        self.now = float(START)

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(store: MemoryStore, clock: Clock) -> Accounts:
    with store.write() as repos:
        repos.users.add("cai", "财务甲", Role.FINANCE, "plain:Caiwu-pass-1", now=START)
    return Accounts(store, PlainHasher(), POLICY, clock)


def test_logging_in_opens_a_stored_session(store: MemoryStore, accounts: Accounts) -> None:
    opened = accounts.log_in(" cai ", "Caiwu-pass-1")
    with store.read() as repos:
        session = repos.sessions.get(token_hash(opened.token))
    assert session is not None
    assert (session.user_id, session.csrf_token, session.created_at) == (
        opened.user.id,
        opened.csrf_token,
        START,
    )
    current = accounts.current(opened.token)
    assert current is not None and current.user.username == "cai"


def test_three_failures_lock_the_account_with_an_audit_entry(
    store: MemoryStore, accounts: Accounts, clock: Clock
) -> None:
    for _ in range(3):
        with pytest.raises(LoginRefused, match=f"^{REFUSED}$"):
            accounts.log_in("cai", "wrong")
    with store.read() as repos:
        user, _ = repos.users.by_name("cai") or (None, "")
        entries, _ = repos.audit.page(limit=5)
    assert user is not None and (user.failed_logins, user.locked_until) == (0, START + 900)
    assert [(e.action, e.entity, e.target, e.username) for e in entries] == [
        ("lock", "user", "cai", "cai")
    ]
    clock.now += 600
    with pytest.raises(LoginRefused, match=f"^{REFUSED}$"):  # even with the right password
        accounts.log_in("cai", "Caiwu-pass-1")
    clock.now += 300
    assert accounts.log_in("cai", "Caiwu-pass-1").user.username == "cai"
    with store.read() as repos:
        user, _ = repos.users.by_name("cai") or (None, "")
    assert user is not None and user.locked_until is None


def test_an_unknown_user_is_told_the_same_as_a_wrong_password(accounts: Accounts) -> None:
    with pytest.raises(LoginRefused, match=f"^{REFUSED}$"):
        accounts.log_in("nobody", "Caiwu-pass-1")


def test_unknown_known_and_locked_users_cost_one_verification_each(
    store: MemoryStore, clock: Clock
) -> None:
    """The same work for each answer, so the time taken tells nothing about the account."""
    hasher = CountingHasher()
    with store.write() as repos:
        repos.users.add("cai", "财务甲", Role.FINANCE, "plain:Caiwu-pass-1", now=START)
    accounts = Accounts(store, hasher, POLICY, clock)
    for username in ("nobody", "cai", "cai", "cai", "cai"):  # the fourth and fifth: locked
        before = hasher.verified
        with pytest.raises(LoginRefused):
            accounts.log_in(username, "wrong")
        assert hasher.verified == before + 1


def test_the_bootstrap_password_passes_the_policy_and_must_be_changed(
    store: MemoryStore, clock: Clock
) -> None:
    accounts = Accounts(store, PlainHasher(), POLICY, clock)
    with pytest.raises(Refused, match="JIXIAO_ADMIN_PASSWORD 不符合密码规则"):
        accounts.ensure_admin("admin")
    assert accounts.ensure_admin("Admin-pass-1") is None
    assert accounts.log_in("admin", "Admin-pass-1").user.must_change_password


def test_an_idle_session_ends_and_is_removed(
    store: MemoryStore, accounts: Accounts, clock: Clock
) -> None:
    opened = accounts.log_in("cai", "Caiwu-pass-1")
    clock.now += POLICY.idle_s + 1
    assert accounts.current(opened.token) is None
    with store.read() as repos:
        assert repos.sessions.get(token_hash(opened.token)) is None
