"""The web app factory: settings in, a FastAPI app with its own store, jobs and templates out.

Nothing lives at module level: each create_app() builds its context (the evidence store
with the web's tables, accounts, the job pool) and keeps it on app.state, so tests can make
as many apps as they like, each on its own data directory and clock.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from jixiao import __version__, bootstrap
from jixiao.adapters.passwords import argon2_hasher
from jixiao.config import Settings, load_settings
from jixiao.services.accounts import Clock, Hasher
from jixiao.web import api, errors, pages
from jixiao.web.auth import make_accounts
from jixiao.web.context import WebContext
from jixiao.web.jobs import Jobs, clean_stale_scratch
from jixiao.web.rendering import make_templates
from jixiao.web.security import SecurityHeaders
from jixiao.web.startup import first_start
from jixiao.web.uploads import MAX_FILES, BodyLimit

STATIC = Path(__file__).resolve().parent / "static"


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    hasher: Hasher | None = None,
) -> FastAPI:
    """The app on `settings` (JIXIAO_* by default); `clock` and `hasher` are test seams."""
    settings = settings or load_settings()
    clock = clock or time.time
    services = bootstrap.build(settings)
    clean_stale_scratch()  # uploads left by a server that was killed
    store = services.store
    accounts = make_accounts(settings, store, hasher or argon2_hasher(), clock)
    application = bootstrap.application(settings, clock=clock, services=services, bounded=True)
    context = WebContext(
        settings=settings,
        services=services,
        app=application,
        store=store,
        accounts=accounts,
        jobs=Jobs(clock),
        templates=make_templates(services.zone),
        clock=clock,
        first_start=first_start(settings, application, accounts),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        context.jobs.shutdown()

    app = FastAPI(
        title="jixiao 绩效自评 API",
        version=__version__,
        description="项目支出绩效自评：项目、资金、指标、设备、在线率、报告检查。"
        "登录（POST /api/session）后用会话 Cookie 访问；写操作需带 X-CSRF-Token 请求头。",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load their code from CDNs; the network has none
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.context = context
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in api.ROUTERS:
        app.include_router(router, prefix="/api")
    for router in pages.ROUTERS:
        app.include_router(router)
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=context.max_upload * MAX_FILES + 1024 * 1024)
    return app
