"""Readers on real files: Word tables with merged cells, PDF text layers, scans, old .doc, and
files that are not what they claim to be."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from PIL import Image, ImageDraw

from jixiao.adapters.readers import MAX_REPORT_BYTES, read_report
from jixiao.domain.errors import InputError
from jixiao.domain.reading.facts import read_facts
from tests.conftest import Run

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice not installed"
)


def _indicator_docx(path: Path) -> Path:
    """A 绩效指标 table whose 一级 cell is merged down four rows and 二级 down two."""
    document: WordDocument = docx.Document()
    document.add_paragraph("某县公安局")
    document.add_paragraph("2021年天网工程运维经费绩效自评报告")
    document.add_paragraph("一、绩效指标完成情况", style="Heading 1")
    document.add_paragraph("该项目预算资金200万元，2021年支付200万元，执行率100%。")
    table = document.add_table(rows=5, cols=5)
    for i, head in enumerate(("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值")):
        table.cell(0, i).text = head
    table.cell(1, 0).merge(table.cell(4, 0)).text = "产出指标"
    table.cell(1, 1).merge(table.cell(2, 1)).text = "数量指标"
    table.cell(3, 1).merge(table.cell(4, 1)).text = "质量指标"
    rows = [
        ("维护点位数", "≥700路", "710路"),
        ("新增点位数", "≥20路", "20路"),
        ("视频点位在线率", "≥95%", "96%"),
        ("故障修复及时率", "≥90%", "88%"),
    ]
    for r, (name, target, actual) in enumerate(rows, start=1):
        for c, text in enumerate((name, target, actual), start=2):
            table.cell(r, c).text = text
    document.add_paragraph("盐边县公安局")  # Word ends a body with a paragraph, not a table
    document.save(str(path))
    return path


def test_docx_merged_cells_apply_to_every_row_they_span(tmp_path: Path) -> None:
    facts = read_facts(read_report(_indicator_docx(tmp_path / "r.docx")))
    read = [(i.level1, i.level2, i.name, i.target_raw, i.actual_raw) for i in facts.indicators]
    assert read == [
        ("产出指标", "数量指标", "维护点位数", "≥700路", "710路"),
        ("产出指标", "数量指标", "新增点位数", "≥20路", "20路"),
        ("产出指标", "质量指标", "视频点位在线率", "≥95%", "96%"),
        ("产出指标", "质量指标", "故障修复及时率", "≥90%", "88%"),
    ]
    assert facts.name is not None and facts.name.value == "天网工程运维经费"


def test_docx_heading_styles_give_sections(tmp_path: Path) -> None:
    document = read_report(_indicator_docx(tmp_path / "r.docx"))
    body = document.paragraphs[3]
    assert body.location.section == "一、绩效指标完成情况"
    assert body.location.place == "第4段"


@needs_soffice
def test_pdf_text_layer_is_read_with_wrapped_lines_joined(tmp_path: Path) -> None:
    source = tmp_path / "seed.txt"
    source.write_bytes((SEEDS / "000_a61edba90696609a.txt").read_bytes())
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    facts = read_facts(read_report(tmp_path / "seed.pdf"))
    assert facts.name is not None
    assert facts.name.value == "公安智能安全暨数字化综合管理系统运维费"
    durations = [d.raw for d in facts.mentions.durations]
    assert "运行2年10月" in durations  # the sentence survives the page's line wrapping
    assert facts.document.paragraphs[0].location.place == "第1页"


def test_a_scanned_pdf_without_text_is_refused_with_a_reason(tmp_path: Path) -> None:
    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 120), fill="black")
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF")
    with pytest.raises(InputError) as caught:
        read_report(path)
    assert "没有文字层" in str(caught.value)


@needs_soffice
def test_old_word_files_are_converted_first(tmp_path: Path) -> None:
    source = _indicator_docx(tmp_path / "r.docx")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    facts = read_facts(read_report(tmp_path / "out" / "r.doc"))
    assert [i.name for i in facts.indicators][:2] == ["维护点位数", "新增点位数"]
    assert facts.document.name == "r.doc"


def _refused(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_report(path)
    message = str(caught.value)
    assert str(path) in message
    return message


def test_bad_files_are_refused_with_what_would_be_valid(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert "空的" in _refused(empty)

    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes(range(256)) * 40)
    assert "二进制" in _refused(garbage)

    zipped = tmp_path / "photos.docx"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff" + b"0" * 100)
    assert "word/document.xml" in _refused(zipped)

    text_as_docx = tmp_path / "plain.docx"
    text_as_docx.write_text("这只是文字", encoding="utf-8")
    assert "不是有效的 Word" in _refused(text_as_docx)

    broken_pdf = tmp_path / "broken.pdf"
    broken_pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 10)
    assert "PDF" in _refused(broken_pdf)

    odd = tmp_path / "report.odt"
    odd.write_bytes(b"x")
    assert ".docx" in _refused(odd)

    assert "不存在" in _refused(tmp_path / "missing.txt")


def test_a_docx_given_as_txt_is_named_for_what_it_is(tmp_path: Path) -> None:
    source = _indicator_docx(tmp_path / "r.docx")
    renamed = tmp_path / "r.txt"
    renamed.write_bytes(source.read_bytes())
    assert "Word" in _refused(renamed)


def test_files_above_the_size_limit_are_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(MAX_REPORT_BYTES + 1)  # sparse: no disk space used
    assert "过大" in _refused(huge)


def test_gb18030_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(
        (SEEDS / "004_51d95226146effe8.txt").read_text(encoding="utf-8").encode("gb18030")
    )
    facts = read_facts(read_report(path))
    assert facts.year_value == 2021
    assert len(facts.indicators) == 12


@pytest.mark.parametrize("suffix", [".xlsx", ".html", ".htm"])
def test_check_and_import_accept_workbooks_and_web_pages(
    tmp_path: Path, jixiao: Run, suffix: str
) -> None:
    from tests.unit.reading.sheets import write_html, write_xlsx

    path = tmp_path / f"自评表{suffix}"
    write_xlsx(path) if suffix == ".xlsx" else write_html(path)
    checked = jixiao("check", "--json", path)
    assert checked.returncode in (0, 1), checked.stderr  # 1: findings, never a refusal
    out = tmp_path / "imported.yaml"
    assert jixiao("import", path, "-o", out).returncode == 0
    evaluated = jixiao("evaluate", out)
    assert evaluated.returncode == 0, evaluated.stderr
    assert "单位自评总分97.88分" in evaluated.stdout


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("plain.xlsx", "只是文字".encode(), "不是有效的 Excel"),
        ("old.xls", b"plain text", "不是有效的旧版 Excel"),
        ("page.html", b"%PDF-1.4\n" + bytes(range(256)), "不是网页"),
    ],
)
def test_bad_workbooks_and_pages_exit_2_naming_the_file(
    tmp_path: Path, jixiao: Run, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = jixiao("check", path)
    assert result.returncode == 2
    assert str(path) in result.stderr and says in result.stderr
    assert "Traceback" not in result.stderr
