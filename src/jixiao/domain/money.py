"""Money (金额): exact Decimal 元, read from the ways reports write it.

Reports write "64.638万元", "3894万", "1.2亿元", "200000", "三十万元", "￥3,894,000.00". Every
amount is kept as an exact Decimal number of 元 with at most two decimals (分); 万元 exists only
when presenting (domain.presentation).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from jixiao.domain.errors import AmountError

YUAN_PER_UNIT: dict[str, Decimal] = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "万": Decimal(10_000),
    "亿元": Decimal(100_000_000),
    "亿": Decimal(100_000_000),
}
# The money unit words, longest first: for patterns, where 万元 must win over 万.
MONEY_UNITS: tuple[str, ...] = tuple(sorted(YUAN_PER_UNIT, key=len, reverse=True))
MONEY_UNIT_PATTERN = "|".join(MONEY_UNITS)
WAN_UNITS: tuple[str, ...] = tuple(u for u, f in YUAN_PER_UNIT.items() if f == 10_000)
FEN = Decimal("0.01")
_WAN = Decimal(10_000)

_CHINESE_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CHINESE_NUMERAL = f"[{_CHINESE_DIGITS}十拾百佰千仟万萬亿億点]+"
_AMOUNT = re.compile(
    rf"^(?P<number>\d+(?:\.\d+)?|{_CHINESE_NUMERAL})\s*(?P<unit>{MONEY_UNIT_PATTERN})?$"
)
_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {
    "〇": 0,
    "两": 2,
    "壹": 1,
    "贰": 2,
    "叁": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
VALID_FORMS = "64.638万元、3894万、1.2亿元、200000（元）、三十万元"
# Beyond any public budget, and beyond what Decimal's 28 digits hold exactly in 分.
LARGEST = Decimal(10) ** 15


def normalize_text(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII) and trimmed; keeps ≥ ≤ and Chinese."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_amount(value: str | int | float | Decimal) -> Decimal:
    """Read an amount into exact 元.

    A bare number is 元 (the project-file rule); a unit may follow: 元, 万元, 万, 亿元, 亿.
    Grouping commas, currency signs and a trailing 整 are ignored. Amounts finer than 分 and
    negative amounts are refused.
    """
    if isinstance(value, bool):
        raise AmountError(f"金额不能是真假值 {value!r}；应为如 {VALID_FORMS}")
    if isinstance(value, int | Decimal):
        return _check_yuan(Decimal(value), str(value))
    if isinstance(value, float):  # YAML gives floats for bare 1.5; keep their written digits
        return _check_yuan(Decimal(repr(value)), repr(value))
    text = normalize_text(value)
    cleaned = re.sub(r"[,，\s¥￥]|整$|^人民币", "", text)
    if cleaned.startswith("-") and _AMOUNT.match(cleaned[1:]):
        raise AmountError(f"金额不能为负数：“{value}”")
    match = _AMOUNT.match(cleaned)
    if not cleaned or match is None:
        raise AmountError(f"无法识别的金额“{value}”；应为如 {VALID_FORMS}")
    number_text, unit = match["number"], match["unit"] or "元"
    if "点" in number_text and number_text[-1] in "万萬亿億":
        # "三点五万": the greedy number took the unit; 点 forbids reading it as one numeral.
        number_text, unit = (
            number_text[:-1],
            {"万": "万", "萬": "万", "亿": "亿", "億": "亿"}[number_text[-1]],
        )
    number = _number(number_text, original=value)
    return _check_yuan(number * YUAN_PER_UNIT[unit], value)


def _number(text: str, *, original: str) -> Decimal:
    if text[0].isdigit():
        try:
            return Decimal(text)
        except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
            raise AmountError(f"无法识别的金额“{original}”") from error
    # Imported here: cn2an builds its tables at import (~75 ms) and most amounts are digits.
    import cn2an  # pure conversion of Chinese numerals

    whole, _, fraction = text.partition("点")
    try:
        # "normal" mode: "strict" refuses 两 (两万元), which reports write.
        number = Decimal(int(cn2an.cn2an(whole, "normal"))) if whole else Decimal(0)
    except ValueError as error:
        raise AmountError(f"无法识别的金额“{original}”；应为如 {VALID_FORMS}") from error
    if fraction:
        if any(c not in _DIGIT_VALUE for c in fraction):
            raise AmountError(f"无法识别的中文数字“{original}”：小数点后只能是单个数字")
        number += Decimal("0." + "".join(str(_DIGIT_VALUE[c]) for c in fraction))
    return number


def _check_yuan(amount: Decimal, original: str) -> Decimal:
    if not amount.is_finite():
        raise AmountError(f"无法识别的金额“{original}”；应为如 {VALID_FORMS}")
    if amount < 0:
        raise AmountError(f"金额不能为负数：“{original}”")
    if amount >= LARGEST:
        raise AmountError(f"金额“{original}”过大（应小于1000万亿元）；请检查单位")
    if amount != amount.quantize(FEN):
        raise AmountError(f"金额“{original}”精确到了分以下；金额最多精确到分（0.01元）")
    return amount.quantize(FEN)


def to_wan(amount: Decimal) -> Decimal:
    """元 -> 万元, exact (at most six decimals since amounts are whole 分)."""
    return amount / _WAN


def round_half_up(value: Decimal, places: int) -> Decimal:
    """四舍五入 to `places` decimals (Python's round() is half-even, which reports do not use)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
