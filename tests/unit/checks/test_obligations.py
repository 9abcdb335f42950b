"""Contract terms that put more due than was paid, behind a claim of 100%."""

from __future__ import annotations

from tests.unit.checks.reports import run

HEAD = "盐边县公安局\n公安智能安全暨数字化综合管理系统运维费绩效自评报告\n"
TERMS = (
    "天网工程于2019年1月1日通过终验正式上线运行。天网工程审计金额为3894万元，按照合同约定，"
    "项目通过验收后需支付项目服务费，分120月付清。该项目前期只支付了60万元，2021年支付100万元。"
)


def test_the_seed_schedule_gives_the_arrears_of_the_worked_numbers() -> None:
    text = HEAD + TERMS + "\n县财政局于2021年1月下达经费100万元，到位率100%。"
    (finding,) = run("obligation-arrears", text)
    assert "应付1168.2万元" in finding.message
    assert "已付160万元" in finding.message and "欠付1008.2万元" in finding.message
    assert finding.severity.value == "error"


def test_without_a_claim_of_100_percent_it_is_a_warning() -> None:
    (finding,) = run("obligation-arrears", HEAD + TERMS)
    assert finding.severity.value == "warning"


def test_a_report_that_states_its_arrears_is_quiet() -> None:
    text = HEAD + TERMS + "\n截至2021年底尚欠服务费1008.2万元，到位率100%。"
    assert run("obligation-arrears", text) == []


def test_a_finished_construction_is_due_in_full() -> None:
    text = HEAD + (
        "该项目于2021年2月建成投入使用，共计需要支付建设费用113.5585万元，2021年支付50万元。\n"
        "下达经费50万元，资金到位率100%，资金支付完成100%。"
    )
    (finding,) = run("obligation-arrears", text)
    assert "欠付63.5585万元" in finding.message


def test_unfinished_work_with_no_schedule_owes_nothing_yet() -> None:
    text = HEAD + "项目共计需要支付建设费用113.5585万元，2021年支付50万元，到位率100%。"
    assert run("obligation-arrears", text) == []


def test_a_report_that_states_no_payment_is_silent_not_in_arrears() -> None:
    # shape: 批复总投资A…完成资金拨付和项目验收 — no amount paid is written, so none is owed
    text = HEAD + (
        "项目批复总投资61.8万元,中央下达资金61.8万元。\n"
        "工程于2021年2月12日开工,2021年7月完成资金拨付和项目验收工作。"
    )
    assert run("obligation-arrears", text) == []
