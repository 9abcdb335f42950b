"""The UDP socket emptied into a queue: what waits is answered in order of what it completes,
and a REGISTER that waited longer than its device's transaction is dropped."""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao.adapters.gb28181 import server as server_module
from tests.integration.gb28181.harness import run, running, settings

PLATFORM = "34020000002000000001"
REALM = PLATFORM[:10]


def _register(
    device: str, call_id: str, port: int, authorization: str = "", cseq: int = 1
) -> bytes:
    head = (
        f"REGISTER sip:{PLATFORM}@{REALM} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:{port};rport;branch=z9hG4bK{call_id}{cseq}\r\n"
        f"From: <sip:{device}@{REALM}>;tag=t{call_id}\r\nTo: <sip:{device}@{REALM}>\r\n"
        f"Call-ID: {call_id}\r\nCSeq: {cseq} REGISTER\r\n{authorization}Expires: 3600\r\n"
        "Content-Length: 0\r\n\r\n"
    )
    return head.encode()


def _keepalive(device: str, port: int) -> bytes:
    body = (
        '<?xml version="1.0"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>1</SN>\r\n'
        f"<DeviceID>{device}</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n"
    ).encode()
    head = (
        f"MESSAGE sip:{PLATFORM}@{REALM} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:{port};rport;branch=z9hG4bKka\r\n"
        f"From: <sip:{device}@{REALM}>;tag=ka\r\nTo: <sip:{PLATFORM}@{REALM}>\r\n"
        "Call-ID: ka\r\nCSeq: 1 MESSAGE\r\nContent-Type: Application/MANSCDP+xml\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def _answers(sock: socket.socket, count: int) -> list[tuple[str, str]]:
    """(Call-ID, status) of the next `count` answers, in the order they arrived."""
    return [(call, status) for call, status, _ in _answered(sock, count)]


def _answered(sock: socket.socket, count: int) -> list[tuple[str, str, str]]:
    """(Call-ID, status, CSeq) of the next `count` answers, in the order they arrived."""
    found = []
    for _ in range(count):
        data = sock.recv(65_536).decode()
        status = data.split(" ", 2)[1]
        call = re.search(r"\r\nCall-ID: ([^\r]+)", data)
        cseq = re.search(r"\r\nCSeq: ([^\r]+)", data)
        found.append((call.group(1) if call else "", status, cseq.group(1) if cseq else ""))
    return found


@contextlib.contextmanager
def _device() -> Iterator[tuple[socket.socket, int]]:
    """A device's UDP socket on loopback (answers awaited up to 5 s) and its port."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as device:
        device.bind(("127.0.0.1", 0))
        device.settimeout(5)
        yield device, device.getsockname()[1]


def _nothing_more(device: socket.socket) -> None:
    """No further answer arrives within half a second."""
    device.settimeout(0.5)
    with pytest.raises(TimeoutError):
        device.recv(65_536)


def test_what_waited_is_answered_keepalives_first_then_registers_with_credentials(
    tmp_path: Path,
) -> None:
    async def scenario() -> list[tuple[str, str]]:
        async with running(settings(tmp_path)) as (server, _):
            with _device() as (device, port):
                target = ("127.0.0.1", server.port)
                # sent while the event loop does not run: all of it waits in the socket
                for n in range(3):
                    device.sendto(_register(f"3402000000132000000{n}", f"fresh{n}", port), target)
                stale = 'Authorization: Digest username="34020000001320000009",realm="3402000000",nonce="gone",uri="sip:x",response="00",algorithm=MD5\r\n'
                device.sendto(_register("34020000001320000009", "creds", port, stale), target)
                device.sendto(_keepalive("34020000001320000008", port), target)
                await asyncio.sleep(0.5)
                return await asyncio.to_thread(_answers, device, 5)

    answers = run(scenario)
    # the keepalive (from a device never registered: 404), the REGISTER answering a challenge
    # (an unknown nonce: 401 stale), then the first REGISTERs (401) in their order
    assert answers == [
        ("ka", "404"),
        ("creds", "401"),
        ("fresh0", "401"),
        ("fresh1", "401"),
        ("fresh2", "401"),
    ]


def test_a_register_queued_longer_than_its_transaction_lasts_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "REGISTER_WAIT", 0.2)

    async def scenario() -> tuple[list[tuple[str, str]], int]:
        async with running(settings(tmp_path)) as (server, _):
            with _device() as (device, port):
                target = ("127.0.0.1", server.port)
                device.sendto(_register("34020000001320000001", "late", port), target)
                device.sendto(_keepalive("34020000001320000008", port), target)
                # read and answered by hand, the event loop held: the REGISTER's turn
                # comes after REGISTER_WAIT
                assert server._udp is not None
                server._udp._read()
                time.sleep(0.3)
                server._udp._work()
                answers = await asyncio.to_thread(_answers, device, 1)
                _nothing_more(device)
                return answers, server._udp.expired

    answers, expired = run(scenario)
    assert answers == [("ka", "404")]
    assert expired == 1


def test_a_register_sent_again_while_the_first_waits_takes_its_place(tmp_path: Path) -> None:
    async def scenario() -> tuple[list[tuple[str, str, str]], int]:
        async with running(settings(tmp_path)) as (server, _):
            with _device() as (device, port):
                target = ("127.0.0.1", server.port)
                device.sendto(_register("34020000001320000001", "a", port), target)
                device.sendto(_register("34020000001320000002", "b", port), target)
                # device 1 again (its retry timer, or a retransmission): one answer, to CSeq 2
                device.sendto(_register("34020000001320000001", "a", port, cseq=2), target)
                await asyncio.sleep(0.5)
                answers = await asyncio.to_thread(_answered, device, 2)
                _nothing_more(device)
                assert server._udp is not None
                return answers, server._udp.superseded

    answers, superseded = run(scenario)
    assert answers == [("a", "401", "2 REGISTER"), ("b", "401", "1 REGISTER")]
    assert superseded == 1
