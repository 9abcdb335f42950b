"""A project from start to end over the pages and the API: made from a template, from last
year's and blank; its information, indicators and evidence changed; deleted; all audited."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from jixiao.services.web_ports import Role
from tests.web.conftest import csrf_of

YANCHI = 4  # examples load in name order; Yanchi's 2021 project is the fourth


def _form(client: TestClient, **values: str) -> dict[str, str]:
    return {"csrf_token": csrf_of(client), **values}


def _audit(admin: TestClient) -> dict[str, Any]:
    entry: dict[str, Any] = admin.get("/api/audit").json()["entries"][0]
    return entry


def test_a_project_made_from_the_tianwang_template_in_the_browser(
    clients: dict[Role, TestClient],
) -> None:
    finance = clients[Role.FINANCE]
    form = finance.get("/projects/new")
    assert form.status_code == 200
    assert "天网工程运维（7个指标）" in form.text and "天网（" in form.text  # a device group
    made = finance.post(
        "/projects/new",
        data=_form(
            finance,
            source="template",
            template="tianwang-om",
            group="天网",
            name="2022年天网工程运维费",
            year="2022",
            department="某县公安局",
            implementer="某县公安局",
            initial_budget="389.4",
        ),
    )
    assert made.status_code == 303, made.text
    key = int(made.headers["location"].rsplit("/", 1)[1])
    project = finance.get(f"/api/projects/{key}").json()
    assert project["project"]["name"] == "2022年天网工程运维费"
    rate = next(i for i in project["indicators"] if i["name"] == "视频监控点位在线率")
    assert rate["target"] == "≥95%"
    page = finance.get(f"/projects/{key}").text
    assert "新增指标" in page and "项目信息与年度目标" in page
    editing = finance.get(f"/projects/{key}/indicators/1/edit").text
    assert "从列表选择证据" in editing and '<option value="天网">天网（' in editing
    entry = _audit(clients[Role.ADMIN])
    assert (entry["action"], entry["entity"]) == ("create", "project")
    assert entry["after"]["来源"] == "指标模板：天网工程运维"
    assert entry["after"]["年初预算数"] == "389.4万元"


def test_a_refused_new_project_is_shown_with_its_problem_and_not_stored(
    clients: dict[Role, TestClient],
) -> None:
    finance = clients[Role.FINANCE]
    before = len(finance.get("/api/projects").json())
    # a blank project may wait for its funds (missing-budget), but not for a year that is one
    refused = finance.post(
        "/projects/new", data=_form(finance, source="blank", name="某项目", year="1800")
    )
    assert refused.status_code == 422
    assert "<li>年度：应为四位年份，如 2022</li>" in refused.text
    assert len(finance.get("/api/projects").json()) == before
    assert clients[Role.VIEWER].get("/projects/new").status_code == 403


def test_settings_indicators_and_evidence_changed_on_the_page(
    clients: dict[Role, TestClient],
) -> None:
    finance, admin = clients[Role.FINANCE], clients[Role.ADMIN]
    done = finance.post(
        f"/projects/{YANCHI}/settings",
        data=_form(finance, name="盐池县视频网络服务项目", year="2021", expected="保障在线"),
    )
    assert done.status_code == 303
    project = finance.get(f"/api/projects/{YANCHI}").json()
    assert project["project"]["name"] == "盐池县视频网络服务项目"
    assert _audit(admin)["after"] == {"名称": "盐池县视频网络服务项目", "预期目标": "保障在线"}
    count = len(project["indicators"])
    added = finance.post(
        f"/projects/{YANCHI}/indicators/new",
        data=_form(finance, level="效益指标|社会效益指标", name="群众安全感", target="≥90%"),
    )
    assert added.status_code == 303, added.text
    indicators = finance.get(f"/api/projects/{YANCHI}").json()["indicators"]
    assert len(indicators) == count + 1 and indicators[-1]["name"] == "群众安全感"
    moved = finance.post(f"/projects/{YANCHI}/indicators/{count}/move", data=_form(finance, to="0"))
    assert moved.status_code == 303
    assert finance.get(f"/api/projects/{YANCHI}").json()["indicators"][0]["name"] == "群众安全感"
    picked = finance.post(
        f"/projects/{YANCHI}/indicators/0/evidence",
        data=_form(finance, measure="online_rate", group="地网", period="2021", survey="x"),
    )
    assert picked.status_code == 303
    entry = _audit(admin)
    assert entry["after"] == {
        "实际完成值": {"measure": "online_rate", "group": "地网", "period": "2021"}
    }
    removed = finance.post(f"/projects/{YANCHI}/indicators/0/delete", data=_form(finance))
    assert removed.status_code == 303
    assert len(finance.get(f"/api/projects/{YANCHI}").json()["indicators"]) == count


def test_a_refused_indicator_is_shown_beside_the_form(clients: dict[Role, TestClient]) -> None:
    finance = clients[Role.FINANCE]
    refused = finance.post(
        f"/projects/{YANCHI}/indicators/new",
        data=_form(finance, level="产出指标|数量指标", name="某指标", target="全面提升"),
    )
    assert refused.status_code == 422
    assert re.search(r"年度指标值：.*定性", refused.text)


def test_a_project_deleted_on_the_page_needs_a_reason(clients: dict[Role, TestClient]) -> None:
    finance, admin = clients[Role.FINANCE], clients[Role.ADMIN]
    refused = finance.post(f"/projects/{YANCHI}/delete", data=_form(finance, reason=" "))
    assert refused.status_code == 422 and "请填写删除原因" in refused.text
    done = finance.post(f"/projects/{YANCHI}/delete", data=_form(finance, reason="演示数据"))
    assert done.status_code == 303 and done.headers["location"] == "/projects"
    assert finance.get(f"/projects/{YANCHI}").status_code == 404
    entry = _audit(admin)
    assert (entry["action"], entry["entity"]) == ("delete", "project")
    assert entry["before"]["原因"] == "演示数据"


def test_the_same_over_the_api(clients: dict[Role, TestClient]) -> None:
    finance = clients[Role.FINANCE]
    templates = finance.get("/api/projects/templates").json()
    assert "tianwang-om" in [t["key"] for t in templates]
    made = finance.post(
        "/api/projects/new",
        json={"source": "previous", "previous": YANCHI, "year": 2022, "initial_budget": 70},
    )
    assert made.status_code == 201, made.text
    key = made.json()["key"]
    assert made.json()["project"]["year"] == 2022
    choices = finance.get(f"/api/projects/{key}/evidence-choices").json()
    assert "online_rate" in [m[0] for m in choices["measures"]] and choices["groups"]
    patched = finance.patch(f"/api/projects/{key}", json={"department": "盐池县财政局"})
    assert patched.status_code == 200 and patched.json()["project"]["department"] == "盐池县财政局"
    count = len(patched.json()["indicators"])
    added = finance.post(
        f"/api/projects/{key}/indicators",
        json={"level1": "产出", "level2": "数量", "name": "新增点位", "target": "≥10个"},
    )
    assert added.status_code == 201 and len(added.json()["indicators"]) == count + 1
    bad = finance.post(
        f"/api/projects/{key}/indicators",
        json={"level1": "产出", "level2": "好坏", "name": "x"},
    )
    assert bad.status_code == 422 and bad.json()["problems"]
    moved = finance.post(f"/api/projects/{key}/indicators/{count}/move", json={"to": 0})
    assert moved.json()["indicators"][0]["name"] == "新增点位"
    renamed = finance.patch(f"/api/projects/{key}/indicators/0", json={"name": "新增视频点位"})
    assert renamed.json()["indicators"][0]["name"] == "新增视频点位"
    gone = finance.delete(f"/api/projects/{key}/indicators/0")
    assert len(gone.json()["indicators"]) == count
    assert finance.delete(f"/api/projects/{key}", params={"reason": "建错"}).status_code == 200
    assert finance.get(f"/api/projects/{key}").status_code == 404
