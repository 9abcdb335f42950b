"""Server CPU per digest registration of an already-known device, and where it goes.

`jixiao sip serve` runs as a subprocess on loopback; `--devices` devices register first
(enrolment, their queries answered), then `--pairs` registrations again, round-robin over
them, each as SIPp's `register_digest` scenario sends it: a REGISTER with a new Call-ID,
the 401 challenge, the REGISTER with MD5 qop=auth credentials, its 200 OK, `WINDOW` pairs
in flight. The figure is the server process's CPU time (user + system, /proc) during those
pairs divided by their number: unlike a rate by the wall clock it hardly moves when the
machine is shared. `--profile` runs the server under cProfile (its main thread: the event
loop; the store writes run in a worker thread) and prints where the time went. With `--sipp`
the CPU is also split by thread (the event loop's, the store writes'), the time the event
loop's thread waited for a CPU is given (on a shared machine it may be runnable all along
and still get half a core: then its CPU per registration sets the rate), and the datagrams
dropped by full receive buffers are counted: SIPp's 64 KiB socket drops answers that arrive
in a burst while it is not reading, and each drop stalls a call for SIPp's 500 ms
retransmission timer (`--sipp-buffer 1048576` shows the rate without them).

    python bench/sip_profile.py [--pairs 20000] [--devices 1000] [--profile] [--runs 3]
    python bench/sip_profile.py --sipp [--pairs 20000] [--runs 3] [--sipp-buffer BYTES]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

from sip import (
    PASSWORD,
    PLATFORM,
    REALM,
    WINDOW,
    Blaster,
    platform,
    sipp_rate,
    udp_receive_drops,
)

from jixiao.adapters.gb28181.simulator import device_id

_STATUS = re.compile(rb"^SIP/2\.0 (\d{3})")
_CALL_ID = re.compile(rb"\r\nCall-ID: ([^\r]+)", re.I)
_NONCE = re.compile(rb'nonce="([^"]+)"')
URI = f"sip:{PLATFORM}@{REALM}"


def _md5(value: str) -> str:
    return hashlib.md5(value.encode()).hexdigest()


def _register(dev: str, call_id: str, cseq: int, port: int, auth: str = "") -> bytes:
    """A REGISTER as SIPp's register_digest.xml writes it (the same headers, in order)."""
    return (
        f"REGISTER {URI} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:{port};rport;branch=z9hG4bK-{call_id}-{cseq}\r\n"
        f"From: <sip:{dev}@{REALM}>;tag={call_id}SIPpTag\r\n"
        f"To: <sip:{dev}@{REALM}>\r\n"
        f"Call-ID: {call_id}\r\n"
        f"CSeq: {cseq} REGISTER\r\n"
        f"Contact: <sip:{dev}@127.0.0.1:{port}>\r\n"
        f"{auth}"
        "Max-Forwards: 70\r\nUser-Agent: SIPp\r\nExpires: 3600\r\nX-GB-ver: 3.0\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode()


def pairs(blaster: Blaster, devices: int, count: int) -> tuple[int, int, float, list[float]]:
    """`count` challenge + authenticated REGISTER pairs round-robin over the first `devices`
    devices, each with a new Call-ID: (registered, failed, seconds, and the seconds from
    each authenticated REGISTER to its 200 OK: the group commit's wait)."""
    ids = [device_id(i) for i in range(devices)]
    ha1 = [_md5(f"{d}:{REALM}:{PASSWORD}") for d in ids]
    ha2 = _md5(f"REGISTER:{URI}")
    sock, target, port = blaster.sock, blaster.target, blaster.port
    sock.settimeout(2.0)
    in_flight: set[int] = set()
    signed: dict[int, float] = {}
    waits: list[float] = []
    sent = done = failed = 0
    started = time.perf_counter()
    while done + failed < count:
        while len(in_flight) < WINDOW and sent < count:
            sock.sendto(_register(ids[sent % devices], f"p{sent}", 1, port), target)
            in_flight.add(sent)
            sent += 1
        try:
            data = sock.recv(65_536)
        except TimeoutError:
            failed += len(in_flight)  # lost: not retried (the figure is per registration)
            in_flight.clear()
            continue
        status, call = _STATUS.match(data), _CALL_ID.search(data)
        if status is None or call is None:
            continue  # a request of the platform's: none are sent to known devices
        n = int(call.group(1)[1:])
        if n not in in_flight:
            continue
        code = status.group(1)
        if code == b"401":
            nonce = m.group(1).decode() if (m := _NONCE.search(data)) else ""
            i = n % devices
            response = _md5(f"{ha1[i]}:{nonce}:00000001:c0ffee:auth:{ha2}")
            auth = (
                f'Authorization: Digest username="{ids[i]}",realm="{REALM}",nonce="{nonce}",'
                f'uri="{URI}",response="{response}",algorithm=MD5,cnonce="c0ffee",'
                "qop=auth,nc=00000001\r\n"
            )
            sock.sendto(_register(ids[i], f"p{n}", 2, port, auth), target)
            signed[n] = time.perf_counter()
            continue
        in_flight.discard(n)
        if code == b"200":
            done += 1
            waits.append(time.perf_counter() - signed.pop(n, started))
        else:
            failed += 1
    return done, failed, time.perf_counter() - started, waits


def cpu_times(pid: int) -> tuple[float, float]:
    """User and system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def run_sipp(count: int, profile: Path | None = None, buffer: int = 0) -> float:
    """One server, SIPp's register_digest `count` times (one device, as bench/sip.py runs
    it: SIPp keeps the server busier than a Python load generator can); µs of server CPU
    per registration."""
    with tempfile.TemporaryDirectory(prefix="jixiao-sip-profile-") as tmp:
        work = Path(tmp)
        wrap = ["-m", "cProfile", "-o", str(profile)] if profile else []
        with platform(work / "data", JIXIAO_SIP_SUBSCRIBE="false", python=wrap) as (port, pid):
            sipp_rate(port, "register_digest", 1, work)  # enrolled, its queries answered
            time.sleep(2)
            user, system = cpu_times(pid)
            threads, dropped = thread_cpu(pid), udp_receive_drops()
            ran, waited = scheduled(pid)
            options = ["-buff_size", str(buffer)] if buffer else []
            started = time.perf_counter()
            rate = sipp_rate(port, "register_digest", count, work, options=options)
            wall = time.perf_counter() - started
            after = cpu_times(pid)
            ran, waited = (a - b for a, b in zip(scheduled(pid), (ran, waited), strict=True))
            threads = {t: c - threads.get(t, 0.0) for t, c in thread_cpu(pid).items()}
            dropped = udp_receive_drops() - dropped
    user, system = after[0] - user, after[1] - system
    per = (user + system) / count * 1e6
    loop = threads.pop(str(pid), 0.0) / count * 1e6
    print(
        f"SIPp: {count:,} registrations, {rate or 0:,.0f}/s by the wall clock; server CPU "
        f"{user + system:.2f}s ({user:.2f}s user, {system:.2f}s system), {per:.1f} µs per "
        f"registration ({loop:.1f} in the event loop's thread, "
        f"{sum(threads.values()) / count * 1e6:.1f} in the others: the store writes); "
        f"{dropped} datagrams dropped by full receive buffers (each answer SIPp's socket "
        "drops stalls its call until SIPp sends again 500 ms later); the event loop's thread "
        f"ran {ran:.2f}s and waited {waited:.2f}s for a CPU in {wall:.2f}s "
        f"(runnable {(ran + waited) / wall:.0%} of the time: CPU-bound when near 100 %, "
        "however little of a core it got)",
        flush=True,
    )
    return per


def scheduled(pid: int) -> tuple[float, float]:
    """Seconds the main thread of a process has run, and has waited runnable for a CPU
    (Linux /proc schedstat; zeros where it is missing)."""
    try:
        fields = Path(f"/proc/{pid}/task/{pid}/schedstat").read_text().split()
    except OSError:
        return 0.0, 0.0
    return int(fields[0]) / 1e9, int(fields[1]) / 1e9


def thread_cpu(pid: int) -> dict[str, float]:
    """CPU seconds (user + system) of each thread of a process so far (Linux /proc)."""
    tick, out = os.sysconf("SC_CLK_TCK"), {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
            out[task.name] = (int(fields[11]) + int(fields[12])) / tick
    return out


def run(devices: int, count: int, profile: Path | None) -> float:
    """One server: register the devices, then `count` pairs; µs of server CPU per pair."""
    with tempfile.TemporaryDirectory(prefix="jixiao-sip-profile-") as tmp:
        work = Path(tmp)
        wrap = ["-m", "cProfile", "-o", str(profile)] if profile else []
        with platform(work / "data", JIXIAO_SIP_SUBSCRIBE="false", python=wrap) as (port, pid):
            blaster = Blaster(port)
            _, first_failed = blaster.register(devices)
            blaster.settle(2)  # their catalog and device-info queries answered
            user, system = cpu_times(pid)
            done, failed, seconds, waits = pairs(blaster, devices, count)
            after = cpu_times(pid)
            user, system = after[0] - user, after[1] - system
            used = user + system
            blaster.sock.close()
    per = used / max(1, done) * 1e6
    waits.sort()
    median, p90 = (waits[int(len(waits) * q)] * 1e3 if waits else 0.0 for q in (0.5, 0.9))
    print(
        f"{done:,} registrations ({failed} failed, {first_failed} first failed) in "
        f"{seconds:.1f}s: {done / seconds:,.0f}/s by the wall clock; server CPU {used:.2f}s "
        f"({user:.2f}s user, {system:.2f}s system), "
        f"{per:.1f} µs per registration ({1e6 / per:,.0f} per second of server CPU); "
        f"authenticated REGISTER to 200 OK: median {median:.1f} ms, 90th percentile {p90:.1f} ms",
        flush=True,
    )
    return per


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20_000)
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="servers run one after another")
    parser.add_argument("--profile", action="store_true", help="cProfile the server (one run)")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sipp", action="store_true", help="SIPp sends the pairs (one device)")
    parser.add_argument(
        "--sipp-buffer",
        type=int,
        default=0,
        help="SIPp's socket buffer in bytes (its default, 65535, drops answers in bursts)",
    )
    args = parser.parse_args()
    if args.profile:
        with tempfile.TemporaryDirectory(prefix="jixiao-sip-cprofile-") as tmp:
            out = Path(tmp) / "server.prof"
            if args.sipp:
                run_sipp(args.pairs, out, args.sipp_buffer)
            else:
                run(args.devices, args.pairs, out)
            stats = pstats.Stats(str(out), stream=sys.stdout)
            stats.sort_stats("tottime").print_stats(args.top)
            stats.sort_stats("cumulative").print_stats(args.top)
        return
    figures = sorted(
        run_sipp(args.pairs, None, args.sipp_buffer)
        if args.sipp
        else run(args.devices, args.pairs, None)
        for _ in range(args.runs)
    )
    print(f"median {figures[len(figures) // 2]:.1f} µs per registration (runs: {figures})")


if __name__ == "__main__":
    main()
