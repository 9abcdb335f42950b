"""Target declarations: every rule fires on its defect and is quiet on a sound target."""

from __future__ import annotations

import pytest

from jixiao.adapters.projectfile import read_project
from jixiao.domain.declaration import check_declaration
from jixiao.domain.findings import Severity

HEAD = """version: 1
project: {name: 2022年天网运维, department: 某县公安局, implementer: 某县公安局, year: 2022}
funds: {initial_budget: 180万元}
indicators:
"""
BOUND = "actual: {measure: online_rate, group: 天网}"


def _rules(*rows: str) -> list[tuple[str, Severity]]:
    project = read_project(HEAD + "".join(f"  - {r}\n" for r in rows), "d.yaml")
    return [(f.rule, f.severity) for f in check_declaration(project)]


SOUND = [
    "{level1: 产出指标, level2: 数量指标, name: 维护点位数, target: ≥710路, " + BOUND + "}",
    "{level1: 产出指标, level2: 质量指标, name: 在线率, target: ≥95%, " + BOUND + "}",
    "{level1: 产出指标, level2: 时效指标, name: 修复时长, target: ≤24小时, " + BOUND + "}",
    "{level1: 产出指标, level2: 时效指标, name: 付款, target: 2022年11月30日, " + BOUND + "}",
    "{level1: 产出指标, level2: 成本指标, name: 运维费, target: ≤389.4万元, " + BOUND + "}",
    "{level1: 满意度指标, level2: 服务对象满意度指标, name: 满意度, target: ≥90%, " + BOUND + "}",
]


def test_sound_targets_are_quiet() -> None:
    assert _rules(*SOUND) == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "{level1: 产出指标, level2: 质量指标, name: 在线率, target: null, " + BOUND + "}",
            [("target-missing", Severity.ERROR)],
        ),
        (
            "{level1: 产出指标, level2: 数量指标, name: 故障数, target: ≥100, " + BOUND + "}",
            [("target-no-unit", Severity.ERROR)],
        ),
        (
            "{level1: 产出指标, level2: 质量指标, name: 在线率, target: 95%, " + BOUND + "}",
            [("target-ambiguous", Severity.WARNING)],
        ),
        (
            "{level1: 效益指标, level2: 社会效益指标, name: 治安, target: 定性:提升, "
            + BOUND
            + "}",
            [("target-qualitative", Severity.WARNING)],
        ),
        (
            "{level1: 满意度指标, level2: 服务对象满意度指标, name: 满意度, target: 定性:满意, "
            + BOUND
            + "}",
            [("target-qualitative", Severity.ERROR)],
        ),
        (
            "{level1: 产出指标, level2: 成本指标, name: 运维费, target: ≥180万元, " + BOUND + "}",
            [("cost-not-ceiling", Severity.ERROR)],
        ),
        (
            "{level1: 产出指标, level2: 数量指标, name: 资金支付率, target: ≥100%, " + BOUND + "}",
            [("level2-mismatch", Severity.ERROR)],
        ),
        (
            "{level1: 产出指标, level2: 数量指标, name: 设备采购, target: ≥50万元, " + BOUND + "}",
            [("level2-mismatch", Severity.ERROR)],
        ),
        (
            "{level1: 产出指标, level2: 时效指标, name: 及时, target: ≥95%, " + BOUND + "}",
            [("level2-mismatch", Severity.WARNING)],
        ),
        (
            "{level1: 产出指标, level2: 质量指标, name: 在线率, target: ≥95%}",
            [("target-no-evidence-source", Severity.WARNING)],
        ),
    ],
)
def test_each_defect_is_found(row: str, expected: list[tuple[str, Severity]]) -> None:
    assert _rules(row) == expected


def test_the_same_indicator_in_two_blocks_is_found_once() -> None:
    rows = [
        "{level1: 产出指标, level2: 质量指标, name: 视频在线率, target: ≥95%, " + BOUND + "}",
        "{level1: 效益指标, level2: 社会效益指标, name: “视频在线率”, target: ≥95%, " + BOUND + "}",
    ]
    assert _rules(*rows) == [("indicator-in-two-levels", Severity.ERROR)]
