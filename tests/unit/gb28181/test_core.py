"""The upper platform end to end on bytes: registration, keepalive, catalog, notify, restart."""

from __future__ import annotations

from jixiao.adapters.gb28181.core import Platform
from jixiao.adapters.gb28181.events import Answer, Enrol, KeepaliveParams, Output
from jixiao.adapters.gb28181.manscdp import DeviceStatus
from jixiao.adapters.gb28181.session import DeviceSession, Peer, Registered
from tests.unit.gb28181.fixtures import CAMERA, DEVICE, fixture
from tests.unit.gb28181.platform_helpers import (
    PASSWORD,
    PEER,
    again,
    platform,
    register,
    requests,
    responses,
    statuses,
    with_auth,
)

CH1, CH2 = "34020000001310000001", "34020000001310000002"


def test_register_is_challenged_then_accepted_with_the_right_password() -> None:
    p = platform(password=PASSWORD)
    first = p.receive(fixture("register"), PEER, 1000.0)
    (challenge,) = responses(first)
    assert challenge.status == 401
    assert (
        challenge.header("WWW-Authenticate")
        == 'Digest realm="3402000000",nonce="nonce0",qop="auth",algorithm=MD5'
    )
    assert statuses(first) == []
    out = p.receive(with_auth(fixture("register"), challenge), PEER, 1000.5)
    ok = responses(out)[0]
    assert ok.status == 200
    assert ok.header("Expires") == "3600" and ok.header("X-GB-ver") == "3.0"
    assert ok.header("Date") == "1970-01-01T08:16:40.500"
    assert statuses(out) == [(DEVICE, 1000.5, True, "register")]
    assert any(isinstance(e, Registered) for e in out.events)
    # after registering, the platform asks for the catalog, device info, keepalive settings,
    # and subscribes to catalog changes
    sent = requests(out)
    assert [r.method for r in sent] == ["MESSAGE", "MESSAGE", "MESSAGE", "SUBSCRIBE"]
    assert b"<CmdType>Catalog</CmdType>" in sent[0].body
    assert sent[3].header("Event") == "Catalog;id=4"
    assert b"<SN>4</SN>" in sent[3].body


def test_a_wrong_password_is_forbidden_and_three_ban_the_device() -> None:
    p = platform(password=PASSWORD)
    for attempt in range(3):
        challenge = responses(p.receive(fixture("register"), PEER, 1000.0 + attempt))[0]
        res = responses(
            p.receive(with_auth(fixture("register"), challenge, "wrong"), PEER, 1000.0 + attempt)
        )[0]
        assert res.status == 403
    banned = responses(p.receive(again(fixture("register"), 99), PEER, 1010.0))[0]
    assert banned.status == 403  # banned: not even challenged
    assert responses(p.receive(fixture("register"), PEER, 1700.0))[0].status == 401
    assert DEVICE not in p.sessions


def test_a_replayed_registration_is_challenged_again_and_never_a_strike() -> None:
    p = platform(password=PASSWORD)
    challenge = responses(p.receive(fixture("register"), PEER, 1000.0))[0]
    signed = with_auth(fixture("register"), challenge)
    assert responses(p.receive(signed, PEER, 1000.0))[0].status == 200
    p.receive(fixture("unregister"), PEER, 1001.0)
    # within 32 s the same bytes are a retransmission: the old answer again, nothing changes
    echo = p.receive(signed, PEER, 1002.0)
    assert responses(echo)[0].status == 200 and echo.events == []
    assert p.sessions[DEVICE].online is False
    # later it is a replay of a used nonce count: a fresh nonce, stale=true, no strike
    for n in range(5):
        replay = responses(p.receive(again(signed, 50 + n), PEER, 1100.0 + n))[0]
        assert replay.status == 401
        assert (replay.header("WWW-Authenticate") or "").endswith(",stale=true")
        assert p.sessions[DEVICE].online is False
    assert responses(register(p, 1200.0))[0].status == 200  # not banned


def test_a_retransmitted_register_gets_the_same_answer() -> None:
    p = platform(password=PASSWORD)
    first = p.receive(fixture("register"), PEER, 1000.0)
    second = p.receive(fixture("register"), PEER, 1000.5)
    assert first.sends == second.sends
    assert len(p.nonces) == 1


def test_an_expired_nonce_is_challenged_again_as_stale() -> None:
    p = platform(password=PASSWORD)
    challenge = responses(p.receive(fixture("register"), PEER, 1000.0))[0]
    late = responses(p.receive(with_auth(fixture("register"), challenge), PEER, 2000.0))[0]
    assert late.status == 401 and "stale=true" in (late.header("WWW-Authenticate") or "")


def test_unknown_devices_are_refused_unless_auto_enrolment_is_on() -> None:
    data = fixture("register_tcp_compact")  # a camera not in the inventory
    peer = Peer("tcp", "10.2.3.4", 5060, conn=7)
    refusing = platform()
    assert responses(refusing.receive(data, peer, 0.0))[0].status == 403
    assert refusing.guard.counts == {"unknown-device": 1}
    p = platform(auto_enrol=True)
    out = p.receive(data, peer, 0.0)
    assert responses(out)[0].status == 200
    assert Enrol(CAMERA, CAMERA, registering=True) in out.events
    assert p.sessions[CAMERA].registered_until == 86400.0


def test_no_password_configured_means_no_challenge() -> None:
    out = platform().receive(fixture("register"), PEER, 0.0)
    assert responses(out)[0].status == 200


def test_a_register_without_expires_is_a_bad_request() -> None:
    data = fixture("register").replace(b"Expires: 3600\r\n", b"")
    assert responses(platform().receive(data, PEER, 0.0))[0].status == 400


def test_an_invalid_device_id_is_forbidden() -> None:
    data = fixture("register").replace(DEVICE.encode(), b"99020000001180000001")
    assert responses(platform(auto_enrol=True).receive(data, PEER, 0.0))[0].status == 403


def test_a_refresh_in_the_same_dialog_needs_no_new_challenge_and_unregister_goes_offline() -> None:
    p = platform(password=PASSWORD)
    register(p)
    refresh = p.receive(fixture("register"), PEER, 2000.0)
    assert responses(refresh)[0].status == 200 and statuses(refresh) == []
    out = p.receive(fixture("unregister"), PEER, 2100.0)
    assert responses(out)[0].status == 200
    assert statuses(out) == [(DEVICE, 2100.0, False, "unregister")]


def test_keepalives_are_answered_and_keep_the_device_online() -> None:
    p = platform()
    register(p)
    for i in range(10):
        out = p.receive(fixture("keepalive"), PEER, 1050.0 + 60 * i)
        assert [r.status for r in responses(out)] == [200]
        assert statuses(out) == []
        assert statuses(p.tick(1050.0 + 60 * i + 59)) == []
    assert p.sessions[DEVICE].deadline == 1050.0 + 540 + 180


def test_silence_takes_the_device_and_its_channels_offline_at_the_deadline() -> None:
    p = platform()
    register(p)
    p.receive(fixture("catalog_1of2"), PEER, 1001.0)
    p.receive(fixture("catalog_2of2"), PEER, 1002.0)
    p.receive(fixture("keepalive"), PEER, 1010.0)
    assert statuses(p.tick(1189.0)) == []
    assert statuses(p.tick(1190.2)) == [
        (DEVICE, 1190.0, False, "keepalive-timeout"),
        (CH1, 1190.0, False, "parent-offline"),
    ]


def test_a_keepalive_from_an_unregistered_device_is_refused_unless_revival_is_on() -> None:
    p = platform()
    assert responses(p.receive(fixture("keepalive"), PEER, 0.0))[0].status == 404
    register(p)
    p.tick(2000.0)  # timed out: registered still, but it must register again (the standard)
    assert responses(p.receive(fixture("keepalive"), PEER, 2001.0))[0].status == 403
    p.receive(fixture("unregister"), PEER, 2002.0)
    assert responses(p.receive(fixture("keepalive"), PEER, 2003.0))[0].status == 403
    revive = platform(keepalive_revives=True)
    register(revive)
    revive.receive(fixture("unregister"), PEER, 1001.0)
    out = revive.receive(fixture("keepalive"), PEER, 1002.0)
    assert statuses(out) == [(DEVICE, 1002.0, True, "keepalive")]


def test_a_catalog_split_over_two_messages_is_assembled_by_sn() -> None:
    p = platform()
    register(p)
    first = p.receive(fixture("catalog_1of2"), PEER, 1001.0)
    assert [r.status for r in responses(first)] == [200]
    assert not any(isinstance(e, Enrol) for e in first.events)
    done = p.receive(fixture("catalog_2of2"), PEER, 1002.0)
    enrolled = [e for e in done.events if isinstance(e, Enrol)]
    assert [(e.device_id, e.name, e.parent_id, e.civil_code, e.point_type) for e in enrolled] == [
        (CH1, "城关镇十字路口1", DEVICE, "340200", 2),
        (CH2, "城关镇十字路口2", DEVICE, "340200", 2),
    ]
    assert statuses(done) == [(CH1, 1002.0, True, "catalog"), (CH2, 1002.0, False, "catalog")]


def test_a_partial_catalog_is_given_up_after_the_gap_and_only_adds() -> None:
    p = platform()
    register(p)
    p.receive(fixture("catalog_1of2"), PEER, 1001.0)
    assert p.tick(1005.0).events == []
    out = p.tick(1006.5)
    assert [e.device_id for e in out.events if isinstance(e, Enrol)] == [CH1]
    answers = [e.value for e in out.events if isinstance(e, Answer)]
    assert len(answers) == 1 and not answers[0].complete  # type: ignore[attr-defined]


def test_a_later_short_catalog_does_not_take_channels_away() -> None:
    p = platform()
    register(p)
    p.receive(fixture("catalog_1of2"), PEER, 1001.0)
    p.receive(fixture("catalog_2of2"), PEER, 1002.0)
    short = (
        fixture("catalog_1of2")
        .replace(b"<SumNum>2</SumNum>", b"<SumNum>1</SumNum>")
        .replace(b"17430", b"17431")
    )
    out = p.receive(short, PEER, 1003.0)
    assert statuses(out) == []
    assert set(p.channels) == {CH1, CH2}
    assert p.channels[CH2].online is False


def test_notify_off_and_vlost_take_channels_offline() -> None:
    p = platform()
    register(p)
    p.receive(fixture("catalog_1of2"), PEER, 1001.0)
    p.receive(
        fixture("catalog_2of2").replace(b"<Status>OFF</Status>", b"<Status>ON</Status>"),
        PEER,
        1002.0,
    )
    out = p.receive(fixture("notify_catalog"), PEER, 1003.0)
    assert [r.status for r in responses(out)] == [200]
    assert statuses(out) == [
        (CH1, 1003.0, False, "notify-off"),
        (CH2, 1003.0, False, "notify-vlost"),
    ]
    assert responses(platform().receive(fixture("notify_catalog"), PEER, 0.0))[0].status == 481


def test_device_info_basic_param_and_status_answers() -> None:
    p = platform()
    register(p)
    info = p.receive(fixture("deviceinfo_response"), PEER, 1001.0)
    assert Enrol(DEVICE, "城关派出所NVR", vendor="Hikvision", model="DS-7716N-E4") in info.events
    param = p.receive(fixture("basicparam_response"), PEER, 1002.0)
    assert KeepaliveParams(DEVICE, 30, 4) in param.events
    p.receive(fixture("keepalive"), PEER, 1003.0)
    assert p.sessions[DEVICE].deadline == 1003.0 + 120
    sn, out = p.query(DEVICE, "DeviceStatus", 1004.0)
    assert sn is not None and b"<CmdType>DeviceStatus</CmdType>" in requests(out)[0].body
    answer = p.receive(fixture("devicestatus_response"), PEER, 1005.0)
    (value,) = [e.value for e in answer.events if isinstance(e, Answer)]
    assert isinstance(value, DeviceStatus) and value.online is True


def test_queries_to_unknown_or_offline_devices_are_not_sent() -> None:
    p = platform()
    assert p.query(DEVICE, "Catalog", 0.0)[0] is None


def test_a_late_keepalive_finds_the_device_already_offline() -> None:
    p = platform()
    register(p)  # deadline 1180; no tick has run since
    out = p.receive(fixture("keepalive"), PEER, 1185.0)
    assert statuses(out) == [(DEVICE, 1180.0, False, "keepalive-timeout")]
    assert [r.status for r in responses(out)] == [403]
    revive = platform(keepalive_revives=True)
    register(revive)
    out = revive.receive(fixture("keepalive"), PEER, 1185.0)
    assert statuses(out) == [
        (DEVICE, 1180.0, False, "keepalive-timeout"),
        (DEVICE, 1185.0, True, "keepalive"),
    ]


def test_a_late_notify_finds_the_device_already_offline() -> None:
    p = platform()
    register(p)  # deadline 1180; no tick has run since
    out = p.receive(fixture("notify_catalog"), PEER, 1185.0)
    assert statuses(out) == [(DEVICE, 1180.0, False, "keepalive-timeout")]
    assert [r.status for r in responses(out)] == [481]
    assert p.query(DEVICE, "Catalog", 1186.0)[0] is None


def test_requests_over_udp_are_retransmitted_until_answered() -> None:
    p = platform()
    sent = requests(register(p))
    assert len(p.tick(1001.2).sends) == 4  # the four requests sent at registration, again
    for request in sent[:3]:
        branch = (request.header("Via") or "").split("branch=")[1]
        p.receive(fixture("response_200").replace(b"z9hG4bKabc", branch.encode()), PEER, 1001.5)
    assert len(p.tick(1003.5).sends) == 1  # only the unanswered SUBSCRIBE
    assert len(p.tick(1008.0).sends) == 1
    # the SUBSCRIBE again, and the catalog, never answered, asked for anew after a minute
    assert len(p.tick(1100.0).sends) == 2
    later = requests(p.tick(1140.0))  # the SUBSCRIBE given up after four retransmissions
    assert [r.method for r in later] == ["MESSAGE"]  # the new catalog query's retransmission


def test_a_tcp_drop_takes_its_devices_offline_at_once() -> None:
    p = platform(auto_enrol=True)
    peer = Peer("tcp", "10.2.3.4", 5060, conn=7)
    p.receive(fixture("register_tcp_compact"), peer, 0.0)
    assert statuses(p.connection_lost(8, 5.0)) == []
    assert statuses(p.connection_lost(7, 5.0)) == [(CAMERA, 5.0, False, "tcp-drop")]
    assert statuses(p.tick(10_000.0)) == []


def test_options_and_unsupported_methods() -> None:
    p = platform()
    options = (
        fixture("register")
        .replace(b"REGISTER sip", b"OPTIONS sip", 1)
        .replace(b"1 REGISTER", b"1 OPTIONS")
    )
    assert responses(p.receive(options, PEER, 0.0))[0].status == 200
    invite = options.replace(b"OPTIONS", b"INVITE")
    assert responses(p.receive(invite, PEER, 0.0))[0].status == 501


def test_malformed_input_is_counted_and_changes_nothing() -> None:
    p = platform(auto_enrol=True)
    for name in ("bad_content_length", "bad_request_line"):
        assert p.receive(fixture(name), PEER, 0.0).sends == []
    register(p)
    bomb = p.receive(fixture("entity_bomb"), PEER, 1001.0)
    assert [r.status for r in responses(bomb)] == [400]
    assert p.stats["malformed"] == 3  # two unframeable messages and the refused body
    assert list(p.sessions) == [DEVICE]


def test_a_restored_device_that_stays_silent_is_offline_from_when_it_stopped() -> None:
    p = platform()
    session = DeviceSession(DEVICE, online=True, registered_until=10_000.0, call_id="c", peer=PEER)
    assert p.restore([(session, 4000.0)], [], 5000.0).events == []
    assert statuses(p.tick(5179.0)) == []
    assert statuses(p.tick(5181.0)) == [(DEVICE, 4180.0, False, "keepalive-timeout")]


def test_a_restored_device_that_keeps_talking_stays_online_through_the_restart() -> None:
    p = platform()
    session = DeviceSession(DEVICE, online=True, registered_until=10_000.0, call_id="c", peer=PEER)
    p.restore([(session, 4990.0)], [], 5000.0)
    out = p.receive(fixture("keepalive"), PEER, 5030.0)  # accepted without a new REGISTER
    assert [r.status for r in responses(out)] == [200] and statuses(out) == []
    assert statuses(p.tick(5200.0)) == []


def test_a_device_restored_within_its_window_is_offline_from_its_lapse_not_the_restart() -> None:
    """Last heard at 4950, back at 5000: silent, it lapsed at 4950 + 180 (docs/gb28181.md)."""
    p = platform()
    session = DeviceSession(DEVICE, online=True, registered_until=10_000.0, call_id="c", peer=PEER)
    p.restore([(session, 4950.0)], [], 5000.0)
    assert statuses(p.tick(5179.0)) == []
    assert statuses(p.tick(5180.5)) == [(DEVICE, 5130.0, False, "keepalive-timeout")]


def test_a_restart_grace_ends_when_the_registration_does() -> None:
    """Registered until 5100: a keepalive at 5150 finds it offline as of the expiry, and is
    refused, however long the keepalive window would have been."""
    p = platform()
    session = DeviceSession(DEVICE, online=True, registered_until=5100.0, call_id="c", peer=PEER)
    p.restore([(session, 4990.0)], [], 5000.0)
    assert p.sessions[DEVICE].deadline == 5100.0
    out = p.receive(fixture("keepalive"), PEER, 5150.0)
    assert statuses(out) == [(DEVICE, 5100.0, False, "registration-expired")]
    assert [r.status for r in responses(out)] == [403]


def test_a_restored_device_whose_registration_ran_out_is_offline_at_the_expiry() -> None:
    p = platform()
    session = DeviceSession(DEVICE, online=True, registered_until=4500.0, call_id="c", peer=PEER)
    out = p.restore([(session, 4400.0)], [(CH1, DEVICE, True), (CH2, DEVICE, False)], 5000.0)
    assert statuses(out) == [
        (DEVICE, 4500.0, False, "registration-expired"),
        (CH1, 4500.0, False, "parent-offline"),
    ]


def test_a_catalog_with_sumnum_and_no_items_is_counted_malformed_and_changes_nothing() -> None:
    p = platform()
    register(p)
    p.receive(fixture("catalog_1of2"), PEER, 1001.0)
    out = p.receive(fixture("catalog_sumnum_no_items"), PEER, 1002.0)
    assert [r.status for r in responses(out)] == [400]
    assert out.events == [] and p.stats["malformed"] == 1
    assert len(p.catalogs) == 2  # the query's set and the 17430 set, both still open


def test_a_register_retransmission_older_than_timer_f_is_dropped() -> None:
    p = platform(auto_enrol=True)
    data = fixture("register_tcp_compact")
    peer = Peer("tcp", "10.2.3.4", 5060, conn=7)
    first = p.receive(data, peer, 0.0)
    assert [r.status for r in responses(first)] == [200] and len(requests(first)) == 4
    assert p.receive(data, peer, 31.0).sends == first.sends[:1]  # within 32 s: answered again
    p.tick(40.0)
    late = p.receive(data, peer, 40.0)  # stuck in a queue past timer F: the device gave up
    assert late.sends == [] and late.events == [] and p.stats["stale"] == 1


def _requeried(p: Platform, now: float) -> int:
    """How many catalogs the platform asked for anew in the tick at `now`."""
    before = p.stats.get("catalog_requery", 0)
    out = p.tick(now)
    new = p.stats.get("catalog_requery", 0) - before
    sns = {r.body.split(b"<SN>")[1].split(b"<")[0] for r in requests(out) if b"<SN>" in r.body}
    assert len(sns) >= new  # each re-query is a new query, not a retransmission
    return new


def test_a_catalog_that_never_comes_is_asked_for_again_after_a_minute() -> None:
    """A catalog query or its answers lost in a registration burst: the channels would never
    enter the inventory if the platform did not ask again."""
    p = platform()
    register(p)
    assert _requeried(p, 1059.0) == 0
    assert _requeried(p, 1060.5) == 1
    p.receive(fixture("keepalive"), PEER, 1150.0)
    assert _requeried(p, 1179.0) == 0  # the second wait is twice as long
    assert _requeried(p, 1180.5) == 1


def test_a_partial_catalog_is_asked_for_again_and_a_complete_one_is_not() -> None:
    partial = platform()
    register(partial)
    partial.receive(fixture("catalog_1of2"), PEER, 1001.0)
    partial.tick(1007.0)  # given up as partial
    assert _requeried(partial, 1060.5) == 1
    complete = platform()
    register(complete)
    complete.receive(fixture("catalog_1of2"), PEER, 1001.0)
    complete.receive(fixture("catalog_2of2"), PEER, 1002.0)
    complete.receive(fixture("keepalive"), PEER, 1050.0)
    assert _requeried(complete, 1100.0) == 0


def test_no_catalog_is_asked_of_a_device_that_went_offline() -> None:
    p = platform()
    register(p)
    p.receive(fixture("unregister"), PEER, 1010.0)
    assert _requeried(p, 1061.0) == 0


def test_first_queries_of_a_registration_storm_are_paced() -> None:
    """300 devices registering in the same instant: the first 200 are asked at once, the
    rest wait for the timer at 1,000 devices a second, and a device gone meanwhile is not."""
    from jixiao.adapters.gb28181.core import QUERY_BURST, QUERY_RATE

    p = platform(auto_enrol=True)
    ids = [f"340200000011800{n:05d}" for n in range(300)]
    asked: set[str] = set()

    def newly_asked(out: Output) -> int:
        catalogs = {
            r.uri.split(":")[1].split("@")[0]
            for r in requests(out)
            if r.method == "MESSAGE" and b"<CmdType>Catalog<" in r.body
        }
        new = catalogs - asked
        asked.update(new)
        return len(new)

    for n, dev in enumerate(ids):
        data = fixture("register").replace(DEVICE.encode(), dev.encode())
        data = data.replace(b"Call-ID: ", f"Call-ID: storm{n}".encode(), 1)
        newly_asked(p.receive(data, Peer("udp", "192.168.1.64", 6000 + n), 1000.0))
    assert len(asked) == QUERY_BURST == 200
    assert p.stats["queries_deferred"] == 100
    gone = fixture("unregister").replace(DEVICE.encode(), ids[250].encode())
    p.receive(
        gone.replace(b"Call-ID: ", b"Call-ID: storm250", 1),
        Peer("udp", "192.168.1.64", 6250),
        1000.01,
    )
    assert newly_asked(p.tick(1000.0505)) == int(0.0505 * QUERY_RATE)  # 50 devices more
    assert newly_asked(p.tick(1000.2)) == 49  # the other 50, less the one that unregistered
    assert ids[250] not in asked
