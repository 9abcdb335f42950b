"""What a file really is, from its first bytes, so a misnamed file gets a useful message."""

from __future__ import annotations

ZIP = b"PK\x03\x04"
PDF = b"%PDF"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word (.doc), WPS, Excel (.xls)
RTF = b"{\\rtf"


def kind_of(data: bytes) -> str | None:
    """ "zip", "pdf", "ole", "rtf", or None for anything else (text, garbage)."""
    head = data[:1024]
    if head.startswith(ZIP):
        return "zip"
    if PDF in head:
        return "pdf"
    if head.startswith(OLE):
        return "ole"
    if head.startswith(RTF):
        return "rtf"
    return None


NAMES = {
    "zip": "Word（.docx）或其他压缩包",
    "pdf": "PDF 文件",
    "ole": "旧版 Word/WPS（.doc/.wps）文件",
    "rtf": "RTF 文件",
}
