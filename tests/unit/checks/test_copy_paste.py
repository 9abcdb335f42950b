"""Text naming another project or unit than the report's own."""

from __future__ import annotations

from tests.unit.checks.reports import run

HEAD = "盐边县公安局\n视频会议系统升级改造经费资金绩效自评报告\n"


def test_another_funds_name_and_its_other_mentions_are_reported() -> None:
    text = HEAD + (
        "盐边县公安局视频会议系统升级改造经费在当期完成了项目的总体实施。有力保障了县公安局政法队伍教育整顿的顺利开展。\n"
        "盐边县公安局政法队伍教育整顿工作经费在当期完成了项目的总体实施。"
    )
    (finding,) = run("foreign-project", text)
    assert "政法队伍教育整顿工作经费" in finding.message
    assert len(finding.evidence) == 2


def test_the_reports_own_short_name_is_its_own() -> None:
    text = (
        "盐边县公安局\n公安智能安全暨数字化综合管理系统运维费绩效自评报告\n"
        "盐边县智能安全暨数字化综合管理系统工程（以下简称天网工程）于2018年通过终验。\n"
        "天网工程审计金额为3894万元。\n"
        "项目实施经费需纳入财政预算管理。\n"
        "截止目前项目资金全部到位。"
    )
    assert run("foreign-project", text) == []


def test_another_county_bureau_is_reported_and_own_is_quiet() -> None:
    assert len(run("foreign-unit", HEAD + "盐池县公安局严格按照财经纪律执行。")) == 1
    assert run("foreign-unit", HEAD + "有力保障了县公安局的工作，盐边县公安局严格执行。") == []


def test_the_fund_a_transfer_payment_came_from_is_named_with_its_amount() -> None:
    """A 转移支付 report names the fund its money came from, with the amount: a budget line,
    not a name copied from another report."""
    text = (
        HEAD + "2019年中央补助地方公共文化服务体系建设专项资金共计1586万元,其中运行维护43.8万元。"
    )
    assert run("foreign-project", text) == []
    copied = HEAD + "中央补助地方公共文化服务体系建设专项资金在当期完成了项目的总体实施。"
    assert len(run("foreign-project", copied)) == 1


def test_an_indicator_row_flattened_into_a_line_names_no_fund() -> None:
    """A 区域自评表 one cell per line: the row "指标1:辖区内与补助资金相关的…事故发生数" is an
    indicator's name, read as one, not another project's fund."""
    cells = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成指标值"]
    cells += ["效益指标", "社会效益指标", "指标1:辖区内与补助资金相关的重大安全事故发生数", "0次"]
    cells += ["0次", "指标2:公众安全知识素养", "逐步提高", "逐步提高"]
    text = HEAD + "\n\n".join(cells)
    assert run("foreign-project", text) == []


def test_a_sentence_about_funds_is_no_other_projects_name() -> None:
    # shape: 单位 + 根据/筹集… + 补助资金 — what a bureau did with funds, not a project's name
    text = HEAD + "省财政厅根据当年筹集省级补助资金规模,会同省公安厅确定补助份额。"
    assert run("foreign-project", text) == []
    named = HEAD + "盐边县公安局政法队伍教育整顿工作经费在当期完成了项目的总体实施。"
    assert len(run("foreign-project", named)) == 1


def test_a_fund_listed_with_an_amount_in_thousands_is_a_budget_line() -> None:
    # shape: 其中A资金9,000.00万元,B资金21,000.00万元 — the parts of the money received
    text = HEAD + (
        "下达共计30000.00万元,其中高速公路省级补助资金9,000.00万元,"
        "国省道及重点县乡道路省级补助资金21,000.00万元。"
    )
    assert run("foreign-project", text) == []


def test_a_sites_furniture_read_where_the_name_is_names_no_project() -> None:
    body = (
        "盐边县公安局视频会议系统升级改造经费在当期完成了项目的总体实施。\n"
        "盐边县公安局政法队伍教育整顿工作经费在当期完成了项目的总体实施。"
    )
    chrome = "盐边县公安局\n公开目录 绩效自评报告 发布日期 2024-03-26\n" + body
    assert run("foreign-project", chrome) == []
    assert len(run("foreign-project", HEAD + body)) == 1
