"""20,000 idle SIP TCP connections against `jixiao serve` (web app and platform in one process):
the web app keeps answering and the log stays small.

The server runs with the file limit a default Linux box gives (20,000), so the connections
would exhaust it without the caps (docs/gb28181.md, TCP): they come from 21 loopback
addresses, 1,000 each (the per-source cap), and each says one OPTIONS before going quiet.
Two client processes hold 10,000 each, so the test needs no raised limit of its own.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CONNECTIONS = 20_000
SOURCES = [f"127.0.0.{n}" for n in range(10, 31)]  # 21 addresses × up to 1,000
SERVER_FILES = 20_000


def _free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _options(n: int, port: int) -> bytes:
    return (
        f"OPTIONS sip:34020000002000000001@3402000000 SIP/2.0\r\n"
        f"Via: SIP/2.0/TCP 127.0.0.1:{port};branch=z9hG4bKflood{n}\r\n"
        f"From: <sip:3402000000118{n:07d}@3402000000>;tag=f{n}\r\n"
        f"To: <sip:34020000002000000001@3402000000>\r\nCall-ID: flood{n}\r\n"
        f"CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
    ).encode()


async def _hold(sources: list[str], first: int, count: int, sip: int) -> list[asyncio.StreamWriter]:
    held: list[asyncio.StreamWriter] = []
    n = first
    for source in sources:
        for _ in range(0, 1000, 250):
            if n >= first + count:
                return held
            batch = range(n, min(n + 250, first + count))
            opened = await asyncio.gather(
                *(asyncio.open_connection("127.0.0.1", sip, local_addr=(source, 0)) for _ in batch),
                return_exceptions=True,
            )
            for k, o in zip(batch, opened, strict=True):
                if isinstance(o, tuple):
                    o[1].write(_options(k, sip))
                    held.append(o[1])
            n = batch.stop
    return held


def _client(sources: list[str], first: int, count: int, sip: int, pipe: object) -> None:
    """A client process: open and hold the connections, report how many, close when told."""
    conn = pipe  # multiprocessing.connection.Connection
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    async def run() -> None:
        held = await _hold(sources, first, count, sip)
        conn.send(len(held))  # type: ignore[attr-defined]
        await asyncio.to_thread(conn.recv)  # type: ignore[attr-defined]
        for writer in held:
            writer.close()

    asyncio.run(run())


def _login_seconds(web: int) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(f"http://127.0.0.1:{web}/login", timeout=15) as response:
        assert response.status == 200
    return time.monotonic() - started


def test_twenty_thousand_idle_connections_leave_the_web_app_answering(tmp_path: Path) -> None:
    web, sip = _free_port(socket.SOCK_STREAM), _free_port(socket.SOCK_DGRAM)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")} | {
        "JIXIAO_DATA_DIR": str(tmp_path / "data"),
        "JIXIAO_SIP_PORT": str(sip),
        "JIXIAO_ADMIN_PASSWORD": "Admin-pass-1",
        "JIXIAO_LOAD_EXAMPLES": "false",
    }
    log = tmp_path / "server.log"

    def production_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (SERVER_FILES, SERVER_FILES))

    with log.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "jixiao", "serve", "--port", str(web)],
            cwd=tmp_path,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            preexec_fn=production_limit,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    before = _login_seconds(web)
                    break
                except OSError:
                    assert server.poll() is None, log.read_text(errors="replace")[-2000:]
                    assert time.monotonic() < deadline, "the web app did not start"
                    time.sleep(0.3)

            context = multiprocessing.get_context("spawn")
            clients = []
            half = CONNECTIONS // 2
            for k, sources in enumerate((SOURCES[:10], SOURCES[10:])):
                ours, theirs = context.Pipe()
                process = context.Process(
                    target=_client, args=(sources, k * half, half, sip, theirs), daemon=True
                )
                process.start()
                clients.append((process, ours))
            try:
                held = 0
                for _, pipe in clients:
                    assert pipe.poll(240), "a client did not open its connections"
                    held += pipe.recv()
                time.sleep(2)  # let the platform read and answer what it admitted
                during = _login_seconds(web)
            finally:
                for process, pipe in clients:
                    pipe.send("close")
                    process.join(60)
            assert server.poll() is None, "the server died"
            after = _login_seconds(web)
        finally:
            server.terminate()
            server.wait(timeout=60)
    size = log.stat().st_size
    print(
        f"{held} connections opened; /login in {before:.2f}s before, {during:.2f}s during, "
        f"{after:.2f}s after; server log {size} bytes"
    )
    assert held >= CONNECTIONS * 0.95  # the kernel accepted them; the platform chose
    assert during < 10
    assert size < 1_000_000, "the log grew with the flood"
