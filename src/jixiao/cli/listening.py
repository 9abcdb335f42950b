"""The ports `jixiao serve` and `jixiao sip serve` listen on, checked before anything is created.

A taken port found only once the store, the first administrator and its one-time password
exist leaves an administrator nobody can log in as; so the web port is bound first (and the
bound socket handed to uvicorn), and the SIP port is tried, when it must work, before that.
"""

from __future__ import annotations

import errno
import socket
from typing import Any

from jixiao.config import Settings, variable_problem
from jixiao.domain.errors import InputError, Problem

_Address = tuple[socket.AddressFamily, socket.SocketKind, int, Any]


def reason(error: OSError) -> str:
    """Why a port cannot be listened on, in Chinese."""
    if isinstance(error, socket.gaierror):
        return "无法解析该地址"
    if error.errno == errno.EADDRINUSE:
        return "端口已被占用"
    if error.errno == errno.EADDRNOTAVAIL:
        return "该地址不是本机的地址"
    if error.errno == errno.EACCES:
        return "没有权限使用该端口（1024以下的端口需要管理员权限）"
    return error.strerror or str(error)


def bind_web(host: str, port: int) -> list[socket.socket]:
    """TCP sockets bound to every address of `host` on `port`, as uvicorn would bind them
    (SO_REUSEADDR; IPv6 only on an IPv6 address); a port that cannot be bound is bad input."""
    bound: list[socket.socket] = []
    try:
        for family, kind, proto, address in _addresses(host, port, socket.SOCK_STREAM):
            sock = socket.socket(family, kind, proto)
            bound.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
            sock.set_inheritable(True)
    except OSError as error:
        for sock in bound:
            sock.close()
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        if error.errno == errno.EADDRINUSE:
            option, advice = "--port", "；请用 --port 换一个端口，或先停止占用它的程序"
        else:
            option, advice = "--host", ""
        raise InputError(
            [
                Problem(
                    "命令行", f"网页端无法在 {where} 上监听：{reason(error)}{advice}", None, option
                )
            ]
        ) from error
    return bound


def check_sip_port(settings: Settings) -> None:
    """Bad input when JIXIAO_SIP_HOST:JIXIAO_SIP_PORT cannot be bound, UDP or TCP.

    Only tried and let go: the SIP server binds the port itself a moment later.
    """
    if settings.sip_port == 0:  # any free port: nothing to check
        return
    family = socket.AF_INET6 if ":" in settings.sip_host else socket.AF_INET
    try:
        for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
            with socket.socket(family, kind) as sock:
                if kind == socket.SOCK_STREAM:  # as asyncio's create_server does
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind((settings.sip_host, settings.sip_port))
    except OSError as error:
        raise sip_port_error(settings, error) from error


def sip_port_error(settings: Settings, error: OSError) -> InputError:
    where = f"{settings.sip_host}:{settings.sip_port}"
    return InputError(
        [
            variable_problem(
                "JIXIAO_SIP_HOST/JIXIAO_SIP_PORT",
                f"GB/T 28181 接入服务无法在 {where} 上监听：{reason(error)}",
            )
        ]
    )


def _addresses(host: str, port: int, kind: socket.SocketKind) -> list[_Address]:
    """The distinct addresses `host` resolves to, as asyncio's create_server would bind."""
    unique: list[_Address] = []
    for family, sock_kind, proto, _, address in socket.getaddrinfo(
        host, port, type=kind, flags=socket.AI_PASSIVE
    ):
        entry = (family, sock_kind, proto, address)
        if entry not in unique:
            unique.append(entry)
    return unique
