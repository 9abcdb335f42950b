"""The device page shows the device's probe: its status source, method, target, timing and
its last round; a device with none says where its status comes from."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from jixiao.domain.probes import Outcome
from jixiao.services.probing import ProbeResult
from jixiao.services.web_ports import ProbeConfig

EAST_GATE = "64032300001320000001"
WEST_GATE = "64032300001320000002"


def test_the_device_page_shows_the_probe_and_its_last_round(
    app: FastAPI, admin: TestClient
) -> None:
    application = app.state.context.app
    application.set_probe(
        ProbeConfig("rtsp", "rtsp://10.9.8.7/Streaming/Channels/101", username="admin"),
        password="pw",
        device_id=EAST_GATE,
        actor="test",
    )
    with application.reading() as repos:
        key = repos.devices.keys([EAST_GATE])[EAST_GATE]
    application.record_probes([ProbeResult(key, Outcome(False, "rtsp 401"), 1_900_000_000)], {})
    page = admin.get(f"/devices/{EAST_GATE}").text
    assert "<h3>主动探测</h3>" in page
    assert "信令与探测（任一离线即离线）" in page
    assert "RTSP rtsp://10.9.8.7/Streaming/Channels/101" in page
    assert "每300秒，超时5秒，重试1次；连续失败3次判离线，连续成功2次判恢复" in page
    assert "失败</span> rtsp 401" in page
    assert "pw<" not in page  # the password is never shown
    other = admin.get(f"/devices/{WEST_GATE}").text
    assert "未设置探测" in other
