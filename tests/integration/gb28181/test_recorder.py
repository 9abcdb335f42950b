"""The recorder: events filed on the hot path, written in batches, kept when a write fails."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from jixiao import bootstrap
from jixiao.adapters.db.repos import SqlRepos, SqlStore
from jixiao.adapters.gb28181.events import Enrol
from jixiao.adapters.gb28181.recorder import Recorder
from jixiao.adapters.gb28181.session import Cause, Peer, Registered, Seen, StatusChanged
from jixiao.config import Settings
from jixiao.services.presence import device_statuses

NVR = "34020000001180000001"


class FlakyStore:
    """The real store, whose first `failures` writes fail as a locked database would."""

    def __init__(self, store: SqlStore, failures: int) -> None:
        self._store, self.failures = store, failures

    @contextmanager
    def write(self) -> Iterator[SqlRepos]:
        if self.failures:
            self.failures -= 1
            raise RuntimeError("database is locked")
        with self._store.write() as repos:
            yield repos

    def read(self) -> AbstractContextManager[SqlRepos]:
        return self._store.read()

    def describe(self) -> str:
        return str(self._store.describe())


def test_a_failed_write_is_retried_with_the_next_flush(tmp_path: Path) -> None:
    services = bootstrap.build(Settings(data_dir=tmp_path))
    store = FlakyStore(services.store, failures=1)
    recorder = Recorder(store, seen_interval=0.0)
    peer = Peer("udp", "10.0.0.2", 5060)
    recorder.push(
        [
            Enrol(NVR, NVR, registering=True),
            Registered(NVR, 1000.0, 4600.0, "c1", peer),
            Seen(NVR, 1000.0),
            StatusChanged(NVR, 1000.2, True, Cause.REGISTER),
        ]
    )

    async def flushes() -> None:
        await recorder.flush()
        assert recorder.failures == 1 and recorder.changes == 0
        recorder.push([Seen(NVR, 1060.9), StatusChanged(NVR, 1240.0, False, Cause.TIMEOUT)])
        await recorder.flush()

    asyncio.run(asyncio.wait_for(flushes(), 30))
    assert (recorder.changes, recorder.enrolled) == (2, 1)
    (row,) = device_statuses(services.store, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.UTC)
    assert (row.status, row.since, row.last_seen) == ("offline", 1240, 1060)
    assert recorder.causes == {"register": 1, "keepalive-timeout": 1}


def test_a_registration_is_stored_with_its_last_seen_time_the_keepalives_later(
    tmp_path: Path,
) -> None:
    services = bootstrap.build(Settings(data_dir=tmp_path))
    recorder = Recorder(services.store, seen_interval=3600.0)
    other = "34020000001180000002"
    peer = Peer("udp", "10.0.0.2", 5060)
    recorder.push([Enrol(NVR, NVR, registering=True), Enrol(other, other, registering=True)])

    async def flushes() -> None:
        await recorder.flush(everything=True)  # both enrolled; the seen interval starts now
        recorder.push(
            [
                Registered(NVR, 1000.0, 4600.0, "c1", peer),
                Seen(NVR, 1000.0),
                StatusChanged(NVR, 1000.0, True, Cause.REGISTER),
                Seen(other, 1001.0),  # a keepalive: waits for the seen interval
            ]
        )
        await recorder.flush()

    asyncio.run(asyncio.wait_for(flushes(), 30))
    rows = device_statuses(services.store, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.UTC)
    assert {r.stored.device.device_id.value: r.last_seen for r in rows} == {
        NVR: 1000,
        other: None,
    }
