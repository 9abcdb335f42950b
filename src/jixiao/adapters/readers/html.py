"""Web pages (.html .htm): tables as grids (rowspan/colspan resolved), other text as paragraphs.

Government sites publish the 自评表 as an HTML table, often inside layout tables: only tables
holding no other table are read as tables; the text of the page around them (titles, the
report's prose) becomes paragraphs, one per block element or line break. The encoding is the
one the page declares (meta charset), else UTF-8, else GB18030.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jixiao.domain.reading.grid import Grid, GridCell
from jixiao.domain.reading.text import Document, RawBlock, RawParagraph, build_document

from .limits import MAX_SECONDS_PER_FILE, MAX_TABLE_CELLS, MAX_XML_ELEMENTS, refuse, time_limit
from .sniff import NAMES, kind_of

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article",
    "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "center", "caption", "form", "header",
    "footer", "main", "nav", "body", "td", "th", "title",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "head", "template", "svg", "button", "select", "option"}
MAX_SPAN = 500  # a rowspan/colspan beyond any real table: a page cannot declare a huge grid


def decode_html(path: Path, data: bytes) -> str:
    declared = _CHARSET.search(data[:4096])
    encodings = ["utf-8-sig", "gb18030"]
    if declared:
        name = declared[1].decode("ascii").lower()
        name = "gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name
        encodings.insert(0, name)
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise refuse(path, "网页的编码无法识别（既不是 UTF-8 也不是 GB18030/GBK）；请另存为 UTF-8")


def read_html(path: Path, data: bytes) -> Document:
    kind = kind_of(data)
    if kind is not None:
        raise refuse(path, f"不是网页（HTML）文件：内容是{NAMES[kind]}")
    if b"\x00" in data:
        raise refuse(path, "文件含二进制数据，不是网页（HTML）")
    text = decode_html(path, data)
    too_slow = f"网页读取超过{MAX_SECONDS_PER_FILE}秒，拒绝读取（结构异常复杂）"
    with time_limit(MAX_SECONDS_PER_FILE, lambda: refuse(path, too_slow)):
        return _read_html(path, text)


def _read_html(path: Path, text: str) -> Document:
    from lxml import html as lxml_html  # type: ignore[import-untyped]  # no stubs shipped

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses a str with an encoding line
    if not text.strip():
        raise refuse(path, "网页里没有文字")
    try:
        root = lxml_html.document_fromstring(text)
    except Exception as error:  # lxml raises ParserError for an empty or broken page
        raise refuse(path, f"网页内容无法解析（{type(error).__name__}）") from error
    elements = sum(1 for _ in root.iter())
    if elements > MAX_XML_ELEMENTS:
        raise refuse(path, f"网页的结构超过{MAX_XML_ELEMENTS:,}个元素，拒绝读取")
    walker = _Walker(path)
    walker.walk(root)
    walker.flush()
    document = build_document(path.name, walker.blocks)
    if not document.blocks:
        raise refuse(path, "网页里没有文字")
    return document


class _Walker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.blocks: list[RawBlock] = []
        self.line: list[str] = []
        self.lines = 0
        self.tables = 0
        self.cells = 0

    def flush(self) -> None:
        text = re.sub(r"[ \t\r\n\u00a0]+", " ", "".join(self.line)).strip()
        self.line.clear()
        if text:
            self.lines += 1
            self.blocks.append(RawParagraph(text, f"第{self.lines}段"))

    def walk(self, element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP:
            self._tail(element)
            return
        if tag == "table" and not element.xpath(".//table"):
            self.flush()
            grid = self._grid(element)
            if grid is not None:
                self.blocks.append(grid.raw_table())
            self._tail(element)
            return
        if tag == "br":
            self.flush()
            self._tail(element)
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        if element.text and tag:
            self.line.append(element.text)
        for child in element:
            self.walk(child)
        if block:
            self.flush()
        self._tail(element)

    def _tail(self, element: Any) -> None:
        if element.tail:
            self.line.append(element.tail)

    def _grid(self, table: Any) -> Grid | None:
        self.tables += 1
        taken: set[tuple[int, int]] = set()
        cells: list[GridCell] = []
        rows = [tr for tr in table.iter("tr")]
        for r, tr in enumerate(rows):
            c = 0
            for td in tr:
                if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                    continue
                while (r, c) in taken:
                    c += 1
                rowspan = min(_span(td.get("rowspan")), len(rows) - r, MAX_SPAN)
                colspan = min(_span(td.get("colspan")), MAX_SPAN)
                self.cells += rowspan * colspan
                if self.cells > MAX_TABLE_CELLS:
                    raise refuse(self.path, f"网页的表格超过{MAX_TABLE_CELLS:,}个单元格，拒绝读取")
                taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
                text = _cell_text(td)
                if text:
                    cells.append(GridCell(text, r, c, rowspan, colspan, f"第{r + 1}行第{c + 1}列"))
                c += colspan
        if not cells:
            return None
        return Grid(tuple(cells), f"网页第{self.tables}个表格")


def _span(value: str | None) -> int:
    digits = re.match(r"\s*(\d+)", value or "")
    return max(1, int(digits[1])) if digits else 1


def _cell_text(td: Any) -> str:
    """A cell's text, its paragraphs and line breaks kept as line breaks."""
    parts: list[str] = []

    def visit(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP:
            if element.tail:
                parts.append(element.tail)
            return
        if tag in ("br", "p", "div", "li") and parts:
            parts.append("\n")
        if element.text:
            parts.append(element.text)
        for child in element:
            visit(child)
        if element.tail and element is not td:
            parts.append(element.tail)

    visit(td)
    lines = [
        re.sub(r"[ \t\r\u00a0\u3000]+", " ", line).strip() for line in "".join(parts).split("\n")
    ]
    return "\n".join(line for line in lines if line)
