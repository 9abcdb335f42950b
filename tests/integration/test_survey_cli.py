"""`jixiao survey import|result` end to end: CSV and XLSX answers, all or nothing, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import Run


@pytest.fixture
def run(jixiao: Run, tmp_path: Path) -> Run:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data")}
    return lambda *args: jixiao(*args, env=env)


def test_import_creates_the_survey_and_result_counts_valid_answers(
    run: Run, tmp_path: Path
) -> None:
    answers = tmp_path / "答卷.csv"
    answers.write_text(
        "序号,您对小区视频监控是否满意,意见\n1,满意,\n2,比较满意,很好\n3,5,\n4,一般,\n5,,\n",
        encoding="utf-8",
    )
    result = run("survey", "import", "群众满意度", answers, "--project", "地网工程")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "新建调查“群众满意度”：已导入5份答卷。"
    data = json.loads(run("survey", "result", "群众满意度", "--json").stdout)
    # 3 of the 4 valid answers (满意, 比较满意, 5) are satisfied; the blank is not valid.
    assert (data["responses"], data["valid"], data["satisfied"]) == (5, 4, 3)
    assert data["satisfaction"] == 0.75
    assert data["warning"] == "有效样本4份，少于30份，满意度仅供参考"


def test_an_answer_off_the_scale_stores_nothing(run: Run, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["画面质量", "故障修复"])
    sheet.append(["满意", 6])
    sheet.append(["非常满意", "满意"])
    path = tmp_path / "答卷.xlsx"
    book.save(path)
    result = run("survey", "import", "所队满意度", path)
    assert result.returncode == 2
    assert f"错误：{path} 第2行：故障修复：答案“6”不在五级量表内" in result.stderr
    assert f"错误：{path} 第3行：画面质量：答案“非常满意”不在五级量表内" in result.stderr
    missing = run("survey", "result", "所队满意度")
    assert missing.returncode == 2
    assert "没有名为“所队满意度”的满意度调查；已有：（无）" in missing.stderr


def test_loading_the_examples_twice_stores_the_sample_survey_once(
    jixiao: Run, tmp_path: Path
) -> None:
    from tests.conftest import EXAMPLES

    # The examples go into the demo store only: every command here works on it.
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data"), "JIXIAO_DEMO": "true"}
    for _ in range(2):
        loaded = jixiao("examples", "load", EXAMPLES, env=env)
        assert loaded.returncode == 0, loaded.stderr
    result = jixiao("survey", "result", "盐池县地网工程群众满意度调查", "--json", env=env)
    data = json.loads(result.stdout)
    # 40 made-up answers: 30 满意 + 7 比较满意 of 39 valid (one blank) = 94.87%.
    assert (data["responses"], data["valid"], data["satisfied"]) == (40, 39, 37)
