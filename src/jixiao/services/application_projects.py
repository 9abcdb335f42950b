"""The application's use cases for a project's year: the cycle, surveys and documents,
复核, project editing, corrections, check exports and the archive (part of
services/application.Application)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.domain.availability import NEVER_BEFORE, Span
from jixiao.domain.declaration import check_declaration
from jixiao.domain.department import DepartmentEvaluation, evaluate_department
from jixiao.domain.documents import Document
from jixiao.domain.errors import InputError, Problem
from jixiao.domain.evaluation import Project
from jixiao.domain.midyear import DEFAULT_THRESHOLDS, Monitoring
from jixiao.domain.surveys import Survey, SurveyResult
from jixiao.domain.yearly import next_year
from jixiao.services import (
    checking,
    corrections,
    cycle,
    documents,
    midyear,
    project_archive,
    project_editing,
    survey_links,
    surveys,
)
from jixiao.services.application_core import ApplicationCore
from jixiao.services.checking import CheckedFile
from jixiao.services.file_ports import (
    Advance,
    ProjectTemplate,
    no_progress,
)
from jixiao.services.ports import StoredWindow
from jixiao.services.projects import Evaluated
from jixiao.services.scoring import needs_store
from jixiao.services.web_errors import NotFound
from jixiao.services.web_ports import Deletion


class ProjectUseCases(ApplicationCore):
    # The year's cycle: the next year's file, mid-year monitoring, the department, and the
    # stored projects' states (services/cycle.py, docs/cycle.md).

    def next_year(self, path: Path) -> tuple[Project, str]:
        """The next project-year of a continuing project, as project-file text
        (`jixiao project next`): targets, bindings and contracts carried forward."""
        project = next_year(self.files.projects.load(path))
        return project, self.files.projects.dump(project)

    def evaluate_department(self, path: Path) -> DepartmentEvaluation:
        """A department file: its projects scored as `evaluate` scores them, rolled up."""
        department, project_files = self.files.departments.load(path)
        evaluations = [self.evaluate_file(f) for f in project_files]
        return evaluate_department(department, evaluations)

    def write_department(
        self, evaluation: DepartmentEvaluation, outputs: dict[str, Path]
    ) -> list[Path]:
        return self.files.departments.write(evaluation, outputs)

    def monitor(
        self,
        path: Path,
        as_of: dt.date,
        thresholds: Sequence[tuple[int, Decimal]],
        last_year: Path | None = None,
    ) -> Monitoring:
        """Mid-year monitoring of a project file to `as_of` (`jixiao monitor`); `last_year`:
        the previous year's file, for the forecast from its payment profile."""
        project = self.files.projects.load(path)
        previous = None if last_year is None else self.files.projects.load(last_year)
        if not needs_store(project):
            return midyear.monitor_project(project, None, self.zone, as_of, thresholds, previous)
        with self.store.read() as repos:
            return midyear.monitor_project(project, repos, self.zone, as_of, thresholds, previous)

    def write_declaration(self, path: Path, outputs: dict[str, Path]) -> list[Path]:
        """The 绩效目标申报表 of a declaration file, its check's findings beside each target."""
        checked = self.files.projects.check(path)
        project = checked.project or checked.unweighted
        if project is None:
            raise InputError([Problem(str(path), "计分设置有误，无法生成申报表；请先改正")])
        findings = [*checked.findings, *check_declaration(project)]
        return self.files.forms.declaration(project, findings, outputs)

    def write_monitoring(self, monitoring: Monitoring, outputs: dict[str, Path]) -> list[Path]:
        """The 绩效运行监控表 of `monitor`."""
        return self.files.forms.monitoring(monitoring, outputs)

    def years(self) -> list[int]:
        with self.store.read() as repos:
            return cycle.years(repos)

    def departments(self, year: int | None = None) -> list[cycle.DepartmentLine]:
        with self.store.read() as repos:
            return cycle.departments(repos, year)

    def department_states(self, name: str, year: int) -> list[cycle.ProjectYearState]:
        """A department's projects of a year with their declaration, monitoring and
        self-evaluation states, as of today."""
        with self.store.read() as repos:
            return cycle.department_states(repos, self.zone, name, year, self.moment().date())

    def project_state(
        self,
        key: int,
        as_of: dt.date | None = None,
        thresholds: Sequence[tuple[int, Decimal]] = DEFAULT_THRESHOLDS,
    ) -> cycle.ProjectYearState:
        """One stored project's states, monitored to `as_of` (default: today)."""
        with self.store.read() as repos:
            project = repos.projects.by_key(key)
            if project is None:
                raise NotFound("没有这个项目（可能已被删除）")
            today = as_of or self.moment().date()
            return cycle.state_of(repos, self.zone, key, project, today, thresholds)

    def across_years(self, name: str) -> list[cycle.YearLine]:
        with self.store.read() as repos:
            return cycle.across_years(repos, self.zone, name)

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

    # Evidence: survey links (答卷链接), public answers and paper questionnaires.

    def survey_overviews(self) -> list[survey_links.SurveyOverview]:
        with self.store.read() as repos:
            return survey_links.overviews(repos)

    def survey_overview(self, key: int) -> survey_links.SurveyOverview:
        with self.store.read() as repos:
            return survey_links.overview(repos, key)

    def issue_survey_tokens(self, key: int, count: int, *, actor: str) -> list[str]:
        with self.store.write() as repos:
            return survey_links.issue_tokens(repos, key, count, actor=actor, now=self.now())

    def open_survey_link(self, token: str) -> Survey:
        """The survey a public link answers (NotFound, or TokenUsed when answered already)."""
        with self.store.read() as repos:
            return survey_links.open_link(repos, token)[1]

    def answer_survey_link(self, token: str, answers: list[str], comment: str) -> None:
        with self.store.write() as repos:
            survey_links.answer_link(repos, token, answers, comment, now=self.now())

    def enter_paper_survey(self, key: int, answers: list[str], comment: str, *, actor: str) -> None:
        with self.store.write() as repos:
            survey_links.enter_paper(repos, key, answers, comment, actor=actor, now=self.now())

    # review: a finance bureau's 复核 of reports' 自评表 (check --review).

    def review_files(
        self, paths: Sequence[Path], advance: Advance = no_progress
    ) -> list[checking.ReviewedFile]:
        """Each report's 自评表 rescored by the 复核口径, beside the unit's own scores."""
        return checking.review_files(paths, self.files, advance)

    # project editing: a project from start to end (services/project_editing.py).

    def project_templates(self) -> list[ProjectTemplate]:
        """The indicator library, one template per kind of project."""
        return self.files.projects.templates()

    def create_project(self, new: project_editing.NewProject, *, actor: str) -> Evaluated:
        with self.store.write() as repos:
            return project_editing.create_project(
                repos,
                self.files.projects,
                self.zone,
                new,
                self.project_templates(),
                actor=actor,
                now=self.now(),
            )

    def update_project(self, key: int, values: dict[str, Any], *, actor: str) -> Evaluated:
        """Change the project's name, units, year, layout or goals."""
        with self.store.write() as repos:
            return project_editing.update_project(
                repos, self.files.projects, self.zone, key, values, actor=actor, now=self.now()
            )

    def add_indicator(self, key: int, values: dict[str, Any], *, actor: str) -> Evaluated:
        with self.store.write() as repos:
            return project_editing.add_indicator(
                repos, self.files.projects, self.zone, key, values, actor=actor, now=self.now()
            )

    def edit_indicator(
        self, key: int, index: int, values: dict[str, Any], *, actor: str
    ) -> Evaluated:
        with self.store.write() as repos:
            return project_editing.edit_indicator(
                repos,
                self.files.projects,
                self.zone,
                key,
                index,
                values,
                actor=actor,
                now=self.now(),
            )

    def move_indicator(self, key: int, index: int, to: int, *, actor: str) -> Evaluated:
        with self.store.write() as repos:
            return project_editing.move_indicator(
                repos, self.files.projects, self.zone, key, index, to, actor=actor, now=self.now()
            )

    def remove_indicator(self, key: int, index: int, *, actor: str) -> Evaluated:
        with self.store.write() as repos:
            return project_editing.remove_indicator(
                repos, self.files.projects, self.zone, key, index, actor=actor, now=self.now()
            )

    def delete_project(self, key: int, *, reason: str, actor: str) -> str:
        """Delete a project-year (its project file kept in the audit entry); its title."""
        with self.store.write() as repos:
            return project_editing.delete_project(
                repos, self.files.projects, key, reason=reason, actor=actor, now=self.now()
            )

    def evidence_choices(self, key: int) -> project_editing.EvidenceChoices:
        with self.store.read() as repos:
            project = repos.projects.by_key(key)
            if project is None:
                raise NotFound("没有这个项目（可能已被删除）")
            return project_editing.evidence_choices(repos, project)

    def project_key(self, name: str, year: int) -> int:
        """The key of the stored project `name` of `year` (NotFound naming the stored ones)."""
        with self.store.read() as repos:
            keyed = repos.projects.keyed()
        for key, stored, stored_year in keyed:
            if (stored, stored_year) == (name, year):
                return key
        listed = "；".join(f"{n}（{y}）" for _, n, y in keyed) or "（还没有项目）"
        raise NotFound(f"没有项目“{name}”（{year}年度）；已有：{listed}")

    # Corrections (更正): soft deletes with a reason, restored by an administrator.

    def delete_device(self, device_id: str, *, reason: str, actor: str) -> Deletion:
        with self.store.write() as repos:
            return corrections.delete_device(repos, device_id, reason, actor=actor, now=self.now())

    def delete_maintenance(self, window_id: int, *, reason: str, actor: str) -> Deletion:
        with self.store.write() as repos:
            return corrections.delete_window(
                repos, window_id, reason, zone=self.zone, actor=actor, now=self.now()
            )

    def edit_maintenance(
        self,
        window_id: int,
        *,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        reason: str | None = None,
        actor: str,
    ) -> None:
        with self.store.write() as repos:
            corrections.edit_window(
                repos,
                window_id,
                start=start,
                end=end,
                reason=reason,
                zone=self.zone,
                actor=actor,
                now=self.now(),
            )

    def delete_status(
        self, device_id: str, moment: dt.datetime, *, reason: str, actor: str
    ) -> Deletion:
        with self.store.write() as repos:
            return corrections.delete_status(
                repos, device_id, moment, reason, zone=self.zone, actor=actor, now=self.now()
            )

    def restore_deleted(self, deletion_id: int, *, actor: str) -> Deletion:
        with self.store.write() as repos:
            return corrections.restore(repos, deletion_id, actor=actor, now=self.now())

    def deleted(self) -> list[Deletion]:
        with self.store.read() as repos:
            return corrections.deleted(repos)

    def maintenance_windows(self) -> list[StoredWindow]:
        """Every live maintenance window, for the list that edits and deletes them."""
        with self.store.read() as repos:
            return repos.maintenance.overlapping(Span(NEVER_BEFORE, 2**62))

    def device_ids(self) -> dict[int, str]:
        """Key -> id of every device (not deleted), to name a window's device."""
        with self.store.read() as repos:
            return repos.presence.device_ids()

    # Check exports (审核意见): a check run's findings as Excel and Word, errors first.

    def export_findings(
        self, results: Sequence[CheckedFile], outputs: dict[str, Path]
    ) -> list[Path]:
        checked_on = f"{self.moment():%Y年%m月%d日}检查"
        return checking.export_findings(results, self.files.forms, outputs, checked_on)

    # 归档 (project archive): set aside, read-only, restored by an administrator
    # (services/project_archive.py).

    def archive_project(self, key: int, *, reason: str, actor: str) -> str:
        with self.store.write() as repos:
            return project_archive.archive_project(
                repos, key, reason=reason, actor=actor, now=self.now()
            )

    def restore_project(self, key: int, *, actor: str) -> str:
        with self.store.write() as repos:
            return project_archive.restore_project(repos, key, actor=actor, now=self.now())

    def archived_projects(self) -> list[project_archive.ArchivedProject]:
        with self.store.read() as repos:
            return project_archive.archived_projects(repos)
