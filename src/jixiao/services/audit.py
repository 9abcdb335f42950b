"""The audit log (审计日志): every change to funds, indicators, devices, users and settings.

An entry is written in the transaction of the change it records, so there is never a change
without its entry or an entry for a change that was rolled back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from jixiao.services.web_ports import AuditEntry, WebRepos, WebStore

ENTITY_LABELS = {
    "funds": "资金",
    "allocation": "资金下达",
    "payment": "支付",
    "contract": "合同",
    "indicator": "指标",
    "project": "项目",
    "device": "设备",
    "status": "状态记录",
    "maintenance": "维护窗口",
    "ticket": "工单",
    "assessment": "考核办法",
    "user": "用户",
    "setting": "设置",
    "recordings": "录像巡检",
}
ACTION_LABELS = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "import": "导入",
    "move": "移动",
    "lock": "锁定",
    "unlock": "解锁",
    "scan": "巡检",
    "restore": "恢复",
    "archive": "归档",
}


def to_json(value: Any) -> str | None:
    """A value as stable JSON text (keys sorted, Chinese kept, dates as ISO text)."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(
    repos: WebRepos,
    *,
    actor: str,
    at: int,
    action: str,
    entity: str,
    target: str,
    before: Any = None,
    after: Any = None,
) -> int:
    return repos.audit.add(
        AuditEntry(at, actor, action, entity, target, to_json(before), to_json(after))
    )


@dataclass(frozen=True, slots=True)
class AuditPage:
    entries: list[AuditEntry]
    total: int
    limit: int
    offset: int


def audit_page(
    store: WebStore,
    *,
    limit: int = 50,
    offset: int = 0,
    entity: str | None = None,
    username: str | None = None,
) -> AuditPage:
    with store.read() as repos:
        entries, total = repos.audit.page(
            limit=limit, offset=offset, entity=entity or None, username=username or None
        )
    return AuditPage(entries, total, limit, offset)
