"""Multi-message answers being assembled, keyed by (device, SN): what catalogs (catalog.py) and
RecordInfo answers (recordinfo.py) share.

An answer set is open from the query (or its first message) until it is complete or given up:
before its first message it may take `first_timeout`, after that each next message must come
within `gap_timeout`. Give-up times sit on a wheel, so a tick costs only the sets that are due,
however many queries are outstanding; beyond `capacity` open sets the oldest is dropped.
"""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar

from jixiao.adapters.gb28181.session import Wheel


class Assembly(Protocol):
    started: float
    last: float | None


A = TypeVar("A", bound=Assembly)


class OpenAnswers(Generic[A]):
    def __init__(self, first_timeout: float, gap_timeout: float, capacity: int) -> None:
        self.first_timeout, self.gap_timeout, self.capacity = first_timeout, gap_timeout, capacity
        self._open: dict[str, A] = {}
        self._wheel = Wheel()

    def __len__(self) -> int:
        return len(self._open)

    def open(self, device_id: str, sn: int, assembly: A) -> None:
        """A query was sent (or an unasked answer began): wait for its messages."""
        if len(self._open) >= self.capacity:
            oldest = next(iter(self._open))
            del self._open[oldest]
            self._wheel.schedule(oldest, None)
        key = f"{device_id}:{sn}"
        self._open[key] = assembly
        self._wheel.schedule(key, assembly.started + self.first_timeout)

    def get(self, device_id: str, sn: int) -> A | None:
        return self._open.get(f"{device_id}:{sn}")

    def heard(self, device_id: str, sn: int, assembly: A, now: float) -> None:
        """A message of an open set arrived: the next one has `gap_timeout`."""
        assembly.last = now
        self._wheel.schedule(f"{device_id}:{sn}", now + self.gap_timeout)

    def close(self, device_id: str, sn: int) -> None:
        key = f"{device_id}:{sn}"
        self._open.pop(key, None)
        self._wheel.schedule(key, None)

    def expire(self, now: float) -> list[tuple[str, int, A]]:
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
            out.append((device_id, int(sn), a))
        return out
