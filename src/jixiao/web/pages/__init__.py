"""Server-rendered pages (Chinese UI), one module per page; none is in the OpenAPI document."""

from __future__ import annotations

from fastapi import APIRouter

from jixiao.web.pages import (
    admin,
    checks,
    corrections,
    cycle,
    dashboard,
    device_files,
    devices,
    documents,
    jobs,
    login,
    om,
    om_lists,
    project_archive,
    project_edits,
    project_setup,
    projects,
    recordings,
    reports,
    surveys,
)

ROUTERS: list[APIRouter] = [
    login.router,
    dashboard.router,
    reports.router,
    cycle.router,
    project_setup.router,  # before projects: /projects/new is not a key
    project_archive.router,  # before projects: /projects/archived is not a key
    projects.router,
    project_edits.router,
    corrections.router,  # before devices: /devices/{id} would take its paths
    om_lists.router,  # before devices: /devices/{id} would take its paths
    device_files.router,  # likewise
    devices.router,
    recordings.router,
    om.router,
    checks.router,
    jobs.router,
    admin.router,
    surveys.router,
    documents.router,
]
