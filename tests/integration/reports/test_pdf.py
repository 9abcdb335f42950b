"""PDF through real LibreOffice: the text is there, fonts are embedded, and no glyph is missing.

"No tofu" is checked for real: every character of the PDF's text must be in the character
set (fontconfig's view of the font file) of the fonts the PDF embeds. A character outside all
of them would have been drawn as an empty box.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pytest

from jixiao.adapters.attachments import DirectoryAttachments
from jixiao.adapters.files import files
from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.projectfile import load_project
from jixiao.adapters.reports import pdf as pdf_module
from jixiao.adapters.reports.batch import write_reports
from jixiao.domain.evaluation import evaluate
from jixiao.sample_data import load_examples
from jixiao.services.application import Application
from jixiao.services.file_ports import ReportJob as Job
from tests.conftest import CONFERENCE, EXAMPLES, SKYNET, WORKED, YANCHI, Run, require_program
from tests.scenario import ZONE

# pdffonts name (without the subset prefix) -> the fontconfig family it comes from
FAMILIES = {
    "NotoSerifCJK": "Noto Serif CJK SC",
    "NotoSansCJK": "Noto Sans CJK SC",
    "LiberationSerif": "Liberation Serif",
    "LiberationSans": "Liberation Sans",
    "DejaVuSans": "DejaVu Sans",
    "DejaVuSerif": "DejaVu Serif",
}


@pytest.fixture(scope="module")
def tools() -> None:
    require_program("soffice", "libreoffice-writer-nogui")
    require_program("pdftotext", "poppler-utils")
    require_program("fc-list", "fontconfig")


@pytest.fixture(scope="module")
def pdfs(tools: None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """All four examples as PDF, converted in one batch (one LibreOffice run), scored as the
    application scores them: with the examples' sample evidence in a store."""
    out = tmp_path_factory.mktemp("pdf")
    paths = sorted(EXAMPLES.glob("*.yaml"))
    store = MemoryStore()
    app = Application(files(), ZONE, lambda: 0, lambda: store)
    app.attachments = DirectoryAttachments(out / "attachments")
    load_examples(app, EXAMPLES, actor="test")
    jobs = [Job(app.evaluate(load_project(p)), {"pdf": out / f"{p.stem}.pdf"}) for p in paths]
    write_reports(jobs)
    return {p.stem: out / f"{p.stem}.pdf" for p in paths}


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _fonts(pdf: Path) -> list[tuple[str, str]]:
    """(name, embedded) for every font in the PDF, from pdffonts."""
    lines = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    fonts = []
    for line in lines[2:]:
        columns = line.split()
        embedded = columns[-5]  # emb sub uni object-id generation
        fonts.append((columns[0].split("+")[-1], embedded))
    return fonts


def _charset(family: str) -> set[int]:
    """Code points fontconfig says the family's font files cover."""
    output = subprocess.run(
        ["fc-list", "--format", "%{charset}\n", f"{family}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    covered: set[int] = set()
    for ranges in output.split():
        for part in ranges.split(","):
            if not part:
                continue
            low, _, high = part.partition("-")
            covered.update(range(int(low, 16), int(high or low, 16) + 1))
    return covered


@pytest.mark.parametrize("stem", [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))])
def test_pdf_contains_the_table_title_and_the_total(pdfs: dict[str, Path], stem: str) -> None:
    text = _text(pdfs[stem])
    assert "项目支出绩效自评表" in text
    view_total = {
        WORKED.stem: "92.61",
        SKYNET.stem: "34.99",  # 在线率, 修复及时率 and 考核扣款 bound to the sample tickets
        CONFERENCE.stem: "10.00",
        YANCHI.stem: "99.38",  # bound to the sample evidence (it was 52.50 typed in)
    }[stem]
    assert re.search(rf"总分\s.*{re.escape(view_total)}", text)
    assert (
        f"总分{view_total.rstrip('0').rstrip('.')}分" in text.replace(" ", "") or view_total in text
    )


# A number broken over two lines: a line ends inside it ("389." / "1" / "202") and the next
# goes on with its digits ("4万元" / "00%" / "1年"). Not a number: a list's next item ("2. …"),
# a hash wrapped in the evidence list ("3fc46⏎8b01"); table lines (columns apart by two or
# more spaces) put one row's cells side by side, so only running text is compared.
_ENDS_IN_NUMBER = re.compile(r"(?<![A-Za-z\d.])\d[\d.]*$")
_GOES_ON = re.compile(r"^(?:\.\d|%|\d(?!\d*\.\s)[\d.]*(?![A-Za-z\d.]))")


def split_numbers(text: str) -> list[str]:
    """Each place in `pdftotext -layout` text where a number is split across two lines."""
    lines = [line.strip() for line in text.splitlines()]
    return [
        f"{line[-6:]}⏎{following[:6]}"
        for line, following in itertools.pairwise(lines)
        if "  " not in line + following
        and _ENDS_IN_NUMBER.search(line)
        and _GOES_ON.match(following)
    ]


def test_a_split_number_is_found() -> None:
    text = "每年需支付 389.\n4 万元\n预算执行率 1\n00%，得10分\n截至2021年12月31日\n"
    assert split_numbers(text) == ["付 389.⏎4 万元", "算执行率 1⏎00%，得1"]
    assert split_numbers("合计 100\n万元\n附件：1. 自评表\n2. 证据清单\n") == []
    assert split_numbers("摘要 3fc46\n8b01b2\n成本 ≥30.838   30.838\n7.14   分\n") == []


@pytest.mark.parametrize("stem", [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))])
def test_no_number_is_split_across_lines(pdfs: dict[str, Path], stem: str) -> None:
    assert split_numbers(_text(pdfs[stem])) == []


@pytest.mark.parametrize("stem", [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))])
def test_the_report_has_the_outline_the_signature_and_its_annexes(
    pdfs: dict[str, Path], stem: str
) -> None:
    text = _text(pdfs[stem]).replace(" ", "")
    for heading in ("主要经验及做法", "存在的问题及原因分析", "下一步改进措施", "结果应用建议"):
        assert heading in text
    assert "附件：1." in text and "联系人：【请填写】" in text and "（盖章）" in text
    assert "【请填写：报送日期" in text


@pytest.mark.parametrize("stem", [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))])
def test_pdf_embeds_every_font_and_has_a_glyph_for_every_character(
    pdfs: dict[str, Path], stem: str
) -> None:
    fonts = _fonts(pdfs[stem])
    assert fonts, "no fonts in the PDF"
    assert all(embedded == "yes" for _, embedded in fonts), fonts
    families = set()
    for name, _ in fonts:
        family = next((f for prefix, f in FAMILIES.items() if name.startswith(prefix)), None)
        assert family is not None, f"unexpected fallback font {name}"
        families.add(family)
    assert "Noto Serif CJK SC" in families  # 仿宋_GB2312 / 宋体 were mapped, not left to chance
    covered = set().union(*(_charset(f) for f in families))
    characters = {c for c in _text(pdfs[stem]) if not c.isspace()}
    missing = sorted(c for c in characters if ord(c) not in covered)
    assert not missing, f"characters without a glyph in the embedded fonts: {missing}"


def test_a_batch_converts_in_one_libreoffice_run(
    tools: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = pdf_module.convert_to_pdf

    def counting(sources, outdir):  # type: ignore[no-untyped-def]
        calls.append(len(sources))
        return real(sources, outdir)

    monkeypatch.setattr("jixiao.adapters.reports.batch.convert_to_pdf", counting)
    jobs = [
        Job(evaluate(load_project(p)), {"pdf": tmp_path / f"{i}.pdf"})
        for i, p in enumerate([WORKED, YANCHI, WORKED])
    ]
    written = write_reports(jobs)
    assert calls == [3]
    assert [p.name for p in written] == ["0.pdf", "1.pdf", "2.pdf"]
    assert "92.61" in _text(tmp_path / "2.pdf")  # same stem twice: no collision


def test_report_command_writes_every_format_with_all(
    jixiao: Run, tools: None, tmp_path: Path
) -> None:
    result = jixiao("report", WORKED, "--all", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    for ext in ("docx", "xlsx", "pdf", "md"):
        path = tmp_path / f"{WORKED.stem}.{ext}"
        assert path.stat().st_size > 0
        assert f"已生成 {path}" in result.stdout
