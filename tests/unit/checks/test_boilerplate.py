"""Boilerplate shared with other reports of the run, and conversion debris."""

from __future__ import annotations

from tests.unit.checks.reports import BOILERPLATE, run

A = "某县公安局\n天网工程运维经费绩效自评报告\n"
B = "某县公安局\n视频会议系统升级改造经费绩效自评报告\n"


def test_paragraphs_shared_word_for_word_are_listed_with_the_other_report() -> None:
    (finding,) = run("shared-boilerplate", A + BOILERPLATE, [B + "1." + BOILERPLATE])
    assert "other0.txt" in finding.message
    assert len(finding.evidence) == 2


def test_a_few_short_template_lines_are_not_boilerplate() -> None:
    lines = "满意度指标（10分）：未设置三级指标。\n（单位未填写偏差原因分析及改进措施。）"
    assert run("shared-boilerplate", A + lines, [B + lines]) == []


def test_score_sheet_criteria_written_as_table_lines_are_the_frameworks_not_copied() -> None:
    criteria = (
        "立项依据充分性 | 有关法律法规的明确规定;某一经济社会发展规划;某部门年度工作计划;某一实际问题和需求 |\n"
        "符合法律法规(1分) 符合经济社会发展规划(1分) 部门年度工作计划(1分) 针对某一实际问题和需求(1分) |\n"
        "资金分配合理性 | 根据需要制定的相关资金管理办法;管理办法中有明确资金分配办法;资金分配因素全面、合理 |\n"
        "项目符合申报条件;申报、批复程序符合相关管理办法;项目调整履行了相应手续 |\n"
    )
    assert run("shared-boilerplate", A + criteria, [B + criteria]) == []
    rows = "\n".join(f"{line} |" for line in BOILERPLATE.splitlines() if line)
    assert run("shared-boilerplate", A + rows, [B + "1." + rows]) == []
    assert len(run("shared-boilerplate", A + BOILERPLATE, [B + "1." + BOILERPLATE])) == 1


def test_a_report_alone_has_no_boilerplate_to_share() -> None:
    assert run("shared-boilerplate", A + BOILERPLATE) == []


def test_debris_in_paragraphs_and_cells_is_listed() -> None:
    text = (
        A
        + "[bookmark: _GoBack]财政局：\n一级指标\t二级指标 PAGEREF _Toc123 \\h\t三级指标\n产出\t数量\t点位"
    )
    (finding,) = run("conversion-debris", text)
    assert len(finding.evidence) == 2


def test_the_same_report_twice_is_one_note_not_copied_prose() -> None:
    text = A + BOILERPLATE
    assert run("shared-boilerplate", text, [text + "\n"]) == []
    (note,) = run("same-report", text, [text + "\n"])
    assert note.severity.value == "info" and "other0.txt" in note.message
    assert "全文相同（100%" in note.message and note.location == "全文"


def test_two_reports_sharing_boilerplate_are_not_the_same_report() -> None:
    assert run("same-report", A + BOILERPLATE, [B + "1." + BOILERPLATE]) == []


def test_pinyin_left_by_a_mirroring_converter_is_debris() -> None:
    text = A + "項(xiàng)目名稱：衛(wèi)片執(zhí)法補助經費\n（单价(元)与数量(个)不是注音）"
    (finding,) = run("conversion-debris", text)
    assert len(finding.evidence) == 3
    assert any("執(zhí)法" in e for e in finding.evidence)
    assert run("conversion-debris", A + "单价(元)、数量(个)、比例(%)") == []
