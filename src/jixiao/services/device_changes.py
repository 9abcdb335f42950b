"""Changes to devices and their evidence from the web app, each with its audit entries.

The inventory and monitoring use cases run unchanged inside the transaction that also
writes the audit log (`_Joined`), so a refused import leaves neither devices nor entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from jixiao.domain.devices import KIND_LABELS, Device
from jixiao.services import inventory, monitoring
from jixiao.services.audit import record
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import StatusRow
from jixiao.services.ports import AppendResult, Repos
from jixiao.services.web_ports import WebRepos, WebStore


class _Joined:
    """A Store whose transactions are one that is already open (ours)."""

    def __init__(self, repos: Repos, where: str) -> None:
        self._repos, self._where = repos, where

    @contextmanager
    def write(self) -> Iterator[Repos]:
        yield self._repos

    read = write

    def describe(self) -> str:
        return self._where


def device_fields(d: Device) -> dict[str, Any]:
    """A device as the audit log shows it."""
    return {
        "名称": d.name,
        "类型": KIND_LABELS[d.kind],
        "分组": "；".join(d.groups),
        "区域": d.area,
        "地址": d.address,
        "IP": d.ip,
        "端口": d.port,
        "厂商": d.vendor,
        "型号": d.model,
        "启用日期": d.commissioned and d.commissioned.isoformat(),
        "停用日期": d.decommissioned and d.decommissioned.isoformat(),
    }


def import_devices(
    store: WebStore, rows: Sequence[Numbered[Device]], *, actor: str, now: int
) -> tuple[int, int]:
    """The 点位表 import of services.inventory, with one audit entry per device it changes."""
    wanted = {r.value.device_id.value for r in rows}
    with store.write() as repos:
        before = {
            s.device.device_id.value: device_fields(s.device)
            for s in repos.devices.select()
            if s.device.device_id.value in wanted
        }
        added, updated = inventory.import_devices(_Joined(repos, store.describe()), rows)
        for row in rows:
            device_id = row.value.device_id.value
            old, new = before.get(device_id), device_fields(row.value)
            if old != new:
                _device_entry(repos, actor, now, device_id, old, new)
    return added, updated


def _device_entry(
    repos: WebRepos, actor: str, now: int, device_id: str, old: Any, new: Any
) -> None:
    record(
        repos,
        actor=actor,
        at=now,
        action="create" if old is None else "update",
        entity="device",
        target=device_id,
        before=old,
        after=new,
    )


def import_status(
    store: WebStore, rows: Sequence[Numbered[StatusRow]], *, source: str, actor: str, now: int
) -> AppendResult:
    with store.write() as repos:
        result = monitoring.import_status(_Joined(repos, store.describe()), rows, source=source)
        record(
            repos,
            actor=actor,
            at=now,
            action="import",
            entity="status",
            target=source,
            after={"新增": result.added, "重复已跳过": result.duplicates},
        )
    return result


def add_maintenance(
    store: WebStore,
    start: dt.datetime,
    end: dt.datetime,
    reason: str,
    *,
    device_id: str | None,
    group: str | None,
    actor: str,
    now: int,
) -> int:
    with store.write() as repos:
        window = monitoring.add_maintenance(
            _Joined(repos, store.describe()),
            start,
            end,
            reason,
            device_id=device_id,
            group=group,
        )
        record(
            repos,
            actor=actor,
            at=now,
            action="create",
            entity="maintenance",
            target=f"#{window} " + (f"设备{device_id}" if device_id else f"分组“{group}”"),
            after={
                "开始": start.isoformat(timespec="minutes"),
                "结束": end.isoformat(timespec="minutes"),
                "原因": reason.strip(),
            },
        )
    return window
