"""Corrections in the browser: a wrong device deleted from its page leaves the online rate
(the web and the command line, on the same store, agree); status records and maintenance
windows corrected from their lists; only an administrator sees 已删除 and restores."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from jixiao.services.web_ports import Role
from tests.conftest import Run
from tests.web.conftest import csrf_of

EAST_GATE = "64032300001320000001"  # 地网; off 2021-03-08 14:20 → 03-09 10:05
H = 3600
MARCH = {"from": "2021-03-08", "to": "2021-03-09", "group": "地网"}


def _web_rate(client: TestClient) -> tuple[float, int]:
    found = client.get("/api/availability", params=MARCH).json()
    return found["totals"]["地网"], found["devices"]["地网"]


def _cli_rate(jixiao: Run, data_dir: Path) -> tuple[float, int]:
    result = jixiao(
        "availability", "--group", "地网", "--from", MARCH["from"], "--to", MARCH["to"], "--json",
        env={"JIXIAO_DATA_DIR": str(data_dir), "JIXIAO_DEMO": "true"},  # the app's demo store
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return round(data["online_seconds"] / data["expected_seconds"], 6), data["devices"]


def test_a_wrong_device_deleted_in_the_browser_leaves_the_rate_cli_and_web_agree(
    app: FastAPI, clients: dict[Role, TestClient], jixiao: Run, tmp_path: Path
) -> None:
    ops, admin, viewer = clients[Role.OPERATIONS], clients[Role.ADMIN], clients[Role.VIEWER]
    rate, devices = _web_rate(ops)
    # 19 地网 devices over 48 h; only 东门 was ever offline, for 19 h 45 min
    assert (rate, devices) == (round(1 - (19 * H + 45 * 60) / (19 * 48 * H), 6), 19)
    page = ops.get(f"/devices/{EAST_GATE}").text
    assert f'action="/devices/{EAST_GATE}/delete"' in page and "删除原因" in page
    assert "删除设备" not in viewer.get(f"/devices/{EAST_GATE}").text
    form = {"reason": "演示数据误入", "csrf_token": csrf_of(ops)}
    assert viewer.post(f"/devices/{EAST_GATE}/delete", data=form).status_code == 403
    assert ops.post(f"/devices/{EAST_GATE}/delete", data={**form, "reason": " "}).status_code == 400
    assert ops.post(f"/devices/{EAST_GATE}/delete", data=form).status_code == 303
    # the other 18 地网 devices were online throughout
    assert _web_rate(ops) == (1.0, 18)
    assert _cli_rate(jixiao, tmp_path / "data") == (1.0, 18)
    assert ops.get(f"/devices/{EAST_GATE}").status_code == 404
    assert ops.get("/admin/deleted").status_code == 403
    listed = admin.get("/admin/deleted").text
    assert EAST_GATE in listed and "演示数据误入" in listed and "<td>yun</td>" in listed
    (deletion,) = app.state.context.app.deleted()
    entries = admin.get("/api/audit", params={"entity": "device"}).json()["entries"]
    assert (entries[0]["action"], entries[0]["target"]) == ("delete", EAST_GATE)
    restore = f"/admin/deleted/{deletion.id}/restore"
    assert ops.post(restore, data={"csrf_token": csrf_of(ops)}).status_code == 403
    assert admin.post(restore, data={"csrf_token": csrf_of(admin)}).status_code == 303
    assert _web_rate(ops) == (rate, 19)
    assert _cli_rate(jixiao, tmp_path / "data") == (rate, 19)


def test_a_status_record_and_a_window_corrected_from_their_lists(
    clients: dict[Role, TestClient],
) -> None:
    ops = clients[Role.OPERATIONS]
    token = csrf_of(ops)
    assert f'action="/devices/{EAST_GATE}/status/delete"' in ops.get(f"/devices/{EAST_GATE}").text
    gone = {"at": "2021-03-08 14:20:00", "reason": "误报", "csrf_token": token}
    assert ops.post(f"/devices/{EAST_GATE}/status/delete", data=gone).status_code == 303
    assert _web_rate(ops) == (1.0, 19)
    window = {
        "start": "2021-03-08T14:00", "end": "2021-03-08T20:00", "reason": "光缆迁改",
        "device_id": EAST_GATE, "csrf_token": token,
    }  # fmt: skip
    assert ops.post("/devices/maintenance", data=window).status_code == 303
    listed = ops.get("/devices/maintenance").text
    assert 'action="/devices/maintenance/1/edit"' in listed
    edit = {
        "start": "2021-03-08T15:00",
        "end": "2021-03-08T20:00",
        "reason": "抢修",
        "csrf_token": token,
    }
    assert ops.post("/devices/maintenance/1/edit", data=edit).status_code == 303
    assert "抢修" in ops.get("/devices/maintenance").text
    drop = {"reason": "登记错误", "csrf_token": token}
    assert ops.post("/devices/maintenance/1/delete", data=drop).status_code == 303
    assert "抢修" not in ops.get("/devices/maintenance").text
    assert ops.post("/devices/maintenance/1/delete", data=drop).status_code == 404
