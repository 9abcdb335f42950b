"""What binding keepalives to the registered source costs: keepalives/s through the platform
core, with the source check (as shipped) and with it replaced by "always the same source".

The core is sans-I/O, so this measures exactly the handling of a keepalive (parse, the
lookup, the source check, the timer move, the 200 OK) on one core, without sockets or load
generator in the way; both runs in the same process, alternated, best of five. Goal (issue
18): the source check costs no more than 10% (ratio ≥ 0.90).

    python bench/sip_source_check.py [--devices 20000] [--keepalives 200000]
"""

from __future__ import annotations

import argparse
import time

from sip import PLATFORM, _keepalive, _request  # the keepalives bench/sip.py sends

from jixiao.adapters.gb28181 import core
from jixiao.adapters.gb28181.events import PlatformConfig
from jixiao.adapters.gb28181.session import Peer
from jixiao.adapters.gb28181.simulator import device_id

CHECK = "same_source"  # the name core.py calls the source check by


def _platform(devices: int) -> tuple[core.Platform, list[tuple[bytes, Peer]]]:
    config = PlatformConfig(
        PLATFORM, auto_enrol=True, query_on_register=False, subscribe=False, register_rate=0
    )
    platform = core.Platform(config)
    keepalives: list[tuple[bytes, Peer]] = []
    for i in range(devices):
        dev, peer = device_id(i), Peer("udp", "10.0.0.1", 20_000 + i)
        platform.receive(
            _request("REGISTER", dev, f"r{i}", 1, peer.port, "Expires: 3600\r\n"), peer, 0.0
        )
        keepalives.append(
            (_keepalive(dev, i, peer.port), peer)
        )  # the server keeps one Peer per address, as here
    return platform, keepalives


def _rate(platform: core.Platform, keepalives: list[tuple[bytes, Peer]], total: int) -> float:
    n = len(keepalives)
    receive = platform.receive
    started = time.perf_counter()
    for k in range(total):
        data, peer = keepalives[k % n]
        receive(data, peer, 1.0 + k / 1e6)
    return total / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=20_000)
    parser.add_argument("--keepalives", type=int, default=200_000)
    args = parser.parse_args()
    platform, keepalives = _platform(args.devices)
    shipped = getattr(core, CHECK)
    checked: list[float] = []
    unchecked: list[float] = []
    try:
        for _ in range(5):
            setattr(core, CHECK, shipped)
            checked.append(_rate(platform, keepalives, args.keepalives))
            setattr(core, CHECK, lambda session, peer: True)  # the baseline: no source binding
            unchecked.append(_rate(platform, keepalives, args.keepalives))
    finally:
        setattr(core, CHECK, shipped)
    refused = platform.stats.get("rejected", 0)
    answered = platform.stats.get("keepalive", 0)
    with_check, without = max(checked), max(unchecked)
    ratio = with_check / without
    print(f"{'GB/T 28181 keepalives through the core, one core':<58}{'value':>14}")
    print(f"{'  without the source check (baseline)':<58}{without:>14,.0f}")
    print(
        f"{'  with the source check (as shipped)':<58}{with_check:>14,.0f}   ({answered:,} answered, {refused} refused: must be 0)"
    )
    verdict = "met" if ratio >= 0.9 else "NOT met"
    print(f"{'  ratio (goal ≥ 0.90: at most 10% slower)':<58}{ratio:>14.2f}   {verdict}")


if __name__ == "__main__":
    main()
