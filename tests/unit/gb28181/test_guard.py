"""The registered-source rule, the per-source REGISTER bucket, and the throttled log."""

from __future__ import annotations

import logging

from jixiao.adapters.gb28181.guard import Guard, same_source
from jixiao.adapters.gb28181.server import ThrottledLog
from jixiao.adapters.gb28181.session import DeviceSession, Peer


def test_the_same_source_is_the_udp_address_and_port_or_the_tcp_connection() -> None:
    udp = DeviceSession("34020000001180000001", peer=Peer("udp", "10.0.0.1", 5060))
    assert same_source(udp, Peer("udp", "10.0.0.1", 5060))
    assert not same_source(udp, Peer("udp", "10.0.0.1", 5061))
    assert not same_source(udp, Peer("udp", "10.0.0.2", 5060))
    assert not same_source(udp, Peer("tcp", "10.0.0.1", 5060, conn=3))
    tcp = DeviceSession("34020000001180000001", peer=Peer("tcp", "10.0.0.1", 5060, conn=3))
    assert same_source(tcp, Peer("tcp", "10.0.0.1", 40000, conn=3))
    assert not same_source(tcp, Peer("tcp", "10.0.0.1", 5060, conn=4))
    restored = DeviceSession("34020000001180000001", peer=Peer("tcp", "10.0.0.1", 5060))
    assert not same_source(restored, Peer("tcp", "10.0.0.1", 5060))  # its connection is gone
    assert not same_source(DeviceSession("34020000001180000001"), Peer("udp", "10.0.0.1", 5060))


def test_registers_per_source_refill_at_the_rate_up_to_the_burst() -> None:
    guard = Guard(register_rate=2.0, register_burst=4.0)
    assert [guard.register_allowed("a", 0.0) for _ in range(5)] == [True] * 4 + [False]
    assert guard.register_allowed("b", 0.0)  # another address has its own bucket
    assert guard.register_allowed("a", 0.5) and not guard.register_allowed("a", 0.5)
    assert sum(guard.register_allowed("a", 100.0) for _ in range(10)) == 4
    assert all(Guard(register_rate=0).register_allowed("a", 0.0) for _ in range(10_000))


def test_the_asyncio_log_is_throttled_per_message_kind() -> None:
    throttle = ThrottledLog(every=60.0)

    def record(msg: str) -> logging.LogRecord:
        return logging.LogRecord("asyncio", logging.ERROR, "x", 1, msg, None, None)

    accepts = [throttle.filter(record("socket.accept() out of system resource")) for _ in range(99)]
    assert accepts.count(True) == 1
    assert throttle.filter(record("Fatal error on transport")) is True
