"""The 自评报告 as Word: the rendered wording in the reference document's styles, then the
自评表 on its own page with the 一级/二级 cells merged over their rows.

Styles, fonts, margins and page numbers come from templates/reference.docx (regenerate with
scripts/make_reference_docx.py, or give a bureau's own): this module only places content.
"""

from __future__ import annotations

import math
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from jixiao.adapters.reports.grid import Grid, Kind, build_grid, row_lines
from jixiao.adapters.reports.narrative import TEMPLATES, BlockKind, render_blocks
from jixiao.adapters.reports.view import ReportView

DEFAULT_REFERENCE = TEMPLATES / "reference.docx"
_STYLES = {
    BlockKind.TITLE: "Title",
    BlockKind.HEADING1: "Heading 1",
    BlockKind.HEADING2: "Heading 2",
    BlockKind.PARAGRAPH: "Normal",
}
_STYLED = {BlockKind.RIGHT: BlockKind.PARAGRAPH}
KEPT_ROWS = 4  # the 总分 row and the rows before it stay on one page
TEXT_WIDTH_MM = 156  # A4 210 mm less the 28 mm and 26 mm margins of GB/T 9704
LANDSCAPE_WIDTH_MM = 247  # A4 across, 297 mm less 25 mm margins each side
# The table's font: 五号, or 小五 when the table would not fit one page at 五号.
TABLE_POINTS = (10.5, 9.0)
# The height a table has on its page: A4 297 mm less GB/T 9704's 37 and 35 mm margins, less
# its label, title, subtitle and the footer (measured on LibreOffice's rendering: 200 mm), less
# a margin for the estimate.
TABLE_HEIGHT_MM = 192.0
LANDSCAPE_HEIGHT_MM = 118.0  # 210 mm less 28 and 26 mm margins, the title and the footer
LINE_HEIGHT = 1.5  # a line of Noto CJK at single spacing, in font sizes (measured likewise)
ROW_MM = 0.6  # borders and padding of a row
MM_PER_POINT = 25.4 / 72


def write_docx(
    view: ReportView, out: Path, template: Path | None = None, reference: Path | None = None
) -> None:
    document = _blank(reference)
    style_ids = {kind: document.styles[name].style_id for kind, name in _STYLES.items()}
    closing: list[Paragraph] = []  # from the 附件 list to the 落款: kept on one page
    for block in render_blocks(view, template):
        if block.kind is BlockKind.TABLE:
            add_grid(document, build_grid(view), label="附件1")
        elif block.kind is BlockKind.HEADING1 and block.text.startswith("附件"):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # an annex: new page
            document.add_paragraph(block.text)._p.style = style_ids[block.kind]
        else:  # style by id: looking a style up by name searches the styles part every time
            paragraph = document.add_paragraph(block.text)
            paragraph._p.style = style_ids[_STYLED.get(block.kind, block.kind)]
            if block.text.startswith("附件："):
                closing = []
            closing.append(paragraph)
            if block.kind is BlockKind.RIGHT:  # the 落款: unit and date, set to the right
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                paragraph.paragraph_format.first_line_indent = Mm(0)
                for kept in closing[:-1]:
                    kept.paragraph_format.keep_with_next = True
    document.save(str(out))


def write_grid_docx(grid: Grid, out: Path, reference: Path | None = None) -> None:
    """A form of the grid alone (the 申报表, the 监控表, the 考核表) as a Word document."""
    document = _blank(reference)
    if grid.landscape:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
    add_grid(document, grid, page_break=False)
    document.save(str(out))


def _blank(reference: Path | None) -> WordDocument:
    """The reference document's styles, page set-up and footer, with no content."""
    document = Document(str(reference or DEFAULT_REFERENCE))
    body = document.element.body
    for child in list(body):  # keep only the section properties (page size, margins, footer)
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def add_grid(
    document: WordDocument, grid: Grid, *, page_break: bool = True, label: str = ""
) -> None:
    if page_break:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if label:
        document.add_paragraph(label, style="Table Text")
    document.add_paragraph(grid.title, style="Table Title")
    subtitle = document.add_paragraph(grid.subtitle, style="Table Text")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=grid.rows, cols=len(grid.widths))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    _set_widths(table, grid)
    _narrow_padding(table)
    for row in table.rows:  # a row split over two pages loses its merged labels on the second
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    # table.cell() rebuilds the whole grid on every call; take it once, before any merge
    # (the spans never overlap, so the cells of one merge are untouched by the others).
    columns = len(grid.widths)
    cells = table._cells
    style_id = document.styles["Table Text"].style_id
    size, fits = table_font(grid)
    for cell in grid.cells:
        target = cells[cell.row * columns + cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            corner = cells[(cell.row + cell.rowspan - 1) * columns + cell.col + cell.colspan - 1]
            target = target.merge(corner)
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = target.paragraphs[0]
        paragraph._p.style = style_id  # the style setter searches the styles part each time
        run = paragraph.add_run(cell.text)
        if size != TABLE_POINTS[0]:
            run.font.size = Pt(size)
        if cell.kind in (Kind.LABEL, Kind.TOTAL):
            run.bold = True
        if cell.kind is not Kind.TEXT:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for extra in target.paragraphs[1:]:  # merging leaves one empty paragraph per cell
            extra._element.getparent().remove(extra._element)
    # A table that fits one page is kept on one; a longer one keeps 总分 with the rows above it.
    _keep_last_rows(table, grid.rows, grid.rows if fits else KEPT_ROWS)


def table_font(grid: Grid) -> tuple[float, bool]:
    """The font size for the grid's table, and whether the table then fits one page.

    Word lays a table out only when it is opened, so its height is estimated here from the
    lines each row wraps to (the same estimate that sizes the Excel rows)."""
    width_mm, height_mm = (
        (LANDSCAPE_WIDTH_MM, LANDSCAPE_HEIGHT_MM)
        if grid.landscape
        else (TEXT_WIDTH_MM, TABLE_HEIGHT_MM)
    )
    column_mm = [width_mm * w / sum(grid.widths) for w in grid.widths]
    height = 0.0
    for points in TABLE_POINTS:
        latin_mm = points * MM_PER_POINT / 2  # a Latin character is half an em
        lines = row_lines(grid, [mm / latin_mm for mm in column_mm])
        line_mm = points * LINE_HEIGHT * MM_PER_POINT
        height = sum(math.ceil(n) * line_mm + ROW_MM for n in lines)
        if height <= height_mm:
            return points, True
    return TABLE_POINTS[-1], False


def _keep_last_rows(table: Table, rows: int, kept: int) -> None:
    """Keep the last `kept` rows of the table together: the 总分 row is never alone at the
    top of a page (each row also never splits: w:cantSplit)."""
    for row in table.rows[max(0, rows - kept) : rows - 1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _set_widths(table: Table, grid: Grid) -> None:
    text_mm = LANDSCAPE_WIDTH_MM if grid.landscape else TEXT_WIDTH_MM
    widths = [Mm(text_mm * w / sum(grid.widths)) for w in grid.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for i, cell in enumerate(table._cells):
        cell.width = widths[i % len(widths)]


def _narrow_padding(table: Table) -> None:
    """1 mm left and right inside cells (Word's default is 1.9 mm): nine columns on A4."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "57")  # twentieths of a point: 57 = 1 mm
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)
