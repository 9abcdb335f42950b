"""One read of a group's devices per evaluation, shared by its measures.

An evaluation runs several measures over the same group (在线率, 修正在线率, the ticket
measures, 录像完整率, the contract's 考核): each used to read every member of the group
again. `sharing_selections(repos)` is the same unit of work whose `devices.select` reads each
group once and answers the later calls from that read (and `rollup.cohorts`, read by every
rate, once); it lives only as long as the caller
keeps it (one evaluation, or one page listing several), never across transactions, and only
where nothing is written meanwhile (scoring reads).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from jixiao.services.ports import Cohort, DeviceRepo, RollupRepo, StoredDevice
from jixiao.services.web_ports import WebRepos


class _SelectOnce:
    """A DeviceRepo whose `select` remembers what it read; everything else goes through."""

    def __init__(self, inner: DeviceRepo) -> None:
        self._inner = inner
        self._found: dict[str | None, list[StoredDevice]] = {}
        self._groups: dict[str, int] | None = None

    def groups(self) -> dict[str, int]:
        """The groups and their sizes, read once (each group-bound measure checks its group)."""
        if self._groups is None:
            self._groups = self._inner.groups()
        return dict(self._groups)

    def select(self, *, group: str | None = None) -> list[StoredDevice]:
        found = self._found.get(group)
        if found is None:
            every = self._found.get(None)
            if every is not None and group is not None:  # the same order: by id
                found = [d for d in every if group in d.device.groups]
            else:
                found = self._inner.select(group=group)
            self._found[group] = found
        return list(found)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _CohortsOnce:
    """A RollupRepo whose `cohorts` (counted over every member) is read once."""

    def __init__(self, inner: RollupRepo) -> None:
        self._inner = inner
        self._cohorts: list[Cohort] | None = None

    def cohorts(self) -> list[Cohort]:
        if self._cohorts is None:
            self._cohorts = self._inner.cohorts()
        return list(self._cohorts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _SharingRepos:
    def __init__(self, inner: WebRepos) -> None:
        self._inner = inner
        self.devices = cast(DeviceRepo, _SelectOnce(inner.devices))
        self.rollup = cast(RollupRepo, _CohortsOnce(inner.rollup))
        self.remembered: dict[Hashable, Any] = {}  # see `remembered`

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def sharing_selections(repos: WebRepos) -> WebRepos:
    """`repos` reading each group's devices at most once (itself if it already does)."""
    if isinstance(repos, _SharingRepos):
        return repos
    return cast(WebRepos, _SharingRepos(repos))


T = TypeVar("T")


def remembered(repos: WebRepos, key: Hashable, read: Callable[[], T]) -> T:
    """What `read()` gives, read once per `key` while `repos` shares its reads (one
    evaluation: a contract's months are assessed by its 考核扣款 measure and again for its
    deductions); without sharing, read every time. `key` names everything `read` depends on."""
    if not isinstance(repos, _SharingRepos):
        return read()
    if key not in repos.remembered:
        repos.remembered[key] = read()
    return cast(T, repos.remembered[key])
