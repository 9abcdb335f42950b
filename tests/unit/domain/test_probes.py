"""Probe targets, flap damping and the status-source rule (domain/probes.py)."""

from __future__ import annotations

import pytest

from jixiao.domain.probes import (
    Outcome,
    ProbeError,
    ProbeMethod,
    StatusSource,
    Tally,
    Target,
    Timing,
    combined,
    parse_method,
    parse_target,
    step,
)

OK, FAIL = Outcome(True, "tcp ok"), Outcome(False, "tcp timeout")
DAMPING = Timing(down_after=3, up_after=2)


def run(outcomes: list[Outcome], tally: Tally | None = None) -> list[bool | None]:
    """The verdict change after each round."""
    flips = []
    tally = tally or Tally()
    for outcome in outcomes:
        tally, flip = step(tally, outcome, DAMPING)
        flips.append(flip)
    return flips


def test_the_first_result_sets_the_status_at_once() -> None:
    assert run([FAIL]) == [False]
    assert run([OK]) == [True]


def test_down_after_three_failures_in_a_row_and_up_after_two_successes() -> None:
    rounds = [OK, FAIL, FAIL, OK, FAIL, FAIL, FAIL, FAIL, OK, FAIL, OK, OK, OK]
    assert run(rounds) == [
        True,  # first result
        None,
        None,
        None,  # a success breaks the run of failures
        None,
        None,
        False,  # third failure in a row
        None,
        None,
        None,  # a failure breaks the run of successes
        None,
        True,  # second success in a row
        None,
    ]


def test_a_tally_carries_over_between_rounds() -> None:
    tally, _ = step(Tally(True, 2, 0), FAIL, DAMPING)
    assert tally == Tally(False, 3, 0)
    tally, flip = step(Tally(False, 5, 0), OK, DAMPING)
    assert (tally, flip) == (Tally(False, 0, 1), None)


@pytest.mark.parametrize(
    ("source", "probe", "signalling", "want"),
    [
        (StatusSource.PROBE, False, True, False),
        (StatusSource.PROBE, True, None, True),
        (StatusSource.GB28181, False, True, True),
        (StatusSource.GB28181, True, None, None),
        (StatusSource.BOTH, False, True, False),  # keepalive but stream refused: offline
        (StatusSource.BOTH, True, False, False),  # stream answers, signalling lapsed: offline
        (StatusSource.BOTH, True, True, True),
        (StatusSource.BOTH, True, None, True),  # never registered: the probe alone
        (StatusSource.BOTH, None, None, None),
    ],
)
def test_status_sources(
    source: StatusSource, probe: bool | None, signalling: bool | None, want: bool | None
) -> None:
    assert combined(source, probe, signalling) is want


def test_targets_as_written_in_a_device_table() -> None:
    assert parse_target(ProbeMethod.TCP, "10.1.2.3:8000") == Target("10.1.2.3", 8000)
    assert parse_target(ProbeMethod.ICMP, "", fallback_ip="10.1.2.3") == Target("10.1.2.3", 0)
    assert parse_target(ProbeMethod.RTSP, "rtsp://admin:pa%3Ass@10.1.2.3/Streaming/101") == Target(
        "10.1.2.3", 554, "rtsp://10.1.2.3/Streaming/101", "admin", "pa%3Ass"
    )
    assert parse_target(ProbeMethod.ONVIF, "10.1.2.3:8080") == Target(
        "10.1.2.3", 8080, "http://10.1.2.3:8080/onvif/device_service"
    )
    assert parse_target(ProbeMethod.HTTP, "https://cam.example/status?x=1") == Target(
        "cam.example", 443, "https://cam.example/status?x=1"
    )


@pytest.mark.parametrize(
    ("method", "written", "message"),
    [
        (ProbeMethod.TCP, "10.1.2.3", "应为 主机:端口"),
        (ProbeMethod.TCP, "10.1.2.3:70000", "端口“70000”应为1–65535"),
        (ProbeMethod.TCP, "bad host!:80", "不是 IP 地址或主机名"),
        (ProbeMethod.TCP, "10.1.2.256:80", "主机“10.1.2.256”不是 IP 地址或主机名"),
        (ProbeMethod.RTSP, "10.1.2.3/live", "应为码流地址"),
        (ProbeMethod.HTTP, "ftp://10.1.2.3/", "应以 http:// 或 https:// 开头"),
        (ProbeMethod.HTTP, "http://[::1/", "不是有效的地址"),
        (ProbeMethod.ICMP, "", "没有探测地址"),
    ],
)
def test_malformed_targets_are_refused_in_words(
    method: ProbeMethod, written: str, message: str
) -> None:
    with pytest.raises(ProbeError, match=message):
        parse_target(method, written)


def test_methods_and_timings() -> None:
    assert parse_method(" RTSP ") is ProbeMethod.RTSP
    with pytest.raises(ProbeError, match="应为 icmp、tcp、rtsp、onvif、http"):
        parse_method("snmp")
    with pytest.raises(ProbeError, match="探测间隔5秒"):
        Timing(interval_s=5)
    assert Outcome(False, "rtsp 401").status_cause == "probe:rtsp 401"
