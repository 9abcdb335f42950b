"""The file ports of services/file_ports.py over the readers and writers of each file kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jixiao.adapters.importers.device_table import ALIASES as DEVICE_COLUMNS
from jixiao.adapters.importers.device_table import read_device_table
from jixiao.adapters.importers.status_csv import ALIASES as STATUS_COLUMNS
from jixiao.adapters.importers.status_csv import read_status_csv
from jixiao.adapters.importers.survey_table import read_survey_table
from jixiao.adapters.projectfile import load_project
from jixiao.adapters.projectfile.checking import check_project_file
from jixiao.adapters.projectfile.documents import DocumentCodec
from jixiao.adapters.projectfile.export import dump_project
from jixiao.adapters.readers import READERS, read_report
from jixiao.adapters.reports.batch import FORMATS, write_reports
from jixiao.domain.devices import Device
from jixiao.domain.evaluation import Project
from jixiao.domain.reading.text import Document
from jixiao.domain.surveys import Response
from jixiao.services.file_ports import (
    Advance,
    Files,
    ProjectCheck,
    ReportJob,
    no_progress,
)
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import StatusRow

PROJECT_SUFFIXES = (".yaml", ".yml")


class ProjectFileKind:
    suffixes: tuple[str, ...] = PROJECT_SUFFIXES

    def __init__(self) -> None:
        self._codec = DocumentCodec()

    def load(self, path: Path) -> Project:
        return load_project(path)

    def check(self, path: Path) -> ProjectCheck:
        return check_project_file(path)

    def dump(self, project: Project) -> str:
        return dump_project(project)

    def to_document(self, project: Project) -> dict[str, Any]:
        return self._codec.to_document(project)

    def from_document(self, document: dict[str, Any]) -> Project:
        return self._codec.from_document(document)


class ReportFileKind:
    formats: tuple[str, ...] = FORMATS
    suffixes: tuple[str, ...] = tuple(READERS)

    def read(self, path: Path) -> Document:
        return read_report(path)

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
    def devices(self, path: Path) -> list[Numbered[Device]]:
        return read_device_table(path)

    def statuses(self, path: Path, zone: dt.tzinfo) -> list[Numbered[StatusRow]]:
        return read_status_csv(path, zone)[1]

    def device_column(self, name: str) -> str:
        return f"{name}（{DEVICE_COLUMNS[name][0]}）" if name in DEVICE_COLUMNS else name

    def status_column(self, name: str) -> str:
        return f"{name}（{STATUS_COLUMNS[name][0]}）" if name in STATUS_COLUMNS else name

    def survey(self, path: Path) -> tuple[tuple[str, ...], list[Numbered[Response]]]:
        return read_survey_table(path)


def files() -> Files:
    return Files(ProjectFileKind(), ReportFileKind(), TableFileKind())
