"""The long work the pages and the API start as jobs: imports, report checks, PDF reports.

Each `start_*` does the quick checks in the request (permission, project exists, files
saved) and hands the rest to the job pool; the job calls the application and reports each
step to its progress.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from jixiao.domain.evaluation import Evaluation
from jixiao.services.file_ports import ReportJob
from jixiao.web.context import WebContext
from jixiao.web.jobs import Job, Outcome, Progress
from jixiao.web.uploads import safe_name


def report_stem(evaluation: Evaluation) -> str:
    p = evaluation.project
    return safe_name(f"{p.name}（{p.year}）自评报告", "自评报告")


def unique_stems(evaluations: Sequence[Evaluation]) -> list[str]:
    """Each report's file name, made unique by （2）, （3）… where two projects' names come out
    the same once unsafe characters are dropped ("甲/同名" and "乙/同名"): else one PDF would
    overwrite the other in a batch."""
    taken: set[str] = set()
    out = []
    for evaluation in evaluations:
        stem, n = report_stem(evaluation), 1
        while (candidate := stem if n == 1 else f"{stem}（{n}）") in taken:
            n += 1
        taken.add(candidate)
        out.append(candidate)
    return out


def start_pdf(ctx: WebContext, owner: int, keys: Sequence[int]) -> Job:
    """PDF reports of the projects `keys` (one file, or a zip of several)."""
    evaluations = [ctx.app.project(key).evaluation for key in keys]

    def work(progress: Progress) -> Outcome:
        jobs = [
            ReportJob(e, {"pdf": progress.directory / f"{stem}.pdf"})
            for e, stem in zip(evaluations, unique_stems(evaluations), strict=True)
        ]
        progress.advance("正在用 LibreOffice 转换（首次约需数秒）", 0)
        written = ctx.app.write_reports(
            jobs, advance=lambda name: progress.advance(f"已生成 {name}")
        )
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


def start_device_import(ctx: WebContext, owner: int, actor: str, path: Path) -> Job:
    def work(progress: Progress) -> Outcome:
        count, added, updated = ctx.app.import_devices(path, actor=actor)
        progress.advance("已写入证据库")
        return Outcome(f"已导入{count}台设备：新增{added}台，更新{updated}台")

    return ctx.jobs.start(owner, "devices", "导入点位表", 1, work, path.parent)


def start_status_import(ctx: WebContext, owner: int, actor: str, path: Path) -> Job:
    def work(progress: Progress) -> Outcome:
        result = ctx.app.import_status(path, actor=actor)
        progress.advance("已写入证据库")
        return Outcome(f"已导入{result.added}条状态记录（重复{result.duplicates}条已跳过）")

    return ctx.jobs.start(owner, "status", "导入状态记录", 1, work, path.parent)


def start_check(ctx: WebContext, owner: int, paths: Sequence[Path]) -> Job:
    def work(progress: Progress) -> Outcome:
        results = ctx.app.check_files(paths, progress.advance)
        progress.advance("已完成比对")
        total = sum(len(r.findings) for r in results)
        return Outcome(f"已检查{len(paths)}个文件，发现{total}个问题", result=results)

    return ctx.jobs.start(owner, "check", "检查报告", len(paths) + 1, work, paths[0].parent)
