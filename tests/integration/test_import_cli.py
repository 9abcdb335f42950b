"""`jixiao import` end to end: seeds to project files that evaluate, and the Word round trip."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao.adapters.importers import import_report
from jixiao.adapters.projectfile import load_project, read_project
from jixiao.domain.evaluation import evaluate
from tests.conftest import WORKED, Run
from tests.unit.checks.reports import CLEAN, facts_of

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
SKYNET, CONFERENCE, YANCHI = (SEEDS / n for n in sorted(p.name for p in SEEDS.glob("*.txt")))


def _import(jixiao: Run, report: Path, out: Path) -> Path:
    result = jixiao("import", report, "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def _evaluate(jixiao: Run, path: Path) -> dict[str, Any]:
    result = jixiao("evaluate", "--json", path)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_the_yanchi_report_imports_its_two_tables_and_budget(tmp_path: Path, jixiao: Run) -> None:
    out = _import(jixiao, YANCHI, tmp_path / "yanchi.yaml")
    data = _evaluate(jixiao, out)
    assert data["project"]["year"] == 2021
    assert data["funds"]["initial_budget"]["wan"] == "64.638"
    rows = {row["name"]: (row["target"], row["actual"]) for row in data["indicators"]}
    assert len(rows) == 11  # 12 rows; the 满意度 row repeats a 可持续影响 name
    assert rows["租赁视频服务在线率"] == ("≥100%", "95%")
    assert rows["“雪亮工程”网络安全升级项目资金支付完成时间"][1] is None  # "如期完成" is no value
    text = out.read_text(encoding="utf-8")
    assert "# 表2第3行（第136行）：“95%”" in text
    assert "“64.638元”：单位可疑" in text


def test_the_skynet_report_imports_its_contract_and_shows_the_arrears(
    tmp_path: Path, jixiao: Run
) -> None:
    out = _import(jixiao, SKYNET, tmp_path / "skynet.yaml")
    data = _evaluate(jixiao, out)
    (contract,) = data["funds"]["contracts"]
    assert (contract["start"], contract["months"]) == ("2019-01-01", 120)
    assert contract["arrears"]["wan"] == "1008.2"
    text = out.read_text(encoding="utf-8")
    assert "报告未写预算数，按下达金额填写（推定，请核对）" in text


def test_a_report_without_indicators_lists_what_is_missing(tmp_path: Path, jixiao: Run) -> None:
    result = jixiao("import", CONFERENCE, "-o", tmp_path / "c.yaml")
    assert result.returncode == 0, result.stderr
    assert "未能读出：indicators（绩效指标）" in result.stderr
    assert "#   - indicators（绩效指标）：报告没有设置绩效指标" in (tmp_path / "c.yaml").read_text(
        encoding="utf-8"
    )


def test_an_existing_output_is_kept_unless_forced(tmp_path: Path, jixiao: Run) -> None:
    out = tmp_path / "mine.yaml"
    out.write_text("# 我的项目文件\n", encoding="utf-8")
    refused = jixiao("import", YANCHI, "-o", out)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "# 我的项目文件\n"
    assert jixiao("import", YANCHI, "-o", out, "--force").returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# 由 jixiao import")


def test_importing_a_project_file_or_a_bad_file_exits_2(tmp_path: Path, jixiao: Run) -> None:
    assert jixiao("import", WORKED).returncode == 2
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 4)
    result = jixiao("import", bad)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_without_output_the_project_file_goes_to_stdout(jixiao: Run) -> None:
    result = jixiao("import", YANCHI)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# 由 jixiao import")
    assert "version: 1" in result.stdout


def test_round_trip_through_our_own_word_report(tmp_path: Path, jixiao: Run) -> None:
    """Write the worked example as .docx with `jixiao report`, import it back: same indicators
    (names, targets, actuals, points) and the same amounts."""
    docx = tmp_path / "worked.docx"
    made = jixiao("report", WORKED, "--format", "docx", "-o", docx)
    if made.returncode == 2 and "没有命令" in made.stderr:
        pytest.skip("jixiao report not available yet")
    assert made.returncode == 0, made.stderr
    back = load_project(_import(jixiao, docx, tmp_path / "back.yaml"))
    original = load_project(WORKED)

    def indicators(project: Any) -> list[tuple[str, str, str, str, str, Decimal]]:
        return [
            (i.level1, i.level2, i.name, str(i.target), str(i.actual), i.points)
            for i in project.indicators
        ]

    assert indicators(back) == indicators(original)
    graded = back.indicators[6].actual
    assert graded is not None and getattr(graded, "points", None) == Decimal("10.5")
    funds, expected = back.funds, original.funds
    assert (funds.initial_budget, funds.budget, funds.executed) == (
        expected.initial_budget,
        expected.budget,
        expected.executed,
    )
    assert (back.name, back.year, back.department) == (
        original.name,
        original.year,
        original.department,
    )
    assert dict(back.settings.weights) == dict(original.settings.weights)
    assert (back.expected_goal, back.achieved_goal) == (
        original.expected_goal,
        original.achieved_goal,
    )


def test_a_complete_text_report_imports_to_the_score_it_states() -> None:
    imported = import_report(facts_of(CLEAN))
    assert imported.missing == [] and imported.skipped == []
    evaluation = evaluate(read_project(imported.text, "clean.yaml"))
    assert (evaluation.total, evaluation.grade) == (Decimal(97), "优")  # as the report says
    (contract,) = evaluation.contracts
    assert (contract.due, contract.arrears) == (Decimal(2_400_000), Decimal(0))
    payments = evaluation.project.funds.payments
    assert [(p.amount, p.contract) for p in payments] == [
        (Decimal(1_200_000), "天网工程服务合同"),
        (Decimal(800_000), None),
    ]
