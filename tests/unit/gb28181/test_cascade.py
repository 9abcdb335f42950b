"""The cascade uplink (级联) as a sans-I/O state machine: registration, keepalives, NOTIFY."""

from __future__ import annotations

import itertools

import pytest

from jixiao.adapters.gb28181.cascade import (
    REGISTER_RETRY,
    CatalogEntry,
    Superior,
    SuperiorError,
    Uplink,
    read_superiors,
)
from jixiao.adapters.gb28181.events import Output
from jixiao.adapters.gb28181.messages import Request, Response, parse, response_to

OWN = "34020000002000000002"
SUPERIOR = Superior("34020000002000000001", "127.0.0.1", 15060, password="pw", interval=10)


def _uplink() -> Uplink:
    counter = itertools.count()
    return Uplink(
        SUPERIOR,
        own_id=OWN,
        local_host="127.0.0.1",
        local_port=5060,
        token=lambda: f"t{next(counter)}",
    )


def _sent(out: Output) -> list[Request]:
    return [m for _, data in out.sends if isinstance(m := parse(data), Request)]


def _answer(req: Request, status: int, extra: tuple[tuple[str, str], ...] = ()) -> Response:
    res = response_to(req, status, "X", to_tag="sup", extra=extra)
    assert res is not None
    return res


def _registered(up: Uplink, now: float = 0.0) -> None:
    (register,) = _sent(up.tick(now))
    challenge = ("WWW-Authenticate", 'Digest realm="3402000000", nonce="abc", algorithm=MD5')
    (again,) = _sent(up.receive(_answer(register, 401, (challenge,)), now))
    assert 'username="34020000002000000002"' in (again.header("Authorization") or "")
    up.receive(_answer(again, 200, (("Expires", "3600"),)), now)
    assert up.registered


def test_a_refused_registration_is_tried_again_later() -> None:
    up = _uplink()
    (register,) = _sent(up.tick(0.0))
    up.receive(_answer(register, 403), 0.0)
    assert not up.registered and up.stats["refused"] == 1
    assert _sent(up.tick(REGISTER_RETRY - 1)) == []
    assert [r.method for r in _sent(up.tick(REGISTER_RETRY + 0.1))] == ["REGISTER"]


def test_keepalives_flow_and_three_unanswered_make_it_register_again() -> None:
    up = _uplink()
    _registered(up)
    (first,) = _sent(up.tick(0.5))
    assert first.method == "MESSAGE" and b"<CmdType>Keepalive</CmdType>" in first.body
    up.receive(_answer(first, 200), 0.6)
    assert _sent(up.tick(5.0)) == []  # the next one after the 10-second interval
    now = 10.5
    for _ in range(3):  # the superior went silent
        assert [r.method for r in _sent(up.tick(now))] == ["MESSAGE"]
        now += 10
    methods = [r.method for r in _sent(up.tick(now))]
    assert "REGISTER" in methods and not up.registered


def test_status_changes_are_notified_only_while_subscribed() -> None:
    up = _uplink()
    _registered(up)
    assert up.status_changed([("34020000001320000001", False)], 1.0).sends == []
    subscribe = Request(
        (
            ("Via", "SIP/2.0/UDP 127.0.0.1:15060;branch=z9hG4bKs1"),
            ("From", "<sip:34020000002000000001@3402000000>;tag=up1"),
            ("To", f"<sip:{OWN}@3402000000>"),
            ("Call-ID", "sub-1"),
            ("CSeq", "1 SUBSCRIBE"),
            ("Event", "Catalog;id=5"),
            ("Expires", "600"),
        ),
        b"",
        "SUBSCRIBE",
        f"sip:{OWN}@3402000000",
    )
    (ok,) = [parse(d) for _, d in up.receive(subscribe, 2.0).sends]
    assert isinstance(ok, Response) and ok.status == 200
    (notify,) = _sent(up.status_changed([("34020000001320000001", False)], 3.0))
    assert notify.method == "NOTIFY" and notify.call_id == "sub-1"
    assert b"<Event>OFF</Event>" in notify.body
    assert up.status_changed([("34020000001320000001", True)], 700.0).sends == []  # expired


def test_a_catalog_is_split_with_sumnum_and_parents() -> None:
    up = _uplink()
    entries = [
        CatalogEntry(f"3402000000132000000{i}", f"路口{i}", "", i % 2 == 0) for i in range(6)
    ]
    messages = _sent(up.catalog(9, entries, 0.0))
    assert len(messages) == 2
    assert all(b"<SumNum>6</SumNum>" in m.body and b"<SN>9</SN>" in m.body for m in messages)
    assert messages[0].body.count(b"<Item>") == 4 and messages[1].body.count(b"<Item>") == 2
    assert f"<ParentID>{OWN}</ParentID>".encode() in messages[0].body
    assert "路口0".encode("gb18030") in messages[0].body


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("{", "不是有效的 JSON"),
        ('{"id": "1"}', "应为 JSON 列表"),
        ('[{"id": "123", "host": "127.0.0.1"}]', "第1个上级平台的 id"),
        ('[{"id": "34020000002000000001"}]', "缺少 host"),
        ('[{"id": "34020000002000000001", "host": "h", "secret": "x"}]', "未知字段：secret"),
        ('[{"id": "34020000002000000001", "host": "h", "interval": 1}]', "interval"),
    ],
)
def test_a_wrong_superior_configuration_says_what_is_wrong(raw: str, says: str) -> None:
    with pytest.raises(SuperiorError, match=says):
        read_superiors(raw)
    assert read_superiors("") == ()
