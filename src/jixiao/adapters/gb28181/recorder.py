"""Batches the platform's events into the evidence store, off the event loop.

`push` (called on the hot path) only files events in memory; `run` flushes every second in a
worker thread (`asyncio.to_thread`): new devices, status changes with their cause, and
registrations (each with its device's last-seen time) at once, other last-seen times every
`seen_interval` (as WVP batches its keepalives; at most the keepalive interval, so that after
a crash a device's offline time is right within one keepalive interval). A failed write is kept and retried with the next flush, so nothing is
lost while the database is briefly locked.

`when_stored(callback)` is the group commit: the server holds the 200 OK of a registration or
a new device back until the batch holding it is written, so a 200 OK is never sent for
something a crash could still lose. The callback is filed with the batch its events were
pushed into (at once, not from a task that runs later, which would miss the write in progress
and wait one more); it wakes the flusher, and everything that arrives during one write goes
into the next. `stored()` is the same as an awaitable.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Mapping

from jixiao.adapters.gb28181.events import Enrol, KeepaliveParams
from jixiao.adapters.gb28181.session import Registered, Seen, StatusChanged
from jixiao.services.ports import Store
from jixiao.services.presence import (
    PresenceBatch,
    Registration,
    Transition,
    record,
)

log = logging.getLogger(__name__)
MAX_RETAINED = 2_000_000


class Recorder:
    def __init__(
        self,
        store: Store,
        *,
        flush_interval: float = 1.0,
        seen_interval: float = 10.0,
        keys: Mapping[str, int] | None = None,
    ) -> None:
        self.store = store
        self.flush_interval, self.seen_interval = flush_interval, seen_interval
        self._batch = PresenceBatch()
        # device id -> store key, from the restart's snapshot: a storm of known devices
        # re-registering needs no lookup of their keys
        self._keys: dict[str, int] = dict(keys or {})
        self._seen_flushed = time.monotonic()
        self._lock = asyncio.Lock()
        self._waiters: list[Callable[[], None]] = []  # run once what came before is stored
        self._wake = asyncio.Event()
        self.changes = 0
        self.enrolled = 0
        self.failures = 0
        self.causes: dict[str, int] = {}

    def push(self, events: Iterable[object]) -> None:
        batch = self._batch
        for event in events:
            if isinstance(event, Seen):
                batch.seen[event.device_id] = int(event.at)
            elif isinstance(event, StatusChanged):
                cause = str(event.cause)
                batch.transitions.append(
                    Transition(event.device_id, int(event.at), event.online, cause)
                )
                self.causes[cause] = self.causes.get(cause, 0) + 1
            elif isinstance(event, Registered):
                batch.registrations[event.device_id] = Registration(
                    event.device_id,
                    event.peer.transport,
                    event.peer.host,
                    event.peer.port or None,
                    event.call_id,
                    int(event.expires_at),
                )
            elif isinstance(event, Enrol):
                batch.learned.append(event)
            elif isinstance(event, KeepaliveParams):
                batch.keepalive[event.device_id] = (event.interval, event.count)

    def when_stored(self, callback: Callable[[], None]) -> None:
        """Call `callback` (on the event loop) once everything pushed so far is in the
        store, retried until it is; never when the recorder stops before that."""
        self._waiters.append(callback)
        self._wake.set()

    async def stored(self) -> None:
        """Return once everything pushed so far is in the store (retried until it is)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.when_stored(lambda: None if future.done() else future.set_result(None))
        await future

    async def run(self, stop: asyncio.Event) -> None:
        """Flush every `flush_interval`, or at once when someone waits in `stored()`, until
        `stop` is set; then once more with everything."""
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                if not self._waiters:
                    waking = asyncio.ensure_future(self._wake.wait())
                    await asyncio.wait(
                        {waking, stopping},
                        timeout=self.flush_interval,
                        return_when=asyncio.FIRST_COMPLETED,
                    )
                    waking.cancel()
                self._wake.clear()
                if not await self.flush(everything=stop.is_set()) and not stop.is_set():
                    await asyncio.wait({stopping}, timeout=self.flush_interval)  # store down
            if self._batch or self._waiters:
                await self.flush(everything=True)
        finally:
            stopping.cancel()

    async def flush(self, *, everything: bool = False) -> bool:
        """Write what has arrived; False when the store refused it (kept for the next try)."""
        async with self._lock:
            now = time.monotonic()
            with_seen = everything or now - self._seen_flushed >= self.seen_interval
            waiters, self._waiters = self._waiters, []
            batch, self._batch = self._batch, PresenceBatch()
            if not with_seen:
                # a device registering now is stored as heard now, with its registration:
                # a node killed before its next last-seen write left registered devices
                # with none, and a silent one was then never found offline (orphans.py)
                seen, registered = batch.seen, batch.registrations
                batch.seen = {d: at for d, at in seen.items() if d in registered}
                self._batch.seen = {d: at for d, at in seen.items() if d not in registered}
            else:
                self._seen_flushed = now
            if batch:
                try:
                    done = await asyncio.to_thread(record, self.store, batch, self._keys)
                except Exception:
                    self.failures += 1
                    log.exception(
                        "无法写入证据库；%d条状态变化将在下次重试", len(batch.transitions)
                    )
                    self._retain(batch)
                    self._waiters[:0] = waiters
                    return False
                self.changes += done.changes
                self.enrolled += done.enrolled
            for waiter in waiters:
                try:
                    waiter()
                except Exception:  # one failed callback must not hold back the others
                    log.exception("证据写入后的回调失败")
            return True

    def _retain(self, failed: PresenceBatch) -> None:
        """Put a failed batch back in front of what arrived since (bounded)."""
        current = self._batch
        merged = PresenceBatch(
            failed.learned + current.learned,
            (failed.transitions + current.transitions)[-MAX_RETAINED:],
            {**failed.seen, **current.seen},
            {**failed.registrations, **current.registrations},
            {**failed.keepalive, **current.keepalive},
        )
        self._batch = merged
