"""/api/users (管理员): users and roles."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from jixiao.web.api.schemas import UserIn, UserPatch, user_json
from jixiao.web.deps import ContextDep, Key, UserAdmin

router = APIRouter(prefix="/users", tags=["用户"])


@router.get("", summary="用户列表")
def users(ctx: ContextDep, _: UserAdmin) -> list[dict[str, Any]]:
    return [user_json(u) for u in ctx.accounts.users()]


@router.post("", status_code=201, summary="新建用户（首次登录须改密码）")
def create(body: UserIn, ctx: ContextDep, current: UserAdmin) -> dict[str, Any]:
    user = ctx.accounts.create_user(
        current.user, body.username, body.display_name, body.role, body.password
    )
    return user_json(user)


@router.patch("/{user_id}", summary="修改角色、启用/停用、解锁、重置密码")
def update(body: UserPatch, ctx: ContextDep, current: UserAdmin, user_id: Key) -> dict[str, Any]:
    user = ctx.accounts.update_user(current.user, user_id, **body.model_dump(exclude_unset=True))
    return user_json(user)
