"""The seams between use cases and the files users give and get: project files, reports
(read and written) and the tables of devices and status history.

The adapters implement them (adapters/files.py); the use cases only see these shapes, so a
file kind is known, read and written in one place whichever entry point asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from jixiao.domain.assessment import MonthAssessment
from jixiao.domain.department import Department, DepartmentEvaluation
from jixiao.domain.devices import Device
from jixiao.domain.evaluation import Evaluation, Project
from jixiao.domain.findings import Finding
from jixiao.domain.funds import Contract
from jixiao.domain.midyear import Monitoring
from jixiao.domain.reading.text import Document
from jixiao.domain.surveys import Response
from jixiao.domain.tickets import Ticket
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import StatusRow
from jixiao.services.probing import ProbeAssignment
from jixiao.services.recordings import RecordingReport

if TYPE_CHECKING:  # checking.py reads files through these ports
    from jixiao.services.checking import CheckedFile
    from jixiao.services.device_views import RateMatrix
    from jixiao.services.om_lists import OfflineList

Advance = Callable[[str], None]


def no_progress(_: str) -> None:
    """An `Advance` for callers that show no progress."""


@dataclass(frozen=True, slots=True)
class ProjectCheck:
    """A project file read for checking: its Project (None when the scoring findings keep it
    from loading) and the findings of the scoring rules it states."""

    project: Project | None
    findings: tuple[Finding, ...]
    # When the stated weights keep the file from loading: the project read with the default
    # weights, for the rules that need the indicators but no score (target declarations).
    unweighted: Project | None = None


@dataclass
class Imported:
    """A report turned into project-file text, each field commented with its source; what
    could not be read, and what was read but left out."""

    text: str
    missing: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReportJob:
    """One evaluation and the file each requested format goes to."""

    evaluation: Evaluation
    outputs: dict[str, Path]


@dataclass(frozen=True, slots=True)
class ProjectTemplate:
    """One entry of the indicator library: a kind of project's indicators, with their targets,
    units and evidence bindings; `{year}`, `{group}` and `{devices}` are filled in when a
    project is made from it (services/project_editing.py)."""

    key: str  # the file's stem: tianwang-om
    title: str  # 天网工程运维
    description: str
    group: str  # the device group its bindings name unless another is chosen
    layout: str
    expected: str  # the 预期目标 it proposes
    indicators: tuple[dict[str, Any], ...]  # project-file indicators, each with `evidence`


class ProjectFiles(Protocol):
    suffixes: tuple[str, ...]  # the project file's extensions (.yaml .yml)

    def load(self, path: Path) -> Project:
        """Read and validate; InputError listing every problem with its line."""
        ...

    def check(self, path: Path) -> ProjectCheck:
        """Read for `check`: the scoring rules' problems are findings, not refusals."""
        ...

    def dump(self, project: Project) -> str:
        """The project as project-file text (bindings kept as bindings)."""
        ...

    def to_document(self, project: Project) -> dict[str, Any]:
        """The project as the project file's data (version 1)."""
        ...

    def from_document(self, document: dict[str, Any]) -> Project:
        """Validate as a project file is validated; raise ProjectInvalid with every problem."""
        ...

    def templates(self) -> list[ProjectTemplate]:
        """The indicator library (package data), by title."""
        ...


class ReportFiles(Protocol):
    formats: tuple[str, ...]  # what `write` can produce
    suffixes: tuple[str, ...]  # what `read` can read

    def read(self, path: Path) -> Document:
        """A report of any supported kind as text; InputError when it cannot be read."""
        ...

    def extract(self, path: Path) -> Imported:
        """Best-effort extraction of a project file from a report (never guessing)."""
        ...

    def write(
        self,
        jobs: Sequence[ReportJob],
        *,
        template: Path | None = None,
        reference: Path | None = None,
        advance: Advance = no_progress,
    ) -> list[Path]:
        """Write every job's outputs; `advance` is called with a label after each file."""
        ...


class AssessmentFiles(Protocol):
    def write_xlsx(
        self, project: str, contract: Contract, months: list[MonthAssessment], out: Path
    ) -> None:
        """The 运维考核表 as Excel, with signature lines for 甲方 and 乙方."""
        ...

    def write_docx(
        self, project: str, contract: Contract, months: list[MonthAssessment], out: Path
    ) -> None:
        """The 运维考核表 as Word, in the 自评表's grid, with signature cells for 甲方 and 乙方."""
        ...


class FormFiles(Protocol):
    """The forms of the year's other steps, in the 自评表's layout."""

    formats: tuple[str, ...]  # docx, xlsx

    def declaration(
        self, project: Project, findings: Sequence[Finding], outputs: dict[str, Path]
    ) -> list[Path]:
        """The 绩效目标申报表 with the declaration check's findings beside each indicator."""
        ...

    def monitoring(self, monitoring: Monitoring, outputs: dict[str, Path]) -> list[Path]:
        """The 绩效运行监控表."""
        ...

    def recordings(self, report: RecordingReport, outputs: dict[str, Path]) -> list[Path]:
        """The monthly 录像巡检报告: rates by group and month, every channel's recordings."""
        ...

    def findings(
        self, results: Sequence[CheckedFile], outputs: dict[str, Path], checked_on: str
    ) -> list[Path]:
        """The 审核意见 of a check run: counts per file, then the findings by severity."""
        ...

    def rates(self, matrix: RateMatrix, outputs: dict[str, Path]) -> list[Path]:
        """The 在线率统计表: each day or month of 全部 and each group or area."""
        ...

    def offline(self, found: OfflineList, outputs: dict[str, Path]) -> list[Path]:
        """The 离线设备清单: since when, for how long, the last cause."""
        ...


class TableFiles(Protocol):
    def devices(self, path: Path) -> list[Numbered[Device]]:
        """A 点位表 (.xlsx .csv) read and validated row by row; InputError naming the rows."""
        ...

    def devices_and_probes(
        self, path: Path
    ) -> tuple[list[Numbered[Device]], list[Numbered[ProbeAssignment]]]:
        """A 点位表 and the probes its optional 探测方式/探测地址 columns name."""
        ...

    def statuses(self, path: Path, zone: dt.tzinfo) -> list[Numbered[StatusRow]]:
        """A status-history CSV; InputError naming the rows."""
        ...

    def write_devices(self, path: Path, devices: Sequence[Device] | None) -> Path:
        """A 点位表 the importer reads back: the template (None: one example row, and a
        sheet of the accepted 类型 words) or these devices, each with its own 类型 word."""
        ...

    def device_column(self, name: str) -> str:
        """A 点位表 field as problems name it: "device_id（设备编码）"."""
        ...

    def status_column(self, name: str) -> str: ...

    def tickets(self, path: Path, zone: dt.tzinfo) -> list[Numbered[Ticket]]:
        """Work orders exported from another system (.csv .xlsx); InputError naming the rows."""
        ...

    def ticket_column(self, name: str) -> str: ...

    def survey(self, path: Path) -> tuple[tuple[str, ...], list[Numbered[Response]]]:
        """A survey's answers (.xlsx .csv): its questions and one response per row;
        InputError naming every answer off the scale."""
        ...


class DepartmentFiles(Protocol):
    formats: tuple[str, ...]  # what `write` can produce

    def load(self, path: Path) -> tuple[Department, list[Path]]:
        """A department file and its project files; InputError listing every problem."""
        ...

    def write(self, evaluation: DepartmentEvaluation, outputs: dict[str, Path]) -> list[Path]:
        """The 部门整体支出绩效自评报告 in each format asked."""
        ...


class Attachments(Protocol):
    """Attachments' contents, each named by the SHA-256 of its bytes (the data directory's
    attachments/ in the application)."""

    def put(self, content: bytes) -> str:
        """Store `content` (once, however often it is put); its SHA-256 in hex."""
        ...

    def get(self, sha256: str) -> bytes | None: ...


@dataclass(frozen=True, slots=True)
class Files:
    """Every kind of file the application reads or writes."""

    projects: ProjectFiles
    reports: ReportFiles
    tables: TableFiles
    departments: DepartmentFiles
    forms: FormFiles
    assessments: AssessmentFiles
