"""Devices behind a trusted proxy: which proxies are believed, how the proxy's header is read,
and the registered-source rule on the device's own address."""

from __future__ import annotations

import pytest

from jixiao.adapters.gb28181.guard import same_source
from jixiao.adapters.gb28181.proxy import ProxyError, Trusted, read_trusted, relayed_source
from jixiao.adapters.gb28181.session import DeviceSession, Peer
from tests.unit.gb28181.fixtures import DEVICE, fixture
from tests.unit.gb28181.platform_helpers import platform, register, responses

PROXY = ("10.0.0.9", 5060)


def _relayed(data: bytes, header: bytes) -> bytes:
    """`data` with `header` lines added after its request line, as Kamailio appends one."""
    line, rest = data.split(b"\r\n", 1)
    return line + b"\r\n" + header + rest


def test_trusted_proxies_are_addresses_or_address_and_port() -> None:
    trusted = read_trusted("10.0.0.9, 127.0.0.1:5070 [::1]:5080")
    assert trusted == Trusted(
        frozenset({"10.0.0.9"}), frozenset({("127.0.0.1", 5070), ("::1", 5080)})
    )
    assert trusted.relays(("10.0.0.9", 1)) and trusted.relays(("127.0.0.1", 5070))
    assert not trusted.relays(("127.0.0.1", 5071)) and not trusted.relays(("10.0.0.8", 5060))
    assert not read_trusted("") and not read_trusted(" , ")
    for wrong in ("proxy.example", "10.0.0.9:0", "10.0.0.9:x", "10.0.0.256"):
        with pytest.raises(ProxyError):
            read_trusted(wrong)


def test_the_proxy_header_names_the_device_and_the_relay() -> None:
    keepalive = fixture("keepalive")
    found = relayed_source(
        _relayed(keepalive, b"X-Jixiao-Source: udp 192.168.1.64 5062\r\n"), PROXY
    )
    assert found == Peer("udp", "192.168.1.64", 5062, relay=PROXY)
    assert found is not None and found.address == PROXY
    lower = _relayed(keepalive, b"x-jixiao-source:TCP 192.168.1.64 40000\r\n")
    assert relayed_source(lower, PROXY) == Peer("tcp", "192.168.1.64", 40000, relay=PROXY)
    # none, two (a device's own copy the proxy failed to remove), or malformed: not believed
    assert relayed_source(keepalive, PROXY) is None
    two = b"X-Jixiao-Source: udp 192.168.1.64 5062\r\nX-JIXIAO-SOURCE: udp 10.9.9.9 1\r\n"
    assert relayed_source(_relayed(keepalive, two), PROXY) is None
    for value in (b"udp 192.168.1.64", b"sctp 192.168.1.64 1", b"udp host 1", b"udp 1.2.3.4 0"):
        header = b"X-Jixiao-Source: " + value + b"\r\n"
        assert relayed_source(_relayed(keepalive, header), PROXY) is None, value
    # a header-like line in the body is not a header
    body_only = keepalive + b"\r\nX-Jixiao-Source: udp 192.168.1.64 5062\r\n"
    assert relayed_source(body_only, PROXY) is None


def test_through_a_proxy_the_source_is_the_device_address_whichever_proxy() -> None:
    registered = Peer("udp", "192.168.1.64", 5060, relay=PROXY)
    session = DeviceSession(DEVICE, peer=registered)
    assert same_source(session, Peer("udp", "192.168.1.64", 5060, relay=("10.0.0.10", 5060)))
    assert not same_source(session, Peer("udp", "192.168.1.64", 5061, relay=PROXY))
    assert not same_source(session, Peer("udp", "10.0.0.9", 5060))  # the proxy itself
    tcp = DeviceSession(DEVICE, peer=Peer("tcp", "192.168.1.64", 40000, relay=PROXY))
    assert same_source(tcp, Peer("tcp", "192.168.1.64", 40000, relay=PROXY))
    assert not same_source(tcp, Peer("tcp", "192.168.1.64", 40000, conn=7))  # not relayed


def test_a_relayed_device_is_answered_through_the_proxy_and_judged_by_its_own_address() -> None:
    p = platform(password="12345678")
    device = Peer("udp", "192.168.1.64", 5060, relay=PROXY)
    # the helper registers from PEER (192.168.1.64:5060), which a relayed peer names too
    assert responses(register(p))[0].status == 200
    ok = p.receive(fixture("keepalive"), device, 1001.0)
    ((to, data),) = ok.sends
    assert to.address == PROXY and b" 200 " in data.split(b"\r\n", 1)[0]
    # the top Via (the proxy's, behind Kamailio) is stamped with where the request came from
    assert b";rport=5060;" in data and b";received=10.0.0.9\r\n" in data
    other = Peer("udp", "192.168.1.99", 5060, relay=PROXY)
    (refused,) = responses(p.receive(fixture("keepalive"), other, 1002.0))
    assert refused.status == 403
