"""Real devices' messages as published (tests/data/gb28181/captures/): each parses, and the
platform registers the device, keeps it alive and reads its catalog and answers.

Digest responses in the captures were computed for other platforms' nonces: the device side
is computed again for the nonce jixiao hands out, over the username and uri the device sent.
"""

from __future__ import annotations

import re

import pytest

from jixiao.adapters.gb28181 import manscdp
from jixiao.adapters.gb28181.core import Platform
from jixiao.adapters.gb28181.digest import authorization, parse_credentials
from jixiao.adapters.gb28181.events import Answer, Enrol
from jixiao.adapters.gb28181.messages import Request, parse
from jixiao.adapters.gb28181.session import Peer
from tests.unit.gb28181.captures import messages, names, rewrite
from tests.unit.gb28181.platform_helpers import PASSWORD, platform, requests, responses, statuses

DOME = "34020000001320000002"  # Dahua DH-SD-6C3230UE-HN
DOME_PEER = Peer("udp", "127.0.0.5", 5060)


@pytest.mark.parametrize("name", names())
def test_every_published_message_parses(name: str) -> None:
    for data in messages(name):
        message = parse(data)
        assert isinstance(message, Request)
        if message.method == "MESSAGE":
            value = manscdp.read_body(message.body)
            assert value.device_id == re.search(r"sip:(\d{20})@", message.header("From") or "")[1]  # type: ignore[index]


def signed(data: bytes, challenge: bytes, *, username: str | None = None) -> bytes:
    """A captured REGISTER, its Authorization computed again for our challenge."""
    request = parse(data)
    assert isinstance(request, Request)
    sent = parse_credentials(request.header("Authorization") or "Digest ") or {}
    params = parse_credentials(parse(challenge).header("WWW-Authenticate") or "") or {}
    value = authorization(
        params,
        username=username or sent.get("username", ""),
        password=PASSWORD,
        method="REGISTER",
        uri=sent.get("uri") or request.uri,
        cnonce="9f3a",
    )
    if b"Authorization:" in data:
        return re.sub(rb"Authorization: [^\r\n]*", f"Authorization: {value}".encode(), data)
    return data.replace(b"Content-Length:", f"Authorization: {value}\r\nContent-Length:".encode())


def register(p: Platform, first: bytes, second: bytes, peer: Peer, now: float) -> None:
    challenge = p.receive(first, peer, now)
    assert [r.status for r in responses(challenge)] == [401]
    out = p.receive(signed(second, challenge.sends[0][1]), peer, now + 0.1)
    assert [r.status for r in responses(out)] == [200]


def test_the_dahua_dome_registers_keeps_alive_and_answers_every_query() -> None:
    p = platform(password=PASSWORD, auto_enrol=True)
    first, second = messages("dahua-sd-2024_01_register")
    register(p, first, second, DOME_PEER, 1000.0)
    assert p.sessions[DOME].online is True
    (keepalive,) = messages("dahua-sd-2024_02_keepalive")
    out = p.receive(keepalive, DOME_PEER, 1030.0)
    assert [r.status for r in responses(out)] == [200]
    assert p.sessions[DOME].last_seen == 1030.0
    # its answers to our queries (Catalog asked at registration with SN 1)
    (catalog,) = messages("dahua-sd-2024_03_catalog-response")
    out = p.receive(rewrite(catalog, b"<SN>7</SN>", b"<SN>1</SN>"), DOME_PEER, 1031.0)
    assert [r.status for r in responses(out)] == [200]
    channel = "34020000001310000001"
    assert Enrol(
        channel, "DH71", parent_id=DOME, civil_code="340200", vendor="Dahua",
        model="DH-SD-6C3230UE-HN", address="axy",
    ) in out.events  # fmt: skip
    assert statuses(out) == [(channel, 1031.0, True, "catalog")]
    (info,) = messages("dahua-sd-2024_04_deviceinfo-response")
    out = p.receive(info, DOME_PEER, 1032.0)
    assert Enrol(DOME, "DH-SD-6C3230UE-HN", vendor="Dahua", model="DH-SD-6C3230UE-HN") in (
        out.events
    )
    (status,) = messages("dahua-sd-2024_05_devicestatus-response")
    out = p.receive(status, DOME_PEER, 1033.0)
    (answer,) = [e.value for e in out.events if isinstance(e, Answer)]
    assert isinstance(answer, manscdp.DeviceStatus) and answer.online is True and answer.ok


def test_the_dahua_nvr_register_with_sorted_headers_and_a_route_is_accepted() -> None:
    p = platform(password=PASSWORD, auto_enrol=True)
    (data,) = messages("dahua-nvr_register")
    peer = Peer("udp", "127.0.0.3", 5060)
    register(p, data, data.replace(b"CSeq: 1 ", b"CSeq: 2 "), peer, 1000.0)
    nvr = p.sessions["34020000001180000001"]
    assert nvr.online is True and nvr.call_id == "b954e1e87c6d580eaec2c2755aba3e54"
    assert sorted(r.method for r in requests(p.tick(1000.6))) == ["MESSAGE"] * 3 + ["SUBSCRIBE"]


def test_the_camera_from_the_ministry_test_tool_registers_and_its_utf8_keepalive_is_read() -> None:
    p = platform(password=PASSWORD, auto_enrol=True)
    first, second = messages("ipcamera-spvmn-2020_01_register")
    peer = Peer("udp", "127.0.0.7", 5060)
    register(p, first, second, peer, 1000.0)
    (keepalive,) = messages("ipcamera-spvmn-2020_02_keepalive")
    out = p.receive(keepalive, peer, 1060.0)
    assert [r.status for r in responses(out)] == [200]
    assert p.sessions["34020000001320000001"].last_seen == 1060.0


def test_a_keepalive_with_an_empty_info_from_a_lower_platform_is_answered() -> None:
    p = platform(auto_enrol=True)
    lower = "34020000002000000719"
    (keepalive,) = messages("ipcamera_keepalive-empty-info")
    peer = Peer("udp", "127.0.0.8", 60719)
    (first, _) = messages("ipcamera-spvmn-2020_01_register")
    p.receive(first.replace(b"34020000001320000001", lower.encode()), peer, 1000.0)
    assert p.sessions[lower].online is True
    out = p.receive(keepalive, peer, 1010.0)
    assert [r.status for r in responses(out)] == [200]
    assert p.sessions[lower].last_seen == 1010.0


def test_the_hikvision_camera_that_lists_itself_is_not_its_own_channel() -> None:
    p = platform(platform_id="51000000002000000001", password=PASSWORD, auto_enrol=True)
    camera = "62010201001320000393"
    peer = Peer("udp", "127.0.0.6", 5060)
    (first, _) = messages("ipcamera-spvmn-2020_01_register")
    first = first.replace(b"34020000001320000001", camera.encode())
    challenge = p.receive(first, peer, 1000.0)
    second = signed(
        first.replace(b"CSeq: 1 ", b"CSeq: 2 "), challenge.sends[0][1], username="admin"
    )
    ok = p.receive(second, peer, 1000.1)
    assert [r.status for r in responses(ok)] == [200]  # Hikvision signs as "admin"
    (catalog,) = messages("hikvision-ipc_catalog-response")
    out = p.receive(rewrite(catalog, b"<SN>1708</SN>", b"<SN>1</SN>"), peer, 1001.0)
    assert [r.status for r in responses(out)] == [200]
    (done,) = [e.value for e in out.events if isinstance(e, Answer)]
    assert [i.device_id for i in done.items] == [camera]  # type: ignore[attr-defined]
    assert p.channels == {} and statuses(out) == []
