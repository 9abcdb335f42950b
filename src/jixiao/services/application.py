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
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.domain.assessment import AssessmentRules, MonthAssessment
from jixiao.domain.availability import NEVER_BEFORE, Span, to_seconds
from jixiao.domain.declaration import check_declaration
from jixiao.domain.department import DepartmentEvaluation, evaluate_department
from jixiao.domain.documents import Document
from jixiao.domain.errors import InputError, Problem
from jixiao.domain.evaluation import Evaluation, Project
from jixiao.domain.funds import Contract
from jixiao.domain.midyear import DEFAULT_THRESHOLDS, Monitoring
from jixiao.domain.probes import StatusSource, Timing
from jixiao.domain.surveys import Survey, SurveyResult
from jixiao.domain.tickets import ExemptionCategory, Ticket, TicketState
from jixiao.domain.yearly import next_year
from jixiao.services import (
    assessment,
    checking,
    corrections,
    cycle,
    device_views,
    documents,
    inventory,
    midyear,
    monitoring,
    om_lists,
    probing,
    project_archive,
    project_editing,
    projects,
    recordings,
    survey_links,
    surveys,
    tickets,
)
from jixiao.services.checking import CheckedFile
from jixiao.services.file_ports import (
    Advance,
    Attachments,
    Files,
    Imported,
    ProjectTemplate,
    ReportJob,
    no_progress,
)
from jixiao.services.inventory import RowsRejected
from jixiao.services.ports import AppendResult, StoredWindow
from jixiao.services.projects import Edit, Evaluated, ProjectHead
from jixiao.services.scoring import evaluate_project, needs_store
from jixiao.services.shared_selection import sharing_selections
from jixiao.services.web_errors import NotFound
from jixiao.services.web_ports import Deletion, ProbeConfig, ProbeState, WebRepos, WebStore

Clock = Callable[[], float]


@dataclass
class Application:
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

    # Devices and their status evidence.

    def import_devices(self, path: Path, *, actor: str) -> tuple[int, int, int]:
        """A 点位表, all or nothing; (rows, added, updated)."""
        rows, probes = self.files.tables.devices_and_probes(path)
        sealed = {p.value.password: self._seal(p.value.password) for p in probes}
        try:
            with self.store.write() as repos:
                added, updated = inventory.import_devices(
                    repos, rows, source=str(path), actor=actor, now=self.now()
                )
                if probes:
                    probing.assign(repos, probes, sealed, actor=actor, now=self.now())
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

    # O&M work orders (工单) and the contract assessment (运维考核).

    def sync_tickets(
        self, *, threshold_minutes: int, actor: str, since: int | None = None
    ) -> tickets.SyncResult:
        """Open a ticket for each outage longer than the threshold; close the recovered
        (only the devices changed since `since` or offline, when it is given)."""
        with self.store.write() as repos:
            return tickets.sync_tickets(
                repos,
                threshold_s=threshold_minutes * 60,
                zone=self.zone,
                actor=actor,
                now=self.now(),
                since=since,
            )

    def import_tickets(self, path: Path, *, actor: str) -> tuple[int, int, int]:
        """Tickets from another system, all or nothing; (rows, added, replaced)."""
        rows = self.files.tables.tickets(path, self.zone)
        try:
            with self.store.write() as repos:
                added, replaced = tickets.import_tickets(
                    repos, rows, source=str(path), actor=actor, now=self.now()
                )
        except RowsRejected as error:
            raise error.relabel(str(path), self.files.tables.ticket_column) from error
        return len(rows), added, replaced

    def list_tickets(self, *, open_only: bool = False) -> list[Ticket]:
        with self.store.read() as repos:
            return tickets.list_tickets(repos, open_only=open_only)

    def ticket_page(
        self, *, text: str, state: TicketState | None, month: dt.date | None, page: int
    ) -> tickets.TicketPage:
        with self.store.read() as repos:
            return tickets.ticket_page(
                repos, self.zone, text=text, state=state, month=month, page=page
            )

    def set_approval(self, ticket_id: int, *, approve: bool, actor: str) -> Ticket:
        """Approve a ticket's exemption (the actor is the approver) or withdraw the approval."""
        with self.store.write() as repos:
            return tickets.set_approval(
                repos, ticket_id, approve=approve, actor=actor, now=self.now()
            )

    def assess(
        self, path: Path, contract_name: str, months: Sequence[dt.date]
    ) -> tuple[Project, Contract, list[MonthAssessment]]:
        """A project file's O&M contract assessed month by month; open tickets judged now."""
        project = self.files.projects.load(path)
        contract, rules = assessment.assessed_contract(project, contract_name)
        with self.store.read() as repos:
            found = assessment.assess_months(
                repos, contract, rules, months, self.zone, as_of=self.now()
            )
        return project, contract, found

    def assess_stored(
        self, key: int, contract_name: str, months: Sequence[dt.date]
    ) -> tuple[Project, Contract, list[MonthAssessment]]:
        """A stored project's O&M contract assessed month by month; open tickets judged now."""
        project = self._stored(key)
        contract, rules = assessment.assessed_contract(project, contract_name)
        with self.store.read() as repos:
            found = assessment.assess_months(
                repos, contract, rules, months, self.zone, as_of=self.now()
            )
        return project, contract, found

    def assessed_contracts(self) -> list[tuple[int, str, int, str]]:
        """(project key, project name, year, contract name) of every stored contract with
        assessment rules."""
        with self.store.read() as repos:
            out = []
            for key, name, year in repos.projects.keyed():
                project = repos.projects.by_key(key)
                for c in project.funds.contracts if project else ():
                    if c.assessment is not None:
                        out.append((key, name, year, c.name))
            return out

    def request_exemption(
        self,
        ticket_id: int,
        category: ExemptionCategory,
        start: dt.datetime,
        end: dt.datetime,
        reason: str,
        *,
        actor: str,
    ) -> Ticket:
        with self.store.write() as repos:
            return tickets.request_exemption(
                repos,
                ticket_id,
                category,
                Span(to_seconds(start), to_seconds(end)),
                reason,
                actor=actor,
                now=self.now(),
            )

    def write_assessment(
        self, project: Project, contract: Contract, months: list[MonthAssessment], out: Path
    ) -> Path:
        """The 运维考核表 of `assess` at `out`: Word for a .docx, else Excel."""
        if out.suffix.lower() == ".docx":
            self.files.assessments.write_docx(project.name, contract, months, out)
        else:
            self.files.assessments.write_xlsx(project.name, contract, months, out)
        return out

    def edit_assessment_rules(
        self, key: int, contract: str, rules: AssessmentRules, *, actor: str
    ) -> Contract:
        """Set the 考核办法 of a stored project's contract (the web's rules form)."""
        with self.store.write() as repos:
            return assessment.edit_rules(repos, key, contract, rules, actor=actor, now=self.now())

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

    # probes: active probes of devices (services/probing.py, docs/probes.md).

    def _seal(self, password: str) -> str:
        if not password:
            return ""
        if self.secrets is None:
            raise RuntimeError("no key to encrypt probe passwords with")
        return self.secrets.seal(password)

    def probe_plan(self, *, group: str | None = None) -> probing.Plan:
        """Every device with a probe (of `group`), its password still sealed."""
        with self.store.read() as repos:
            return probing.plan(repos, self.probe_timing, group=group)

    def has_probes(self) -> bool:
        with self.store.read() as repos:
            return bool(repos.probes.devices()) or any(
                c.method for c in repos.probes.groups().values()
            )

    def record_probes(
        self, results: Sequence[probing.ProbeResult], sources: dict[int, StatusSource]
    ) -> probing.Recorded:
        """One batch of results through damping into the status history, one transaction."""
        with self.store.write() as repos:
            return probing.record(repos, results, self.probe_timing, sources=sources)

    def set_probe(
        self,
        config: ProbeConfig | None,
        *,
        password: str | None = None,
        device_id: str | None = None,
        group: str | None = None,
        actor: str,
    ) -> None:
        """Set (None: remove) a device's probe or a group's defaults; `password` is stored
        encrypted (None: keep the stored one)."""
        with self.store.write() as repos:
            if config is not None and password is not None:
                config = replace(config, secret=self._seal(password))
            elif config is not None:
                kept = probing.stored(repos, device_id=device_id, group=group)
                if kept is not None and kept.username == config.username:
                    config = replace(config, secret=kept.secret)
            probing.configure(
                repos, config, device_id=device_id, group=group, actor=actor, now=self.now()
            )

    def device_probe(self, device_id: str) -> tuple[probing.Resolved | None, ProbeState | None]:
        """A device's effective probe and its last state, for its page."""
        with self.store.read() as repos:
            key = repos.devices.keys([device_id]).get(device_id)
            if key is None:
                return None, None
            found = probing.plan(repos, self.probe_timing, keys=[key]).probes
            return (found[0] if found else None), repos.probes.states([key]).get(key)

    # review: a finance bureau's 复核 of reports' 自评表 (check --review).

    def review_files(
        self, paths: Sequence[Path], advance: Advance = no_progress
    ) -> list[checking.ReviewedFile]:
        """Each report's 自评表 rescored by the 复核口径, beside the unit's own scores."""
        return checking.review_files(paths, self.files, advance)

    # recordings: the 录像巡检 (RecordInfo per channel and day), 录像完整率, storage compliance.

    def recording_targets(
        self, *, group: str | None = None
    ) -> tuple[list[recordings.Target], list[str]]:
        """The channels the platform can ask about, and the cameras it cannot."""
        with self.store.read() as repos:
            return recordings.scan_targets(repos, group=group)

    def record_recordings(
        self,
        scans: Sequence[recordings.ChannelScan],
        day: dt.date,
        *,
        unreachable: int = 0,
        actor: str,
    ) -> recordings.ScanSummary:
        """Store one day's scan (the answers already fetched), audited."""
        with self.store.write() as repos:
            return recordings.record_scan(
                repos, scans, day, self.zone, unreachable=unreachable, actor=actor, now=self.now()
            )

    def recording_report(
        self, first: dt.date, last: dt.date, *, group: str | None = None, online: bool = True
    ) -> recordings.RecordingReport:
        with self.store.read() as repos:
            return recordings.recording_report(
                repos, first, last, self.zone, group=group, online=online
            )

    def recording_days(
        self, device_id: str, first: dt.date, last: dt.date
    ) -> list[recordings.DayBar]:
        """One channel's recording bar per day (recorded, gaps, maintenance, not scanned)."""
        with self.store.read() as repos:
            return recordings.day_bars(repos, device_id, first, last, self.zone)

    def write_recording_report(
        self, report: recordings.RecordingReport, outputs: dict[str, Path]
    ) -> list[Path]:
        """The 录像巡检报告 of a month as Word and/or Excel (`outputs`: format → path)."""
        return self.files.forms.recordings(report, outputs)

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

    # The 录像 page at scale: the report's figures without reading every channel, and one
    # page of its channels (services/recordings.py).

    def recording_summary(
        self, first: dt.date, last: dt.date, *, group: str | None = None
    ) -> recordings.RecordingReport:
        """The report by group and month, with the online rate, without per-channel rows."""
        with self.store.read() as repos:
            return recordings.recording_report(
                repos, first, last, self.zone, group=group, online=True, channels=False
            )

    def recording_channels(
        self, first: dt.date, last: dt.date, *, group: str | None = None, page: int = 1
    ) -> recordings.ChannelPage:
        with self.store.read() as repos:
            return recordings.channel_page(repos, first, last, self.zone, group=group, page=page)

    def project_with_years(self, key: int) -> tuple[Evaluated, list[cycle.YearLine]]:
        """The project page's evaluations in one read: the project and its other years,
        each group's devices read once for all of them (services/shared_selection)."""
        with self.store.read() as repos:
            shared = sharing_selections(repos)
            item = projects.get_project(shared, self.zone, key)
            return item, cycle.across_years(shared, self.zone, item.stored.name, item)

    # O&M lists (运维): rates by group or area, the offline list, maintenance windows by
    # device, group or area, and their exports (services/om_lists.py, device_views.py).

    def rate_table(
        self,
        first: dt.date,
        last: dt.date,
        *,
        period: device_views.Period = device_views.Period.DAY,
        method: monitoring.Method = monitoring.Method.TIME,
        dimension: device_views.Dimension = device_views.Dimension.GROUP,
        names: Sequence[str] | None = None,
    ) -> device_views.RateMatrix:
        """全部 and each group or area (`names`: only those), by day or month; the rollup's
        cohorts read once for all of them."""
        with self.store.read() as repos:
            return device_views.rate_table(
                sharing_selections(repos), self.zone, first, last, period, method, dimension, names
            )

    def offline_list(
        self, found: om_lists.OfflineFilter, *, everything: bool = False
    ) -> om_lists.OfflineList:
        """One page of the devices offline now (`everything`: all of them)."""
        with self.store.read() as repos:
            return om_lists.offline_list(
                repos, found, self.moment(), self.zone, everything=everything
            )

    def device_choices(self) -> tuple[list[str], list[str]]:
        """Every group and every area, for the lists' filters."""
        with self.store.read() as repos:
            return om_lists.device_choices(repos, self.zone)

    def window_list(self, chosen: om_lists.WindowFilter) -> om_lists.WindowList:
        with self.store.read() as repos:
            return om_lists.window_list(repos, chosen, self.moment(), self.zone)

    def add_area_maintenance(
        self, start: dt.datetime, end: dt.datetime, reason: str, area: str, *, actor: str
    ) -> list[int]:
        """A window for each device of the area; their ids."""
        with self.store.write() as repos:
            return om_lists.add_area_maintenance(
                repos, start, end, reason, area, actor=actor, now=self.now()
            )

    def write_rates(self, matrix: device_views.RateMatrix, outputs: dict[str, Path]) -> list[Path]:
        """The 在线率统计表 (`outputs`: format → path)."""
        return self.files.forms.rates(matrix, outputs)

    def write_offline(self, found: om_lists.OfflineList, outputs: dict[str, Path]) -> list[Path]:
        """The 离线设备清单 (`outputs`: format → path)."""
        return self.files.forms.offline(found, outputs)

    # 点位表 template and export: the columns the importer accepts, written out; the stored
    # devices with the 类型 word each one's table used.

    def write_device_template(self, path: Path) -> Path:
        return self.files.tables.write_devices(path, None)

    def export_devices(self, path: Path, *, group: str | None = None) -> tuple[Path, int]:
        """Every device (or `group`'s) as a 点位表 that imports back unchanged; (file, count)."""
        with self.store.read() as repos:
            devices = [s.device for s in repos.devices.select(group=group)]
        return self.files.tables.write_devices(path, devices), len(devices)

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
