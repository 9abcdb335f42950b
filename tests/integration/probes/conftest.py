"""Real servers the probe tests aim at, all on 127.0.0.1 or in a network namespace the tests
create: a TCP listener, an HTTP server, an ONVIF responder (onvif_responder.py), GStreamer's
RTSP server run by the system python3 (rtsp_server.py) and a host in its own namespace
that can stop answering pings. A system part that is missing fails the test when CI=true
and skips it with the reason otherwise."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.integration.probes.onvif_responder import OnvifResponder

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"
RTSP_PACKAGES = (
    "gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp gstreamer1.0-plugins-base "
    "gstreamer1.0-plugins-good python3-gi"
)


def need(ok: bool, reason: str) -> None:
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI=true: `make test` installs it)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Listener:
    """A TCP port on 127.0.0.1 that accepts (and at once closes) connections until closed."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(512)
        self.port = int(self.sock.getsockname()[1])
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.close()

    def close(self) -> None:
        """The port closes: connecting is refused from now on."""
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self._thread.join(timeout=2)

    def reopen(self) -> None:
        port = self.port
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(512)
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


class HttpServer:
    """An HTTP server answering GET with `status` (changeable while it runs)."""

    def __init__(self) -> None:
        self.status = 200
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(server.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def http_server() -> Iterator[HttpServer]:
    server = HttpServer()
    yield server
    server.close()


@pytest.fixture
def onvif_server() -> Iterator[OnvifResponder]:
    server = OnvifResponder("admin", "onvif-pass")
    yield server
    server.close()


class RtspServer:
    """gst-rtsp-server in its own process: rtsp://127.0.0.1:PORT/live, digest auth."""

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self.port = free_port()
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, str(HERE / "rtsp_server.py"), str(self.port), user, password],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("ready"):
            self.close()
            raise RuntimeError(f"RTSP server did not start: {line!r}")

    @property
    def url(self) -> str:
        return f"rtsp://127.0.0.1:{self.port}/live"

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def _gst_rtsp_available() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    check = (
        "import gi; gi.require_version('GstRtspServer', '1.0'); "
        "from gi.repository import Gst, GstRtspServer; Gst.init(None); "
        "assert Gst.ElementFactory.find('videotestsrc') and Gst.ElementFactory.find('rtpvrawpay')"
    )
    done = subprocess.run([SYSTEM_PYTHON, "-c", check], capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture(scope="session")
def gst_rtsp() -> bool:
    return _gst_rtsp_available()


@pytest.fixture
def rtsp_server(gst_rtsp: bool) -> Iterator[RtspServer]:
    need(gst_rtsp, f"GStreamer's RTSP server is missing (Debian packages {RTSP_PACKAGES})")
    server = RtspServer("admin", "rtsp-pass")
    yield server
    server.close()


class NamespaceHost:
    """A host in a network namespace of its own, reached over a veth pair from this one on
    198.18.x.0/30 (RFC 2544's benchmarking range, in no fixture and on no real network).
    `stop()` takes its interface down: it stops answering pings, as a host that lost power."""

    def __init__(self) -> None:
        tag = uuid.uuid4().hex[:6]
        self.name = f"jxp-{tag}"
        self.outer, self.inner = f"jxo{tag}", f"jxi{tag}"
        octet = int(tag[:2], 16) % 250 + 1
        self.address = f"198.18.{octet}.2"
        self.local = f"198.18.{octet}.1"
        self._ip("netns", "add", self.name)
        try:
            self._ip("link", "add", self.outer, "type", "veth", "peer", "name", self.inner)
            self._ip("link", "set", self.inner, "netns", self.name)
            self._ip("addr", "add", f"{self.local}/30", "dev", self.outer)
            self._ip("link", "set", self.outer, "up")
            self._inside("addr", "add", f"{self.address}/30", "dev", self.inner)
            self.start()
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _ip(*args: str) -> None:
        subprocess.run(["ip", *args], check=True, capture_output=True)

    def _inside(self, *args: str) -> None:
        self._ip("netns", "exec", self.name, "ip", *args)

    def start(self) -> None:
        """Its interface up, and ready: carrier on both ends, the stale neighbour forgotten."""
        self._inside("link", "set", self.inner, "up")
        subprocess.run(
            ["ip", "neigh", "flush", "dev", self.outer], capture_output=True, check=False
        )
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            shown = subprocess.run(
                ["ip", "-o", "link", "show", self.outer],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            if "state UP" in shown:
                return
            time.sleep(0.05)

    def stop(self) -> None:
        self._inside("link", "set", self.inner, "down")

    def close(self) -> None:
        subprocess.run(["ip", "link", "del", self.outer], capture_output=True, check=False)
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True, check=False)


def _netns_available() -> bool:
    if os.geteuid() != 0 or (not Path("/usr/sbin/ip").exists() and not Path("/sbin/ip").exists()):
        return False
    name = f"jxp-check-{uuid.uuid4().hex[:6]}"
    done = subprocess.run(["ip", "netns", "add", name], capture_output=True, check=False)
    subprocess.run(["ip", "netns", "del", name], capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture
def namespace_host() -> Iterator[NamespaceHost]:
    need(_netns_available(), "network namespaces need root and iproute2 (`ip netns`)")
    host = NamespaceHost()
    yield host
    host.close()
