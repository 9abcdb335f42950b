"""`jixiao check` end to end: the three seed reports together, project files, and bad files."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WORKED, Run

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
SKYNET, CONFERENCE, YANCHI = (SEEDS / n for n in sorted(p.name for p in SEEDS.glob("*.txt")))

# What a careful reviewer finds in the seeds (see docs/checks.md); nothing more.
EXPECTED = {
    SKYNET.name: Counter(
        {
            "event-date-conflict": 1,  # 通过终验上线: 2018年12月28日 and 2019年1月1日
            "duration-mismatch": 1,  # 已正常运行2年10月, but the report covers all of 2021
            "indicator-no-target": 2,  # 质量 "满足在线率", 时效 "长期维护更新"
            "indicator-no-actual": 1,  # no indicator has an actual value
            "unsupported-claim": 1,  # 满意度100% without a survey
            "shared-boilerplate": 1,  # word for word with seed 002
            "conversion-debris": 1,  # [bookmark: _GoBack]
            "obligation-arrears": 1,  # 1168.2万元 due by 2021, 160万元 paid, "到位率100%"
        }
    ),
    CONFERENCE.name: Counter(
        {
            "no-indicators": 1,
            "unsupported-claim": 1,
            "foreign-project": 1,  # 政法队伍教育整顿工作经费
            "shared-boilerplate": 1,
            "conversion-debris": 1,
            "obligation-arrears": 1,  # 113.5585万元 cost, 50万元 paid, "到位率100%"
        }
    ),
    YANCHI.name: Counter(
        {
            "amount-unit-slip": 1,  # 64.638元 beside 64.638万元
            "indicator-no-actual": 2,  # 效益 (4) and 满意度 (1)
            "target-missed": 1,  # 在线率 95% against 100%
            "deadline-contradicted": 1,  # 2021年11月前 "如期完成", text: 截止12月
            "conversion-debris": 1,
            # "建立健全基层社会治理风险防范体系…" is both a 可持续影响 and a 满意度 indicator
            "indicator-duplicated": 1,
        }
    ),
}


def _check(jixiao: Run, *files: Path | str) -> dict[str, Any]:
    result = jixiao("check", "--json", *files)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _by_file(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {Path(f["file"]).name: f["findings"] for f in data["files"]}


def test_the_three_seeds_checked_together_find_what_a_reviewer_finds(jixiao: Run) -> None:
    found = _by_file(_check(jixiao, SKYNET, CONFERENCE, YANCHI))
    for name, expected in EXPECTED.items():
        assert Counter(f["rule"] for f in found[name]) == expected, name


def test_seed_findings_carry_the_figures_and_quotes(jixiao: Run) -> None:
    found = _by_file(_check(jixiao, SKYNET, CONFERENCE, YANCHI))
    messages = {name: " ".join(f["message"] for f in fs) for name, fs in found.items()}
    assert "欠付1008.2万元" in messages[SKYNET.name]
    assert "2018年12月28日、2019年1月1日" in messages[SKYNET.name]
    assert "政法队伍教育整顿工作经费" in messages[CONFERENCE.name]
    assert "欠付63.5585万元" in messages[CONFERENCE.name]
    assert "“64.638元”" in messages[YANCHI.name]
    slip = next(f for f in found[YANCHI.name] if f["rule"] == "amount-unit-slip")
    assert slip["location"].endswith("第111行")
    assert any("64.638元" in quote for quote in slip["evidence"])


def test_boilerplate_needs_the_other_report_in_the_same_run(jixiao: Run) -> None:
    alone = _by_file(_check(jixiao, SKYNET))[SKYNET.name]
    assert "shared-boilerplate" not in {f["rule"] for f in alone}


def test_a_file_given_twice_is_checked_once(jixiao: Run) -> None:
    data = _check(jixiao, SKYNET, SKYNET)
    (entry,) = data["files"]
    assert "shared-boilerplate" not in {f["rule"] for f in entry["findings"]}


def test_json_findings_have_the_contracts_fields(jixiao: Run) -> None:
    data = _check(jixiao, YANCHI)
    assert list(data) == ["files"]
    (entry,) = data["files"]
    assert set(entry) == {"file", "findings"}
    for finding in entry["findings"]:
        assert set(finding) == {"rule", "severity", "message", "evidence", "location"}
        assert finding["severity"] in ("error", "warning", "info")


def test_text_output_names_each_finding_in_chinese(jixiao: Run) -> None:
    result = jixiao("check", YANCHI)
    assert result.returncode == 0, result.stderr
    assert "[错误] deadline-contradicted" in result.stdout
    assert "▸" in result.stdout


def test_a_project_file_gets_its_evaluation_findings(jixiao: Run) -> None:
    (findings,) = _by_file(_check(jixiao, WORKED)).values()
    assert [f["rule"] for f in findings] == ["overshoot"]


def _weights_90(tmp_path: Path) -> Path:
    path = tmp_path / "weights.yaml"
    path.write_text(
        WORKED.read_text(encoding="utf-8").replace("满意度指标: 10,", "满意度指标: 0,"),
        encoding="utf-8",
    )
    return path


def test_project_file_scoring_errors_are_findings_not_refusals(tmp_path: Path, jixiao: Run) -> None:
    (findings,) = _by_file(_check(jixiao, _weights_90(tmp_path))).values()
    assert [f["rule"] for f in findings] == ["weights-not-100", "not-evaluated"]
    assert "合计90分" in findings[0]["message"]


def test_qualitative_points_outside_their_band_in_a_project_file(
    tmp_path: Path, jixiao: Run
) -> None:
    path = tmp_path / "band.yaml"
    path.write_text(
        WORKED.read_text(encoding="utf-8").replace("points: 10.5}", "points: 13}"),
        encoding="utf-8",
    )
    (findings,) = _by_file(_check(jixiao, path)).values()
    assert findings[0]["rule"] == "score-out-of-band"
    assert "[9, 12)" in findings[0]["message"]


def test_a_broken_project_file_is_refused(tmp_path: Path, jixiao: Run) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        WORKED.read_text(encoding="utf-8").replace("year: 2023", "year: 二〇二三"), encoding="utf-8"
    )
    result = jixiao("check", path)
    assert result.returncode == 2
    assert str(path) in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("empty.txt", b"", "空的"),
        ("garbage.txt", bytes(range(256)) * 8, "二进制"),
        ("noise.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8, "PDF"),
        ("plain.docx", "只是文字".encode(), "不是有效的 Word"),
        ("table.csv", b"a,b\n", "不支持的文件类型"),
    ],
)
def test_bad_files_exit_2_with_a_message_naming_them(
    tmp_path: Path, jixiao: Run, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = jixiao("check", path)
    assert result.returncode == 2
    assert str(path) in result.stderr and says in result.stderr
    assert "Traceback" not in result.stderr


def test_a_docx_that_is_a_zip_of_something_else(tmp_path: Path, jixiao: Run) -> None:
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.csv", "a,b\n1,2\n")
    result = jixiao("check", path)
    assert result.returncode == 2
    assert "word/document.xml" in result.stderr


def test_a_huge_file_is_refused_and_the_good_ones_still_checked(
    tmp_path: Path, jixiao: Run
) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    result = jixiao("check", "--json", YANCHI, huge)
    assert result.returncode == 2
    assert "过大" in result.stderr
    checked = json.loads(result.stdout)["files"]
    assert [Path(f["file"]).name for f in checked] == [YANCHI.name]


def test_checking_our_own_report_of_the_worked_example_finds_nothing(
    tmp_path: Path, jixiao: Run
) -> None:
    out = tmp_path / "worked.docx"
    made = jixiao("report", WORKED, "--format", "docx", "-o", out)
    if made.returncode == 2 and "没有命令" in made.stderr:
        pytest.skip("jixiao report not available yet")
    assert made.returncode == 0, made.stderr
    (findings,) = _by_file(_check(jixiao, out)).values()
    assert findings == []


def test_a_yaml_bomb_is_refused_with_the_limit_and_exit_2(jixiao: Run, tmp_path: Path) -> None:
    from tests.unit.adapters.test_bounded_input import LAUGHS

    path = tmp_path / "laughs.yaml"
    path.write_text(LAUGHS, encoding="utf-8")
    result = jixiao("check", path)
    assert result.returncode == 2, result.stderr
    assert "超过100,000个值" in result.stderr
    assert "Traceback" not in result.stderr
