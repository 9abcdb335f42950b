"""Devices over the API: the inventory, a device's history, online rates, imports as jobs
(a bad row refuses the whole file, with its line and column), maintenance windows."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jixiao.services.web_ports import Role
from tests.web.conftest import wait_job

EAST_GATE = "64032300001320000001"
OLD_TOWN = "64032300001310000101"
HEADER = "设备编码,名称,类型,分组,区域,启用日期\n"


def test_the_inventory_filters_by_group_kind_status_and_text(admin: TestClient) -> None:
    everything = admin.get("/api/devices").json()
    # 6 + 16 communities of the 地网 example, and the 盐边天网 example's 4 cameras
    assert everything["total"] == 26 and "地网" in everything["groups"]
    cameras = admin.get("/api/devices", params={"group": "地网", "kind": "camera"}).json()
    assert cameras["total"] == 20
    found = admin.get("/api/devices", params={"q": "花马池镇东门"}).json()["devices"]
    assert [d["device_id"] for d in found] == [EAST_GATE]
    online = admin.get("/api/devices", params={"status": "online"}).json()["devices"]
    assert len(online) == 25 and all(d["status"] == "online" for d in online)
    retired = admin.get("/api/devices", params={"status": "out-of-service"}).json()["devices"]
    assert [d["device_id"] for d in retired] == [OLD_TOWN]  # 停用 2021-09-01, last said ON
    assert admin.get("/api/devices", params={"status": "never-reported"}).json()["total"] == 0
    assert admin.get("/api/devices", params={"kind": "toaster"}).status_code == 422


def test_a_device_shows_its_status_history_newest_first(admin: TestClient) -> None:
    device = admin.get(f"/api/devices/{EAST_GATE}").json()
    assert [h["online"] for h in device["history"]] == [True, False, True]
    assert device["history"][1]["cause"] == "光缆被挖断"
    assert device["history"][0]["source"] == "diwang-status.csv"
    missing = admin.get("/api/devices/64032300001320009999")
    assert missing.status_code == 404 and "不在设备清单中" in missing.json()["detail"]


def test_online_rates_by_group_and_month(admin: TestClient) -> None:
    rates = admin.get(
        "/api/availability",
        params={"from": "2021-01-01", "to": "2021-12-31", "period": "month", "group": "地网"},
    ).json()
    assert rates["keys"][0] == "2021-01" and len(rates["keys"]) == 12
    assert set(rates["series"]) == {"全部", "地网"}
    assert 0.9 < rates["totals"]["地网"] < 1
    too_long = admin.get("/api/availability", params={"from": "2019-01-01", "to": "2021-12-31"})
    assert too_long.status_code == 400 and "期间过长" in too_long.json()["detail"]


def test_a_device_table_with_a_bad_row_is_refused_whole_with_the_row_and_column(
    clients: dict[Role, TestClient],
) -> None:
    operations = clients[Role.OPERATIONS]
    table = HEADER + "64032300001320000009,新点位,摄像机,地网,花马池镇,2021-01-01\n"
    table += "6403230000132000001,坏点位,摄像机,地网,花马池镇,2021-02-30\n"
    started = operations.post(
        "/api/devices/import", files={"file": ("点位表.csv", table.encode(), "text/csv")}
    )
    assert started.status_code == 202
    job = wait_job(operations, started.json())
    assert job["state"] == "failed" and job["message"] == "文件有误，未作任何更改"
    by_field = {p["field"]: p for p in job["problems"]}
    assert by_field["device_id（设备编码）"]["line"] == 3
    assert "应为20位数字" in by_field["device_id（设备编码）"]["message"]
    assert "无法识别的日期" in by_field["commissioned（启用日期）"]["message"]
    assert operations.get("/api/devices").json()["total"] == 26  # nothing imported


def test_a_good_device_table_is_imported_and_audited(clients: dict[Role, TestClient]) -> None:
    operations, admin = clients[Role.OPERATIONS], clients[Role.ADMIN]
    table = HEADER + f"{EAST_GATE},花马池镇东门（新）,摄像机,地网,花马池镇,2021-01-01\n"
    table += "64032300001320000009,新点位,摄像机,地网,花马池镇,2021-01-01\n"
    started = operations.post(
        "/api/devices/import", files={"file": ("点位表.csv", table.encode("gb18030"), "text/csv")}
    )
    job = wait_job(operations, started.json())
    assert job["state"] == "done" and job["message"] == "已导入2台设备：新增1台，更新1台"
    entries = admin.get("/api/audit", params={"entity": "device"}).json()["entries"]
    changed = {e["target"]: e for e in entries if e["username"] == "yun"}
    assert changed[EAST_GATE]["before"]["名称"] == "花马池镇东门"
    assert changed[EAST_GATE]["after"]["名称"] == "花马池镇东门（新）"
    assert changed["64032300001320000009"]["before"] is None


def test_a_status_history_with_an_unknown_device_is_refused(
    clients: dict[Role, TestClient],
) -> None:
    operations = clients[Role.OPERATIONS]
    csv = "device_id,time,status\n64032300001320000099,2021-05-01 10:00,OFF\n"
    started = operations.post(
        "/api/status/import", files={"file": ("状态.csv", csv.encode(), "text/csv")}
    )
    job = wait_job(operations, started.json())
    assert job["state"] == "failed"
    assert job["problems"][0]["line"] == 2 and "不在设备清单中" in job["problems"][0]["message"]


def test_maintenance_windows_are_added_and_listed(clients: dict[Role, TestClient]) -> None:
    operations = clients[Role.OPERATIONS]
    added = operations.post(
        "/api/maintenance",
        json={
            "start": "2021-03-08 14:00",
            "end": "2021-03-09 12:00",
            "reason": "光缆迁改",
            "group": "地网",
        },
    )
    assert added.status_code == 201, added.text
    listed = operations.get("/api/maintenance").json()
    assert listed[0]["reason"] == "光缆迁改" and listed[0]["who"] == "分组“地网”"
    backwards = operations.post(
        "/api/maintenance",
        json={"start": "2021-03-09", "end": "2021-03-08", "reason": "x", "group": "地网"},
    )
    assert backwards.status_code == 400 and "晚于" in backwards.json()["detail"]
    unknown = operations.post(
        "/api/maintenance",
        json={"start": "2021-03-08 14:00", "end": "2021-03-09", "reason": "x", "group": "无此组"},
    )
    assert unknown.status_code == 400 and "没有属于分组" in unknown.json()["detail"]


def test_uploads_that_are_not_tables_or_too_big_are_refused_in_chinese(
    clients: dict[Role, TestClient],
) -> None:
    operations = clients[Role.OPERATIONS]
    wrong = operations.post(
        "/api/devices/import", files={"file": ("a.pdf", b"%PDF-1.4", "application/pdf")}
    )
    assert wrong.status_code == 400 and "不支持的文件类型" in wrong.json()["detail"]
    empty = operations.post("/api/devices/import", files={"file": ("a.csv", b"", "text/csv")})
    assert empty.status_code == 400 and "是空的" in empty.json()["detail"]
    huge = b"x" * (20 * 1024 * 1024 + 1)
    big = operations.post("/api/devices/import", files={"file": ("a.csv", huge, "text/csv")})
    assert big.status_code == 400 and "过大" in big.json()["detail"]
    garbage = operations.post(
        "/api/devices/import", files={"file": ("a.xlsx", b"PK\x03\x04garbage", "application/zip")}
    )
    job = wait_job(operations, garbage.json())
    assert job["state"] == "failed" and "无法读取 Excel 文件" in job["problems"][0]["message"]


def test_the_import_page_links_the_template_whose_columns_the_importer_reads(
    clients: dict[Role, TestClient],
) -> None:
    """The template downloaded from the import page imports as it is, its 类型 word kept
    and shown on the device page (枪机, a 摄像机)."""
    import io

    from openpyxl import load_workbook

    operations = clients[Role.OPERATIONS]
    assert 'href="/devices/template.xlsx"' in operations.get("/devices/import").text
    template = operations.get("/devices/template.xlsx")
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.content))
    assert [c.value for c in book["点位表"][1]][:3] == ["设备编码", "名称", "类型"]
    assert ("枪机", "摄像机") in list(book["类型"].iter_rows(min_row=2, values_only=True))
    started = operations.post(
        "/api/devices/import", files={"file": ("点位表模板.xlsx", template.content)}
    )
    assert started.status_code == 202
    assert wait_job(operations, started.json())["state"] == "done"
    page = operations.get("/devices/51042200001320000001")
    assert "摄像机（枪机）" in page.text and "点位表写作“枪机”" in page.text
    exported = operations.get("/devices/export.xlsx")
    rows = list(load_workbook(io.BytesIO(exported.content))["点位表"].iter_rows(values_only=True))
    assert ("51042200001320000001", "枪机") in [(r[0], r[2]) for r in rows]
