"""/api/audit (管理员): who changed what, when, before and after."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query

from jixiao.services.audit import audit_page
from jixiao.web.deps import Auditor, ContextDep

router = APIRouter(prefix="/audit", tags=["审计"])


@router.get("", summary="审计日志（新的在前）")
def audit(
    ctx: ContextDep,
    _: Auditor,
    entity: Annotated[str, Query(max_length=32)] = "",
    username: Annotated[str, Query(max_length=64)] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    found = audit_page(ctx.store, limit=limit, offset=offset, entity=entity, username=username)
    return {
        "total": found.total,
        "entries": [
            {
                "id": e.id,
                "at": e.at,
                "username": e.username,
                "action": e.action,
                "entity": e.entity,
                "target": e.target,
                "before": json.loads(e.before) if e.before else None,
                "after": json.loads(e.after) if e.after else None,
            }
            for e in found.entries
        ],
    }
