"""The REST API under /api, one module per resource; OpenAPI at /api/openapi.json."""

from __future__ import annotations

from fastapi import APIRouter

from jixiao.web.api import (
    audit,
    checks,
    devices,
    documents,
    jobs,
    maintenance,
    overview,
    project_setup,
    projects,
    reports,
    session,
    settings,
    users,
)

ROUTERS: list[APIRouter] = [
    session.router,
    overview.router,
    project_setup.router,  # before projects: /projects/templates is not a key
    projects.router,
    documents.router,
    reports.router,
    devices.router,
    maintenance.router,
    checks.router,
    jobs.router,
    users.router,
    audit.router,
    settings.router,
]
