"""Stores for the storage tests: a throwaway PostgreSQL cluster, empty databases in it or in
SQLite files, and the stores opened on them.

The cluster is started once per session with Debian's binaries (initdb + pg_ctl on a free
loopback port, socket directory in a temp dir) and stopped at the end. PostgreSQL refuses
to run as root, so as root the binaries run as the `postgres` user. Without the binaries
the PostgreSQL half is skipped on a developer machine and fails when CI=true.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

_counter = itertools.count()


def _pg_bin() -> Path | None:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name)
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """A fresh PostgreSQL cluster; yields its admin URL (the `postgres_server` fixture)."""
    bindir = _pg_bin()
    if bindir is None:
        reason = "PostgreSQL binaries (initdb, pg_ctl) not found; install Debian's postgresql"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true: the PostgreSQL half of the storage tests must run)")
        pytest.skip(reason)
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    user = "postgres"
    base = Path(tempfile.mkdtemp(prefix="jixiao-pg-"))
    if as_root:
        shutil.chown(base, "postgres")
    data, log, port = base / "data", base / "server.log", _free_port()

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    try:
        run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            user,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
        )
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
    except subprocess.CalledProcessError as error:
        shutil.rmtree(base, ignore_errors=True)
        detail = error.stderr.decode(errors="replace") if error.stderr else ""
        pytest.fail(f"could not start PostgreSQL: {detail}")
    try:
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def empty_database(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a temp SQLite file, or a new database in the session's
    PostgreSQL cluster (dropped afterwards)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'jixiao.sqlite3'}"
        return
    assert backend == "postgresql", backend
    admin_url = request.getfixturevalue("postgres_server")
    name = f"jixiao_test_{os.getpid()}_{next(_counter)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
