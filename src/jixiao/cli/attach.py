"""`jixiao attach FILE --project P --kind K --title T`: a document as evidence (证明材料)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli.app import app
from jixiao.cli.store import CLI_ACTOR, day, open_app
from jixiao.domain.documents import KINDS, DocumentError, check_size
from jixiao.domain.errors import InputError, Problem


@app.command("attach")
def attach(
    file: Annotated[Path, typer.Argument(help="材料文件（pdf、docx、xlsx、jpg、png、ofd）")],
    project: Annotated[str, typer.Option("--project", help="所属项目名称（与项目文件一致）")],
    kind: Annotated[str, typer.Option("--kind", help=f"类别：{'、'.join(KINDS)}")],
    title: Annotated[str, typer.Option("--title", help="标题（指标的 documents 按标题引用）")],
    issuer: Annotated[str, typer.Option("--issuer", help="出具单位")] = "",
    issued: Annotated[str | None, typer.Option("--date", help="出具日期，如 2021-10-20")] = None,
) -> None:
    """附上证明材料：按内容识别文件类型、限制大小，以 SHA-256 存放于数据目录；同一项目同一标题则替换。"""
    if not file.is_file():
        raise InputError([Problem(str(file), "文件不存在；请检查路径")])
    when = None if issued is None else day("--date", issued)
    try:
        check_size(file.stat().st_size)  # before reading a file too large to keep
        document, replaced = open_app().attach(
            file.read_bytes(),
            project=project,
            kind=kind,
            title=title,
            issuer=issuer,
            issued=when,
            filename=file.name,
            actor=CLI_ACTOR,
        )
    except DocumentError as error:
        raise InputError([Problem(str(file), str(error))]) from error
    verb = "已替换" if replaced else "已附上"
    typer.echo(
        f"{verb}项目“{document.project}”的{document.kind}《{document.title}》"
        f"（{document.file_type}，{document.size}字节，SHA-256 {document.sha256}）。"
    )
