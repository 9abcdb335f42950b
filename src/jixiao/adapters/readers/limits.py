"""Bounds on what a file from outside may cost to read: unpacked size, parts, XML elements, time.

A few hundred kilobytes can unpack to gigabytes (a zip of zeros, a PDF stream of zeros) or
keep a parser busy for minutes; each reader checks the bound it needs before building
anything, and a refusal names the limit. The limits are far above any real report or table.
The worker process (adapters/worker.py) adds memory and CPU limits of the operating system
behind these, for whatever a bound here does not foresee.
"""

from __future__ import annotations

import io
import re
import signal
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from jixiao.domain.errors import InputError, Problem

MAX_ZIP_MEMBERS = 2_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_XML_ELEMENTS = 500_000
MAX_PARAGRAPHS = 20_000
MAX_TABLE_CELLS = 100_000
MAX_PDF_STREAM_BYTES = 64 * 1024 * 1024
MAX_PDF_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_SECONDS_PER_PAGE = 10
MAX_SECONDS_PER_FILE = 120
MAX_TABLE_ROWS = 100_000
MAX_SHEET_CELLS = 2_000_000
MAX_TABLE_BYTES = 50 * 1024 * 1024

_MB = 1024 * 1024


def refuse(path: Path | str, message: str) -> InputError:
    return InputError([Problem(str(path), message)])


def check_zip(path: Path, data: bytes | IO[bytes], what: str, broken: str) -> None:
    """Refuse a package with more than MAX_ZIP_MEMBERS parts or that unpacks beyond
    MAX_UNPACKED_BYTES (as its directory declares: zipfile never inflates past a part's
    declared size); `broken` is the message for a package that does not open."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        with zipfile.ZipFile(source) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as error:
        raise refuse(path, broken) from error
    if len(infos) > MAX_ZIP_MEMBERS:
        raise refuse(
            path, f"{what}含{len(infos)}个部件，超过上限{MAX_ZIP_MEMBERS}个，拒绝读取（可能已损坏）"
        )
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise refuse(
            path,
            f"{what}解压后{unpacked / _MB:.0f} MB，超过上限{MAX_UNPACKED_BYTES // _MB} MB，"
            "拒绝读取（可能已损坏）",
        )


def count_docx_parts(path: Path, data: bytes) -> None:
    """Stream every XML part of a .docx, counting elements, paragraphs and table cells
    (a merged cell as the grid columns it spans) without keeping them; refuse beyond the
    limits before python-docx builds its tree, whose cost grows with them."""
    elements = paragraphs = cells = 0
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            with package.open(info) as part:
                try:
                    for _event, element in etree.iterparse(
                        part, events=("end",), resolve_entities=False, huge_tree=False
                    ):
                        elements += 1
                        tag = element.tag if isinstance(element.tag, str) else ""
                        if tag.endswith("}p"):
                            paragraphs += 1
                        elif tag.endswith("}tc"):
                            cells += 1
                        elif tag.endswith("}gridSpan"):
                            span = next(iter(element.attrib.values()), "1")
                            cells += max(0, int(span) - 1) if span.isdigit() else 0
                        element.clear()
                        if elements > MAX_XML_ELEMENTS:
                            raise refuse(
                                path, f"Word 文件的结构超过{MAX_XML_ELEMENTS:,}个元素，拒绝读取"
                            )
                        if paragraphs > MAX_PARAGRAPHS:
                            raise refuse(path, f"Word 文件超过{MAX_PARAGRAPHS:,}段，拒绝读取")
                        if cells > MAX_TABLE_CELLS:
                            raise refuse(
                                path, f"Word 文件的表格超过{MAX_TABLE_CELLS:,}个单元格，拒绝读取"
                            )
                except etree.XMLSyntaxError:
                    continue  # python-docx says what is malformed, in its own words


_STREAM = re.compile(rb"stream\r?\n")


def check_pdf_streams(path: Path, data: bytes) -> None:
    """Inflate each compressed stream as far as the limits allow, keeping none of it:
    refuse a stream beyond MAX_PDF_STREAM_BYTES or all of them beyond
    MAX_PDF_UNPACKED_BYTES, before the PDF library inflates them whole."""
    total = 0
    for match in _STREAM.finditer(data):
        inflater = zlib.decompressobj()
        size, chunk = 0, data[match.end() :]
        try:
            while chunk and not inflater.eof:
                size += len(inflater.decompress(chunk, 1024 * 1024))
                chunk = inflater.unconsumed_tail
                if size > MAX_PDF_STREAM_BYTES:
                    raise refuse(
                        path,
                        f"PDF 中有一段数据解压后超过{MAX_PDF_STREAM_BYTES // _MB} MB，拒绝读取",
                    )
                if total + size > MAX_PDF_UNPACKED_BYTES:
                    raise refuse(
                        path, f"PDF 解压后超过{MAX_PDF_UNPACKED_BYTES // _MB} MB，拒绝读取"
                    )
        except zlib.error:
            pass  # not a zlib stream (or a damaged one): the PDF library decides
        total += size


class _Expired(BaseException):
    """Not an Exception: the libraries' catch-alls must not swallow it."""


@contextmanager
def time_limit(seconds: float, refusal: Callable[[], InputError]) -> Iterator[None]:
    """Raise `refusal()` when the block runs longer than `seconds` of wall time. Only the
    main thread can be interrupted (a signal); elsewhere, the worker's CPU limit is the bound."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise _Expired

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    remaining, _interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise refusal() from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if remaining:  # an outer limit was running: give it back what is left of it
            left = remaining - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
