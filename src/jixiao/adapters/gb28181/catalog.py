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

from jixiao.adapters.gb28181.answers import OpenAnswers
from jixiao.adapters.gb28181.manscdp import Catalog, CatalogItem

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
    """Open sets keyed by (device, SN), as answers.OpenAnswers keeps them."""

    def __init__(
        self,
        first_timeout: float = FIRST_TIMEOUT,
        gap_timeout: float = GAP_TIMEOUT,
        capacity: int = MAX_ASSEMBLIES,
    ) -> None:
        self._sets: OpenAnswers[_Assembly] = OpenAnswers(first_timeout, gap_timeout, capacity)
        self.capacity = capacity

    def __len__(self) -> int:
        return len(self._sets)

    def expect(self, device_id: str, sn: int, now: float) -> None:
        """A Catalog query was sent: wait for its answer."""
        self._sets.open(device_id, sn, _Assembly(now))

    def expected(self, device_id: str, sn: int | None) -> bool:
        """A set for (device, SN) is open: we asked, or its first message has arrived."""
        return self._sets.get(device_id, sn if sn is not None else -1) is not None

    def add(self, device_id: str, message: Catalog, now: float) -> CatalogDone | None:
        """One response message; the finished set when this completes it."""
        sn = message.sn if message.sn is not None else -1
        assembly = self._sets.get(device_id, sn)
        if assembly is None:  # unsolicited (a device may push its catalog): assemble it too
            assembly = _Assembly(now)
            self._sets.open(device_id, sn, assembly)
        if message.sum_num is not None:
            assembly.sum_num = message.sum_num
        for item in message.items:
            if len(assembly.items) < MAX_ITEMS:
                assembly.items[item.device_id] = item
        if assembly.sum_num is not None and len(assembly.items) >= assembly.sum_num:
            self._sets.close(device_id, sn)
            return CatalogDone(
                device_id, sn, tuple(assembly.items.values()), assembly.sum_num, True
            )
        self._sets.heard(device_id, sn, assembly, now)
        return None

    def expire(self, now: float) -> list[CatalogDone]:
        """Sets given up: no first message in time, or too long a gap since the last."""
        return [
            CatalogDone(device_id, sn, tuple(a.items.values()), a.sum_num, False)
            for device_id, sn, a in self._sets.expire(now)
        ]
