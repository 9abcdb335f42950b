"""`jixiao check --review`: per report, the unit's total, the 复核 total and each change with
its reason and 复核口径; JSON for machines; unreadable files and project files exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import WORKED, Run
from tests.unit.checks.test_review import COUNT, RATE, SATISFIED, sheet

PAID = ("产出指标", "数量指标", "资金支付率", "≥100%", "100%", "10", "10")


def _report(tmp_path: Path) -> Path:
    path = tmp_path / "营养餐自评.txt"
    path.write_text(sheet(COUNT, RATE, PAID, SATISFIED, total="59"), encoding="utf-8")
    return path


def test_the_text_output_gives_both_totals_and_each_change(tmp_path: Path, jixiao: Run) -> None:
    result = jixiao("check", "--review", _report(tmp_path))
    assert result.returncode == 0, result.stderr
    # 19.05 (700 of 735 人次) + 10 + 0 (支付率 as a 数量指标) + 10 + 9 (36 of 40万元)
    assert "单位自评总分：59　复核总分：48.05" in result.stdout
    assert "资金支付率（产出指标，分值10）：自评10→复核0" in result.stdout
    assert "三级指标与二级指标定义不匹配" in result.stdout
    assert "学生满意度" not in result.stdout  # unchanged rows are not listed


def test_json_lists_every_scored_row(tmp_path: Path, jixiao: Run) -> None:
    result = jixiao("check", "--review", "--json", _report(tmp_path))
    assert result.returncode == 0, result.stderr
    (reviewed,) = json.loads(result.stdout)["files"]
    assert (reviewed["unit_total"], reviewed["review_total"]) == ("59", "48.05")
    rows = {row["indicator"]: row for row in reviewed["lines"]}
    assert set(rows) == {
        "学生受资助人数",
        "营养改善计划覆盖率",
        "资金支付率",
        "学生满意度",
        "预算执行率",
    }
    assert rows["学生受资助人数"]["review_score"] == "19.05" and rows["学生受资助人数"]["changed"]


def test_a_project_file_and_an_empty_file_exit_2_and_the_report_is_still_reviewed(
    tmp_path: Path, jixiao: Run
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = jixiao("check", "--review", "--json", _report(tmp_path), WORKED, empty)
    assert result.returncode == 2
    assert "jixiao evaluate" in result.stderr and str(empty) in result.stderr
    assert len(json.loads(result.stdout)["files"]) == 1
