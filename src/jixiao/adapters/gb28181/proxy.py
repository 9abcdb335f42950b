"""Devices reached through a SIP proxy: several access nodes behind Kamailio's dispatcher.

Behind the proxy every message arrives from the proxy's address, so the address alone no
longer says which device sent it, and the platform's rule that keepalives and credential-less
refreshes count only from where a device registered (guard.same_source) would compare the
proxy with itself. The proxy (deploy/kamailio/jixiao-dispatcher.cfg) therefore removes any
`X-Jixiao-Source` header a device sent and adds its own, naming where it received the
message from:

    X-Jixiao-Source: udp 192.0.2.7 5060

The node believes that header only in a datagram from one of the configured proxy addresses
(JIXIAO_SIP_TRUSTED_PROXIES); from anyone else it is ignored and the message is judged by its
real source as before. A message the proxy relays gets the device's address as its `Peer`
(what same_source compares, what is stored) with `relay` set to the proxy, where the node
sends its answers and its own requests to the device (the proxy forwards them on, so a
device behind NAT that only the proxy can reach is still reached).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from jixiao.adapters.gb28181.session import Peer

HEADER = b"x-jixiao-source"
TRANSPORTS = ("udp", "tcp")


class ProxyError(ValueError):
    """JIXIAO_SIP_TRUSTED_PROXIES is not a list of proxy addresses."""


@dataclass(frozen=True, slots=True)
class Trusted:
    """The proxies a node believes: whole addresses, or an address and one port (on a
    shared host, only the proxy's own socket is believed, not every program there)."""

    hosts: frozenset[str] = frozenset()
    endpoints: frozenset[tuple[str, int]] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.hosts or self.endpoints)

    def relays(self, addr: tuple[str, int]) -> bool:
        return addr[0] in self.hosts or addr in self.endpoints


def read_trusted(text: str) -> Trusted:
    """The proxies in `text`: comma or space separated `address`, `address:port` or
    `[v6 address]:port`, normalised as the socket layer writes addresses."""
    hosts: set[str] = set()
    endpoints: set[tuple[str, int]] = set()
    for item in text.replace(",", " ").split():
        host, port = item, ""
        if item.startswith("["):
            host, _, port = item[1:].partition("]")
            port = port.removeprefix(":")
        elif item.count(":") == 1:
            host, _, port = item.partition(":")
        try:
            address = str(ipaddress.ip_address(host))
        except ValueError as error:
            raise ProxyError(f"“{item}”不是 IP 地址或“地址:端口”") from error
        if not port:
            hosts.add(address)
        elif port.isdigit() and 0 < int(port) < 65_536:
            endpoints.add((address, int(port)))
        else:
            raise ProxyError(f"“{item}”的端口有误")
    return Trusted(frozenset(hosts), frozenset(endpoints))


def relayed_source(data: bytes, proxy: tuple[str, int]) -> Peer | None:
    """The device a trusted proxy relayed `data` from: its transport, address and port as the
    proxy's header names them, with `relay` = the proxy. None when the header is missing,
    repeated or malformed (the message is then the proxy's own, e.g. its OPTIONS probe)."""
    end = data.find(b"\r\n\r\n")
    head = (data if end < 0 else data[:end]).lower()
    at = head.find(b"\r\n" + HEADER)
    if at < 0 or head.find(b"\r\n" + HEADER, at + 2) >= 0:
        return None
    line_end = head.find(b"\r\n", at + 2)
    line = data[at + 2 : len(head) if line_end < 0 else line_end]
    name, colon, value = line.partition(b":")
    if not colon or name.strip().lower() != HEADER:
        return None
    fields = value.decode("ascii", "replace").split()
    if len(fields) != 3 or fields[0].lower() not in TRANSPORTS or not fields[2].isdigit():
        return None
    try:
        host = str(ipaddress.ip_address(fields[1]))
    except ValueError:
        return None
    port = int(fields[2])
    if not 0 < port < 65_536:
        return None
    return Peer(fields[0].lower(), host, port, relay=proxy)
