"""Sums in prose, the funds columns, overspending and slips in a list of instalments, on
sentences and funds blocks shaped as county reports write them."""

from __future__ import annotations

from tests.unit.checks.reports import funds, run

T = "\t"
HEAD = "某县文化馆\n2022年度免费开放补助资金绩效自评报告\n一、项目基本情况\n"


def test_a_sum_written_out_that_does_not_add_up() -> None:
    wrong = HEAD + "全年共支付三期服务费，金额为30+30+29.99=89.97万元。"
    right = HEAD + "全年共支付三期服务费，金额为30+30+29.99=89.99万元。"
    (finding,) = run("parts-sum-mismatch", wrong)
    assert "89.97" in finding.message and "89.99" in finding.message
    assert run("parts-sum-mismatch", right) == []


def test_a_count_whose_parts_exceed_it() -> None:
    wrong = HEAD + "全年共开展免费培训活动48场，其中少儿培训30场、老年培训25场。"
    subset = HEAD + "全年共开展免费培训活动48场，其中少儿培训30场、老年培训12场。"
    (finding,) = run("parts-sum-mismatch", wrong)
    assert "30场＋25场=55场" in finding.message and "48场" in finding.message
    assert run("parts-sum-mismatch", subset) == []  # parts of a total need not be all of it


def test_parts_said_to_be_all_of_a_count() -> None:
    text = HEAD + "全年共开展免费培训活动48场，其中分别为少儿培训30场、老年培训12场。"
    (finding,) = run("parts-sum-mismatch", text)
    assert "42场" in finding.message


def test_funds_total_against_its_source_rows() -> None:
    text = HEAD + funds(
        ("年度资金总额", "50", "50", "50", "10", "100%", "10"),
        ("其中：当年财政拨款", "40", "40", "40", "—", "—", "—"),
        ("上年结转资金", "5", "5", "5", "—", "—", "—"),
    )
    (finding,) = run("parts-sum-mismatch", text)  # one finding, though three columns differ
    assert "45万元" in finding.message and "50万元" in finding.message


def test_a_source_rows_rate_against_its_own_columns() -> None:
    rows = (
        ("年度资金总额", "9.48", "9.48", "9.48", "10", "100%", "10"),
        ("其中：当年财政拨款", "9.48", "9.48", "8.00", "10", "84.39%", "10"),
    )
    assert run("execution-rate-mismatch", HEAD + funds(*rows)) == []
    rows = (rows[0], ("其中：当年财政拨款", "9.48", "9.48", "8.00", "10", "100%", "10"))
    (finding,) = run("execution-rate-mismatch", HEAD + funds(*rows))
    assert "当年财政拨款" in finding.message and "84.38%" in finding.message


def test_the_execution_score_follows_from_the_columns_when_no_rate_is_written() -> None:
    rows = (("年度资金总额", "80", "80", "72", "10", "", "10"),)
    (finding,) = run("score-mismatch", HEAD + funds(*rows))
    assert "90%" in finding.message and "=9不符" in finding.message
    rows = (("年度资金总额", "80", "80", "72", "10", "", "9"),)
    assert run("score-mismatch", HEAD + funds(*rows)) == []


def test_spending_above_the_budget_must_be_explained() -> None:
    rows = (("年度资金总额", "80", "80", "86.4", "10", "108%", "10"),)
    (finding,) = run("overspent-unexplained", HEAD + funds(*rows))
    assert "86.4万元" in finding.message and "80万元" in finding.message
    said = HEAD + "因冬季取暖设备维修追加经费6.4万元。\n" + funds(*rows)
    assert run("overspent-unexplained", said) == []


def test_a_stated_execution_rate_above_100_in_the_text() -> None:
    (finding,) = run("overspent-unexplained", HEAD + "全年预算执行率为105%。")
    assert "105%" in finding.message
    assert run("overspent-unexplained", HEAD + "全年预算执行率为100%。") == []


def test_one_instalment_in_yuan_among_instalments_in_wan() -> None:
    wrong = HEAD + "合同分三期支付，分别支付30万元、30万元、29.99元。"
    right = HEAD + "合同分三期支付，分别支付30万元、30万元、29.99万元。"
    (finding,) = run("amount-unit-slip", wrong)
    assert "29.99元" in finding.message
    assert run("amount-unit-slip", right) == []


def test_amounts_of_different_sizes_are_no_slip() -> None:
    text = HEAD + "支付设备款30万元、安装费12万元、快递费80元。"
    assert run("amount-unit-slip", text) == []


def test_a_table_that_is_cut_short_is_not_a_report_without_indicators() -> None:
    cut = HEAD + T.join(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"]) + "\n……"
    assert run("no-indicators", cut) == []
    (finding,) = run("table-unreadable", cut)
    assert finding.severity == "info"
    prose = HEAD + "三、项目绩效情况\n项目完成良好，群众反映较好。"
    assert run("table-unreadable", prose) == []
    assert len(run("no-indicators", prose)) == 1


def test_parts_after_semicolons_in_the_counters_the_total_allows() -> None:
    text = HEAD + (
        "共建设和安装软硬件设备共16954套(台、块、项),其中:总平台安装设备558套(台、块、项);"
        "分平台安装设备1488套;公安分平台安装设备34套;前端补点安装设备14666台(套);"
        "精品社区设备242套。"
    )
    (finding,) = run("parts-sum-mismatch", text)
    assert "16988套" in finding.message and "16954套" in finding.message


def test_document_properties_and_dates_without_year_and_month_are_debris() -> None:
    (finding,) = run(
        "conversion-debris", HEAD + "安福全 2022-05-16T06:53:23Z False False False 附件"
    )
    assert "False False False" in finding.evidence[0]
    (finding,) = run("conversion-debris", HEAD + "评价组于202182日至2021810日开展现场评价。")
    assert "于202182日至2021810日" in finding.evidence[0]
    assert run("conversion-debris", HEAD + "评价组于2021年8月2日至8月10日开展现场评价。") == []


def test_a_text_that_breaks_off_mid_sentence_is_no_report_without_indicators() -> None:
    cut = HEAD + "本项目预算30万元，已全部支付。\n（二）项目绩效目标\n总体目标：对全县"
    assert run("no-indicators", cut) == []
    (finding,) = run("table-unreadable", cut)
    assert "对全县" in finding.message
    signed = HEAD + "三、项目绩效情况\n本项目已全部支付。\n某县文化馆\n2023年3月1日"
    assert run("table-unreadable", signed) == []
    assert len(run("no-indicators", signed)) == 1


def _flat_funds(total: str, source: str) -> str:
    """A 自评表 flattened into one line by a PDF export: cells apart by single spaces."""
    return HEAD + (
        "项目名称 乡镇文化站运转经费 项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 执行率 "
        f"得分 年度资金总额: {total} 其中:本年财政拨款 {source} 上年结转资金 其他资金 "
        "年度总体目标 预期目标 实际完成情况 保障文化站正常运转。 文化站全年正常开放。 "
        "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
        "产出指标 数量指标 开放天数 ≥300天 310天 50 50 "
        "效益指标 社会效益指标 群众参与人次 ≥5000人次 5200人次 30 30"
    )


def test_a_funds_total_left_at_zero_beside_its_source_row() -> None:
    wrong = _flat_funds("0 0 0 10 0 0", "60 48.5 48.5")
    (parts,) = run("parts-sum-mismatch", wrong)
    assert any("其中:本年财政拨款 60 48.5 48.5" in e for e in parts.evidence)
    (rate,) = run("execution-rate-mismatch", wrong)
    assert "年度资金总额: 0 0 0" in rate.evidence[0] and "100%" in rate.message
    right = _flat_funds("60 48.5 48.5 10 100% 10", "60 48.5 48.5")
    assert run("parts-sum-mismatch", right) == []
    assert run("execution-rate-mismatch", right) == []


def test_a_rate_of_figures_run_together_is_no_overspending() -> None:
    glued = funds(("年度资金总额", "", "", "", "10", "202010100.00%", "10"))
    assert run("overspent-unexplained", HEAD + glued) == []
    assert run("execution-rate-mismatch", HEAD + glued) == []
    over = funds(("年度资金总额", "", "", "", "10", "120%", "10"))
    assert len(run("overspent-unexplained", HEAD + over)) == 1


def test_a_list_with_a_broken_thousands_figure_is_not_summed() -> None:
    broken = HEAD + "待付费用：审核费12,500元、评审费345,00元、监理费20,000元，合计67,000元。"
    assert run("parts-sum-mismatch", broken) == []
    wrong = HEAD + "待付费用：审核费12,500元、评审费34,500元、监理费20,000元，合计68,000元。"
    (finding,) = run("parts-sum-mismatch", wrong)
    assert "68,000元" in finding.message


def test_characters_misread_from_a_scan_are_debris() -> None:
    scanned = HEAD + (
        "维修资金(万兀)共12.5。\n发放宣传册第O份至20份，合格率2$95%。\n"
        "年度绩效目标标O0B年绩目。播发稿件数量tot扁2200篇。"
    )
    (finding,) = run("conversion-debris", scanned)
    said = " ".join(finding.evidence)
    assert "维修资金(万兀)" in said and "第O份" in said and "2$95%" in said
    assert "标O0B年" in said and "tot扁" in said
    clean = HEAD + "维修资金(万元)共12.5，WIFI覆盖100%，IP地址20个，发放宣传册20份，2km道路。"
    assert run("conversion-debris", clean) == []


def test_a_count_broken_down_by_level_is_no_sum_of_parts() -> None:
    """ "共编制12个指标,其中一级指标3个,二级指标9个,三级指标12个": each level counts the
    same indicators again, a breakdown by level, not parts of the 12."""
    levels = HEAD + "该项目共编制12个绩效目标指标,其中一级指标3个,二级指标9个,三级指标12个。"
    assert run("parts-sum-mismatch", levels) == []
    kinds = HEAD + "该项目共编制12个绩效目标指标,其中产出指标3个,效益指标9个,满意度指标2个。"
    assert len(run("parts-sum-mismatch", kinds)) == 1


def test_the_parts_of_an_amount_end_where_the_next_numbered_item_starts() -> None:
    """ "1、A资金:安排30万元,其中B10万元;2、C资金:拨款427.36万元": the 427.36 opens item 2,
    it is no part of item 1's 30."""
    listed = HEAD + (
        "1、档案管理项目资金:县财政安排30万元,其中重点档案10万元;"
        "2、档案馆建设项目资金:县财政拨款427.36万元,当年全部到位。"
    )
    assert run("parts-sum-mismatch", listed) == []
    wrong = HEAD + "档案管理项目资金:县财政安排30万元,其中重点档案10万元、档案征集25万元。"
    assert len(run("parts-sum-mismatch", wrong)) == 1


def test_a_text_ending_in_a_bare_year_breaks_off() -> None:
    """ "5、省安排2016年" ends on a year without its month: the text was cut there, not signed."""
    cut = HEAD + "本项目预算30万元，已全部支付。\n5、省安排2016年"
    assert run("no-indicators", cut) == []
    assert len(run("table-unreadable", cut)) == 1


def test_receipts_dated_by_month_are_instalments_whose_odd_unit_is_a_slip() -> None:
    text = HEAD + "运行维护经费170万元,3月到账70万元,6月到账60万元,10月到账20元,11月到账20万元。"
    (finding,) = run("amount-unit-slip", text)
    assert "“20元”" in finding.message
    two = HEAD + "运行维护经费170万元,3月到账70万元,10月到账20元。"
    assert run("amount-unit-slip", two) == []


def test_a_total_stated_before_its_list_is_checked_against_the_list() -> None:
    """ "…专项资金共计1586万元,其中:A43.8万元;B43万元;C1500万元": 共计 opens the list."""
    wrong = HEAD + "专项资金共计1586万元,其中:运行维护43.8万元;中心建设43万元;广播建设1500万元。"
    (finding,) = run("parts-sum-mismatch", wrong)
    assert "1586.8" in finding.message or "1,586.8" in finding.message
    right = wrong.replace("43.8万元", "43万元")
    assert run("parts-sum-mismatch", right) == []


def test_a_budget_and_a_larger_spending_in_one_sentence_is_overspent() -> None:
    text = HEAD + "本部门基本支出预算1304.3万,决算基本支出1317.5万,调整数13.23万。\n"
    (finding,) = run("overspent-unexplained", text)
    assert "1317.5万" in finding.message
    assert run("overspent-unexplained", text.replace("1317.5万", "1298.5万")) == []
    explained = text + "因人员增加，年中追加基本支出13.23万元。\n"
    assert run("overspent-unexplained", explained) == []


def test_a_total_said_paid_in_full_and_paid_in_part_elsewhere() -> None:
    text = HEAD + (
        "1、项目资金到位情况。衔接资金2179万元目前已全部拨付,及时安排到相关项目。\n"
        "2、项目资金执行情况。项目资金共2179万元,截止12月8日,已完成拨付2113.63万元,执行率97%。\n"
    )
    (finding,) = run("actual-contradicts-text", text)
    assert "2113.63万元" in finding.message
    assert any("2179万元目前已全部拨付" in e for e in finding.evidence)
    paid = text.replace("2113.63万元,执行率97%", "2179万元,执行率100%")
    assert run("actual-contradicts-text", paid) == []


def test_a_closing_quote_whose_opening_was_lost_is_debris() -> None:
    lost = HEAD + "细化三级指标。:救援响应效率”量化为“接警后30秒内出动率≥95%”。\n"
    (finding,) = run("conversion-debris", lost)
    assert ":救援响应效率”" in " ".join(finding.evidence)
    whole = HEAD + "细化三级指标。如“救援响应效率”量化为“接警后30秒内出动率≥95%”。\n"
    assert run("conversion-debris", whole) == []


def test_satisfaction_said_to_rise_without_a_survey_or_a_figure_is_unsupported() -> None:
    text = HEAD + "进一步增强了全民禁毒意识,提升了群众安全感和满意度。\n"
    (finding,) = run("unsupported-claim", text)
    assert "提升了群众安全感和满意度" in finding.message
    surveyed = text + "经发放问卷300份，收回有效问卷289份。\n"
    assert run("unsupported-claim", surveyed) == []


def test_satisfaction_to_be_raised_is_an_aim_not_a_claim() -> None:
    goals = HEAD + "预期目标:1、提高办案效率;2、增强人民群众满意度。\n"
    assert run("unsupported-claim", goals) == []
    listed = HEAD + "核心绩效目标:资金支出率≥98%,圆满完成年度重点任务,提升群众满意度。\n"
    assert run("unsupported-claim", listed) == []
    done = HEAD + "项目实施后有效提升群众满意度。\n"
    (finding,) = run("unsupported-claim", done)
    assert "有效提升群众满意度" in finding.message


def test_a_funds_block_line_by_line_whose_parts_miss_the_total() -> None:
    block = "\n".join(
        [
            "特别扶助制度补助资金(万元)",
            "年度预算资金总额: 321.25",
            "其中:中央补助 166.00",
            "市级资金 136.00",
            "本级资金(包括结转结余) 20.25",
            "其中:",
        ]
    )
    (finding,) = run("parts-sum-mismatch", HEAD + block)
    assert "322.25" in finding.message and "321.25" in finding.message
    assert run("parts-sum-mismatch", HEAD + block.replace("20.25", "19.25")) == []


def test_amounts_of_one_project_told_in_turn_are_no_parts_of_a_total() -> None:
    # shape: 批复资金A，…（日期）…合同总价B，…已支付95%，共计C — three amounts, no list
    text = HEAD + (
        "该项目财政批复资金179.744万元,于2021年9月24日公开招标,合同总价178.6万元,"
        "于2022年7月19日竣工验收,目前已支付95%的项目款,共计169.67万元。"
    )
    assert run("parts-sum-mismatch", text) == []
    listed = HEAD + "支付设备款60万元、安装费30万元，共计100万元。"
    (finding,) = run("parts-sum-mismatch", listed)  # a list and its 共计 still counts
    assert "90万元" in finding.message and "100万元" in finding.message


def test_a_total_after_qizhong_starts_another_sum() -> None:
    # shape: 预算A，其中结转B，支出合计C — C is a total of its own, not a part of A
    text = HEAD + "全年预算经费73.19万元,其中上年结转15.19万元,全年支出合计43.73万元,执行率59.75%。"
    assert run("parts-sum-mismatch", text) == []


def test_parts_that_make_the_total_end_the_list() -> None:
    # shape: 收入A，其中B，C；支出D，其中E，F (B+C=A): a run-on sentence, two sums both right
    text = HEAD + (
        "全年实际收入1699.12万元,其中财政拨款收入1435.22万元,上年结转结余263.90万元;"
        "全年实际支出1595.59万元,其中基本支出890.4万元,项目支出705.19万元。"
    )
    assert run("parts-sum-mismatch", text) == []
    wrong = HEAD + "全年实际收入1699.12万元,其中财政拨款收入1435.22万元,上年结转结余253.90万元。"
    assert len(run("parts-sum-mismatch", wrong)) == 1


def test_parts_in_the_next_sentence_are_quoted_beside_the_total() -> None:
    # shape: 下达资金A。其中:B项a,C项b,D项c。 — the reviewer needs both sentences
    text = (
        HEAD
        + "下达2023年中央水利发展资金2263万元。其中:中小河流治理工程1435万元,小流域综合治理700万元,山洪灾害防治18万元。"
    )
    (finding,) = run("parts-sum-mismatch", text)
    assert "2153万元" in finding.message
    assert any("中小河流治理工程1435万元" in e for e in finding.evidence[1:])


def test_no_indicators_quotes_the_performance_section_that_states_none() -> None:
    # shape: a numbered 绩效情况 heading whose section has words only, run into the next one
    text = (
        HEAD
        + "三、预算支出情况支出共计87.06万元四、预算支出绩效情况保证了学校的正常运转五、存在的问题暂无"
    )
    (finding,) = run("no-indicators", text)
    assert "四、预算支出绩效情况" in finding.message
    assert "保证了学校的正常运转" in finding.evidence[0]


def test_indicators_stated_in_prose_or_no_performance_section_are_not_missing() -> None:
    # shape: results counted in prose ("送戏下乡197场,培训214期"); a 决算 page with no
    # performance section; a contents line naming the section with its page
    counted = HEAD + "项目绩效目标完成情况:全年送戏下乡197场,开展文化队伍培训214期。"
    assert run("no-indicators", counted) == []
    rated = HEAD + "三、项目绩效情况\n全年视频点位平均在线率为96%。"
    assert run("no-indicators", rated) == []
    accounts = HEAD + "一、部门基本情况\n本部门2021年收入合计1000万元。\n某县公安局"
    assert run("no-indicators", accounts) == []
    contents = HEAD + "(五)绩效指标完成情况分析。17\n四、评价结论。18\n某县公安局"
    assert run("no-indicators", contents) == []
    sentence = HEAD + "我委对部门整体和项目支出绩效情况进行自查自评,报告如下:\n某县公安局"
    assert run("no-indicators", sentence) == []


def test_conversion_debris_quotes_the_fragment_a_reviewer_points_at() -> None:
    # shape: a mirror's converted heading ("?(xiàng)目概況", its bracket lost too) quoted whole,
    # and the message names the first fragment, not only its line
    text = HEAD + "（一）項(xiàng)目概況\n?。ㄒ唬╉?xiàng)目概況\n本項目預算30萬元。"
    (finding,) = run("conversion-debris", text)
    assert "如“（一）項(xiàng)目概況”" in finding.message
    assert any("?。ㄒ唬╉?xiàng)目概況" in e for e in finding.evidence)


def test_what_a_mirror_inserts_into_the_text_is_debris_but_not_its_banner() -> None:
    # shape: a hotline advert run into a sentence; gambling words in place of a city's name;
    # a banner line of the mirror site alone at the top is its chrome, not the report's text
    advert = HEAD + "内设10个机构,分别是检务督察部,殡仪馆殡葬服务联系电话 4008341834无下属单位。"
    (finding,) = run("conversion-debris", advert)
    assert "殡仪馆殡葬服务联系电话 4008341834" in finding.message
    city = HEAD + "中共球探足球比分:委办公室\n2017年1月"
    assert len(run("conversion-debris", city)) == 1
    banner = "竞彩足球比分\n" + HEAD + "本项目预算30万元，已全部支付。"
    assert run("conversion-debris", banner) == []


def test_a_document_number_whose_year_ran_into_its_number_is_debris() -> None:
    # shape: 〔2020〕7号 converted without its closing bracket: "湘财绩〔20207号"
    broken = HEAD + "根据《绩效管理办法》(湘财绩〔20207号)等有关文件,开展自评。"
    (finding,) = run("conversion-debris", broken)
    assert "湘财绩〔20207号" in finding.message
    right = HEAD + "根据《绩效管理办法》(湘财绩〔2020〕7号)等有关文件,开展自评。"
    assert run("conversion-debris", right) == []


def test_payments_told_one_by_one_above_the_budget_are_overspent() -> None:
    # shape: 预算安排资金X万元。支付了A万元…另外开支了B万元… (A+B > X), no word of why
    budget = HEAD + "(一)年初财政预算安排资金83万元,并已拨付到位。\n"
    over = budget + "(二)就该项目支付了68万元的线路租费。另外开支了28万元运行维护费。"
    (finding,) = run("overspent-unexplained", over)
    assert "68万元＋28万元=96万元" in finding.message and "83万元" in finding.message
    within = budget + "(二)就该项目支付了58万元的线路租费。另外开支了25万元运行维护费。"
    assert run("overspent-unexplained", within) == []
    said = over + "超出部分由单位自筹解决。"
    assert run("overspent-unexplained", said) == []


def test_a_flattened_funds_block_without_indicator_rows_is_read_and_scored() -> None:
    # shape: a PDF's funds block in one line, amounts with 万元, the 得分 header wrapped below
    # the row, no indicator table after it: 分值100 and 得分10 at 执行率100% do not fit
    line = (
        "项目支出绩效自评表 项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 "
        "年度资金总额: 620.82万元 620.82万元 620.82万元 100 100% 10 得分 上年结转资金 "
        "预期目标 实际完成情况"
    )
    (finding,) = run("score-mismatch", HEAD + line)
    assert "620.82万元 620.82万元 620.82万元 100 100% 10" in finding.evidence[0]
    right = line.replace("100 100% 10", "10 100% 10")
    assert run("score-mismatch", HEAD + right) == []


def test_a_breakdown_in_brackets_that_does_not_make_its_count() -> None:
    # shape: N人(A人,B人,C人) with A+B+C ≠ N; a bracket saying 其中 lists only some
    wrong = HEAD + "现有财政供养人员19人,其中:在职人员18人(公务员12人,机关工人2人,事业人员5人)。"
    (finding,) = run("parts-sum-mismatch", wrong)
    assert "在职人员18人" in finding.message and "19人" in finding.message
    right = HEAD + "在职人员19人(公务员12人,机关工人2人,事业人员5人)。"
    assert run("parts-sum-mismatch", right) == []
    some = HEAD + "在职人员18人(其中公务员12人,机关工人2人)。"
    assert run("parts-sum-mismatch", some) == []


def test_the_moneys_execution_rate_is_no_indicator_stated_in_prose() -> None:
    # shape: a 绩效情况 section whose only figure is 执行率100%: still no indicator
    text = (
        HEAD
        + "四、项目绩效情况\n经费在当期完成了项目的总体实施，执行率100%。\n五、评价结论\n良好。"
    )
    (finding,) = run("no-indicators", text)
    assert "四、项目绩效情况" in finding.message


def test_results_counted_in_prose_with_no_target_anywhere() -> None:
    # shape: 绩效目标完成情况 counting what was done (送戏197场, 培训214期) and no target stated
    done = "项目全年预算数为1050万元。项目绩效目标完成情况:全年送戏下乡197场,开展各类文化队伍培训214期。"
    (finding,) = run("indicator-no-target", HEAD + done)
    assert "送戏下乡197场" in " ".join(finding.evidence)
    planned = HEAD + "年度计划送戏下乡200场。\n" + done
    assert run("indicator-no-target", planned) == []


# 415: a transfer-payment form copied as text, cells apart by "|".
TRANSFER_FUNDS = "\n".join(
    [
        "医疗救助补助资金转移支付项目绩效目标自评表 | |||||||",
        "(2024年度) | |||||||",
        "资金投入情况(万元) | 全年预算数(A) | 全年执行数(B) | 预算执行率(B/A×100%) | ||||",
        "年度资金总额: | 3359.62万 | 3359.62万 | 100% | ||||",
        "其中:中央财政资金 | 829.3万 | 829.3万 | 100% | ||||",
        "彩票公益金用于医疗救助 | 0 | 0 | 100% | ||||",
        "地方资金 | 2530.32万 | 2530.32万 | 100% | ||||",
    ]
)


def test_a_rate_of_nothing_budgeted_and_nothing_spent() -> None:
    (finding,) = run("execution-rate-mismatch", TRANSFER_FUNDS)
    assert "彩票公益金用于医疗救助" in finding.message and "0÷0" in finding.message


def test_an_empty_rate_beside_zeros_and_zero_counts_elsewhere_are_quiet() -> None:
    empty = TRANSFER_FUNDS.replace("| 0 | 0 | 100% |", "| 0 | 0 | |")
    assert run("execution-rate-mismatch", empty) == []
    # an indicator row (target 0, actual 0, 100%) is no funds row
    counts = "\n".join(
        [
            TRANSFER_FUNDS.replace("彩票公益金用于医疗救助 | 0 | 0 | 100% | ||||\n", ""),
            "安全事故发生次数 | 0 | 0 | 100% |",
        ]
    )
    assert run("execution-rate-mismatch", counts) == []


# 227: the form's 执行准确性 says nothing strayed, its funds rows say 86% was spent.
def _transfer_form(executed: str, account: str) -> str:
    return "\n".join(
        [
            "就业补助资金转移支付项目绩效目标自评表 | |||||||",
            "(2024年度) | |||||||",
            "全年预算数(A) | 全年执行数(B) | 预算执行率(B/A×100%) | ||||",
            f"年度资金总额: | 808.1 | {executed} | 86% | ||||",
            "资金管理情况 | 情况说明 | 存在问题和改进措施 | |||||",
            f"执行准确性 | {account} | ||||||",
        ]
    )


DEVIATION_DENIED = "按照上级下达的金额执行,不存在执行数偏离预算数较多的问题。"


def test_no_deviation_claimed_for_money_left_unspent() -> None:
    (finding,) = run("actual-contradicts-text", _transfer_form("692.98", DEVIATION_DENIED))
    assert "不存在执行数偏离预算数较多的问题" in finding.message and "85.75%" in finding.message


def test_no_deviation_when_spent_or_said_of_the_goals_is_quiet() -> None:
    assert run("actual-contradicts-text", _transfer_form("800", DEVIATION_DENIED)) == []
    goals = "项目实施无偏离绩效目标的情况。"
    assert run("actual-contradicts-text", _transfer_form("692.98", goals)) == []


def test_a_source_row_of_zeros_under_the_totals_merged_rate_is_quiet() -> None:
    # a Word table's 执行率 cell merged down the source rows reads as each row's rate
    table = "\n".join(
        [
            "2022年度项目支出绩效自评表",
            T.join(
                [
                    "项目资金（万元）",
                    "年初预算数",
                    "全年预算数",
                    "全年执行数",
                    "分值",
                    "执行率",
                    "得分",
                ]
            ),
            T.join(["年度资金总额", "50", "50", "50", "10", "100%", "10"]),
            T.join(["其中：当年财政拨款", "50", "50", "50", "10", "100%", "10"]),
            T.join(["其他资金", "0", "0", "0", "10", "100%", "10"]),
        ]
    )
    assert run("execution-rate-mismatch", table) == []
    alone = table.replace(
        T.join(["其他资金", "0", "0", "0", "10", "100%", "10"]),
        T.join(["其他资金", "0", "0", "0", "10", "50%", "10"]),
    )
    (finding,) = run("execution-rate-mismatch", alone)
    assert "其他资金" in finding.message and "0÷0" in finding.message


def test_a_source_row_read_without_a_column_is_not_summed_in_that_column() -> None:
    # shape: "其中:本年财政拨款 55 55 55 - 100% -" read with its 年初预算数 cell lost: the other
    # sources' 0 in that column is no sum of the block; the columns every source has still are
    lost = funds(
        ("年度资金总额", "55", "55", "55", "10", "100%", "10"),
        ("其中：当年财政拨款", "", "55", "55", "—", "—", "—"),
        ("上年结转资金", "0", "0", "0", "—", "—", "—"),
    )
    assert run("parts-sum-mismatch", HEAD + lost) == []
    short = lost.replace("\t\t55\t55\t", "\t\t55\t50\t")
    (finding,) = run("parts-sum-mismatch", HEAD + short)
    assert "全年执行数：各资金来源合计50万元" in finding.message


def test_an_amount_per_person_among_the_parts_is_a_rate_not_a_part() -> None:
    # shape: "资金45万元…,其中工资30000元每年每人,保险费共3万元": 14 people's pay, not one part
    rated = (
        HEAD
        + "计划使用财政资金45万元给聘用的14人发放工资及缴纳保险费,其中工资30000元每年每人,保险费共3万元。"
    )
    assert run("parts-sum-mismatch", rated) == []
    parts = HEAD + "计划使用财政资金45万元发放工资及缴纳保险费,其中工资30万元,保险费3万元。"
    (finding,) = run("parts-sum-mismatch", parts)
    assert "30万元＋3万元=33万元" in finding.message


def test_the_items_of_one_part_of_a_total_are_not_its_parts() -> None:
    # shape: 总计A,其中项目资金两项:B、C — B+C make the 项目资金, not A
    text = HEAD + "2021年部门预算总计100.46万元,其中项目资金两项:专项经费34.5万元,工作经费5.8万元。"
    assert run("parts-sum-mismatch", text) == []
    listed = HEAD + "2021年部门预算总计100.46万元,其中:专项经费34.5万元,工作经费5.8万元。"
    assert len(run("parts-sum-mismatch", listed)) == 1
