"""GB/T 28181 ids, device kinds, status words and service-life checks."""

from __future__ import annotations

import datetime as dt

import pytest

from jixiao.domain.devices import (
    Device,
    DeviceError,
    DeviceKind,
    GbId,
    accepted_kind_words,
    kind_word,
    parse_kind,
    parse_status,
)


def test_a_valid_id_exposes_its_codes() -> None:
    gb = GbId.parse(" 6403230000 1320000001 ")
    assert gb.value == "64032300001320000001"
    assert (gb.center_code, gb.civil_code, gb.industry_code, gb.type_code) == (
        "64032300",
        "640323",
        "00",
        132,
    )
    assert gb.default_kind is DeviceKind.CAMERA


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("6403230000132000000", "20位数字"),
        ("6403230000132000000X", "20位数字"),
        ("99032300001320000001", "省级代码“99”不存在"),
        ("64032300000990000001", "类型编码（第11–13位）“099”未分配"),
        ("64032300006990000001", "“699”未分配"),
    ],
)
def test_bad_ids_say_which_part_is_wrong(text: str, message: str) -> None:
    with pytest.raises(DeviceError, match=message):
        GbId.parse(text)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("118", DeviceKind.NVR),
        ("131", DeviceKind.CAMERA),
        ("200", DeviceKind.PLATFORM),
        ("400", None),
    ],
)
def test_type_codes_imply_a_kind_only_when_unambiguous(code: str, kind: DeviceKind | None) -> None:
    assert GbId.parse(f"6403230000{code}0000001").default_kind is kind


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("camera", DeviceKind.CAMERA),
        ("摄像机", DeviceKind.CAMERA),
        ("NVR", DeviceKind.NVR),
        ("平台", DeviceKind.PLATFORM),
        ("会议终端", DeviceKind.TERMINAL),
        ("网络设备", DeviceKind.NETWORK),
        (" Network ", DeviceKind.NETWORK),
        ("枪机", DeviceKind.CAMERA),  # what real 点位表 write
        ("球机", DeviceKind.CAMERA),
        ("半球", DeviceKind.CAMERA),
        ("筒机", DeviceKind.CAMERA),
        ("卡口", DeviceKind.CAMERA),
        ("人脸", DeviceKind.CAMERA),
        ("热成像", DeviceKind.CAMERA),
        ("DVR", DeviceKind.NVR),
        ("编码器", DeviceKind.NVR),
        ("交换机", DeviceKind.NETWORK),
        ("光纤收发器", DeviceKind.NETWORK),
    ],
)
def test_kinds_are_read_in_english_or_chinese(word: str, kind: DeviceKind) -> None:
    assert parse_kind(word) is kind


def test_an_unknown_kind_lists_the_valid_ones() -> None:
    with pytest.raises(DeviceError, match="camera/nvr/platform/terminal/network"):
        parse_kind("路由器X")
    with pytest.raises(DeviceError, match="枪机、球机"):
        parse_kind("不明设备")


@pytest.mark.parametrize(
    ("word", "online"),
    [
        ("ON", True),
        ("online", True),
        ("在线", True),
        ("OFF", False),
        ("Offline", False),
        ("离线", False),
    ],
)
def test_status_words(word: str, online: bool) -> None:
    assert parse_status(word) is online


def test_an_unknown_status_word_is_refused() -> None:
    with pytest.raises(DeviceError, match="ON/OFF"):
        parse_status("故障")


def test_decommissioning_must_follow_commissioning() -> None:
    gb = GbId.parse("64032300001320000001")
    with pytest.raises(DeviceError, match="停用日期"):
        Device(
            gb,
            DeviceKind.CAMERA,
            "东门",
            commissioned=dt.date(2021, 3, 1),
            decommissioned=dt.date(2021, 3, 1),
        )


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("固定枪机", DeviceKind.CAMERA),  # 一机一档 摄像机类型 and GB/T 28181 PTZType words
        ("遥控枪机", DeviceKind.CAMERA),
        ("卡口枪机", DeviceKind.CAMERA),
        ("遥控半球", DeviceKind.CAMERA),
        ("半球机", DeviceKind.CAMERA),
        ("电子警察", DeviceKind.CAMERA),
    ],
)
def test_the_words_of_registers_are_read(word: str, kind: DeviceKind) -> None:
    assert parse_kind(word) is kind


def test_the_tables_word_is_kept_only_when_it_says_more_than_the_kind() -> None:
    assert kind_word(" 枪机 ", DeviceKind.CAMERA) == "枪机"
    assert kind_word("摄像机", DeviceKind.CAMERA) == ""
    assert kind_word("camera", DeviceKind.CAMERA) == ""
    assert kind_word("nvr", DeviceKind.NVR) == ""
    assert kind_word("DVR", DeviceKind.NVR) == "DVR"
    words = accepted_kind_words()
    assert words["NVR"] is DeviceKind.NVR and "nvr" not in words  # as the template writes it
    assert words["枪机"] is DeviceKind.CAMERA and words["交换机"] is DeviceKind.NETWORK
