"""Use cases of the device inventory (设备清单 / 点位表): import, update by id, list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from jixiao.domain.devices import Device
from jixiao.services.ports import Store, StoredDevice

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RowProblem:
    """What is wrong with one row of an imported table (line 1 is the header)."""

    line: int | None
    field: str
    message: str


class RowsRejected(Exception):
    """An import refused as a whole: every problem found, nothing stored."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        super().__init__("\n".join(f"{p.line} {p.field} {p.message}" for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class Numbered(Generic[T]):
    """A value read from line `line` of a file."""

    line: int
    value: T


def import_devices(store: Store, rows: Sequence[Numbered[Device]]) -> tuple[int, int]:
    """Add new devices and update known ones by device id, all or nothing; (added, updated)."""
    first_line: dict[str, int] = {}
    problems = []
    for row in rows:
        device_id = row.value.device_id.value
        if device_id in first_line:
            problems.append(
                RowProblem(
                    row.line, "device_id", f"设备编码{device_id}与第{first_line[device_id]}行重复"
                )
            )
        first_line.setdefault(device_id, row.line)
    if problems:
        raise RowsRejected(problems)
    with store.write() as repos:
        return repos.devices.upsert([r.value for r in rows])


def list_devices(store: Store, group: str | None = None) -> list[StoredDevice]:
    with store.read() as repos:
        return repos.devices.select(group=group)
