"""The 录像 report's fast path (quiet cameras counted in the store, RecordingRepo.quiet_cameras)
gives the figures of the straightforward path (every channel read), on every store, over
seeded random inventories: service lives, groups, maintenance windows, scans answered or not.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from jixiao.domain.availability import Span, day_start
from jixiao.domain.devices import Device, DeviceKind, GbId
from jixiao.services.recordings import recording_report
from jixiao.services.shared_selection import sharing_selections
from jixiao.services.web_ports import RecordingDay, WebStore
from tests.scenario import ZONE

GROUPS = ("天网", "重点路口", "小区")
FIRST = dt.date(2021, 3, 1)


def _random_store(store: WebStore, seed: int) -> None:
    rnd = random.Random(seed)

    def some_day(spread: int) -> dt.date:
        return FIRST + dt.timedelta(days=rnd.randrange(-spread, 45))

    devices = []
    for n in range(40):
        kind = "118" if rnd.random() < 0.1 else "132"
        life = rnd.random()
        commissioned = some_day(60) if life < 0.25 or life > 0.95 else None
        decommissioned = some_day(10) if life > 0.85 else None
        if commissioned and decommissioned and decommissioned <= commissioned:
            decommissioned = commissioned + dt.timedelta(days=rnd.randrange(1, 20))
        devices.append(
            Device(
                GbId(f"6403230000{kind}{n:07d}"),
                DeviceKind.NVR if kind == "118" else DeviceKind.CAMERA,
                f"点位{n}",
                tuple(g for g in GROUPS if rnd.random() < 0.4),
                f"乡镇{n % 3}",
                commissioned=commissioned,
                decommissioned=decommissioned,
            )
        )
    with store.write() as repos:
        repos.devices.upsert(devices)
        keys = list(repos.devices.keys(d.device_id.value for d in devices).values())
        for _ in range(3):
            start = day_start(some_day(5), ZONE) + rnd.randrange(86_400)
            span = Span(start, start + rnd.randrange(3_600, 3 * 86_400))
            if rnd.random() < 0.5:
                repos.maintenance.add(span, "检修", device_key=rnd.choice(keys), group=None)
            else:
                repos.maintenance.add(span, "迁改", device_key=None, group=rnd.choice(GROUPS))
        rows = []
        for key in rnd.sample(keys, 15):  # the others are never scanned
            for _ in range(rnd.randrange(1, 8)):
                day = some_day(20)
                start = day_start(day, ZONE)
                cuts = sorted(rnd.sample(range(start, start + 86_400), 4))
                answered = rnd.random() < 0.8
                rows.append(
                    RecordingDay(
                        key,
                        day,
                        ((cuts[0], cuts[1]), (cuts[2], cuts[3])) if answered else (),
                        ("1段录像重叠",) if rnd.random() < 0.2 else (),
                        answered,
                        start - rnd.randrange(0, 100) * 86_400 if answered else None,
                        start,
                    )
                )
        repos.recordings.put(rows)
        if rnd.random() < 0.5:
            repos.devices.set_deleted(rnd.choice(keys), 1)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_report_equals_straightforward(store: WebStore, seed: int) -> None:
    _random_store(store, seed)
    periods = [
        (FIRST, dt.date(2021, 3, 31)),
        (dt.date(2021, 3, 10), dt.date(2021, 4, 12)),
        (dt.date(2021, 4, 5), dt.date(2021, 4, 5)),
    ]
    with store.read() as repos:
        for first, last in periods:
            for group in (None, *GROUPS):
                full = recording_report(repos, first, last, ZONE, group=group)
                fast = recording_report(repos, first, last, ZONE, group=group, channels=False)
                assert fast.total == full.total, (seed, first, last, group)
                assert fast.rows == full.rows, (seed, first, last, group)
                assert fast.channels == []


def test_quiet_cameras_by_hand(store: WebStore) -> None:
    """Quiet: a camera in service the whole period, never scanned up to its end, under no
    maintenance; every other camera of the selection is listed."""
    cam = [GbId(f"64032300001320000{n:03d}") for n in range(6)]
    nvr = GbId("64032300001180000001")
    with store.write() as repos:
        repos.devices.upsert(
            [
                Device(cam[0], DeviceKind.CAMERA, "甲", ("天网", "重点")),
                Device(cam[1], DeviceKind.CAMERA, "乙", ()),
                Device(cam[2], DeviceKind.CAMERA, "丙", ("天网",), commissioned=FIRST),
                Device(
                    cam[3], DeviceKind.CAMERA, "丁", ("天网",), commissioned=dt.date(2021, 3, 2)
                ),
                Device(
                    cam[4], DeviceKind.CAMERA, "戊", ("天网",), decommissioned=dt.date(2021, 3, 31)
                ),
                Device(cam[5], DeviceKind.CAMERA, "己", ("小区",)),
                Device(nvr, DeviceKind.NVR, "录像机", ("天网",)),
            ]
        )
        k = repos.devices.keys(c.value for c in cam)
        repos.recordings.put([RecordingDay(k[cam[5].value], dt.date(2021, 2, 1), answered=False)])
    last = dt.date(2021, 3, 31)
    with store.read() as repos:
        found = repos.recordings.quiet_cameras(FIRST, last)
        assert (found.count, dict(found.by_group)) == (3, {"天网": 2, "重点": 1, "": 1})
        assert sorted(found.others) == sorted(k[c.value] for c in (cam[3], cam[4], cam[5]))
        busy = repos.recordings.quiet_cameras(
            FIRST, last, group="天网", busy_keys=[k[cam[2].value]], busy_groups=["重点"]
        )
        assert (busy.count, dict(busy.by_group)) == (0, {})
        assert sorted(busy.others) == sorted(k[c.value] for c in cam[:5] if c != cam[1])


def test_shared_selection_answers_as_the_store(store: WebStore) -> None:
    _random_store(store, 4)
    with store.read() as repos:
        shared = sharing_selections(repos)
        assert shared.devices.select() == repos.devices.select()
        for group in GROUPS:  # answered from the read of every device
            assert shared.devices.select(group=group) == repos.devices.select(group=group)
        assert shared.rollup.cohorts() == repos.rollup.cohorts()
        assert sharing_selections(shared) is shared
