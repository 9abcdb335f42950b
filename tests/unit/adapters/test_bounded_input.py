"""Files built to exhaust memory or CPU are refused within their limit, with the limit named.

Every bomb is built here, small on disk; none is ever expanded.
"""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from jixiao.adapters.importers.device_table import read_device_table
from jixiao.adapters.projectfile import load_project
from jixiao.adapters.readers import limits, read_report
from jixiao.adapters.worker import run_bounded
from jixiao.domain.errors import InputError

LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]"
            for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


def _message(error: pytest.ExceptionInfo[InputError]) -> str:
    return " ".join(p.message for p in error.value.problems)


def test_billion_laughs_is_refused_in_milliseconds(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(LAUGHS, encoding="utf-8")
    assert len(LAUGHS.encode()) < 400  # 9^9 "lol"s once expanded
    started = time.perf_counter()
    with pytest.raises(InputError) as error:
        load_project(path)
    assert time.perf_counter() - started < 0.5
    assert "100,000个值" in _message(error)


def test_a_few_aliases_are_still_read(tmp_path: Path) -> None:
    from jixiao.adapters.projectfile.yamlsource import load_yaml

    document = load_yaml("base: &b {x: 1}\nother: *b\n", "f.yaml")
    assert document.data == {"base": {"x": 1}, "other": {"x": 1}}


def _docx(path: Path, document_xml: bytes, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", b"<Types/>")
        package.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return path


W = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
END = b"</w:body></w:document>"


def test_docx_that_unpacks_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    zeros = bytes(limits.MAX_UNPACKED_BYTES + 1)
    path = _docx(tmp_path / "bomb.docx", W + END, {"word/media/x.bin": zeros})
    assert path.stat().st_size < 300_000
    with pytest.raises(InputError) as error:
        read_report(path)
    assert "超过上限100 MB" in _message(error)


def test_docx_with_too_many_paragraphs_is_refused(tmp_path: Path) -> None:
    body = b"<w:p/>" * (limits.MAX_PARAGRAPHS + 1)
    path = _docx(tmp_path / "many.docx", W + body + END)
    with pytest.raises(InputError) as error:
        read_report(path)
    assert "超过20,000段" in _message(error)


def test_docx_with_a_huge_merged_cell_is_refused(tmp_path: Path) -> None:
    cell = b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="200000"/></w:tcPr></w:tc></w:tr></w:tbl>'
    path = _docx(tmp_path / "span.docx", W + cell + END)
    with pytest.raises(InputError) as error:
        read_report(path)
    assert "超过100,000个单元格" in _message(error)


def test_docx_with_too_many_parts_is_refused(tmp_path: Path) -> None:
    parts = {f"word/p{i}.bin": b"" for i in range(limits.MAX_ZIP_MEMBERS)}
    path = _docx(tmp_path / "parts.docx", W + END, parts)
    with pytest.raises(InputError) as error:
        read_report(path)
    assert "超过上限2000个" in _message(error)


def test_pdf_stream_that_inflates_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    stream = zlib.compress(bytes(limits.MAX_PDF_STREAM_BYTES + 1), 9)
    pdf = (
        b"%%PDF-1.4\n1 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream\nendobj\n%%EOF\n"
    )
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf)
    assert len(pdf) < 100_000
    with pytest.raises(InputError) as error:
        read_report(path)
    assert "超过64 MB" in _message(error)


def test_time_limit_interrupts_a_busy_reader() -> None:
    started = time.perf_counter()
    refusal = lambda: limits.refuse("x.pdf", "超过0.2秒")  # noqa: E731
    with pytest.raises(InputError) as error, limits.time_limit(0.2, refusal):
        while True:
            pass
    assert time.perf_counter() - started < 2
    assert "超过0.2秒" in _message(error)


def test_table_beyond_the_row_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "点位表.csv"
    path.write_text("国标编码,名称\n" + "1,a\n" * limits.MAX_TABLE_ROWS, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_device_table(path)
    assert "超过100,000行" in _message(error)


def test_xlsx_declaring_more_rows_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    monkeypatch.setattr("jixiao.adapters.importers.table_rows.MAX_TABLE_ROWS", 1000)
    plain = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["国标编码", "名称"])
    workbook.save(plain)
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(2, 1003))
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )
    path = tmp_path / "点位表.xlsx"
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, sheet if info.filename.endswith("sheet1.xml") else data)
    with pytest.raises(InputError) as error:
        read_device_table(path)
    assert "超过1,000行" in _message(error)


def test_table_beyond_the_cell_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "点位表.csv"
    path.write_text("国标编码,名称" + "," * limits.MAX_SHEET_CELLS + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_device_table(path)
    assert "超过2,000,000个单元格" in _message(error)


def _hog(path: Path) -> bytes:
    return bytes(4 * 1024 * 1024 * 1024)  # more than the worker may have


def _spin(path: Path) -> None:
    while True:
        pass


def test_worker_out_of_memory_is_a_refusal_of_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        run_bounded(_hog, tmp_path / "x.docx")
    assert "内存上限（2048 MB）" in _message(error)
    assert error.value.problems[0].file == str(tmp_path / "x.docx")


def test_worker_out_of_cpu_is_a_refusal_of_the_file(tmp_path: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(InputError) as error:
        run_bounded(_spin, tmp_path / "x.pdf", cpu=1)
    assert time.perf_counter() - started < 30
    assert "CPU 上限" in _message(error)


def test_worker_returns_what_the_reader_read(tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    path.write_text("某县公安局\n该项目预算资金200万元。\n", encoding="utf-8")
    document = run_bounded(read_report, path)
    assert document == read_report(path)


def test_worker_passes_on_the_readers_refusal(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(LAUGHS, encoding="utf-8")
    with pytest.raises(InputError) as error:
        run_bounded(load_project, path)
    assert "100,000个值" in _message(error)


def test_the_entry_point_does_not_run_when_a_worker_imports_it() -> None:
    """A worker started under `python -m jixiao serve` imports jixiao.__main__ as
    __mp_main__; running the command line there made every upload fail."""
    import runpy

    runpy.run_module("jixiao.__main__", run_name="__mp_main__")  # no SystemExit
