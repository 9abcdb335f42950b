"""录像巡检 benchmark: a night's RecordInfo scan of 10,000 channels against the simulator.

The platform (run_sip_server, an SQLite store in a temporary directory) runs in this process;
the simulated NVRs (1,000 × 10 channels by default, one recording file per hour, a daily gap)
run in a child process over UDP on loopback. Measured in the same run:

- baseline: the Catalog query of every NVR (the same 10,000 channels listed, one item per
  MESSAGE as devices send them), with the same number of queries open at once;
- the 录像巡检 of yesterday: per channel the day's RecordInfo and the storage probe, every
  answer assembled, cleaned and stored, the day's rates computed.

Printed: both times, the scan as a ratio of the baseline, and the goal (< 10 minutes).

    python bench/recordings.py [--nvrs 1000] [--channels 10] [--concurrency 200]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import multiprocessing
import tempfile
import time
from pathlib import Path

from pydantic import SecretStr

from jixiao import bootstrap
from jixiao.adapters.gb28181 import inspection
from jixiao.adapters.gb28181.server import SipServer, run_sip_server
from jixiao.adapters.gb28181.simulator import Fleet, FleetConfig, device_id
from jixiao.config import Settings
from jixiao.domain.presentation import rate_text

PASSWORD = "12345678"
GOAL_S = 600.0


def _fleet(port: int, nvrs: int, channels: int, stop: multiprocessing.synchronize.Event) -> None:
    config = FleetConfig(
        "127.0.0.1",
        port,
        nvrs,
        password=PASSWORD,
        channels=channels,
        interval=60.0,
        register_rate=500.0,
        record_gaps=((3 * 3600, 3 * 3600 + 600),),  # ten minutes missing at 03:00 each day
    )

    async def main() -> None:
        fleet = Fleet(config)
        await fleet.start()
        while not stop.is_set():
            await asyncio.sleep(0.2)
        await fleet.stop(drain_s=0.1)

    asyncio.run(main())


async def _bench(args: argparse.Namespace, data: Path) -> None:
    settings = Settings(
        data_dir=data,
        sip_host="127.0.0.1",
        sip_port=0,
        sip_password=SecretStr(PASSWORD),
        sip_auto_enrol=True,
        sip_register_rate=0,
    )
    services = bootstrap.build(settings)
    app = bootstrap.application(settings, services=services)
    stop = asyncio.Event()
    ready: asyncio.Future[SipServer] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(
        run_sip_server(settings, services.store, stop, ready=ready.set_result)
    )
    server = await ready
    fleet_stop = multiprocessing.Event()
    fleet = multiprocessing.Process(
        target=_fleet, args=(server.port, args.nvrs, args.channels, fleet_stop), daemon=True
    )
    fleet.start()
    total = args.nvrs * args.channels
    try:
        started = time.monotonic()
        while len(server.platform.sessions) < args.nvrs:  # every NVR registered
            if time.monotonic() - started > 300:
                raise SystemExit(f"only {len(server.platform.sessions)} NVRs registered in 300 s")
            await asyncio.sleep(0.5)
        print(f"{args.nvrs} NVRs registered in {time.monotonic() - started:.1f} s")
        await asyncio.sleep(5)  # the catalogs asked on registration have come back

        gate = asyncio.Semaphore(args.concurrency)
        listed = 0

        async def catalog(index: int) -> None:
            nonlocal listed
            async with gate:
                done = await server.query(device_id(index), "Catalog", timeout=120)
                listed += len(getattr(done, "items", ()))

        t0 = time.monotonic()
        await asyncio.gather(*(catalog(i) for i in range(args.nvrs)))
        baseline = time.monotonic() - t0
        targets, _ = await asyncio.to_thread(app.recording_targets)
        for _ in range(30):  # the store has every channel (written once a second)
            if len(targets) >= total:
                break
            await asyncio.sleep(1.0)
            targets, _ = await asyncio.to_thread(app.recording_targets)
        print(f"{len(targets)} of {total} channels stored as listed")

        day = app.moment().date() - dt.timedelta(days=1)
        t0 = time.monotonic()
        summary = await inspection.scan(server, app, day, concurrency=args.concurrency)
        scan_s = time.monotonic() - t0
    finally:
        fleet_stop.set()
        fleet.join(timeout=10)
        stop.set()
        await task
    print(
        f"{'baseline: Catalog of every NVR (' + str(listed) + ' channels listed)':<62}{baseline:>10.1f} s"
    )
    print(
        f"{'录像巡检 of ' + day.isoformat() + ' (' + str(summary.channels) + ' channels)':<62}{scan_s:>10.1f} s"
    )
    print(f"{'  answered / findings':<62}{summary.answered:>7} / {summary.findings}")
    print(f"{'  录像完整率 (a 10-minute gap a day: 99.30%)':<62}{rate_text(summary.rate):>10}")
    print(f"{'  录像巡检 / Catalog baseline':<62}{scan_s / baseline:>10.2f}")
    verdict = "met" if scan_s < GOAL_S and summary.channels >= 10_000 else "NOT met"
    print(f"{'  goal: 10,000 channels in < 10 minutes':<62}{verdict:>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nvrs", type=int, default=1000)
    parser.add_argument("--channels", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-recordings-") as tmp:
        asyncio.run(_bench(args, Path(tmp)))


if __name__ == "__main__":
    main()
