"""What a converter or a mirror site leaves where the report's own text was lost.

Each pattern is a kind of loss, not the words of one page: a mirror that masks figures and
names with asterisks ("全县普查单位****户", "****财政局") or underscores ("_县", "20_ 年"), or swaps amounts for a link to its paid copy ("共 点击查看>>
万元"), a converter that writes each character it could not decode as "?", a Word page-number
field printed as its code and result ("PAGE 4PAGE 5"), and a figure whose whole-number part was
lost, leaving its decimals run together ("年度总金额.32.06.5"). The conversion-debris rule
(boilerplate.py) quotes each one with the clause around it.
"""

from __future__ import annotations

import re

# Asterisks standing for figures or words a site hid: "单位****户", "局****年", "**河县",
# "项目资**排结构". A template's placeholder after a comparator ("(≥**人)") is no mask.
MASKED = re.compile(
    r"(?<![≥≤<>＜＞=*])\*{2,}(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\*{2,}(?![\u4e00-\u9fff*])"
)
# Underscores standing for a place, a year or a name a document site blanked: "_县市场监督管理局",
# "20_ 年", "局长 _".
BLANKED = re.compile(
    r"(?<![A-Za-z0-9_])_+(?=[县市区乡镇省州][\u4e00-\u9fff])|(?<=\d)_+\s?(?=年)"
    r"|(?<=局长|主任|书记|组长)\s?_+(?![A-Za-z0-9_])"
)
# A republishing site's link in place of a figure ("资金 点击查看>> 万元"); its own "点击查看
# 更多>>" under an excerpt is its chrome, not the report.
MASKED_LINK = re.compile(r"点击查看\s*(?:>>|》》|»)")
# Characters the converter could not decode, each written as a question mark.
UNDECODED_RUN = re.compile(r"[?？\ufffd]{3,}")
# A page-number field printed as its code and its result, once or several times running.
PAGE_FIELD = re.compile(r"(?<![A-Za-z])(?:PAGE\s*\d+)+")
# Decimals run together after a label, their whole-number parts lost: ".32.06.5".
HEADLESS_FIGURES = re.compile(r"(?<=[\u4e00-\u9fff])\.\d{2}\.\d+")

LOST_TEXT = (MASKED, BLANKED, MASKED_LINK, UNDECODED_RUN, PAGE_FIELD, HEADLESS_FIGURES)
