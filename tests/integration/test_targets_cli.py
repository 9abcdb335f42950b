"""`jixiao targets check`: a declaration's defects as findings (the `check --json` shape)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import WORKED, Run

DECLARATION = """version: 1
project: {name: 2022年天网运维, department: 某县公安局, implementer: 某县公安局, year: 2022}
scoring: {weights: {产出指标: 50, 效益指标: 30, 满意度指标: 10, 预算执行率: 5}}
funds: {initial_budget: 180万元}
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 资金支付率, target: "≥100%"}
  - {level1: 产出指标, level2: 质量指标, name: 视频点位在线率, target: "95%",
     actual: {measure: online_rate, group: 天网}}
  - {level1: 产出指标, level2: 成本指标, name: 运维总成本, target: "≥180万元"}
  - {level1: 效益指标, level2: 社会效益指标, name: 视频点位在线率, target: "≥95%"}
  - {level1: 满意度指标, level2: 服务对象满意度指标, name: 群众满意度, target: "定性:满意"}
"""


def test_a_declaration_with_defects_lists_each(jixiao: Run, tmp_path: Path) -> None:
    path = tmp_path / "declaration.yaml"
    path.write_text(DECLARATION, encoding="utf-8")
    result = jixiao("targets", "check", "--json", path)
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["files"][0]["findings"]
    errors = {(f["rule"], f["location"]) for f in findings if f["severity"] == "error"}
    assert errors == {
        ("weights-not-100", "scoring.weights（第3行）"),
        ("level2-mismatch", "产出指标/数量指标/资金支付率"),
        ("cost-not-ceiling", "产出指标/成本指标/运维总成本"),
        ("indicator-in-two-levels", "效益指标/社会效益指标/视频点位在线率"),
        ("target-qualitative", "满意度指标/服务对象满意度指标/群众满意度"),
    }
    assert ("target-ambiguous", "产出指标/质量指标/视频点位在线率") in {
        (f["rule"], f["location"]) for f in findings
    }


def test_the_worked_example_passes_with_no_error(jixiao: Run) -> None:
    result = jixiao("targets", "check", "--json", WORKED)
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [f for f in findings if f["severity"] == "error"] == []


def test_an_unreadable_declaration_is_bad_input(jixiao: Run, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("version: 1\nproject: [\n", encoding="utf-8")
    result = jixiao("targets", "check", path)
    assert result.returncode == 2
    assert "broken.yaml" in result.stderr and "Traceback" not in result.stderr
