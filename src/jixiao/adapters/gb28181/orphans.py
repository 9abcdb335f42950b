"""Several access nodes on one store: devices that leave a node, and nodes that die.

Each node records only the devices it holds a session for, so when a node dies nobody would
record its devices offline: a device that died with it (or never re-registers) would stay
online in the evidence for ever. Every node therefore sweeps the store now and then: a device
stored online whose lapse (min(registration expiry, last seen + interval × count), as stored)
passed more than `margin` ago, and that this node does not hold online, is recorded offline
(with its channels) as of that lapse when the next sweep finds the same. The margin covers
how late a live node writes last-seen times (its seen interval, and a flush), so a device
another node still hears is never taken; two nodes sweeping at once write the same change,
which the store takes once.

A device also leaves a node that is alive (a probe it missed, a node coming back): that node
sees it lapse, though it lives on. So a node holds its own lapses (`filter`) instead of
recording them; the sweep drops a held lapse when the store shows the device heard after
this node lost it, and otherwise lets the orphan rule record it; a held device that comes
back here has its lapse recorded before its return.

A device that re-registers on another node after its lapse, just before a sweep that still
reads its old last-seen time, can be swept although it is back; its node then finds its
session online and the store offline on two sweeps running, and records it online again.

`Orphans.sweep` and `Orphans.filter` are pure; `watch` runs the sweep in `jixiao sip serve`
when JIXIAO_SIP_TRUSTED_PROXIES is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from jixiao.adapters.gb28181.core import Platform
from jixiao.adapters.gb28181.events import PlatformConfig
from jixiao.adapters.gb28181.session import Cause, StatusChanged
from jixiao.domain.status import lapse
from jixiao.services.ports import Store
from jixiao.services.presence import PresenceBatch, Restored, Transition, record, restore

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Held:
    """A lapse this node saw and has not recorded: the device may be alive on another node."""

    change: StatusChanged
    channels: list[StatusChanged]
    heard: float | None  # when this node last heard the device


LAPSES = (Cause.TIMEOUT, Cause.EXPIRED)


@dataclass(slots=True)
class Orphans:
    """What one node sweeps. `interval`/`count`: the keepalive rule for devices that have not
    reported their own; `margin`: seconds past a lapse before a device counts as orphaned."""

    interval: int
    count: int
    margin: float
    every: float  # seconds between sweeps
    # devices this node has online that the store had offline at the last sweep
    _suspects: set[str] = field(default_factory=set)
    # devices found orphaned at the last sweep, with their lapse: taken when found again
    _candidates: dict[str, Transition] = field(default_factory=dict)
    held: dict[str, Held] = field(default_factory=dict)

    @classmethod
    def of(cls, config: PlatformConfig, seen_interval: float) -> Orphans:
        """For a node whose recorder writes last-seen times every `seen_interval` seconds
        (every node alike): the margin covers two of them and the flushes; a sweep every
        half keepalive window (at least the seen interval, at most a minute)."""
        window = config.interval * config.count
        every = max(2.0, min(60.0, window / 2), seen_interval + 2)
        return cls(config.interval, config.count, 2 * seen_interval + 1.5, every)

    def recording(
        self, platform: Platform, push: Callable[[list[object]], None]
    ) -> Callable[[list[object]], None]:
        """`push` (the recorder's) with this node's lapses held (`filter`)."""

        def heard(device_id: str) -> float | None:
            session = platform.sessions.get(device_id)
            return None if session is None else session.last_seen

        def filtered(events: list[object]) -> None:
            push(self.filter(events, heard))

        return filtered

    def filter(
        self, events: Iterable[object], heard: Callable[[str], float | None]
    ) -> list[object]:
        """The events to record. This node's own lapses (a device silent here past its
        keepalive window or registration) are held, with its channels' parent-offline changes
        at the same moment: the device may have moved to another node, whose keepalives the
        store shows. A held device that comes back here gets its lapse recorded first; the
        sweep settles the others. `heard(device_id)`: when this node last heard it."""
        out: list[object] = []
        lapsed_at: dict[float, str] = {}
        for event in events:
            if isinstance(event, StatusChanged):
                if not event.online and event.cause in LAPSES:
                    self.held[event.device_id] = Held(event, [], heard(event.device_id))
                    lapsed_at[event.at] = event.device_id
                    continue
                parent = lapsed_at.get(event.at)
                if not event.online and event.cause == Cause.PARENT_OFFLINE and parent:
                    self.held[parent].channels.append(event)
                    continue
                if event.online and (held := self.held.pop(event.device_id, None)) is not None:
                    out += [held.change, *held.channels]
            out.append(event)
        return out

    def sweep(
        self,
        devices: Iterable[Restored],
        online_here: Callable[[str], bool | None],
        now: float,
    ) -> list[Transition]:
        """The changes to record: orphans found at two sweeps running with the same lapse,
        offline as of it; this node's own online devices the store has had offline for two
        sweeps, online now (a device that came back on another node just before the first
        sweep has had its last-seen time stored by the second). A held lapse is dropped when
        the store shows the device heard after this node lost it (it lives elsewhere), offline
        already, or swept now.

        `online_here(device_id)`: this node's session says online (True), offline (False),
        or it has none (None)."""
        stored = list(devices)
        changes: list[Transition] = []
        gone: dict[str, Transition] = {}
        candidates: dict[str, Transition] = {}
        suspects: set[str] = set()
        settled = set(self.held)
        for item in stored:
            p = item.presence
            if not p.transport:  # a channel: follows its device below
                continue
            held = self.held.get(item.device_id)
            if held is not None and item.online is True:
                last, lost = p.last_seen, held.heard
                if last is None or lost is None or last <= lost:
                    settled.discard(item.device_id)  # silent since: the sweep below decides
            here = online_here(item.device_id)
            if here is True and item.online is False:
                if item.device_id in self._suspects:
                    changes.append(Transition(item.device_id, int(now), True, str(Cause.REGISTER)))
                else:
                    suspects.add(item.device_id)
                continue
            if here is True or item.online is not True or p.last_seen is None:
                continue
            if held is not None and item.device_id in settled:
                continue  # heard on another node since: not an orphan
            went = lapse(
                float(p.last_seen),
                float(p.registered_until or 0),
                p.keepalive_interval or self.interval,
                p.keepalive_count or self.count,
            )
            if went.at + self.margin < now:
                cause = str(Cause.EXPIRED if went.expired else Cause.TIMEOUT)
                found = Transition(item.device_id, int(went.at), False, cause)
                if self._candidates.get(item.device_id) == found:
                    gone[item.device_id] = found
                else:
                    candidates[item.device_id] = found
        self._suspects, self._candidates = suspects, candidates
        for device_id in settled | set(gone):
            self.held.pop(device_id, None)
        changes += gone.values()
        for item in stored:
            parent = gone.get(item.presence.parent_id)
            if parent is not None and not item.presence.transport and item.online is True:
                changes.append(
                    Transition(item.device_id, parent.at, False, str(Cause.PARENT_OFFLINE))
                )
        return changes


async def watch(store: Store, platform: Platform, stop: asyncio.Event, orphans: Orphans) -> None:
    """Sweep every `orphans.every` seconds until `stop` is set (a failed sweep is logged and
    tried again at the next)."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), orphans.every)
        if stop.is_set():
            return
        try:
            snapshot = await asyncio.to_thread(restore, store)
            now = time.time()

            def online_here(device_id: str, now: float = now) -> bool | None:
                session = platform.sessions.get(device_id)
                return None if session is None else session.online_at(now)

            changes = orphans.sweep(snapshot.devices, online_here, now)
            if changes:
                await asyncio.to_thread(record, store, PresenceBatch(transitions=changes))
                log.warning(
                    "接入节点：%d个设备的状态按证据库补记（其节点已停止或设备已转移）", len(changes)
                )
        except Exception:
            log.exception("接入节点：无法检查其他节点遗留的设备，下次再试")
