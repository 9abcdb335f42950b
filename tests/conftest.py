"""Shared test fixtures: paths to the examples, a runner for the real `jixiao` command, and
the session's PostgreSQL cluster for the storage tests (tests/stores.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.stores import postgres_cluster

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
WORKED = EXAMPLES / "worked-example-2023-tianwang-om.yaml"
SKYNET = EXAMPLES / "yanbian-2021-tianwang-om.yaml"
CONFERENCE = EXAMPLES / "yanbian-2021-video-conference.yaml"
YANCHI = EXAMPLES / "yanchi-2021-diwang-xueliang.yaml"

Run = Callable[..., subprocess.CompletedProcess[str]]


def pytest_addoption(parser: pytest.Parser) -> None:
    # Here, not in tests/e2e/conftest.py: pytest reads options only from the first conftests.
    parser.addoption(
        "--screenshots",
        metavar="DIR",
        default=None,
        help="tests/e2e: write the page screenshots into DIR (`make screenshots`: "
        "docs/screenshots); by default they go to a temporary directory",
    )


@pytest.fixture
def jixiao(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Run the installed command line as a user would, in a separate process. Its store is a
    fresh temporary one unless `env` names another: a test never writes into the checkout."""
    default_store = {"JIXIAO_DATA_DIR": str(tmp_path_factory.mktemp("store") / "data")}

    def run(
        *args: str | Path, env: dict[str, str] | None = None, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """`env` adds variables (such as JIXIAO_DATA_DIR) after every inherited JIXIAO_* is
        removed; `input`, when given, is the command's standard input."""
        env = (
            {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")}
            | default_store
            | (env or {})
        )
        return subprocess.run(
            [sys.executable, "-m", "jixiao", *map(str, args)],
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=60,
            check=False,
        )

    return run


def require_program(name: str, package: str) -> str:
    """The path of a system program a test needs; missing fails in CI and skips elsewhere."""
    import shutil

    found = shutil.which(name)
    if found is None:
        message = f"{name} is missing (Debian package {package}; `make test` installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A fresh PostgreSQL cluster for the session, started when first asked for; its admin URL."""
    with postgres_cluster() as url:
        yield url
