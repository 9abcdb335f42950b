"""GB/T 28181 with several access nodes: keepalives per second, one node vs two nodes, both
behind Kamailio's dispatcher (deploy/kamailio/jixiao-dispatcher.cfg) on loopback.

Each run starts Kamailio with the shipped configuration (its settings rewritten for
loopback), one or two `jixiao sip serve` nodes on one store, and load generators
(bench/sip.py's Blaster: plain sockets, a window of requests in flight), one process per
node so that one Python process is not the limit; each registers its own devices with digest
auth through the proxy, then sends keepalives as fast as they are answered. The figure is the
200 OKs per second, all generators together. SIPp is not used here: its keepalive scenario is
one device id, which the dispatcher sends to one node, so it cannot load two.

What limits the figure is printed with it: the CPU each part used and the cores the machine
has. Two nodes, Kamailio and the generators need about five cores to show the nodes' scaling;
on fewer the ratio measures the machine.

    python bench/sip_nodes.py [--seconds 10] [--devices 4000]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from multiprocessing.queues import Queue
from pathlib import Path

from sip import Blaster, _free_port, cpu_seconds, kamailio, platform
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
DISPATCHER_CFG = ROOT / "deploy" / "kamailio" / "jixiao-dispatcher.cfg"


def dispatcher_config(
    workdir: Path,
    nodes: list[int],
    *,
    probe_interval: int = 1,
    probe_threshold: int = 1,
    children: int = 2,
    debug: int = -1,
) -> Callable[[int, Path], str]:
    """The shipped dispatcher configuration for Kamailio on loopback (for bench/sip.py's
    `kamailio`): listening on the port it is given, the `nodes` (loopback ports) in its
    list, probing every `probe_interval` seconds (down after `probe_threshold` unanswered);
    `debug` -1 logs errors only."""
    listing = workdir / "jixiao-dispatcher.list"
    listing.write_text("".join(f"1 sip:127.0.0.1:{port} 0 0\n" for port in nodes))

    def render(port: int, modules: Path) -> str:
        settings = {
            "JIXIAO_LISTEN_UDP": f"udp:127.0.0.1:{port}",
            "JIXIAO_LISTEN_TCP": f"tcp:127.0.0.1:{port}",
            "JIXIAO_DISPATCHER_LIST": str(listing),
            "JIXIAO_PROBE_INTERVAL": str(probe_interval),
            "JIXIAO_PROBE_THRESHOLD": str(probe_threshold),
            "JIXIAO_CHILDREN": str(children),
            "JIXIAO_MODULES": str(modules),
        }
        text = DISPATCHER_CFG.read_text(encoding="utf-8")
        for name, value in settings.items():
            text, found = re.subn(
                rf'^#!substdef "!{name}![^!]*!g"$',
                f'#!substdef "!{name}!{value}!g"',
                text,
                flags=re.M,
            )
            assert found == 1, f"{name} is not set once in {DISPATCHER_CFG}"
        text, found = re.subn(r"^debug=\S+$", f"debug={debug}", text, flags=re.M)
        assert found == 1
        return text

    return render


def group_cpu(group: int) -> float:
    """CPU seconds so far of every process in process group `group` (Kamailio's workers)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _generator(
    port: int, first: int, devices: int, seconds: float, start_at: float, out: Queue[Load]
) -> None:
    """One load generator process: register devices [first, first + devices) through the
    proxy, wait for the common start, send keepalives for `seconds`."""
    blaster = Blaster(port)
    _, failed = blaster.register(devices, first)
    time.sleep(max(0.0, start_at - time.time()))
    cpu = time.process_time()
    sent, ok, _, elapsed = blaster.keepalives(devices, seconds, first)
    out.put(Load(ok, sent, failed, elapsed, time.process_time() - cpu))


@dataclass(frozen=True)
class Load:
    ok: int
    sent: int
    failed: int  # registrations
    elapsed: float
    cpu: float


@dataclass(frozen=True)
class Run:
    nodes: int
    rate: float  # keepalives answered 200 OK per second, all generators
    ok: int
    sent: int
    failed: int
    node_cpu: list[float]  # share of one core, each node
    proxy_cpu: float  # share of one core, all of Kamailio's processes
    load_cpu: float  # share of one core, all generators
    offline: int
    load_average: float  # the machine's, over the last minute, as the run ended


def measure(
    work: Path, database: str, nodes: int, devices: int, seconds: float, generators: int
) -> Run:
    """Keepalives per second through the dispatcher to `nodes` nodes."""
    ports = [_free_port() for _ in range(nodes)]
    children = max(2, (os.cpu_count() or 2) // 2)
    config = dispatcher_config(work, ports, children=children)
    with ExitStack() as stack:
        proxy = stack.enter_context(kamailio(work, config))
        if proxy is None:
            raise SystemExit("Kamailio missing or did not start: `make bench` installs it")
        proxy_group = int((work / "kamailio.pid").read_text())
        pids = []
        for n, port in enumerate(ports):  # one after another: the first migrates the store
            env = {
                "JIXIAO_DATABASE_URL": database,
                "JIXIAO_SIP_PORT": str(port),
                "JIXIAO_SIP_SUBSCRIBE": "false",
                "JIXIAO_SIP_TRUSTED_PROXIES": f"127.0.0.1:{proxy}",
            }
            pids.append(stack.enter_context(platform(work / f"node{n}", **env))[1])
        time.sleep(2)  # the proxy's probes find the nodes up
        queue: Queue[Load] = multiprocessing.get_context("fork").Queue()
        share = devices // generators
        start_at = time.time() + 5 + devices / 2000  # after every generator has registered
        workers = [
            multiprocessing.get_context("fork").Process(
                target=_generator, args=(proxy, g * share, share, seconds, start_at, queue)
            )
            for g in range(generators)
        ]
        for worker in workers:
            worker.start()
        time.sleep(max(0.0, start_at - time.time()))
        before = [cpu_seconds(pid) for pid in pids], group_cpu(proxy_group), time.perf_counter()
        loads = [queue.get(timeout=seconds + 120) for _ in workers]
        wall = time.perf_counter() - before[2]
        node_cpu = [(cpu_seconds(pid) - b) / wall for pid, b in zip(pids, before[0], strict=True)]
        proxy_cpu = (group_cpu(proxy_group) - before[1]) / wall
        for worker in workers:
            worker.join(timeout=30)
    ok = sum(load.ok for load in loads)
    return Run(
        nodes,
        ok / max(load.elapsed for load in loads),
        ok,
        sum(load.sent for load in loads),
        sum(load.failed for load in loads),
        node_cpu,
        proxy_cpu,
        sum(load.cpu for load in loads) / wall,
        _offline(database),
        os.getloadavg()[0],
    )


def _offline(database: str) -> int:
    engine = create_engine(database)
    try:
        with engine.connect() as c:
            return int(
                c.execute(text("SELECT count(*) FROM status_change WHERE online = 0")).scalar_one()
            )
    finally:
        engine.dispose()


@contextmanager
def store(work: Path) -> Iterator[tuple[str, str]]:
    """A new PostgreSQL database in a cluster of its own (tests/stores.py), or, without
    PostgreSQL's binaries, a SQLite file; (URL, what it is)."""
    sys.path.insert(0, str(ROOT))
    from tests.stores import postgres_cluster

    try:
        with postgres_cluster() as admin:
            yield admin, "PostgreSQL"
            return
    except BaseException as error:  # pytest's skip: no PostgreSQL binaries here
        if type(error).__name__ != "Skipped":
            raise
    yield f"sqlite:///{work / 'jixiao.sqlite3'}", "SQLite (no PostgreSQL here)"


def limit(run: Run, cores: int) -> str:
    """What held the figure back, as far as the CPU shares tell."""
    used = sum(run.node_cpu) + run.proxy_cpu + run.load_cpu
    if used >= cores * 0.85:
        return f"the machine: {used:.1f} of {cores} cores busy"
    if run.load_average >= cores:
        return f"the machine: load average {run.load_average:.1f} on {cores} cores (other work)"
    if run.load_cpu >= 0.85 * max(1, len(run.node_cpu)):
        return "the load generators"
    if all(cpu >= 0.85 for cpu in run.node_cpu):
        return "the nodes (each a full core)"
    return "none saturated (latency-bound window)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--devices", type=int, default=4000)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="jixiao-sip-nodes-") as tmp:
        for nodes in (1, 2):
            work = Path(tmp) / f"{nodes}-nodes"
            work.mkdir()
            with store(work) as (database, kind):
                runs.append(measure(work, database, nodes, args.devices, args.seconds, 2))
    one, two = runs
    print(f"{'GB/T 28181, access nodes behind Kamailio dispatcher':<58}{'value':>14}")
    print(f"  store: {kind}; {cores} cores; 2 load generator processes (bench/sip.py's Blaster)")
    for run in runs:
        shares = ", ".join(f"{cpu:.0%}" for cpu in run.node_cpu)
        print(
            f"{f'keepalives/s answered 200 OK, {run.nodes} node(s)':<58}{run.rate:>14,.0f}"
            f"   ({run.ok}/{run.sent} OK, {run.failed} registrations failed)"
        )
        print(
            f"{'  CPU: nodes / Kamailio / generators (of one core)':<58}"
            f"{'':>14}   {shares} / {run.proxy_cpu:.0%} / {run.load_cpu:.0%}"
        )
        print(f"{'  limited by':<58}{'':>14}   {limit(run, cores)}")
        print(f"{'  offline transitions (must be 0)':<58}{run.offline:>14}")
    ratio = two.rate / one.rate if one.rate else 0.0
    verdict = "met" if ratio >= 1.8 else "NOT met"
    print(f"{'two nodes / one node (goal >= 1.8)':<58}{ratio:>14.2f}   {verdict}")
    print(
        "  SIPp is not the load here: its keepalive scenario is one device id, which the"
        " dispatcher sends to one node"
    )


if __name__ == "__main__":
    main()
