"""Fuzzing the platform: no input crashes it or leaves state behind.

The number of cases comes from SIP_FUZZ_EXAMPLES; in CI (CI=true) it defaults to 100 000
for the platform test, on a developer machine to 500 so that `pytest` stays quick.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jixiao.adapters.gb28181.core import Platform
from jixiao.adapters.gb28181.manscdp import BodyError, read_body
from jixiao.adapters.gb28181.messages import (
    MAX_MESSAGE,
    FramingError,
    Message,
    SipParseError,
    StreamFramer,
    parse,
)
from jixiao.adapters.gb28181.session import Peer
from tests.unit.gb28181.fixtures import DEVICE, all_fixtures
from tests.unit.gb28181.platform_helpers import PASSWORD, PEER, platform, register

EXAMPLES = int(
    os.environ.get("SIP_FUZZ_EXAMPLES", "100000" if os.environ.get("CI") == "true" else "500")
)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SMALLER = settings(FUZZ, max_examples=max(100, EXAMPLES // 10))
SEEDS = all_fixtures()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A fixture with bytes flipped, cut, duplicated or inserted; or plain random bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=2048))
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.integers(0, 4))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == 0 and data:
            data[at] = draw(st.integers(0, 255))
        elif op == 1:
            del data[at : at + draw(st.integers(1, 64))]
        elif op == 2:
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == 3:
            data[at:at] = draw(
                st.sampled_from(
                    [
                        b"\r\n",
                        b"\r\n\r\n",
                        b":",
                        b";",
                        b"<",
                        b"&",
                        b"Content-Length: 5\r\n",
                        b"\x00",
                        "城".encode("gb18030"),
                    ]
                )
            )
        else:
            data = data[:at]
    return bytes(data)


def _check_invariants(p: Platform) -> None:
    for device_id, session in p.sessions.items():
        assert len(device_id) == 20 and device_id.isdigit()
        assert session.device_id == device_id
    assert len(p.catalogs) <= p.catalogs.capacity
    assert p.outgoing.pending <= 64
    assert len(p.nonces) <= p.nonces.capacity


@FUZZ
@given(st.lists(mutated(), min_size=1, max_size=4), st.sampled_from(["udp", "tcp"]))
def test_no_input_crashes_the_platform_or_leaks_state(
    messages: list[bytes], transport: str
) -> None:
    """Against a platform that requires a password, garbage never registers anybody; against a
    registered device, it never raises and leaves the device's state consistent."""
    locked = platform(password=PASSWORD)
    open_ = platform(auto_enrol=True)
    register(open_)
    peer = Peer(transport, PEER.host, PEER.port, conn=1 if transport == "tcp" else 0)
    for i, data in enumerate(messages):
        locked.receive(data, peer, 2000.0 + i)
        open_.receive(data, peer, 2000.0 + i)
        locked.tick(2000.5 + i)
        open_.tick(2000.5 + i)
    assert locked.sessions == {}
    _check_invariants(locked)
    _check_invariants(open_)
    assert DEVICE in open_.sessions


@SMALLER
@given(st.binary(max_size=4096))
@example(b"SIP/2.0 100")  # found in CI: a response with no headers at all
def test_the_parser_raises_only_its_own_error(data: bytes) -> None:
    try:
        message = parse(data)
    except SipParseError:
        return
    # serialize() always writes the Content-Length of the body it sends (RFC 3261 §20.14), so a
    # message read without one (UDP allows it) comes back with that one header added
    again = parse(message.serialize())
    assert again.body == message.body
    assert _without_length(again) == _without_length(message)
    assert again.header("Content-Length") == str(len(message.body))


def _without_length(message: Message) -> Message:
    kept = tuple((n, v) for n, v in message.headers if n != "Content-Length")
    return dataclasses.replace(message, headers=kept)


@SMALLER
@given(mutated())
def test_bodies_raise_only_body_error(data: bytes) -> None:
    with contextlib.suppress(BodyError):
        read_body(data)


@SMALLER
@given(st.lists(mutated(), max_size=4), st.lists(st.integers(1, 200), min_size=1, max_size=20))
def test_the_framer_stays_bounded_whatever_the_stream(parts: list[bytes], sizes: list[int]) -> None:
    stream = b"".join(parts)
    framer = StreamFramer(max_message=4096, max_head=1024)
    i = 0
    try:
        for size in sizes * (len(stream) // max(1, sum(sizes)) + 1):
            for message in framer.feed(stream[i : i + size]):
                assert len(message) <= 4096
            assert framer.pending <= 4096 + 200
            i += size
            if i >= len(stream):
                break
    except FramingError:
        pass
    assert MAX_MESSAGE >= 4096
