"""Each probe against a real server on loopback (or in a namespace): what answers, what fails
and why, and bad input that is a failed probe, never an exception."""

from __future__ import annotations

import asyncio
import os

import pytest

from jixiao.adapters.probes.checks import Job, icmp_privileged
from jixiao.adapters.probes.engine import Prober, run_once
from jixiao.domain.probes import Outcome, ProbeMethod, Target, parse_target
from tests.integration.probes.conftest import (
    HttpServer,
    Listener,
    NamespaceHost,
    RtspServer,
    free_port,
    need,
)
from tests.integration.probes.onvif_responder import OnvifResponder


def probe(method: ProbeMethod, target: str, **kw: object) -> Outcome:
    job = Job(1, method, parse_target(method, target), **kw)  # type: ignore[arg-type]
    return asyncio.run(run_once([job]))[0].outcome


def test_tcp_connects_and_a_closed_port_is_refused(listener: Listener) -> None:
    up = probe(ProbeMethod.TCP, f"127.0.0.1:{listener.port}")
    assert (up.ok, up.cause) == (True, "tcp ok")
    assert up.latency_ms is not None
    listener.close()
    assert probe(ProbeMethod.TCP, f"127.0.0.1:{listener.port}") == Outcome(False, "tcp refused")


def test_tcp_to_a_silent_host_times_out(namespace_host: NamespaceHost) -> None:
    namespace_host.stop()  # no ARP answer: the SYN never gets a reply
    found = probe(ProbeMethod.TCP, f"{namespace_host.address}:80", timeout_s=0.5)
    assert found.ok is False
    assert found.cause in ("tcp timeout", "tcp unreachable")


def test_http_expects_a_status(http_server: HttpServer) -> None:
    url = f"http://127.0.0.1:{http_server.port}/status"
    assert probe(ProbeMethod.HTTP, url).cause == "http 200"
    assert probe(ProbeMethod.HTTP, url, expect=204) == Outcome(False, "http 200")
    http_server.status = 503
    assert probe(ProbeMethod.HTTP, url) == Outcome(False, "http 503")
    http_server.close()
    assert probe(ProbeMethod.HTTP, url) == Outcome(False, "http refused")


def test_icmp_to_loopback_and_to_a_host_that_stops_answering(
    namespace_host: NamespaceHost,
) -> None:
    need(
        os.geteuid() == 0 or not icmp_privileged(),
        "ICMP needs root or net.ipv4.ping_group_range covering this group",
    )
    assert probe(ProbeMethod.ICMP, "127.0.0.1").cause == "icmp ok"
    assert probe(ProbeMethod.ICMP, namespace_host.address, timeout_s=1.0).cause == "icmp ok"
    namespace_host.stop()
    assert probe(ProbeMethod.ICMP, namespace_host.address, timeout_s=0.5) == Outcome(
        False, "icmp no-reply"
    )


def test_rtsp_with_digest_auth(rtsp_server: RtspServer) -> None:
    right = probe(ProbeMethod.RTSP, rtsp_server.url, username="admin", password="rtsp-pass")
    assert (right.ok, right.cause) == (True, "rtsp ok")
    wrong = probe(ProbeMethod.RTSP, rtsp_server.url, username="admin", password="wrong")
    assert wrong == Outcome(False, "rtsp 401")
    assert probe(ProbeMethod.RTSP, rtsp_server.url) == Outcome(False, "rtsp 401")
    missing = rtsp_server.url.replace("/live", "/nothing")
    assert probe(ProbeMethod.RTSP, missing, username="admin", password="rtsp-pass") == Outcome(
        False, "rtsp 404"
    )


def test_rtsp_to_something_that_is_no_rtsp_server(http_server: HttpServer) -> None:
    found = probe(ProbeMethod.RTSP, f"rtsp://127.0.0.1:{http_server.port}/live")
    assert found == Outcome(False, "rtsp malformed")


def test_onvif_with_ws_security_at_the_device_clock(onvif_server: OnvifResponder) -> None:
    right = probe(ProbeMethod.ONVIF, onvif_server.url, username="admin", password="onvif-pass")
    assert (right.ok, right.cause) == (True, "onvif ok")
    assert onvif_server.requests == ["GetSystemDateAndTime", "GetDeviceInformation"]
    wrong = probe(ProbeMethod.ONVIF, onvif_server.url, username="admin", password="nope")
    assert wrong == Outcome(False, "onvif NotAuthorized")
    assert probe(ProbeMethod.ONVIF, onvif_server.url) == Outcome(False, "onvif NotAuthorized")


def test_onvif_to_a_plain_web_server(http_server: HttpServer) -> None:
    http_server.status = 404
    found = probe(ProbeMethod.ONVIF, f"http://127.0.0.1:{http_server.port}/onvif/device_service")
    assert found.ok is False
    assert found.cause.startswith("onvif ")


@pytest.mark.parametrize(
    "method", [ProbeMethod.TCP, ProbeMethod.RTSP, ProbeMethod.ONVIF, ProbeMethod.HTTP]
)
def test_a_target_nothing_can_answer_is_a_failed_probe(method: ProbeMethod) -> None:
    # port 0 of loopback: refused or invalid locally, no name lookup, nothing leaves the host
    scheme = "rtsp" if method is ProbeMethod.RTSP else "http"
    target = Target("127.0.0.1", 0, f"{scheme}://127.0.0.1:0/")
    found = asyncio.run(run_once([Job(1, method, target, 1.0)]))[0].outcome
    assert found.ok is False
    assert found.cause.startswith(f"{method} ")


def test_many_jobs_at_bounded_concurrency_keep_their_order(listener: Listener) -> None:
    closed = free_port()
    jobs = [
        Job(i, ProbeMethod.TCP, Target("127.0.0.1", listener.port if i % 2 else closed), 1.0)
        for i in range(200)
    ]

    async def go() -> list[Outcome]:
        prober = Prober()
        try:
            return [r.outcome for r in await run_once(jobs, concurrency=16, prober=prober)]
        finally:
            await prober.close()

    found = asyncio.run(go())
    assert [o.cause for o in found] == ["tcp refused", "tcp ok"] * 100


def test_retries_within_a_round(listener: Listener) -> None:
    # a refused port stays refused: one round, 1 + 2 tries, still the failure
    listener.close()
    found = probe(ProbeMethod.TCP, f"127.0.0.1:{listener.port}", retries=2)
    assert found == Outcome(False, "tcp refused")
