"""Word (.docx) reports: paragraphs and tables in body order, merged cells resolved.

A table is read from its XML as a grid: a cell's gridSpan gives its column span, a vMerge
continuation adds a row to the span of the cell above, so a 一级指标 merged over four rows is
one cell covering four rows (and reads as the same text in each, as the printed table shows
it). Heading styles give section levels.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from jixiao.domain.errors import InputError, Problem
from jixiao.domain.reading.grid import Grid, GridCell
from jixiao.domain.reading.text import Document, RawBlock, build_document, text_blocks

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
                blocks.append(word_grid(item, f"第{tables}个表格").raw_table())
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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def word_grid(table: Any, place: str) -> Grid:
    """The grid of a python-docx table, spans from w:gridSpan, w:gridBefore and w:vMerge."""
    from docx.table import _Cell

    spans: dict[tuple[int, int], list[int]] = {}  # origin -> [row, column, rows, columns]
    texts: dict[tuple[int, int], str] = {}
    above: dict[int, tuple[int, int]] = {}  # column -> origin of the cell last placed there
    for r, tr in enumerate(table._tbl.tr_lst):
        c = 0
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        if before is not None:
            c = _int(before.get(f"{_W}val"))
        for tc in tr.tc_lst:
            span = tc.tcPr.find(f"{_W}gridSpan") if tc.tcPr is not None else None
            columns = max(1, _int(span.get(f"{_W}val")) if span is not None else 1)
            merge = tc.tcPr.find(f"{_W}vMerge") if tc.tcPr is not None else None
            continues = merge is not None and merge.get(f"{_W}val") in (None, "continue")
            origin = above.get(c)
            if continues and origin is not None and spans[origin][1] == c:
                spans[origin][2] = r - spans[origin][0] + 1
            else:
                origin = (r, c)
                spans[origin] = [r, c, 1, columns]
                texts[origin] = _Cell(tc, table).text
            for k in range(c, c + columns):
                above[k] = origin
            c += columns
    cells = tuple(
        GridCell(texts[o], row, column, rows, columns, f"第{row + 1}行第{column + 1}列")
        for o, (row, column, rows, columns) in spans.items()
    )
    return Grid(cells, place)  # rows are named by the table's own count: "表2第3行"


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 1
