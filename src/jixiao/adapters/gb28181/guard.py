"""What the platform refuses, and the bounds that keep one source from crowding out the rest.

Status evidence must come from the device that authenticated: after a REGISTER with a good
digest, keepalives, catalogs, NOTIFYs and credential-less refreshes are taken only from the
source it registered from (`same_source`). Everything refused is a `SecurityEvent`: counted by
kind (`Guard.counts`), the latest kept (`Guard.recent`), and handed to the server, which logs
them throttled and publishes the counts (`jixiao sip events`).

Pure: the clock is passed in.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass

from jixiao.adapters.gb28181.session import DeviceSession, Peer

RECENT = 200
MAX_SOURCES = 100_000

# kind -> what it means, for people (jixiao sip events, the log)
KINDS: dict[str, str] = {
    "other-source-register": "免鉴权的注册刷新/注销来自非注册来源，已要求重新鉴权",
    "other-source-message": "心跳/目录/应答来自非注册来源，已拒绝",
    "other-source-notify": "目录通知来自非注册来源，已拒绝",
    "foreign-channel": "目录描述了属于其他设备的通道，已忽略",
    "unsolicited-catalog": "未经查询的目录超过上限，已忽略",
    "unknown-device": "未登记或未注册的设备编码，已拒绝",
    "wrong-password": "注册密码错误",
    "banned": "密码错误次数过多，该来源暂被禁止注册",
    "register-rate": "同一来源的注册请求过快，已丢弃",
    "username-differs": "摘要用户名与设备编码不同（已按设备编码的密码校验）",
    "tcp-per-source-cap": "同一来源的 TCP 连接数已达上限，已拒绝新连接",
    "tcp-total-cap": "TCP 连接总数已达上限，已拒绝新连接",
    "tcp-idle": "TCP 连接空闲超时，已关闭",
}


@dataclass(frozen=True, slots=True)
class SecurityEvent:
    at: float
    kind: str
    device_id: str
    transport: str
    host: str
    port: int


def same_source(session: DeviceSession, peer: Peer) -> bool:
    """`peer` is where `session` registered from: the same TCP connection, or over UDP (or
    through a trusted proxy, which names the device's own address) the same address and port."""
    registered = session.peer
    if registered is None:
        return False
    if registered is peer:
        return True
    if peer.transport == "tcp" and peer.relay is None:
        return registered.transport == "tcp" and registered.conn == peer.conn != 0
    # over UDP, or relayed by a trusted proxy (proxy.py): the same transport, address and port
    return (
        registered.transport == peer.transport
        and registered.port == peer.port
        and registered.host == peer.host
    )


class Guard:
    """Security events and the per-source REGISTER rate limit (a token bucket per address)."""

    def __init__(self, register_rate: float = 200.0, register_burst: float = 1000.0) -> None:
        self.register_rate, self.register_burst = register_rate, register_burst
        self.counts: dict[str, int] = {}
        self.recent: deque[SecurityEvent] = deque(maxlen=RECENT)
        self.pending: list[SecurityEvent] = []  # not yet taken by the server (for the log)
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def note(self, kind: str, device_id: str, peer: Peer, now: float) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        event = SecurityEvent(now, kind, device_id, peer.transport, peer.host, peer.port)
        self.recent.append(event)
        if len(self.pending) < RECENT:
            self.pending.append(event)

    def take(self) -> list[SecurityEvent]:
        taken, self.pending = self.pending, []
        return taken

    def register_allowed(self, host: str, now: float) -> bool:
        """One REGISTER from `host` may be handled now (rate 0: no limit)."""
        if self.register_rate <= 0:
            return True
        tokens, at = self._buckets.pop(host, (self.register_burst, now))
        tokens = min(self.register_burst, tokens + (now - at) * self.register_rate)
        allowed = tokens >= 1.0
        self._buckets[host] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > MAX_SOURCES:
            self._buckets.popitem(last=False)
        return allowed
