"""`jixiao evaluate` end to end: the examples' totals, the JSON contract, bad input and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CONFERENCE, EXAMPLES, SKYNET, WORKED, YANCHI, Run


def _json(jixiao: Run, path: Path) -> dict[str, Any]:
    result = jixiao("evaluate", "--json", path)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _rules(data: dict[str, Any]) -> list[str]:
    return [f["rule"] for f in data["findings"]]


def test_worked_example_scores_92_61_and_grade_you(jixiao: Run) -> None:
    data = _json(jixiao, WORKED)
    assert data["total"] == 92.61
    assert data["grade"] == "优"
    assert data["execution"] == {"rate": 0.95, "score": 9.5, "points": 10.0}
    scores = {row["name"]: row["score"] for row in data["indicators"]}
    assert scores == {
        "维护视频监控点位数": 9.83,
        "视频点位在线率": 10.0,
        "故障修复及时率": 9.78,
        "故障平均响应时间": 8.0,
        "运维总成本": 10.0,
        "视频监控辅助破案数": 15.0,
        "系统长效稳定运行": 10.5,
        "群众满意度": 10.0,
    }
    overshoot = [row for row in data["indicators"] if "overshoot" in row["flags"]]
    assert [row["name"] for row in overshoot] == ["视频监控辅助破案数"]


def test_worked_example_with_linear_reverse_rule_scores_92_11(jixiao: Run, tmp_path: Path) -> None:
    linear = tmp_path / "linear.yaml"
    linear.write_text(
        WORKED.read_text(encoding="utf-8").replace("reverse: ratio", "reverse: linear"),
        encoding="utf-8",
    )
    data = _json(jixiao, linear)
    assert data["total"] == 92.11
    assert data["grade"] == "优"


def test_json_object_has_the_fields_design_promises(jixiao: Run) -> None:
    data = _json(jixiao, WORKED)
    assert {"project", "execution", "indicators", "total", "grade", "findings"} <= set(data)
    row = data["indicators"][0]
    assert {"level1", "level2", "name", "target", "actual", "points", "score", "flags"} <= set(row)
    assert data["project"]["year"] == 2023
    finding = data["findings"][0]
    assert set(finding) == {"rule", "severity", "message", "evidence", "location"}


def test_skynet_example_reports_its_contract_arrears(jixiao: Run) -> None:
    data = _json(jixiao, SKYNET)
    (contract,) = data["funds"]["contracts"]
    assert contract["total"]["wan"] == "3894"
    assert (contract["start"], contract["months"]) == ("2019-01-01", 120)
    assert contract["due"]["wan"] == "1168.2"  # 36 of 120 instalments of 32.45万元 by 2021-12-31
    assert contract["paid"]["wan"] == "160"  # 60万元 before 2021 + 100万元 in 2021
    assert contract["arrears"]["wan"] == "1008.2"
    assert contract["due_in_year"]["wan"] == "389.4"
    arrears = next(f for f in data["findings"] if f["rule"] == "contract-arrears")
    assert "欠付1008.2万元" in arrears["message"]
    coverage = next(f for f in data["findings"] if f["rule"] == "budget-below-obligation")
    assert "25.68%" in coverage["message"]


def test_skynet_example_shows_its_gaps_instead_of_inventing_values(jixiao: Run) -> None:
    data = _json(jixiao, SKYNET)
    assert data["execution"]["rate"] == 1.0
    assert _rules(data).count("missing-evidence") == 3
    # 在线率, 修复及时率 and 考核扣款 rest on the sample tickets, not in this empty store
    assert _rules(data).count("unresolved-evidence") == 3
    assert "empty-block" in _rules(data)  # 满意度: claimed 100% with no indicator
    assert data["total"] == 12.14  # 10 (execution) + 8.33 × 100 / 389.4 = 2.14 (cost line)
    assert data["grade"] == "差"


def test_skynet_example_with_its_sample_tickets_cites_the_om_figures(
    jixiao: Run, tmp_path: Path
) -> None:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data"), "JIXIAO_DEMO": "true"}
    assert jixiao("examples", "load", EXAMPLES, env=env).returncode == 0
    result = jixiao("evaluate", "--json", SKYNET, env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rows = {r["name"]: r for r in data["indicators"]}
    online, repair, deduction = (
        rows[n] for n in ("天网系统在线率", "故障修复及时率", "运维考核扣款")
    )
    # 4 cameras in 2021: 34705.7 h online of 35040 h, 68 h of approved exemptions excused:
    # 34705.7 / 34972 = 99.238…% → 99.23% (raw 99.04%); 8.33 points, target ≥95% met
    assert (online["actual"], online["score"]) == ("99.23%", 8.33)
    assert "原始在线率99.04%" in online["evidence"]
    # 4 of 6 tickets repaired within 24 h: 66.66%; 8.33 × 66.66 / 90 = 6.17
    assert (repair["actual"], repair["score"]) == ("66.66%", 6.17)
    # August 2609.25元 (raw 94.35% → 0.65 points × 1% × 32.45万元 + one late repair 500元),
    # December 500元; ≤10000元 met: 8.35
    assert (deduction["actual"], deduction["score"]) == ("3109.25元", 8.35)
    assert "2021年8月2609.25元、2021年12月500元" in deduction["evidence"]
    assert (data["total"], data["grade"]) == (34.99, "差")


def test_video_conference_example_has_no_indicators_and_says_so(jixiao: Run) -> None:
    data = _json(jixiao, CONFERENCE)
    assert data["indicators"] == []
    assert _rules(data).count("empty-block") == 3
    assert "contract-schedule-unknown" in _rules(data)
    assert (data["total"], data["grade"]) == (10.0, "差")


def test_yanchi_example_scores_its_evidence(jixiao: Run, tmp_path: Path) -> None:
    """Every indicator is bound to the sample data; `jixiao examples load` puts it in the store."""
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data"), "JIXIAO_DEMO": "true"}  # where they go
    assert jixiao("examples", "load", EXAMPLES, env=env).returncode == 0
    result = jixiao("evaluate", "--json", YANCHI, env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rows = {r["name"]: r for r in data["indicators"]}
    assert all(r["evidence"] for r in data["indicators"])  # 12 of 12 rest on evidence
    online = rows["租赁视频服务在线率"]
    # 21 地网 devices: 175797.8 h online of 176040.0 h expected = 99.862…% → 99.86%,
    # 7.14 × 99.86 / 100 = 7.130 (it was 6.78 from the typed 95%).
    assert (online["actual"], online["score"]) == ("99.86%", 7.13)
    assert "assumption" in online["flags"]  # "100%" has no comparator: read as ≥
    assert rows["服务对象满意度"]["actual"] == "94.87%"  # 37 of 39 valid answers
    assert rows["租赁视频网络服务数量"]["actual"] == "16个小区"
    # The 雪亮 payment is dated only to 2021: counted on 12-31, a month after 2021-11-30.
    assert rows["“雪亮工程”网络安全升级项目资金支付完成时间"]["score"] == 6.53
    assert _rules(data).count("missing-evidence") == 0
    assert data["total"] == 99.38
    assert data["grade"] == "优"


def test_yanchi_example_without_its_sample_data_scores_what_the_file_holds(
    jixiao: Run, tmp_path: Path
) -> None:
    result = jixiao("evaluate", "--json", YANCHI, env={"JIXIAO_DATA_DIR": str(tmp_path)})
    data = json.loads(result.stdout)
    # The four measures of the file's own payments and contract still resolve (7.14 + 6.53 +
    # 7.14 + 7.16) with 预算执行率 10; the 8 resting on the store are unresolved.
    assert _rules(data).count("unresolved-evidence") == 8
    assert data["total"] == 37.97


def test_every_example_evaluates_as_a_table(jixiao: Run, tmp_path: Path) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):  # a bound example opens a store: a temporary one
        result = jixiao("evaluate", path, env={"JIXIAO_DATA_DIR": str(tmp_path)})
        assert result.returncode == 0, f"{path}: {result.stderr}"
        assert "项目支出绩效自评表" in result.stdout
        assert "总分" in result.stdout


def test_table_shows_funds_total_and_grade(jixiao: Run) -> None:
    result = jixiao("evaluate", WORKED)
    assert "年度资金总额" in result.stdout
    assert "92.61" in result.stdout
    assert "等级：优" in result.stdout
    assert "overshoot" in result.stdout


def _variant(tmp_path: Path, old: str, new: str, name: str = "variant.yaml") -> Path:
    text = WORKED.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old}"
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


BAD_INPUTS = [
    pytest.param(
        "level1: 满意度指标",
        "level1: 投入指标",
        ["indicators[7].level1", "投入指标", "产出指标、效益指标、满意度指标"],
        id="unknown-level-name",
    ),
    pytest.param(
        "预算执行率: 10}",
        "预算执行率: 5}",
        ["scoring.weights", "合计为95", "应为100", "少5"],
        id="weights-not-100",
    ),
    pytest.param(
        'target: "≥95%", actual: 96.2%',
        'target: "全面提升", actual: 96.2%',
        ["indicators[1].target", "全面提升", "定性:"],
        id="unparseable-target",
    ),
    pytest.param(
        "actual: 96.2%",
        "actual: 96.2个",
        ["indicators[1].actual", "单位不一致", "%", "个"],
        id="mismatched-units",
    ),
    pytest.param(
        "points: 10.5}",
        "points: 12}",
        ["indicators[6].actual.points", "[9, 12)"],
        id="grade-points-outside-band",
    ),
    pytest.param(
        "  budget: 180万元",
        "  budget: 180万员",
        ["funds.budget", "180万员", "64.638万元"],
        id="bad-amount",
    ),
    pytest.param(
        "  executed: 171万元",
        "  executed: 171万元\n  spent: 1",
        ["funds.spent", "未知字段", "executed"],
        id="unknown-field",
    ),
    pytest.param(
        "  year: 2023", "  year: 二〇二三", ["project.year", "应为整数"], id="year-not-a-number"
    ),
    pytest.param(
        "layout: mof-2020",
        "layout: mof-2019",
        ["project.layout", "mof-2020、mof-2021"],
        id="unknown-layout",
    ),
    pytest.param(
        "  reverse: ratio",
        "  reverse: ratio\n  reverse: linear",
        ["scoring.reverse", "重复"],
        id="duplicate-key",
    ),
    pytest.param("version: 1", "version: 2", ["version", "可选：1"], id="unsupported-version"),
]


@pytest.mark.parametrize(("old", "new", "expected"), BAD_INPUTS)
def test_bad_input_exits_2_with_a_chinese_message_naming_field_and_line(
    jixiao: Run, tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    path = _variant(tmp_path, old, new)
    result = jixiao("evaluate", path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"错误：{path} 第")
    for fragment in expected:
        assert fragment in result.stderr


def test_bad_input_message_gives_the_line_of_the_field(jixiao: Run, tmp_path: Path) -> None:
    path = _variant(tmp_path, "预算执行率: 10}", "预算执行率: 5}")
    line = next(
        i
        for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "weights:" in text
    )
    result = jixiao("evaluate", path)
    assert f"第{line}行" in result.stderr


def test_every_problem_in_a_file_is_reported_at_once(jixiao: Run, tmp_path: Path) -> None:
    path = _variant(tmp_path, "actual: 96.2%", "actual: 96.2个")
    text = path.read_text(encoding="utf-8").replace("  budget: 180万元", "  budget: 一百八十万美元")
    path.write_text(text, encoding="utf-8")
    result = jixiao("evaluate", path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert "funds.budget" in lines[0]  # sorted by line: funds come before indicators
    assert "indicators[1].actual" in lines[1]


def test_missing_file_exits_2_in_chinese(jixiao: Run, tmp_path: Path) -> None:
    result = jixiao("evaluate", tmp_path / "nope.yaml")
    assert result.returncode == 2
    assert "文件不存在" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_yaml_exits_2_naming_line_and_column(jixiao: Run, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("version: 1\nproject:\n  name: x\n   year: 2021\n", encoding="utf-8")
    result = jixiao("evaluate", path)
    assert result.returncode == 2
    assert "第4行" in result.stderr
    assert "第" in result.stderr and "列" in result.stderr
    assert "Traceback" not in result.stderr


def test_yaml_that_is_not_a_mapping_exits_2(jixiao: Run, tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    result = jixiao("evaluate", path)
    assert result.returncode == 2
    assert "顶层包含 version、project、funds、indicators" in result.stderr


def test_a_file_saved_as_gbk_is_read(jixiao: Run, tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(WORKED.read_text(encoding="utf-8").encode("gb18030"))
    data = _json(jixiao, path)
    assert data["total"] == 92.61


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["evaluat", "x"], "没有命令“evaluat”"),
        (["evaluate"], "缺少参数"),
        (["evaluate", "--jsn", "x"], "没有选项 --jsn"),
    ],
)
def test_usage_errors_exit_2_in_chinese(jixiao: Run, args: list[str], expected: str) -> None:
    result = jixiao(*args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
