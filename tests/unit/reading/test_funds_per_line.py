"""The funds block of a 自评表 copied from a web page one cell per line: each cell closed by
"|" with lines of bare "||||" between the rows, or each cell alone on its line with blank
lines between; amounts written with their unit ("150万", "4753.66万元")."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jixiao.domain.reading.flat_funds import funds_table
from jixiao.domain.reading.tables import Column, amount
from tests.unit.checks.reports import facts_of, run

HEADER = ("项目资金 (万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率(%)", "得分")
INDICATORS = (
    ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"),
    ("产出指标", "数量指标", "宣传册印制数", "≥500份", "520份", "50", "50"),
    ("效益指标", "社会效益指标", "群众知晓率", "≥90%", "92%", "30", "30"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10", "10"),
)


def closed_cells(rows: Sequence[Sequence[str]]) -> str:
    """One cell per line, each closed by " |"; an empty cell a bare "|"; "||||" after a row."""
    lines = ["某县2024年宣传经费绩效自评报告", "项目支出绩效自评表 |", "|||||||"]
    lines += ["项目名称 |", "宣传经费 |", "||||||"]
    for cells in rows:
        lines += ["|", *(f"{c} |" if c else "|" for c in cells), "|||||"]
    return "\n".join(lines) + "\n"


def bare_cells(rows: Sequence[Sequence[str]]) -> str:
    """One cell per line, blank lines between, header words split ("年初\\n\\n预算数")."""
    cells = [c.replace("预算数", "\n\n预算数") for row in rows for c in row]
    return "\n\n".join(["某县2024年宣传经费绩效自评报告", "项目名称", "宣传经费", *cells]) + "\n"


def with_sources(*sources: Sequence[str]) -> list[Sequence[str]]:
    return [HEADER, ("年度资金总额", "0", "2.38", "2.38", "10", "100", "10"), *sources]


def test_a_source_row_one_cell_per_line_keeps_its_columns_and_its_rate_is_checked() -> None:
    text = closed_cells(
        [
            *with_sources(
                ("其中:财政拨款", "0", "0.58", "0.58", "——", "100", "——"),
                ("其他资金", "0", "1.8", "1.8", "——", "0", "——"),
            ),
            *INDICATORS,
        ]
    )
    funds = facts_of(text).funds
    assert funds is not None and funds.total is not None
    assert funds.total.amounts[Column.EXECUTED] == Decimal("23800")
    assert [(s.label, s.rate) for s in funds.sources] == [
        ("当年财政拨款", Decimal(100)),
        ("其他资金", Decimal(0)),
    ]
    (finding,) = run("execution-rate-mismatch", text)
    assert "其他资金" in finding.message


def test_source_rows_whose_rates_agree_one_cell_per_line_are_quiet() -> None:
    text = closed_cells(
        [
            *with_sources(
                ("其中:财政拨款", "0", "0.58", "0.58", "——", "100", "——"),
                ("其他资金", "0", "1.8", "1.8", "——", "100", "——"),
            ),
            *INDICATORS,
        ]
    )
    assert facts_of(text).funds is not None
    assert run("execution-rate-mismatch", text) == []


def test_a_row_that_does_not_fill_the_header_gets_no_rate_by_guess() -> None:
    """The row "0 | 1.8 | 1.8 | 0", four cells under six columns, the blank ones dropped: the amounts
    are not certain to be where they stand, and the 0 may be a 分值 as well as a rate."""
    text = closed_cells([*with_sources(("其他资金", "0", "1.8", "1.8", "0")), *INDICATORS])
    funds = facts_of(text).funds
    assert funds is not None and [s.rate for s in funds.sources] == [None]
    assert run("execution-rate-mismatch", text) == []


def amounts_with_unit(points: str, score: str) -> list[Sequence[str]]:
    return [
        HEADER,
        ("年度资金总额", "150万", "150万", "125.25万", points, "83.5%", score),
        ("其中:当年财政拨款", "150万", "150万", "125.25万", "—", "", "—"),
        ("上年结转资金", "0", "0", "0", "—", "", "—"),
        *INDICATORS,
    ]


def test_amounts_with_their_unit_one_cell_per_line_are_read_and_the_score_checked() -> None:
    text = closed_cells(amounts_with_unit("100", "98"))
    funds = facts_of(text).funds
    assert funds is not None and funds.total is not None
    assert funds.total.amounts == {
        Column.INITIAL_BUDGET: Decimal(1_500_000),
        Column.BUDGET: Decimal(1_500_000),
        Column.EXECUTED: Decimal(1_252_500),
    }
    total = (funds.total.points, funds.total.rate, funds.total.score)
    assert total == (Decimal(100), Decimal("83.5"), Decimal(98))
    assert [s.rate for s in funds.sources] == [None, None]  # the empty 执行率 cells
    (finding,) = run("score-mismatch", text)
    assert "98" in finding.message


def test_a_score_that_fits_its_points_and_rate_with_units_is_quiet() -> None:
    text = closed_cells(amounts_with_unit("10", "8.35"))
    assert facts_of(text).funds is not None
    assert run("score-mismatch", text) == []
    assert run("execution-rate-mismatch", text) == []


def bare_total(rate: str) -> str:
    total = ("年度资金总额", "4753.66万元", "4753.66万元", "3824.26万元", "10", rate, "10")
    return bare_cells([HEADER, total, *INDICATORS])


def test_amounts_with_their_unit_one_cell_per_line_without_rules_give_the_rate() -> None:
    text = bare_total("100%")
    funds = facts_of(text).funds
    assert funds is not None and funds.total is not None
    assert funds.total.amounts[Column.EXECUTED] == Decimal("38242600")
    (finding,) = run("execution-rate-mismatch", text)
    assert "100%" in finding.message


def test_a_rate_that_fits_the_amounts_with_units_is_quiet() -> None:
    assert run("execution-rate-mismatch", bare_total("80.45%")) == []


def test_an_amount_written_with_its_unit_counts_in_that_unit() -> None:
    assert amount("150万", Decimal(1)) == Decimal(1_500_000)
    assert amount("4,753.66万元", Decimal(1)) == Decimal("47536600")
    assert amount("1,200元", Decimal(10_000)) == Decimal(1200)
    assert amount("2.38", Decimal(10_000)) == Decimal(23800)
    assert amount("83.5%", Decimal(10_000)) is None


def transfer_form(rate: str) -> str:
    """A 转移支付 form one row per line: its source rows are named otherwise (中央财政资金)."""
    rows = [
        ("资金投入情况(万元)", "全年预算数(A)", "全年执行数(B)", "预算执行率(B/A×100%)"),
        ("年度资金总额:", "2000万", "1157.97万", rate),
        ("其中:中央财政资金", "2000万", "1157.97万", rate),
        ("地方资金", "0", "0", "—"),
        *INDICATORS,
    ]
    lines = ["某县2023年体育中心建设资金绩效自评表 | |||||||"]
    lines += [" | ".join(cells) + " | ||||" for cells in rows]
    return "\n".join(lines) + "\n"


def test_a_source_row_of_another_name_ends_the_total_row_rather_than_joining_it() -> None:
    text = transfer_form("80%")
    funds = facts_of(text).funds
    assert funds is not None and funds.total is not None
    assert funds.total.amounts[Column.EXECUTED] == Decimal(11_579_700)
    (finding,) = run("execution-rate-mismatch", text)
    assert "80%" in finding.message


def test_a_rate_that_fits_in_a_transfer_form_is_quiet() -> None:
    assert run("execution-rate-mismatch", transfer_form("57.89%")) == []


def test_the_funds_header_is_the_forms_own_not_the_words_of_a_form_above() -> None:
    """Two forms on one page, the first cut after its header's last words ("执行率 得分"):
    the second's columns are those from its own 项目资金 on."""
    cut = ["分值", "执行率", "得分", "年度资金总≥90%", "95%", "10", "10", "总分", "100", "99"]
    total = ("年度资金总额", "0", "30", "30", "10", "100%", "8")
    text = "\n".join([*cut, *(c for row in (HEADER, total) for c in row)]) + "\n"
    table = funds_table(text)
    assert table is not None
    assert table.rows[0][1:] == ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    assert table.rows[1] == total
