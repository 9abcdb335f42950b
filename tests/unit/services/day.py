"""A hand-computed day for the use-case tests.

2021-03-01, Shanghai: A is online 00:00–06:00 and 18:00–24:00 (12 h); B comes online at
12:00 (12 h) and its group 地网 is in maintenance 14:00–16:00, so B is expected 22 h and
online 10 of them. Together: online 22 h of 46 h expected, 2 h of maintenance.
"""

from __future__ import annotations

import datetime as dt

from jixiao.domain.availability import Span
from jixiao.services.ports import KeyedChange, Store
from tests.scenario import EAST, WEST, device, seconds

H = 3600
A, B = EAST, WEST
DAY = dt.date(2021, 3, 1)


def two_devices(store: Store) -> None:
    with store.write() as repos:
        repos.devices.upsert([device(A, "甲", ("天网",)), device(B, "乙", ("天网", "地网"))])
        keys = repos.devices.keys([A, B])
        repos.statuses.append(
            [
                KeyedChange(keys[A], seconds(1), True),
                KeyedChange(keys[A], seconds(1, 6), False),
                KeyedChange(keys[A], seconds(1, 18), True),
                KeyedChange(keys[B], seconds(1, 12), True),
            ],
            source="test",
        )
        repos.maintenance.add(
            Span(seconds(1, 14), seconds(1, 16)), "检修", device_key=None, group="地网"
        )
