"""/api/projects: project-years, their evaluation (the `evaluate --json` object) and edits."""

from __future__ import annotations

import shutil
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.encoders import jsonable_encoder

from jixiao.adapters.reports.evaluation_json import evaluation_to_dict
from jixiao.services.dashboard import project_line
from jixiao.services.projects import (
    AddItem,
    Edit,
    Evaluated,
    RemoveItem,
    SetFunds,
    SetIndicator,
)
from jixiao.web.api.schemas import FundsItemIn, FundsPatch, IndicatorPatch
from jixiao.web.context import WebContext
from jixiao.web.deps import (
    ContextDep,
    FundsEditor,
    Index,
    IndicatorEditor,
    Key,
    ProjectEditor,
    Viewer,
)
from jixiao.web.uploads import save_upload

router = APIRouter(prefix="/projects", tags=["项目"])
Kind = Literal["allocations", "payments", "contracts"]


def evaluated_json(item: Evaluated) -> dict[str, Any]:
    return {"key": item.key, "bound": sorted(item.bound), **evaluation_to_dict(item.evaluation)}


@router.get("", summary="项目列表（含得分）")
def projects(ctx: ContextDep, _: Viewer) -> list[dict[str, Any]]:
    lines = [project_line(p) for p in ctx.app.projects()]
    return [
        {
            "key": p.key,
            "name": p.name,
            "year": p.year,
            "total": float(p.total),
            "grade": p.grade,
            "execution_rate": None if p.execution_rate is None else float(p.execution_rate),
            "arrears_yuan": None if p.arrears is None else float(p.arrears),
            "errors": p.errors,
            "missing_evidence": p.missing,
        }
        for p in lines
    ]


@router.post("", status_code=201, summary="导入项目文件（YAML）")
async def import_file(
    ctx: ContextDep, current: ProjectEditor, file: Annotated[UploadFile, File()]
) -> dict[str, Any]:
    directory = ctx.jobs.scratch()
    try:
        path = await save_upload(
            file, directory, allowed=ctx.app.files.projects.suffixes, max_bytes=ctx.max_upload
        )
        _, key, replaced = ctx.app.import_project_file(path, actor=current.user.username)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return {"key": key, "replaced": replaced}


@router.get("/{key}", summary="项目自评（得分、资金、指标、问题）")
def project(ctx: ContextDep, _: Viewer, key: Key) -> dict[str, Any]:
    return evaluated_json(ctx.app.project(key))


@router.get("/{key}/document", summary="项目文件内容（与 YAML 相同的结构）")
def document(ctx: ContextDep, _: Viewer, key: Key) -> dict[str, Any]:
    data: dict[str, Any] = jsonable_encoder(ctx.app.project_document(key))
    return data


def _edit(ctx: WebContext, actor: str, key: Key, edit: Edit, confirm: bool) -> dict[str, Any]:
    return evaluated_json(ctx.app.edit_project(key, edit, actor=actor, confirmed=confirm))


Confirm = Annotated[
    bool,
    Query(description="确认保存：执行率超过100%或预算变化百倍以上的修改需带 confirm=true 再次提交"),
]


@router.patch(
    "/{key}/indicators/{index}",
    summary="修改指标（按项目文件规则校验后重新评分）",
    responses={422: {"description": "校验未通过，逐项列出问题"}},
)
def patch_indicator(
    body: IndicatorPatch,
    ctx: ContextDep,
    current: IndicatorEditor,
    key: Key,
    index: Index,
    confirm: Confirm = False,
) -> dict[str, Any]:
    values = body.model_dump(exclude_unset=True)
    if values.get("note") is None and "note" in values:
        values["note"] = ""
    if {"level1", "level2", "name"} & set(values):  # renaming: the edit of every field
        actor = current.user.username
        return evaluated_json(ctx.app.edit_indicator(key, index, values, actor=actor))
    return _edit(ctx, current.user.username, key, SetIndicator(index, values), confirm)


@router.patch(
    "/{key}/funds",
    summary="修改预算数与执行数（不带单位的数为万元）",
    responses={409: {"description": "执行率超过100%或预算变化百倍以上：需 confirm=true"}},
)
def patch_funds(
    body: FundsPatch, ctx: ContextDep, current: FundsEditor, key: Key, confirm: Confirm = False
) -> dict[str, Any]:
    edit = SetFunds(body.model_dump(exclude_unset=True))
    return _edit(ctx, current.user.username, key, edit, confirm)


@router.post(
    "/{key}/funds/{kind}",
    status_code=201,
    summary="新增资金下达、支付或合同（不带单位的金额为万元）",
    responses={409: {"description": "执行率将超过100%：需 confirm=true"}},
)
def add_item(
    body: FundsItemIn,
    ctx: ContextDep,
    current: FundsEditor,
    key: Key,
    kind: Kind,
    confirm: Confirm = False,
) -> dict[str, Any]:
    values = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    return _edit(ctx, current.user.username, key, AddItem(kind, values), confirm)


@router.delete("/{key}/funds/{kind}/{index}", summary="删除资金下达、支付或合同")
def remove_item(
    ctx: ContextDep,
    current: FundsEditor,
    key: Key,
    kind: Kind,
    index: Index,
    confirm: Confirm = False,
) -> dict[str, Any]:
    return _edit(ctx, current.user.username, key, RemoveItem(kind, index), confirm)
