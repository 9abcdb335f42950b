"""Property tests of the REST API from its own OpenAPI document (schemathesis, in process):
whatever an authenticated administrator sends, the API answers without a server error, and
the background jobs those requests start end without an internal error either."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from fastapi import FastAPI
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans

from jixiao.services.accounts import Opened
from jixiao.services.web_ports import Role
from jixiao.web.app import create_app
from tests.web.conftest import ADMIN_PASSWORD, FAST_HASHER, make_settings, settled

# ~35 operations; bounded so the whole run takes about a minute on two cores.
EXAMPLES = 50
CALLS: dict[str, int] = {}


class Admin:
    """An administrator's session for the generated requests, reopened when a case ends it."""

    def __init__(self, app: FastAPI) -> None:
        self.context = app.state.context
        self.opened: Opened | None = None

    def session(self) -> Opened:
        accounts = self.context.accounts
        if self.opened is None or accounts.current(self.opened.token) is None:
            with accounts.store.write() as repos:
                found = repos.users.by_name("admin")
                assert found is not None
                # a generated PATCH /api/users/{id} may have reset, demoted or disabled it
                repos.users.update(
                    found[0].id,
                    failed_logins=0,
                    locked_until=None,
                    active=True,
                    role="admin",
                    must_change_password=False,
                    password_hash=FAST_HASHER.hash(ADMIN_PASSWORD),
                )
            self.opened = accounts.log_in("admin", ADMIN_PASSWORD)
        return self.opened


# The schema is loaded when the module is collected (schemathesis' lazy `from_fixture` does not
# run on pytest 9), so the app is made here, on its own temporary data directory.
_DATA = Path(tempfile.mkdtemp(prefix="jixiao-schemathesis-"))
APP = settled(create_app(make_settings(_DATA / "data", demo=True), hasher=FAST_HASHER))
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@pytest.fixture(scope="module")
def api_app() -> Iterator[FastAPI]:
    yield APP
    shutdown_lifespans()
    shutil.rmtree(_DATA, ignore_errors=True)


@pytest.fixture(scope="module")
def admin_session(api_app: FastAPI) -> Admin:
    return Admin(api_app)


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    derandomize=True,
)
def test_the_api_answers_anything_without_a_server_error(case: Any, admin_session: Admin) -> None:
    opened = admin_session.session()
    response = case.call(
        headers={"X-CSRF-Token": opened.csrf_token},
        cookies={"jixiao_session": opened.token},
    )
    operation = f"{case.operation.method.upper()} {case.operation.path}"
    CALLS[operation] = CALLS.get(operation, 0) + 1
    case.validate_response(response, checks=[not_a_server_error])


def test_no_job_the_generated_requests_started_ended_in_an_internal_error(api_app: FastAPI) -> None:
    jobs = api_app.state.context.jobs
    deadline = time.monotonic() + 180
    while any(j.state.value == "running" for j in jobs._jobs.values()):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    print(f"schemathesis: {sum(CALLS.values())} requests over {len(CALLS)} operations")
    failed = [j for j in jobs._jobs.values() if j.message.startswith("内部错误")]
    assert not failed, [(j.kind, j.title) for j in failed]
    assert Role.ADMIN  # the session's role was never taken away for good


def test_the_openapi_document_is_served_and_lists_every_resource(api_app: FastAPI) -> None:
    paths = set(api_app.openapi()["paths"])
    for wanted in (
        "/api/projects",
        "/api/devices",
        "/api/checks",
        "/api/jobs/{job_id}",
        "/api/users",
    ):
        assert wanted in paths
    assert not any(p.startswith(("/projects", "/devices", "/login")) for p in paths)
