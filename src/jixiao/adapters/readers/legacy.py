"""Old Word and WPS files (.doc, .wps, .rtf): converted to .docx by LibreOffice, then read.

Each conversion runs in its own temporary profile, so concurrent runs do not collide, with a
time limit; soffice can exit 0 without writing, so the output is checked.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from jixiao.domain.errors import InputError, Problem
from jixiao.domain.reading.text import Document

from .docx import read_docx

TIMEOUT_S = 120


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, target: str, outdir: Path) -> Path:
    """`soffice --headless --convert-to target` into `outdir`; InputError when it fails."""
    program = soffice()
    name = str(path)
    if program is None:
        raise InputError(
            [
                Problem(
                    name,
                    "读取 .doc/.wps 需要 LibreOffice（soffice），本机未安装；请另存为 .docx 再检查",
                )
            ]
        )
    profile = outdir / "profile"
    command = [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        str(path.resolve()),
    ]
    try:
        subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as error:
        raise InputError(
            [Problem(name, f"LibreOffice 转换超过{TIMEOUT_S}秒未完成；请另存为 .docx 再检查")]
        ) from error
    out = outdir / f"{path.stem}.{target}"
    if not out.exists() or out.stat().st_size == 0:
        raise InputError(
            [
                Problem(
                    name,
                    "LibreOffice 无法转换此文件（可能已损坏，或不是 Word/WPS 文档）；请另存为 .docx 再检查",
                )
            ]
        )
    return out


def read_legacy(path: Path, data: bytes) -> Document:
    with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
        out = convert(path, "docx", Path(tmp))
        return read_docx(path, out.read_bytes())
