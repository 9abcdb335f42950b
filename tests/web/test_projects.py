"""Projects over the API and the pages: edits validated as project files are, re-evaluated,
audited; reports downloaded; project files imported."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jixiao.services.measures import MEASURES
from jixiao.services.web_ports import Role
from tests.web.conftest import csrf_of

YANCHI = 4  # examples load in name order; Yanchi's 2021 project is the fourth
ONLINE_RATE = 1  # its indicator 租赁视频服务在线率 (target 100%, bound: 99.86% measured)


def _project(client: TestClient, key: int = YANCHI) -> dict[str, Any]:
    response = client.get(f"/api/projects/{key}")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_the_examples_are_there_with_their_scores(admin: TestClient) -> None:
    projects = {p["name"][:2]: p for p in admin.get("/api/projects").json()}
    assert projects["盐池"]["key"] == YANCHI and projects["盐池"]["total"] == 99.38  # bound
    assert _project(admin)["indicators"][ONLINE_RATE]["score"] == 7.13


def test_editing_an_actual_rescores_the_project(clients: dict[Role, TestClient]) -> None:
    finance = clients[Role.FINANCE]
    before = _project(finance)
    response = finance.patch(
        f"/api/projects/{YANCHI}/indicators/{ONLINE_RATE}",
        json={"actual": "100%", "note": "已全部修复"},
    )
    assert response.status_code == 200, response.text
    after = response.json()
    assert after["indicators"][ONLINE_RATE]["score"] == 7.14
    assert after["total"] == round(before["total"] + 7.14 - 7.13, 2)
    assert _project(finance)["indicators"][ONLINE_RATE]["note"] == "已全部修复"


def test_an_invalid_edit_is_refused_in_chinese_and_nothing_changes(
    clients: dict[Role, TestClient],
) -> None:
    finance = clients[Role.FINANCE]
    response = finance.patch(
        f"/api/projects/{YANCHI}/indicators/{ONLINE_RATE}", json={"actual": "很好", "points": 99}
    )
    assert response.status_code == 422
    body = response.json()
    fields = [p["field"] for p in body["problems"]]
    assert "indicators[1].actual（实际完成值）" in fields
    assert "无法识别的实际完成值“很好”" in body["detail"]
    assert _project(finance)["indicators"][ONLINE_RATE]["actual"] == "99.86%"


def test_binding_an_actual_to_evidence_measures_it_from_the_store(
    clients: dict[Role, TestClient],
) -> None:
    finance = clients[Role.FINANCE]
    response = finance.patch(
        f"/api/projects/{YANCHI}/indicators/{ONLINE_RATE}",
        json={"actual": {"measure": "online_rate", "group": "地网", "period": "2021"}},
    )
    assert response.status_code == 200, response.text
    row = response.json()["indicators"][ONLINE_RATE]
    assert row["evidence"].startswith("在线率") and "分组“地网”" in row["evidence"]
    assert response.json()["bound"] == [0, ONLINE_RATE, 3, 4, 5, 6, 11]  # the measured ones


def test_funds_edits_are_validated_and_rescore_execution(clients: dict[Role, TestClient]) -> None:
    finance = clients[Role.FINANCE]
    bad = finance.patch(f"/api/projects/{YANCHI}/funds", json={"budget": "很多钱"})
    assert bad.status_code == 422 and "全年预算数" in bad.text
    good = finance.patch(f"/api/projects/{YANCHI}/funds", json={"executed": "32.319万元"})
    assert good.status_code == 200
    assert good.json()["execution"]["rate"] == 0.5
    added = finance.post(
        f"/api/projects/{YANCHI}/funds/allocations",
        json={"date": "2021-09-01", "amount": "1万元", "document": "盐财发【2021】99号"},
    )
    assert added.status_code == 201, added.text
    documents = [a["document"] for a in added.json()["funds"]["allocations"]]
    assert documents[-1] == "盐财发【2021】99号"
    last = len(documents) - 1
    removed = finance.delete(f"/api/projects/{YANCHI}/funds/allocations/{last}")
    assert [a["document"] for a in removed.json()["funds"]["allocations"]] == documents[:-1]
    missing = finance.delete(f"/api/projects/{YANCHI}/funds/allocations/99")
    assert missing.status_code == 404


def test_every_edit_is_in_the_audit_log_with_before_and_after(
    clients: dict[Role, TestClient],
) -> None:
    finance, admin = clients[Role.FINANCE], clients[Role.ADMIN]
    finance.patch(f"/api/projects/{YANCHI}/indicators/{ONLINE_RATE}", json={"actual": "98%"})
    finance.patch(f"/api/projects/{YANCHI}/funds", json={"budget": "70万元"})
    entries = admin.get("/api/audit").json()["entries"]
    indicator = next(e for e in entries if e["entity"] == "indicator")
    assert indicator["username"] == "cai"
    assert indicator["before"]["实际完成值"] == {
        "measure": "online_rate",
        "group": "地网",
        "period": "2021",
    }
    assert indicator["after"]["实际完成值"] == "98%"  # the fields in Chinese
    assert "租赁视频服务在线率" in indicator["target"]
    funds = next(e for e in entries if e["entity"] == "funds")
    assert funds["after"]["全年预算数"] == "70万元"  # amounts in 万元
    assert funds["before"]["全年预算数"] == "64.638万元"
    assert clients[Role.FINANCE].get("/api/audit").status_code == 403


def test_reports_download_as_word_excel_markdown_and_project_file(admin: TestClient) -> None:
    docx = admin.get(f"/api/projects/{YANCHI}/reports/docx")
    assert docx.status_code == 200
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in docx.headers["content-disposition"]
    assert zipfile.ZipFile(io.BytesIO(docx.content)).namelist()
    xlsx = admin.get(f"/projects/{YANCHI}/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    md = admin.get(f"/projects/{YANCHI}/report.md")
    assert "自评" in md.text
    yaml_text = admin.get(f"/api/projects/{YANCHI}/reports/yaml").text
    assert yaml_text.startswith("version: 1")


def test_a_project_file_can_be_imported_and_a_bad_one_is_refused_with_lines(
    clients: dict[Role, TestClient],
) -> None:
    finance = clients[Role.FINANCE]
    text = finance.get(f"/api/projects/{YANCHI}/reports/yaml").text.replace(
        "year: 2021", "year: 2022"
    )
    created = finance.post(
        "/api/projects", files={"file": ("新项目.yaml", text.encode(), "text/yaml")}
    )
    assert created.status_code == 201 and created.json()["replaced"] is False
    bad = text.replace("layout: mof-2020", "layout: mof-1999")
    refused = finance.post("/api/projects", files={"file": ("坏.yaml", bad.encode(), "text/yaml")})
    assert refused.status_code == 422
    problem = refused.json()["problems"][0]
    assert problem["line"] and "未知的指标体系" in problem["message"]
    wrong = finance.post(
        "/api/projects", files={"file": ("x.exe", b"MZ", "application/octet-stream")}
    )
    assert wrong.status_code == 400 and "不支持的文件类型" in wrong.json()["detail"]


def test_the_indicator_form_saves_in_place_and_updates_the_score(
    clients: dict[Role, TestClient],
) -> None:
    finance = clients[Role.FINANCE]
    form = finance.get(f"/projects/{YANCHI}/indicators/{ONLINE_RATE}/edit")
    assert form.status_code == 200 and 'name="actual"' in form.text and "online_rate" in form.text
    saved = finance.post(
        f"/projects/{YANCHI}/indicators/{ONLINE_RATE}",
        data={
            "target": "100%",
            "actual": "100%",
            "points": "7.14",
            "note": "",
            "csrf_token": csrf_of(finance),
        },
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    assert 'id="indicators"' in saved.text and f'id="indicator-{ONLINE_RATE}"' in saved.text
    assert 'id="score" hx-swap-oob="true"' in saved.text and "99.39" in saved.text


def test_the_indicator_form_shows_the_problem_beside_the_field(
    clients: dict[Role, TestClient],
) -> None:
    finance = clients[Role.FINANCE]
    refused = finance.post(
        f"/projects/{YANCHI}/indicators/{ONLINE_RATE}",
        data={
            "target": "100%",
            "actual": "很好",
            "points": "7.14",
            "note": "",
            "csrf_token": csrf_of(finance),
        },
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 422
    assert 'class="wide invalid"' in refused.text
    assert "无法识别的实际完成值“很好”" in refused.text
    assert 'value="很好"' in refused.text


def test_a_funds_form_with_a_bad_amount_comes_back_with_the_problem(
    clients: dict[Role, TestClient],
) -> None:
    finance = clients[Role.FINANCE]
    refused = finance.post(
        f"/projects/{YANCHI}/funds/payments",
        data={
            "date": "2021-13-01",
            "amount": "5万元",
            "memo": "测试",
            "csrf_token": csrf_of(finance),
        },
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 422
    assert "未保存" in refused.text and 'value="2021-13-01"' in refused.text


@pytest.mark.parametrize(
    ("actual", "problem"),
    [
        ({"measure": "online_rate", "period": "0001"}, "年份0001超出1970–2100年"),
        ({"measure": "online_rate", "period": "2021-01-01..9999-12-31"}, "年份9999超出"),
        ({"measure": "repair_time"}, "未知的证据度量“repair_time”"),
        ({"measure": "online_rate", "colour": "red"}, "不认识参数“colour”"),
    ],
)
def test_a_binding_that_cannot_be_measured_is_refused_before_it_is_stored(
    clients: dict[Role, TestClient], actual: dict[str, str], problem: str
) -> None:
    finance = clients[Role.FINANCE]
    response = finance.patch(
        f"/api/projects/{YANCHI}/indicators/{ONLINE_RATE}", json={"actual": actual}
    )
    assert response.status_code == 422, response.text
    assert problem in response.json()["detail"]
    assert _project(finance)["indicators"][ONLINE_RATE]["actual"] == "99.86%"  # as it was
    assert finance.get("/api/overview").status_code == 200


def test_a_project_that_fails_to_evaluate_leaves_the_others_listed(
    admin: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    bound = {"measure": "online_rate", "group": "地网", "period": "2021"}
    edited = admin.patch(f"/api/projects/{YANCHI}/indicators/{ONLINE_RATE}", json={"actual": bound})
    assert edited.status_code == 200, edited.text

    def broken(binding: Any) -> Any:
        raise OverflowError("date value out of range")

    online = MEASURES["online_rate"]
    monkeypatch.setitem(MEASURES, "online_rate", dataclasses.replace(online, measure=broken))
    listed = admin.get("/api/projects")
    assert listed.status_code == 200
    names = {p["key"]: p for p in listed.json()}
    assert len(names) >= 4 and names[1]["total"] > 0  # the others, scored as usual
    failed = _project(admin)
    messages = [f["message"] for f in failed["findings"]]
    assert any("计算证据时出错（OverflowError）" in m for m in messages), messages
    for page in ("/", "/projects", "/api/overview"):
        assert admin.get(page).status_code == 200, page
