"""运维 pages: the 工单 list with filters, exemption requests and approvals by role, and a
contract's 考核 page on the Skynet example (loaded at first start) with its tickets."""

from __future__ import annotations

import html
import re
from pathlib import Path

from docx import Document
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from jixiao.domain.tickets import Ticket
from jixiao.services.web_ports import Role
from tests.conftest import EXAMPLES
from tests.web.conftest import csrf_of


def load_tickets(app: FastAPI) -> None:
    application = app.state.context.app
    application.import_devices(EXAMPLES / "tianwang-devices.csv", actor="test")
    application.import_status(EXAMPLES / "tianwang-status.csv", actor="test")
    application.import_tickets(EXAMPLES / "tianwang-tickets.csv", actor="test")


def rows(html: str) -> int:
    return html.split('<table id="tickets">', 1)[1].count('<td class="nowrap"><a href="/devices/')


def test_the_ticket_list_filters_and_approvals_by_role(
    app: FastAPI, clients: dict[Role, TestClient]
) -> None:
    load_tickets(app)
    admin, ops, viewer = clients[Role.ADMIN], clients[Role.OPERATIONS], clients[Role.VIEWER]
    listed = viewer.get("/tickets")
    assert listed.status_code == 200
    assert rows(listed.text) == 6 and "批准免责" not in listed.text
    assert rows(viewer.get("/tickets?state=pending").text) == 1  # December, 业主原因
    assert rows(viewer.get("/tickets?month=2021-03").text) == 2
    assert viewer.get("/tickets?month=2021-13").status_code == 400
    [pending] = [
        t for t in app.state.context.app.list_tickets() if t.exemption and not t.exemption.approved
    ]
    assert viewer.post(f"/tickets/{pending.id}/approve").status_code == 403
    assert ops.post(f"/tickets/{pending.id}/approve").status_code == 403
    assert admin.post(f"/tickets/{pending.id}/approve").status_code == 303
    assert rows(viewer.get("/tickets?state=pending").text) == 0
    assert "已批准（admin" in viewer.get("/tickets?state=approved").text
    assert admin.post(f"/tickets/{pending.id}/withdraw").status_code == 303
    assert rows(viewer.get("/tickets?state=pending").text) == 1


def test_the_ticket_list_is_paged_with_its_filters_kept(
    app: FastAPI, clients: dict[Role, TestClient]
) -> None:
    load_tickets(app)  # 6 tickets, and 55 more opened in May on one camera
    store = app.state.context.store
    with store.write() as repos:
        (key,) = repos.devices.keys(["51042200001320000004"]).values()
        may = 1_620_000_000  # 2021-05-03
        repos.tickets.add_many(
            [(key, Ticket("", may + n * 3600, verified=may + n * 3600 + 60)) for n in range(55)]
        )
    viewer = clients[Role.VIEWER]
    first = viewer.get("/tickets")
    assert "工单（61）" in first.text and "第 1 / 2 页" in first.text
    assert rows(first.text) == 50 and "下一页" in first.text
    second = viewer.get("/tickets?page=2")
    assert rows(second.text) == 11 and "上一页" in second.text
    in_may = viewer.get("/tickets?month=2021-05&page=2")
    assert "工单（55）" in in_may.text and rows(in_may.text) == 5
    assert "month=2021-05&amp;page=1" in in_may.text  # the filter is kept in the links
    assert rows(viewer.get("/tickets?page=9").text) == 11  # past the last: the last


def test_operations_request_an_exemption_inside_the_outage_only(
    app: FastAPI, clients: dict[Role, TestClient]
) -> None:
    load_tickets(app)
    ops = clients[Role.OPERATIONS]
    august = next(
        t for t in app.state.context.app.list_tickets() if t.opened and t.cause.startswith("雷击")
    )
    form = {
        "category": "不可抗力",
        "start": "2021-08-01T00:00",
        "end": "2021-08-02T00:00",
        "reason": "雷击",
    }
    assert ops.post(f"/tickets/{august.id}/exemption", data=form).status_code == 303
    outside = form | {"end": "2021-08-09T00:00"}
    refused = ops.post(f"/tickets/{august.id}/exemption", data=outside)
    assert refused.status_code == 400
    assert "免责时段超出了故障时段" in refused.text
    assert (
        clients[Role.VIEWER].post(f"/tickets/{august.id}/exemption", data=form).status_code == 403
    )


def test_the_assessment_page_of_august(app: FastAPI, clients: dict[Role, TestClient]) -> None:
    load_tickets(app)
    viewer = clients[Role.VIEWER]
    chooser = viewer.get("/assessment")
    assert chooser.status_code == 200 and "天网工程服务费" in chooser.text
    [(key, *_)] = app.state.context.app.assessed_contracts()
    month = viewer.get(f"/assessment?project={key}&contract=天网工程服务费&month=2021-08")
    assert month.status_code == 200
    # the contract's scope is 盐边天网, the 4 sample cameras (the 地网 example's 天网 camera
    # is not in it): 2808 / 2976 = 94.35 %, 0.65 points short: 0.65 × 1 % × 324 500 =
    # 2109.25 元, and one late repair 500 元
    assert "<td>94.35%</td>" in month.text
    assert "<td>0.260925</td><td>32.189075</td>" in month.text  # 2609.25 元 deducted
    assert (
        "超时修复1单。规则：2小时内响应、24小时内修复；每超时修复1单扣500元；扣500元" in month.text
    )
    year = viewer.get(f"/assessment?project={key}&contract=天网工程服务费&year=2021")
    assert (
        "<th>合计</th>" in year.text
        and "<td>389.4</td><td>0.310925</td><td>389.089075</td>" in year.text
    )


def test_the_assessment_table_downloads_as_excel(
    app: FastAPI, clients: dict[Role, TestClient], tmp_path: Path
) -> None:
    load_tickets(app)
    viewer = clients[Role.VIEWER]
    [(key, *_)] = app.state.context.app.assessed_contracts()
    page_html = viewer.get(f"/assessment?project={key}&contract=天网工程服务费&year=2021").text
    link = re.search(r'href="(/assessment\.xlsx\?[^"]+)"', page_html)
    assert link is not None
    response = viewer.get(html.unescape(link[1]))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    path = tmp_path / "考核表.xlsx"
    path.write_bytes(response.content)
    sheet = load_workbook(path).worksheets[0]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "运维考核表" in cells and "合计" in cells
    assert "甲方（采购人）签字（盖章）：" in cells and "乙方（承接单位）签字（盖章）：" in cells
    assert 3109.25 in cells and 3894000.0 in cells  # the year's deduction and fee, 元
    word_link = re.search(r'href="(/assessment\.docx\?[^"]+)"', page_html)
    assert word_link is not None
    word = viewer.get(html.unescape(word_link[1]))
    assert word.status_code == 200 and word.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    (tmp_path / "考核表.docx").write_bytes(word.content)
    [table] = Document(str(tmp_path / "考核表.docx")).tables
    assert table.rows[-2].cells[6].text == "3109.25"  # the year's deduction, 元


def test_the_contract_owner_edits_the_assessment_rules_and_it_is_audited(
    app: FastAPI, clients: dict[Role, TestClient]
) -> None:
    load_tickets(app)
    owner, ops, admin = clients[Role.OWNER], clients[Role.OPERATIONS], clients[Role.ADMIN]
    [(key, *_)] = app.state.context.app.assessed_contracts()
    august = f"/assessment?project={key}&contract=天网工程服务费&month=2021-08"
    assert "编辑考核办法" in owner.get(august).text
    assert "编辑考核办法" not in ops.get(august).text
    form = owner.get(f"/assessment/rules?project={key}&contract=天网工程服务费")
    assert form.status_code == 200
    assert 'name="target" inputmode="decimal" value="95"' in form.text
    assert ops.get(f"/assessment/rules?project={key}&contract=天网工程服务费").status_code == 403
    fields = {
        "project": str(key),
        "contract": "天网工程服务费",
        "group": "盐边天网",
        "target": "94",
        "basis": "corrected",
        "per_point": "1",
        "respond_hours": "2",
        "repair_hours": "24",
        "per_late": "800",
        "cap": "10",
    }
    bad = owner.post(
        "/assessment/rules", data={**fields, "cap": "120", "csrf_token": csrf_of(owner)}
    )
    assert bad.status_code == 400 and "扣款上限（cap）应在0%至100%之间" in bad.text
    nan = owner.post(
        "/assessment/rules", data={**fields, "per_late": "八百", "csrf_token": csrf_of(owner)}
    )
    assert nan.status_code == 400 and "每单超时扣款“八百”不是数字" in nan.text
    saved = owner.post(
        "/assessment/rules", data={**fields, "csrf_token": csrf_of(owner)}, follow_redirects=False
    )
    assert saved.status_code == 303
    # 94.35 % now meets the 94 % target; the one late repair costs 800 元
    page = owner.get(august).text
    assert "超时修复1单。规则：2小时内响应、24小时内修复；每超时修复1单扣800元；扣800元" in page
    assert "<td>0.08</td><td>32.37</td>" in page
    audit = admin.get("/admin/audit?entity=assessment").text
    assert "天网工程服务费" in audit and "每超时修复1单扣800元" in audit
    assert "每超时修复1单扣500元" in audit  # the rules before
