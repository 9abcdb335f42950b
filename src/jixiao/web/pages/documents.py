"""证明材料 on the project page: the upload form (the listing is part of project.html)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from jixiao.services.web_errors import Refused
from jixiao.web.api.documents import attach_upload
from jixiao.web.deps import ContextDep, IndicatorEditor, Key
from jixiao.web.pages.projects import project_context
from jixiao.web.rendering import page

router = APIRouter(include_in_schema=False)


@router.post("/projects/{key}/documents")
async def upload_document(
    request: Request,
    ctx: ContextDep,
    current: IndicatorEditor,
    key: Key,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form(max_length=32)],
    title: Annotated[str, Form(max_length=300)],
    issuer: Annotated[str, Form(max_length=200)] = "",
    date: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    try:
        await attach_upload(
            ctx, key, file, kind=kind, title=title, issuer=issuer, date=date,
            actor=current.user.username,
        )  # fmt: skip
    except Refused as error:
        values = project_context(ctx, ctx.app.project(key)) | {"document_error": str(error)}
        return page(request, "project.html", values, 422)
    return RedirectResponse(f"/projects/{key}#documents", status_code=303)
