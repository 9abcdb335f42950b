"""The simulated fleet's transports (simulator.py): its one shared UDP socket, and one TCP
connection per device."""

from __future__ import annotations

import asyncio
import collections
import socket
import time
from typing import TYPE_CHECKING

from jixiao.adapters.gb28181.messages import FramingError, StreamFramer

if TYPE_CHECKING:
    from jixiao.adapters.gb28181.simulator import Fleet, _Device


class FleetUdp:
    """The fleet's one UDP socket, emptied on each wakeup (asyncio's datagram transport reads
    one datagram per event-loop round: in a storm the loop's rounds were most of the fleet's
    CPU). What the send buffer cannot take waits and goes out when the socket is writable."""

    def __init__(self, fleet: Fleet, sock: socket.socket, loop: asyncio.AbstractEventLoop) -> None:
        self._fleet, self._sock, self._loop = fleet, sock, loop
        self._unsent: collections.deque[tuple[bytes, tuple[str, int]]] = collections.deque()
        sock.setblocking(False)
        loop.add_reader(sock.fileno(), self._readable)

    def _readable(self) -> None:
        for _ in range(256):
            try:
                data = self._sock.recv(65_536)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # ICMP port unreachable: the platform is not (yet) there
                return
            self._fleet.received(data)

    def sendto(self, data: bytes, addr: tuple[str, int]) -> None:
        if self._unsent:
            self._unsent.append((data, addr))
            return
        try:
            self._sock.sendto(data, addr)
        except (BlockingIOError, InterruptedError):
            self._unsent.append((data, addr))
            self._loop.add_writer(self._sock.fileno(), self._writable)
        except OSError:
            pass  # UDP: lost like any datagram, the device tries again

    def _writable(self) -> None:
        while self._unsent:
            data, addr = self._unsent[0]
            try:
                self._sock.sendto(data, addr)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                pass
            self._unsent.popleft()
        self._loop.remove_writer(self._sock.fileno())

    def close(self) -> None:
        self._loop.remove_reader(self._sock.fileno())
        if self._unsent:
            self._loop.remove_writer(self._sock.fileno())
        self._sock.close()


class TcpDevice(asyncio.Protocol):
    def __init__(self, fleet: Fleet, device: _Device) -> None:
        self._fleet, self._device = fleet, device
        self._framer = StreamFramer()
        self._transport: asyncio.Transport | None = None
        self.local_port = 0

    @classmethod
    async def connect(cls, fleet: Fleet, device: _Device) -> TcpDevice:
        loop = asyncio.get_running_loop()
        c = fleet.config
        _, protocol = await loop.create_connection(
            lambda: cls(fleet, device), c.platform_host, c.platform_port
        )
        return protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]
        self.local_port = int(transport.get_extra_info("sockname")[1])

    def data_received(self, data: bytes) -> None:
        try:
            messages = self._framer.feed(data)
        except FramingError:
            self.close()
            return
        for message in messages:
            self._fleet.received(message, self._device)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._device.conn is self:
            self._device.conn = None
            if self._device.registered and not self._device.silent:
                self._device.registered = False
                self._fleet.stats.registered -= 1
                self._fleet._at(time.monotonic() + 1, self._device, "register")

    def write(self, data: bytes) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(data)

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
