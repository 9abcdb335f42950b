"""Documents as evidence (证明材料): what a stored attachment is and which contents are allowed.

An attachment is known by the SHA-256 of its content, so the same file attached twice is
stored once and a citation names exactly the bytes a reviewer can check. Its type is read
from the content (magic numbers, and the parts inside a zip), never from the file name.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from jixiao.domain.errors import DomainError

MAX_BYTES = 20 * 1024 * 1024
KINDS = ("等保测评报告", "验收报告", "合同", "发票", "会议纪要", "照片", "其他")
FILE_TYPES = ("pdf", "docx", "xlsx", "jpg", "png", "ofd")


class DocumentError(DomainError):
    """An attachment refused: too large, an unknown type, or its description incomplete."""


def file_type(content: bytes) -> str:
    """The allowed type the content is, by its first bytes; DocumentError otherwise."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "OFD.xml" in names:
            return "ofd"
    raise DocumentError(f"不支持的文件类型（按文件内容识别）；只接受 {'、'.join(FILE_TYPES)} 文件")


def check_size(size: int) -> None:
    if size == 0:
        raise DocumentError("文件是空的")
    if size > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise DocumentError(f"文件大小{size / 1024 / 1024:.1f}MB，超过{limit}MB的上限")


@dataclass(frozen=True, slots=True)
class Document:
    """An attachment's description; `sha256` names its stored content."""

    project: str
    title: str
    kind: str
    sha256: str
    size: int
    file_type: str
    filename: str = ""
    issuer: str = ""
    issued: dt.date | None = None

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise DocumentError("材料标题不能为空")
        if self.kind not in KINDS:
            raise DocumentError(f"未知的材料类别“{self.kind}”；应为：{'、'.join(KINDS)}")

    def citation(self) -> str:
        """How a report cites it: title, kind, issuer and date, and the content's SHA-256."""
        parts = [self.kind]
        if self.issuer:
            parts.append(self.issuer)
        if self.issued is not None:
            parts.append(self.issued.isoformat())
        return f"《{self.title}》（{'，'.join(parts)}；SHA-256 {self.sha256}）"
