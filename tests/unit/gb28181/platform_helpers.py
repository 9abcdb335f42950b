"""A platform with a fixed token source, and device-side messages built for it."""

from __future__ import annotations

import itertools
import re

from jixiao.adapters.gb28181.core import Platform
from jixiao.adapters.gb28181.digest import NonceBook, authorization, parse_credentials
from jixiao.adapters.gb28181.events import Output, PlatformConfig
from jixiao.adapters.gb28181.messages import Request, Response, parse
from jixiao.adapters.gb28181.session import Peer, StatusChanged
from tests.unit.gb28181.fixtures import DEVICE, PLATFORM, fixture

PEER = Peer("udp", "192.168.1.64", 5060)
PASSWORD = "12345678"
_requests = itertools.count(1)


def platform(**config: object) -> Platform:
    counter = itertools.count()
    nonces = itertools.count()
    return Platform(
        PlatformConfig(**config),  # type: ignore[arg-type]
        known=[DEVICE],
        token=lambda: f"t{next(counter)}",
        nonces=NonceBook(token=lambda: f"nonce{next(nonces)}"),
    )


def responses(out: Output) -> list[Response]:
    return [m for _, data in out.sends if isinstance(m := parse(data), Response)]


def requests(out: Output) -> list[Request]:
    return [m for _, data in out.sends if isinstance(m := parse(data), Request)]


def statuses(out: Output) -> list[tuple[str, float, bool, str]]:
    return [
        (e.device_id, e.at, e.online, str(e.cause))
        for e in out.events
        if isinstance(e, StatusChanged)
    ]


def again(data: bytes, n: int) -> bytes:
    """The same REGISTER as a new request (new branch and CSeq), as a device sends it again."""
    data = re.sub(rb"branch=z9hG4bK\w+", b"branch=z9hG4bKagain%d" % n, data, count=1)
    return re.sub(rb"CSeq: \d+ REGISTER", b"CSeq: %d REGISTER" % (n + 100), data, count=1)


def with_auth(
    data: bytes, challenge_response: Response, password: str = PASSWORD, nc: int = 1
) -> bytes:
    params = parse_credentials(challenge_response.header("WWW-Authenticate") or "") or {}
    value = authorization(
        params,
        username=DEVICE,
        password=password,
        method="REGISTER",
        uri=f"sip:{PLATFORM}@3402000000",
        cnonce="0a4f113b",
        nc=nc,
    )
    data = again(data, next(_requests))
    return data.replace(
        b"Content-Length:", f"Authorization: {value}\r\nContent-Length:".encode(), 1
    )


def register(p: Platform, now: float = 1000.0, *, password: str | None = PASSWORD) -> Output:
    """REGISTER, answer the challenge; the output of the second step."""
    first = p.receive(fixture("register"), PEER, now)
    (res,) = responses(first)
    if res.status != 401:
        return first
    return p.receive(with_auth(fixture("register"), res, password or ""), PEER, now)
