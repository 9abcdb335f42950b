"""MANSCDP bodies: encodings, vendor quirks, catalog items, status words, refused XML."""

from __future__ import annotations

import pytest

from jixiao.adapters.gb28181 import manscdp
from jixiao.adapters.gb28181.manscdp import (
    BasicParam,
    BodyError,
    Catalog,
    DeviceInfo,
    DeviceStatus,
    Keepalive,
    decode,
    parse_xml,
    read_body,
    status_word,
)
from jixiao.adapters.gb28181.messages import parse
from tests.unit.gb28181.fixtures import DEVICE, fixture


def body(name: str) -> bytes:
    return parse(fixture(name)).body


def test_a_keepalive_is_read_by_the_fast_path_and_the_parser_alike() -> None:
    fast = read_body(body("keepalive"))
    assert fast == Keepalive("notify", "keepalive", 43, DEVICE, True)
    slow = read_body(
        body("keepalive").replace(b"<SN>", b" <SN>", 1).replace(b"<Notify>", b"<Notify >")
    )
    assert slow == fast


def test_a_keepalive_may_list_faulty_sub_devices() -> None:
    value = read_body(body("keepalive_with_info"))
    assert isinstance(value, Keepalive)
    assert value.faulty == ("34020000001310000007",)


def test_a_catalog_item_carries_every_field_the_inventory_uses() -> None:
    value = read_body(body("catalog_1of2"))
    assert isinstance(value, Catalog)
    assert (value.sn, value.sum_num, value.device_id) == (17430, 2, DEVICE)
    (item,) = value.items
    assert item.device_id == "34020000001310000001"
    assert item.name == "城关镇十字路口1"
    assert item.address == "城关镇人民路1号"
    assert (item.civil_code, item.parent_id, item.point_type) == ("340200", DEVICE, 2)
    assert (item.ip, item.port, item.status) == ("192.168.1.101", 8000, True)
    assert item.longitude == pytest.approx(117.283)


def test_utf8_bodies_declared_utf8_are_read_as_utf8() -> None:
    value = read_body(body("catalog_utf8"))
    assert isinstance(value, Catalog)
    assert value.items[0].name == "东门卡口"
    assert value.items[0].status is True  # ONLINE


def test_gb18030_wins_when_the_body_declares_gb2312() -> None:
    text = "城关镇".encode("gb18030")
    assert decode(b'<?xml version="1.0" encoding="GB2312"?><a>' + text + b"</a>").endswith(
        "城关镇</a>"
    )
    assert decode("城关镇".encode()) == "城关镇"  # not GB18030: falls back to UTF-8
    assert "\ufffd" in decode(b"\xff\xff\xff")


def test_hikvision_bare_ampersand_and_stray_angle_brackets_are_repaired() -> None:
    value = read_body(body("catalog_hikvision_quirks"))
    assert isinstance(value, Catalog)
    (item,) = value.items
    assert item.name == "A&B 路口"
    assert item.status is True  # OK
    assert item.address == ""  # the broken <Address> is dropped, the rest kept


def test_an_empty_catalog_has_no_items() -> None:
    value = read_body(body("catalog_empty"))
    assert isinstance(value, Catalog)
    assert (value.sum_num, value.items) == (0, ())


def test_notify_items_carry_their_events() -> None:
    value = read_body(body("notify_catalog"))
    assert isinstance(value, Catalog) and value.root == "notify"
    assert [(i.device_id[-1], i.event) for i in value.items] == [("1", "OFF"), ("2", "VLOST")]


def test_device_status_info_and_basic_param_responses() -> None:
    status = read_body(body("devicestatus_response"))
    assert isinstance(status, DeviceStatus)
    assert (status.result, status.online, status.ok, status.sn) == ("OK", True, True, 248)
    info = read_body(body("deviceinfo_response"))
    assert isinstance(info, DeviceInfo)
    assert (info.name, info.model, info.channels) == ("城关派出所NVR", "DS-7716N-E4", 16)
    param = read_body(body("basicparam_response"))
    assert isinstance(param, BasicParam)
    assert (param.expiration, param.interval, param.count) == (3600, 30, 4)


def test_element_names_are_matched_whatever_their_case() -> None:
    value = read_body(
        b"<notify><cmdType>KEEPALIVE</cmdType><sn>7</sn><deviceId>1</deviceId><status>on</status></notify>"
    )
    assert value == Keepalive("notify", "keepalive", 7, "1", True)


@pytest.mark.parametrize(
    ("word", "online"),
    [
        ("ON", True),
        ("online", True),
        ("OK", True),
        ("OFF", False),
        ("OFFLINE", False),
        ("ERROR", False),
        ("?", None),
    ],
)
def test_status_words(word: str, online: bool | None) -> None:
    assert status_word(word) is online


def test_entity_declarations_are_refused() -> None:
    with pytest.raises(BodyError):
        read_body(body("entity_bomb"))
    with pytest.raises(BodyError):
        parse_xml(b'<!DOCTYPE x SYSTEM "http://127.0.0.1/x.dtd"><x/>')


@pytest.mark.parametrize(
    "data", [b"", b"not xml", b"<a><b></a>" * 0 + b"<", b"\x00\x01\x02", b"<a>" * 40 + b"</a>" * 40]
)
def test_unreadable_bodies_raise_body_error(data: bytes) -> None:
    with pytest.raises(BodyError):
        read_body(data)


def test_an_unknown_command_is_a_plain_body() -> None:
    value = read_body(b"<Notify><CmdType>Alarm</CmdType><SN>1</SN><DeviceID>9</DeviceID></Notify>")
    assert type(value) is manscdp.Body
    assert (value.cmd, value.sn, value.device_id) == ("alarm", 1, "9")


def test_queries_are_gb18030_with_a_gb2312_declaration() -> None:
    data = manscdp.query("Catalog", 5, DEVICE)
    assert data.startswith(b'<?xml version="1.0" encoding="GB2312"?>')
    root = parse_xml(data)
    assert (root.name, root.get("cmdtype"), root.get("sn")) == ("query", "Catalog", "5")


def test_a_broken_xml_prolog_is_skipped_up_to_the_first_root_element() -> None:
    value = read_body(body("keepalive_broken_prolog"))
    assert value == Keepalive("notify", "keepalive", 44, DEVICE, True)


def test_a_catalog_with_sumnum_and_no_items_is_malformed_not_empty() -> None:
    with pytest.raises(BodyError, match="SumNum"):
        read_body(body("catalog_sumnum_no_items"))  # <DeviceListNum="1">: no list at all
    empty = read_body(body("catalog_empty"))  # SumNum 0 and no list: a real empty catalog
    assert isinstance(empty, Catalog) and empty.items == ()
