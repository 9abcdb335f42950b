"""Active probes (主动探测): what a probe is, how its results become status changes.

A device that is not on GB/T 28181 (a leased 地网 camera, a community camera reached over RTSP
or ONVIF, an encoder, a switch) learns its status from a probe: ICMP echo, TCP connect, RTSP
OPTIONS + DESCRIBE, ONVIF GetSystemDateAndTime + GetDeviceInformation, or HTTP(S) GET. One
failed probe is not an outage: a device is declared down after `down_after` failures in a row
and up again after `up_after` successes in a row (flap damping, `step`); the first result of a
device with no status yet sets it at once. `combined` is the rule when a device has both
GB/T 28181 signalling and a probe (docs/probes.md).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from urllib.parse import urlsplit

from jixiao.domain.errors import DomainError


class ProbeError(DomainError):
    """A probe that cannot be set up as written (method, target, numbers)."""


class ProbeMethod(StrEnum):
    ICMP = "icmp"
    TCP = "tcp"
    RTSP = "rtsp"
    ONVIF = "onvif"
    HTTP = "http"


METHOD_FORMS = "icmp、tcp、rtsp、onvif、http"


class StatusSource(StrEnum):
    """Where a device's status comes from (状态来源)."""

    GB28181 = "gb28181"
    PROBE = "probe"
    BOTH = "both"


SOURCE_LABELS: dict[StatusSource, str] = {
    StatusSource.GB28181: "GB/T 28181 信令",
    StatusSource.PROBE: "主动探测",
    StatusSource.BOTH: "信令与探测（任一离线即离线）",
}
CAUSE_PREFIX = "probe:"
DEFAULT_PORTS = {ProbeMethod.RTSP: 554, ProbeMethod.ONVIF: 80, ProbeMethod.HTTP: 80}
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")


def parse_method(text: str) -> ProbeMethod:
    try:
        return ProbeMethod(text.strip().lower())
    except ValueError:
        raise ProbeError(f"无法识别的探测方式“{text}”；应为 {METHOD_FORMS}") from None


def parse_source(text: str) -> StatusSource:
    try:
        return StatusSource(text.strip().lower())
    except ValueError:
        raise ProbeError(f"无法识别的状态来源“{text}”；应为 gb28181、probe 或 both") from None


_IPV4 = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")


def _host(text: str, written: str) -> str:
    host = text.strip("[]")
    quad = _IPV4.match(host)
    if quad and all(int(x) <= 255 and (x == "0" or not x.startswith("0")) for x in quad.groups()):
        return host  # the common case, without ipaddress's slower parse
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if not _HOST.match(host) or ".." in host or host.replace(".", "").isdigit():
        raise ProbeError(f"探测地址“{written}”中的主机“{text}”不是 IP 地址或主机名")
    return host


def _port(text: str, written: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ProbeError(f"探测地址“{written}”中的端口“{text}”应为1–65535的整数")
    return int(text)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a probe goes: host, port (0 for ICMP) and, for URL methods, the URL without
    credentials; `username`/`password` are those written into a URL (rtsp://user:pass@…)."""

    host: str
    port: int
    url: str = ""
    username: str = ""
    password: str = ""


def parse_target(method: ProbeMethod, written: str, *, fallback_ip: str = "") -> Target:
    """The target of `method` as written in the 点位表 (empty: the device's own IP);
    ProbeError saying what is wrong."""
    text = written.strip() or fallback_ip.strip()
    if not text:
        raise ProbeError("没有探测地址，设备也没有 IP")
    if method is ProbeMethod.ICMP:
        return Target(_host(text, text), 0)
    if method is ProbeMethod.TCP:
        host, sep, written_port = text.rpartition(":")
        if not sep or not host:
            raise ProbeError(f"TCP 探测地址“{text}”应为 主机:端口，如 10.1.2.3:80")
        return Target(_host(host, text), _port(written_port, text))
    schemes = {
        ProbeMethod.RTSP: ("rtsp",),
        ProbeMethod.ONVIF: ("http", "https"),
        ProbeMethod.HTTP: ("http", "https"),
    }[method]
    if "://" not in text:
        if method is ProbeMethod.RTSP:
            raise ProbeError(
                f"RTSP 探测地址“{text}”应为码流地址，如 rtsp://10.1.2.3:554/Streaming/Channels/101"
            )
        text = f"http://{text}" + ("/onvif/device_service" if method is ProbeMethod.ONVIF else "/")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ProbeError(f"探测地址“{text}”不是有效的地址") from None
    if parts.scheme not in schemes or not parts.hostname:
        raise ProbeError(f"探测地址“{text}”应以 {' 或 '.join(s + '://' for s in schemes)} 开头")
    host = _host(parts.hostname, text)
    if port is None:
        port = 443 if parts.scheme == "https" else DEFAULT_PORTS[method]
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    path = parts.path or "/"
    url = f"{parts.scheme}://{netloc}{path}" + (f"?{parts.query}" if parts.query else "")
    return Target(host, port, url, parts.username or "", parts.password or "")


@dataclass(frozen=True, slots=True)
class Timing:
    """How often and how patiently a device is probed, and its damping."""

    interval_s: int = 300
    timeout_s: float = 5.0
    retries: int = 1  # extra attempts within one round before the round counts as a failure
    down_after: int = 3  # N
    up_after: int = 2  # M

    def __post_init__(self) -> None:
        if not 10 <= self.interval_s <= 86_400:
            raise ProbeError(f"探测间隔{self.interval_s}秒应在10–86400秒之间")
        if not 0.1 <= self.timeout_s <= 60:
            raise ProbeError(f"探测超时{self.timeout_s}秒应在0.1–60秒之间")
        if not 0 <= self.retries <= 5:
            raise ProbeError(f"重试次数{self.retries}应在0–5之间")
        if not (1 <= self.down_after <= 20 and 1 <= self.up_after <= 20):
            raise ProbeError("连续失败/成功次数应在1–20之间")


@dataclass(frozen=True, slots=True)
class Outcome:
    """One round's result: ok, and why not (`rtsp 401`, `tcp timeout`, `icmp no-reply`)."""

    ok: bool
    cause: str = ""
    latency_ms: float | None = None

    @property
    def status_cause(self) -> str:
        """The cause a status change records: `probe:rtsp 401`, `probe:tcp ok`."""
        return CAUSE_PREFIX + self.cause


@dataclass(frozen=True, slots=True)
class Tally:
    """What damping remembers of a device: the probe's verdict (None: none yet), the run of
    failures or successes since, and the last round's outcome."""

    up: bool | None = None
    failures: int = 0
    successes: int = 0


def step(tally: Tally, outcome: Outcome, timing: Timing) -> tuple[Tally, bool | None]:
    """The tally after one more round, and the verdict that changed (None: no change).

    The first result of a device with no verdict sets it at once; after that, down after
    `down_after` failures in a row, up after `up_after` successes in a row.
    """
    if outcome.ok:
        counted = Tally(tally.up, 0, tally.successes + 1)
        flip = tally.up is None or (tally.up is False and counted.successes >= timing.up_after)
        if flip:
            return replace(counted, up=True), True
        return counted, None
    counted = Tally(tally.up, tally.failures + 1, 0)
    flip = tally.up is None or (tally.up is True and counted.failures >= timing.down_after)
    if flip:
        return replace(counted, up=False), False
    return counted, None


def combined(
    source: StatusSource, probe_up: bool | None, signalling_up: bool | None
) -> bool | None:
    """The status a device should have now from its sources (None: nothing to say).

    gb28181: the signalling alone (a probe is shown, never recorded as status). probe: the probe
    alone. both: online only while every source that has spoken says online — a camera that
    keeps its keepalive but refuses its stream (RTSP 401) is not serving video, and one whose
    stream answers while its signalling lapsed is not reachable by the platform. A source that
    has never spoken (a device never registered) does not count.
    """
    if source is StatusSource.GB28181:
        return signalling_up
    if source is StatusSource.PROBE:
        return probe_up
    spoken = [s for s in (probe_up, signalling_up) if s is not None]
    return all(spoken) if spoken else None
