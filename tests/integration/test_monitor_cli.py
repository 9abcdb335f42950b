"""`jixiao monitor`: the mid-year monitoring of a project file, as JSON and as bad input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SKYNET, Run


def test_monitoring_the_skynet_example_at_the_end_of_july(jixiao: Run) -> None:
    result = jixiao("monitor", SKYNET, "--as-of", "2021-07-31", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["executed"], out["execution_rate"], out["checkpoint"]) == (
        0.0,
        0.0,
        {"month": 6, "share": 0.4},
    )
    assert out["warnings"][0] == "预算执行进度预警：截至6月底应执行40%，实际执行0%（已支付0万元）"
    assert out["uncertain_payments"] == [{"date": "2021年", "amount": 1_000_000.0}]
    assert {"progress", "forecast", "likelihood"} <= set(out["indicators"][0])


def test_thresholds_are_configurable(jixiao: Run) -> None:
    result = jixiao(
        "monitor", SKYNET, "--as-of", "2021-07-31", "--thresholds", "3:10,7:0", "--json"
    )
    out = json.loads(result.stdout)
    assert out["checkpoint"] == {"month": 7, "share": 0.0}
    assert not any(w.startswith("预算执行进度预警") for w in out["warnings"])


def test_bad_dates_and_thresholds_are_bad_input(jixiao: Run) -> None:
    bad_date = jixiao("monitor", SKYNET, "--as-of", "2021-13-01")
    assert bad_date.returncode == 2 and "--as-of" in bad_date.stderr
    bad_table = jixiao("monitor", SKYNET, "--as-of", "2021-07-31", "--thresholds", "13:50")
    assert bad_table.returncode == 2 and "--thresholds" in bad_table.stderr


def test_the_next_year_of_the_skynet_example_evaluates(jixiao: Run, tmp_path: Path) -> None:
    out = tmp_path / "2022.yaml"
    made = jixiao("project", "next", SKYNET, "-o", out)
    assert made.returncode == 0, made.stderr
    assert "2022年度项目文件" in made.stdout
    evaluated = json.loads(jixiao("evaluate", "--json", out).stdout)
    assert evaluated["project"]["year"] == 2022
    [contract] = evaluated["funds"]["contracts"]
    # 60万 paid before 2021 + 100万 in 2021; by 2022-12-31, 48 of 120 instalments are due
    assert (contract["paid"]["wan"], contract["due"]["wan"]) == ("160", "1557.6")
    again = jixiao("project", "next", SKYNET, "-o", out)
    assert again.returncode == 2 and "--force" in again.stderr
