"""Status bound to the authenticated registration; digest quirks; what is refused is counted.

Each case on byte fixtures: a spoofed unregister, keepalive, catalog or notify from another
source changes nothing and is a security event; a username other than the device id (as
Hikvision sends) is verified, not refused; a used nonce is challenged again, never a strike;
the ban is per (device, address) and never stops the device at its registered source.
"""

from __future__ import annotations

from jixiao.adapters.gb28181.core import Platform
from jixiao.adapters.gb28181.digest import authorization, parse_credentials
from jixiao.adapters.gb28181.events import Enrol
from jixiao.adapters.gb28181.messages import Response
from jixiao.adapters.gb28181.session import Peer
from tests.unit.gb28181.fixtures import CAMERA, DEVICE, PLATFORM, fixture
from tests.unit.gb28181.platform_helpers import (
    PASSWORD,
    PEER,
    again,
    platform,
    register,
    responses,
    statuses,
    with_auth,
)

CH1 = "34020000001310000001"
OTHER_PORT = Peer("udp", PEER.host, 5061)  # the device's address, another port: spoofed
OTHER_HOST = Peer("udp", "192.168.1.99", 5060)


def registered(**config: object) -> Platform:
    p = platform(password=PASSWORD, **config)
    assert responses(register(p))[0].status == 200
    return p


def status_of(out: object) -> list[int]:
    return [r.status for r in responses(out)]  # type: ignore[arg-type]


def test_a_spoofed_unregister_from_another_port_leaves_the_device_online() -> None:
    p = registered()
    out = p.receive(fixture("unregister"), OTHER_PORT, 1010.0)
    assert status_of(out) == [401]  # challenged: only the real device can answer
    assert out.events == [] and statuses(out) == []
    assert p.sessions[DEVICE].online is True and p.sessions[DEVICE].peer == PEER
    assert p.guard.counts == {"other-source-register": 1}
    # the same credential-less refresh from where it registered is still the shortcut
    out = p.receive(fixture("unregister"), PEER, 1020.0)
    assert status_of(out) == [200] and statuses(out) == [(DEVICE, 1020.0, False, "unregister")]


def test_a_refresh_with_credentials_from_a_new_address_moves_the_device() -> None:
    p = registered()
    challenge = responses(p.receive(again(fixture("register"), 1), OTHER_HOST, 1010.0))[0]
    assert challenge.status == 401
    out = p.receive(with_auth(fixture("register"), challenge), OTHER_HOST, 1010.0)
    assert status_of(out) == [200] and p.sessions[DEVICE].peer == OTHER_HOST


def test_keepalives_from_another_source_change_nothing() -> None:
    p = registered()
    for n in range(3):
        out = p.receive(fixture("keepalive"), OTHER_PORT, 1100.0 + n)
        assert status_of(out) == [403] and out.events == []
    assert p.sessions[DEVICE].peer == PEER and p.sessions[DEVICE].last_seen == 1000.0
    # it still goes offline at its lapse (registered at 1000, 60 s × 3)
    assert statuses(p.tick(1181.0)) == [(DEVICE, 1180.0, False, "keepalive-timeout")]
    assert p.guard.counts == {"other-source-message": 3}
    assert next((e.kind, e.device_id, e.port) for e in p.guard.recent) == (
        "other-source-message",
        DEVICE,
        5061,
    )


def test_keepalive_revival_never_comes_from_another_source() -> None:
    p = registered(keepalive_revives=True)
    p.receive(fixture("unregister"), PEER, 1001.0)
    out = p.receive(fixture("keepalive"), OTHER_HOST, 1002.0)
    assert status_of(out) == [403] and statuses(out) == []
    assert p.sessions[DEVICE].online is False


def test_a_tcp_device_is_heard_only_over_its_own_connection() -> None:
    p = platform(auto_enrol=True)
    mine, other = Peer("tcp", "10.2.3.4", 5060, conn=7), Peer("tcp", "10.2.3.4", 5060, conn=8)
    p.receive(fixture("register_tcp_compact"), mine, 0.0)
    keepalive = fixture("keepalive").replace(DEVICE.encode(), CAMERA.encode())
    assert status_of(p.receive(keepalive, other, 10.0)) == [403]
    assert status_of(p.receive(keepalive, mine, 11.0)) == [200]
    assert p.sessions[CAMERA].last_seen == 11.0


def test_catalogs_and_notifies_from_another_source_change_nothing() -> None:
    p = registered()
    p.receive(fixture("catalog_1of2"), PEER, 1001.0)
    p.receive(fixture("catalog_2of2"), PEER, 1002.0)
    assert p.channels[CH1].online is True
    forged = fixture("catalog_1of2").replace(b"<Status>ON</Status>", b"<Status>OFF</Status>")
    out = p.receive(forged.replace(b"17430", b"17499"), OTHER_PORT, 1003.0)
    assert status_of(out) == [403] and out.events == []
    out = p.receive(fixture("notify_catalog"), OTHER_PORT, 1004.0)
    assert status_of(out) == [403] and out.events == []
    assert p.channels[CH1].online is True
    assert p.guard.counts == {"other-source-message": 1, "other-source-notify": 1}


def test_a_device_cannot_describe_or_enrol_another_devices_channels() -> None:
    p = platform(auto_enrol=True)
    register(p)
    p.receive(fixture("catalog_1of2"), PEER, 1001.0)
    p.receive(fixture("catalog_2of2"), PEER, 1002.0)
    camera = Peer("tcp", "10.2.3.4", 5060, conn=7)
    assert status_of(p.receive(fixture("register_tcp_compact"), camera, 1003.0)) == [200]
    out = p.receive(fixture("catalog_foreign"), camera, 1005.0)  # the camera lists the NVR's
    assert status_of(out) == [200] and statuses(out) == []
    assert not any(isinstance(e, Enrol) for e in out.events)
    assert p.channels[CH1].online is True and p.channels[CH1].parent == DEVICE
    assert "34020000001310000009" not in p.channels
    assert p.guard.counts == {"foreign-channel": 2}


def test_unsolicited_catalogs_are_capped_per_device() -> None:
    p = registered()
    for n in range(7):
        pushed = fixture("catalog_1of2").replace(b"17430", b"%d" % (20000 + n))
        p.receive(pushed.replace(b"<SumNum>2</SumNum>", b"<SumNum>1</SumNum>"), PEER, 1001.0 + n)
    assert p.guard.counts == {"unsolicited-catalog": 2}
    # an answer to our own query is never capped
    sn, _ = p.query(DEVICE, "Catalog", 1009.0)
    answer = fixture("catalog_2of2").replace(b"17430", b"%05d" % (sn or 0))
    p.receive(answer.replace(b"<SumNum>2</SumNum>", b"<SumNum>1</SumNum>"), PEER, 1010.0)
    assert "34020000001310000002" in p.channels


def _signed_as(challenge: Response, username: str, password: str = PASSWORD) -> bytes:
    params = parse_credentials(challenge.header("WWW-Authenticate") or "") or {}
    value = authorization(
        params,
        username=username,
        password=password,
        method="REGISTER",
        uri=f"sip:{PLATFORM}@3402000000",
        cnonce="c0ffee",
    )
    data = again(fixture("register"), 7)
    return data.replace(b"Content-Length:", f"Authorization: {value}\r\nContent-Length:".encode())


def test_a_digest_username_other_than_the_device_id_is_verified_not_refused() -> None:
    p = platform(password=PASSWORD)
    challenge = responses(p.receive(fixture("register"), PEER, 1000.0))[0]
    out = p.receive(_signed_as(challenge, "admin"), PEER, 1000.5)  # as Hikvision signs
    assert status_of(out)[0] == 200 and p.sessions[DEVICE].online is True
    assert p.guard.counts == {"username-differs": 1}
    wrong = platform(password=PASSWORD)
    challenge = responses(wrong.receive(fixture("register"), PEER, 1000.0))[0]
    assert status_of(wrong.receive(_signed_as(challenge, "admin", "bad"), PEER, 1000.5)) == [403]


def new_call(n: int) -> bytes:
    """The device's REGISTER in a new dialog (after a reboot): a new Call-ID."""
    return again(fixture("register"), n).replace(b"Call-ID: 1450286436", b"Call-ID: %d" % n)


def test_a_wrong_password_flood_from_one_port_does_not_stop_the_device_at_another() -> None:
    p = registered()
    for n in range(6):  # wrong passwords for the device id, from its address but another port
        challenge = responses(p.receive(again(fixture("register"), 1000 + n), OTHER_PORT, 1010.0))[
            0
        ]
        if n >= 3:
            assert challenge.status == 403  # banned: not even challenged
            continue
        signed = with_auth(fixture("register"), challenge, "guess")
        assert status_of(p.receive(signed, OTHER_PORT, 1010.0))[0] == 403
    assert p.guard.counts["wrong-password"] == 3 and p.guard.counts["banned"] == 3
    # the real device at its registered source: keepalive, in-dialog refresh, a new digest
    assert status_of(p.receive(fixture("keepalive"), PEER, 1020.0)) == [200]
    assert status_of(p.receive(again(fixture("register"), 1030), PEER, 1030.0)) == [200]
    challenge = responses(p.receive(new_call(1031), PEER, 1050.0))[0]
    assert challenge.status == 401
    out = p.receive(with_auth(new_call(1032), challenge), PEER, 1050.0)
    assert status_of(out)[0] == 200 and p.sessions[DEVICE].online is True
    # another address was never banned: its own digest is checked
    challenge = responses(p.receive(new_call(1033), OTHER_HOST, 1060.0))[0]
    out = p.receive(with_auth(new_call(1034), challenge), OTHER_HOST, 1060.0)
    assert status_of(out)[0] == 200


def test_the_registered_source_is_never_banned() -> None:
    p = registered()
    for n in range(4):  # wrong passwords from the device's own port (a misconfigured twin)
        challenge = responses(p.receive(again(fixture("register"), 1060 + n), PEER, 1010.0))[0]
        if challenge.status == 401:
            p.receive(with_auth(fixture("register"), challenge, "guess"), PEER, 1010.0)
    challenge = responses(p.receive(again(fixture("register"), 1070), PEER, 1011.0))[0]
    assert challenge.status == 200  # the refresh in its dialog from its source
    challenge = responses(p.receive(again(fixture("register"), 1071), OTHER_HOST, 1011.0))[0]
    assert challenge.status == 401  # another host: not banned either (its own count)


def test_registers_are_rate_limited_per_source_and_keepalives_are_not() -> None:
    p = platform(password=PASSWORD, register_rate=10.0, register_burst=20.0)
    assert status_of(register(p, 1000.0))[0] == 200
    answered = sum(
        bool(p.receive(again(fixture("register"), 100 + n), OTHER_HOST, 1001.0).sends)
        for n in range(100)
    )
    assert answered == 20  # the burst, then dropped unread
    assert p.guard.counts["register-rate"] == 80
    assert status_of(p.receive(fixture("keepalive"), PEER, 1001.0)) == [200]
    assert status_of(p.receive(again(fixture("register"), 300), PEER, 1001.0)) == [200]
    assert p.receive(again(fixture("register"), 301), OTHER_HOST, 1003.0).sends  # refilled


def test_a_tcp_connection_s_keepalive_window_is_that_of_its_devices() -> None:
    p = platform(auto_enrol=True)
    peer = Peer("tcp", "10.2.3.4", 5060, conn=7)
    assert p.keepalive_window(7) == 0.0
    p.receive(fixture("register_tcp_compact"), peer, 0.0)
    p.sessions[CAMERA].interval = 600  # reported by BasicParam
    assert p.keepalive_window(7) == 1800.0 and p.keepalive_window(8) == 0.0
