"""Refusals of the web app's use cases, each with a Chinese message (and a form field)."""

from __future__ import annotations

from jixiao.domain.errors import DomainError


class Refused(DomainError):
    """A request that cannot be done as asked; `field` names the form field at fault, if one."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class NotFound(Refused):
    """A project, device, user or job that does not exist (or is not the caller's)."""


class Busy(Refused):
    """The same long job is already running for this user."""


class LoginRefused(Refused):
    """Wrong user name or password, a disabled account, or a locked one."""
