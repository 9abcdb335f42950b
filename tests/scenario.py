"""A small county for store and use-case tests: devices, status changes and maintenance, in Shanghai time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from jixiao.domain.availability import to_seconds
from jixiao.domain.devices import Device, DeviceKind, GbId
from jixiao.services import inventory, monitoring
from jixiao.services.inventory import Numbered
from jixiao.services.monitoring import StatusRow
from jixiao.services.ports import AppendResult
from jixiao.services.web_ports import WebStore

ZONE = ZoneInfo("Asia/Shanghai")
EAST, WEST, NVR, OLD = (
    "64032300001320000001",
    "64032300001320000002",
    "64032300001180000001",
    "64032300001310000009",
)


def moment(day: int, hour: float = 0) -> dt.datetime:
    return dt.datetime(2021, 3, day, tzinfo=ZONE) + dt.timedelta(hours=hour)


def seconds(day: int, hour: float = 0) -> int:
    return to_seconds(moment(day, hour))


def device(gb: str, name: str, groups: tuple[str, ...], **kw: object) -> Device:
    kind = GbId(gb).default_kind or DeviceKind.CAMERA
    return Device(GbId(gb), kind, name, groups, **kw)  # type: ignore[arg-type]


def import_devices(
    store: WebStore,
    rows: list[Numbered[Device]],
    *,
    source: str = "test",
    actor: str = "test",
    now: int = 0,
) -> tuple[int, int]:
    """The use case in its own transaction, as the application runs it."""
    with store.write() as repos:
        return inventory.import_devices(repos, rows, source=source, actor=actor, now=now)


def import_status(
    store: WebStore,
    rows: list[Numbered[StatusRow]],
    *,
    source: str,
    actor: str = "test",
    now: int = 0,
) -> AppendResult:
    with store.write() as repos:
        return monitoring.import_status(repos, rows, source=source, actor=actor, now=now)


def add_maintenance(
    store: WebStore,
    start: dt.datetime,
    end: dt.datetime,
    reason: str,
    *,
    device_id: str | None = None,
    group: str | None = None,
    actor: str = "test",
    now: int = 0,
) -> int:
    with store.write() as repos:
        return monitoring.add_maintenance(
            repos, start, end, reason, device_id=device_id, group=group, actor=actor, now=now
        )


def county(store: WebStore) -> None:
    """East: on 1st 00:00, off 1st 08:00, on 1st 12:00 (maintenance 10:00–14:00 on the 地网 group).
    West: commissioned on the 3rd, on at 3rd 06:00. NVR: never reports. Old: decommissioned on the 2nd."""
    import_devices(
        store,
        [
            Numbered(2, device(EAST, "东门", ("地网", "天网"), area="花马池镇")),
            Numbered(
                3,
                device(WEST, "西门", ("地网",), area="花马池镇", commissioned=dt.date(2021, 3, 3)),
            ),
            Numbered(4, device(NVR, "中心NVR", ("天网",), area="县城")),
            Numbered(
                5, device(OLD, "旧点位", ("天网",), area="县城", decommissioned=dt.date(2021, 3, 2))
            ),
        ],
    )
    rows = [
        StatusRow(EAST, moment(1), True),
        StatusRow(EAST, moment(1, 8), False, "断电"),
        StatusRow(EAST, moment(1, 12), True),
        StatusRow(WEST, moment(3, 6), True),
        StatusRow(OLD, moment(1), True),
    ]
    import_status(store, [Numbered(i + 2, r) for i, r in enumerate(rows)], source="test")
    add_maintenance(store, moment(1, 10), moment(1, 14), "光缆迁改", group="地网")
