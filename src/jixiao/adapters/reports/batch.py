"""Write the 自评报告 of one or many evaluations in one or several formats.

Word, Excel and Markdown are written one by one; PDFs are made from the Word files in a
single LibreOffice run at the end, which is where the time goes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2

from jixiao.adapters.reports.docx_writer import write_docx
from jixiao.adapters.reports.markdown_writer import write_markdown
from jixiao.adapters.reports.pdf import convert_to_pdf
from jixiao.adapters.reports.view import build_view
from jixiao.adapters.reports.xlsx_writer import write_xlsx
from jixiao.domain.errors import InputError, Problem
from jixiao.services.file_ports import ReportJob

FORMATS = ("docx", "xlsx", "pdf", "md")


def write_reports(
    jobs: Sequence[ReportJob],
    *,
    template: Path | None = None,
    reference: Path | None = None,
    advance: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Write every job's outputs; `advance` is called with a label after each file."""
    written: list[Path] = []
    pending_pdf: list[tuple[Path, Path]] = []  # (docx source, wanted pdf)
    with tempfile.TemporaryDirectory(prefix="jixiao-report-") as scratch:
        for index, job in enumerate(jobs):
            view = build_view(job.evaluation)
            for fmt, out in job.outputs.items():
                out.parent.mkdir(parents=True, exist_ok=True)
                if fmt == "pdf":
                    # A numbered scratch copy: LibreOffice names PDFs by stem, which may repeat.
                    source = Path(scratch) / f"{index:04d}.docx"
                    _guard_template(write_docx, view, source, template, reference)
                    pending_pdf.append((source, out))
                    continue
                if fmt == "docx":
                    _guard_template(write_docx, view, out, template, reference)
                elif fmt == "xlsx":
                    write_xlsx(view, out)
                elif fmt == "md":
                    _guard_template(write_markdown, view, out, template)
                written.append(out)
                advance(out.name)
        if pending_pdf:
            pdf_dir = Path(scratch) / "pdf"
            made = convert_to_pdf([source for source, _ in pending_pdf], pdf_dir)
            for pdf, (_, out) in zip(made, pending_pdf, strict=True):
                pdf.replace(out)
                written.append(out)
                advance(out.name)
    return written


def _guard_template(writer: Callable[..., None], *args: object) -> None:
    """A bureau's own template with a mistake is bad input: name the file and line."""
    try:
        writer(*args)
    except jinja2.TemplateSyntaxError as error:
        raise InputError(
            [Problem(str(error.filename or "模板"), f"模板语法错误：{error.message}", error.lineno)]
        ) from error
    except jinja2.UndefinedError as error:
        raise InputError([Problem("模板", f"模板引用了不存在的数据：{error.message}")]) from error
