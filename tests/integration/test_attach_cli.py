"""`jixiao attach` end to end, and an indicator citing the attached document in `evaluate`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import Run

PDF = b"%PDF-1.4\n% sample\n"
PROJECT = """\
version: 1
project: {name: 雪亮工程, year: 2021}
funds: {initial_budget: 10万元, executed: 10万元}
indicators:
  - {level1: 产出, level2: 质量, name: 通过等保二级, target: 100%,
     actual: {value: 100%, documents: [TITLE]}}
  - {level1: 效益, level2: 社会效益, name: 提升网络安全等级, target: "定性:全面提升",
     actual: {grade: 达成年度指标, documents: [TITLE]}}
  - {level1: 满意度, level2: 服务对象满意度, name: 满意度, target: "≥90%", actual: 95%}
"""


@pytest.fixture
def run(jixiao: Run, tmp_path: Path) -> Run:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data")}
    return lambda *args: jixiao(*args, env=env)


def test_an_attached_report_is_stored_by_hash_and_cited(run: Run, tmp_path: Path) -> None:
    report = tmp_path / "测评报告.pdf"
    report.write_bytes(PDF)
    sha = hashlib.sha256(PDF).hexdigest()
    result = run(
        "attach", report, "--project", "雪亮工程", "--kind", "等保测评报告",
        "--title", "等保二级测评报告", "--issuer", "测评中心", "--date", "2021-10-20",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"已附上项目“雪亮工程”的等保测评报告《等保二级测评报告》（pdf，{len(PDF)}字节，SHA-256 {sha}）。"
    )
    assert (tmp_path / "data" / "attachments" / sha[:2] / sha).read_bytes() == PDF
    project = tmp_path / "p.yaml"
    project.write_text(PROJECT.replace("TITLE", "等保二级测评报告"), encoding="utf-8")
    data = json.loads(run("evaluate", project, "--json").stdout)
    rows = data["indicators"]
    cited = f"《等保二级测评报告》（等保测评报告，测评中心，2021-10-20；SHA-256 {sha}）"
    assert cited in rows[0]["working"] and cited in rows[1]["working"]
    assert [r["score"] for r in rows[:2]] == [50, 30]
    assert "grade-without-document" not in {f["rule"] for f in data["findings"]}


def test_a_cited_title_not_attached_scores_zero(run: Run, tmp_path: Path) -> None:
    project = tmp_path / "p.yaml"
    project.write_text(PROJECT.replace("TITLE", "验收报告"), encoding="utf-8")
    data = json.loads(run("evaluate", project, "--json").stdout)
    assert [r["score"] for r in data["indicators"][:2]] == [0, 0]
    assert "项目“雪亮工程”尚未附上名为《验收报告》的证明材料" in data["indicators"][0]["working"]


def test_too_large_or_a_disallowed_type_is_refused_and_nothing_kept(
    run: Run, tmp_path: Path
) -> None:
    large = tmp_path / "大.pdf"
    large.write_bytes(b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    result = run("attach", large, "--project", "p", "--kind", "照片", "--title", "大")
    assert result.returncode == 2
    assert "超过20MB的上限" in result.stderr
    text = tmp_path / "伪装.pdf"
    text.write_text("这不是PDF", encoding="utf-8")
    result = run("attach", text, "--project", "p", "--kind", "照片", "--title", "伪装")
    assert result.returncode == 2
    assert "不支持的文件类型（按文件内容识别）" in result.stderr
    assert not (tmp_path / "data" / "attachments").exists()
