"""Amounts whose unit cannot be right."""

from __future__ import annotations

from tests.unit.checks.reports import facts_of, run

HEAD = "某县公安局\n2021年项目资金绩效自评报告\n"


def test_yuan_beside_the_same_figure_in_wan_is_a_unit_slip() -> None:
    text = HEAD + "该项目预算资金64.638万元。\n该项目实际完成资金支付64.638元，资金支付率100%。"
    (finding,) = run("amount-unit-slip", text)
    assert "64.638元" in finding.message and "64.638万元" in finding.message
    assert "第4行" in finding.location


def test_round_figures_may_recur_in_different_units() -> None:
    text = HEAD + "该项目预算资金100万元。\n购置配件单价100元。"
    assert run("amount-unit-slip", text) == []


def test_a_count_in_wan_is_not_money() -> None:
    facts = facts_of(HEAD + "服务群众10万人，预算资金30万元。")
    assert [m.raw for m in facts.mentions.amounts] == ["30万元"]


def test_amounts_are_read_by_parse_amount_and_keep_their_role() -> None:
    facts = facts_of(HEAD + "经盐边财政【2021】8号文下达经费100万元，2021年支付100万元。")
    roles = [(m.raw, m.role.value, m.year) for m in facts.mentions.amounts]
    assert roles == [("100万元", "下达", None), ("100万元", "支付", 2021)]
    assert facts.mentions.amounts[0].yuan == 1_000_000
    assert facts.mentions.documents[0].raw == "盐边财政【2021】8号"


def test_an_amount_in_traditional_characters_is_money_too() -> None:
    # shape: a page converted to traditional characters: "2089萬元" beside a slipped "2089元"
    text = (
        "某縣農業農村局\n農機購置補貼項目績效自評報告\n"
        "農機購置補貼項目預算資金合計2089萬元。\n項目資金全年預算數2089元,全部到位。"
    )
    (finding,) = run("amount-unit-slip", text)
    assert "2089元" in finding.message and "2089萬元" in finding.message


def test_a_projects_fund_of_a_few_yuan_lost_its_wan() -> None:
    # 204: 120 people × 300 元 is 3.6万元, written "3.6元"
    text = HEAD + "春节慰问经费项目市级资金配套3.6元,全部到位并使用完毕,执行率100%。"
    (finding,) = run("amount-unit-slip", text)
    assert "3.6元" in finding.message and "3.6万元" in finding.message


def test_prices_standards_and_remainders_in_yuan_are_no_fund() -> None:
    for sentence in (
        "慰问对象120人,慰问资金标准300元/人。",
        "项目结余资金35元已上缴财政。",
        "人均补助资金300元,全部发放到位。",
        "春节慰问经费项目市级资金配套0元。",
    ):
        assert run("amount-unit-slip", HEAD + sentence) == [], sentence
