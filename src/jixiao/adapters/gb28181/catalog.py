"""Assembling multi-message Catalog responses (GB/T 28181-2022 Annex M) by device and SN.

A device answers one Catalog query with several MESSAGEs carrying the same SN, each with
SumNum (the total) and some items; many send one item per message. The set is complete
when SumNum distinct items have arrived. A silent device is given up after a gap between
messages (5 s) or, before the first message, a longer wait (120 s) — WVP's values. A set given
up early is reported as partial: its items add to or update the inventory but never remove
anything, so a partial (or short) reply cannot wipe a full catalog (WVP issue #1425).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.adapters.gb28181.manscdp import Catalog, CatalogItem
from jixiao.adapters.gb28181.session import Wheel

FIRST_TIMEOUT = 120.0
GAP_TIMEOUT = 5.0
MAX_ASSEMBLIES = 10_000
MAX_ITEMS = 200_000


@dataclass(frozen=True, slots=True)
class CatalogDone:
    device_id: str
    sn: int
    items: tuple[CatalogItem, ...]
    sum_num: int | None
    complete: bool


@dataclass(slots=True)
class _Assembly:
    started: float
    last: float | None = None
    sum_num: int | None = None
    items: dict[str, CatalogItem] = field(default_factory=dict)


class CatalogAssembler:
    """Open sets keyed by (device, SN); their give-up times sit on a wheel, so a tick costs
    only the sets that are due, however many devices have a query outstanding."""

    def __init__(
        self,
        first_timeout: float = FIRST_TIMEOUT,
        gap_timeout: float = GAP_TIMEOUT,
        capacity: int = MAX_ASSEMBLIES,
    ) -> None:
        self.first_timeout, self.gap_timeout, self.capacity = first_timeout, gap_timeout, capacity
        self._open: dict[str, _Assembly] = {}
        self._wheel = Wheel()

    def __len__(self) -> int:
        return len(self._open)

    def expect(self, device_id: str, sn: int, now: float) -> None:
        """A Catalog query was sent: wait for its answer."""
        if len(self._open) >= self.capacity:
            oldest = next(iter(self._open))
            del self._open[oldest]
            self._wheel.schedule(oldest, None)
        key = f"{device_id}:{sn}"
        self._open[key] = _Assembly(now)
        self._wheel.schedule(key, now + self.first_timeout)

    def expected(self, device_id: str, sn: int | None) -> bool:
        """A set for (device, SN) is open: we asked, or its first message has arrived."""
        return f"{device_id}:{sn if sn is not None else -1}" in self._open

    def add(self, device_id: str, message: Catalog, now: float) -> CatalogDone | None:
        """One response message; the finished set when this completes it."""
        sn = message.sn if message.sn is not None else -1
        key = f"{device_id}:{sn}"
        assembly = self._open.get(key)
        if assembly is None:  # unsolicited (a device may push its catalog): assemble it too
            self.expect(device_id, sn, now)
            assembly = self._open[key]
        assembly.last = now
        if message.sum_num is not None:
            assembly.sum_num = message.sum_num
        for item in message.items:
            if len(assembly.items) < MAX_ITEMS:
                assembly.items[item.device_id] = item
        if assembly.sum_num is not None and len(assembly.items) >= assembly.sum_num:
            del self._open[key]
            self._wheel.schedule(key, None)
            return CatalogDone(
                device_id, sn, tuple(assembly.items.values()), assembly.sum_num, True
            )
        self._wheel.schedule(key, now + self.gap_timeout)
        return None

    def expire(self, now: float) -> list[CatalogDone]:
        """Sets given up: no first message in time, or too long a gap since the last."""
        out = []
        for key in self._wheel.due(now):
            a = self._open.get(key)
            if a is None:
                continue
            give_up = (
                a.started + self.first_timeout if a.last is None else a.last + self.gap_timeout
            )
            if now < give_up:
                self._wheel.schedule(key, give_up)
                continue
            del self._open[key]
            device_id, _, sn = key.rpartition(":")
            out.append(CatalogDone(device_id, int(sn), tuple(a.items.values()), a.sum_num, False))
        return out
