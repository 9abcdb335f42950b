"""/api/settings (管理员): settings kept in the store (单位名称, 在线率目标)."""

from __future__ import annotations

from fastapi import APIRouter

from jixiao.services.app_settings import read_settings, save_settings
from jixiao.web.api.schemas import SettingsIn
from jixiao.web.deps import ContextDep, SettingsAdmin

router = APIRouter(prefix="/settings", tags=["设置"])


@router.get("", summary="设置")
def settings(ctx: ContextDep, _: SettingsAdmin) -> dict[str, str]:
    return read_settings(ctx.store)


@router.put("", summary="修改设置")
def update(body: SettingsIn, ctx: ContextDep, current: SettingsAdmin) -> dict[str, str]:
    values = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    return save_settings(ctx.store, values, actor=current.user.username, now=ctx.now_s())
