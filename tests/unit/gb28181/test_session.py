"""The per-device state machine and the deadline wheel: time is passed in, never read."""

from __future__ import annotations

from jixiao.adapters.gb28181.channels import Channels
from jixiao.adapters.gb28181.events import Enrol, Output
from jixiao.adapters.gb28181.manscdp import CatalogItem
from jixiao.adapters.gb28181.session import (
    Cause,
    DeviceSession,
    Peer,
    Registered,
    Seen,
    StatusChanged,
    Wheel,
)

UDP = Peer("udp", "10.0.0.2", 5060)
ID = "34020000001180000001"


def changes(events: list[object]) -> list[tuple[float, bool, Cause]]:
    return [(e.at, e.online, e.cause) for e in events if isinstance(e, StatusChanged)]


def registered(now: float = 1000.0, expires: int = 3600) -> DeviceSession:
    session = DeviceSession(ID)
    session.register(now, expires, "c1", UDP)
    return session


def test_a_registration_puts_the_device_online_until_its_deadline() -> None:
    session = DeviceSession(ID)
    events = session.register(1000.0, 3600, "c1", UDP)
    assert changes(events) == [(1000.0, True, Cause.REGISTER)]
    assert any(isinstance(e, Registered) and e.expires_at == 4600.0 for e in events)
    assert session.deadline == 1180.0  # 60 s x 3
    assert changes(session.register(1100.0, 3600, "c1", UDP)) == []  # a refresh changes nothing


def test_keepalives_move_the_deadline_and_silence_ends_in_a_timeout() -> None:
    session = registered()
    ok, events = session.keepalive(1150.0, UDP, revive=False)
    assert ok and events == [Seen(ID, 1150.0)]
    assert session.deadline == 1330.0
    assert session.expire(1329.9) == []
    assert changes(session.expire(1400.0)) == [(1330.0, False, Cause.TIMEOUT)]
    assert session.expire(1500.0) == []


def test_the_deadline_is_the_registration_expiry_when_that_comes_first() -> None:
    session = registered(expires=100)
    assert session.deadline == 1100.0
    assert changes(session.expire(1100.0)) == [(1100.0, False, Cause.EXPIRED)]
    assert not session.registered


def test_per_device_interval_and_count() -> None:
    session = DeviceSession(ID, interval=20, count=2)
    session.register(0.0, 3600, "c", UDP)
    assert session.deadline == 40.0


def test_unregister_and_tcp_drop_are_offline_at_once() -> None:
    session = registered()
    assert changes(session.unregister(1200.0)) == [(1200.0, False, Cause.UNREGISTER)]
    session = registered()
    assert changes(session.dropped(1200.0)) == [(1200.0, False, Cause.TCP_DROP)]
    assert session.deadline is None


def test_a_keepalive_alone_revives_only_when_allowed() -> None:
    session = registered(expires=100)
    session.expire(2000.0)
    assert session.keepalive(2001.0, UDP, revive=False) == (False, [])
    assert session.online is False
    ok, events = session.keepalive(2002.0, UDP, revive=True)
    assert ok and changes(events) == [(2002.0, True, Cause.KEEPALIVE)]
    ok, events = session.keepalive(2030.0, UDP, revive=False)  # revived: its next keepalives count
    assert ok and changes(events) == []


def test_a_keepalive_never_moves_the_device_only_a_registration_does() -> None:
    session = registered()
    where = session.peer
    session.keepalive(1010.0, Peer("udp", "10.0.0.3", 40000), revive=False)
    assert session.peer == where
    moved = Peer("udp", "10.0.0.3", 40000)
    session.register(1020.0, 3600, "c2", moved)
    assert session.peer == moved


def test_the_wheel_returns_due_keys_once_and_forgets_moved_ones() -> None:
    wheel = Wheel()
    wheel.schedule("a", 10.5)
    wheel.schedule("b", 12.0)
    wheel.schedule("c", 11.0)
    wheel.schedule("c", 30.0)
    assert wheel.due(9.0) == []
    assert wheel.due(10.9) == ["a"]
    assert wheel.due(12.0) == ["b"]
    assert wheel.due(13.0) == []
    wheel.schedule("d", 5.0)  # in the past: due at the next call
    assert wheel.due(13.0) == ["d"]
    wheel.schedule("c", None)
    assert len(wheel) == 0
    assert wheel.due(100.0) == []


def test_the_wheel_catches_up_after_a_long_gap() -> None:
    wheel = Wheel()
    wheel.schedule("a", 1.0)
    wheel.schedule("b", 1_000_000.0)
    assert wheel.due(2.0) == ["a"]
    assert wheel.due(999_999.0) == []
    assert wheel.due(1_000_001.0) == ["b"]


def test_a_lapsed_device_is_not_online_before_the_timer_runs() -> None:
    session = registered()  # heard at 1000: lapses at 1180
    assert session.online_at(1179.0) and not session.lapsed(1179.0)
    assert session.lapsed(1180.0) and not session.online_at(1180.0)
    assert session.online is True  # the timer has not run: the flag alone would say online


def test_channels_take_catalog_status_only_while_their_device_has_not_lapsed() -> None:
    session = registered()
    channels = Channels("3402000000", {ID: session})
    item = CatalogItem("34020000001310000001", "路口1", parent_id=ID, status=True)
    late = Output()
    channels.listed(ID, [item], 1180.0, late)
    assert [e for e in late.events if isinstance(e, StatusChanged)] == []
    assert [e.device_id for e in late.events if isinstance(e, Enrol)] == [item.device_id]
    early = Output()
    channels.listed(ID, [item], 1179.0, early)
    assert changes(early.events) == [(1179.0, True, Cause.CATALOG)]
