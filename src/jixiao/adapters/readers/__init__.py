"""Readers: a report file (.txt .docx .pdf .xlsx .html; .doc/.wps/.xls via LibreOffice) -> Document.

Every way a file can be unreadable ends in an InputError that names the file, says what is
wrong and what would be valid; nothing here lets a library's exception reach the user.
Files above MAX_REPORT_BYTES are refused before they are opened.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jixiao.domain.errors import InputError, Problem
from jixiao.domain.reading.text import Document

from .docx import read_docx
from .html import read_html
from .legacy import read_legacy
from .pdf import read_pdf
from .txt import read_txt
from .xlsx import read_xls, read_xlsx

MAX_REPORT_BYTES = 20 * 1024 * 1024  # 20 MB: far above any real report, below memory trouble
VALID = ".txt、.docx、.pdf、.xlsx、.xls、.html、.htm、.doc、.wps（报告）或 .yaml（项目文件）"

READERS: dict[str, Callable[[Path, bytes], Document]] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".doc": read_legacy,
    ".wps": read_legacy,
    ".rtf": read_legacy,
    ".xlsx": read_xlsx,
    ".xls": read_xls,
    ".html": read_html,
    ".htm": read_html,
}

__all__ = ["MAX_REPORT_BYTES", "READERS", "read_report"]


def read_report(path: Path) -> Document:
    """Read a report of any supported kind; raise InputError when it cannot be read."""
    name = str(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(
            [Problem(name, f"不支持的文件类型“{path.suffix or '（无扩展名）'}”；可检查 {VALID}")]
        )
    if not path.exists():
        raise InputError([Problem(name, "文件不存在；请检查路径")])
    if path.is_dir():
        raise InputError([Problem(name, "这是一个目录，不是报告文件")])
    size = path.stat().st_size
    if size == 0:
        raise InputError([Problem(name, "文件是空的（0字节）")])
    if size > MAX_REPORT_BYTES:
        raise InputError(
            [
                Problem(
                    name,
                    f"文件过大（{size / 1024 / 1024:.1f} MB）；报告文件不能超过"
                    f"{MAX_REPORT_BYTES // 1024 // 1024} MB，请去掉其中的图片后再检查",
                )
            ]
        )
    data = path.read_bytes()
    return reader(path, data)
