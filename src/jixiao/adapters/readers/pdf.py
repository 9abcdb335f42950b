"""PDF reports: the text layer, page by page, with ruled tables read as tables.

A PDF without a text layer (a scan) or whose fonts cannot be decoded ("(cid:123)") is refused
with a message saying so, never read as an empty report. Lines wrapped by the page width are
joined back into paragraphs.
"""

from __future__ import annotations

import io
import re
from functools import partial
from pathlib import Path
from typing import Any

from jixiao.domain.errors import InputError, Problem
from jixiao.domain.reading.flat_sheet import read_flat_sheet
from jixiao.domain.reading.grid import Grid, GridCell
from jixiao.domain.reading.layout_sheet import read_layout_sheet
from jixiao.domain.reading.tables import Column, header_columns
from jixiao.domain.reading.text import Document, RawBlock, RawParagraph, RawTable, build_document
from jixiao.domain.reading.wrap import join_wrapped

from .limits import (
    MAX_SECONDS_PER_FILE,
    MAX_SECONDS_PER_PAGE,
    check_pdf_streams,
    time_limit,
)
from .sniff import NAMES, kind_of

MAX_PAGES = 500
_CID = re.compile(r"\(cid:\d+\)")
# Spaces the layout puts between runs of Chinese text and figures ("预算数 5 0 万元").
_WIDE = r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\d%.]"
_SPACED = re.compile(rf"(?<={_WIDE})\s+(?={_WIDE})")


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(str(path), message)])


def read_pdf(path: Path, data: bytes) -> Document:
    kind = kind_of(data)
    if kind != "pdf":
        what = NAMES[kind] if kind else "文本或其他格式"
        raise _refuse(path, f"不是有效的 PDF 文件：内容是{what}")
    check_pdf_streams(path, data)
    too_slow = f"PDF 读取超过{MAX_SECONDS_PER_FILE}秒，拒绝读取（内容异常复杂）"
    with time_limit(MAX_SECONDS_PER_FILE, lambda: _refuse(path, too_slow)):
        return _read_pdf(path, data)


def _read_pdf(path: Path, data: bytes) -> Document:
    import pdfplumber  # imported here: slow, and only .pdf needs it

    blocks: list[RawBlock] = []
    text_chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise _refuse(path, f"PDF 超过{MAX_PAGES}页，拒绝读取")
            layout: list[tuple[int, str]] = []  # (page, line) of pages without ruled tables
            for number, page in enumerate(pdf.pages, 1):
                slow = f"PDF 第{number}页读取超过{MAX_SECONDS_PER_PAGE}秒，拒绝读取（内容异常复杂）"
                with time_limit(MAX_SECONDS_PER_PAGE, partial(_refuse, path, slow)):
                    page_blocks, chars = _page(page, number)
                    if not any(isinstance(b, RawTable) for b in page_blocks):
                        text = page.extract_text(layout=True) or ""
                        layout += [(number, line) for line in text.splitlines() if line.strip()]
                _continue_table(blocks, page_blocks)
                blocks += page_blocks
                text_chars += chars
            blocks = _with_layout_sheet(blocks, layout)
    except InputError:
        raise
    except Exception as error:  # pdfminer raises many kinds for broken or encrypted files
        raise _refuse(
            path,
            f"PDF 文件无法解析（{type(error).__name__}）：可能已损坏或加密；请提供未加密的 PDF 或 Word 版本",
        ) from error
    text = "".join(b.text for b in blocks if isinstance(b, RawParagraph))
    if text_chars == 0 or (not text.strip() and not any(isinstance(b, RawTable) for b in blocks)):
        raise _refuse(
            path,
            "PDF 没有文字层（可能是扫描件或图片），无法检查；请提供 Word 版本，或先做文字识别（OCR）",
        )
    if len(_CID.findall(text)) * 8 > len(text):
        raise _refuse(
            path, "PDF 的字体无法解码成文字（显示为 (cid:…)），无法检查；请提供 Word 版本"
        )
    return build_document(path.name, blocks)


def _with_layout_sheet(blocks: list[RawBlock], layout: list[tuple[int, str]]) -> list[RawBlock]:
    """Text-layout fallback: a 自评表 printed without ruling lines is read from the page's
    laid-out text (cells apart by runs of spaces), its tables put after that page's text."""
    if not layout or any(
        isinstance(b, RawTable) and any(Column.NAME in header_columns(r) for r in b.rows)
        for b in blocks
    ):
        return blocks
    laid_out = read_layout_sheet([line for _, line in layout])
    if laid_out is not None:
        page = layout[laid_out[1]][0]
        found = [laid_out[0]]
    else:
        lines = [re.sub(r"\s{2,}", " | ", line.strip()) for _, line in layout]
        text = "\n".join(lines)
        sheet = read_flat_sheet(text, "")
        if sheet is None:
            return blocks
        page = layout[text.count("\n", 0, sheet.at)][0]
        found = sheet.tables
    tables = [RawTable(t.rows, f"第{page}页表格（由文字排版还原）", notes=t.notes) for t in found]
    at = max((i for i, b in enumerate(blocks) if b.place == f"第{page}页"), default=len(blocks) - 1)
    return [*blocks[: at + 1], *tables, *blocks[at + 1 :]]


def _continue_table(blocks: list[RawBlock], page_blocks: list[RawBlock]) -> None:
    """A table that opens a page with the width of the table closing the last one continues it."""
    if not (blocks and page_blocks):
        return
    last, first = blocks[-1], page_blocks[0]
    if (
        isinstance(last, RawTable)
        and isinstance(first, RawTable)
        and len(last.rows[0]) == len(first.rows[0])
    ):
        blocks[-1] = RawTable(last.rows + first.rows, last.place)  # the spans stop at the page
        del page_blocks[0]


def _page(page: Any, number: int) -> tuple[list[RawBlock], int]:
    """The page's text bands and tables, top to bottom."""
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    blocks: list[RawBlock] = []
    top, chars = 0.0, len(page.chars)
    for table in tables:
        _x0, t0, _x1, t1 = table.bbox
        blocks += _lines(page, top, t0, number)
        grid = pdf_grid(table, f"第{number}页表格")
        if grid is not None:
            blocks.append(grid.raw_table())
        top = t1
    blocks += _lines(page, top, float(page.height), number)
    return blocks, chars


def _lines(page: Any, top: float, bottom: float, number: int) -> list[RawBlock]:
    if bottom - top < 1:
        return []
    text = page.crop((0, top, float(page.width), bottom), strict=False).extract_text() or ""
    lines = [_SPACED.sub("", line) for line in text.splitlines()]
    return [RawParagraph(p, f"第{number}页") for p in join_wrapped(lines)]


def pdf_grid(table: Any, place: str) -> Grid | None:
    """pdfplumber's table as a grid: the ruling lines are the column and row edges, and a
    cell covering several of them is a merged cell (extract() gives its text once, and None
    for the positions it covers)."""
    boxes = [box for box in table.cells if box is not None]
    if not boxes:
        return None
    xs = _edges([b[0] for b in boxes])
    ys = _edges([b[1] for b in boxes])
    texts = _cell_texts(table)
    cells: list[GridCell] = []
    for box in boxes:
        x0, top, x1, bottom = box
        row, column = _index(ys, top), _index(xs, x0)
        rows = max(1, sum(1 for y in ys if top - 1 <= y < bottom - 1))
        columns = max(1, sum(1 for x in xs if x0 - 1 <= x < x1 - 1))
        text = texts.get(tuple(round(v, 1) for v in box), "")
        cells.append(GridCell(text, row, column, rows, columns, f"第{row + 1}行第{column + 1}列"))
    return Grid(tuple(cells), place)


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > 1:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _cell_texts(table: Any) -> dict[tuple[float, ...], str]:
    """The text of each cell box, as extract() reads it row by row."""
    out: dict[tuple[float, ...], str] = {}
    extracted = table.extract()
    for row, texts in zip(table.rows, extracted, strict=False):
        for box, text in zip(row.cells, texts, strict=False):
            if box is not None:
                out[tuple(round(v, 1) for v in box)] = (text or "").strip()
    return out
