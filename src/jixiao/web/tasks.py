"""The long work the pages and the API start as jobs: imports, report checks, PDF reports.

Each `start_*` does the quick checks in the request (permission, project exists, files
saved) and hands the rest to the job pool; the job reports each step to its progress.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.adapters.importers import device_table, status_csv
from jixiao.adapters.problems import InputError, Problem
from jixiao.adapters.projectfile.checking import check_project_file
from jixiao.adapters.readers import read_report
from jixiao.adapters.reports.batch import Job as ReportJob
from jixiao.adapters.reports.batch import write_reports
from jixiao.domain.evaluation import Evaluation, evaluate
from jixiao.domain.findings import Finding
from jixiao.domain.reading.facts import ReportFacts, read_facts
from jixiao.services import device_changes
from jixiao.services.checking import check_project, check_reports
from jixiao.services.inventory import RowsRejected
from jixiao.services.projects import get_project
from jixiao.web.context import WebContext
from jixiao.web.jobs import Job, Outcome, Progress
from jixiao.web.uploads import safe_name

PROJECT_SUFFIXES = (".yaml", ".yml")


def report_stem(evaluation: Evaluation) -> str:
    p = evaluation.project
    return safe_name(f"{p.name}（{p.year}）自评报告", "自评报告")


def start_pdf(ctx: WebContext, owner: int, keys: Sequence[int]) -> Job:
    """PDF reports of the projects `keys` (one file, or a zip of several)."""
    evaluations = [get_project(ctx.store, ctx.zone, key).evaluation for key in keys]

    def work(progress: Progress) -> Outcome:
        jobs = [
            ReportJob(e, {"pdf": progress.directory / f"{report_stem(e)}.pdf"}) for e in evaluations
        ]
        progress.advance("正在用 LibreOffice 转换（首次约需数秒）", 0)
        written = write_reports(jobs, advance=lambda name: progress.advance(f"已生成 {name}"))
        if len(written) == 1:
            return Outcome("PDF 报告已生成", file=written[0], download_name=written[0].name)
        archive = progress.directory / "自评报告PDF.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            for path in written:
                z.write(path, path.name)
        return Outcome(f"已生成{len(written)}份 PDF 报告", file=archive, download_name=archive.name)

    title = "生成 PDF 报告" if len(keys) == 1 else "批量生成 PDF 报告"
    kind = "pdf" if len(keys) == 1 else "pdf-batch"
    return ctx.jobs.start(owner, kind, title, len(evaluations), work)


def _rejected(file: str, error: RowsRejected, aliases: dict[str, tuple[str, ...]]) -> InputError:
    return InputError(
        [
            Problem(file, p.message, p.line, f"{p.field}（{aliases.get(p.field, (p.field,))[0]}）")
            for p in error.problems
        ]
    )


def start_device_import(ctx: WebContext, owner: int, actor: str, path: Path) -> Job:
    def work(progress: Progress) -> Outcome:
        rows = device_table.read_device_table(path)
        progress.advance(f"已读取{len(rows)}行，格式无误")
        try:
            added, updated = device_changes.import_devices(
                ctx.store, rows, actor=actor, now=ctx.now_s()
            )
        except RowsRejected as error:
            raise _rejected(path.name, error, device_table.ALIASES) from error
        progress.advance("已写入证据库")
        return Outcome(f"已导入{len(rows)}台设备：新增{added}台，更新{updated}台")

    return ctx.jobs.start(owner, "devices", "导入点位表", 2, work, path.parent)


def start_status_import(ctx: WebContext, owner: int, actor: str, path: Path) -> Job:
    def work(progress: Progress) -> Outcome:
        _, rows = status_csv.read_status_csv(path, ctx.zone)
        progress.advance(f"已读取{len(rows)}条状态记录")
        try:
            result = device_changes.import_status(
                ctx.store, rows, source=path.name, actor=actor, now=ctx.now_s()
            )
        except RowsRejected as error:
            raise _rejected(path.name, error, status_csv.ALIASES) from error
        progress.advance("已写入证据库")
        return Outcome(f"已导入{result.added}条状态记录（重复{result.duplicates}条已跳过）")

    return ctx.jobs.start(owner, "status", "导入状态记录", 2, work, path.parent)


@dataclass
class CheckedFile:
    """One checked file: its findings, or why it could not be read."""

    name: str
    findings: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    project: bool = False


def start_check(ctx: WebContext, owner: int, paths: Sequence[Path]) -> Job:
    def work(progress: Progress) -> Outcome:
        results = [CheckedFile(p.name, project=p.suffix.lower() in PROJECT_SUFFIXES) for p in paths]
        reports: list[tuple[int, ReportFacts]] = []
        for index, path in enumerate(paths):
            try:
                if results[index].project:
                    checked = check_project_file(path)
                    evaluation = evaluate(checked.project) if checked.project else None
                    results[index].findings = check_project(evaluation, checked.findings)
                else:
                    reports.append((index, read_facts(read_report(path))))
            except InputError as error:
                results[index].problems = [
                    (f"第{p.line}行：" if p.line else "") + p.message for p in error.problems
                ]
            progress.advance(f"已读取 {path.name}")
        found = check_reports([facts for _, facts in reports])
        for (index, _), findings in zip(reports, found, strict=True):
            results[index].findings = findings
        progress.advance("已完成比对")
        total = sum(len(r.findings) for r in results)
        return Outcome(f"已检查{len(paths)}个文件，发现{total}个问题", result=results)

    return ctx.jobs.start(owner, "check", "检查报告", len(paths) + 1, work, paths[0].parent)
