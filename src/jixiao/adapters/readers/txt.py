"""Plain-text reports: UTF-8 (with or without BOM), else GB18030; binary data is refused."""

from __future__ import annotations

from pathlib import Path

from jixiao.domain.errors import InputError, Problem
from jixiao.domain.reading.text import Document, document_from_text

from .sniff import NAMES, kind_of

# Control characters other than tab, line feed, carriage return and form feed: text has none,
# binary data has about one byte in eight.
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f"}
MAX_CONTROL_SHARE = 0.01


def decode(path: Path, data: bytes) -> str:
    name = str(path)
    kind = kind_of(data)
    if kind is not None:
        raise InputError(
            [
                Problem(
                    name, f"这不是纯文本，而是{NAMES[kind]}；请改用对应的扩展名（.docx/.pdf/.doc）"
                )
            ]
        )
    if b"\x00" in data:
        raise InputError(
            [Problem(name, "文件含二进制数据，不是文本；请提供 .txt、.docx 或 .pdf 报告")]
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(
            [
                Problem(
                    name, "文件编码无法识别（既不是 UTF-8 也不是 GB18030/GBK）；请另存为 UTF-8 文本"
                )
            ]
        )
    controls = sum(1 for c in text if c in _CONTROL)
    if controls > max(2, len(text) * MAX_CONTROL_SHARE):
        raise InputError(
            [Problem(name, "文件内容不是可读的文字（含大量控制字符），可能已损坏或不是文本")]
        )
    return text


def read_txt(path: Path, data: bytes) -> Document:
    text = decode(path, data)
    if not text.strip():
        raise InputError([Problem(str(path), "文件里没有文字")])
    return document_from_text(path.name, text)
