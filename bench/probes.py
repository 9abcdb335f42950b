"""Active probes benchmark: TCP and RTSP probes per second per core, against Prometheus's
blackbox_exporter probing the same targets in the same run, and the memory of 100,000
devices probed every 5 minutes.

Every server runs on 127.0.0.1. The prober under test (jixiao's engine, or the
blackbox_exporter with GOMAXPROCS=1) is pinned to core 0; the servers and the exporter's load
generator to core 1. "Per core" is probes per CPU second of the prober's own process
(user + system, read from /proc), so a prober left idle by its load generator is not
penalised. The TCP server is a plain accept-and-close loop; the RTSP server is GStreamer's
gst-rtsp-server (tests/integration/probes/rtsp_server.py) with digest auth. jixiao's RTSP
probe is OPTIONS + DESCRIBE answered with digest (three requests); the exporter has no RTSP
prober, so its RTSP module is a TCP query_response sending OPTIONS and expecting
`RTSP/1.0 200` (one request, no auth): it does less per probe.

    python bench/probes.py [--tcp 30000] [--rtsp 3000] [--sustain 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RTSP_SERVER = ROOT / "tests" / "integration" / "probes" / "rtsp_server.py"
EXPORTER = "/usr/bin/prometheus-blackbox-exporter"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
ACCEPTOR = textwrap.dedent(
    """
    import socket
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(4096)
    print(s.getsockname()[1], flush=True)
    while True:
        c, _ = s.accept()
        c.close()
    """
)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def pinned(core: int) -> list[str]:
    return ["taskset", "-c", str(core)] if shutil.which("taskset") and os.cpu_count() != 1 else []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_tcp_server() -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [*pinned(1), sys.executable, "-c", ACCEPTOR], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    return process, int(process.stdout.readline())


def start_rtsp_server() -> tuple[subprocess.Popen[str], int] | None:
    if not Path("/usr/bin/python3").exists():
        return None
    port = free_port()
    process = subprocess.Popen(
        [*pinned(1), "/usr/bin/python3", str(RTSP_SERVER), str(port), "admin", "bench-pass"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    if not process.stdout.readline().startswith("ready"):
        process.kill()
        return None
    return process, port


# --- jixiao's engine, in a child process pinned to core 0 -------------------------------

CHILD = textwrap.dedent(
    """
    import asyncio, json, os, sys, time
    from jixiao.adapters.probes.checks import Job
    from jixiao.adapters.probes.engine import run_once
    from jixiao.domain.probes import ProbeMethod, parse_target
    method, target, count, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    m = ProbeMethod(method)
    t = parse_target(m, target)
    user, password = ("admin", "bench-pass") if m is ProbeMethod.RTSP else ("", "")
    jobs = [Job(i, m, t, 5.0, 0, user, password) for i in range(count)]
    asyncio.run(run_once(jobs[: min(200, count)], concurrency=concurrency))  # warm up
    before = os.times()
    started = time.perf_counter()
    results = asyncio.run(run_once(jobs, concurrency=concurrency))
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.user - before.user) + (after.system - before.system)
    print(json.dumps({"ok": sum(r.outcome.ok for r in results), "n": len(results),
                      "wall": wall, "cpu": cpu,
                      "causes": sorted({r.outcome.cause for r in results})}))
    """
)


def jixiao_rate(method: str, target: str, count: int, concurrency: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run(
        [*pinned(0), sys.executable, "-c", CHILD, method, target, str(count), str(concurrency)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    found: dict[str, float] = json.loads(done.stdout)
    return found


# --- blackbox_exporter, pinned to core 0, driven from core 1 -----------------------------


def exporter_config(rtsp_port: int | None) -> str:
    modules = "modules:\n  tcp_connect:\n    prober: tcp\n    timeout: 5s\n"
    if rtsp_port is not None:
        options = f"OPTIONS rtsp://127.0.0.1:{rtsp_port}/live RTSP/1.0\\r\\nCSeq: 1\\r\\n\\r\\n"
        modules += (
            "  rtsp_options:\n    prober: tcp\n    timeout: 5s\n    tcp:\n      query_response:\n"
            f'        - send: "{options}"\n'
            '        - expect: "^RTSP/1.0 200"\n'
        )
    return modules


async def drive(port: int, path: str, count: int, connections: int) -> tuple[int, float]:
    """`count` GETs of `path` over `connections` keep-alive connections; (successes, wall)."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    remaining = [count]
    ok = [0]

    async def one() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while remaining[0] > 0:
                remaining[0] -= 1
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                body = await reader.readexactly(length)
                if b"\nprobe_success 1" in body:
                    ok[0] += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(connections)))
    return ok[0], time.perf_counter() - started


def exporter_rate(
    exporter: int, pid: int, module: str, target: str, count: int
) -> dict[str, float]:
    path = f"/probe?module={module}&target={target}"
    asyncio.run(drive(exporter, path, min(200, count), 8))  # warm up
    before = cpu_seconds(pid)
    ok, wall = asyncio.run(drive(exporter, path, count, 64))
    return {"ok": ok, "n": count, "wall": wall, "cpu": cpu_seconds(pid) - before}


def start_exporter(config: str, folder: Path) -> tuple[subprocess.Popen[bytes], int] | None:
    if not Path(EXPORTER).exists():
        return None
    file = folder / "blackbox.yml"
    file.write_text(config)
    port = free_port()
    process = subprocess.Popen(
        [
            *pinned(0),
            EXPORTER,
            f"--config.file={file}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--log.level=error",
        ],
        env=dict(os.environ, GOMAXPROCS="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    return None


def line(name: str, figures: dict[str, float]) -> float:
    per_cpu = figures["n"] / figures["cpu"] if figures["cpu"] else float("inf")
    print(
        f"  {name:<34} {figures['n'] / figures['wall']:>9,.0f}/s wall  "
        f"{per_cpu:>9,.0f}/CPU-s   ok {int(figures['ok'])}/{int(figures['n'])}"
    )
    return per_cpu


# --- 100,000 devices every 5 minutes --------------------------------------------------------

SUSTAIN = textwrap.dedent(
    """
    import asyncio, json, resource, sys, time
    from jixiao import bootstrap
    from jixiao.adapters.probes.rounds import keep_probing
    from jixiao.config import Settings
    from jixiao.domain.devices import Device, DeviceKind, GbId
    from jixiao.services.web_ports import ProbeConfig
    folder, port, devices, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    app = bootstrap.application(Settings(data_dir=folder, probe_interval=300))
    rows = [Device(GbId(f"640323000013{i:08d}"), DeviceKind.CAMERA, f"cam{i}", ("bench",),
                   ip="127.0.0.1") for i in range(devices)]
    with app.store.write() as repos:
        repos.devices.upsert(rows)
    del rows
    app.set_probe(ProbeConfig("tcp", f"127.0.0.1:{port}"), group="bench", actor="bench")
    lines = []
    async def main():
        stop = asyncio.Event()
        task = asyncio.create_task(keep_probing(app, stop, concurrency=500,
                                                on_change=lines.append))
        started = time.perf_counter()
        await asyncio.sleep(seconds)
        stop.set()
        await task
        return time.perf_counter() - started
    wall = asyncio.run(main())
    with app.store.read() as repos:
        probed = sum(1 for s in repos.probes.states().values())
    print(json.dumps({"wall": wall, "probed": probed, "changes": len(lines),
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    """
)


def sustain(port: int, devices: int, seconds: float, folder: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env = {k: v for k, v in env.items() if not k.startswith("JIXIAO_")}
    done = subprocess.run(
        [
            *pinned(0),
            sys.executable,
            "-c",
            SUSTAIN,
            str(folder / "store"),
            str(port),
            str(devices),
            str(seconds),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tcp", type=int, default=30_000, help="TCP probes per measurement")
    parser.add_argument("--rtsp", type=int, default=3_000, help="RTSP probes per measurement")
    parser.add_argument("--devices", type=int, default=100_000)
    parser.add_argument("--sustain", type=float, default=60, help="seconds of the 5-minute cycle")
    args = parser.parse_args()
    print(f"probes bench: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    tcp_server, tcp_port = start_tcp_server()
    rtsp = start_rtsp_server()
    folder = Path(tempfile.mkdtemp(prefix="jixiao-probes-bench-"))
    exporter = start_exporter(exporter_config(rtsp[1] if rtsp else None), folder)
    try:
        print("TCP connect, 127.0.0.1 accept-and-close server:")
        ours = line(
            "jixiao (sweep, 200 in flight)",
            jixiao_rate("tcp", f"127.0.0.1:{tcp_port}", args.tcp, 200),
        )
        if exporter is not None:
            theirs = line(
                "blackbox_exporter tcp_connect",
                exporter_rate(
                    exporter[1], exporter[0].pid, "tcp_connect", f"127.0.0.1:{tcp_port}", args.tcp
                ),
            )
            print(f"  ratio jixiao / blackbox_exporter per CPU-second: {ours / theirs:.1f}×")
        else:
            print(
                "  blackbox_exporter missing (Debian prometheus-blackbox-exporter; make bench-deps)"
            )
        if rtsp is not None:
            print("RTSP, gst-rtsp-server with digest auth:")
            ours = line(
                "jixiao OPTIONS+DESCRIBE+digest",
                jixiao_rate("rtsp", f"rtsp://127.0.0.1:{rtsp[1]}/live", args.rtsp, 50),
            )
            if exporter is not None:
                theirs = line(
                    "blackbox_exporter OPTIONS (tcp)",
                    exporter_rate(
                        exporter[1],
                        exporter[0].pid,
                        "rtsp_options",
                        f"127.0.0.1:{rtsp[1]}",
                        args.rtsp,
                    ),
                )
                print(f"  ratio jixiao / blackbox_exporter per CPU-second: {ours / theirs:.1f}×")
        else:
            print("RTSP: gst-rtsp-server missing (python3-gi, gir1.2-gst-rtsp-server-1.0)")
        print(
            f"{args.devices:,} devices every 300 s (TCP), {args.sustain:.0f} s of it, SQLite store:"
        )
        found = sustain(tcp_port, args.devices, args.sustain, folder)
        needed = args.devices / 300 * found["wall"]
        print(
            f"  probed {int(found['probed']):,} devices in {found['wall']:.0f} s "
            f"({found['probed'] / found['wall']:,.0f}/s; the cycle needs {args.devices / 300:,.0f}/s, "
            f"{needed:,.0f} in this time); peak memory {found['rss_mb']:,.0f} MB"
        )
    finally:
        for process in (tcp_server, rtsp[0] if rtsp else None, exporter[0] if exporter else None):
            if process is not None:
                process.terminate()
                process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
