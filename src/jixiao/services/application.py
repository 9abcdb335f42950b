"""The application: the one object the command line and the web app call for every use case.

Each method reads what it is given through the file ports, opens one unit of work (the
repositories inside one transaction), calls the use case with the time and the actor, and
returns what the caller renders. The CLI and the web do nothing but parse, call and render,
so a number is computed once, the same way, whichever of them shows it.

The store is opened on first use: scoring a project file with no evidence bindings never
touches it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.domain.documents import Document
from jixiao.domain.evaluation import Evaluation, Project
from jixiao.domain.surveys import SurveyResult
from jixiao.services import checking, documents, inventory, monitoring, projects, surveys
from jixiao.services.checking import CheckedFile
from jixiao.services.file_ports import Advance, Attachments, Files, ReportJob, no_progress
from jixiao.services.inventory import RowsRejected
from jixiao.services.ports import AppendResult
from jixiao.services.projects import Edit, Evaluated
from jixiao.services.scoring import evaluate_project, needs_store
from jixiao.services.web_errors import NotFound
from jixiao.services.web_ports import WebRepos, WebStore

Clock = Callable[[], float]


@dataclass
class Application:
    files: Files
    zone: dt.tzinfo
    clock: Clock
    open_store: Callable[[], WebStore]
    _store: WebStore | None = field(default=None, init=False, repr=False)
    attachments: Attachments | None = None  # where attached documents' contents are kept

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

    def check_files(
        self, paths: Sequence[Path], advance: Advance = no_progress
    ) -> list[CheckedFile]:
        """Reports and project files checked together; project files scored as `evaluate` does."""
        return checking.check_files(paths, self.files, self.evaluate, advance)

    # Project-years in the store.

    def projects(self) -> list[Evaluated]:
        with self.store.read() as repos:
            return projects.list_projects(repos, self.zone)

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

    # Devices and their status evidence.

    def import_devices(self, path: Path, *, actor: str) -> tuple[int, int, int]:
        """A 点位表, all or nothing; (rows, added, updated)."""
        rows = self.files.tables.devices(path)
        try:
            with self.store.write() as repos:
                added, updated = inventory.import_devices(
                    repos, rows, source=str(path), actor=actor, now=self.now()
                )
        except RowsRejected as error:
            raise error.relabel(str(path), self.files.tables.device_column) from error
        return len(rows), added, updated

    def import_status(self, path: Path, *, actor: str) -> AppendResult:
        """A status history, all or nothing; the file's name is kept as the changes' source."""
        rows = self.files.tables.statuses(path, self.zone)
        try:
            with self.store.write() as repos:
                return monitoring.import_status(
                    repos, rows, source=path.name, actor=actor, now=self.now()
                )
        except RowsRejected as error:
            raise error.relabel(str(path), self.files.tables.status_column) from error

    def add_maintenance(
        self,
        start: dt.datetime,
        end: dt.datetime,
        reason: str,
        *,
        device_id: str | None = None,
        group: str | None = None,
        actor: str,
    ) -> int:
        with self.store.write() as repos:
            return monitoring.add_maintenance(
                repos,
                start,
                end,
                reason,
                device_id=device_id,
                group=group,
                actor=actor,
                now=self.now(),
            )

    # Evidence: satisfaction surveys (满意度调查) and documents (证明材料).

    def import_survey(
        self, name: str, path: Path, *, project: str = "", audience: str = "", actor: str
    ) -> tuple[bool, int]:
        """A survey's answers from a spreadsheet, all or nothing; (created, responses added)."""
        questions, rows = self.files.tables.survey(path)
        with self.store.write() as repos:
            return surveys.import_responses(
                repos,
                name.strip(),
                questions,
                rows,
                project=project.strip(),
                audience=audience.strip(),
                source=str(path),
                actor=actor,
                now=self.now(),
            )

    def survey_result(self, name: str) -> SurveyResult:
        with self.store.read() as repos:
            return surveys.survey_result(repos, name.strip())

    def attach(
        self,
        content: bytes,
        *,
        project: str,
        kind: str,
        title: str,
        issuer: str = "",
        issued: dt.date | None = None,
        filename: str = "",
        actor: str,
    ) -> tuple[Document, bool]:
        """A document attached to a project: (its description, whether it replaced one)."""
        if self.attachments is None:
            raise RuntimeError("this application keeps no attachments")
        with self.store.write() as repos:
            return documents.attach(
                repos,
                self.attachments,
                content,
                project=project,
                kind=kind,
                title=title,
                issuer=issuer,
                issued=issued,
                filename=filename,
                actor=actor,
                now=self.now(),
            )

    def project_documents(self, project: str) -> list[Document]:
        with self.store.read() as repos:
            return repos.documents.of_project(project)

    def document_content(self, document: Document) -> bytes | None:
        """The attached file's bytes (None when its content is missing from the directory)."""
        return None if self.attachments is None else self.attachments.get(document.sha256)
