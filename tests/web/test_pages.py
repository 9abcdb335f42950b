"""The pages: each renders in Chinese for the roles that may see it, refers only to assets this
server serves (the bureau's network has no internet), and carries the security headers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jixiao.services.web_ports import Role
from tests.scenario import device
from tests.web.conftest import csrf_of, with_rows_scored

PAGES = [
    "/",
    "/projects",
    "/projects/4",
    "/devices",
    "/devices?group=地网&status=online&q=门",
    "/devices/64032300001320000001",
    "/devices/rates",
    "/devices/rates?period=month&from=2021-01-01&to=2021-12-31",
    "/devices/offline",
    "/devices/import",
    "/devices/maintenance",
    "/checks",
    "/admin/users",
    "/admin/audit",
    "/admin/settings",
    "/account/password",
]
ADMIN_ONLY = {"/admin/users", "/admin/audit", "/admin/settings"}


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "action", "hx-get", "hx-post") and value:
                self.urls.append(value)


def _urls(html: str) -> list[str]:
    parser = _Assets()
    parser.feed(html)
    return parser.urls


@pytest.mark.parametrize("path", PAGES)
def test_a_page_renders_in_chinese_with_local_assets_only(admin: TestClient, path: str) -> None:
    response = admin.get(path)
    assert response.status_code == 200, response.text
    assert '<html lang="zh-CN">' in response.text
    for url in _urls(response.text):
        assert not re.match(r"^(?:[a-z]+:)?//", url, re.I), f"{path} refers to {url}"
        assert url.startswith(("/", "#", "?")), f"{path} refers to {url}"
    assert "cdn" not in response.text.lower()


def test_the_static_assets_are_served_from_the_package(anonymous: TestClient) -> None:
    page = anonymous.get("/login").text
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert "/static/vendor/htmx.min.js" in scripts
    for url in [*scripts, "/static/app.css", "/static/vendor/echarts.min.js"]:
        response = anonymous.get(url)
        assert response.status_code == 200 and len(response.content) > 1000, url
    versions = anonymous.get("/static/vendor/VERSIONS").text
    assert "echarts@6.1.0" in versions and "htmx.org@2." in versions


def test_pages_carry_a_strict_content_security_policy(admin: TestClient) -> None:
    headers = admin.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store"
    assert "<script>" not in admin.get("/").text  # no inline scripts anywhere


@pytest.mark.parametrize("role", [Role.FINANCE, Role.OPERATIONS, Role.VIEWER])
def test_other_roles_see_the_pages_but_not_administration(
    clients: dict[Role, TestClient], role: Role
) -> None:
    client = clients[role]
    for path in PAGES:
        response = client.get(path)
        if path in ADMIN_ONLY or (path == "/devices/import" and role is not Role.OPERATIONS):
            assert response.status_code == 403 and "权限不足" in response.text, path
        else:
            assert response.status_code == 200, path
    assert "系统管理" not in client.get("/").text


def test_the_dashboard_shows_projects_the_online_rate_chart_and_faults(admin: TestClient) -> None:
    page = admin.get("/").text
    assert 'id="trend-chart"' in page and "data-chart=" in page
    # the projects are named at once; each row's score arrives by its own request
    assert "盐池县公安局“地网工程”视频网络服务" in page and "正在计算得分" in page
    assert "99.38" not in page
    scored = with_rows_scored(admin, page)
    assert "正在计算得分" not in scored and "99.38" in scored
    assert "未恢复故障" in page
    # the share online now is 当前在线; 在线率 is only the rate over a period (近30天)
    assert "当前在线<" in page and "当前在线率" not in page and "近30天在线率" in page


def test_the_overview_names_the_share_online_now_apart_from_the_online_rate(
    admin: TestClient,
) -> None:
    """25 example devices in service (5 of diwang-devices.csv, the 16 communities', the 4 of
    tianwang-devices.csv), all last reported online; the old 天网 camera was decommissioned on 2021-09-01 and counts neither way."""
    overview = admin.get("/api/overview").json()
    assert (overview["in_service"], overview["online"], overview["online_now"]) == (25, 25, 1.0)
    assert "online_rate" not in overview and "trend_rate" in overview
    assert all(set(day) == {"day", "online_rate"} for day in overview["trend"])


def test_a_form_post_without_its_csrf_token_is_refused(admin: TestClient) -> None:
    del admin.headers["X-CSRF-Token"]
    response = admin.post("/admin/settings", data={"bureau_name": "某县公安局"})
    assert response.status_code == 403 and "CSRF" in response.text
    wrong = admin.post("/admin/settings", data={"bureau_name": "x", "csrf_token": "forged"})
    assert wrong.status_code == 403
    api = admin.put("/api/settings", json={"bureau_name": "x"})
    assert api.status_code == 403 and "CSRF" in api.json()["detail"]
    token = csrf_of(admin)
    ok = admin.post("/admin/settings", data={"bureau_name": "某县公安局", "csrf_token": token})
    assert ok.status_code == 200 and "某县公安局" in ok.text


def test_settings_are_validated_and_audited(admin: TestClient) -> None:
    bad = admin.put("/api/settings", json={"online_target": "120"})
    assert bad.status_code == 400 and "0–100" in bad.json()["detail"]
    assert (
        admin.put("/api/settings", json={"online_target": "97.5"}).json()["online_target"] == "97.5"
    )
    entry = admin.get("/api/audit", params={"entity": "setting"}).json()["entries"][0]
    assert entry["after"] == {"在线率目标（%）": "97.5"}


def test_unknown_pages_and_bad_parameters_answer_in_chinese(admin: TestClient) -> None:
    missing = admin.get("/no-such-page")
    assert missing.status_code == 404 and "页面不存在" in missing.text
    project = admin.get("/projects/999")
    assert project.status_code == 404 and "没有这个项目" in project.text
    row = admin.get("/projects/999/line")
    assert row.status_code == 404 and "没有这个项目" in row.text
    bad = admin.get("/projects/abc")
    assert bad.status_code == 400 and "请求参数有误" in bad.text
    api = admin.get("/api/projects/abc")
    assert api.status_code == 422 and api.json()["detail"].startswith("请求参数有误")


def test_the_login_page_redirects_only_within_the_site(anonymous: TestClient) -> None:
    form = anonymous.get("/login?next=//evil.example/")
    assert 'name="next" value="/"' in form.text


def test_the_dashboard_never_calls_a_project_without_indicators_complete(admin: TestClient) -> None:
    html = with_rows_scored(admin, admin.get("/").text)
    row = next(line for line in html.split("<tr") if "视频会议系统升级改造经费" in line)
    assert "未设三级指标" in row
    assert "产出指标、效益指标、满意度指标" in row
    assert "齐全" not in row


def test_the_device_list_labels_statuses_in_the_one_vocabulary(admin: TestClient) -> None:
    page = admin.get("/devices", params={"status": "out-of-service"}).text
    assert "老城区十字路口" in page and "花马池镇东门" not in page
    assert '<span class="st st-out-of-service">停用</span>' in page
    assert admin.get("/devices", params={"status": "never"}).status_code == 400


def test_the_overview_names_eight_open_faults_and_counts_the_rest(
    app: FastAPI, admin: TestClient
) -> None:
    """Ten cameras added that never reported: ten open faults beside the 25 online examples;
    the page names the first eight (by id: none has a last change) and counts two more, the
    API lists all ten."""
    ids = [f"640323000013900{n:03d}" for n in range(10)]
    with app.state.context.store.write() as repos:
        repos.devices.upsert([device(i, f"新点位{n}", ("地网",)) for n, i in enumerate(ids)])
    page = admin.get("/").text
    named = re.findall(r'<a href="/devices/(640323000013900\d{3})">', page)
    assert named == ids[:8]
    assert "另有 2 台…" in page
    listed = admin.get("/api/overview").json()["offline"]
    assert [x["device_id"] for x in listed] == ids


def test_a_project_row_is_scored_for_every_role_and_for_nobody_else(
    clients: dict[Role, TestClient], anonymous: TestClient
) -> None:
    for role, client in clients.items():
        row = client.get("/projects/4/line", params={"wide": "true"})
        assert row.status_code == 200 and "<strong>99.38</strong>" in row.text, role
        assert row.text.lstrip().startswith("<tr") and "<html" not in row.text
    refused = anonymous.get("/projects/4/line")
    assert refused.status_code in (303, 401) and "99.38" not in refused.text
