"""The system counters bench/sip.py and bench/sip_profile.py read: datagrams dropped by full
receive buffers, and how long a thread ran and waited for a CPU."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

# bench/*.py are scripts importing each other by module name, as `make bench` runs them.
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
from sip import udp_receive_drops
from sip_profile import scheduled


def test_datagrams_a_full_receive_buffer_drops_are_counted() -> None:
    before = udp_receive_drops()
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as full,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender,
    ):
        full.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a few datagrams fit
        full.bind(("127.0.0.1", 0))
        sent = 200
        for _ in range(sent):
            sender.sendto(b"x" * 500, full.getsockname())
        full.setblocking(False)
        received = 0
        while True:
            try:
                full.recv(2048)
            except BlockingIOError:
                break
            received += 1
    assert received < sent
    assert udp_receive_drops() - before >= sent - received  # other sockets may drop too


def test_a_threads_running_and_waiting_times_are_read_and_a_missing_one_is_zero() -> None:
    sum(range(200_000))  # some CPU time of its own
    ran, waited = scheduled(os.getpid())
    assert ran > 0 and waited >= 0
    assert scheduled(2**22 + 1) == (0.0, 0.0)  # above the largest process id Linux gives
