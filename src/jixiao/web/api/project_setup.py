"""/api/projects: projects made, their every field edited, indicators added, moved and
removed, evidence choices listed, and projects deleted (services/project_editing.py)."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Query

from jixiao.services.project_editing import NewProject
from jixiao.web.api.projects import evaluated_json
from jixiao.web.api.schemas import IndicatorIn, IndicatorMove, NewProjectIn, ProjectPatch
from jixiao.web.deps import ContextDep, Index, IndicatorEditor, Key, ProjectEditor, Viewer

router = APIRouter(prefix="/projects", tags=["项目"])
Invalid: dict[int | str, dict[str, Any]] = {422: {"description": "校验未通过，逐项列出问题"}}


@router.get("/templates", summary="指标库：各类项目的模板（指标、目标值、证据绑定）")
def templates(ctx: ContextDep, _: Viewer) -> list[dict[str, Any]]:
    return [dataclasses.asdict(t) for t in ctx.app.project_templates()]


@router.post(
    "/new", status_code=201, summary="新建项目（空白、延续上一年度或指标模板）", responses=Invalid
)
def create(body: NewProjectIn, ctx: ContextDep, current: ProjectEditor) -> dict[str, Any]:
    new = NewProject(**body.model_dump())
    return evaluated_json(ctx.app.create_project(new, actor=current.user.username))


@router.patch("/{key}", summary="修改项目信息与年度目标", responses=Invalid)
def patch(body: ProjectPatch, ctx: ContextDep, current: ProjectEditor, key: Key) -> dict[str, Any]:
    values = body.model_dump(exclude_unset=True)
    return evaluated_json(ctx.app.update_project(key, values, actor=current.user.username))


@router.delete("/{key}", summary="删除项目（审计日志保留完整项目文件）")
def delete(
    ctx: ContextDep,
    current: ProjectEditor,
    key: Key,
    reason: Annotated[str, Query(min_length=1, max_length=500, description="删除原因")],
) -> dict[str, Any]:
    return {"deleted": ctx.app.delete_project(key, reason=reason, actor=current.user.username)}


@router.get("/{key}/evidence-choices", summary="可绑定的证据：度量、设备分组、合同、调查、证明材料")
def evidence_choices(ctx: ContextDep, _: Viewer, key: Key) -> dict[str, Any]:
    return dataclasses.asdict(ctx.app.evidence_choices(key))


@router.post("/{key}/indicators", status_code=201, summary="新增指标", responses=Invalid)
def add_indicator(
    body: IndicatorIn, ctx: ContextDep, current: IndicatorEditor, key: Key
) -> dict[str, Any]:
    values = body.model_dump(exclude_none=True)
    return evaluated_json(ctx.app.add_indicator(key, values, actor=current.user.username))


@router.post("/{key}/indicators/{index}/move", summary="移动指标", responses=Invalid)
def move_indicator(
    body: IndicatorMove, ctx: ContextDep, current: IndicatorEditor, key: Key, index: Index
) -> dict[str, Any]:
    actor = current.user.username
    return evaluated_json(ctx.app.move_indicator(key, index, body.to, actor=actor))


@router.delete("/{key}/indicators/{index}", summary="删除指标", responses=Invalid)
def remove_indicator(
    ctx: ContextDep, current: IndicatorEditor, key: Key, index: Index
) -> dict[str, Any]:
    return evaluated_json(ctx.app.remove_indicator(key, index, actor=current.user.username))
