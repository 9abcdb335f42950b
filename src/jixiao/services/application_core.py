"""The application's state and its first use cases (scoring, documents, the stored
project-years): the base of services/application.Application, split by area."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.domain.evaluation import Evaluation, Project
from jixiao.domain.probes import Timing
from jixiao.services import (
    checking,
    probing,
    projects,
)
from jixiao.services.checking import CheckedFile
from jixiao.services.file_ports import (
    Advance,
    Attachments,
    Files,
    Imported,
    ReportJob,
    no_progress,
)
from jixiao.services.projects import Edit, Evaluated, ProjectHead
from jixiao.services.scoring import evaluate_project, needs_store
from jixiao.services.web_errors import NotFound
from jixiao.services.web_ports import WebRepos, WebStore

Clock = Callable[[], float]


@dataclass
class ApplicationCore:
    files: Files
    zone: dt.tzinfo
    clock: Clock
    open_store: Callable[[], WebStore]
    _store: WebStore | None = field(default=None, init=False, repr=False)
    attachments: Attachments | None = None  # where attached documents' contents are kept
    secrets: probing.Sealer | None = None  # probe passwords encrypted at rest
    probe_timing: Timing = field(default_factory=Timing)  # the settings' probe defaults

    @property
    def store(self) -> WebStore:
        """The evidence store, opened (created and migrated) on first use."""
        if self._store is None:
            self._store = self.open_store()
        return self._store

    def now(self) -> int:
        return int(self.clock())

    def moment(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock(), self.zone)

    @contextmanager
    def reading(self) -> Iterator[WebRepos]:
        """A read-only unit of work, for the views that only show what is stored."""
        with self.store.read() as repos:
            yield repos

    # Scoring: the one path from a project to its score, in every output.

    def evaluate(self, project: Project) -> Evaluation:
        """The project scored, its evidence bindings measured from the store (cited)."""
        if not needs_store(project):
            return evaluate_project(project, None, self.zone)
        with self.store.read() as repos:
            return evaluate_project(project, repos, self.zone)

    def evaluate_file(self, path: Path) -> Evaluation:
        return self.evaluate(self.files.projects.load(path))

    # Documents.

    def write_reports(
        self,
        jobs: Sequence[ReportJob],
        *,
        template: Path | None = None,
        reference: Path | None = None,
        advance: Advance = no_progress,
    ) -> list[Path]:
        """Write each job's evaluation (from `evaluate`, `project`) in its formats."""
        return self.files.reports.write(
            jobs, template=template, reference=reference, advance=advance
        )

    def import_report(self, path: Path) -> Imported:
        """A report read into project-file text (`jixiao import`)."""
        return self.files.reports.extract(path)

    def check_files(
        self, paths: Sequence[Path], advance: Advance = no_progress
    ) -> list[CheckedFile]:
        """Reports and project files checked together; project files scored as `evaluate` does."""
        return checking.check_files(paths, self.files, self.evaluate, advance)

    def check_targets(
        self, paths: Sequence[Path], advance: Advance = no_progress
    ) -> list[CheckedFile]:
        """Target declarations checked before the year (`jixiao targets check`)."""
        return checking.check_declarations(paths, self.files, advance)

    # Project-years in the store.

    def projects(self) -> list[Evaluated]:
        with self.store.read() as repos:
            return projects.list_projects(repos, self.zone)

    def project_heads(self, year: int | None = None) -> list[ProjectHead]:
        """The projects to list (not archived), none evaluated."""
        with self.store.read() as repos:
            return projects.project_heads(repos, year)

    def project(self, key: int) -> Evaluated:
        with self.store.read() as repos:
            return projects.get_project(repos, self.zone, key)

    def project_document(self, key: int) -> dict[str, Any]:
        """A stored project as the project file's data (bindings kept as bindings)."""
        return self.files.projects.to_document(self._stored(key))

    def project_text(self, key: int) -> str:
        """A stored project as project-file text."""
        return self.files.projects.dump(self._stored(key))

    def _stored(self, key: int) -> Project:
        with self.store.read() as repos:
            project = repos.projects.by_key(key)
        if project is None:
            raise NotFound("没有这个项目（可能已被删除）")
        return project

    def find_projects(self, name: str, year: int | None = None) -> list[Project]:
        """Stored projects called `name` (of `year` when given), newest year first."""
        with self.store.read() as repos:
            return repos.projects.get(name, year)

    def project_names(self) -> list[tuple[str, int]]:
        with self.store.read() as repos:
            return repos.projects.names()

    def edit_project(
        self, key: int, edit: Edit, *, actor: str, confirmed: bool = False
    ) -> Evaluated:
        with self.store.write() as repos:
            return projects.edit_project(
                repos,
                self.files.projects,
                self.zone,
                key,
                edit,
                actor=actor,
                now=self.now(),
                confirmed=confirmed,
            )

    def import_project(self, project: Project, *, actor: str) -> tuple[int, bool]:
        """Store a project (replacing the same name and year); (key, replaced)."""
        with self.store.write() as repos:
            return projects.import_project(repos, project, actor=actor, now=self.now())

    def import_project_file(self, path: Path, *, actor: str) -> tuple[Project, int, bool]:
        project = self.files.projects.load(path)
        key, replaced = self.import_project(project, actor=actor)
        return project, key, replaced
