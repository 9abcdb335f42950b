"""One reading model for every table, whatever the container: a grid of cells with their row
and column spans and where each came from (Excel "B3", an HTML table's row, a Word table's
row, a PDF page).

Every reader (.xlsx .xls .html .docx .pdf) builds a Grid; `Grid.raw_table()` hands it to
`build_document` as a RawTable whose rows repeat a merged cell's text in every position it
covers (as the printed table shows it), and which keeps the grid itself for readers of spans.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.domain.reading.text import RawTable


@dataclass(frozen=True, slots=True)
class GridCell:
    """A cell at (row, column), 0-based, covering `rows` × `columns` positions."""

    text: str
    row: int
    column: int
    rows: int = 1
    columns: int = 1
    place: str = ""  # the source's own name for it: "B3", "第3行第2列"


@dataclass(frozen=True, slots=True)
class Grid:
    cells: tuple[GridCell, ...]
    place: str  # the table's place: "工作表“自评表”", "第2个表格", "第3页表格"
    row_places: tuple[str, ...] = ()  # per row: "第5行" (Excel), "第3行" (HTML)

    @property
    def height(self) -> int:
        return max((c.row + c.rows for c in self.cells), default=0)

    @property
    def width(self) -> int:
        return max((c.column + c.columns for c in self.cells), default=0)

    def covering(self) -> list[list[GridCell | None]]:
        """For each position, the cell that covers it (None: no cell there)."""
        table: list[list[GridCell | None]] = [[None] * self.width for _ in range(self.height)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rows):
                for c in range(cell.column, cell.column + cell.columns):
                    if table[r][c] is None:
                        table[r][c] = cell
        return table

    def rows(self) -> tuple[tuple[str, ...], ...]:
        """Cell texts by position, a merged cell's text repeated wherever it spans."""
        return tuple(
            tuple(cell.text if cell is not None else "" for cell in row) for row in self.covering()
        )

    def raw_table(self) -> RawTable:
        rows = self.rows()
        while rows and not any(c.strip() for c in rows[-1]):
            rows = rows[:-1]
        return RawTable(rows, self.place, self.row_places[: len(rows)], grid=self)


def grid_from_rows(rows: list[list[str]], place: str, row_places: tuple[str, ...] = ()) -> Grid:
    """A grid of single cells (no spans), for readers that see none."""
    cells = tuple(
        GridCell(text, r, c, place=f"第{r + 1}行第{c + 1}列")
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    )
    return Grid(cells, place, row_places)
