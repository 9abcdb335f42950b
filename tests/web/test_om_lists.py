"""The 运维 lists under 设备 on the examples loaded at first start (clock: 2023-11-15 06:13:20):
the offline list (filters, pages, duration, cause, Excel), the rates by group or area (Excel),
maintenance windows by device, group or area by role; the web's Excel and the CLI's agree."""

from __future__ import annotations

import html
import re
from pathlib import Path

import openpyxl
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jixiao.services.web_ports import Role
from tests.conftest import Run
from tests.integration.reports.test_forms import assert_no_clipped_cell

EAST_GATE, WEST_GATE = "64032300001320000001", "64032300001320000002"


def break_two(app: FastAPI, tmp_path: Path) -> None:
    """East gate off a day before the clock (光缆被挖断), West gate two hours before (断电)."""
    path = tmp_path / "faults.csv"
    path.write_text(
        "device_id,time,status,cause\n"
        f"{EAST_GATE},2023-11-14 06:13:20,OFF,光缆被挖断\n"
        f"{WEST_GATE},2023-11-15 04:13:20,OFF,断电\n",
        encoding="utf-8",
    )
    app.state.context.app.import_status(path, actor="test")


def offline_ids(page_html: str) -> list[str]:
    table = page_html.split('<table id="offline">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<a href="/devices/(\d{20})">', table)


def sheet_rows(content: bytes, path: Path) -> list[list[object]]:
    path.write_bytes(content)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [[c for c in r if c is not None] for r in sheet.iter_rows(values_only=True)]


def test_the_offline_list_with_duration_cause_filters_and_pages(
    app: FastAPI, clients: dict[Role, TestClient], tmp_path: Path
) -> None:
    viewer = clients[Role.VIEWER]
    assert "所有在役设备均在线" in viewer.get("/devices/offline").text
    break_two(app, tmp_path)
    listed = viewer.get("/devices/offline")
    assert listed.status_code == 200 and "当前离线（2台）" in listed.text
    assert offline_ids(listed.text) == [EAST_GATE, WEST_GATE]  # the longest first
    assert "1天0小时" in listed.text and "2小时0分钟" in listed.text
    assert "光缆被挖断" in listed.text and "断电" in listed.text
    assert offline_ids(viewer.get("/devices/offline?q=西门").text) == [WEST_GATE]
    assert offline_ids(viewer.get("/devices/offline?area=县城").text) == []
    assert offline_ids(viewer.get("/devices/offline?area=花马池镇").text) == [EAST_GATE, WEST_GATE]
    unknown = viewer.get("/devices/offline?group=无此组")
    assert unknown.status_code == 400 and "没有属于分组“无此组”的设备" in unknown.text


def test_the_offline_excel_of_the_web_is_the_cli_one(
    app: FastAPI, clients: dict[Role, TestClient], tmp_path: Path, jixiao: Run
) -> None:
    break_two(app, tmp_path)
    page_html = clients[Role.VIEWER].get("/devices/offline?area=花马池镇").text
    link = re.search(r'href="(/devices/offline\.xlsx\?[^"]+)"', page_html)
    assert link is not None
    answer = clients[Role.VIEWER].get(html.unescape(link[1]))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    web = sheet_rows(answer.content, tmp_path / "web.xlsx")
    assert web[3][:4] == [EAST_GATE, "花马池镇东门", "花马池镇\n地网、花马池镇", "2023-11-14 06:13"]
    assert web[3][4:] == ["1天0小时", "离线", "光缆被挖断"]
    assert_no_clipped_cell(tmp_path / "web.xlsx")
    out = tmp_path / "cli.xlsx"
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data"), "JIXIAO_DEMO": "true"}  # the app's store
    result = jixiao("status", "offline", "--area", "花马池镇", "--xlsx", out, env=env)
    assert result.returncode == 0, result.stderr
    cli = sheet_rows(out.read_bytes(), out)
    # the same devices, since and cause; the durations run to each one's moment
    assert [r[:4] + r[5:] for r in cli[3:5]] == [r[:4] + r[5:] for r in web[3:5]]


def test_the_rates_by_area_and_their_excel_match_the_cli(
    clients: dict[Role, TestClient], tmp_path: Path, jixiao: Run
) -> None:
    viewer = clients[Role.VIEWER]
    query = "from=2021-01-01&to=2021-12-31&period=month&by=area"
    page_html = viewer.get(f"/devices/rates?{query}")
    assert page_html.status_code == 200
    head = page_html.text.split('<table id="rates">', 1)[1].split("</tr>", 1)[0]
    assert "县城" in head and "花马池镇" in head and "地网" not in head
    link = re.search(r'href="(/devices/rates\.xlsx\?[^"]+)"', page_html.text)
    assert link is not None
    web = sheet_rows(viewer.get(html.unescape(link[1])).content, tmp_path / "web.xlsx")
    assert web[2][:2] == ["月份", "区域"]
    assert sum(1 for r in web if r and r[0] == "全期") == 1 + head.count('<th class="num">') - 1
    assert_no_clipped_cell(tmp_path / "web.xlsx")
    out = tmp_path / "cli.xlsx"
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data"), "JIXIAO_DEMO": "true"}  # the app's store
    result = jixiao(
        "availability", "--from", "2021-01-01", "--to", "2021-12-31", "--by", "month",
        "--split", "area", "--xlsx", out, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sheet_rows(out.read_bytes(), out) == web
    refused = viewer.get("/devices/rates?by=area&area=无此镇")
    assert refused.status_code == 400 and "没有区域“无此镇”" in refused.text


def test_maintenance_windows_by_area_edited_by_operations_only(
    clients: dict[Role, TestClient],
) -> None:
    viewer, ops = clients[Role.VIEWER], clients[Role.OPERATIONS]
    window = {"start": "2023-11-16T08:00", "end": "2023-11-16T12:00", "reason": "线路改造"}
    listed = viewer.get("/devices/maintenance")
    assert listed.status_code == 200 and "登记维护窗口" not in listed.text
    by_area = window | {"area": "花马池镇"}
    assert viewer.post("/devices/maintenance", data=by_area).status_code == 403
    none = ops.post("/devices/maintenance", data=window)
    assert none.status_code == 400 and "请给出设备编码、分组或区域，三者选一" in none.text
    two = ops.post("/devices/maintenance", data=by_area | {"group": "地网"})
    assert two.status_code == 400 and "三者选一" in two.text
    assert ops.post("/devices/maintenance", data=by_area).status_code == 303
    mine = ops.get("/devices/maintenance?q=线路改造").text
    assert "维护窗口（5）" in mine  # 花马池镇: the four gates and the NVR of the 地网 example
    assert f'设备<a href="/devices/{EAST_GATE}">' in mine
    assert "修改或删除" in mine and "修改或删除" not in viewer.get("/devices/maintenance").text
    assert "维护窗口（0）" in ops.get("/devices/maintenance?q=线路改造&group=地网").text
    assert "维护窗口（5）" in ops.get("/devices/maintenance?active=true").text
    audit = clients[Role.ADMIN].get("/admin/audit").text
    assert "区域“花马池镇”5台设备" in audit
