"""自评表 flattened into text, in the shapes real reports come in: one table read back from
cells apart by `|`, by spaces on one long line, or one cell per line with empty cells."""

from __future__ import annotations

from jixiao.domain.reading.facts import read_facts
from jixiao.domain.reading.text import document_from_text

PIPES = """2023年度某县天网工程运维项目绩效自评表
项目名称 | 某县天网工程运维项目 | 主管部门 | 某县公安局 | 实施单位 | 某县公安局 | 项目资金 (万元) |
| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 | 120 | 120 | 118.5 | 10 | 98.75% | 9.88 |
| 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 |
| 产 | 出 | 指 | 标 | (50分) | 数量指标 | 监控点位运维数量 | ≥ | 500 | 个 | 520个 | 30 | 30 |
| 质量指标 | 视频监控在线率 | ≥ | 95 | % | 90% | 20 | 20 | 部分点位线路老化 |
| 效益指标 | 社会效益 指标 | 案件破获率提升 |
| 有所提升 |
| 明显提升 | 30 | 28 |
| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥ | 90 | % | 95% | 10 | 10 |
| 总分 | 100 | 97.88 |
| 填报人：张三 | 联系电话：12345678 |
"""


def _rows(text: str) -> list[tuple[str, ...]]:
    facts = read_facts(document_from_text("r.txt", text))
    return [
        (
            i.level1,
            i.level2,
            i.name,
            i.target_raw or "",
            i.actual_raw or "",
            str(i.points),
            str(i.score),
        )
        for i in facts.indicators
    ]


def test_cells_apart_by_pipes_with_labels_once_and_split_cells() -> None:
    assert _rows(PIPES) == [
        ("产出指标", "数量指标", "监控点位运维数量", "≥500个", "520个", "30", "30"),
        ("产出指标", "质量指标", "视频监控在线率", "≥95%", "90%", "20", "20"),
        ("效益指标", "社会效益指标", "案件破获率提升", "有所提升", "明显提升", "30", "28"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10", "10"),
    ]
    facts = read_facts(document_from_text("r.txt", PIPES))
    assert facts.name is not None and facts.name.value == "某县天网工程运维项目"
    assert [t.value for t in facts.sheet.score_totals] == ["97.88"]
    assert facts.funds is not None and facts.funds.total is not None
    assert facts.funds.total.score is not None and str(facts.funds.total.score) == "9.88"


ONE_LINE = (
    "附件: 项目支出绩效自评表 (2022年度) 项目名称 委托业务项目 主管部门 某镇人民政府 "
    "绩效指标 一级指标 二级指标 三级指标 分值 年度指标值 全年实际值 得分 未完成原因及拟采取的改进措施 "
    "产出指标(50分) 数量指标 委托业务项目数量 25 ≥50个 50个 25 "
    "质量指标 经费支出合规性 25 严格执行相关制度规定 达成预期指标 20 "
    "效益指标(30分) 社会效益指标 对维护市场公平的影响程度 30 效果明显 达成预期指标 30 "
    "满意度指标(10分) 服务对象满意度指标 服务对象满意度 10 ≥90% 92% 10 总分 100 95"
)


def test_one_long_line_of_cells_apart_by_spaces_in_the_header_order() -> None:
    assert _rows(ONE_LINE) == [
        ("产出指标", "数量指标", "委托业务项目数量", "≥50个", "50个", "25", "25"),
        (
            "产出指标",
            "质量指标",
            "经费支出合规性",
            "严格执行相关制度规定",
            "达成预期指标",
            "25",
            "20",
        ),
        (
            "效益指标",
            "社会效益指标",
            "对维护市场公平的影响程度",
            "效果明显",
            "达成预期指标",
            "30",
            "30",
        ),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "92%", "10", "10"),
    ]


CELL_PER_LINE = """工资性支出项目绩效自评表
一级指标 |
二级指标 |
三级指标 |
指标性质 |
指标值 |
度量单位 |
完成值 |
权重 |
得分 |
未完成原因分析 |
产出指标 |
数量指标 |
发放覆盖率 |
= |
100 |
% |
|
60 |
|
|
效益指标 |
社会效益指标 |
足额保障率 |
= |
100 |
% |
98% |
30 |
27 |
|
合计 |
"""


def test_one_cell_per_line_keeps_empty_cells_in_their_columns() -> None:
    """The empty 完成值 and 得分 cells of the first row are lines of their own: 60 is the 权重."""
    assert _rows(CELL_PER_LINE) == [
        ("产出指标", "数量指标", "发放覆盖率", "=100%", "", "60", "None"),
        ("效益指标", "社会效益指标", "足额保障率", "=100%", "98%", "30", "27"),
    ]


def test_a_row_whose_values_cannot_be_placed_gets_a_reading_note() -> None:
    """≥95% 10 10 under 指标值 / 实际完成值 / 分值 / 得分 / 完成率: which one is missing? The
    reader says it cannot tell rather than guess."""
    text = (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
        "产出指标 数量指标 维护点位数 ≥500个 520个 10 10 9 8 7 "
        "质量指标 在线率 ≥95% 20 18"
    )
    document = document_from_text("r.txt", text)
    notes = [n for _, n in document.reading_notes]
    assert notes and all("不属于任何指标行" in n or "无法对应" in n for n in notes)
    names = [i.name for i in read_facts(document).indicators]
    assert "维护点位数" in names


GLUED = (
    "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及拟采取的改进措施"
    "产出指标(50分)数量指标安装监控点位20≥266个≥266个20点位覆盖率20100%100%20"
    "时效指标完工及时率10≥90%≥90%10效益指标(30分)社会效益指标受益人口数30≥1000人≥1000人30"
    "满意度指标(10分)服务对象满意度指标群众满意度10≥95%≥95%10……总分100100"
)


def test_cells_glued_without_separators_are_cut_at_levels_and_figures() -> None:
    """ "20100%" is a 分值 of 20 and a target of 100% (2 | 0100% and 201 | 00% have leading
    zeros or exceed 100); "8550万粒540万粒" would be 8 | 550 or 85 | 50 and stays unread (written
    alike, "8550万粒550万粒8", only 8 | 550万粒 | 550万粒 | 8 repeats: test_glued_sheet)."""
    assert _rows(GLUED) == [
        ("产出指标", "数量指标", "安装监控点位", "≥266个", "≥266个", "20", "20"),
        ("产出指标", "数量指标", "点位覆盖率", "100%", "100%", "20", "20"),
        ("产出指标", "时效指标", "完工及时率", "≥90%", "≥90%", "10", "10"),
        ("效益指标", "社会效益指标", "受益人口数", "≥1000人", "≥1000人", "30", "30"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%", "≥95%", "10", "10"),
    ]
    ambiguous = GLUED.replace("点位覆盖率20100%100%20", "马铃薯发放量8550万粒540万粒8")
    document = document_from_text("r.txt", ambiguous)
    assert "马铃薯发放量" not in [i.name for i in read_facts(document).indicators]
    assert any("马铃薯发放量" in note for _, note in document.reading_notes)


def test_a_template_slot_left_blank_is_no_indicator() -> None:
    """Templates number their slots ("指标1", "指标2"); a slot with nothing written is no row."""
    rows = [
        ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"),
        ("产出指标", "数量指标", "指标1：开放天数", "≥300天", "310天", "50", "50"),
        ("效益指标", "生态效益指标", "指标1", "指标2", "", "", ""),
        ("效益指标", "社会效益指标", "指标1", "≥95%", "96%", "30", "30"),
    ]
    text = "\n".join("\t".join(r) for r in rows)
    assert [r[2:4] for r in _rows(text)] == [("开放天数", "≥300天"), ("指标1", "≥95%")]


def test_the_table_ends_where_the_reports_prose_resumes() -> None:
    """Cells one per line behind "|", then the report's numbered prose with no footer between."""
    text = "\n".join(
        [
            "绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值",
            "产出指标 | 数量指标 | 培训场次 | ≥4场 | 5场",
            "满意度指标 | 服务对象满意度指标 | 学员满意度 | ≥90% | 93%",
            "3.分析评价申报内容是否与实际相符,申报目标是否合理",
            "经分析，申报内容与实际相符,申报目标合理可行。",
            "(三)项目自评步骤及方法",
            "按照绩效目标，从项目的开展、成效等方面进行评价。",
        ]
    )
    assert [r[2:5] for r in _rows(text)] == [
        ("培训场次", "≥4场", "5场"),
        ("学员满意度", "≥90%", "93%"),
    ]


def test_a_headerless_continuation_is_read_from_the_vocabulary() -> None:
    """A page of the 自评表 whose header is on the page before: level names, a name glued to a
    comparator target and one bare number per row, over a 合计 those numbers add up to (here
    with the 预算执行率's 10 left to the funds block): the numbers are the 分值."""
    fragment = (
        "产出指标数量指标培训人数≥200人 30 时效指标完成时间≤12月 20 "
        "效益指标社会效益指标就业率≥80% 40 合计100 评价结论良好。"
    )
    assert _rows(fragment) == [
        ("产出指标", "数量指标", "培训人数", "≥200人", "", "30", "None"),
        ("产出指标", "时效指标", "完成时间", "≤12月", "", "20", "None"),
        ("效益指标", "社会效益指标", "就业率", "≥80%", "", "40", "None"),
    ]
    # the numbers meet no total (nor the total less 10): they could be scores, nothing is read
    assert _rows(fragment.replace("合计100", "合计95")) == []


def test_a_row_with_only_its_name_is_kept_as_an_indicator_without_values() -> None:
    """Rows apart by pipes: a whole phrase in the 三级 column with every other cell empty is an
    indicator the unit left unfilled, not a stray word."""
    text = "\n".join(
        [
            "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 得分 |",
            "效益指标 | 社会效益 | 借阅人次 | ≥5000人次 | 5200人次 | 10 |",
            "提升全市居民文化素养和阅读兴趣 | | | |",
            "可持续影响指标 | 全年开放天数 | ≥300天 | 310天 | 10 |",
        ]
    )
    assert [r[2:5] for r in _rows(text)] == [
        ("借阅人次", "≥5000人次", "5200人次"),
        ("提升全市居民文化素养和阅读兴趣", "", ""),
        ("全年开放天数", "≥300天", "310天"),
    ]


def test_a_long_sentence_with_figures_is_not_cut_as_glued_cells() -> None:
    # real: 212 (a 得分计算方法 column holding the scoring rule as one sentence)
    from jixiao.domain.reading.flat_cells import unglue

    sentence = (
        "定性指标计算:根据“三档”原则分别按照指标分值的100-80%(含80%)、80-50%(含50%)、50-0%来记分。"
    )
    assert unglue(sentence) == [sentence]
    glued = "安装坡面水标尺10≥266米≥266米10点位覆盖率20100%100%20受益人口数30≥1000人≥1000人30群众满意度10≥95%≥95%10"
    assert len(unglue(glued)) > 1


def test_numbered_rows_left_empty_stay_rows_of_their_own() -> None:
    """Rows numbered "指标N." with some rows' cells left empty: a numbered cell starts the next
    row and is never the empty row's value (the shape of a 市场监管 区域自评表 as a PDF text)."""
    text = "\n".join(
        [
            "一级指标 二级指标 三级指标 指标值 完成值",
            "产出指标 数量指标 指标1.抽验批次 ≥3 7",
            "质量指标 指标1.不合格产品处置率",
            "指标2:不良反应报告数 ≥150 150",
            "成本指标 指标1.抽验平均标准",
            "效益指标 社会效益指标 指标1.总体安全形势 稳定 稳定",
        ]
    )
    assert [r[1:5] for r in _rows(text)] == [
        ("数量指标", "抽验批次", "≥3", "7"),
        ("质量指标", "不合格产品处置率", "", ""),
        ("质量指标", "不良反应报告数", "≥150", "150"),
        ("成本指标", "抽验平均标准", "", ""),
        ("社会效益指标", "总体安全形势", "稳定", "稳定"),
    ]


def test_a_score_column_the_header_leaves_unnamed_is_read_as_the_score() -> None:
    """A 区域绩效自评表 one cell per line: the header names 年度指标值 and 实际完成指标值 only,
    yet every row ends in one bare number, and the 一级 block's figure precedes its label
    ("50 产出指标"): the numbers are the 得分, not cells astray."""
    cells = [
        "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成指标值",
        "50", "产出指标", "质量指标",
        "指标1:监管人员培训", "已完成", "已完成", "5",
        "指标2:违法案件查办率", "100%", "100%", "4",
        "时效指标", "指标1:整体完成时间", "2021年12月31日", "2021年12月31日", "5",
    ]  # fmt: skip
    text = "\n\n".join(cells)
    assert [r[2:] for r in _rows(text)] == [
        ("监管人员培训", "已完成", "已完成", "None", "5"),
        ("违法案件查办率", "100%", "100%", "None", "4"),
        ("整体完成时间", "2021年12月31日", "2021年12月31日", "None", "5"),
    ]
    facts = read_facts(document_from_text("r.txt", text))
    assert all(not t.notes for t in facts.document.tables)


def test_a_row_without_values_where_the_text_ends_was_cut_not_left_empty() -> None:
    text = "\n".join(
        [
            "一级指标 二级指标 三级指标 指标值 完成值",
            "产出指标 数量指标 指标1.抽验批次 ≥3 7",
            "可持续影响指标 指标1:技",
        ]
    )
    assert [r[2] for r in _rows(text)] == ["抽验批次"]


def test_a_mirrored_page_in_traditional_characters_with_pinyin_is_read_and_quoted_as_written() -> (
    None
):
    """A 自评表 republished through a converter: traditional characters, each followed by its
    reading ("指標(biāo)"), the 绩效指标 header on a line of its own above the 一级指标 line, and a
    small-form "﹦". The rows are read from the plain form; the names are quoted as the page
    writes them."""
    text = "\n".join(
        [
            "| 績效指標(biāo) | 年度指標(biāo)值 | 實(shí)際完成值 | 分值 | 得分 | |||||",
            "|",
            "一級 指標(biāo) |",
            "二級指標(biāo) | 三級指標(biāo) | 指標(biāo)性質(zhì) | 指標(biāo)值 | 度量單位 | |||||",
            "| 產(chǎn)出指標(biāo) | 數(shù)量指標(biāo) | 執(zhí)法補(bǔ)助經(jīng)費(fèi) | ﹦ | 72890 | 元 | 72890 | 10.00 | 9.00 | ||",
            "| 質(zhì)量指標(biāo) | 項(xiàng)目驗(yàn)收合格率 | ﹦ | 100 | % | 100 | 20 | 19 | |||",
            "| 效益指標(biāo) | 社會效益指標(biāo) | 違法行為責(zé)停率 | ≥ | 95 | % | 95 | 30.00 | 27.00 | ||",
        ]
    )
    assert _rows(text) == [
        (
            "产出指标",
            "数量指标",
            "執(zhí)法補(bǔ)助經(jīng)費(fèi)",
            "﹦72890元",
            "72890",
            "10.00",
            "9.00",
        ),
        ("产出指标", "质量指标", "項(xiàng)目驗(yàn)收合格率", "﹦100%", "100", "20", "19"),
        ("效益指标", "社会效益指标", "違法行為責(zé)停率", "≥95%", "95", "30.00", "27.00"),
    ]
    facts = read_facts(document_from_text("r.txt", text))
    assert (
        facts.indicators[1].target is not None and str(facts.indicators[1].target.comparator) == "="
    )


def test_the_plain_form_of_a_mirrored_text_and_its_cells_as_written() -> None:
    from jixiao.domain.reading.mirror import as_written, plain_form

    written = "項(xiàng)目名稱 | 衛(wèi)片執(zhí)法經(jīng)費(fèi) |\n三級指標(biāo)"
    plain = plain_form(written)
    assert plain == "项目名称 | 衛片执法经費 |\n三级指标"  # 衛, 費: not the form's words, kept
    assert as_written("衛片执法经費", written) == (
        "衛(wèi)片執(zhí)法經(jīng)費(fèi)",
        written.index(" |\n"),
    )
    assert as_written("别的名称", written) == ("别的名称", 0)
    assert plain_form("项目名称(一)") == "项目名称(一)"  # brackets without a reading stay


def test_the_header_after_a_funds_block_run_into_it_takes_its_own_words_only() -> None:
    """A scanned form run into one line: the funds block's "得分(20分*执行率)…资金总额1000…"
    comes just before "一级指标二级指标三级指标年初目标值实际完成值得分"; its 得分 is not the
    indicator table's first column."""
    text = (
        "预算执行情况(万元)(20分)预算数(A)执行数(B)执行率(B/A)得分(20分*执行率)"
        "年度财政资金总额1000 1000 100% 20 一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分 "
        "产出指标 数量指标 成本控制 不超过预算 不超过预算 10 "
        "质量指标 专款专用率 100% 100% 10"
    )
    assert [r[2:5] + r[6:] for r in _rows(text)] == [
        ("成本控制", "不超过预算", "不超过预算", "10"),
        ("专款专用率", "100%", "100%", "10"),
    ]


def test_a_name_holding_another_rows_level_label_is_glued_cells_not_read() -> None:
    text = (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 得分 "
        "产出指标 数量指标补贴渔船数6620质量指标渔船补贴发放率100%100%10 2 100% 10 "
        "效益指标 社会效益指标 渔民增收 ≥5% 6% 10"
    )
    facts = read_facts(document_from_text("r.txt", text))
    assert [i.name for i in facts.indicators] == ["渔民增收"]
    assert any("不成其为名称" in n for t in facts.document.tables for n in t.notes)


WEIGHTED = """某县2022年度预算项目绩效自评表
四、年度绩效指标完成情况 一级指标 二级指标 三级指标 指标分值 预期指标值 单项指标实际完成值 单项指标完成情况 自评得分
符号 单位(文字描述) 单项指标得分 权重占比(%) 单项指标折算得分
产出指标 数量指标 补贴发放人数 享受补贴人数占符合条件人数的比例 >= 98 %(百分比) 100% 完成 25.00 40.00 10.00
时效指标 按时发放率 按要求每月及时发放补贴的比例(百分比) >= 99 %(百分比) 97% 未完成 20.00 30.00 6.00
满意度指标 服务对象满意度指标 服务对象满意度 受助对象对发放工作的满意程度 >= 95 %(百分比) 96% 完成 30.00 30.00 9.00
预算执行率 预算执行率
"""


def test_an_explanation_column_a_unit_with_its_words_and_a_weighted_score_header() -> None:
    """Rows one a line: the 指标解释 text between the name and its ">= 98 %(百分比)" target is
    no value; the unit's words stay with the target, which reads without them; under the
    header's second line (单项指标得分 | 权重占比(%) | 单项指标折算得分) the 权重占比 is the
    分值 and the 单项指标得分 the 得分."""
    assert _rows(WEIGHTED) == [
        ("产出指标", "数量指标", "补贴发放人数", ">=98%(百分比)", "100%", "40.00", "25.00"),
        ("产出指标", "时效指标", "按时发放率", ">=99%(百分比)", "97%", "30.00", "20.00"),
        (
            "满意度指标",
            "服务对象满意度指标",
            "服务对象满意度",
            ">=95%(百分比)",
            "96%",
            "30.00",
            "30.00",
        ),
    ]
    first = read_facts(document_from_text("r.txt", WEIGHTED)).indicators[0]
    assert str(first.target) == "≥98%"
    assert "享受补贴人数占符合条件人数的比例" in str(first.location)  # shown where the row is


QUEUED = (
    "某县项目支出绩效自评表 (2021年度) 项目名称 基本公共卫生服务 绩效指标 一级指标 二级指标 "
    "三级指标 年度指标值 实际完成值 分值 得分 产出指标 数量指标 指标1:预防接种建证数 221人 "
    "221人 2 2 指标2:传染病及突发事件报告 数 指标3:家庭医生签约人数 14例 14例 2 2 "
    "24694人 22584人 2 1.7 指标4:老年人体检数 5662人 4044人 2 1.4 总分 10 9.1"
)


def test_two_numbered_names_before_their_values_take_the_groups_in_order() -> None:
    """A spreadsheet's tall name cell wrapped ("…报告 / 数") and came out before the next row's
    name, the two rows' values after both: the groups go to the names in order."""
    assert _rows(QUEUED)[1:3] == [
        ("产出指标", "数量指标", "传染病及突发事件报告数", "14例", "14例", "2", "2"),
        ("产出指标", "数量指标", "家庭医生签约人数", "24694人", "22584人", "2", "1.7"),
    ]


CUT = "".join(
    f"{cell} |\n"
    for cell in (
        "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分",
        "产出指标(50分)", "数量指标", "巡检次数", "10", ">=12次", "12次", "10", "",
        "质量指标", "设备完好率", "10", ">=95%", "97%", "10", "",
        "满意度指标(10分)", "服务对象满意度指标", "群众满意度", "10",
    )
) + ">=9\n"  # fmt: skip


def test_a_row_the_copy_stops_inside_of_is_not_read() -> None:
    """One cell a line, each closed by "|": the last line ">=9" is not closed, so the copy
    stops inside that cell (">=95%"?) and its row is left out, as a row cut before its
    values is; the rows above it are read whole (no reading note that would quiet the
    checks on them)."""
    assert [r[2] for r in _rows(CUT)] == ["巡检次数", "设备完好率"]
    assert not document_from_text("r.txt", CUT).reading_notes
    closed = CUT.replace(">=9\n", ">=90% |\n92% |\n9 |\n")
    assert [r[2] for r in _rows(closed)][-1] == "群众满意度"


TARGETS_ONLY = """某县2021年项目支出绩效目标表
绩效指标 一级指标 二级指标 三级指标 指标值(包含数字及文字描述)
绩效指标 项目完成
指标
数量指标 扶助家庭户数 63户
时效指标 项目实施时间 2021年1月-12月
资金拨付 12月底到位
满意度指标 满意度指标 受益群众满意度 ≥90%
"""


def test_a_target_form_with_one_value_column_reads_each_row_s_target() -> None:
    """A 绩效目标表 flattened by spaces whose header names 指标值 alone: each row is a name and
    its target; the level labels wrapped over two lines ("项目完成\\n指标") still open blocks."""
    assert [r[2:5] for r in _rows(TARGETS_ONLY)] == [
        ("扶助家庭户数", "63户", ""),
        ("项目实施时间", "2021年1月-12月", ""),
        ("资金拨付", "12月底到位", ""),
        ("受益群众满意度", "≥90%", ""),
    ]


def test_a_header_with_one_column_other_than_the_target_is_not_read() -> None:
    """指标名称 over one 实际完成值 (or 分值) column: no form of this shape, nothing is read
    (a lone actual or figure after a name says nothing certain about a row)."""
    for column in ("实际完成值", "分值"):
        text = TARGETS_ONLY.replace("指标值(包含数字及文字描述)", column)
        assert _rows(text) == []


DOUBLE_DASH = """某县2023年项目支出绩效自评表
绩效指标 | 一级 指标 | 二级指标 | 三级指标 | 指标值 | 全年实际完成值 | 未完成原因和改进措施 | |
产 出 指 标 | 数量指标 | 布展面积 | 300㎡ | 0 | 方案待审核 | ||
时效指标 | 指标1:招投标时间 | 1个月 | 1个月 | —— | |||
指标2:项目完成周期 | 4个月 | 4个月 | —— | ||||
满意度指标 | 服务对象满意度指标 | 参观群众满意度 | ≥90% | 95% | —— | ||
"""


def test_a_double_dash_in_the_note_column_is_an_empty_cell_not_a_row() -> None:
    """ "——" written for "nothing to explain" closes its row like "—": the row after it keeps
    its own name and values."""
    assert [r[2:5] for r in _rows(DOUBLE_DASH)] == [
        ("布展面积", "300㎡", "0"),
        ("招投标时间", "1个月", "1个月"),
        ("项目完成周期", "4个月", "4个月"),
        ("参观群众满意度", "≥90%", "95%"),
    ]


IN_PROGRESS = """某县2023年全民健身中心项目绩效自评表
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 全年实际完成值 | 未完成原因和改进措施 |
产出指标 | 数量指标 | 新建健身中心数量 | 1 | 建设中 |
新建健身步道长度 | 5公里 | 设计招标 |
时效指标 | 完工时间 | 2023年底 | 2023年底 |
"""


def test_a_state_of_progress_after_a_figure_target_is_the_actual() -> None:
    """ "1 | 建设中": a state of progress says what was achieved, so it is the actual; a text
    without such words after a figure target ("5公里 | 设计招标") stays unread as an actual,
    as before (it may be the next row's name)."""
    rows = [r[2:5] for r in _rows(IN_PROGRESS)]
    assert rows[0] == ("新建健身中心数量", "1", "建设中")
    assert ("新建健身步道长度", "5公里", "设计招标") not in rows


def test_a_target_form_with_unit_and_nature_columns_is_not_read_one_value_a_row() -> None:
    """指标名称 | 计量单位 | 指标性质 | 指标值: a one-value reading would take the unit ("人") or
    the comparator for the target, so this header is not read as a 绩效目标表 of 指标值 alone."""
    text = (
        "(三)绩效目标。\n指标名称 | 计量单位 | 指标性质 | 指标值 | 辅警人员 | 人 | = | 512 | "
        "项目持续期 | 定性 | 基本建立 | | 项目成本概算 | 万元 | ≤ | 3584 | 受益对象满意度 | % "
        "| ≥ | 95 |\n(四)部门职能职责。"
    )
    assert _rows(text) == []
