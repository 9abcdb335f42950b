"""录像 on the web: the rates side by side by group and month, the device page's bar per day,
and the monthly 录像巡检报告 downloaded as Word and Excel."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from docx import Document
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from jixiao.domain.devices import Device, DeviceKind, GbId
from jixiao.services.recordings import ChannelScan, Found, Target
from jixiao.services.web_ports import Role

ZONE = ZoneInfo("Asia/Shanghai")
# 东区, not 天网: the web app's first start loads the examples, whose 天网 group has cameras
DAY = dt.date(2023, 11, 14)  # the day before the tests' clock
EAST, WEST = "64032300001320000001", "64032300001320000002"
H = 3600


def _at(hour: float) -> int:
    return int(dt.datetime.combine(DAY, dt.time(), tzinfo=ZONE).timestamp() + hour * H)


def _scanned(app: FastAPI) -> None:
    context = app.state.context
    with context.store.write() as repos:
        repos.devices.upsert(
            [
                Device(GbId(EAST), DeviceKind.CAMERA, "东门", ("东区",)),
                Device(GbId(WEST), DeviceKind.CAMERA, "学校门口", ("重点部位",)),
            ]
        )
        keys = repos.devices.keys([EAST, WEST])
    context.app.record_recordings(
        [
            # 东门 records 00:00–06:00 and 12:00–24:00: 18 h of 24
            ChannelScan(
                Target(keys[EAST], EAST, "nvr", 30),
                Found(((_at(0), _at(6)), (_at(12), _at(24)))),
                None,
            ),
            ChannelScan(Target(keys[WEST], WEST, "nvr", 90), None, None),  # no answer
        ],
        DAY,
        actor="test",
    )


def test_the_rates_side_by_side_and_the_channels(
    app: FastAPI, clients: dict[Role, TestClient]
) -> None:
    _scanned(app)
    page = clients[Role.VIEWER].get("/recordings", params={"month": "2023-11"})
    assert page.status_code == 200
    text = page.text
    assert 'href="/recordings" class="active"' in text
    # 东区 18 h of 24 = 75%; 重点部位 unanswered: 0%; together 18 of 48 = 37.5%
    assert '<td>东区</td><td class="num">1</td>' in text
    assert "<strong>37.5%</strong>" in text
    assert "图像完好率：尚无图像质量诊断数据" in text
    assert "设备未应答录像查询" in text
    refused = clients[Role.VIEWER].get("/recordings", params={"month": "2023-13"})
    assert refused.status_code == 400


def test_the_device_page_shows_a_bar_per_day(app: FastAPI, clients: dict[Role, TestClient]) -> None:
    _scanned(app)
    text = clients[Role.VIEWER].get(f"/devices/{EAST}").text
    assert 'id="recording-days"' in text
    assert '<span class="rec-recorded" style="left:0%;width:25%" title="00:00–05:59">' in text
    assert '<span class="rec-missing" style="left:25%;width:25%" title="06:00–11:59">' in text
    assert 'aria-label="2023-11-14 录像完整率75%"' in text
    assert 'aria-label="2023-11-13 录像完整率—"' in text  # not scanned
    other = clients[Role.VIEWER].get("/devices/64032300001320000004").text  # an example camera
    assert "近14天没有该通道的录像巡检记录" in other and 'id="recording-days"' not in other


def test_the_monthly_report_downloads_as_word_and_excel(
    app: FastAPI, clients: dict[Role, TestClient]
) -> None:
    _scanned(app)
    client = clients[Role.VIEWER]
    xlsx = client.get("/recordings/report.xlsx", params={"month": "2023-11"})
    assert xlsx.status_code == 200
    assert "spreadsheetml" in xlsx.headers["content-type"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    (total,) = [r for r in rows if r[:2] == ["全期", "合计"]]
    # the example county's cameras were never scanned: their channel-days are 未巡检
    assert total[4:8] == ["37.5%", "—", "0%", 1]
    assert next(r for r in rows if r[1:2] == ["东区"])[:3] == ["2023-11", "东区", 1]
    docx = client.get("/recordings/report.docx", params={"month": "2023-11"})
    assert docx.status_code == 200
    cells = [
        c.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells
    ]
    assert "37.5%" in cells and EAST in cells
