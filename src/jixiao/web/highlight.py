"""Highlight, in a finding's quoted evidence, the figures and names its message is about."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_FIGURE = re.compile(
    r"\d+(?:[.,，]\d+)*\s*(?:%|％|万元|亿元|元|万|年|个月|月|日|天|小时|个|台|次|分)?"
)
_QUOTED = re.compile(r"[“\"「]([^”\"」]{2,40})[”\"」]")


def terms(message: str) -> list[str]:
    """What to look for: figures with their unit and quoted words, longest first."""
    found = {m.group(0).strip() for m in _FIGURE.finditer(message)}
    found |= {m.group(1).strip() for m in _QUOTED.finditer(message)}
    found = {t for t in found if len(t) >= 2 or (t.isdigit() and len(t) >= 2)}
    return sorted(found, key=len, reverse=True)


def highlight(quote: str, message: str) -> Markup:
    """`quote` escaped for HTML, with the message's figures and quoted words in <mark>."""
    wanted = terms(message)
    if not wanted:
        return escape(quote)
    pattern = re.compile("|".join(re.escape(t) for t in wanted))
    out, last = Markup(""), 0
    for match in pattern.finditer(quote):
        out += escape(quote[last : match.start()])
        out += Markup("<mark>") + escape(match.group(0)) + Markup("</mark>")
        last = match.end()
    return out + escape(quote[last:])
