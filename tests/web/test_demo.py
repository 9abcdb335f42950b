"""Demo data apart from real data: the examples only in the demo store, whose every page says
演示数据; the real store stays empty until the bureau imports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI

from jixiao.services.web_ports import Role
from jixiao.web.app import create_app
from tests.web.conftest import (
    ADMIN_PASSWORD,
    FAST_HASHER,
    client_for,
    make_settings,
    page_login,
    settled,
)

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

BANNER = 'class="demo-banner"'


def test_every_page_of_the_demo_store_carries_the_banner(
    app: FastAPI, clients: dict[Role, TestClient]
) -> None:
    assert app.state.context.first_start.loaded  # the examples, loaded at first start
    with client_for(app) as anonymous:
        assert BANNER in anonymous.get("/login").text
    viewer = clients[Role.VIEWER]
    for url in ("/", "/projects", "/devices", "/tickets", "/surveys"):
        response = viewer.get(url)
        assert response.status_code == 200, url
        assert BANNER in response.text and "演示数据" in response.text, url


def test_the_real_store_gets_no_examples_and_no_banner(tmp_path: Path) -> None:
    app = settled(create_app(make_settings(tmp_path / "data"), hasher=FAST_HASHER))
    assert app.state.context.first_start.loaded == []
    assert not (tmp_path / "data" / "demo").exists()
    with client_for(app) as web:
        page_login(web, "admin", ADMIN_PASSWORD)
        projects = web.get("/projects")
        devices = web.get("/api/devices").json()
    assert BANNER not in projects.text
    assert "盐边" not in projects.text and "盐池" not in projects.text
    assert devices["total"] == 0
