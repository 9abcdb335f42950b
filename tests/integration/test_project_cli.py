"""`jixiao project create|set|add-indicator|move-indicator|remove-indicator|delete`: the web
app's project editing from the command line, on the same use cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import WORKED, Run

NAME = "2023年天网工程运维经费"


@pytest.fixture
def run(jixiao: Run, tmp_path: Path) -> Run:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data")}

    def call(*args: str | Path) -> object:
        return jixiao(*args, env=env)

    return call  # type: ignore[return-value]


def _names(run: Run, tmp_path: Path, name: str, year: str) -> list[str]:
    out = tmp_path / "out.yaml"
    assert run("project", "export", name, "--year", year, "-o", out).returncode == 0
    data = json.loads(run("evaluate", "--json", out).stdout)
    return [row["name"] for row in data["indicators"]]


def test_a_project_made_from_a_template_then_corrected(run: Run, tmp_path: Path) -> None:
    listed = run("project", "templates")
    assert listed.returncode == 0 and "tianwang-om\t天网工程运维\t7个指标" in listed.stdout
    made = run(
        "project", "create", "天网运维", "--year", "2022", "--budget", "389.4",
        "--template", "tianwang-om",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "“天网运维”（2022年度）：7个指标" in made.stdout
    again = run("project", "create", "天网运维", "--year", "2022", "--budget", "1")
    assert again.returncode != 0 and "已有项目“天网运维”（2022年度）" in again.stderr
    renamed = run("project", "set", "天网运维", "--year", "2022", "--name", "天网工程运维费")
    assert renamed.returncode == 0, renamed.stderr
    added = run(
        "project", "add-indicator", "天网工程运维费", "--year", "2022", "--level1", "产出",
        "--level2", "数量", "--indicator", "新增点位", "--target", "≥10个",
    )  # fmt: skip
    assert added.returncode == 0 and "8个指标" in added.stdout
    moved = run("project", "move-indicator", "天网工程运维费", "8", "1", "--year", "2022")
    assert moved.returncode == 0
    assert _names(run, tmp_path, "天网工程运维费", "2022")[0] == "新增点位"
    removed = run("project", "remove-indicator", "天网工程运维费", "1", "--year", "2022")
    assert removed.returncode == 0 and "7个指标" in removed.stdout
    bad = run(
        "project", "add-indicator", "天网工程运维费", "--year", "2022", "--level1", "产出",
        "--level2", "好坏", "--indicator", "x",
    )  # fmt: skip
    assert bad.returncode == 2 and "二级指标" in bad.stderr
    gone = run("project", "delete", "天网工程运维费", "--year", "2022", "--reason", "试用")
    assert gone.returncode == 0 and "已删除项目天网工程运维费（2022）" in gone.stdout


def test_next_years_project_from_the_stored_one(run: Run, tmp_path: Path) -> None:
    assert run("project", "import", WORKED).returncode == 0
    made = run("project", "create", "", "--year", "2024", "--from", NAME, "--from-year", "2023")
    assert made.returncode == 0, made.stderr
    assert f"“{NAME}”（2024年度）：8个指标" in made.stdout
    missing = run("project", "create", "", "--year", "2024", "--from-year", "2020")
    assert missing.returncode != 0 and "没有项目" in missing.stderr
