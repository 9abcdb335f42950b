"""Pages mirrored through a converter: traditional characters, each annotated with its pinyin.

Some sites republish a 自评表 converted to traditional characters with every converted
character followed by its reading in brackets: "產(chǎn)出指標(biāo) | 數(shù)量指標(biāo) | 衛(wèi)片執(zhí)法補(bǔ)助經(jīng)費(fèi)". The
form's own words (三级指标, 年度指标值, 产出指标, 分值 …) are then unrecognisable. The table is
read from the text's plain form (the readings dropped, the form's words in simplified
characters), and the cells that carry the report's own words (the indicator names, the project
labels) are given back as written, so findings quote what the page says.
"""

from __future__ import annotations

import re

# A character's pinyin in brackets, with its tone mark: "標(biāo)", "執(zhí)".
READING = r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\d?[)）]"
PINYIN_DEBRIS = re.compile(rf"[\u4e00-\u9fff]{READING}")
_READING = re.compile(READING)

# The traditional forms of the characters the 自评表's own words use (headers, levels, funds,
# labels, footers), and their simplified forms: enough to read the form, not a converter.
_TRADITIONAL = "級標實際數質時產額預執項稱門單資萬當財撥結轉總體績經濟會態續響滿務對況計說報聯繫電話責評價論問題負環現護設備進為"
_SIMPLIFIED = "级标实际数质时产额预执项称门单资万当财拨结转总体绩经济会态续响满务对况计说报联系电话责评价论问题负环现护设备进为"
_TO_SIMPLIFIED = str.maketrans(_TRADITIONAL, _SIMPLIFIED)
_FORMS: dict[str, str] = {}
for _old, _new in zip(_TRADITIONAL, _SIMPLIFIED, strict=True):
    _FORMS[_new] = _FORMS.get(_new, _new) + _old


def plain_form(text: str) -> str:
    """The text without pinyin readings, the form's words in simplified characters. Line
    breaks are kept, so a line number in the plain form is the same line in the text."""
    return _READING.sub("", text).translate(_TO_SIMPLIFIED)


def as_written(cell: str, text: str, start: int = 0) -> tuple[str, int]:
    """The stretch of `text` (from `start`) whose plain form is `cell`, and where it ends; the
    cell itself and `start` when no stretch is found."""
    chars = [c for c in cell if not c.isspace()]
    if not chars or not any("\u4e00" <= c <= "\u9fff" for c in chars):
        return cell, start
    pattern = r"\s*".join(f"[{re.escape(_FORMS.get(c, c))}](?:{READING})?" for c in chars)
    found = re.compile(pattern).search(text, start)
    return (found[0], found.end()) if found else (cell, start)
