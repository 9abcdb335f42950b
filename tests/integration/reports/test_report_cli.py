"""`jixiao report`: formats, an edited wording template, and bad input (exit 2, Chinese)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.adapters.reports.narrative import DEFAULT_TEMPLATE
from tests.conftest import WORKED, Run


def test_report_writes_markdown_to_the_named_file(jixiao: Run, tmp_path: Path) -> None:
    out = tmp_path / "worked.md"
    result = jixiao("report", WORKED, "--format", "md", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "总分92.61分，评价等级为“优”" in out.read_text(encoding="utf-8")


def test_an_edited_template_changes_the_wording_and_keeps_the_figures(
    jixiao: Run, tmp_path: Path
) -> None:
    template = tmp_path / "mine.md.j2"
    text = DEFAULT_TEMPLATE.read_text(encoding="utf-8").replace(
        "经自评，该项目", "经本局自评，该项目"
    )
    template.write_text(text, encoding="utf-8")
    out = tmp_path / "worked.docx"
    result = jixiao("report", WORKED, "-f", "docx", "-o", out, "--template", template)
    assert result.returncode == 0, result.stderr
    from docx import Document

    body = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "经本局自评，该项目2023年度绩效自评总分92.61分" in body


def test_a_broken_template_exits_2_naming_its_line(jixiao: Run, tmp_path: Path) -> None:
    template = tmp_path / "broken.md.j2"
    template.write_text(
        "# {{ r.title }}\n\n{% for x in r.blocks %}\n没有结束的循环\n", encoding="utf-8"
    )
    result = jixiao("report", WORKED, "-f", "md", "-o", tmp_path / "x.md", "--template", template)
    assert result.returncode == 2
    assert "模板语法错误" in result.stderr
    assert "第" in result.stderr and "Traceback" not in result.stderr


def test_a_template_using_unknown_data_exits_2(jixiao: Run, tmp_path: Path) -> None:
    template = tmp_path / "unknown.md.j2"
    template.write_text("# {{ r.no_such_field }}\n", encoding="utf-8")
    result = jixiao("report", WORKED, "-f", "md", "-o", tmp_path / "x.md", "--template", template)
    assert result.returncode == 2
    assert "模板引用了不存在的数据" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-f", "pfd"], "未知的格式“pfd”；可选：docx、xlsx、pdf、md"),
        ([], "请用 --format 指定格式"),
        (["-o", "out.txt"], "请用 --format 指定格式"),  # an extension that is no format
        (["-f", "docx", "-o", "out.pdf"], "输出文件扩展名应为 .docx"),
        (["-f", "md", "--template", "nope.j2"], "--template 指定的文件不存在"),
    ],
)
def test_report_bad_options_exit_2_in_chinese(
    jixiao: Run, tmp_path: Path, args: list[str], expected: str
) -> None:
    result = jixiao("report", WORKED, *args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_the_output_file_extension_says_the_format(jixiao: Run, tmp_path: Path) -> None:
    out = tmp_path / "自评报告.md"
    result = jixiao("report", WORKED, "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("# 2023年天网工程运维经费绩效自评报告")
