"""One probe of one device, by method: each returns an Outcome and never raises.

A probe's cause is `<method> <what>`: `tcp ok`, `tcp refused`, `tcp timeout`, `rtsp 401`,
`onvif NotAuthorized`, `http 503`, `icmp no-reply`. Anything unexpected (a malformed answer,
a name that does not resolve) is a failed probe with its reason, never an exception.

RTSP is spoken here directly (OPTIONS, then DESCRIBE, answering a digest or basic challenge):
the exchange is two requests of a few headers, and no maintained Python RTSP client does
only that without pulling in a media stack (aiortsp is unmaintained; GStreamer/FFmpeg
bindings open the stream). httpx's digest auth is HTTP-only. ONVIF is two SOAP posts over
httpx with a WS-Security UsernameToken (PasswordDigest); the ONVIF libraries (onvif-zeep)
load WSDLs from disk or the network at start, far more than two fixed envelopes need.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import errno
import hashlib
import os
import secrets
import socket
import struct
import time
from dataclasses import dataclass
from typing import Any

import httpx
from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from jixiao.adapters.gb28181.digest import authorization, parse_credentials
from jixiao.domain.probes import Outcome, ProbeMethod, Target

MAX_ANSWER = 64 * 1024  # bytes of an RTSP answer read at most (an SDP is a few hundred)


@dataclass(frozen=True, slots=True)
class Job:
    """One device's probe as the engine runs it (the password already decrypted)."""

    key: int
    method: ProbeMethod
    target: Target
    timeout_s: float = 5.0
    retries: int = 0
    username: str = ""
    password: str = ""
    expect: int | None = None


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def _os_cause(method: str, error: OSError) -> str:
    if isinstance(error, ConnectionRefusedError) or error.errno == errno.ECONNREFUSED:
        return f"{method} refused"
    if isinstance(error, ConnectionResetError):
        return f"{method} reset"
    if error.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return f"{method} unreachable"
    if isinstance(error, socket.gaierror):
        return f"{method} name-unresolved"
    name = errno.errorcode.get(error.errno or 0, type(error).__name__)
    return f"{method} error {name}"


def _connect_cause(method: str, error: BaseException) -> str:
    """The OSError under httpx's ConnectError (through httpcore's), as a cause."""
    seen: BaseException | None = error
    for _ in range(8):
        if seen is None:
            break
        if isinstance(seen, OSError) and seen.errno is not None:
            return _os_cause(method, seen)
        seen = seen.__cause__ or seen.__context__
    text = str(error).lower()
    if "refused" in text:
        return f"{method} refused"
    if "name" in text and ("resolution" in text or "known" in text):
        return f"{method} name-unresolved"
    return f"{method} connect"


async def _address(host: str, port: int) -> tuple[int, tuple[str, int]]:  # (family, address)
    """(family, sockaddr) of a host that may be a name."""
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    family, _, _, _, address = infos[0]
    return family, (str(address[0]), int(address[1]))


def _is_ip(host: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
    except OSError:
        return False
    return True


async def tcp(job: Job) -> Outcome:
    """A TCP connect (SYN, SYN-ACK), closed at once: the cheapest 'is it there'."""
    started = time.perf_counter()
    loop = asyncio.get_running_loop()
    sock = None
    try:
        async with asyncio.timeout(job.timeout_s):
            host, port = job.target.host, job.target.port
            if _is_ip(host):
                family: int = socket.AF_INET6 if ":" in host else socket.AF_INET
                address: tuple[str, int] = (host, port)
            else:
                family, address = await _address(host, port)
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setblocking(False)
            await loop.sock_connect(sock, address)
        return Outcome(True, "tcp ok", _ms(started))
    except TimeoutError:
        return Outcome(False, "tcp timeout")
    except OSError as error:
        return Outcome(False, _os_cause("tcp", error))
    finally:
        if sock is not None:
            # reset, not FIN: no TIME_WAIT left behind per probe (100,000 devices every few
            # minutes would hold tens of thousands of ports), and nothing lingers on the device
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET)
            sock.close()


_RESET = struct.pack("ii", 1, 0)


def icmp_privileged() -> bool:
    """Raw ICMP sockets as root; unprivileged (datagram) ICMP where the kernel's
    net.ipv4.ping_group_range lets this process's group open them."""
    if os.geteuid() == 0:
        return True
    try:
        with open("/proc/sys/net/ipv4/ping_group_range") as lines:
            low, high = (int(x) for x in lines.read().split())
    except (OSError, ValueError):
        return True
    return not any(low <= g <= high for g in (os.getegid(), *os.getgroups()))


async def icmp(job: Job, *, privileged: bool | None = None) -> Outcome:
    """One echo request per attempt (icmplib); no reply within the timeout: `icmp no-reply`."""
    from icmplib import async_ping  # type: ignore[import-untyped]  # no stubs shipped
    from icmplib.exceptions import ICMPLibError  # type: ignore[import-untyped]

    started = time.perf_counter()
    try:
        host = await async_ping(
            job.target.host,
            count=1,
            timeout=job.timeout_s,
            privileged=icmp_privileged() if privileged is None else privileged,
        )
    except ICMPLibError as error:
        return Outcome(False, f"icmp error {type(error).__name__}")
    except OSError as error:
        return Outcome(False, _os_cause("icmp", error))
    if host.is_alive:
        return Outcome(True, "icmp ok", _ms(started))
    return Outcome(False, "icmp no-reply")


async def http(job: Job, client: httpx.AsyncClient) -> Outcome:
    """GET the URL; ok when the status is `expect` (or below 400 when none is set)."""
    started = time.perf_counter()
    auth = None
    if job.username:
        auth = httpx.DigestAuth(job.username, job.password)
    try:
        response = await client.get(job.target.url, timeout=job.timeout_s, auth=auth)
    except httpx.TimeoutException:
        return Outcome(False, "http timeout")
    except httpx.ConnectError as error:
        return Outcome(False, _connect_cause("http", error))
    except (httpx.HTTPError, OSError, ValueError) as error:
        return Outcome(False, f"http error {type(error).__name__}")
    ok = response.status_code == job.expect if job.expect else response.status_code < 400
    return Outcome(ok, f"http {response.status_code}", _ms(started) if ok else None)


class _RtspAnswer:
    def __init__(self, status: int, headers: dict[str, list[str]]) -> None:
        self.status = status
        self.headers = headers


async def _rtsp_exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: str
) -> _RtspAnswer:
    writer.write(request.encode("utf-8", "surrogateescape"))
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if len(head) > MAX_ANSWER:
        raise ValueError("header too long")
    lines = head.decode("utf-8", "replace").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("RTSP/") or not parts[1].isdigit():
        raise ValueError("not an RTSP answer")
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers.setdefault(name.strip().lower(), []).append(value.strip())
    length = int((headers.get("content-length") or ["0"])[0] or 0)
    if not 0 <= length <= MAX_ANSWER:
        raise ValueError("body too long")
    if length:
        await reader.readexactly(length)
    return _RtspAnswer(int(parts[1]), headers)


def _rtsp_authorization(answer: _RtspAnswer, job: Job, method: str, cseq: int) -> str | None:
    """The Authorization header answering the challenge in `answer` (digest first)."""
    challenges = answer.headers.get("www-authenticate", [])
    for value in challenges:
        params = parse_credentials(value)
        if params is not None and params.get("algorithm", "MD5").upper() in ("MD5", "SHA-256"):
            return authorization(
                params,
                username=job.username,
                password=job.password,
                method=method,
                uri=job.target.url,
                cnonce=secrets.token_hex(8),
                nc=cseq,
            )
    for value in challenges:
        if value.lower().startswith("basic"):
            pair = f"{job.username}:{job.password}".encode()
            return "Basic " + base64.b64encode(pair).decode()
    return None


async def rtsp(job: Job) -> Outcome:
    """OPTIONS, then DESCRIBE of the stream URL answered with the credentials when challenged.
    ok: DESCRIBE 200 (the stream exists and these credentials may watch it)."""
    started = time.perf_counter()
    writer = None
    url = job.target.url
    try:
        async with asyncio.timeout(job.timeout_s):
            reader, writer = await asyncio.open_connection(
                job.target.host, job.target.port, limit=MAX_ANSWER
            )
            agent = "User-Agent: jixiao-probe\r\n"
            answer = await _rtsp_exchange(
                reader, writer, f"OPTIONS {url} RTSP/1.0\r\nCSeq: 1\r\n{agent}\r\n"
            )
            if answer.status != 200:
                return Outcome(False, f"rtsp {answer.status}")
            describe = f"DESCRIBE {url} RTSP/1.0\r\nAccept: application/sdp\r\n{agent}"
            answer = await _rtsp_exchange(reader, writer, f"{describe}CSeq: 2\r\n\r\n")
            if answer.status == 401 and job.username:
                header = _rtsp_authorization(answer, job, "DESCRIBE", 1)
                if header is not None:
                    answer = await _rtsp_exchange(
                        reader, writer, f"{describe}CSeq: 3\r\nAuthorization: {header}\r\n\r\n"
                    )
        if answer.status == 200:
            return Outcome(True, "rtsp ok", _ms(started))
        return Outcome(False, f"rtsp {answer.status}")
    except TimeoutError:
        return Outcome(False, "rtsp timeout")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, UnicodeError):
        return Outcome(False, "rtsp malformed")
    except OSError as error:
        return Outcome(False, _os_cause("rtsp", error))
    finally:
        if writer is not None:
            writer.close()


SOAP = "http://www.w3.org/2003/05/soap-envelope"
DEVICE = "http://www.onvif.org/ver10/device/wsdl"
SCHEMA = "http://www.onvif.org/ver10/schema"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
PASSWORD_DIGEST = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
    "#PasswordDigest"
)
NONCE_ENCODING = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def username_token(username: str, password: str, created: dt.datetime, nonce: bytes) -> str:
    """WS-Security UsernameToken with PasswordDigest = Base64(SHA-1(nonce + created + password))."""
    stamp = created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = base64.b64encode(hashlib.sha1(nonce + stamp.encode() + password.encode()).digest())
    return (
        f'<wsse:Security xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}" s:mustUnderstand="1">'
        "<wsse:UsernameToken>"
        f"<wsse:Username>{_escape(username)}</wsse:Username>"
        f'<wsse:Password Type="{PASSWORD_DIGEST}">{digest.decode()}</wsse:Password>'
        f'<wsse:Nonce EncodingType="{NONCE_ENCODING}">{base64.b64encode(nonce).decode()}</wsse:Nonce>'
        f"<wsu:Created>{stamp}</wsu:Created>"
        "</wsse:UsernameToken></wsse:Security>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def envelope(body: str, header: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="{SOAP}" '
        f'xmlns:tds="{DEVICE}"><s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>'
    )


def _device_time(root: Any) -> dt.datetime | None:
    """UTCDateTime of a GetSystemDateAndTimeResponse."""
    found = root.find(f".//{{{SCHEMA}}}UTCDateTime")
    if found is None:
        return None
    try:
        values = {
            name: int(found.findtext(f".//{{{SCHEMA}}}{name}") or "")
            for name in ("Year", "Month", "Day", "Hour", "Minute", "Second")
        }
        return dt.datetime(
            values["Year"],
            values["Month"],
            values["Day"],
            values["Hour"],
            values["Minute"],
            values["Second"],
            tzinfo=dt.UTC,
        )
    except ValueError:
        return None


def _fault(root: Any) -> str:
    """The most specific subcode of a SOAP fault (`NotAuthorized`), or `fault`."""
    values = root.findall(f".//{{{SOAP}}}Subcode/{{{SOAP}}}Value") or root.findall(
        f".//{{{SOAP}}}Code/{{{SOAP}}}Value"
    )
    text = (values[-1].text or "").strip() if values else ""
    return text.rpartition(":")[2] or "fault"


async def _soap(client: httpx.AsyncClient, job: Job, body: str, header: str = "") -> Any:
    response = await client.post(
        job.target.url,
        content=envelope(body, header).encode(),
        headers={"Content-Type": "application/soap+xml; charset=utf-8"},
        timeout=job.timeout_s,
    )
    if not response.content:
        raise _OnvifStatus(response.status_code)
    try:
        root = etree.fromstring(response.content, _PARSER)
    except etree.XMLSyntaxError:
        raise _OnvifStatus(response.status_code) from None
    if root.find(f".//{{{SOAP}}}Fault") is not None:
        raise _OnvifFault(_fault(root))
    if response.status_code >= 400:
        raise _OnvifStatus(response.status_code)
    return root


class _OnvifStatus(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


class _OnvifFault(Exception):
    pass


async def onvif(job: Job, client: httpx.AsyncClient) -> Outcome:
    """GetSystemDateAndTime (unauthenticated, the device's clock), then GetDeviceInformation
    with a UsernameToken created at the device's time (cameras refuse a token whose Created is
    minutes off their clock). ok: GetDeviceInformationResponse."""
    started = time.perf_counter()
    try:
        root = await _soap(client, job, "<tds:GetSystemDateAndTime/>")
        device_now = _device_time(root) or dt.datetime.now(dt.UTC)
        header = ""
        if job.username:
            header = username_token(job.username, job.password, device_now, os.urandom(16))
        root = await _soap(client, job, "<tds:GetDeviceInformation/>", header)
        if root.find(f".//{{{DEVICE}}}GetDeviceInformationResponse") is None:
            return Outcome(False, "onvif malformed")
        return Outcome(True, "onvif ok", _ms(started))
    except _OnvifFault as fault:
        return Outcome(False, f"onvif {fault.args[0]}"[:100])
    except _OnvifStatus as status:
        return Outcome(False, f"onvif http {status.status}")
    except httpx.TimeoutException:
        return Outcome(False, "onvif timeout")
    except httpx.ConnectError as error:
        return Outcome(False, _connect_cause("onvif", error))
    except (httpx.HTTPError, OSError, ValueError) as error:
        return Outcome(False, f"onvif error {type(error).__name__}")
