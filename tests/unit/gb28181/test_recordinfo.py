"""RecordInfo: the query the platform sends, its multi-message answers and bad answers."""

from __future__ import annotations

import datetime as dt

from jixiao.adapters.gb28181 import manscdp
from jixiao.adapters.gb28181.core import Platform
from jixiao.adapters.gb28181.events import Answer, Output
from jixiao.adapters.gb28181.messages import Request
from jixiao.adapters.gb28181.recordinfo import RecordsDone, gb_time, parse_gb_time
from jixiao.domain.recordings import clean
from tests.unit.gb28181.fixtures import DEVICE, PLATFORM
from tests.unit.gb28181.platform_helpers import PEER, platform, register, requests, responses

CHANNEL = "34020000001310000001"
EIGHT = dt.timedelta(hours=8)
# 2026-12-05 00:00 in Beijing time, as epoch seconds
MIDNIGHT = int(dt.datetime(2026, 12, 5, tzinfo=dt.timezone(EIGHT)).timestamp())


def answer(sn: int, sum_num: str, *files: tuple[str, str], extra: str = "") -> bytes:
    items = "".join(
        f"<Item><DeviceID>{CHANNEL}</DeviceID><Name>通道1</Name><FilePath>/r/{a}</FilePath>"
        f"<StartTime>{a}</StartTime><EndTime>{b}</EndTime><Type>time</Type></Item>"
        for a, b in files
    )
    listing = f'<RecordList Num="{len(files)}">{items}</RecordList>' if files else ""
    body = (
        f'<?xml version="1.0" encoding="GB2312"?>\r\n<Response><CmdType>RecordInfo</CmdType>'
        f"<SN>{sn}</SN><DeviceID>{CHANNEL}</DeviceID><Name>通道1</Name>"
        f"<SumNum>{sum_num}</SumNum>{extra}{listing}</Response>"
    ).encode("gb18030")
    head = (
        f"MESSAGE sip:{PLATFORM}@3402000000 SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 192.168.1.64:5060;rport;branch=z9hG4bKr{sn}{len(files)}{sum_num}\r\n"
        f"From: <sip:{DEVICE}@3402000000>;tag=55\r\nTo: <sip:{PLATFORM}@3402000000>\r\n"
        f"Call-ID: r{sn}-{files[:1]}\r\nCSeq: 30 MESSAGE\r\n"
        f"Content-Type: Application/MANSCDP+xml\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


def ask(p: Platform, now: float = 1001.0) -> tuple[int, Output]:
    sn, out = p.query_records(DEVICE, CHANNEL, MIDNIGHT, MIDNIGHT + 86_399, now)
    assert sn is not None
    return sn, out


def done(out: Output) -> list[RecordsDone]:
    return [
        e.value for e in out.events if isinstance(e, Answer) and isinstance(e.value, RecordsDone)
    ]


def test_gb_times_are_local_without_a_zone() -> None:
    assert gb_time(MIDNIGHT, EIGHT) == "2026-12-05T00:00:00"
    assert parse_gb_time("2026-12-05T00:00:00", EIGHT) == MIDNIGHT
    assert parse_gb_time("2026-12-05 01:00:00.000", EIGHT) == MIDNIGHT + 3600
    assert parse_gb_time("yesterday", EIGHT) is None


def test_the_query_names_the_channel_and_the_day() -> None:
    p = platform()
    register(p)
    sn, out = ask(p)
    (query,) = requests(out)
    assert isinstance(query, Request) and query.method == "MESSAGE"
    assert query.uri.startswith(f"sip:{DEVICE}@")
    root = manscdp.parse_xml(query.body)
    assert (root.get("cmdtype"), root.get("sn"), root.get("deviceid")) == (
        "RecordInfo",
        str(sn),
        CHANNEL,
    )
    assert (root.get("starttime"), root.get("endtime")) == (
        "2026-12-05T00:00:00",
        "2026-12-05T23:59:59",
    )
    assert platform().query_records(DEVICE, CHANNEL, 0, 1, 0.0)[0] is None  # not registered


def test_an_answer_split_over_messages_is_assembled_until_sumnum() -> None:
    p = platform()
    register(p)
    sn, _ = ask(p)
    a = ("2026-12-04T23:30:00", "2026-12-05T01:00:00")  # began before midnight
    b = ("2026-12-05T01:00:00", "2026-12-05T09:00:00")
    c = ("2026-12-05T11:00:00", "2026-12-06T00:00:00")
    first = p.receive(answer(sn, "3", a, b), PEER, 1002.0)
    assert [r.status for r in responses(first)] == [200] and done(first) == []
    again = p.receive(answer(sn, "3", a, b), PEER, 1002.5)  # a retransmission counts once
    assert done(again) == []
    (records,) = done(p.receive(answer(sn, "3", c), PEER, 1003.0))
    assert records.complete and records.channel_id == CHANNEL and records.problems == ()
    assert records.intervals == (
        (MIDNIGHT - 1800, MIDNIGHT + 3600),
        (MIDNIGHT + 3600, MIDNIGHT + 9 * 3600),
        (MIDNIGHT + 11 * 3600, MIDNIGHT + 86_400),
    )


def test_no_recordings_is_an_answer_too() -> None:
    p = platform()
    register(p)
    sn, _ = ask(p)
    (records,) = done(p.receive(answer(sn, "0"), PEER, 1002.0))
    assert records.complete and records.intervals == () and records.problems == ()


def test_overlapping_and_inverted_files_reach_the_domain_as_findings() -> None:
    p = platform()
    register(p)
    sn, _ = ask(p)
    files = (
        ("2026-12-05T00:00:00", "2026-12-05T02:00:00"),
        ("2026-12-05T01:00:00", "2026-12-05T03:00:00"),  # overlaps the first
        ("2026-12-05T05:00:00", "2026-12-05T04:00:00"),  # ends before it starts
    )
    (records,) = done(p.receive(answer(sn, "3", *files), PEER, 1002.0))
    cleaned = clean(records.intervals)
    assert [(s.start - MIDNIGHT, s.end - MIDNIGHT) for s in cleaned.spans] == [(0, 3 * 3600)]
    assert len(cleaned.findings) == 2


def test_malformed_answers_are_problems_never_errors() -> None:
    p = platform()
    register(p)
    sn, _ = ask(p)
    bad_time = ("2026-12-05T00:00:00", "soon")
    (records,) = done(p.receive(answer(sn, "1", bad_time), PEER, 1002.0))
    assert records.intervals == () and records.problems == ("1个录像条目的时间无法识别",)
    # SumNum > 0 without files, then nothing more: given up as partial after the gap
    sn, _ = ask(p, 1010.0)
    assert done(p.receive(answer(sn, "2"), PEER, 1011.0)) == []
    (partial,) = done(p.tick(1016.5))
    assert not partial.complete
    assert partial.problems == (
        "SumNum大于0却没有录像条目",
        "应答不完整：SumNum 2，收到0个录像条目",
    )
    # SumNum that is no number; a device that never answers is given up silently
    sn, _ = ask(p, 1020.0)
    p.receive(answer(sn, "many", ("2026-12-05T00:00:00", "2026-12-05T01:00:00")), PEER, 1021.0)
    (odd,) = done(p.tick(1026.5))
    assert odd.problems[0] == "SumNum“many”不是数字" and odd.intervals == (
        (MIDNIGHT, MIDNIGHT + 3600),
    )
    sn, _ = ask(p, 1030.0)
    (silent,) = done(p.tick(1061.0))
    assert not silent.complete and silent.problems == () and silent.sum_num is None


def test_an_answer_nobody_asked_for_is_ignored() -> None:
    p = platform()
    register(p)
    out = p.receive(answer(999, "1", ("2026-12-05T00:00:00", "2026-12-05T01:00:00")), PEER, 1002.0)
    assert [r.status for r in responses(out)] == [200]
    assert done(out) == [] and p.stats["unsolicited-records"] == 1
