"""Money: amounts read from report wording into exact 元 (written as 万元 by test_presentation)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.domain.errors import AmountError, DomainError
from jixiao.domain.money import (
    FEN,
    YUAN_PER_UNIT,
    normalize_text,
    parse_amount,
    round_half_up,
    to_wan,
)

# --- parse_amount: the forms reports write ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("64.638万元", Decimal("646380.00")),
        ("3894万", Decimal("38940000")),
        ("113.5585万元", Decimal("1135585")),
        ("0.5万元", Decimal("5000")),
        ("30.838万元", Decimal("308380")),
        ("1.23456万元", Decimal("12345.6")),
        ("1.234567万元", Decimal("12345.67")),
    ],
)
def test_parse_amount_reads_wan_as_ten_thousand_yuan(text: str, yuan: Decimal) -> None:
    assert parse_amount(text) == yuan


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("1.2亿元", Decimal("120000000")),
        ("1.2亿", Decimal("120000000")),
        ("3亿元", Decimal("300000000")),
        ("0.00000001亿元", Decimal("1")),
    ],
)
def test_parse_amount_reads_yi_as_one_hundred_million_yuan(text: str, yuan: Decimal) -> None:
    assert parse_amount(text) == yuan


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("200000", Decimal("200000")),
        ("200000元", Decimal("200000")),
        ("1180.5", Decimal("1180.50")),
        ("0.01", Decimal("0.01")),
        ("0", Decimal("0")),
    ],
)
def test_parse_amount_reads_a_bare_number_as_yuan(text: str, yuan: Decimal) -> None:
    assert parse_amount(text) == yuan


def test_parse_amount_returns_yuan_quantized_to_fen() -> None:
    result = parse_amount("64.638万元")

    assert str(result) == "646380.00"
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("三十万元", Decimal("300000")),
        ("三十万", Decimal("300000")),
        ("十万元", Decimal("100000")),
        ("十二万三千元", Decimal("123000")),
        ("一千零一元", Decimal("1001")),
        ("壹佰贰拾万元", Decimal("1200000")),
        ("三十点五万元", Decimal("305000")),
        ("一点二亿元", Decimal("120000000")),
    ],
)
def test_parse_amount_reads_chinese_numerals(text: str, yuan: Decimal) -> None:
    assert parse_amount(text) == yuan


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("一亿二千万元", Decimal("120000000")),
        ("一亿五千万", Decimal("150000000")),
    ],
)
def test_parse_amount_reads_chinese_numerals_with_both_yi_and_wan(text: str, yuan: Decimal) -> None:
    assert parse_amount(text) == yuan


def test_parse_amount_reads_liang_as_two() -> None:
    assert parse_amount("两万元") == Decimal("20000")


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("６４.６３８万元", Decimal("646380")),
        ("３８９４万", Decimal("38940000")),
        ("１２３，４５６．７８元", Decimal("123456.78")),
    ],
)
def test_parse_amount_reads_full_width_digits_and_punctuation(text: str, yuan: Decimal) -> None:
    assert parse_amount(text) == yuan


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("3,894,000.00", Decimal("3894000")),
        ("3，894，000元", Decimal("3894000")),
        ("￥3,894,000.00", Decimal("3894000")),
        ("¥3894000", Decimal("3894000")),
        ("三十万元整", Decimal("300000")),
        ("壹佰贰拾万元整", Decimal("1200000")),
        ("人民币三十万元整", Decimal("300000")),
        ("64.638 万元", Decimal("646380")),
        ("  64.638万元  ", Decimal("646380")),
    ],
)
def test_parse_amount_ignores_commas_currency_signs_spaces_and_zheng(
    text: str, yuan: Decimal
) -> None:
    assert parse_amount(text) == yuan


@pytest.mark.parametrize(
    ("value", "yuan"),
    [
        (200000, Decimal("200000")),
        (0, Decimal("0")),
        (Decimal("646380.5"), Decimal("646380.50")),
        (Decimal("12.34"), Decimal("12.34")),
    ],
)
def test_parse_amount_takes_ints_and_decimals_as_yuan(value: int | Decimal, yuan: Decimal) -> None:
    assert parse_amount(value) == yuan


@pytest.mark.parametrize(
    ("value", "yuan"),
    [
        (1.5, Decimal("1.50")),
        (0.1, Decimal("0.10")),
        (646380.12, Decimal("646380.12")),
    ],
)
def test_parse_amount_keeps_the_written_digits_of_floats(value: float, yuan: Decimal) -> None:
    assert parse_amount(value) == yuan


# --- parse_amount: refusals -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "   ", "abc", "元", "万元", "5角", "负三十万元", "1e5", "十十万元"]
)
def test_parse_amount_refuses_unreadable_text_naming_the_valid_forms(text: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)

    message = str(caught.value)
    assert "无法识别的金额" in message
    assert "64.638万元" in message


@pytest.mark.parametrize("value", [-1, Decimal("-0.01"), Decimal("-646380"), -0.5])
def test_parse_amount_refuses_negative_numbers(value: int | Decimal | float) -> None:
    with pytest.raises(AmountError, match="金额不能为负数"):
        parse_amount(value)


@pytest.mark.parametrize("text", ["-5", "-64.638万元"])
def test_parse_amount_refuses_negative_text(text: str) -> None:
    with pytest.raises(AmountError, match="金额不能为负数"):
        parse_amount(text)


@pytest.mark.parametrize(
    "value",
    ["0.001", "1.005元", "1.2345678万元", "零点零零一元", Decimal("1.005"), 1.005],
)
def test_parse_amount_refuses_amounts_finer_than_fen(value: str | Decimal | float) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(value)

    assert "精确到了分以下" in str(caught.value)
    assert "0.01元" in str(caught.value)


@pytest.mark.parametrize("value", [True, False])
def test_parse_amount_refuses_booleans(value: bool) -> None:
    with pytest.raises(AmountError, match="真假值"):
        parse_amount(value)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), float("inf"), float("nan")])
def test_parse_amount_refuses_non_finite_numbers(value: Decimal | float) -> None:
    with pytest.raises(AmountError, match="无法识别的金额"):
        parse_amount(value)


@pytest.mark.parametrize("text", ["三点十万元", "三点五点五万元"])
def test_parse_amount_refuses_chinese_decimals_that_are_not_single_digits(text: str) -> None:
    with pytest.raises(AmountError, match="小数点后只能是单个数字"):
        parse_amount(text)


@pytest.mark.parametrize("value", ["1" + "0" * 26, Decimal("1E+30")])
def test_parse_amount_refuses_absurdly_large_amounts_with_an_amount_error(
    value: str | Decimal,
) -> None:
    with pytest.raises(AmountError):
        parse_amount(value)


def test_amount_error_is_a_domain_error_and_a_value_error() -> None:
    with pytest.raises(DomainError):
        parse_amount("abc")
    with pytest.raises(ValueError):
        parse_amount("abc")


# --- units, to_wan --------------------------------------------------------------------------


def test_yuan_per_unit_gives_each_unit_its_size() -> None:
    assert {
        "元": Decimal(1),
        "万元": Decimal(10000),
        "万": Decimal(10000),
        "亿元": Decimal(100000000),
        "亿": Decimal(100000000),
    } == YUAN_PER_UNIT
    assert Decimal("0.01") == FEN


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [
        (Decimal("646380.00"), Decimal("64.638")),
        (Decimal("38940000"), Decimal("3894")),
        (Decimal("1135585"), Decimal("113.5585")),
        (Decimal("1"), Decimal("0.0001")),
        (Decimal("0.01"), Decimal("0.000001")),
        (Decimal("0"), Decimal("0")),
    ],
)
def test_to_wan_divides_by_ten_thousand_exactly(yuan: Decimal, wan: Decimal) -> None:
    assert to_wan(yuan) == wan


# --- round_half_up ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "rounded"),
    [
        (Decimal("2.5"), 0, Decimal("3")),
        (Decimal("3.5"), 0, Decimal("4")),
        (Decimal("2.4999"), 0, Decimal("2")),
        (Decimal("0.125"), 2, Decimal("0.13")),
        (Decimal("0.135"), 2, Decimal("0.14")),
        (Decimal("0.124"), 2, Decimal("0.12")),
        (Decimal("92.605"), 2, Decimal("92.61")),
        (Decimal("64.638"), 2, Decimal("64.64")),
        (Decimal("-2.5"), 0, Decimal("-3")),
        (Decimal("7"), 2, Decimal("7.00")),
    ],
)
def test_round_half_up_rounds_halves_away_from_zero(
    value: Decimal, places: int, rounded: Decimal
) -> None:
    assert round_half_up(value, places) == rounded


@pytest.mark.parametrize(("places", "exponent"), [(0, 0), (1, -1), (2, -2), (4, -4)])
def test_round_half_up_keeps_exactly_the_requested_places(places: int, exponent: int) -> None:
    assert round_half_up(Decimal("1.23456"), places).as_tuple().exponent == exponent


# --- normalize_text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("  ６４．６３８万元 ", "64.638万元"),
        ("≥９５％", "≥95%"),
        ("定性：全面提升", "定性:全面提升"),
        ("≤2小时", "≤2小时"),
    ],
)
def test_normalize_text_folds_full_width_forms_and_trims(text: str, normalized: str) -> None:
    assert normalize_text(text) == normalized
