"""What the GB/T 28181 platform stores: PresenceRepo, and services/presence.py through it."""

from __future__ import annotations

import datetime as dt

from jixiao.domain.devices import Device, DeviceKind, GbId
from jixiao.domain.status import DeviceStatus
from jixiao.services.ports import DeviceFill, KeyedChange, Presence
from jixiao.services.presence import (
    CHANNEL_GROUP,
    DEVICE_GROUP,
    Learned,
    PresenceBatch,
    Registration,
    Transition,
    device_statuses,
    record,
    restore,
    set_password,
)
from jixiao.services.web_ports import WebStore

NVR = "34020000001180000001"
CAM = "34020000001310000001"
OLD = "64032300001320000001"


def _seed(store: WebStore) -> None:
    with store.write() as repos:
        repos.devices.upsert([Device(GbId(OLD), DeviceKind.CAMERA, "东门", ("天网",))])


def test_a_batch_enrols_records_and_is_restored(store: WebStore) -> None:
    _seed(store)
    batch = PresenceBatch(
        learned=[
            Learned(NVR, NVR, registering=True),
            Learned(NVR, "城关NVR", vendor="Hikvision"),
            Learned(
                CAM, "路口1", parent_id=NVR, civil_code="340200", point_type=2, address="人民路"
            ),
            Learned(OLD, "不应覆盖", vendor="Dahua", parent_id=NVR),
        ],
        transitions=[
            Transition(NVR, 1000, True, "register"),
            Transition(CAM, 1001, True, "catalog"),
            Transition(NVR, 1100, False, "keepalive-timeout"),
            Transition(NVR, 1100, True, "register"),  # same second: moved to 1101
            Transition(NVR, 1101, True, "register"),  # a repeat: dropped
            Transition("34020000001189999999", 1000, True, "register"),  # unknown: skipped
        ],
        seen={NVR: 1101},
        registrations={NVR: Registration(NVR, "udp", "10.0.0.2", 5060, "call-1", 4600)},
        keepalive={NVR: (30, 4)},
    )
    keys: dict[str, int] = {}
    done = record(store, batch, keys)
    assert (done.enrolled, done.changes, done.moved, done.unknown) == (2, 4, 1, 1)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    rows = {r.stored.device.device_id.value: r for r in device_statuses(store, now, dt.UTC)}
    assert rows[NVR].stored.device.name == "城关NVR"
    assert rows[NVR].stored.device.groups == (DEVICE_GROUP,)
    assert (rows[NVR].status, rows[NVR].since, rows[NVR].last_seen) == ("online", 1101, 1101)
    assert rows[CAM].stored.device.groups == (CHANNEL_GROUP,)
    assert rows[CAM].stored.device.address == "人民路"
    assert rows[OLD].stored.device.name == "东门" and rows[OLD].stored.device.vendor == "Dahua"
    assert (
        rows[OLD].stored.device.groups == ("天网",)
        and rows[OLD].status is DeviceStatus.NEVER_REPORTED
    )
    # a later batch continues after what is stored
    again = record(
        store, PresenceBatch(transitions=[Transition(NVR, 1050, False, "tcp-drop")]), keys
    )
    assert (again.changes, again.moved) == (1, 1)
    assert set_password(store, NVR, "secret") and not set_password(
        store, "34020000001180000999", "x"
    )
    snapshot = restore(store)
    assert snapshot.known == {NVR, CAM, OLD}
    assert snapshot.passwords == {NVR: "secret"}
    restored = {r.device_id: r for r in snapshot.devices}
    nvr = restored[NVR].presence
    assert restored[NVR].online is False
    assert (nvr.transport, nvr.host, nvr.port, nvr.call_id, nvr.registered_until) == (
        "udp",
        "10.0.0.2",
        5060,
        "call-1",
        4600,
    )
    assert (nvr.keepalive_interval, nvr.keepalive_count, nvr.last_seen) == (30, 4, 1101)
    cam = restored[CAM].presence
    assert (cam.parent_id, cam.civil_code, cam.point_type, restored[CAM].online) == (
        NVR,
        "340200",
        2,
        True,
    )
    assert restored[OLD].presence.parent_id == NVR


def test_presence_rows_are_made_on_first_use_and_keep_what_is_not_given(store: WebStore) -> None:
    with store.write() as repos:
        repos.devices.upsert(
            [
                Device(GbId(NVR), DeviceKind.NVR, NVR),
                Device(GbId(CAM), DeviceKind.CAMERA, "路口1", vendor="海康", port=80),
                Device(GbId(OLD), DeviceKind.CAMERA, "东门"),
            ]
        )
        keys = repos.devices.keys([NVR, CAM, OLD])
        nvr, cam, old = keys[NVR], keys[CAM], keys[OLD]
        repos.presence.ensure([nvr, nvr])
        repos.presence.catalog([(cam, NVR, "340200", 1)])
        repos.presence.catalog([(cam, "", "", None)])  # blank civil code and type: kept
        repos.presence.registrations(
            [Presence(nvr, transport="tcp", host="10.0.0.2", port=5060, call_id="c" * 300)]
        )
        repos.presence.seen({nvr: 70, cam: 80})
        repos.presence.keepalive({nvr: (60, None)})
        repos.presence.set_password(nvr, "secret")
        repos.presence.set_password(nvr, None)
        repos.statuses.append(
            [KeyedChange(nvr, 5, True), KeyedChange(nvr, 9, False), KeyedChange(cam, 7, True)],
            source="gb28181",
        )
    with store.read() as repos:
        rows = repos.presence.select()
        assert set(rows) == {nvr, cam}
        assert rows[nvr] == Presence(
            nvr,
            transport="tcp",
            host="10.0.0.2",
            port=5060,
            call_id="c" * 200,
            last_seen=70,
            keepalive_interval=60,
        )
        assert rows[cam] == Presence(cam, "", "340200", 1, last_seen=80)
        assert repos.presence.select([cam, old]) == {cam: rows[cam]}
        assert repos.presence.device_ids() == {nvr: NVR, cam: CAM, old: OLD}
        assert repos.presence.latest() == {nvr: (9, False), cam: (7, True)}
        assert repos.presence.latest([cam, old]) == {cam: (7, True)}


def test_what_a_device_says_of_itself_fills_only_blanks(store: WebStore) -> None:
    with store.write() as repos:
        repos.devices.upsert(
            [
                Device(GbId(NVR), DeviceKind.NVR, NVR),
                Device(GbId(CAM), DeviceKind.CAMERA, "路口1", vendor="海康", port=80),
            ]
        )
        keys = repos.devices.keys([NVR, CAM])
        repos.presence.fill_blanks(
            [
                DeviceFill(keys[NVR], "城关NVR", ip="10.0.0.2"),
                DeviceFill(keys[CAM], "设备自称", "大华", "DH-1"),
                DeviceFill(keys[CAM], address="人民路", ip="10.0.0.9", port=5060),
            ]
        )
    with store.read() as repos:
        devices = {s.device.device_id.value: s.device for s in repos.devices.select()}
    assert (devices[NVR].name, devices[NVR].ip, devices[NVR].vendor) == ("城关NVR", "10.0.0.2", "")
    cam = devices[CAM]  # its name is not its id, and vendor and port were known
    assert (cam.name, cam.vendor, cam.model, cam.address, cam.ip, cam.port) == (
        "路口1",
        "海康",
        "DH-1",
        "人民路",
        "10.0.0.9",
        80,
    )
