"""PDF by LibreOffice headless, with the official-document font names mapped to Noto CJK.

One soffice process converts a whole batch (its start-up costs seconds); each run gets its own
throwaway profile so that concurrent runs do not lock each other out, and fonts.conf is given
through FONTCONFIG_FILE so nothing system-wide changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from jixiao.adapters.problems import MissingTool
from jixiao.adapters.reports.narrative import TEMPLATES

FONTS_CONF = TEMPLATES / "fonts.conf"
TIMEOUT_PER_FILE_S = 60


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return found
    raise MissingTool(
        "未找到 LibreOffice（soffice），无法生成 PDF；请运行 make run 安装，"
        "或 apt-get install libreoffice-writer-nogui fonts-noto-cjk"
    )


def convert_to_pdf(sources: Sequence[Path], outdir: Path) -> list[Path]:
    """Convert .docx files to PDF in `outdir` in one LibreOffice run; return the PDFs in order."""
    if not sources:
        return []
    outdir.mkdir(parents=True, exist_ok=True)
    program = soffice()
    expected = [outdir / (source.stem + ".pdf") for source in sources]
    for stale in expected:
        stale.unlink(
            missing_ok=True
        )  # soffice can exit 0 without writing: never report an old file
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as profile:
        command = [
            program,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *(str(s) for s in sources),
        ]
        environment = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                env=environment,
                timeout=TIMEOUT_PER_FILE_S * len(sources) + 60,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise MissingTool(f"LibreOffice 转换 PDF 超时（{error.timeout:.0f}秒）") from error
    missing = [path for path in expected if not path.exists() or path.stat().st_size == 0]
    if missing:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise MissingTool(
            f"LibreOffice 未能生成 PDF：{'、'.join(p.name for p in missing)}"
            f"（退出码 {result.returncode}；{' '.join(detail)}）"
        )
    return expected
