"""Text lost in conversion or on a mirror (conversion-debris), a form's fill-in instructions
left in place (shared-boilerplate), and goals written out twice (actual-repeats-target), on
short made-up reports shaped as the published ones are."""

from __future__ import annotations

from tests.unit.checks.reports import run

HEAD = "某县统计局\n2023年经济普查经费绩效自评报告\n一、项目基本情况\n"


def test_figures_masked_with_asterisks_are_debris_but_a_masked_user_name_is_not() -> None:
    masked = HEAD + "严守普查红线底线,全县普查单位****户,个体户****户。"
    (finding,) = run("conversion-debris", masked)
    assert any("全县普查单位****户" in e for e in finding.evidence)
    # a site's masked uploader ("b****5") is not between two characters of text
    assert (
        run("conversion-debris", HEAD + "上传人:b****5 文档编号:30238812\n本项目预算30万元。") == []
    )


def test_names_masked_with_asterisks_are_debris_but_a_templates_placeholder_is_not() -> None:
    masked = HEAD + "****财政局下达**河县2023年资金791万元。\n(一)项目资**排结构、总投入等情况"
    (finding,) = run("conversion-debris", masked)
    shown = " ".join(finding.evidence)
    assert "****财政局" in shown and "资**排" in shown
    placeholder = HEAD + "数量指标 农村低保发放人数(≥**人) 5 >=2193人"
    assert run("conversion-debris", placeholder) == []  # the form's "≥**", left unfilled


def test_a_place_year_or_name_blanked_with_underscores_is_debris() -> None:
    blanked = HEAD + "根据_县财政局关于开展 20_ 年财政支出绩效评价工作的通知,组长:局长 _"
    (finding,) = run("conversion-debris", blanked)
    assert finding.message.startswith("文中有3处")
    paged = HEAD + "财政支出项目_第1页\n项目资金绩效自评表.docx_第2页"
    assert run("conversion-debris", paged) == []  # a site's page labels name no place


def test_a_betting_brand_over_the_units_name_is_debris_but_a_sports_bureau_is_not() -> None:
    spam = HEAD + "1.单位机构组成\n优米体育足球公安局现有内设机构:指挥中心、治安大队。"
    (finding,) = run("conversion-debris", spam)
    assert any("优米体育足球" in e for e in finding.evidence)
    bureau = HEAD + "县文化和旅游体育局官网公开了全民健身经费的使用情况。"
    assert run("conversion-debris", bureau) == []


def test_betting_and_adult_video_ads_a_mirror_pasted_are_debris() -> None:
    # shapes: a document site's notes with a betting line, a mirror's adult-video title bar
    betting = (
        HEAD + "下载须知:\n2、有哪些靠谱的足球投注网站(某某网)网站文档一经付费,不意味着购买了版权。"
    )
    adult = HEAD + "国产精品免费在线视频-成人影院在线播放-天天更新\n本项目预算30万元,已全部支付。"
    for text, spam in ((betting, "足球投注"), (adult, "国产精品")):
        (finding,) = run("conversion-debris", text)
        assert any(spam in e for e in finding.evidence)


def test_check_boxes_converted_as_wingdings_letters_are_debris() -> None:
    boxes = (
        HEAD + "项目类型 | 1、部门预算项目 £ 2、区直专项 £ 3、上级转移支付项目 R |\n预算30万元。"
    )
    (finding,) = run("conversion-debris", boxes)
    assert any("上级转移支付项目 R" in e for e in finding.evidence)
    ticked = (
        HEAD + "项目类型 | 1、部门预算项目 □ 2、区直专项 □ 3、上级转移支付项目 √ |\n预算30万元。"
    )
    assert run("conversion-debris", ticked) == []


def test_lottery_outlets_gambling_and_pornography_a_report_names_are_not_debris() -> None:
    # 公益金 reports name 投注站 and 彩票; police reports fight 赌博 and 色情
    own = HEAD + (
        "福利彩票公益金资助全县42个投注站周边的社区养老服务,彩票销售额1200万元。\n"
        "公安局开展打击赌博、扫黄打非专项行动,查处色情网站3个,成人教育培训120人次。"
    )
    assert run("conversion-debris", own) == []


def test_brackets_lost_from_a_document_number_or_an_item_number_are_debris() -> None:
    lost = (
        HEAD + "根据《关于征求意见的函》(藏民函202117号)有关文件精神。\n12018年市政府办印发方案。"
    )
    (finding,) = run("conversion-debris", lost)
    shown = " ".join(finding.evidence)
    assert "藏民函202117号" in shown and "12018年" in shown
    kept = (
        HEAD
        + "根据《关于征求意见的函》(藏民函〔2021〕17号)有关文件精神。\n2018年市政府办印发方案。"
    )
    assert run("conversion-debris", kept) == []


def test_a_link_in_place_of_an_amount_is_debris_but_a_read_more_link_is_not() -> None:
    linked = HEAD + "中央财政补助资金全年共 点击查看>> 万元,预算执行率100%。"
    (finding,) = run("conversion-debris", linked)
    assert any("点击查看>>" in e for e in finding.evidence)
    assert run("conversion-debris", HEAD + "本项目预算30万元。\n点击查看更多>>") == []


def test_undecoded_characters_and_a_page_field_are_debris() -> None:
    lost = HEAD + "新建水塔1座,潜水泵2台等。 ??????????"
    (finding,) = run("conversion-debris", lost)
    assert any("??????????" in e for e in finding.evidence)
    paged = HEAD + "1、PAGE 4PAGE 52018年森林防火专项资金绩效自评报告"
    (finding,) = run("conversion-debris", paged)
    assert any("PAGE 4PAGE 5" in e for e in finding.evidence)
    asked = HEAD + "群众是否满意?是否还有改进的空间?我们将继续完善。"
    assert run("conversion-debris", asked) == []  # one question mark each: a question


def test_decimals_without_their_whole_numbers_and_a_stray_letter_are_debris() -> None:
    headless = HEAD + "年初预算数 全年预算数 全年执行数\n年度总金额.32.06.5其中财政拨款"
    (finding,) = run("conversion-debris", headless)
    assert any("年度总金额.32.06.5" in e for e in finding.evidence)
    letter = HEAD + "部门整体绩效自评表主管部n重庆市某区林业局"
    (finding,) = run("conversion-debris", letter)
    assert any("主管部n" in e for e in finding.evidence)
    whole = HEAD + "年度总金额120.32万元,执行120.06万元,执行率100%。"
    assert run("conversion-debris", whole) == []


def test_instructions_left_in_the_answer_cells_are_template_words() -> None:
    form = HEAD + (
        "评价结论 | 结合自评情况,说明项目自评总分,说明项目实施取得的成效或成果。(200字以内) |\n"
        "存在问题 | 结合自评情况,分析存在的问题及原因。(200字以内) |\n"
    )
    (finding,) = run("shared-boilerplate", form)
    assert "2处" in finding.message
    assert any("说明项目实施取得的成效或成果。(200字以内)" in e for e in finding.evidence)
    filled = HEAD + "评价结论 | 项目自评得分96分,全年完成普查单位登记1203户。 |\n"
    assert run("shared-boilerplate", filled) == []


def test_a_forms_numbered_footnote_with_a_length_cap_is_not_left_instructions() -> None:
    footnote = HEAD + (
        "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
        "2.年中发生预算调整的(追加或调减),应单独说明理由。"
    )
    assert run("shared-boilerplate", footnote) == []


GOALS = "年度总体目标完成情况 预期目标 实际完成情况\n"
INDICATORS = "年度绩效指标完成情况\n一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"


def test_goals_written_out_twice_figures_and_all_are_a_copied_account() -> None:
    goals = ["目标1:造林1.2万亩,", "目标2:森林经营16.3万亩", "目标3:病虫害防治3.45万亩"]
    twice = HEAD + GOALS + "\n".join(goals + goals) + "\n" + INDICATORS
    (finding,) = run("actual-repeats-target", twice)
    assert "把预期目标原样重抄" in finding.message
    assert "目标3:病虫害防治3.45万亩" in finding.evidence[0]
    done = ["1.完成造林1.25万亩;", "2.完成森林经营16.8万亩;", "3.防治病虫害3.6万亩,成灾率0.2‰"]
    accounted = HEAD + GOALS + "\n".join(goals + done) + "\n" + INDICATORS
    assert run("actual-repeats-target", accounted) == []


def test_two_columns_interleaved_on_one_line_are_still_one_text_twice() -> None:
    # a spreadsheet's two wrapped cells flattened into one line: pieces of each in turn
    cell = (
        "2.加强督查、巡查和走访,严防社区矫正对象脱离监管。开展全市社区矫正社会工作者培训和"
        "全市社区矫正业务工作培训,不断提高全体社区矫正工作人员的业务水平。"
    )
    line = "预期目标 实际完成情况 " + " ".join(
        [cell[:36], cell[:44], cell[36:], cell[44:]]  # wrapped at 36 and at 44 characters
    )
    (finding,) = run("actual-repeats-target", HEAD + line)
    assert "实际完成情况" in finding.message
    account = "全年走访社区矫正对象312人次,无一脱管;举办业务培训4期,培训社会工作者186人次。"
    own = "预期目标 实际完成情况 " + " ".join([cell[:36], account[:30], cell[36:], account[30:]])
    assert run("actual-repeats-target", HEAD + own) == []


def test_a_table_with_one_row_left_out_is_judged_on_the_many_rows_read() -> None:
    """Every actual read repeats its target; one row the reader could not place (a note) does
    not hide that when it read at least four rows for it, but a short table it does."""
    head = "2022年度剧团设备购置经费绩效自评表\n一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
    rows = [
        "产出指标 数量指标 购置音响设备 50件 50件 10 10",
        "数量指标 购置灯光设备 100件 100件 10 10",
        "质量指标 设备验收合格率 100% 100% 10 10",
        "时效指标 设备购置及时率 100% 100% 10 10",
        "效益指标 社会效益指标 演出场次增长率 10% 10% 20 20",
        "满意度指标 服务对象满意度指标 演出人员满意度 95% 95% 10 10",
    ]
    unplaced = "成本指标 购置成本 ≥95% 20 18"  # which column is missing? the reader cannot tell
    many = HEAD + head + " ".join([*rows[:5], unplaced, rows[5]])
    (finding,) = run("actual-repeats-target", many)
    assert "6个指标中6个" in finding.message
    few = HEAD + head + " ".join([*rows[:2], unplaced, rows[5]])
    assert run("actual-repeats-target", few) == []


def test_markup_a_second_numbering_and_a_clause_pasted_thrice_are_debris() -> None:
    marked = HEAD + "分别完成资金下?lián)?span>補助7萬元。"
    (finding,) = run("conversion-debris", marked)
    assert any("span>補助7萬元" in e for e in finding.evidence)  # "?" lost, not a clause end
    numbered = HEAD + "(4)四是加强队伍建设。\n(5)五是狠抓政治建警从严治警。"
    assert len(run("conversion-debris", numbered)) == 1
    assert run("conversion-debris", HEAD + "(5)狠抓政治建警从严治警。\n五是加强队伍建设。") == []
    tripled = (
        HEAD
        + "按年初计划执行;及时拨付项目资金,履行保障;及时拨付项目资金,履行保障;及时拨付项目资金,履行保障。"
    )
    assert len(run("conversion-debris", tripled)) == 1
    twice = (
        HEAD + "对项目区农业用水计量,为农业生产夯实基础,对项目区农业用水计量,为农业生产夯实基础。"
    )
    assert run("conversion-debris", twice) == []  # twice may be a goal and its result side by side


def test_satisfaction_named_first_then_said_to_have_risen_is_a_claim() -> None:
    text = HEAD + "办理所有案件,提升了群众的满意度。\n交办案件全部办结,群众满意度大大得到了提升。"
    (finding,) = run("unsupported-claim", text)
    assert "提升了群众的满意度" in finding.message
    assert any("群众满意度大大得到了提升" in e for e in finding.evidence)  # every one listed


def test_satisfaction_said_to_be_high_with_no_survey_is_a_claim() -> None:
    text = HEAD + "(3)满意度指标(服务对象满意度指标):学生和家长的满意度较高。"
    (finding,) = run("unsupported-claim", text)
    assert "满意度较高" in finding.message
    surveyed = text + "\n发放问卷120份,收回118份。"
    assert run("unsupported-claim", surveyed) == []
    aim = HEAD + "项目预期目标:使群众满意度较高。"
    assert run("unsupported-claim", aim) == []


def test_a_rise_in_satisfaction_said_to_be_achieved_with_no_survey_is_a_claim() -> None:
    text = HEAD + "找回率82.1%,初步实现了“打防精准度增强、群众安全感满意度提升”的双赢目标。"
    (finding,) = run("unsupported-claim", text)
    assert "满意度提升" in finding.message
    aim = HEAD + "为了实现群众满意度提升,开展了入户走访。"
    assert run("unsupported-claim", aim) == []


def test_a_files_id_in_a_web_address_is_no_debris() -> None:
    linked = HEAD + "原文:http://example.org/upload/2ADFC23F45B468075A988DD55A13E9E0.html\n"
    assert run("conversion-debris", linked) == []
    assert len(run("conversion-debris", HEAD + "文档 2ADFC23F45B468075A988DD55A13E9E0\n")) == 1


def test_a_sites_service_hotline_is_its_own_not_the_reports() -> None:
    site = HEAD + "400-050-0827(电话支持时间:9:00-18:00)\n本项目预算30万元。"
    assert run("conversion-debris", site) == []
    pasted = HEAD + "22年度部门决算殡仪馆殡葬服务联系电话 4008341834\n本项目预算30万元。"
    assert len(run("conversion-debris", pasted)) == 1
