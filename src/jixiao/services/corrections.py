"""Corrections (更正): devices, maintenance windows and status records entered by mistake.

A deletion is soft: the row leaves every query (lists, rates, the daily rollup, O&M
measures) but stays in the store, with a record of who deleted it, when and why
(`Deletion`), until an administrator restores it. A status record is the exception: its
row leaves the status history (so the sums over it stay right) and the deletion keeps a copy
to append again. Each correction is audited and rebuilds the daily rollup in its own
transaction: corrections are rare, and a rebuild is the one way the rollup is known right.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from jixiao.domain.availability import Span, from_seconds, to_seconds
from jixiao.domain.errors import DomainError
from jixiao.services.audit import record
from jixiao.services.inventory import device_fields
from jixiao.services.monitoring import UnknownDevice
from jixiao.services.ports import KeyedChange
from jixiao.services.web_errors import NotFound
from jixiao.services.web_ports import Deletion, WebRepos

ENTITY_WORDS = {"device": "设备", "maintenance": "维护窗口", "status": "状态记录"}
RESTORED_SOURCE = "更正恢复"


class CorrectionRefused(DomainError):
    """A deletion or restore that cannot be done as asked (the message says why)."""


def _reason(reason: str) -> str:
    if not reason.strip():
        raise CorrectionRefused("请写明删除原因（如 演示数据误入、编码录错）")
    return reason.strip()


def _rebuild_rollup(repos: WebRepos) -> None:
    zone = repos.rollup.zone()
    if zone is not None:
        repos.rollup.rebuild(ZoneInfo(zone))


def _when(seconds: int, zone: dt.tzinfo) -> str:
    return from_seconds(seconds, zone).strftime("%Y-%m-%d %H:%M:%S")


def delete_device(
    repos: WebRepos, device_id: str, reason: str, *, actor: str, now: int
) -> Deletion:
    """Delete a device entered by mistake; its status history stays, unused, until restored."""
    why = _reason(reason)
    key = repos.devices.keys([device_id]).get(device_id)
    if key is None:
        raise UnknownDevice(f"设备{device_id}不在设备清单中（或已删除）")
    device = next(s.device for s in repos.devices.select() if s.key == key)
    repos.devices.set_deleted(key, now)
    deletion = Deletion(0, "device", device_id, f"设备{device_id} {device.name}", why, actor, now)
    deletion = _added(repos, deletion)
    record(
        repos,
        actor=actor,
        at=now,
        action="delete",
        entity="device",
        target=device_id,
        before=device_fields(device),
        after={"删除原因": why},
    )
    _rebuild_rollup(repos)
    return deletion


def _added(repos: WebRepos, deletion: Deletion) -> Deletion:
    found = repos.corrections.get(repos.corrections.add(deletion))
    assert found is not None
    return found


def _window_fields(repos: WebRepos, window_id: int, zone: dt.tzinfo) -> tuple[str, dict[str, str]]:
    window = repos.maintenance.get(window_id)
    if window is None:
        raise NotFound(f"没有维护窗口 #{window_id}（或已删除）")
    if window.device_key is not None:
        ids = repos.presence.device_ids()
        who = f"设备{ids.get(window.device_key, window.device_key)}"
    else:
        who = f"分组“{window.group}”"
    fields = {
        "对象": who,
        "开始": _when(window.span.start, zone)[:16],
        "结束": _when(window.span.end, zone)[:16],
        "原因": window.reason,
    }
    return who, fields


def delete_window(
    repos: WebRepos, window_id: int, reason: str, *, zone: dt.tzinfo, actor: str, now: int
) -> Deletion:
    """Delete a maintenance window entered by mistake: its time counts as downtime again."""
    why = _reason(reason)
    who, fields = _window_fields(repos, window_id, zone)
    repos.maintenance.set_deleted(window_id, now)
    label = f"维护窗口 #{window_id} {who} {fields['开始']}至{fields['结束']}"
    deletion = _added(repos, Deletion(0, "maintenance", str(window_id), label, why, actor, now))
    record(
        repos,
        actor=actor,
        at=now,
        action="delete",
        entity="maintenance",
        target=f"#{window_id} {who}",
        before=fields,
        after={"删除原因": why},
    )
    _rebuild_rollup(repos)
    return deletion


def edit_window(
    repos: WebRepos,
    window_id: int,
    *,
    start: dt.datetime | None,
    end: dt.datetime | None,
    reason: str | None,
    zone: dt.tzinfo,
    actor: str,
    now: int,
) -> None:
    """Correct a window's times or reason (its device or group stays), audited before/after."""
    window = repos.maintenance.get(window_id)
    who, before = _window_fields(repos, window_id, zone)
    assert window is not None
    span = Span(
        window.span.start if start is None else to_seconds(start),
        window.span.end if end is None else to_seconds(end),
    )
    if span.length <= 0:
        raise CorrectionRefused("维护窗口的结束时间应晚于开始时间")
    new_reason = window.reason if reason is None or not reason.strip() else reason.strip()
    repos.maintenance.replace(window_id, span, new_reason)
    after = {
        **before,
        "开始": _when(span.start, zone)[:16],
        "结束": _when(span.end, zone)[:16],
        "原因": new_reason,
    }
    record(
        repos,
        actor=actor,
        at=now,
        action="update",
        entity="maintenance",
        target=f"#{window_id} {who}",
        before=before,
        after=after,
    )
    _rebuild_rollup(repos)


def delete_status(
    repos: WebRepos,
    device_id: str,
    moment: dt.datetime,
    reason: str,
    *,
    zone: dt.tzinfo,
    actor: str,
    now: int,
) -> Deletion:
    """Delete one status record (a device's change at `moment`) entered by mistake."""
    why = _reason(reason)
    key = repos.devices.keys([device_id]).get(device_id)
    if key is None:
        raise UnknownDevice(f"设备{device_id}不在设备清单中（或已删除）")
    at = to_seconds(moment)
    removed = repos.statuses.remove(key, at)
    if removed is None:
        raise NotFound(f"设备{device_id}在{_when(at, zone)}没有状态记录")
    word = "在线" if removed.online else "离线"
    payload = json.dumps({"online": removed.online, "cause": removed.cause}, ensure_ascii=False)
    label = f"状态记录 设备{device_id} {_when(at, zone)} {word}"
    deletion = _added(
        repos, Deletion(0, "status", f"{device_id}@{at}", label, why, actor, now, payload)
    )
    record(
        repos,
        actor=actor,
        at=now,
        action="delete",
        entity="status",
        target=f"设备{device_id} {_when(at, zone)}",
        before={"状态": word, "原因": removed.cause},
        after={"删除原因": why},
    )
    _rebuild_rollup(repos)
    return deletion


def restore(repos: WebRepos, deletion_id: int, *, actor: str, now: int) -> Deletion:
    """Undo a deletion (an administrator's decision; the entry points check the role)."""
    deletion = repos.corrections.get(deletion_id)
    if deletion is None or deletion.restored_at is not None:
        raise NotFound(f"没有待恢复的删除记录 #{deletion_id}")
    if deletion.entity == "device":
        key = repos.devices.deleted_keys([deletion.target]).get(deletion.target)
        if key is None:
            raise CorrectionRefused(f"设备{deletion.target}已不在已删除设备中")
        repos.devices.set_deleted(key, None)
    elif deletion.entity == "maintenance":
        window_id = int(deletion.target)
        if repos.maintenance.get(window_id, deleted=True) is None:
            raise CorrectionRefused(f"维护窗口 #{window_id}已不在已删除记录中")
        repos.maintenance.set_deleted(window_id, None)
    else:
        device_id, at = deletion.target.rsplit("@", 1)
        key = repos.devices.keys([device_id]).get(device_id)
        if key is None:
            raise CorrectionRefused(f"设备{device_id}不在设备清单中：请先恢复该设备")
        stored = json.loads(deletion.payload)
        change = KeyedChange(key, int(at), bool(stored["online"]), str(stored["cause"]))
        if repos.statuses.append([change], source=RESTORED_SOURCE).conflicts:
            raise CorrectionRefused("该时刻已有相反的状态记录，无法恢复")
    repos.corrections.restored(deletion_id, actor=actor, at=now)
    record(
        repos,
        actor=actor,
        at=now,
        action="restore",
        entity=deletion.entity,
        target=deletion.target,
        before={"删除原因": deletion.reason, "删除人": deletion.actor},
        after={"恢复": deletion.label},
    )
    _rebuild_rollup(repos)
    restored = repos.corrections.get(deletion_id)
    assert restored is not None
    return restored


def deleted(repos: WebRepos) -> list[Deletion]:
    """What is deleted and may be restored, newest first."""
    return repos.corrections.pending()
