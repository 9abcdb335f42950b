"""Users, roles and sessions of the web app: log in (with lockout), session checks, user admin.

A session is a random 256-bit token held by the browser in a cookie; the store keeps only
its SHA-256, with the session's CSRF token and its times. A session ends when unused for the
idle timeout or when older than the absolute one, whichever comes first.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from jixiao.services.audit import record
from jixiao.services.web_errors import LoginRefused, NotFound, Refused
from jixiao.services.web_ports import ROLE_LABELS, Role, User, WebRepos, WebStore

Clock = Callable[[], float]
ADMIN_USERNAME = "admin"
CLI = User(id=0, username="cli", display_name="命令行", role=Role.ADMIN)
"""The operator at the server's own terminal (`jixiao users …`): an administrator that is no
stored user (id 0 names none), so the audit log names it `cli`."""
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,32}$")
_TOUCH_EVERY_S = 60  # write last_seen at most once a minute per session
MAX_VERIFICATIONS = 2  # password verifications at once (argon2id: 64 MiB each)


class Permission(StrEnum):
    VIEW = "view"
    CHECK = "check"
    FUNDS = "funds"
    INDICATORS = "indicators"
    REPORTS = "reports"
    PROJECTS = "projects"
    DEVICES = "devices"
    MAINTENANCE = "maintenance"
    USERS = "users"
    SETTINGS = "settings"
    AUDIT = "audit"
    EXEMPTIONS = "exemptions"  # approve or withdraw a work order's exemption
    RULES = "rules"  # edit an O&M contract's 考核办法 (assessment rules)
    SURVEYS = "surveys"  # issue survey links and type in paper questionnaires
    RESTORE = "restore"  # restore what was deleted by mistake (administrators only)


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.FINANCE: frozenset(
        {
            Permission.VIEW,
            Permission.CHECK,
            Permission.FUNDS,
            Permission.INDICATORS,
            Permission.REPORTS,
            Permission.PROJECTS,
            Permission.SURVEYS,
        }
    ),
    Role.OPERATIONS: frozenset(
        {
            Permission.VIEW,
            Permission.CHECK,
            Permission.DEVICES,
            Permission.MAINTENANCE,
            Permission.SURVEYS,
        }
    ),
    # The contract's owner judges the contractor: approves exemptions, sets the 考核办法.
    Role.OWNER: frozenset(
        {Permission.VIEW, Permission.CHECK, Permission.EXEMPTIONS, Permission.RULES}
    ),
    Role.VIEWER: frozenset({Permission.VIEW, Permission.CHECK}),
}


def may(user: User, permission: Permission) -> bool:
    return permission in GRANTS[user.role]


class Hasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password: str, hash: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Policy:
    idle_s: int
    max_s: int
    max_failures: int
    lockout_s: int


@dataclass(frozen=True, slots=True)
class Opened:
    """A new session: the token goes to the browser and is never stored as such."""

    token: str
    csrf_token: str
    user: User


@dataclass(frozen=True, slots=True)
class Current:
    user: User
    token_hash: str
    csrf_token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _meets_password_rules(password: str) -> bool:
    kinds = sum(
        (
            any(c.isalpha() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    return len(password) >= 8 and kinds >= 2


def check_password_rules(password: str) -> None:
    if not _meets_password_rules(password):
        raise Refused("密码至少8位，且包含字母、数字、符号中的至少两类", "password")


def one_time_password() -> str:
    """A random 16-character password that meets the rules (about one in thirty drawn has
    letters only and is drawn again); shown once, to be changed at the first login."""
    while not _meets_password_rules(password := secrets.token_urlsafe(12)):
        pass
    return password


class Throttle:
    """Failed logins per client address in a sliding window: beyond `limit` of them, the
    address is refused before any password is verified (a guesser spread over many user
    names is slowed as much as one hammering a single account)."""

    def __init__(self, limit: int = 20, window_s: int = 300, addresses: int = 10_000) -> None:
        self.limit, self.window_s, self._addresses = limit, window_s, addresses
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allowed(self, address: str, now: float) -> bool:
        with self._lock:
            times = self._failures.get(address)
            while times and times[0] <= now - self.window_s:
                times.popleft()
            return times is None or len(times) < self.limit

    def failed(self, address: str, now: float) -> None:
        with self._lock:
            if len(self._failures) >= self._addresses:  # forget the quietest half
                for stale in sorted(self._failures, key=lambda a: self._failures[a][-1])[
                    : self._addresses // 2
                ]:
                    del self._failures[stale]
            self._failures.setdefault(address, deque()).append(now)


class Accounts:
    """The account use cases over the store, a password hasher, the session policy and a clock."""

    def __init__(
        self,
        store: WebStore,
        hasher: Hasher,
        policy: Policy,
        clock: Clock,
        *,
        verifications: int = MAX_VERIFICATIONS,
    ) -> None:
        self.store, self.hasher, self.policy, self.clock = store, hasher, policy, clock
        self.throttle = Throttle()
        self._dummy: str | None = None
        self._verifying = threading.BoundedSemaphore(verifications)  # each takes 64 MiB
        self._counting = threading.Lock()  # the failure count: read, add one, write

    def now(self) -> int:
        return int(self.clock())

    # --- first start -------------------------------------------------------------------
    def ensure_admin(self, password: str | None) -> str | None:
        """Create user `admin` when there is no user; returns the one-time password it made."""
        with self.store.read() as repos:
            if repos.users.count():
                return None
        one_time = password is None
        if password is not None and not _meets_password_rules(password):
            raise Refused(
                "JIXIAO_ADMIN_PASSWORD 不符合密码规则：至少8位，且包含字母、数字、符号中的至少两类"
            )
        chosen = password if password is not None else one_time_password()
        hashed = self.hasher.hash(chosen)
        with self.store.write() as repos:
            if repos.users.count():
                return None
            key = repos.users.add(ADMIN_USERNAME, "", Role.ADMIN, hashed, now=self.now())
            # Set by whoever set the environment, so known to more than the administrator:
            # changed at the first login, as a printed one-time password is.
            repos.users.update(key, must_change_password=True)
        return chosen if one_time else None

    # --- logging in and out --------------------------------------------------------------
    def refusal(self) -> LoginRefused:
        """The one answer to a refused login, whether the user is unknown, the password
        wrong or the account locked: the answer tells a guesser nothing about the account."""
        return LoginRefused(
            f"用户名或密码错误（连续错误{self.policy.max_failures}次账号将锁定"
            f"{self.policy.lockout_s // 60}分钟，锁定期间无法登录）"
        )

    def log_in(self, username: str, password: str, address: str = "") -> Opened:
        """Open a session. Every attempt costs one password verification (a stand-in hash
        for an unknown user, the real one for a locked account), at most `verifications`
        at a time; an address that failed too often is refused before verifying. The
        failure count is re-read and written under one lock after verifying, so parallel
        guesses lock the account after exactly `max_failures` of them."""
        if not self.throttle.allowed(address, self.clock()):
            raise LoginRefused(
                f"此地址登录失败次数过多，请{self.throttle.window_s // 60}分钟后再试"
            )
        with self.store.read() as repos:
            found = repos.users.by_name(username.strip())
        with self._verifying:
            right = self.hasher.verify(password, self._dummy_hash() if found is None else found[1])
        now = self.now()
        if found is None:
            self.throttle.failed(address, self.clock())
            raise self.refusal()
        user = found[0]
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self._counting, self.store.write() as repos:
            user = repos.users.by_id(user.id) or user
            if user.locked_until is not None and user.locked_until > now:
                right = False
            elif not right:
                self._failed(repos, user, now)
            elif user.active:
                repos.users.update(user.id, failed_logins=0, locked_until=None)
                repos.sessions.purge(
                    idle_before=now - self.policy.idle_s, created_before=now - self.policy.max_s
                )
                repos.sessions.add(token_hash(token), user.id, csrf, now=now)
        if not right:
            self.throttle.failed(address, self.clock())
            raise self.refusal()
        if not user.active:
            raise LoginRefused("账号已停用，请联系管理员")
        return Opened(token, csrf, user)

    def _failed(self, repos: WebRepos, user: User, now: int) -> None:
        failures = user.failed_logins + 1
        locked = failures >= self.policy.max_failures
        repos.users.update(
            user.id,
            failed_logins=0 if locked else failures,
            locked_until=now + self.policy.lockout_s if locked else None,
        )
        if locked:
            record(
                repos,
                actor=user.username,
                at=now,
                action="lock",
                entity="user",
                target=user.username,
                after={"连续失败次数": failures, "锁定分钟": self.policy.lockout_s // 60},
            )

    def _dummy_hash(self) -> str:
        if self._dummy is None:
            self._dummy = self.hasher.hash(secrets.token_urlsafe(16))
        return self._dummy

    def log_out(self, token: str) -> None:
        with self.store.write() as repos:
            repos.sessions.delete(token_hash(token))

    def current(self, token: str | None) -> Current | None:
        """The session's user, when the token names a live session of an active user."""
        if not token:
            return None
        now, key = self.now(), token_hash(token)
        with self.store.read() as repos:
            session = repos.sessions.get(key)
            user = None if session is None else repos.users.by_id(session.user_id)
        if session is None:
            return None
        expired = (
            now - session.last_seen > self.policy.idle_s
            or now - session.created_at > self.policy.max_s
        )
        if expired or user is None or not user.active:
            with self.store.write() as repos:
                repos.sessions.delete(key)
            return None
        if now - session.last_seen >= _TOUCH_EVERY_S:
            with self.store.write() as repos:
                repos.sessions.touch(key, now=now)
        return Current(user, key, session.csrf_token)

    # --- passwords -----------------------------------------------------------------------
    def change_password(self, current: Current, old: str, new: str) -> None:
        with self.store.read() as repos:
            found = repos.users.by_name(current.user.username)
        if found is None or not self.hasher.verify(old, found[1]):
            raise Refused("原密码不正确", "old_password")
        if old == new:
            raise Refused("新密码不能与原密码相同", "password")
        check_password_rules(new)
        hashed = self.hasher.hash(new)
        with self.store.write() as repos:
            repos.users.update(current.user.id, password_hash=hashed, must_change_password=False)
            repos.sessions.delete_for_user(current.user.id, keep=current.token_hash)

    # --- user administration (管理员) -----------------------------------------------------
    def users(self) -> list[User]:
        with self.store.read() as repos:
            return repos.users.all()

    def create_user(
        self, actor: User, username: str, display_name: str, role: Role, password: str
    ) -> User:
        username, display_name = username.strip(), display_name.strip()
        if not _USERNAME.match(username):
            raise Refused("用户名应为2–32位字母、数字或 _ . -", "username")
        if len(display_name) > 100:
            raise Refused("姓名不能超过100个字", "display_name")
        check_password_rules(password)
        hashed = self.hasher.hash(password)
        now = self.now()
        with self.store.write() as repos:
            if repos.users.by_name(username) is not None:
                raise Refused(f"用户名“{username}”已存在", "username")
            key = repos.users.add(username, display_name, role, hashed, now=now)
            repos.users.update(key, must_change_password=True)
            user = repos.users.by_id(key)
            assert user is not None
            record(
                repos,
                actor=actor.username,
                at=now,
                action="create",
                entity="user",
                target=username,
                after=_public(user),
            )
        return user

    def update_user(
        self,
        actor: User,
        user_id: int,
        *,
        role: Role | None = None,
        active: bool | None = None,
        display_name: str | None = None,
        unlock: bool = False,
        password: str | None = None,
    ) -> User:
        changes: dict[str, object] = {}
        if display_name is not None:
            if len(display_name.strip()) > 100:
                raise Refused("姓名不能超过100个字", "display_name")
            changes["display_name"] = display_name.strip()
        if role is not None:
            changes["role"] = role.value
        if active is not None:
            changes["active"] = active
        if unlock:
            changes |= {"failed_logins": 0, "locked_until": None}
        if password is not None:
            check_password_rules(password)
            changes |= {"password_hash": self.hasher.hash(password), "must_change_password": True}
        if not changes:
            raise Refused("没有要修改的内容；可修改：display_name、role、active、unlock、password")
        now = self.now()
        with self.store.write() as repos:
            before = repos.users.by_id(user_id)
            if before is None:
                raise NotFound("没有这个用户")
            demoted = (role is not None and role is not Role.ADMIN) or active is False
            if user_id == actor.id and demoted:
                raise Refused("不能停用自己的账号或取消自己的管理员权限", "role")
            last_admin = before.role is Role.ADMIN and before.active and demoted
            if last_admin and repos.users.active_admins() <= 1:
                raise Refused("至少要保留一个启用的管理员", "role")
            repos.users.update(user_id, **changes)
            if active is False or password is not None or role is not None:
                repos.sessions.delete_for_user(user_id)
            after = repos.users.by_id(user_id)
            assert after is not None
            shown_after = _public(after) | ({"密码": "已重置"} if password is not None else {})
            record(
                repos,
                actor=actor.username,
                at=now,
                action="unlock" if unlock and len(changes) == 2 else "update",
                entity="user",
                target=before.username,
                before=_public(before),
                after=shown_after,
            )
        return after

    def reset_password(self, actor: User, username: str) -> tuple[User, str]:
        """A new one-time password for `username`, to be changed at the next login; the
        lockout is cleared and every session of the user ended. Returns the password, shown
        once and never stored in the clear."""
        with self.store.read() as repos:
            found = repos.users.by_name(username.strip())
        if found is None:
            raise NotFound(f"没有用户“{username.strip()}”", "username")
        password = one_time_password()
        user = self.update_user(actor, found[0].id, unlock=True, password=password)
        return user, password


def _public(user: User) -> dict[str, object]:
    """A user as the audit log shows it (never the password hash)."""
    return {
        "用户名": user.username,
        "姓名": user.display_name,
        "角色": ROLE_LABELS[user.role],
        "启用": user.active,
        "锁定至": user.locked_until,
    }
