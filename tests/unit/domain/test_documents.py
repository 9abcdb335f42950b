"""domain/documents.py: types told by content, the size limit, the description."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from jixiao.domain.documents import MAX_BYTES, Document, DocumentError, check_size, file_type


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.4\n...", "pdf"),
        (b"\xff\xd8\xff\xe0rest", "jpg"),
        (b"\x89PNG\r\n\x1a\nrest", "png"),
        (_zip("[Content_Types].xml", "word/document.xml"), "docx"),
        (_zip("[Content_Types].xml", "xl/workbook.xml"), "xlsx"),
        (_zip("OFD.xml", "Doc_0/Document.xml"), "ofd"),
    ],
)
def test_the_type_is_read_from_the_content(content: bytes, kind: str) -> None:
    assert file_type(content) == kind


@pytest.mark.parametrize("content", [b"plain text", _zip("other.xml"), b"PK\x03\x04broken", b"MZ"])
def test_other_contents_are_refused(content: bytes) -> None:
    with pytest.raises(DocumentError, match="不支持的文件类型"):
        file_type(content)


def test_the_size_limit_and_empty_files() -> None:
    check_size(MAX_BYTES)
    with pytest.raises(DocumentError, match="超过20MB的上限"):
        check_size(MAX_BYTES + 1)
    with pytest.raises(DocumentError, match="文件是空的"):
        check_size(0)


def test_a_document_needs_a_known_kind_and_cites_its_hash() -> None:
    with pytest.raises(DocumentError, match="未知的材料类别“报告”"):
        Document("p", "t", "报告", "a" * 64, 1, "pdf")
    document = Document(
        "p",
        "等保二级测评报告",
        "等保测评报告",
        "a" * 64,
        1,
        "pdf",
        "",
        "宁夏测评中心",
        dt.date(2021, 10, 20),
    )
    assert document.citation() == (
        f"《等保二级测评报告》（等保测评报告，宁夏测评中心，2021-10-20；SHA-256 {'a' * 64}）"
    )
