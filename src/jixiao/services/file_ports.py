"""The seams between use cases and the files users give and get: project files, reports
(read and written) and the tables of devices and status history.

The adapters implement them (adapters/files.py); the use cases only see these shapes, so a
file kind is known, read and written in one place whichever entry point asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from jixiao.domain.devices import Device
from jixiao.domain.evaluation import Evaluation, Project
from jixiao.domain.findings import Finding
from jixiao.domain.reading.text import Document
from jixiao.domain.surveys import Response
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import StatusRow

Advance = Callable[[str], None]


def no_progress(_: str) -> None:
    """An `Advance` for callers that show no progress."""


@dataclass(frozen=True, slots=True)
class ProjectCheck:
    """A project file read for checking: its Project (None when the scoring findings keep it
    from loading) and the findings of the scoring rules it states."""

    project: Project | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class ReportJob:
    """One evaluation and the file each requested format goes to."""

    evaluation: Evaluation
    outputs: dict[str, Path]


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


class ReportFiles(Protocol):
    formats: tuple[str, ...]  # what `write` can produce
    suffixes: tuple[str, ...]  # what `read` can read

    def read(self, path: Path) -> Document:
        """A report of any supported kind as text; InputError when it cannot be read."""
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


class TableFiles(Protocol):
    def devices(self, path: Path) -> list[Numbered[Device]]:
        """A 点位表 (.xlsx .csv) read and validated row by row; InputError naming the rows."""
        ...

    def statuses(self, path: Path, zone: dt.tzinfo) -> list[Numbered[StatusRow]]:
        """A status-history CSV; InputError naming the rows."""
        ...

    def device_column(self, name: str) -> str:
        """A 点位表 field as problems name it: "device_id（设备编码）"."""
        ...

    def status_column(self, name: str) -> str: ...

    def survey(self, path: Path) -> tuple[tuple[str, ...], list[Numbered[Response]]]:
        """A survey's answers (.xlsx .csv): its questions and one response per row;
        InputError naming every answer off the scale."""
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
