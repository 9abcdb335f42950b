"""Use cases of the device inventory (设备清单 / 点位表): import, update by id, list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from jixiao.domain.devices import Device
from jixiao.domain.errors import InputError, Problem
from jixiao.services.audit import record
from jixiao.services.web_ports import WebRepos

T = TypeVar("T")


class RowsRejected(InputError):
    """An import refused as a whole: every problem found (line 1 is the header), nothing
    stored. Its problems name the table's own field (device_id); the caller that knows the
    file's column words relabels them (`relabel`)."""

    def relabel(self, file: str, label: Callable[[str], str]) -> InputError:
        """The same problems, in `file`, with each field as `label(field)` names it."""
        return InputError([Problem(file, p.message, p.line, label(p.field)) for p in self.problems])


@dataclass(frozen=True, slots=True)
class Numbered(Generic[T]):
    """A value read from line `line` of a file."""

    line: int
    value: T


def device_fields(d: Device) -> dict[str, Any]:
    """A device as the audit log shows it."""
    return {
        "名称": d.name,
        "类型": d.kind_shown,
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
    repos: WebRepos, rows: Sequence[Numbered[Device]], *, source: str, actor: str, now: int
) -> tuple[int, int]:
    """Add new devices and update known ones by device id, all or nothing, with one audit
    entry per device it changes; (added, updated)."""
    first_line: dict[str, int] = {}
    problems = []
    for row in rows:
        device_id = row.value.device_id.value
        if device_id in first_line:
            problems.append(
                Problem(
                    source,
                    f"设备编码{device_id}与第{first_line[device_id]}行重复",
                    row.line,
                    "device_id",
                )
            )
        first_line.setdefault(device_id, row.line)
    deleted = repos.devices.deleted_keys(first_line)
    for device_id in deleted:
        problems.append(
            Problem(
                source,
                f"设备编码{device_id}的设备已删除（更正）：请由管理员在“已删除”中恢复后再导入",
                first_line[device_id],
                "device_id",
            )
        )
    if problems:
        raise RowsRejected(sorted(problems, key=lambda p: p.line or 0))
    wanted = set(first_line)
    before = {
        s.device.device_id.value: device_fields(s.device)
        for s in repos.devices.select()
        if s.device.device_id.value in wanted
    }
    added, updated = repos.devices.upsert([r.value for r in rows])
    for row in rows:
        device_id = row.value.device_id.value
        old, new = before.get(device_id), device_fields(row.value)
        if old != new:
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
    return added, updated
