"""Sums and rates that do not add up."""

from __future__ import annotations

from tests.unit.checks.reports import facts_of, funds, run

HEAD = "某县公安局\n2021年项目资金绩效自评报告\n"


def test_payments_and_their_stated_total() -> None:
    wrong = HEAD + "2021年3月支付30万元，6月支付30万元，合计70万元。"
    right = HEAD + "2021年3月支付30万元，6月支付30万元，合计60万元。"
    (finding,) = run("parts-sum-mismatch", wrong)
    assert "60万元" in finding.message and "70万元" in finding.message
    assert run("parts-sum-mismatch", right) == []


def test_a_figure_restated_in_two_sections_is_counted_once() -> None:
    text = HEAD + (
        "经县政府同意下达经费100万元。\n县财政局于2021年1月下达经费100万元。\n"
        "2021年支付100万元，执行率100%。"
    )
    assert run("execution-rate-mismatch", text) == []


def test_two_equal_payments_in_one_paragraph_are_both_counted() -> None:
    text = HEAD + "项目预算资金60万元。\n2021年3月支付30万元，2021年6月支付30万元，执行率100%。"
    assert run("execution-rate-mismatch", text) == []


def test_execution_rate_against_payments_and_budget() -> None:
    text = HEAD + "项目预算资金200万元。\n2021年支付150万元，执行率100%。"
    (finding,) = run("execution-rate-mismatch", text)
    assert "应为75%" in finding.message


def test_the_rate_of_one_fund_given_by_its_own_sentence_is_not_the_whole_budgets() -> None:
    # shape: a report on several funds, each sentence with its own 下达, 支付 and 支付完成率
    text = HEAD + (
        "项目预算资金605万元，全年支付577.71万元。\n"
        "2021年下达财政专项扶贫资金197万元,实际已支付186.98万元,支付完成率为94.91%。"
    )
    assert run("execution-rate-mismatch", text) == []
    wrong = text.replace("支付完成率为94.91%", "支付完成率为99%")
    (finding,) = run("execution-rate-mismatch", wrong)  # its own figures do not give it
    assert "99%" in finding.message


def test_a_negated_rate_is_not_a_claim() -> None:
    facts = facts_of(HEAD + "因前端各种因素，在线率不能达到100%。资金到位率100%。")
    rates = [(r.raw, r.negated) for r in facts.mentions.rates]
    assert rates == [("资金到位率100%", False)]


def test_no_budget_named_means_no_allocation_rate_to_check() -> None:
    assert run("allocation-rate-mismatch", HEAD + "下达经费50万元，资金到位率100%。") == []


OVERSHOOT = (
    "某市住房和城乡建设局\n2022年农村危房改造项目绩效自评报告\n"
    "我市2022年农村危房改造任务数为115户,实际完成农村危房改造264户,发放补助资金278.8万元。\n"
    "由于改造户房屋年代久远,我市实际改造数超任务43%,全面实现住房安全有保障目标。\n"
)


def test_an_overshoot_the_stated_task_and_actual_do_not_give() -> None:
    # real: 217 (任务115户, 实际264户, "超任务43%": (264-115)/115 = 129.56%)
    (finding,) = run("completion-mismatch", OVERSHOOT)
    assert "超任务43%" in finding.message and "129.56%" in finding.message


def test_an_overshoot_that_adds_up_is_quiet() -> None:
    assert run("completion-mismatch", OVERSHOOT.replace("超任务43%", "超任务129.6%")) == []
    assert run("completion-mismatch", OVERSHOOT.replace("超任务43%", "完成任务的229.6%")) == []


FULL_MARKS = (
    "保山市图书馆2022年度项目支出绩效自评报告\n一、自评结论\n(一)自评得分\n100分。\n"
    "(二)绩效目标完成情况\n"
    "数量指标:年度免费开放服务天360天,指标完成率100%。\n"
    "读者满意度调查好评率90%,指标完成率99.14%。\n"
)


def test_a_completion_below_100_in_a_report_scored_in_full() -> None:
    # real: 210 (自评得分 100分, "指标完成率99.14%")
    (finding,) = run("target-missed", FULL_MARKS)
    assert "99.14%" in finding.message


def test_a_completion_below_100_with_points_deducted_is_quiet() -> None:
    assert run("target-missed", FULL_MARKS.replace("\n100分。", "\n99分。")) == []
    assert run("target-missed", FULL_MARKS.replace("99.14%", "100%")) == []


COUNTS = (
    HEAD + "2024年,中心实施项目共15个(含转列暂付性款项项目5个),年初批复预算8个项目985万元"
    "(含1个年初结转项目50万元),年中增加8个项目(含转列项目5个),实际到位资金334.67万元。\n"
)


def test_a_count_total_its_start_and_added_parts_do_not_make() -> None:
    # real: 108 (共15个; 年初批复8个 + 年中增加8个 = 16; the parenthesised 含…个 are no parts)
    findings = [f for f in run("parts-sum-mismatch", COUNTS) if "个" in f.message]
    (finding,) = findings
    assert "共15个" in finding.message and "16个" in finding.message


def test_a_count_total_that_its_parts_make_is_quiet() -> None:
    right = COUNTS.replace("共15个", "共16个")
    assert [f for f in run("parts-sum-mismatch", right) if "个" in f.message] == []


def test_an_execution_score_above_its_points_is_one_finding_not_two() -> None:
    # a funds row scored 99 of 10: above its points and not 10 × 100%, one defect
    table = "2022年度项目支出绩效自评表\n" + funds(
        ("年度资金总额", "20", "20", "20", "10", "100%", "99")
    )
    findings = run("score-mismatch", table)
    assert len(findings) == 1 and "99" in findings[0].message


def test_spending_in_prose_above_the_budget_in_prose_is_unexplained_overspending() -> None:
    # 716's shape: the totals told in prose, the money "已使用" above the 总预算
    text = HEAD + "示范项目总预算36,620万元。\n截至2021年末,示范项目资金已使用36,948.11万元。"
    (finding,) = run("overspent-unexplained", text)
    assert "36,948.11" in " ".join(finding.evidence)
    assert run("overspent-unexplained", text.replace("36,948.11", "35,948.11")) == []
    explained = text + "\n超出部分为县财政追加安排的资金。"
    assert run("overspent-unexplained", explained) == []
