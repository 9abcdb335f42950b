"""The department's 整体 self-evaluation: the four examples rolled up, each score cited as
`evaluate` gives it, execution summed over the ledgers, the report written."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CONFERENCE, EXAMPLES, SKYNET, WORKED, YANCHI, Run

DEPARTMENT = """version: 1
department: {{name: 示例县公安局, year: 2021}}
basic: {{budget: 1000万元, executed: 950万元}}
projects: [{files}]
indicators:
  - {{level1: 运行成本, level2: 预算执行, name: 项目支出执行率, target: ≥95%, actual: 97%, points: 40}}
  - {{level1: 履职效能, level2: 重点工作, name: 视频点位在线率, target: ≥95%, actual: 90%, points: 40}}
  - {{level1: 服务对象满意度, level2: 群众满意度, name: 群众满意度, target: ≥90%, actual: null,
     points: 20}}
"""


def test_the_four_examples_roll_up_with_each_score_cited(jixiao: Run, tmp_path: Path) -> None:
    examples = [SKYNET, CONFERENCE, YANCHI, WORKED]
    path = tmp_path / "department.yaml"
    path.write_text(DEPARTMENT.format(files=", ".join(str(p) for p in examples)), "utf-8")
    result = jixiao("department", "evaluate", "--json", path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    scores = [json.loads(jixiao("evaluate", "--json", p).stdout)["total"] for p in examples]
    assert [p["total"] for p in out["projects"]] == scores  # cited, not recomputed
    # 2021 projects only: 100 + 50 + 64.638 万元 budget; all three executed in full
    assert out["projects_spending"] == {"budget": 2_146_380.0, "executed": 2_146_380.0, "rate": 1.0}
    assert out["overall"]["budget"] == 12_146_380.0 and out["overall"]["executed"] == 11_646_380.0
    assert out["overall"]["rate"] == 0.9588  # 1164.638 / 1214.638 = 95.883…%, rounded down
    # 40 (97% ≥ 95%) + 40 × 90/95 = 37.89 + 0 (no survey figure)
    assert [i["score"] for i in out["indicators"]] == [40.0, 37.89, 0.0]
    assert (out["total"], out["grade"]) == (77.89, "中")
    rules = [(f["rule"], f["location"]) for f in out["findings"]]
    assert ("project-other-year", "项目/2023年天网工程运维经费") in rules
    report = jixiao("department", "report", path, "--format", "md", "-o", tmp_path / "out")
    assert report.returncode == 0, report.stderr
    text = (tmp_path / "out" / "department.md").read_text(encoding="utf-8")
    for score in scores:
        assert f" {score:.2f} |" in text


def test_the_example_department_and_bad_files(jixiao: Run, tmp_path: Path) -> None:
    ok = jixiao("department", "evaluate", EXAMPLES / "departments" / "yanbian-2021.yaml")
    assert ok.returncode == 0, ok.stderr
    assert "合同欠付1008.2万元" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\ndepartment: {name: 局, year: 2021}\nprojects: [missing.yaml]\n"
        "indicators:\n  - {level1: 投入, level2: x, name: y, target: ≥1个, points: 100}\n",
        encoding="utf-8",
    )
    result = jixiao("department", "evaluate", bad)
    assert result.returncode == 2
    assert "第3行" in result.stderr and "missing.yaml" in result.stderr
    assert "第5行" in result.stderr and "运行成本" in result.stderr
