"""End-to-end fixtures: `jixiao serve` in a subprocess on a free loopback port and a temp data
directory, and Debian's Chromium driven by Playwright (no browser download: the system one).

Without /usr/bin/chromium the tests skip with the reason, and fail when CI=true.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from tests.conftest import ROOT, require_program

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ADMIN_PASSWORD = "E2e-admin-pass-1"
FIRST_PASSWORD = "E2e-first-pass-1"  # JIXIAO_ADMIN_PASSWORD: changed at the first login


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`jixiao serve --demo` on a fresh data directory (the examples loaded into the demo store
    at first start); yields its base URL."""
    port = _free_port()
    data = tmp_path_factory.mktemp("e2e") / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")}
    env |= {
        "JIXIAO_DATA_DIR": str(data),
        "JIXIAO_ADMIN_PASSWORD": FIRST_PASSWORD,
        "JIXIAO_EXAMPLES_DIR": str(ROOT / "examples"),
    }
    log = (data.parent / "serve.log").open("w")
    process = subprocess.Popen(
        # --no-sip: the SIP port (5060) may be taken by another test or bench on this machine
        [
            sys.executable,
            "-m",
            "jixiao",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-sip",
            "--demo",
        ],
        cwd=data.parent,  # nothing written into the checkout
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/login", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            log.close()
            pytest.fail("jixiao serve did not start:\n" + (data.parent / "serve.log").read_text())
        time.sleep(0.2)
    _first_login(base)
    try:
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _first_login(base: str) -> None:
    """Log in with the bootstrap password and change it to ADMIN_PASSWORD, as the first
    administrator must before anything else."""
    import http.cookiejar
    import json

    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )

    def post(path: str, body: dict[str, str], csrf: str = "") -> bytes:
        request = urllib.request.Request(
            base + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "X-CSRF-Token": csrf},
        )
        with opener.open(request, timeout=30) as response:
            data: bytes = response.read()
            return data

    opened = json.loads(post("/api/session", {"username": "admin", "password": FIRST_PASSWORD}))
    body = {"old_password": FIRST_PASSWORD, "password": ADMIN_PASSWORD}
    post("/api/session/password", body, opened["csrf_token"])


# Package scope, not session: Playwright's sync API keeps an asyncio loop running while it is
# open, and any later test calling asyncio.run() would fail with "cannot be called from a
# running event loop".
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    require_program("chromium", "chromium")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def screenshots(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the page screenshots go: `--screenshots DIR` (`make screenshots` writes
    docs/screenshots), else a temporary directory, so that `make test` changes no tracked file."""
    chosen = request.config.getoption("--screenshots")
    if chosen is None:
        return tmp_path_factory.mktemp("screenshots")
    return request.config.invocation_params.dir / str(chosen)


class Watched:
    """A page plus what went wrong in it: console errors, failed or foreign requests."""

    def __init__(self, page: Page, base: str, screenshots: Path) -> None:
        self.page, self.base, self.screenshots = page, base, screenshots
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _request(self, request: object) -> None:
        url = str(getattr(request, "url", ""))
        if not url.startswith((self.base, "data:", "blob:")):
            self.foreign.append(url)

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)

    def log_in(self, username: str = "admin", password: str = ADMIN_PASSWORD) -> None:
        self.goto("/login")
        self.page.fill("#username", username)
        self.page.fill("#password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(self.base + "/")

    def shot(self, name: str, *, full_page: bool = True) -> Path:
        self.screenshots.mkdir(parents=True, exist_ok=True)
        path = self.screenshots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


# An ordinary expected failure the browser logs for a refused request; not an app error.
EXPECTED = ("Failed to load resource: the server responded with a status of 4",)


@pytest.fixture
def web(browser: Browser, server: str, screenshots: Path) -> Iterator[Watched]:
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1400, "height": 900},
        accept_downloads=True,
    )
    context.set_default_timeout(30_000)
    watched = Watched(context.new_page(), server, screenshots)
    yield watched
    context.close()
    errors = [e for e in watched.errors if not any(x in e for x in EXPECTED)]
    assert not errors, errors
    assert not watched.foreign, f"requests to other hosts: {watched.foreign}"
