"""A report's text (报告文本) as the checker sees it: paragraphs and tables, each with a location.

Readers (txt, docx, pdf) hand over raw blocks in reading order; `build_document` works out the
section each block sits in from the report's own headings (一、 / （一） / 1.), so a finding can
say "四、项目绩效情况（一）项目完成情况，第45行" instead of an offset.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jixiao.domain.money import normalize_text
from jixiao.domain.reading.mirror import plain_form

if TYPE_CHECKING:
    from jixiao.domain.reading.grid import Grid

# Text that conversion tools leave behind: bookmarks, field codes, unresolved references.
DEBRIS = re.compile(
    r"\[bookmark:[^\]]*\]"
    r"|\{\s*(?:PAGE|NUMPAGES|TOC|HYPERLINK|PAGEREF|REF|SEQ|MERGEFIELD|FORMTEXT|FORMCHECKBOX)\b[^}]*\}"
    r"|\bHYPERLINK\s+\"[^\"]*\""
    r"|\bPAGEREF\s+_Toc\d+(?:\s*\\h)?"
    r"|\\\*\s*MERGEFORMAT"
    r"|\b_Toc\d+\b"
    r"|\(cid:\d+\)"
    r"|错误！未定义书签。?|错误！未找到引用源。?"
    r"|Error! (?:Bookmark not defined|Reference source not found)\.?"
)
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]")
_LEVEL2 = re.compile(r"^[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]")
_LEVEL3 = re.compile(r"^\d{1,2}\s*[、.．]")
_HEADING_MAX = 30


@dataclass(frozen=True, slots=True)
class Location:
    """Where a block is: `place` as the reader counts ("第12行", "第3段", "第2页"), and the
    headings it sits under."""

    order: int
    place: str
    section: str = ""

    def __str__(self) -> str:
        return f"{self.section}，{self.place}" if self.section else self.place


@dataclass(frozen=True, slots=True)
class RawParagraph:
    text: str
    place: str
    level: int | None = None  # a heading style's level (Word), else read from the text


@dataclass(frozen=True, slots=True)
class RawTable:
    """Rows of cell texts; a merged cell's text is repeated in every row and column it spans.
    `grid` keeps the spans when the reader saw them; `notes` say what could not be read (a
    flattened row whose cells could not be told apart), for the checker to report."""

    rows: tuple[tuple[str, ...], ...]
    place: str
    row_places: tuple[str, ...] = ()
    grid: Grid | None = None
    notes: tuple[str, ...] = ()


RawBlock = RawParagraph | RawTable


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    location: Location
    is_heading: bool = False

    @property
    def clean(self) -> str:
        """The text without conversion debris, NFKC-normalised, trimmed."""
        return clean_text(self.text)


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    location: Location
    number: int
    row_places: tuple[str, ...] = ()
    grid: Grid | None = None
    notes: tuple[str, ...] = ()

    def row_location(self, index: int) -> Location:
        place = f"表{self.number}第{index + 1}行"
        if index < len(self.row_places) and self.row_places[index]:
            place = f"{place}（{self.row_places[index]}）"
        return Location(self.location.order, place, self.location.section)


@dataclass(frozen=True, slots=True)
class Document:
    """One report: its name (the file) and its blocks in reading order."""

    name: str
    blocks: tuple[Paragraph | Table, ...]

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    @property
    def text(self) -> str:
        return "\n".join(p.clean for p in self.paragraphs)

    @property
    def reading_notes(self) -> tuple[tuple[Location, str], ...]:
        """What the reader could not read, by table: (the table's place, the note)."""
        return tuple((t.location, n) for t in self.tables for n in t.notes)


_WIDE = str.maketrans("０１２３４５６７８９％．＋－", "0123456789%.+-") | {0x3000: " ", 0xA0: " "}


def clean_text(text: str) -> str:
    """Text without conversion debris, full-width digits made ASCII, spaces collapsed.

    Chinese punctuation stays as written, so quoted evidence reads like the report.
    """
    return re.sub(r"[ \t]+", " ", DEBRIS.sub("", text).translate(_WIDE)).strip()


def compact(text: str) -> str:
    """Text without any whitespace: "产\\n出\\n指\\n标" -> "产出指标" (for matching labels)."""
    return re.sub(r"\s+", "", normalize_text(text))


def heading_level(text: str) -> int | None:
    """1 for "一、…", 2 for "（一）…", 3 for a short "1.…"; None for body text.

    A numbered line counts as a heading only when it is short and does not end a sentence,
    because reports number their body paragraphs too ("1.盐边县…于2018年…").
    """
    text = clean_text(text)
    if not text or len(text) > _HEADING_MAX or text.endswith(("。", "；", ";")):
        return None
    if re.search(r"[,，]", text) and re.search(r"\d\s*[%％]", text):
        return None  # "3.满意度指标全部完成,群众满意度90%": a short sentence stating a figure
    for level, pattern in ((1, _LEVEL1), (2, _LEVEL2), (3, _LEVEL3)):
        if pattern.match(text):
            return level
    return None


def build_document(name: str, blocks: Iterable[RawBlock]) -> Document:
    """Assign sections and locations to raw blocks; empty paragraphs and empty tables go."""
    out: list[Paragraph | Table] = []
    headings: dict[int, str] = {}
    tables = 0
    for order, block in enumerate(blocks):
        section = _section(headings)
        if isinstance(block, RawTable):
            if not any(cell.strip() for row in block.rows for cell in row):
                continue
            tables += 1
            location = Location(order, block.place, section)
            out.append(
                Table(block.rows, location, tables, block.row_places, block.grid, block.notes)
            )
            continue
        text = block.text.strip()
        if not clean_text(text) and not DEBRIS.search(text):
            continue
        level = block.level if block.level is not None else heading_level(text)
        if level is not None:
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = re.sub(r"\s+", " ", DEBRIS.sub("", text)).strip()
            section = _section(headings)
        out.append(Paragraph(text, Location(order, block.place, section), level is not None))
    return Document(name, tuple(out))


def _section(headings: dict[int, str]) -> str:
    return " ".join(headings[k] for k in sorted(headings))


def document_from_text(name: str, text: str) -> Document:
    """A plain-text report: one paragraph per line; tables flattened into lines are rebuilt.

    When no rebuilt table holds the 自评表's indicator rows, the text is read as a flattened
    自评表 (flat_sheet.py): its tables are added after the line where its header starts, the
    lines themselves stay paragraphs.
    """
    lines = text.splitlines()
    blocks = text_blocks(lines)
    return build_document(name, with_flat_sheet(blocks, lines))


def with_flat_sheet(
    blocks: list[RawBlock],
    lines: Sequence[str],
    place: Callable[[int], str] = lambda n: f"第{n + 1}行",
) -> list[RawBlock]:
    """`blocks`, plus the 自评表 read from the flattened `lines` when no table has its rows."""
    from jixiao.domain.reading.flat_sheet import read_flat_sheet
    from jixiao.domain.reading.tables import Column, header_columns

    if any(
        isinstance(b, RawTable) and any(Column.NAME in header_columns(r) for r in b.rows)
        for b in blocks
    ):
        return blocks
    text = "\n".join(lines)
    plain = plain_form(text)  # a mirrored page's readings dropped, the form's words simplified
    sheet = read_flat_sheet(plain, "")
    if sheet is None:
        return blocks
    line = plain.count("\n", 0, sheet.at)
    tables = [
        RawTable(_written(t.rows, text), f"{place(line)}起的自评表", t.row_places, notes=t.notes)
        for t in sheet.tables
    ]
    at = next(
        (i for i, b in enumerate(blocks) if isinstance(b, RawParagraph) and b.place == place(line)),
        len(blocks),
    )
    return [*blocks[: at + 1], *tables, *blocks[at + 1 :]]


def _written(rows: tuple[tuple[str, ...], ...], text: str) -> tuple[tuple[str, ...], ...]:
    """Rows read from the plain form with the report's own words as `text` writes them: the
    indicator names (the 三级 column of a table headed 一级指标) and the labels' values."""
    from jixiao.domain.reading.mirror import as_written

    if plain_form(text) == text or not rows:
        return rows
    sheet = rows[0][:1] == ("一级指标",)
    column = 2 if sheet else 1
    out, at = list(rows[:1] if sheet else ()), 0
    for row in rows[1:] if sheet else rows:
        if len(row) <= column:
            out.append(row)
            continue
        cell, at = as_written(row[column], text, at)
        out.append((*row[:column], cell, *row[column + 1 :]))
    return tuple(out)


def text_blocks(
    lines: Sequence[str],
    place: Callable[[int], str] = lambda n: f"第{n + 1}行",
    levels: Sequence[int | None] = (),
) -> list[RawBlock]:
    """Paragraphs and tables of plain text; `place` names line n (0-based), `levels` carries
    heading levels already known (a Word paragraph's style).

    Two flattened-table shapes are recognised (see flat_tables.py): one cell per line with a
    leading tab and a blank line after each row (Word's "save as text"), and one row per line
    with tab-separated cells.
    """
    from jixiao.domain.reading.flat_tables import find_tables  # the table shapes live on their own

    blocks: list[RawBlock] = []
    i = 0
    for start, end, rows, row_lines in find_tables(lines):
        blocks += _paragraphs(lines, i, start, place, levels)
        places = tuple(place(n) for n in row_lines)
        blocks.append(RawTable(rows, f"{place(start)}–{place(end - 1)}", places))
        i = end
    blocks += _paragraphs(lines, i, len(lines), place, levels)
    return blocks


def _paragraphs(
    lines: Sequence[str],
    start: int,
    end: int,
    place: Callable[[int], str],
    levels: Sequence[int | None],
) -> list[RawBlock]:
    return [
        RawParagraph(lines[n].strip(), place(n), levels[n] if n < len(levels) else None)
        for n in range(start, end)
        if lines[n].strip()
    ]
