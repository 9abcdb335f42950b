"""The platform's UDP socket: read with `loop.add_reader`, emptied into queues on each
wakeup, answered a round at a time (server.py owns it; core.py answers each datagram)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import socket
import time
from collections import deque
from typing import TYPE_CHECKING

from jixiao.adapters.gb28181.proxy import relayed_source
from jixiao.adapters.gb28181.session import Peer

if TYPE_CHECKING:
    from jixiao.adapters.gb28181.server import SipServer

log = logging.getLogger(__name__)
DRAIN = 128  # datagrams answered per round of the event loop (the socket is read between)
BACKLOG = 65_536  # datagrams read ahead of being answered (a storm's: some 40 MB at most)

_CALL_ID = re.compile(rb"\n(?:call-id|i)[ \t]*:[ \t]*([^\r\n]*)", re.I)


class _Waiting:
    """A REGISTER read from the socket and not yet answered."""

    __slots__ = ("arrived", "data", "key", "peer")

    def __init__(
        self, data: bytes, peer: Peer, arrived: float, key: tuple[object, ...] | None
    ) -> None:
        self.data, self.peer, self.arrived, self.key = data, peer, arrived, key


class UdpQueue:
    """The UDP socket, read with `loop.add_reader`, emptied on each wakeup into a queue.

    asyncio's datagram transport reads one datagram per wakeup (one epoll round per
    keepalive); reading everything the socket holds per wakeup is most of the difference
    between 15 000 and 25 000 keepalives per second. A registration storm (every device of a
    county at once after a power cut) arrives far faster than REGISTERs are answered: left
    in the kernel's buffer (4 MiB at most without tuning, a few thousand datagrams) most
    were dropped, and each device tried again only after its retry timer. Read at once (a
    few microseconds each, against a hundred to answer one), they wait in memory instead,
    up to BACKLOG, and are answered DRAIN at a time with the event loop's other work in
    between. Keepalives and answers go first, then REGISTERs that carry credentials (the
    second half of a registration already challenged), then the rest; a REGISTER that waited
    longer than its device's transaction lasts (timer F) is dropped unanswered. A REGISTER
    from the same source with the same Call-ID as one still waiting (the device sent it
    again: a retransmission, or a new attempt after its retry timer) takes the waiting one's
    place: one answer, to the attempt the device now waits on, and the device does not lose
    its turn (answered one by one, a storm's retries doubled the work). Sends go
    straight to the non-blocking socket; a full send buffer drops the datagram (UDP may lose
    it anyway; the device retransmits).
    """

    def __init__(self, server: SipServer, sock: socket.socket) -> None:
        self._server, self.sock = server, sock
        self._peers: dict[tuple[str | int, ...], Peer] = {}
        self.dropped = 0
        self.expired = 0  # REGISTERs that waited longer than the server's register_wait
        self.superseded = 0  # REGISTERs that took the place of one still waiting
        self._messages: deque[tuple[bytes, Peer]] = deque()
        self._credentials: deque[_Waiting] = deque()  # REGISTERs answering a 401
        self._registers: deque[_Waiting] = deque()
        self._waiting: dict[tuple[object, ...], _Waiting] = {}  # (peer, credentials, Call-ID)
        self._soon: asyncio.Handle | None = None
        self._outbox: list[tuple[bytes, tuple[str, int]]] | None = None  # a round's answers
        sock.setblocking(False)
        with contextlib.suppress(OSError):  # bursts: a larger queue than the default 208 KiB
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)

    @property
    def queued(self) -> int:
        return len(self._messages) + len(self._credentials) + len(self._registers)

    def readable(self) -> None:
        self._read()
        self._work()

    def _read(self) -> None:
        """Everything the socket holds, up to BACKLOG queued in all (and BACKLOG read)."""
        server, peers = self._server, self._peers
        uplinks = server.uplinks_by_address
        proxies = server.trusted_proxies if server.trusted_proxies else None  # asked once
        messages, credentials, registers = self._messages, self._credentials, self._registers
        waiting = self._waiting
        room = BACKLOG - self.queued
        arrived = time.monotonic()
        # bounded also when every datagram takes a waiting one's place (a flood of copies)
        for _ in range(BACKLOG):
            if room <= 0:
                break
            try:
                data, addr = self.sock.recvfrom(65_536)
            except (BlockingIOError, InterruptedError):
                break
            except OSError as error:  # ICMP port unreachable and the like
                log.debug("UDP error: %s", error)
                break
            if uplinks and (uplink := uplinks.get((addr[0], addr[1]))) is not None:
                server.from_superior(uplink, data)
                continue
            peer = peers.get(addr)
            if proxies is not None and proxies.relays(addr):  # relayed by our trusted proxy
                peer = relayed_source(data, (str(addr[0]), int(addr[1]))) or peer
            if peer is None:
                if len(peers) > 1_000_000:
                    peers.clear()
                peer = peers[addr] = Peer("udp", str(addr[0]), int(addr[1]))
            if data[:9] != b"REGISTER ":
                messages.append((data, peer))
                room -= 1
                continue
            signed = b"\nAuthorization:" in data or b"\nauthorization:" in data
            call = _CALL_ID.search(data)
            key = None if call is None else (peer, signed, call.group(1).strip())
            found = None if key is None else waiting.get(key)
            if found is not None:  # sent again while the first still waits: its place
                found.data, found.peer, found.arrived = data, peer, arrived
                self.superseded += 1
                continue
            entry = _Waiting(data, peer, arrived, key)
            if key is not None:
                waiting[key] = entry
            (credentials if signed else registers).append(entry)
            room -= 1

    def _later(self) -> None:
        self._soon = None
        self._read()
        self._work()

    def _work(self) -> None:
        """Answer up to DRAIN queued datagrams; what is left waits for the next round. The
        round's answers go out together at its end: sent one by one between messages, each
        woke the peer (a sleeping SIPp, a device's stack) again, and the wakeup is paid in
        our sendto, four times what the send itself costs."""
        server, receive = self._server, self._server.platform.receive
        budget = DRAIN
        messages = self._messages
        # what `collect` gathered before this round goes out with it
        outbox: list[tuple[bytes, tuple[str, int]]] = self._outbox or []
        self._outbox = outbox
        try:
            while messages and budget > 0:
                data, peer = messages.popleft()
                budget -= 1
                server.handle(receive(data, peer, time.time()))
            oldest = time.monotonic() - server.register_wait
            waiting = self._waiting
            for queue in (self._credentials, self._registers):
                while queue and budget > 0:
                    entry = queue.popleft()
                    if entry.key is not None and waiting.get(entry.key) is entry:
                        del waiting[entry.key]
                    if entry.arrived < oldest:
                        self.expired += 1
                        continue
                    budget -= 1
                    server.handle(receive(entry.data, entry.peer, time.time()))
        finally:
            self._outbox = None
            for data, addr in outbox:
                self._sendto(data, addr)
        if self._soon is None and (messages or self._credentials or self._registers):
            self._soon = asyncio.get_running_loop().call_soon(self._later)

    def collect(self) -> None:
        """Gather what is sent until the callbacks running now are done, and send it then
        in one burst (the answers a store write releases)."""
        if self._outbox is None:
            self._outbox = []
            asyncio.get_running_loop().call_soon(self._send_collected)

    def _send_collected(self) -> None:
        outbox, self._outbox = self._outbox or [], None
        for data, addr in outbox:
            self._sendto(data, addr)

    def close(self) -> None:
        if self._soon is not None:
            self._soon.cancel()
            self._soon = None
        self.sock.close()

    def sendto(self, data: bytes, addr: tuple[str, int]) -> None:
        if self._outbox is not None:  # within a round: sent at its end
            self._outbox.append((data, addr))
        else:
            self._sendto(data, addr)

    def _sendto(self, data: bytes, addr: tuple[str, int]) -> None:
        try:
            self.sock.sendto(data, addr)
        except (BlockingIOError, InterruptedError):
            self.dropped += 1
        except OSError as error:
            log.debug("UDP send to %s failed: %s", addr, error)
