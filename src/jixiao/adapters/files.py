"""The file ports of services/file_ports.py over the readers and writers of each file kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jixiao.adapters.departmentfile import load_department
from jixiao.adapters.importers import import_report
from jixiao.adapters.importers.device_table import ALIASES as DEVICE_COLUMNS
from jixiao.adapters.importers.device_table import read_device_table, read_devices_and_probes
from jixiao.adapters.importers.device_template import write_device_table
from jixiao.adapters.importers.status_csv import ALIASES as STATUS_COLUMNS
from jixiao.adapters.importers.status_csv import read_status_csv
from jixiao.adapters.importers.survey_table import read_survey_table
from jixiao.adapters.importers.ticket_table import column as ticket_column
from jixiao.adapters.importers.ticket_table import read_ticket_table
from jixiao.adapters.projectfile import load_project
from jixiao.adapters.projectfile.checking import check_project_file
from jixiao.adapters.projectfile.documents import DocumentCodec
from jixiao.adapters.projectfile.export import dump_project
from jixiao.adapters.projectfile.templates import load_templates
from jixiao.adapters.readers import READERS, read_report
from jixiao.adapters.reports.assessment_form import write_assessment_docx
from jixiao.adapters.reports.assessment_xlsx import write_assessment_xlsx
from jixiao.adapters.reports.batch import FORMATS, write_reports
from jixiao.adapters.reports.check_findings import write_findings
from jixiao.adapters.reports.department import FORMATS as DEPARTMENT_FORMATS
from jixiao.adapters.reports.department import write_department
from jixiao.adapters.reports.forms import FORMATS as FORM_FORMATS
from jixiao.adapters.reports.forms import declaration_grid, monitoring_grid, write_form
from jixiao.adapters.reports.om_lists import write_offline, write_rates
from jixiao.adapters.reports.recordings import write_recordings
from jixiao.adapters.worker import run_bounded
from jixiao.domain.assessment import MonthAssessment
from jixiao.domain.department import Department, DepartmentEvaluation
from jixiao.domain.devices import Device
from jixiao.domain.evaluation import Project
from jixiao.domain.findings import Finding
from jixiao.domain.funds import Contract
from jixiao.domain.midyear import Monitoring
from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.text import Document
from jixiao.domain.surveys import Response
from jixiao.domain.tickets import Ticket
from jixiao.services.checking import CheckedFile
from jixiao.services.device_views import RateMatrix
from jixiao.services.file_ports import (
    Advance,
    Files,
    Imported,
    ProjectCheck,
    ProjectTemplate,
    ReportJob,
    no_progress,
)
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import StatusRow
from jixiao.services.om_lists import OfflineList
from jixiao.services.probing import ProbeAssignment
from jixiao.services.recordings import RecordingReport

PROJECT_SUFFIXES = (".yaml", ".yml")


class ProjectFileKind:
    suffixes: tuple[str, ...] = PROJECT_SUFFIXES

    def __init__(self, bounded: bool = False) -> None:
        self._codec = DocumentCodec()
        self._bounded = bounded

    def load(self, path: Path) -> Project:
        return run_bounded(load_project, path) if self._bounded else load_project(path)

    def check(self, path: Path) -> ProjectCheck:
        if self._bounded:
            return run_bounded(check_project_file, path)
        return check_project_file(path)

    def dump(self, project: Project) -> str:
        return dump_project(project)

    def to_document(self, project: Project) -> dict[str, Any]:
        return self._codec.to_document(project)

    def from_document(self, document: dict[str, Any]) -> Project:
        return self._codec.from_document(document)

    def templates(self) -> list[ProjectTemplate]:
        return load_templates()


class ReportFileKind:
    formats: tuple[str, ...] = FORMATS
    suffixes: tuple[str, ...] = tuple(READERS)

    def __init__(self, bounded: bool = False) -> None:
        self._bounded = bounded

    def read(self, path: Path) -> Document:
        return run_bounded(read_report, path) if self._bounded else read_report(path)

    def extract(self, path: Path) -> Imported:
        return import_report(read_facts(read_report(path)))

    def write(
        self,
        jobs: Sequence[ReportJob],
        *,
        template: Path | None = None,
        reference: Path | None = None,
        advance: Advance = no_progress,
    ) -> list[Path]:
        return write_reports(jobs, template=template, reference=reference, advance=advance)


class TableFileKind:
    def __init__(self, bounded: bool = False) -> None:
        self._bounded = bounded

    def devices(self, path: Path) -> list[Numbered[Device]]:
        return run_bounded(read_device_table, path) if self._bounded else read_device_table(path)

    def devices_and_probes(
        self, path: Path
    ) -> tuple[list[Numbered[Device]], list[Numbered[ProbeAssignment]]]:
        if self._bounded:
            return run_bounded(read_devices_and_probes, path)
        return read_devices_and_probes(path)

    def statuses(self, path: Path, zone: dt.tzinfo) -> list[Numbered[StatusRow]]:
        if self._bounded:
            return run_bounded(read_status_csv, path, zone)[1]
        return read_status_csv(path, zone)[1]

    def write_devices(self, path: Path, devices: Sequence[Device] | None) -> Path:
        return write_device_table(path, devices)

    def device_column(self, name: str) -> str:
        return f"{name}（{DEVICE_COLUMNS[name][0]}）" if name in DEVICE_COLUMNS else name

    def status_column(self, name: str) -> str:
        return f"{name}（{STATUS_COLUMNS[name][0]}）" if name in STATUS_COLUMNS else name

    def tickets(self, path: Path, zone: dt.tzinfo) -> list[Numbered[Ticket]]:
        return read_ticket_table(path, zone)

    def survey(self, path: Path) -> tuple[tuple[str, ...], list[Numbered[Response]]]:
        return read_survey_table(path)

    def ticket_column(self, name: str) -> str:
        return ticket_column(name)


class AssessmentFileKind:
    def write_xlsx(
        self, project: str, contract: Contract, months: list[MonthAssessment], out: Path
    ) -> None:
        write_assessment_xlsx(project, contract, months, out)

    def write_docx(
        self, project: str, contract: Contract, months: list[MonthAssessment], out: Path
    ) -> None:
        write_assessment_docx(project, contract, months, out)


class FormFileKind:
    formats: tuple[str, ...] = FORM_FORMATS

    def declaration(
        self, project: Project, findings: Sequence[Finding], outputs: dict[str, Path]
    ) -> list[Path]:
        return write_form(declaration_grid(project, findings), outputs)

    def monitoring(self, monitoring: Monitoring, outputs: dict[str, Path]) -> list[Path]:
        return write_form(monitoring_grid(monitoring), outputs)

    def recordings(self, report: RecordingReport, outputs: dict[str, Path]) -> list[Path]:
        return write_recordings(report, outputs)

    def findings(
        self, results: Sequence[CheckedFile], outputs: dict[str, Path], checked_on: str
    ) -> list[Path]:
        return write_findings(results, outputs, checked_on)

    def rates(self, matrix: RateMatrix, outputs: dict[str, Path]) -> list[Path]:
        return write_rates(matrix, outputs)

    def offline(self, found: OfflineList, outputs: dict[str, Path]) -> list[Path]:
        return write_offline(found, outputs)


class DepartmentFileKind:
    formats: tuple[str, ...] = DEPARTMENT_FORMATS

    def load(self, path: Path) -> tuple[Department, list[Path]]:
        return load_department(path)

    def write(self, evaluation: DepartmentEvaluation, outputs: dict[str, Path]) -> list[Path]:
        return write_department(evaluation, outputs)


def files(*, bounded: bool = False) -> Files:
    """The file ports; `bounded`: every file from outside is read in a worker process with
    memory and CPU limits (the web app, where one upload must not take the server down)."""
    return Files(
        ProjectFileKind(bounded),
        ReportFileKind(bounded),
        TableFileKind(bounded),
        DepartmentFileKind(),
        FormFileKind(),
        AssessmentFileKind(),
    )
