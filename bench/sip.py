"""GB/T 28181 benchmark: keepalives and digest registrations per second, one server process.

`jixiao sip serve` runs as one process on loopback. A load generator written for speed
(plain sockets, a window of requests in flight, every platform request answered 200 OK like
a device would) first registers DEVICES devices with digest auth, then sends keepalives as
fast as the server answers them, and counts the 200 OKs. Afterwards the store must hold no
offline transition (a false offline). The ceiling: SIPp (C++) against a Kamailio registrar
with one worker, in the same run, with the same scenarios sent to jixiao too.

    python bench/sip.py [--seconds 10] [--devices 20000]
    python bench/sip.py --soak [--devices 100000] [--soak-minutes 10]
    python bench/sip.py --storm [--devices 100000] [--storm-rate 50000]
    python bench/sip.py --registrations 10000

The storm's devices are simulated by one Python process (adapters/gb28181/simulator.Fleet);
it reports its own CPU next to the server's, so a storm the generator cannot drive at full
speed says so instead of passing for the platform's limit.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import re
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from jixiao.adapters.gb28181.simulator import Fleet, FleetConfig, device_id

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "tests" / "data" / "gb28181" / "sipp"
PLATFORM = "34020000002000000001"
REALM = PLATFORM[:10]
PASSWORD = "12345678"
WINDOW = 256
GOAL_KEEPALIVES = 20_000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def platform(data: Path, python: Sequence[str] = (), **env: str) -> Iterator[tuple[int, int]]:
    """`jixiao sip serve` in its own process; yields its port and process id. `python`:
    options for the interpreter first (`-m cProfile -o FILE`: bench/sip_profile.py)."""
    variables = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")} | {
        "JIXIAO_DATA_DIR": str(data),
        "JIXIAO_SIP_PORT": "0",
        "JIXIAO_SIP_PASSWORD": PASSWORD,
        "JIXIAO_SIP_AUTO_ENROL": "true",
        # the load generator is one host registering thousands of devices: no per-source
        # REGISTER limit (it protects a platform from one host; here we measure capacity)
        "JIXIAO_SIP_REGISTER_RATE": "0",
        **env,
    }
    server = subprocess.Popen(
        [sys.executable, *python, "-m", "jixiao", "sip", "serve"],
        env=variables,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert server.stdout is not None
    match = re.search(r":(\d+)（UDP/TCP）", server.stdout.readline())
    if match is None:
        server.kill()
        raise SystemExit("jixiao sip serve did not start")
    try:
        yield int(match.group(1)), server.pid
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()


# --- the load generator ---------------------------------------------------------------------

_CALL_ID = re.compile(rb"\r\nCall-ID: ([^\r]+)", re.I)
_STATUS = re.compile(rb"^SIP/2\.0 (\d{3})")
_NONCE = re.compile(rb'nonce="([^"]+)"')
_TO_USER = re.compile(rb"\r\nTo: <sip:(\d{20})@", re.I)
_COPY = re.compile(rb"^(Via|From|To|Call-ID|CSeq):.*$", re.I | re.M)


def _request(
    method: str, dev: str, call_id: str, cseq: int, port: int, extra: str = "", body: bytes = b""
) -> bytes:
    to = dev if method == "REGISTER" else PLATFORM
    head = (
        f"{method} sip:{PLATFORM}@{REALM} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:{port};rport;branch=z9hG4bK{call_id}{cseq}\r\n"
        f"From: <sip:{dev}@{REALM}>;tag=t{call_id}\r\nTo: <sip:{to}@{REALM}>\r\n"
        f"Call-ID: {call_id}\r\nCSeq: {cseq} {method}\r\nMax-Forwards: 70\r\n{extra}"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def _keepalive(dev: str, n: int, port: int) -> bytes:
    body = (
        '<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n'
        f"<SN>{n}</SN>\r\n<DeviceID>{dev}</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n"
    ).encode()
    return _request(
        "MESSAGE", dev, f"k{n}", n, port, "Content-Type: Application/MANSCDP+xml\r\n", body
    )


def _md5(value: str) -> str:
    return hashlib.md5(value.encode()).hexdigest()


def _answer(data: bytes) -> bytes:
    """200 OK to a request from the platform (Catalog query, SUBSCRIBE…), as a device would."""
    lines = b"\r\n".join(m.group(0).rstrip(b"\r") for m in _COPY.finditer(data))
    return b"SIP/2.0 200 OK\r\n" + lines + b";tag=dev\r\nExpires: 600\r\nContent-Length: 0\r\n\r\n"


class Blaster:
    def __init__(self, port: int) -> None:
        self.target = ("127.0.0.1", port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(2.0)
        self.port = self.sock.getsockname()[1]
        self.answered = 0

    def _recv(self) -> bytes | None:
        try:
            data = self.sock.recv(65536)
        except TimeoutError:
            return None
        if not data.startswith(b"SIP/2.0"):
            self.sock.sendto(_answer(data), self.target)
            self.answered += 1
            return b""
        return data

    def settle(self, seconds: float) -> None:
        """Answer the platform's requests (catalog queries after registration) for `seconds`.
        Sleeping instead, the socket filled with them and the answers to the first window of
        keepalives were dropped on arrival: none came back, and the keepalive rate read 0."""
        end = time.perf_counter() + seconds
        self.sock.settimeout(0.1)
        while time.perf_counter() < end:
            self._recv()
        self.sock.settimeout(2.0)

    def register(self, count: int, first: int = 0) -> tuple[float, int]:
        """Register `count` devices (from device `first` on) with digest; (seconds, failures).
        A device whose answer was lost (UDP) starts over with a plain REGISTER, as a real
        device would."""
        ids = [device_id(first + i) for i in range(count)]
        uri = f"sip:{PLATFORM}@{REALM}"
        ha2 = _md5(f"REGISTER:{uri}")
        plain = [
            _request("REGISTER", ids[i], f"r{i}", 1, self.port, "Expires: 3600\r\n")
            for i in range(count)
        ]
        waiting: set[int] = set()
        started, sent, done, failures, timeouts = time.perf_counter(), 0, 0, 0, 0
        self.sock.settimeout(0.5)
        while done + failures < count and timeouts < 10:
            while len(waiting) < WINDOW and sent < count:
                self.sock.sendto(plain[sent], self.target)
                waiting.add(sent)
                sent += 1
            data = self._recv()
            if data is None:
                timeouts += 1
                for i in waiting:
                    self.sock.sendto(plain[i], self.target)
                continue
            call = _CALL_ID.search(data)
            status = _STATUS.match(data)
            if not data or call is None or status is None:
                continue
            i = int(call.group(1)[1:])
            if i not in waiting:
                continue
            code = status.group(1)
            if code == b"401":
                nonce = m.group(1).decode() if (m := _NONCE.search(data)) else ""
                ha1 = _md5(f"{ids[i]}:{REALM}:{PASSWORD}")
                response = _md5(f"{ha1}:{nonce}:00000001:c0ffee:auth:{ha2}")
                auth = (
                    f'Authorization: Digest username="{ids[i]}",realm="{REALM}",nonce="{nonce}",'
                    f'uri="{uri}",response="{response}",algorithm=MD5,qop=auth,nc=00000001,cnonce="c0ffee"\r\n'
                )
                self.sock.sendto(
                    _request("REGISTER", ids[i], f"r{i}", 2, self.port, auth + "Expires: 3600\r\n"),
                    self.target,
                )
            elif code == b"200":
                waiting.discard(i)
                done += 1
            else:
                waiting.discard(i)
                failures += 1
        self.sock.settimeout(2.0)
        return time.perf_counter() - started, count - done

    def keepalives(
        self, devices: int, seconds: float, first: int = 0
    ) -> tuple[int, int, int, float]:
        """Keepalives round-robin over the devices (from device `first` on) for `seconds`:
        (sent, ok, other, elapsed)."""
        ids = [device_id(first + i) for i in range(devices)]
        started = time.perf_counter()
        sent = ok = other = in_flight = 0
        end = started + seconds
        while True:
            now = time.perf_counter()
            sending = now < end
            while sending and in_flight < WINDOW:
                self.sock.sendto(_keepalive(ids[sent % devices], sent, self.port), self.target)
                sent, in_flight = sent + 1, in_flight + 1
            if not sending and in_flight == 0:
                break
            data = self._recv()
            if data is None:
                break  # what is still in flight was lost
            if not data:
                continue
            in_flight -= 1
            if data.startswith(b"SIP/2.0 200"):
                ok += 1
            else:
                other += 1
        return sent, ok, other, time.perf_counter() - started


def peak_memory_mib(pid: int) -> float:
    """The resident set's high-water mark of a running process (Linux /proc, VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def own_cpu_seconds() -> float:
    """User + system CPU time of this process (the load generator) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def offline_transitions(data: Path) -> dict[str, int]:
    engine = create_engine(f"sqlite:///{data / 'jixiao.sqlite3'}")
    with engine.connect() as c:
        rows = c.execute(
            text("SELECT cause, count(*) FROM status_change WHERE online = 0 GROUP BY cause")
        )
        found = {cause: n for cause, n in rows}
    engine.dispose()
    return found


# --- the ceiling: SIPp against Kamailio ------------------------------------------------------

KAMAILIO_CFG = """#!KAMAILIO
debug=0
log_stderror=yes
fork=yes
children=1
tcp_children=1
disable_tcp=no
auto_aliases=no
listen=udp:127.0.0.1:{port}
listen=tcp:127.0.0.1:{port}
mpath="{modules}"
loadmodule "sl.so"
loadmodule "tm.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
modparam("auth", "nonce_expire", 300)
request_route {{
    if (is_method("REGISTER")) {{
        if (!pv_www_authenticate("$td", "{password}", "0")) {{
            www_challenge("$td", "1");
            exit;
        }}
        save("location");
        exit;
    }}
    if (is_method("MESSAGE|OPTIONS")) {{
        sl_send_reply("200", "OK");
        exit;
    }}
    sl_send_reply("405", "Method Not Allowed");
}}
"""


# The same registrar writing each registration through to SQLite before it answers (usrloc
# db_mode 1), as jixiao stores each one before its 200 OK; the store on /dev/shm, so that
# SQLite's fsync at each commit (Kamailio's connections keep synchronous=FULL) costs no more
# than jixiao's synchronous=NORMAL, which syncs at checkpoints only.
KAMAILIO_DURABLE_CFG = KAMAILIO_CFG.replace(
    'loadmodule "auth.so"\n',
    'loadmodule "auth.so"\nloadmodule "db_sqlite.so"\n'
    'modparam("usrloc", "db_url", "sqlite://{database}")\n'
    'modparam("usrloc", "db_mode", 1)\n',
)
KAMAILIO_SCHEMA = Path("/usr/share/kamailio/db_sqlite")


def durable_registrar(database: Path) -> Callable[[int, Path], str] | None:
    """The configuration of the write-through registrar on `database`, created with
    Kamailio's own schema (None when the SQLite module is missing)."""
    module = Path("/usr/lib/x86_64-linux-gnu/kamailio/modules/db_sqlite.so")
    if not module.exists() or not KAMAILIO_SCHEMA.is_dir():
        return None
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA journal_mode=WAL")
        for part in ("standard-create.sql", "usrloc-create.sql"):
            db.executescript((KAMAILIO_SCHEMA / part).read_text())
    return lambda port, modules: KAMAILIO_DURABLE_CFG.format(
        port=port, modules=modules, password=PASSWORD, database=database
    )


@contextmanager
def kamailio(
    workdir: Path, config: Callable[[int, Path], str] | None = None
) -> Iterator[int | None]:
    """Kamailio on a free loopback port (None when it is missing or does not start), with
    the registrar above, or the configuration `config(port, modules)` writes."""
    binary = shutil.which("kamailio")
    modules = Path("/usr/lib/x86_64-linux-gnu/kamailio/modules")
    if binary is None or not modules.is_dir():
        yield None
        return
    port = _free_port()
    cfg = workdir / "kamailio.cfg"
    if config is None:
        cfg.write_text(KAMAILIO_CFG.format(port=port, modules=modules, password=PASSWORD))
    else:
        cfg.write_text(config(port, modules))
    runtime = workdir / "kamailio-run"
    runtime.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [
            binary,
            "-f",
            str(cfg),
            "-DD",
            "-E",
            "-Y",
            str(runtime),
            "-P",
            str(workdir / "kamailio.pid"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its worker processes share its group: stopped together
    )
    time.sleep(1.5)
    if process.poll() is not None:
        print(
            "kamailio did not start:",
            (process.stderr.read() if process.stderr else b"").decode()[-800:],
        )
        yield None
        return
    try:
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def sipp_rate(
    port: int,
    scenario: str,
    calls: int,
    workdir: Path,
    device: str = "34020000001180099999",
    local_port: int | None = None,
    options: Sequence[str] = (),
) -> float | None:
    """Calls per second SIPp completes (every call successful), or None. `local_port`: SIPp's
    own port (keepalives are taken only from where the device registered); `options`: more
    of SIPp's (bench/sip_profile.py --sipp-buffer)."""
    binary = shutil.which("sipp")
    if binary is None:
        return None
    command = [
        binary,
        f"127.0.0.1:{port}",
        "-sf",
        str(SCENARIOS / f"{scenario}.xml"),
        "-oocsf",
        str(SCENARIOS / "answer_all.xml"),
        "-s",
        device,
        "-au",
        device,
        "-ap",
        PASSWORD,
        "-key",
        "platform",
        PLATFORM,
        "-key",
        "realm",
        REALM,
        "-m",
        str(calls),
        "-r",
        "100000",
        "-rp",
        "1000",
        "-l",
        str(WINDOW),
        "-i",
        "127.0.0.1",
        "-p",
        str(local_port or _free_port()),
        "-timeout",
        "120s",
        "-nostdin",
        "-recv_timeout",
        "5000",
        *options,
    ]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=workdir, capture_output=True, timeout=300, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        return None
    return calls / elapsed


# --- the runs -------------------------------------------------------------------------------


def bench(seconds: float, devices: int) -> None:
    with tempfile.TemporaryDirectory(prefix="jixiao-sip-bench-") as tmp:
        work = Path(tmp)
        with platform(work / "data", JIXIAO_SIP_SUBSCRIBE="false") as (port, pid):
            blaster = Blaster(port)
            cpu = cpu_seconds(pid)
            reg_s, reg_fail = blaster.register(devices)
            reg_cpu = cpu_seconds(pid) - cpu
            blaster.settle(2)
            cpu = cpu_seconds(pid)
            sent, ok, other, elapsed = blaster.keepalives(devices, seconds)
            keepalive_cpu = cpu_seconds(pid) - cpu
            sipp_port = _free_port()  # register and keep alive from the same source
            registered = _registered_by_sipp(port, work, sipp_port)
            cpu, wall = cpu_seconds(pid), time.perf_counter()
            sipp_keepalive = (
                sipp_rate(port, "keepalive_load", 50_000, work, local_port=sipp_port)
                if registered
                else None
            )
            sipp_share = (cpu_seconds(pid) - cpu) / (time.perf_counter() - wall)
            sipp_register = sipp_rate(port, "register_digest", 10_000, work)
            time.sleep(2)
        offline = offline_transitions(work / "data")
        with kamailio(work) as kport:
            kam_keepalive = sipp_rate(kport, "keepalive_load", 50_000, work) if kport else None
            kam_register = sipp_rate(kport, "register_digest", 10_000, work) if kport else None
        kam_durable = None
        with tempfile.TemporaryDirectory(prefix="jixiao-kamailio-", dir="/dev/shm") as shm:
            durable = durable_registrar(Path(shm) / "location.sqlite3")
            if durable is not None:
                with kamailio(work, durable) as kport:
                    kam_durable = (
                        sipp_rate(kport, "register_digest", 10_000, work) if kport else None
                    )
    keepalive_rate = ok / elapsed
    per_core = ok / keepalive_cpu if keepalive_cpu else 0.0
    print(f"{'GB/T 28181, one server process (loopback)':<58}{'value':>14}")
    print(
        f"{'digest registrations/s (our load generator)':<58}{devices / reg_s:>14,.0f}   ({devices} devices, {reg_fail} failed)"
    )
    print(
        f"{'  per second of server CPU':<58}{devices / reg_cpu if reg_cpu else 0:>14,.0f}   (first registrations: enrolment and 3 queries each)"
    )
    print(
        f"{'keepalives/s answered 200 OK (our load generator)':<58}{keepalive_rate:>14,.0f}   ({ok}/{sent} OK, {other} other, {sent - ok - other} lost)"
    )
    print(
        f"{'  per second of server CPU (one core to itself)':<58}{per_core:>14,.0f}   (server used {keepalive_cpu / elapsed:.0%} of a core)"
    )
    print(
        f"{'  devices at a 60 s interval this implies':<58}{keepalive_rate * 60:>14,.0f}   ({per_core * 60:,.0f} per core)"
    )
    print(f"{'  offline transitions (must be 0)':<58}{sum(offline.values()):>14}   {offline or ''}")
    for label, rate in (("wall clock", keepalive_rate), ("per server CPU", per_core)):
        verdict = "met" if rate >= GOAL_KEEPALIVES else f"NOT met ({rate / GOAL_KEEPALIVES:.0%})"
        print(f"{'  goal 20,000 keepalives/s, ' + label:<58}{verdict:>14}")
    rows = [
        (f"SIPp keepalives/s: jixiao (used {sipp_share:.0%} of a core)", sipp_keepalive),
        ("SIPp keepalives/s: Kamailio (1 worker, the ceiling)", kam_keepalive),
        ("SIPp digest registrations/s: jixiao", sipp_register),
        ("SIPp digest registrations/s: Kamailio (the ceiling)", kam_register),
        ("SIPp digest registrations/s: Kamailio writing each to SQLite", kam_durable),
    ]
    for name, value in rows:
        print(f"{name:<58}{'' if value is None else f'{value:,.0f}':>14}")
    for name, ours, ceiling in (
        ("keepalive", sipp_keepalive, kam_keepalive),
        ("registration", sipp_register, kam_register),
        ("registration, both stored", sipp_register, kam_durable),
    ):
        if ours and ceiling:
            print(f"{'  jixiao / Kamailio, ' + name:<58}{ours / ceiling:>14.2f}")
    if kam_keepalive is None:
        print("(Kamailio or SIPp missing: `make bench` installs them)")


def registrations(calls: int) -> None:
    """SIPp's digest registrations only: jixiao, then Kamailio in memory and writing each to
    SQLite, one after another (the part of `bench` that compares registrars), with the load
    average before each and the datagrams full receive buffers dropped during each."""
    rates: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory(prefix="jixiao-sip-bench-") as tmp:
        work = Path(tmp)

        def measure(name: str, port: int | None, pid: int | None = None) -> None:
            if port is None:
                rates[name] = None
                return
            load, dropped = os.getloadavg()[0], udp_receive_drops()
            cpu, wall = (cpu_seconds(pid), time.perf_counter()) if pid else (0.0, 0.0)
            rates[name] = rate = sipp_rate(port, "register_digest", calls, work)
            share = ""
            if pid is not None:
                used = (cpu_seconds(pid) - cpu) / (time.perf_counter() - wall)
                share = f", server {used:.0%} of a core"
            print(
                f"{name:<40}{'' if rate is None else f'{rate:,.0f}':>10}/s   (load {load:.2f}, "
                f"{udp_receive_drops() - dropped} datagrams dropped{share})",
                flush=True,
            )

        with platform(work / "data", JIXIAO_SIP_SUBSCRIBE="false") as (port, pid):
            sipp_rate(port, "register_digest", 1, work)  # enrolled, its queries answered
            time.sleep(2)
            measure("jixiao", port, pid)
        with kamailio(work) as kport:
            measure("Kamailio (in memory)", kport)
        with tempfile.TemporaryDirectory(prefix="jixiao-kamailio-", dir="/dev/shm") as shm:
            durable = durable_registrar(Path(shm) / "location.sqlite3")
            if durable is None:
                measure("Kamailio (writing each to SQLite)", None)
            else:
                with kamailio(work, durable) as kport:
                    measure("Kamailio (writing each to SQLite)", kport)
    ours = rates["jixiao"]
    for name in ("Kamailio (in memory)", "Kamailio (writing each to SQLite)"):
        ceiling = rates[name]
        if ours and ceiling:
            print(f"{'  jixiao / ' + name:<40}{ours / ceiling:>10.2f}")


def udp_receive_drops() -> int:
    """Datagrams the system dropped so far because a socket's receive buffer was full."""
    lines = [line.split() for line in Path("/proc/net/snmp").read_text().splitlines()]
    names, values = [line for line in lines if line and line[0] == "Udp:"][:2]
    return int(values[names.index("RcvbufErrors")])


def _registered_by_sipp(port: int, work: Path, local_port: int) -> bool:
    return sipp_rate(port, "register_digest", 1, work, local_port=local_port) is not None


def soak(devices: int, minutes: float) -> None:
    """`devices` simulated devices (one channel each, 60 s keepalives) for `minutes`."""
    with tempfile.TemporaryDirectory(prefix="jixiao-sip-soak-") as tmp:
        data = Path(tmp) / "data"
        with platform(data) as (port, _):
            config = FleetConfig(
                "127.0.0.1",
                port,
                devices,
                password=PASSWORD,
                interval=60.0,
                channels=1,
                register_rate=250,
            )

            async def run() -> Fleet:
                fleet = Fleet(config)
                await fleet.start()
                started = time.monotonic()
                registered = False
                while (
                    not registered
                    and time.monotonic() - started < devices / config.register_rate + 120
                ):
                    registered = await fleet.wait_registered(30)
                    print(
                        f"  registered {fleet.stats.registered:,}/{devices:,} after {time.monotonic() - started:.0f}s",
                        flush=True,
                    )
                print(
                    f"registration: {'all' if registered else 'NOT all'} in {time.monotonic() - started:.0f}s",
                    flush=True,
                )
                end = time.monotonic() + minutes * 60
                while time.monotonic() < end:
                    await asyncio.sleep(30)
                    s = fleet.stats
                    print(
                        f"  {int(end - time.monotonic()):>4}s left: keepalives {s.keepalives:,}, ok {s.keepalive_ok:,}, rejected {s.keepalive_rejected}",
                        flush=True,
                    )
                await fleet.stop()
                return fleet

            fleet = asyncio.run(run())
        offline = offline_transitions(data)
        s = fleet.stats
        print(
            f"soak: {devices:,} devices, {minutes} min: {s.keepalives:,} keepalives, {s.keepalive_ok:,} answered 200 OK, "
            f"{s.keepalive_rejected} rejected; offline transitions: {sum(offline.values())} {offline or ''}"
        )
        print(
            "zero false offline transitions: "
            + ("met" if not offline and not s.keepalive_rejected else "NOT met")
        )


def seed(data: Path, devices: int) -> None:
    """The store of a platform that had `devices` devices registered (online, registration
    valid for half an hour more) when it stopped: written through the platform's own use
    case (services.presence.record, the group commit's), 5,000 devices a transaction."""
    from jixiao.adapters.gb28181.events import Enrol
    from jixiao.bootstrap import build
    from jixiao.config import Settings
    from jixiao.services.presence import PresenceBatch, Registration, Transition, record

    url = f"sqlite:///{data / 'jixiao.sqlite3'}"  # the file `jixiao sip serve` opens
    store = build(Settings(data_dir=data, database_url=url)).store
    now = int(time.time())
    keys: dict[str, int] = {}
    for start in range(0, devices, 5000):
        batch = PresenceBatch()
        for i in range(start, min(devices, start + 5000)):
            dev = device_id(i)
            batch.learned.append(Enrol(dev, dev, registering=True))
            batch.transitions.append(Transition(dev, now - 60, True, "register"))
            batch.seen[dev] = now - 30
            batch.registrations[dev] = Registration(dev, "udp", "127.0.0.1", 9, f"s{i}", now + 1800)
        record(store, batch, keys)
    store.engine.dispose()


def storm(devices: int, rate: float, *, enrol_over_sip: bool = False) -> None:
    """A registration storm: `devices` devices known to the platform all REGISTER again at
    once (digest) after a platform restart, as after a power cut. The store is seeded
    directly (`seed`), or with `enrol_over_sip` by the devices' first registrations (their
    catalogs listed). Reports the time until every one is answered 200 OK, the refused and
    the lost (answered but not stored), and the server's peak memory."""
    with tempfile.TemporaryDirectory(prefix="jixiao-sip-storm-") as tmp:
        data = Path(tmp) / "data"

        async def register_all(port: int, register_rate: float) -> tuple[Fleet, float, bool]:
            fleet = Fleet(
                FleetConfig(
                    "127.0.0.1",
                    port,
                    devices,
                    password=PASSWORD,
                    interval=60.0,
                    channels=1,
                    register_rate=register_rate,
                )
            )
            await fleet.start()
            started = time.monotonic()
            registered = await fleet.wait_registered(devices / register_rate + 600)
            elapsed = time.monotonic() - started
            await asyncio.sleep(2)  # the catalogs and keepalives in flight
            await fleet.stop(drain_s=0)
            return fleet, elapsed, registered

        if enrol_over_sip:
            with platform(data) as (port, pid):
                print(f"storm: enrolling {devices:,} devices first (at 2,000/s)…", flush=True)
                cpu = cpu_seconds(pid)
                first, enrolled_s, _ = asyncio.run(register_all(port, 2000.0))
                cpu = cpu_seconds(pid) - cpu
                done = max(1, first.stats.registered)
                print(
                    f"  {first.stats.registered:,} first registrations in {enrolled_s:.0f}s "
                    f"(server CPU {cpu:.0f}s, {cpu / done * 1000:.2f} ms each)",
                    flush=True,
                )
        else:
            print(f"storm: storing {devices:,} registered devices first…", flush=True)
            seeded = time.perf_counter()
            seed(data, devices)
            print(f"  stored in {time.perf_counter() - seeded:.0f}s", flush=True)
        restart = int(time.time())
        with platform(data) as (port, pid):
            cpu, own = cpu_seconds(pid), own_cpu_seconds()
            fleet, elapsed, registered = asyncio.run(register_all(port, rate))
            cpu, own = cpu_seconds(pid) - cpu, own_cpu_seconds() - own
            peak = peak_memory_mib(pid)
        engine = create_engine(f"sqlite:///{data / 'jixiao.sqlite3'}")
        with engine.connect() as c:
            stored = c.execute(
                text(
                    "SELECT count(*) FROM sip_presence WHERE transport != '' "
                    "AND registered_until >= :t"
                ),
                {"t": restart + 3000},
            ).scalar_one()
        engine.dispose()
    s = fleet.stats
    answered = s.registered
    print(f"{'registration storm after a restart (loopback)':<58}{'value':>14}")
    print(f"{'  devices re-registering at once':<58}{devices:>14,}   (sent at {rate:,.0f}/s)")
    print(
        f"{'  seconds until every device was answered 200 OK':<58}"
        f"{elapsed if registered else float('nan'):>14.1f}   (server CPU {cpu:.0f}s, "
        f"load generator CPU {own:.0f}s)"
    )
    print(f"{'  answered 200 OK':<58}{answered:>14,}   ({s.register_failures} refused)")
    print(f"{'  answered but not stored (lost, must be 0)':<58}{max(0, answered - stored):>14,}")
    print(f"{'  server peak memory (MiB, VmHWM)':<58}{peak:>14,.0f}")
    goal = registered and elapsed <= 60 and answered <= stored and not s.register_failures
    print(f"{'  goal: all online within 60 s, none lost':<58}{'met' if goal else 'NOT met':>14}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--devices",
        type=int,
        default=None,
        help="devices (default 20,000; 100,000 with --soak or --storm)",
    )
    parser.add_argument("--soak", action="store_true", help="the 100,000-device ten-minute soak")
    parser.add_argument("--soak-minutes", type=float, default=10.0)
    parser.add_argument(
        "--storm", action="store_true", help="every device re-registering after a restart"
    )
    parser.add_argument("--storm-rate", type=float, default=50_000.0, help="REGISTERs sent/s")
    parser.add_argument(
        "--enrol-over-sip",
        action="store_true",
        help="storm: enrol the devices by first registrations at 2,000/s, not a seeded store",
    )
    parser.add_argument(
        "--registrations",
        type=int,
        default=0,
        metavar="CALLS",
        help="only SIPp's digest registrations (CALLS of them) against jixiao and Kamailio",
    )
    args = parser.parse_args()
    if args.registrations:
        registrations(args.registrations)
    elif args.storm:
        storm(args.devices or 100_000, args.storm_rate, enrol_over_sip=args.enrol_over_sip)
    elif args.soak:
        soak(args.devices or 100_000, args.soak_minutes)
    else:
        bench(args.seconds, args.devices or 20_000)


if __name__ == "__main__":
    main()
