"""归档 over the pages: a project archived with a reason leaves the list, is read-only, is
listed apart, and only an administrator restores it; each step in the audit log."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from jixiao.services.web_ports import Role
from tests.web.conftest import csrf_of

YANCHI = 4  # examples load in name order; Yanchi's 2021 project is the fourth
TITLE = "盐池县2021年地网租赁及“雪亮工程”网络安全升级项目（2021）"


def _form(client: TestClient, **values: str) -> dict[str, str]:
    return {"csrf_token": csrf_of(client), **values}


def _audit(admin: TestClient) -> dict[str, Any]:
    entry: dict[str, Any] = admin.get("/api/audit").json()["entries"][0]
    return entry


def test_a_project_archived_leaves_the_list_is_read_only_and_an_admin_restores_it(
    clients: dict[Role, TestClient],
) -> None:
    finance, viewer, admin = clients[Role.FINANCE], clients[Role.VIEWER], clients[Role.ADMIN]
    name = finance.get(f"/api/projects/{YANCHI}").json()["project"]["name"]
    assert f'/projects/{YANCHI}"' in finance.get("/projects").text
    refused = finance.post(f"/projects/{YANCHI}/archive", data=_form(finance, reason=" "))
    assert refused.status_code == 422 and "请填写归档原因" in refused.text
    assert (
        viewer.post(f"/projects/{YANCHI}/archive", data=_form(viewer, reason="x")).status_code
        == 403
    )
    done = finance.post(f"/projects/{YANCHI}/archive", data=_form(finance, reason="项目已结束"))
    assert done.status_code == 303 and done.headers["location"] == "/projects/archived"
    entry = _audit(admin)
    assert (entry["action"], entry["entity"], entry["after"]) == (
        "archive",
        "project",
        {"原因": "项目已结束"},
    )

    listing = finance.get("/projects")
    assert f'/projects/{YANCHI}"' not in listing.text and "已归档项目" in listing.text
    assert name not in [p["name"] for p in finance.get("/api/projects").json()]
    archived = viewer.get("/projects/archived")
    assert archived.status_code == 200 and name in archived.text and "项目已结束" in archived.text
    assert "恢复</button>" not in archived.text  # a viewer may look, not restore
    page = finance.get(f"/projects/{YANCHI}")  # still there to read and report
    assert page.status_code == 200 and "已归档" in page.text
    edit = finance.post(f"/projects/{YANCHI}/indicators/0/delete", data=_form(finance))
    assert edit.status_code == 400 and "已归档，只读" in edit.text

    for role in (Role.FINANCE, Role.OPERATIONS, Role.OWNER, Role.VIEWER):
        client = clients[role]
        assert client.post(f"/projects/{YANCHI}/restore", data=_form(client)).status_code == 403
    assert "恢复</button>" in admin.get("/projects/archived").text
    restored = admin.post(f"/projects/{YANCHI}/restore", data=_form(admin))
    assert restored.status_code == 303 and restored.headers["location"] == f"/projects/{YANCHI}"
    assert _audit(admin)["action"] == "restore"
    assert name in [p["name"] for p in finance.get("/api/projects").json()]
