"""Word (.docx) reports: paragraphs and tables in body order, merged cells resolved.

python-docx returns a merged cell once for every grid cell it covers, so a 一级指标 merged
over four rows reads as the same text in each of the four rows: the span is resolved as the
reader of the printed table sees it. Heading styles give section levels.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from jixiao.domain.errors import InputError, Problem
from jixiao.domain.reading.text import Document, RawBlock, RawTable, build_document, text_blocks

from .limits import MAX_SECONDS_PER_FILE, check_zip, count_docx_parts, refuse, time_limit
from .sniff import NAMES, kind_of

_HEADING_STYLE = re.compile(r"^(?:Heading|标题)\s*(\d)$")


def _check_package(path: Path, data: bytes) -> None:
    name = str(path)
    kind = kind_of(data)
    if kind != "zip":
        what = NAMES[kind] if kind else "文本或其他格式"
        raise InputError(
            [Problem(name, f"不是有效的 Word（.docx）文件：内容是{what}；请用 Word 另存为 .docx")]
        )
    check_zip(path, data, "Word 文件", "Word 文件已损坏（压缩包无法打开）；请重新保存为 .docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
    if "word/document.xml" not in names:
        raise InputError(
            [
                Problem(
                    name,
                    "这是一个压缩包，但不是 Word 文档（缺少 word/document.xml）；请提供 Word 另存的 .docx",
                )
            ]
        )
    count_docx_parts(path, data)


def _level(style_name: str) -> int | None:
    m = _HEADING_STYLE.match(style_name.strip())
    return int(m[1]) if m and 1 <= int(m[1]) <= 3 else None


def read_docx(path: Path, data: bytes) -> Document:
    _check_package(path, data)
    too_slow = f"Word 文件读取超过{MAX_SECONDS_PER_FILE}秒，拒绝读取（结构异常复杂）"
    with time_limit(MAX_SECONDS_PER_FILE, lambda: refuse(path, too_slow)):
        return _read_docx(path, data)


def _read_docx(path: Path, data: bytes) -> Document:
    from docx import Document as open_docx  # imported here: slow, and only .docx needs it
    from docx.table import Table as WordTable

    blocks: list[RawBlock] = []
    texts: list[str] = []  # the paragraphs since the last table
    levels: list[int | None] = []

    def flush() -> None:
        """Paragraphs as text: tables pasted in as tab-separated lines are rebuilt."""
        first = len(blocks_paragraphs) - len(texts)
        blocks.extend(text_blocks(texts, lambda n: f"第{first + n + 1}段", levels))
        texts.clear()
        levels.clear()

    blocks_paragraphs: list[str] = []
    try:
        document = open_docx(io.BytesIO(data))
        tables = 0
        for item in document.iter_inner_content():
            if isinstance(item, WordTable):
                flush()
                tables += 1
                rows = tuple(tuple(cell.text for cell in row.cells) for row in item.rows)
                blocks.append(RawTable(rows, f"第{tables}个表格"))
            else:
                style = item.style.name if item.style is not None else ""
                blocks_paragraphs.append(item.text)
                texts.append(item.text)
                levels.append(_level(style or ""))
        flush()
    except InputError:
        raise
    except Exception as error:  # a malformed package: python-docx and lxml raise many kinds
        raise InputError(
            [
                Problem(
                    str(path),
                    f"Word 文件内容无法解析（{type(error).__name__}）；请用 Word 打开后重新另存为 .docx",
                )
            ]
        ) from error
    result = build_document(path.name, blocks)
    if not result.blocks:
        raise InputError([Problem(str(path), "Word 文件里没有文字")])
    return result
