"""Indicators: read from tables and text lists; targets, actuals and claims checked."""

from __future__ import annotations

from tests.unit.checks.reports import T, facts_of, run

HEAD = "某县公安局\n2021年项目资金绩效自评报告\n一、项目绩效目标\n"
TEXT_LIST = (
    "包含1.数量指标：对已建成的710路监控进行维护。2.质量指标：确保辖区天网系统正常运行，满足在线率。"
    "3.成本指标：每年需支付389.4万元。4.可持续影响指标：天网工程可利用年限≥10年。"
)
# Word's "save as text": one cell per line, a tab before every cell but the first, a blank
# line after each row; merged 一级/二级 cells come out empty below their first row.
FLATTENED = "\n".join(
    [
        "指标值与实际完成值对比表",
        "\t一级",
        "指标",
        "\t二级指标",
        "\t三级指标",
        "\t年度指标值（A）",
        "\t全年实际值（B）",
        "\t完成情况",
        "",
        "\t产",
        "出",
        "指",
        "标",
        "\t质量指标",
        "\t指标1.租赁视频服务在线率",
        "\t100%",
        "\t95%",
        "\t95%",
        "",
        "\t",
        "\t",
        "\t指标2.等级保护二级检测",
        "\t100%",
        "\t100%",
        "\t100%",
        "",
        "",
        "二、效益",
    ]
)


def test_indicators_listed_in_a_sentence_get_the_figure_they_state() -> None:
    facts = facts_of(HEAD + TEXT_LIST)
    read = [(i.level1, i.level2, i.target_raw) for i in facts.indicators]
    assert read == [
        ("产出指标", "数量指标", "710路"),
        ("产出指标", "质量指标", None),
        ("产出指标", "成本指标", "389.4万元"),
        ("效益指标", "可持续影响指标", "≥10年"),
    ]


def test_a_flattened_table_keeps_its_merged_cells_and_values() -> None:
    facts = facts_of(HEAD + FLATTENED)
    read = [(i.level1, i.level2, i.name, i.target_raw, i.actual_raw) for i in facts.indicators]
    assert read == [
        ("产出指标", "质量指标", "租赁视频服务在线率", "100%", "95%"),
        ("产出指标", "质量指标", "等级保护二级检测", "100%", "100%"),
    ]


def test_a_quality_indicator_without_a_figure_has_no_measurable_target() -> None:
    (finding,) = run("indicator-no-target", HEAD + TEXT_LIST)
    assert "满足在线率" in finding.message


def test_a_qualitative_benefit_indicator_is_allowed() -> None:
    table = "\n".join(
        [
            T.join(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"]),
            T.join(["效益指标", "社会效益指标", "提升机房网络安全等级", "全面提升", "达成"]),
        ]
    )
    assert run("indicator-no-target", HEAD + table) == []


def test_a_report_with_no_actual_at_all_gets_one_finding() -> None:
    (finding,) = run("indicator-no-actual", HEAD + TEXT_LIST)
    assert finding.message.startswith("4个绩效指标都没有实际完成值")


def test_text_repeating_the_target_is_not_a_contradiction() -> None:
    table = "\n".join(
        [
            T.join(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"]),
            T.join(["产出指标", "质量指标", "视频点位在线率", "≥95%", "96%"]),
        ]
    )
    text = HEAD + table + "\n目标是在线率达到95%，全年在线率为96%。"
    assert run("actual-contradicts-text", text) == []
    assert (
        len(run("actual-contradicts-text", text.replace("全年在线率为96%", "全年在线率为99%"))) == 1
    )


def test_two_tables_giving_different_targets_are_reported() -> None:
    header = T.join(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"])
    first = header + "\n" + T.join(["产出指标", "质量指标", "视频点位在线率", "≥95%", ""])
    second = header + "\n" + T.join(["产出指标", "质量指标", "视频点位在线率", "≥90%", "96%"])
    (finding,) = run("actual-contradicts-text", HEAD + first + "\n说明\n" + second)
    assert "前后不一" in finding.message


def test_a_shortfall_scored_below_its_points_is_settled() -> None:
    header = T.join(
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    )
    scored = T.join(["产出指标", "质量指标", "视频点位在线率", "≥95%", "90%", "10", "9.47"])
    full = T.join(["产出指标", "质量指标", "视频点位在线率", "≥95%", "90%", "10", "10"])
    assert run("target-missed", HEAD + header + "\n" + scored) == []
    (finding,) = run("target-missed", HEAD + header + "\n" + full)
    assert finding.severity.value == "warning"


def test_satisfaction_claim_with_basically_satisfied_is_quoted() -> None:
    text = HEAD + "基本实现了群众及单位职工基本满意及以上。\n项目执行率100%，满意度100%。"
    (finding,) = run("unsupported-claim", text)
    assert "满意度100%" in finding.message
    assert any("基本满意" in e for e in finding.evidence)


def test_survey_words_in_boilerplate_do_not_count_as_a_survey() -> None:
    text = HEAD + "在进行调查研究的基础上，充分论证项目立项的必要性。\n满意度100%。"
    assert len(run("unsupported-claim", text)) == 1


def test_an_indicator_heading_on_a_line_of_its_own_takes_the_next_line() -> None:
    # shape: "(1)数量指标:" then the indicator under it, one line each
    listed = HEAD + "\n".join(
        ["(1)数量指标:", "维护监控点位710路;", "(2)质量指标:", "(3)时效指标:", "12月底前完成维护。"]
    )
    facts = facts_of(listed)
    named = [(f.level2, f.name, f.target_raw) for f in facts.indicators]
    # the 质量 heading has nothing under it but the next heading: no indicator
    assert named == [
        ("数量指标", "维护监控点位710路", "710路"),
        ("时效指标", "12月底前完成维护", None),
    ]


def test_an_online_rate_of_100_percent_needs_a_source() -> None:
    assert len(run("unsupported-claim", HEAD + "全年视频在线率100%。")) == 1
    assert run("unsupported-claim", HEAD + "经平台监测，全年视频在线率100%。") == []
    # a rate no monitoring system measures is not taken for a claim of one
    assert run("unsupported-claim", HEAD + "严格依照法律规定,认真办案,办案准确率达100%。") == []


def test_a_deadline_met_by_the_texts_own_date_is_quiet() -> None:
    table = "\n".join(
        [
            T.join(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"]),
            T.join(["产出指标", "时效指标", "资金支付完成时间", "2021年11月前", "如期完成"]),
        ]
    )
    early = HEAD + table + "\n该项目于2021年1月开始实施，截止10月资金全部支付完成。"
    late = early.replace("截止10月", "截止12月")
    assert run("deadline-contradicted", early) == []
    (finding,) = run("deadline-contradicted", late)
    assert "12月" in finding.message and "2021-11-30" in finding.message


def test_merged_level_cells_fill_down_even_in_a_layout_of_their_own() -> None:
    """An older four-block table (项目产出/项目效益): names kept as written, merged cells filled."""
    table = "\n".join(
        [
            T.join(["一级指标", "二级指标", "三级指标", "指标值", "实际值"]),
            T.join(["项目产出", "产出数量", "维护点位数", "≥700路", "710路"]),
            T.join(["", "", "新增点位数", "≥20路", "20路"]),
            T.join(["", "产出质量", "在线率", "≥95%", "96%"]),
        ]
    )
    facts = facts_of(HEAD + table)
    assert [(i.level1, i.level2, i.name) for i in facts.indicators] == [
        ("项目产出", "产出数量", "维护点位数"),
        ("项目产出", "产出数量", "新增点位数"),
        ("项目产出", "产出质量", "在线率"),
    ]


def test_a_listed_indicator_takes_any_comparator_the_target_reader_knows() -> None:
    """The comparator words and unit words are the target reader's own lists: 至少 and 秒
    were missing from a copy here and left the figure unread."""
    text = (
        "包含1.时效指标：故障响应时间不超过30秒。2.数量指标：巡检至少12次，覆盖16个小区。"
        "3.质量指标：不低于95%。"
    )
    facts = facts_of(HEAD + text)
    assert [i.target_raw for i in facts.indicators] == ["不超过30秒", "至少12次", "不低于95%"]
    assert [str(i.target) for i in facts.indicators] == ["≤30秒", "≥12次", "≥95%"]


def test_a_row_one_column_off_is_no_missing_target() -> None:
    """An unnamed 指标解释 column pushes the target into the actual's place: the words in the
    target's place are the indicator's definition, not a target in words."""
    header = T.join(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"])
    shifted = T.join(["产出指标", "质量指标", "验收合格率", "验收合格项目占全部项目的比例", "≥95%"])
    assert run("indicator-no-target", HEAD + header + "\n" + shifted) == []
    words = T.join(["产出指标", "质量指标", "验收合格率", "验收合格项目占全部项目的比例", "96%"])
    assert len(run("indicator-no-target", HEAD + header + "\n" + words)) == 1


def test_a_label_merged_across_the_row_is_no_indicator() -> None:
    header = T.join(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"])
    rows = [
        T.join(["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%"]),
        T.join(["预算执行率", "预算执行率", "预算执行率", "预算执行率", "预算执行率"]),
    ]
    facts = facts_of(HEAD + "\n".join([header, *rows]))
    assert [i.name for i in facts.indicators] == ["群众满意度"]
    assert run("indicator-no-actual", HEAD + "\n".join([header, *rows])) == []


def test_a_table_read_with_notes_is_not_checked_for_missing_values() -> None:
    """ "9 8 7" fits no column of the first row: the reader notes it, and the rows around it
    may have lost the very values the absence rules would miss."""
    noted = (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
        "产出指标 数量指标 维护点位数 ≥500个 520个 10 10 9 8 7 "
        "质量指标 在线率 ≥95%"
    )
    assert run("indicator-no-actual", HEAD + noted) == []
    (unread,) = run("table-unreadable", HEAD + noted)
    assert unread.severity == "info" and "未能读出" in unread.message
    clean = (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
        "产出指标 数量指标 维护点位数 ≥500个 520个 10 10 "
        "质量指标 在线率 ≥95%"
    )
    assert len(run("indicator-no-actual", HEAD + clean)) == 1
    assert run("table-unreadable", HEAD + clean) == []


def test_a_table_without_any_actual_quotes_its_rows_as_written() -> None:
    header = T.join(["一级指标", "二级指标", "三级指标", "年度指标值", "分值"])
    rows = [
        T.join(["产出指标", "数量指标", "培训人数", "≥200人", "30"]),
        T.join(["效益指标", "社会效益指标", "就业率", "≥80%", "40"]),
    ]
    (finding,) = run("indicator-no-actual", HEAD + "\n".join([header, *rows]))
    assert finding.evidence == ("培训人数 ≥200人 30", "就业率 ≥80% 40")


def test_a_row_left_blank_in_a_table_of_actuals_is_one_missing_actual() -> None:
    # real: 209 (a 社会效益 row with only its name), 218 (“三公”经费变动率 with only its unit)
    table = "\n".join(
        [
            T.join(
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
            ),
            T.join(["产出指标", "数量指标", "图书借阅人次", "≥30万人次", "32万人次", "20", "20"]),
            T.join(
                ["效益指标", "社会效益指标", "促进文化经济发展,丰富市民文化活动", "", "", "", ""]
            ),
        ]
    )
    assert run("indicator-no-target", HEAD + table) == []
    (finding,) = run("indicator-no-actual", HEAD + table)
    assert "促进文化经济发展,丰富市民文化活动" in finding.message
    # a 成本 row left blank lacks the measurable target an output or cost must state, too
    cost = table + "\n" + T.join(["产出指标", "成本指标", "指标2.抽验平均标准", "", "", "", ""])
    (finding,) = run("indicator-no-target", HEAD + cost)
    assert "指标2.抽验平均标准" in finding.evidence[0]


def test_a_short_numbered_sentence_stating_a_figure_is_body_text_not_a_heading() -> None:
    # real: 204 ("3.满意度指标全部完成,全面完成指标任务,群众满意度90%", 29 characters)
    from jixiao.domain.reading.text import heading_level

    assert heading_level("3.满意度指标全部完成,全面完成指标任务,群众满意度90%") is None
    assert heading_level("3.满意度指标完成情况") == 3
    (finding,) = run(
        "unsupported-claim", HEAD + "3.满意度指标全部完成,全面完成指标任务,群众满意度90%\n"
    )
    assert "群众满意度90%" in finding.message


def test_a_ceiling_exceeded_and_scored_in_full_is_reported_in_its_units() -> None:
    header = T.join(
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    )

    def row(target: str, actual: str) -> str:
        return T.join(["产出指标", "质量指标", "临时救助标准", target, actual, "10", "10"])

    (finding,) = run("target-missed", HEAD + header + "\n" + row("<=5300元/户", "5830元/户"))
    assert "超过上限（为上限的110%）" in finding.message
    assert finding.severity.value == "warning"
    # within the ceiling, in another size of the same unit, or per another thing: nothing
    assert run("target-missed", HEAD + header + "\n" + row("≤5300元/户", "0.52万元/户")) == []
    assert run("target-missed", HEAD + header + "\n" + row("≤5300元/户", "5830元/人")) == []
    # a floor compared in converted units: 2万元 is 20000元, above 15000元
    assert len(run("target-missed", HEAD + header + "\n" + row("≥2万元", "15000元"))) == 1
    assert run("target-missed", HEAD + header + "\n" + row("≥1万元", "15000元")) == []


def test_a_rate_beside_the_amounts_it_comes_from_is_arithmetic_not_a_claim() -> None:
    # a mirror-converted page: traditional 萬 and pinyin debris cutting "執(zhí)行率" to "行率"
    text = HEAD + "專項經費預算10萬元,實際支出10萬元,執(zhí)行率100%。"
    assert run("unsupported-claim", text) == []
    assert len(run("unsupported-claim", HEAD + "设备运行正常,在线率100%。")) == 1


def test_a_goal_stating_a_rate_is_a_target_not_a_claim() -> None:
    assert run("unsupported-claim", HEAD + "目标3:提高视频监控运行水平,在线率达100%\n") == []
    assert len(run("unsupported-claim", HEAD + "视频监控运行水平提高,在线率达100%\n")) == 1


def test_a_rate_in_a_row_of_the_table_read_or_in_a_form_run_into_a_line_is_no_claim() -> None:
    """The line "指标8.培训人员覆盖率 100% 100%" is a row of the 自评表 the reader read; an
    OCR'd form run into one line carries the table's header words: neither is prose."""
    table = "\n".join(
        [
            "一级指标 二级指标 三级指标 指标值 完成值",
            "产出指标 质量指标 指标1.抽检完成率 100% 100%",
            "指标8.培训人员覆盖率 100% 100%",
        ]
    )
    assert run("unsupported-claim", HEAD + table) == []
    ocr = "自评表 一级指标二级指标三级指标 实际完成值 得分 质量指标渔船补贴发放率100%100%10"
    assert run("unsupported-claim", HEAD + ocr) == []


def test_a_target_written_as_done_is_no_target_and_numbered_names_are_quoted_as_written() -> None:
    """ "已完成" in the 指标值 column says what happened, not what was to be done. The finding
    quotes the row's name with its numbering ("指标1:"), as the form writes it."""
    table = "\n".join(
        [
            "一级指标 二级指标 三级指标 年度指标值 实际完成值",
            "产出指标 质量指标 指标1:监管人员培训 已完成 已完成",
            "指标2:违法案件查办率 100% 100%",
        ]
    )
    (finding,) = run("indicator-no-target", HEAD + table)
    assert "已完成" in finding.message and "指标1:监管人员培训" in finding.evidence[0]
    planned = table.replace("已完成 已完成", "完成培训 已完成")
    assert run("indicator-no-target", HEAD + planned) == []


def test_a_direction_as_target_repeated_as_the_actual_measures_nothing() -> None:
    table = "\n".join(
        [
            "一级指标 二级指标 三级指标 年度指标值 实际完成值",
            "效益指标 社会效益指标 指标2:公众科普知识素养 逐步提高 逐步提高",
            "指标3:执法办案效率 有所提升 明显提升",
        ]
    )
    (finding,) = run("indicator-no-target", HEAD + table)
    assert "指标2:公众科普知识素养" in finding.evidence[0] and "逐步提高" in finding.message


def test_a_row_the_text_ends_in_before_its_closing_bar_is_not_missing_its_actual() -> None:
    # shape: html-text rows closed by "|"; the copy stops inside the last one, after its
    # target ("质量指标 | 医疗救助合规率 | 100" and no more)
    header = "二级指标 | 三级指标 | 指标值 | 全年实际完成值 | 未完成原因 | |"
    done = "数量指标 | 享受医疗救助人次 | ≥50000人次 | 110406人次 | |||"
    cut = "质量指标 | 医疗救助合规率 | 100%"
    assert run("indicator-no-actual", HEAD + "\n".join([header, done, cut])) == []
    closed = HEAD + "\n".join([header, done, cut + " | | |"])
    (finding,) = run("indicator-no-actual", closed)
    assert "医疗救助合规率" in finding.message


def test_a_rate_in_a_row_of_an_indicator_list_is_a_target_not_a_claim() -> None:
    # shape: an 指标表 with 目标值 only, its rows run into lines ("成本指标资助标准达标率100%20")
    row = HEAD + "产出数量指标维护点位数达到预计值210010\n质量指标设备完好率100%20\n总分"
    assert run("unsupported-claim", row) == []
    said = HEAD + "本年度设备完好率100%。"
    assert len(run("unsupported-claim", said)) == 1


def test_a_satisfaction_claim_is_quoted_with_the_figure_written_after_it() -> None:
    # shape: a form run into one line: name, target, actual ("演出人员满意度100%100%2020")
    # after 90 characters of the line, past what the sentence's own quote shows
    cells = (
        "2、灯光、道具、服装 质量等合格合格2020指标2:时效指标指标1:指标2: 成本指标演出设备成本" * 2
    )
    line = HEAD + cells + "满意度指标服务对象满意度指标演出人员满意度100%100%2020指标2:总分100"
    findings = run("unsupported-claim", line)
    assert any("演出人员满意度100%100%" in e for f in findings for e in f.evidence)


# 211: a 完成情况 section that reports each indicator with its completion rate.
COMPLETION_PROSE = "\n".join(
    [
        "2022年度公共文化服务体系建设经费绩效自评报告",
        "(二)绩效目标完成情况",
        "1.产出指标完成情况",
        "数量指标:平均每个农家书屋开展阅读活动数量4次,指标完成率100%,数字资源补充50000册,指标完成率100%。",
        "质量指标:公共数字文化服务参与率逐年提升,指标完成率100%。",
    ]
)


def test_prose_indicators_reporting_their_completion_have_an_actual() -> None:
    assert run("indicator-no-actual", COMPLETION_PROSE) == []
    # under a 完成情况 heading the sentence's figure is what was done, with or without a rate
    bare = COMPLETION_PROSE.replace(",指标完成率100%", "")
    assert run("indicator-no-actual", bare) == []
    # under a heading of targets the same sentences are targets, and no actual follows them
    targets = bare.replace("(二)绩效目标完成情况", "(二)项目绩效目标").replace(
        "1.产出指标完成情况", "1.产出指标"
    )
    assert run("indicator-no-actual", targets) != []


def test_prose_indicators_in_an_account_are_results_not_indicators_without_targets() -> None:
    # 909's shape: each block's sentence under "(二)绩效目标完成情况" says what the money did
    account = "\n".join(
        [
            "2023年度特殊教育公用经费绩效自评报告",
            "(二)绩效目标完成情况",
            "(1)产出指标",
            "①数量指标:2023年,应补助人数9人,实际补助人数9人。",
            "(2)效益指标",
            "①经济效益指标:特殊教育公用经费补助资金保障了学校的正常运转。",
        ]
    )
    assert run("indicator-no-target", account) == []
    assert run("indicator-no-actual", account) == []
    declared = account.replace("(二)绩效目标完成情况", "(二)年度绩效目标")
    assert any("正常运转" in f.message for f in run("indicator-no-target", declared))


# 235: a form copied one cell per line, each cell closed by "|", the copy ending inside a row.
ONE_CELL_PER_LINE = "\n".join(
    [
        "2019年度临时救助资金绩效自评表",
        "一级指标 |",
        "二级指标 |",
        "三级指标 |",
        "分值 |",
        "年度指标值 |",
        "实际完成值 |",
        "得分 |",
        "产出指标 |",
        "数量指标 |",
        "临时救助人次 |",
        "30 |",
        ">=80人 |",
        "87人 |",
        "30 |",
        "满意度指标 |",
        "服务对象满意度指标 |",
        "受助对象满意度 |",
        "10 |",
        ">=90%",
    ]
)


def test_a_copy_ending_inside_a_one_cell_per_line_row_is_not_a_missing_actual() -> None:
    assert run("indicator-no-actual", ONE_CELL_PER_LINE) == []
    closed = ONE_CELL_PER_LINE + " |\n |\n10 |\n二、绩效自评结论 |"
    (finding,) = run("indicator-no-actual", closed)
    assert "受助对象满意度" in finding.message


# 202: every actual copies its target, "≥95%" for 满意度 too; 208: a 满意度 actual of its own.
def _satisfaction_form(actual: str) -> str:
    return "\n".join(
        [
            "2022年度项目绩效自评表",
            T.join(
                ["一级指标", "二级指标", "三级指标", "年度指标值", "全年实际值", "分值", "得分"]
            ),
            T.join(["产出指标", "数量指标", "安装坡面水标尺", "≥266米", "≥266米", "40", "40"]),
            T.join(
                ["满意度指标", "服务对象满意度指标", "受益户满意度", "≥95%", actual, "10", "10"]
            ),
        ]
    )


def test_a_satisfaction_actual_copied_from_its_target_claims_nothing() -> None:
    assert run("unsupported-claim", _satisfaction_form("≥95%")) == []
    (finding,) = run("unsupported-claim", _satisfaction_form("98%"))
    assert "受益户满意度" in finding.message


# 218: a 部门整体 table whose 预算完成率 is 76% and whose 结转结余率 is 0.
def _budget_rows(executed: str) -> str:
    return "\n".join(
        [
            "2021年度部门整体绩效自评表",
            T.join(
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
            ),
            T.join(["产出指标", "数量指标", "预算完成率", "≥70%", executed, "2", "2"]),
            T.join(["产出指标", "质量指标", "结转结余率", "≤2%", "0", "2", "2"]),
        ]
    )


def test_nothing_left_over_although_a_quarter_was_not_spent() -> None:
    (finding,) = run("actual-contradicts-text", _budget_rows("76%"))
    assert "结转结余率" in finding.message and "76%" in finding.message


def test_nothing_left_over_when_all_was_spent_is_quiet() -> None:
    assert run("actual-contradicts-text", _budget_rows("100%")) == []


def test_a_target_declaration_claims_nothing() -> None:
    declared = (
        "项目支出绩效目标申报表\n(2021年度)\n项目名称 特困家庭再扶助\n"
        "满意度指标 服务对象满意度指标 社会满意度 100%\n"
    )
    assert run("unsupported-claim", declared) == []
    evaluated = declared.replace("绩效目标申报表", "绩效自评表")
    assert len(run("unsupported-claim", evaluated)) == 1


# 813's and 910's shapes: numbered items closed by a full stop, a 满意度 item with its full
# name in brackets, under a 完成情况 heading; the figures with a comparator are targets restated.
ACCOUNT_OF_TARGETS = "\n".join(
    [
        "2020年度公路安全生命防护工程绩效自评报告",
        "(三)绩效指标完成情况分析。",
        "1.数量指标。该项目处治里程8公里,完成波型护栏1820米。",
        "4.成本指标。项目投资56万元,实际决算金额54.6万元。",
        "6.可持续影响指标。降低交通事故损失,提升公路交通安全保障水平≥95%。",
        "(3)满意度指标(服务对象满意度指标):群众满意度大于年度指标值≥95%。",
    ]
)


def test_prose_items_closed_by_a_full_stop_or_named_in_brackets_are_read() -> None:
    read = [(f.level2, f.target_raw) for f in facts_of(ACCOUNT_OF_TARGETS).indicators]
    assert read == [
        ("数量指标", "1820米"),
        ("成本指标", "54.6万元"),
        ("可持续影响指标", "≥95%"),
        ("服务对象满意度指标", "≥95%"),
    ]
    # unnumbered, a block's name closing a sentence is no item
    plain = "某县2020年度项目绩效自评报告\n项目达到了质量指标。成本控制在预算内。"
    assert not facts_of(plain).indicators


def test_an_account_that_restates_its_targets_is_no_account() -> None:
    (finding,) = run("actual-repeats-target", ACCOUNT_OF_TARGETS)
    assert "提升公路交通安全保障水平≥95%" in " ".join(finding.evidence)
    assert "群众满意度大于年度指标值≥95%" in " ".join(finding.evidence)
    reached = ACCOUNT_OF_TARGETS.replace("保障水平≥95%", "保障水平达到97%").replace(
        "大于年度指标值≥95%", "为96.5%"
    )
    assert run("actual-repeats-target", reached) == []
    # the same sentences under a heading of targets are targets, as a 申报表 states them
    declared = ACCOUNT_OF_TARGETS.replace("(三)绩效指标完成情况分析。", "(三)年度绩效目标。")
    assert run("actual-repeats-target", declared) == []


def test_a_prose_sentence_under_a_blocks_name_is_not_a_misplaced_row() -> None:
    money = ACCOUNT_OF_TARGETS.replace(
        "该项目处治里程8公里,完成波型护栏1820米", "发放补助金2126.81万元"
    )
    assert run("indicator-misplaced", money) == []
