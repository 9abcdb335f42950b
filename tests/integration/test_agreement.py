"""One answer everywhere: every output that shows a project's score shows the same one.

For each example, and for a project whose 在线率 is bound to measured evidence in a real store,
`evaluate --json`, the Markdown, Word and Excel reports, `check`, the API and the web page show
the same total, the same score on every row and the same actual text (the measured rate and
the figure its citation quotes).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import openpyxl
import pytest
from docx import Document

from jixiao.web.app import create_app
from tests.conftest import EXAMPLES, YANCHI, Run
from tests.web.conftest import (
    ADMIN_PASSWORD,
    FAST_HASHER,
    api_login,
    client_for,
    make_settings,
    settled,
)

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """A store with the examples' sample data (点位表, status history, survey, documents:
    `jixiao examples load`), and the project files to compare: the examples, Yanchi's bound
    to that store's evidence."""
    base = tmp_path_factory.mktemp("agreement")
    assert YANCHI.is_file()
    return base, sorted(EXAMPLES.glob("*.yaml"))


def _cli(jixiao: Run, data: Path, *args: str | Path) -> str:
    # The examples go into the demo store only: every command here works on it.
    result = jixiao(*args, env={"JIXIAO_DATA_DIR": str(data), "JIXIAO_DEMO": "true"})
    assert result.returncode == 0, result.stderr
    return result.stdout


def _rows(evaluation: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(name, score as printed, actual as printed) of every indicator row."""
    return [
        (row["name"], f"{row['score']:.2f}", row["actual"] or "")
        for row in evaluation["indicators"]
    ]


def _table_lines_docx(path: Path) -> list[str]:
    lines = []
    for table in Document(str(path)).tables:
        for row in table.rows:
            cells = list(dict.fromkeys(c.text for c in row.cells))  # merged cells repeat
            lines.append(" | ".join(cells))
    return lines


def _table_lines_xlsx(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    lines = []
    for row in sheet.iter_rows(values_only=True):
        cells = [f"{v:.2f}" if isinstance(v, float | int) else str(v) for v in row if v is not None]
        lines.append(" | ".join(cells))
    return lines


def _assert_rows(
    lines: list[str], rows: list[tuple[str, str, str]], total: str, where: str
) -> None:
    text = "\n".join(lines)
    assert total in text, f"{where}: total {total} missing"
    split = [[c.strip() for c in re.split(r"\s*\|\s*", line)] for line in lines]
    for name, score, actual in rows:
        found = [(ln, cells) for ln, cells in zip(lines, split, strict=True) if name in cells]
        assert found, f"{where}: no row for {name}"
        line, cells = found[0]
        assert score in cells, f"{where}: {name} should score {score}: {line}"
        if actual:
            assert actual in line, f"{where}: {name} should show {actual}: {line}"


def test_every_output_shows_the_same_scores(
    jixiao: Run, county: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    base, files = county
    data = base / "data"
    _cli(jixiao, data, "examples", "load", EXAMPLES)
    app = settled(
        create_app(make_settings(data, demo=True, load_examples=False), hasher=FAST_HASHER)
    )
    with client_for(app) as web:
        api_login(web, "admin", ADMIN_PASSWORD)
        for path in files:
            _compare(jixiao, data, web, path, tmp_path / path.stem)


def _compare(jixiao: Run, data: Path, web: TestClient, path: Path, out: Path) -> None:
    evaluation = json.loads(_cli(jixiao, data, "evaluate", "--json", path))
    rows, total = _rows(evaluation), f"{evaluation['total']:.2f}"
    where = path.name

    bound = [r for r in evaluation["indicators"] if r["evidence"]]
    for row in bound:  # the measured figure and the figure its citation quotes are one
        if "在线率" in row["evidence"][:3] or row["evidence"].startswith("满意度"):
            assert row["evidence"].startswith(f"{row['evidence'][:3]}{row['actual']}"), row
    if path == YANCHI:
        assert len(bound) == 12, "every Yanchi indicator should be measured or cited"

    _cli(jixiao, data, "report", path, "--format", "md,docx,xlsx", "-o", out)
    markdown = (out / f"{path.stem}.md").read_text(encoding="utf-8").splitlines()
    table = [line.strip("| ") for line in markdown if line.startswith("|")]
    _assert_rows(table, rows, total, f"{where} md")
    _assert_rows(_table_lines_docx(out / f"{path.stem}.docx"), rows, total, f"{where} docx")
    _assert_rows(_table_lines_xlsx(out / f"{path.stem}.xlsx"), rows, total, f"{where} xlsx")

    checked = json.loads(_cli(jixiao, data, "check", "--json", path))["files"][0]["findings"]
    # check reports the scoring rules' findings, then the evaluation's: the same evaluation
    evaluated = [(f["rule"], f["message"]) for f in evaluation["findings"]]
    assert [(f["rule"], f["message"]) for f in checked][-len(evaluated) or len(checked) :] == (
        evaluated if evaluated else []
    ) or not evaluated
    assert "unresolved-evidence" not in {f["rule"] for f in checked}

    with path.open("rb") as handle:
        imported = web.post("/api/projects", files={"file": (path.name, handle, "text/yaml")})
    assert imported.status_code == 201, imported.text
    key = imported.json()["key"]
    api = web.get(f"/api/projects/{key}").json()
    assert f"{api['total']:.2f}" == total, where
    assert _rows(api) == rows, where
    html = web.get(f"/projects/{key}").text
    assert total in html, where
    # the lists' row (项目 and 总览 fetch it for each project) shows the same total
    for wide in ("false", "true"):
        row = web.get(f"/projects/{key}/line", params={"wide": wide}).text
        assert f"<strong>{total}</strong>" in row, f"{where} list row: {row}"
    for _, score, actual in rows:
        assert score in html, f"{where} page: {score}"
        if actual:
            assert actual.replace("≥", "&ge;") in html or actual in html, f"{where} page: {actual}"
