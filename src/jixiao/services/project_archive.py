"""归档: a project-year set aside without deleting it. An archived project is left out of the
default lists (projects, the year's overview), can still be opened and reported, but not
changed (edits, funds, assessment rules, a project file imported over it, deletion), until an
administrator restores it. Archiving and restoring are audited."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.domain.evaluation import Project
from jixiao.services.audit import record
from jixiao.services.web_errors import NotFound, Refused
from jixiao.services.web_ports import Archived, WebRepos


class ProjectArchived(Refused):
    """A change asked of an archived (read-only) project."""


@dataclass(frozen=True, slots=True)
class ArchivedProject:
    """An archived project as its list shows it."""

    mark: Archived
    name: str
    year: int

    @property
    def title(self) -> str:
        return f"{self.name}（{self.year}）"


def refuse_if_archived(repos: WebRepos, key: int) -> None:
    """ProjectArchived when project `key` is archived: it is read-only until restored."""
    mark = repos.projects.archived().get(key)
    if mark is not None:
        project = repos.projects.by_key(key)
        title = f"“{project.name}（{project.year}）”" if project else ""
        raise ProjectArchived(f"项目{title}已归档，只读；如需修改，请管理员先恢复")


def archived_keys(repos: WebRepos) -> set[int]:
    return set(repos.projects.archived())


def archive_project(repos: WebRepos, key: int, *, reason: str, actor: str, now: int) -> str:
    """Archive project `key` with a reason; its title."""
    if not reason.strip():
        raise Refused("请填写归档原因", "reason")
    project = _stored(repos, key)
    refuse_if_archived(repos, key)
    repos.projects.archive(Archived(key, now, actor, reason.strip()))
    _audit(repos, project, "archive", {"原因": reason.strip()}, actor=actor, now=now)
    return _title(project)


def restore_project(repos: WebRepos, key: int, *, actor: str, now: int) -> str:
    """Take project `key` out of the archive (administrators); its title."""
    project = _stored(repos, key)
    mark = repos.projects.archived().get(key)
    if mark is None:
        raise Refused(f"项目“{_title(project)}”未归档")
    repos.projects.unarchive(key)
    before = {"归档原因": mark.reason, "归档人": mark.actor}
    _audit(repos, project, "restore", before, actor=actor, now=now)
    return _title(project)


def archived_projects(repos: WebRepos) -> list[ArchivedProject]:
    """Every archived project, newest year first, then by name."""
    found = []
    for key, mark in repos.projects.archived().items():
        project = repos.projects.by_key(key)
        if project is not None:
            found.append(ArchivedProject(mark, project.name, project.year))
    return sorted(found, key=lambda a: (-a.year, a.name))


def _stored(repos: WebRepos, key: int) -> Project:
    project = repos.projects.by_key(key)
    if project is None:
        raise NotFound("没有这个项目（可能已被删除）")
    return project


def _title(project: Project) -> str:
    return f"{project.name}（{project.year}）"


def _audit(
    repos: WebRepos, project: Project, action: str, facts: dict[str, str], *, actor: str, now: int
) -> None:
    record(
        repos,
        actor=actor,
        at=now,
        action=action,
        entity="project",
        target=_title(project),
        before=facts if action == "restore" else None,
        after=facts if action == "archive" else None,
    )
