"""RecordInfo (录像文件检索, GB/T 28181-2016 §9.7, A.2.4.5/A.2.6.6): the query and its answers.

The platform asks a device (an NVR, or a camera registered by itself) for the recordings of
one channel between two local times; the device answers with one or more MESSAGEs carrying
the query's SN, SumNum (the total number of files) and some files each. Answers are
assembled as catalogs are (catalog.py): by (device, SN) until SumNum files have arrived, a
set given up 5 s after its last message or `first_timeout` after the query with none, and a
set given up early is reported partial. A file repeated (a retransmitted MESSAGE) counts once.

Times are local without a zone (`2026-09-01T10:00:00`): they become epoch seconds with the
platform's UTC offset. Whatever cannot be read (a time that is no time, SumNum without
files, more files than SumNum) is a problem of the answer, carried with it to the service
that stores it as a finding; it never raises.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jixiao.adapters.gb28181.answers import OpenAnswers
from jixiao.adapters.gb28181.manscdp import RecordInfo, RecordItem

FIRST_TIMEOUT = 30.0
GAP_TIMEOUT = 5.0
MAX_ASSEMBLIES = 20_000
MAX_FILES = 20_000
_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")


def gb_time(moment: int, offset: dt.timedelta) -> str:
    """Epoch seconds as a GB/T 28181 local time: 2026-09-01T10:00:00."""
    local = dt.datetime.fromtimestamp(moment, dt.timezone(offset))
    return local.strftime("%Y-%m-%dT%H:%M:%S")


_NAIVE_EPOCH = dt.datetime(1970, 1, 1)


def parse_gb_time(text: str, offset: dt.timedelta) -> int | None:
    """A local GB time (T or space, optional milliseconds) as epoch seconds; None if unreadable."""
    text = text.strip().split(".")[0].rstrip("Z")
    if len(text) == 19 and text[10] in "T " and text[4] == text[7] == "-" and text[13] == ":":
        try:  # the usual shape, read without strptime (a night's scan reads millions)
            local = dt.datetime(
                int(text[:4]), int(text[5:7]), int(text[8:10]),
                int(text[11:13]), int(text[14:16]), int(text[17:19]),
            )  # fmt: skip
        except ValueError:
            return None
        return (local - _NAIVE_EPOCH) // dt.timedelta(seconds=1) - int(offset.total_seconds())
    for form in _FORMATS:
        try:
            local = dt.datetime.strptime(text, form)
        except ValueError:
            continue
        return int(local.replace(tzinfo=dt.timezone(offset)).timestamp())
    return None


def query_extra(start: int, end: int, offset: dt.timedelta) -> str:
    """The RecordInfo query's fields after DeviceID: every type of recording in [start, end]."""
    return (
        f"<StartTime>{gb_time(start, offset)}</StartTime>\r\n"
        f"<EndTime>{gb_time(end, offset)}</EndTime>\r\n"
        "<Secrecy>0</Secrecy>\r\n<Type>all</Type>\r\n"
    )


@dataclass(frozen=True, slots=True)
class RecordsDone:
    """One channel's answer: its files as (start, end) epoch seconds, as reported (possibly
    inverted or overlapping: domain.recordings.clean judges them), and what was wrong."""

    device_id: str
    sn: int
    channel_id: str
    intervals: tuple[tuple[int, int], ...]
    sum_num: int | None
    complete: bool
    problems: tuple[str, ...] = ()


@dataclass(slots=True)
class _Assembly:
    channel_id: str
    started: float
    last: float | None = None
    sum_num: int | None = None
    files: dict[RecordItem, None] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


class RecordAssembler:
    """Open RecordInfo queries keyed by (device, SN), as answers.OpenAnswers keeps them."""

    def __init__(
        self,
        offset: dt.timedelta,
        first_timeout: float = FIRST_TIMEOUT,
        gap_timeout: float = GAP_TIMEOUT,
        capacity: int = MAX_ASSEMBLIES,
    ) -> None:
        self.offset = offset
        self._sets: OpenAnswers[_Assembly] = OpenAnswers(first_timeout, gap_timeout, capacity)

    def __len__(self) -> int:
        return len(self._sets)

    def expect(self, device_id: str, sn: int, channel_id: str, now: float) -> None:
        self._sets.open(device_id, sn, _Assembly(channel_id, now))

    def expected(self, device_id: str, sn: int | None) -> bool:
        return sn is not None and self._sets.get(device_id, sn) is not None

    def add(self, device_id: str, message: RecordInfo, now: float) -> RecordsDone | None:
        """One answer message of a query we sent (`expected`); the set once it is complete."""
        if message.sn is None:
            return None
        a = self._sets.get(device_id, message.sn)
        if a is None:
            return None
        a.problems.extend(p for p in message.problems if p not in a.problems)
        if message.sum_num is not None:
            a.sum_num = message.sum_num
        for item in message.items:
            if len(a.files) < MAX_FILES:
                a.files[item] = None
        if a.sum_num is not None and len(a.files) >= a.sum_num:
            a.last = now
            self._sets.close(device_id, message.sn)
            return self._done(device_id, message.sn, a, complete=True)
        self._sets.heard(device_id, message.sn, a, now)
        return None

    def expire(self, now: float) -> list[RecordsDone]:
        """Queries given up: no answer in time, or too long a gap since the last message."""
        return [
            self._done(device_id, sn, a, complete=False)
            for device_id, sn, a in self._sets.expire(now)
        ]

    def _done(self, device_id: str, sn: int, a: _Assembly, *, complete: bool) -> RecordsDone:
        problems = list(a.problems)
        intervals = []
        unreadable = 0
        for item in a.files:
            start = parse_gb_time(item.start, self.offset)
            end = parse_gb_time(item.end, self.offset)
            if start is None or end is None:
                unreadable += 1
                continue
            intervals.append((start, end))
        if unreadable:
            problems.append(f"{unreadable}个录像条目的时间无法识别")
        if a.sum_num is not None and len(a.files) > a.sum_num:
            problems.append(f"收到{len(a.files)}个录像条目，多于SumNum {a.sum_num}")
        if not complete and a.last is not None:
            got = len(a.files)
            problems.append(f"应答不完整：SumNum {a.sum_num}，收到{got}个录像条目")
        return RecordsDone(
            device_id, sn, a.channel_id, tuple(intervals), a.sum_num, complete, tuple(problems)
        )
