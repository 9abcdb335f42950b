"""/api/projects/{key}/documents: a project's documents as evidence (证明材料) — upload one,
list them, and open one (shown inline: a preview in the browser)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from jixiao.domain.documents import MAX_BYTES, Document, DocumentError, check_size
from jixiao.services.web_errors import NotFound, Refused
from jixiao.web.context import WebContext
from jixiao.web.deps import ContextDep, IndicatorEditor, Key, Viewer
from jixiao.web.uploads import CHUNK, safe_name

router = APIRouter(prefix="/projects", tags=["证明材料"])
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ofd": "application/ofd",
}


def document_json(d: Document) -> dict[str, Any]:
    return {
        "title": d.title,
        "kind": d.kind,
        "issuer": d.issuer,
        "date": d.issued and d.issued.isoformat(),
        "sha256": d.sha256,
        "size": d.size,
        "file_type": d.file_type,
        "filename": d.filename,
    }


async def attach_upload(
    ctx: WebContext,
    key: int,
    file: UploadFile,
    *,
    kind: str,
    title: str,
    issuer: str,
    date: str,
    actor: str,
) -> tuple[Document, bool]:
    """Read an uploaded file (bounded) and attach it to project `key`; Refused when it cannot."""
    name = ctx.app.project(key).evaluation.project.name
    content = bytearray()
    while chunk := await file.read(CHUNK):
        content += chunk
        if len(content) > MAX_BYTES:
            break
    try:
        issued = dt.date.fromisoformat(date.strip()) if date.strip() else None
    except ValueError as error:
        raise Refused(f"无法识别的日期“{date}”；应为如 2021-10-20", "date") from error
    try:
        check_size(len(content))
        return ctx.app.attach(
            bytes(content),
            project=name,
            kind=kind,
            title=title,
            issuer=issuer,
            issued=issued,
            filename=safe_name(file.filename),
            actor=actor,
        )
    except DocumentError as error:  # refused as the upload's other refusals are: 422
        raise Refused(str(error), "file") from error


@router.get("/{key}/documents", summary="项目的证明材料")
def documents(ctx: ContextDep, _: Viewer, key: Key) -> list[dict[str, Any]]:
    name = ctx.app.project(key).evaluation.project.name
    return [document_json(d) for d in ctx.app.project_documents(name)]


@router.post(
    "/{key}/documents", status_code=201, summary="上传证明材料（按内容识别类型，限制大小）"
)
async def upload(
    ctx: ContextDep,
    current: IndicatorEditor,
    key: Key,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form()],
    title: Annotated[str, Form()],
    issuer: Annotated[str, Form()] = "",
    date: Annotated[str, Form()] = "",
) -> dict[str, Any]:
    document, replaced = await attach_upload(
        ctx,
        key,
        file,
        kind=kind,
        title=title,
        issuer=issuer,
        date=date,
        actor=current.user.username,
    )
    return {**document_json(document), "replaced": replaced}


@router.get("/{key}/documents/{sha256}", summary="打开证明材料（浏览器内预览）")
def content(ctx: ContextDep, _: Viewer, key: Key, sha256: str) -> Response:
    name = ctx.app.project(key).evaluation.project.name
    found = next((d for d in ctx.app.project_documents(name) if d.sha256 == sha256), None)
    data = None if found is None else ctx.app.document_content(found)
    if found is None or data is None:
        raise NotFound("没有这份证明材料")
    return Response(
        data,
        media_type=MEDIA_TYPES[found.file_type],
        headers={"Content-Disposition": "inline", "X-Content-Type-Options": "nosniff"},
    )
