"""The same report uploaded as .txt and as .docx is one report in two formats: a note says
so, and neither file is flagged as copied from the other."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document

from tests.conftest import Run

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


def as_docx(text: str, out: Path) -> Path:
    """The report as Word writes it: lines as paragraphs, runs of tab-separated lines as tables."""
    document = Document()
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            document.add_paragraph(lines[i])
            i += 1
            continue
        rows = []
        while i < len(lines) and "\t" in lines[i]:
            rows.append(lines[i].split("\t"))
            i += 1
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, cells in enumerate(rows):
            for c, cell in enumerate(cells):
                table.cell(r, c).text = cell
    document.save(str(out))
    return out


def _rules(jixiao: Run, *files: Path) -> dict[str, list[dict[str, str]]]:
    result = jixiao("check", *files, "--json")
    assert result.returncode == 0, result.stderr
    return {Path(f["file"]).name: f["findings"] for f in json.loads(result.stdout)["files"]}


def test_a_report_as_txt_and_docx_is_not_copied_from_itself(jixiao: Run, tmp_path: Path) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[1]  # 002: shares boilerplate with 000
    twin = as_docx(seed.read_text(encoding="utf-8"), tmp_path / (seed.stem + ".docx"))
    found = _rules(jixiao, seed, twin)
    for name, other in ((seed.name, twin.name), (twin.name, seed.name)):
        rules = [f["rule"] for f in found[name]]
        assert "shared-boilerplate" not in rules, name
        (note,) = [f for f in found[name] if f["rule"] == "same-report"]
        assert note["severity"] == "info" and f"《{other}》全文相同" in note["message"]
    with_other = _rules(jixiao, sorted(SEEDS.glob("*.txt"))[0], seed, twin)
    assert "shared-boilerplate" in [f["rule"] for f in with_other[twin.name]]  # still, with 000
