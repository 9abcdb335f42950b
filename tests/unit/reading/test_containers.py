"""The same 自评表 read from an .xlsx with merged ranges, an .html with rowspan/colspan (in
GB18030 and UTF-8), and a .docx with vMerge/gridSpan: one reading, whatever the container."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.adapters.readers import read_report
from jixiao.domain.errors import InputError
from jixiao.domain.reading.facts import read_facts

from .sheets import ROWS, write_docx, write_html, write_xlsx

WRITERS: dict[str, Callable[[Path], Path]] = {
    "xlsx": lambda d: write_xlsx(d / "自评表.xlsx"),
    "html-utf8": lambda d: write_html(d / "自评表.html"),
    "htm-gb18030": lambda d: write_html(d / "自评表.htm", "gb18030"),
    "docx": lambda d: write_docx(d / "自评表.docx"),
}


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_every_container_gives_the_same_rows(tmp_path: Path, kind: str) -> None:
    facts = read_facts(read_report(WRITERS[kind](tmp_path)))
    read = [
        (i.level1, i.level2, i.name, i.target_raw, i.actual_raw, str(i.points), str(i.score))
        for i in facts.indicators
    ]
    assert read == ROWS
    assert facts.name is not None and facts.name.value == "天网工程运维项目"
    assert facts.funds is not None and facts.funds.total is not None
    assert facts.funds.total.score == Decimal("9.88")
    assert [s.label for s in facts.funds.sources] == ["当年财政拨款"]
    assert [t.value for t in facts.sheet.score_totals] == ["97.88"]
    assert dict(facts.sheet.weights)["产出指标"] == Decimal(50)


@pytest.mark.parametrize("kind", ["docx", "xlsx", "html-utf8"])
def test_merged_cells_keep_their_spans(tmp_path: Path, kind: str) -> None:
    table = read_report(WRITERS[kind](tmp_path)).tables[0]
    assert table.grid is not None
    level1 = next(c for c in table.grid.cells if c.text.startswith("产\n出"))
    assert (level1.row, level1.rows, level1.columns) == (8, 3, 1)
    name = next(c for c in table.grid.cells if c.text == "监控点位运维数量")
    assert (name.rows, name.columns) == (1, 2)


def test_a_percent_stored_as_a_number_reads_as_excel_shows_it(tmp_path: Path) -> None:
    table = read_report(write_xlsx(tmp_path / "s.xlsx")).tables[0]
    assert "98.75%" in table.rows[4]
    assert table.row_location(4).place == "表1第5行（工作表“自评表”第5行）"


def test_html_text_outside_tables_is_paragraphs(tmp_path: Path) -> None:
    document = read_report(write_html(tmp_path / "r.html", "gb18030"))
    texts = [p.clean for p in document.paragraphs]
    assert "2023年度天网工程运维项目绩效自评报告" in texts
    assert texts[-1] == "附件：自评表"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("x.xlsx", b"not a workbook at all", "不是有效的 Excel"),
        ("x.xls", b"plain text", "不是有效的旧版 Excel"),
        ("x.html", b"%PDF-1.4 something", "不是网页"),
        ("x.htm", b"<html>\x00\x01</html>", "二进制"),
    ],
)
def test_bad_files_are_refused_naming_the_file(
    tmp_path: Path, name: str, data: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_report(path)
    assert says in str(caught.value) and name in str(caught.value)


def test_an_xlsx_that_inflates_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b"0" * (101 * 1024 * 1024))
    with pytest.raises(InputError, match="解压后"):
        read_report(path)


def test_an_html_rowspan_beyond_the_table_does_not_grow_it(tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    path.write_text(
        '<table><tr><td rowspan="999999999">产出指标</td><td>a</td></tr>'
        "<tr><td>b</td></tr></table>",
        encoding="utf-8",
    )
    table = read_report(path).tables[0]
    assert table.rows == (("产出指标", "a"), ("产出指标", "b"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_an_old_xls_is_read_through_libreoffice(tmp_path: Path) -> None:
    from jixiao.adapters.readers.legacy import convert

    xls = convert(write_xlsx(tmp_path / "自评表.xlsx"), "xls", tmp_path / "out")
    facts = read_facts(read_report(xls))
    assert [(i.name, str(i.score)) for i in facts.indicators] == [(r[2], r[6]) for r in ROWS]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_a_pdf_table_with_merged_cells_is_read_from_its_ruling(tmp_path: Path) -> None:
    from jixiao.adapters.readers.legacy import convert

    pdf = convert(write_docx(tmp_path / "自评表.docx"), "pdf", tmp_path / "out")
    document = read_report(pdf)
    facts = read_facts(document)
    read = [(i.level1, i.level2, i.name, i.target_raw, str(i.score)) for i in facts.indicators]
    assert read == [(r[0], r[1], r[2], r[3], r[6]) for r in ROWS]
    grid = document.tables[0].grid
    assert grid is not None
    assert any(c.rows == 3 and c.text.startswith("产") for c in grid.cells)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_a_pdf_table_without_ruling_is_read_from_its_text_layout(tmp_path: Path) -> None:
    import docx

    from jixiao.adapters.readers.legacy import convert

    source = write_docx(tmp_path / "自评表.docx")
    document = docx.Document(str(source))
    document.tables[0].style = document.styles["Normal Table"]  # no borders: no ruling lines
    document.save(str(source))
    pdf = convert(source, "pdf", tmp_path / "out")
    facts = read_facts(read_report(pdf))
    read = [
        (i.level1, i.level2, i.name, i.target_raw, i.actual_raw, str(i.points), str(i.score))
        for i in facts.indicators
    ]
    assert read == ROWS  # wrapped cells ("≥500" / "个") and "产/出/指/标（50/分）" joined
