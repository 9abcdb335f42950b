"""The year's cycle pages: departments by year, a department's projects and their states, a
project's mid-year monitoring and its years."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.testclient import TestClient

from jixiao.services.web_ports import Role
from tests.web.conftest import csrf_of

SKYNET = 2  # examples load in name order: worked example, Skynet, video conference, Yanchi
YANBIAN = "盐边县公安局"


def test_departments_are_listed_by_year(admin: TestClient) -> None:
    page = admin.get("/departments?year=2021")
    assert page.status_code == 200
    assert YANBIAN in page.text and "盐池县公安局" in page.text
    assert "某县公安局" not in page.text  # the worked example is 2023
    assert 'option value="2023"' in page.text and 'option value="2021" selected' in page.text
    assert admin.get("/departments?year=1800").status_code in (400, 422)


def test_a_departments_projects_show_their_three_states(clients: dict[Role, TestClient]) -> None:
    viewer = clients[Role.VIEWER]
    page = viewer.get(f"/departments/{quote(YANBIAN)}?year=2021")
    assert page.status_code == 200
    assert "公安智能安全暨数字化综合管理系统运维费" in page.text
    assert "视频会议系统升级改造经费" in page.text
    assert "自评" in page.text  # the tests' clock is in 2023: 2021 has ended
    # 34.99: the Skynet example with the sample tickets loaded at first start (12.14 without)
    assert "34.99" in page.text and "10.00" in page.text
    assert "2021-12-31" in page.text  # monitored to the end of its year


def test_a_projects_monitoring_at_a_date(admin: TestClient) -> None:
    page = admin.get(f"/projects/{SKYNET}/monitor?as_of=2021-07-31")
    assert page.status_code == 200
    assert "截至2021-07-31" in page.text
    assert "预算执行进度预警：截至6月底应执行40%，实际执行0%" in page.text
    assert "2021年 100" in page.text  # the payment dated to the year only, not counted
    bad = admin.get(f"/projects/{SKYNET}/monitor?as_of=2021-02-30")
    assert bad.status_code == 400 and "无法识别的日期" in bad.text


def test_the_projects_list_filters_by_year_and_a_project_shows_its_years(
    clients: dict[Role, TestClient],
) -> None:
    admin = clients[Role.ADMIN]
    only = admin.get("/projects?year=2023").text
    assert "2023年天网工程运维经费" in only and "盐边" not in only
    text = admin.get(f"/api/projects/{SKYNET}/reports/yaml").text.replace(
        "year: 2021", "year: 2022"
    )
    finance = clients[Role.FINANCE]
    created = finance.post(
        "/api/projects",
        files={"file": ("2022.yaml", text.encode(), "text/yaml")},
        headers={"X-CSRF-Token": csrf_of(finance)},
    )
    assert created.status_code == 201, created.text
    page = admin.get(f"/projects/{SKYNET}").text
    assert 'id="years"' in page and f'href="/projects/{created.json()["key"]}">2022' in page
