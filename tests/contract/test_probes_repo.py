"""Probe settings (per device, per group) and probe states on every store."""

from __future__ import annotations

import pytest

from jixiao.services.inventory import Numbered
from jixiao.services.web_ports import ProbeConfig, ProbeState, WebStore
from tests.scenario import EAST, WEST, device, import_devices


def _two_devices(store: WebStore) -> tuple[int, int]:
    import_devices(
        store, [Numbered(2, device(EAST, "东门", ("地网",))), Numbered(3, device(WEST, "西门", ()))]
    )
    with store.read() as repos:
        keys = repos.devices.keys([EAST, WEST])
    return keys[EAST], keys[WEST]


def test_device_and_group_probes_are_set_replaced_and_removed(store: WebStore) -> None:
    east, west = _two_devices(store)
    rtsp = ProbeConfig(
        "rtsp", "rtsp://10.0.0.1/live", 60, 2.5, 2, "admin", "gAAAA-secret", None, "both"
    )
    with store.write() as repos:
        repos.probes.set_device(east, rtsp)
        repos.probes.set_device(west, ProbeConfig("tcp", "10.0.0.2:80"))
        repos.probes.set_group("地网", ProbeConfig("icmp", interval_s=300))
        repos.probes.set_group("雪亮", ProbeConfig(timeout_s=1.0, expect=204))
    with store.write() as repos:
        repos.probes.set_device(west, ProbeConfig("http", "http://10.0.0.2/", expect=200))
        repos.probes.set_group("雪亮", None)
    with store.read() as repos:
        assert repos.probes.devices() == {
            east: rtsp,
            west: ProbeConfig("http", "http://10.0.0.2/", expect=200),
        }
        assert repos.probes.devices([west, 999]) == {
            west: ProbeConfig("http", "http://10.0.0.2/", expect=200)
        }
        assert repos.probes.groups() == {"地网": ProbeConfig("icmp", interval_s=300)}
    with store.write() as repos:
        repos.probes.set_device(east, None)
    with store.read() as repos:
        assert list(repos.probes.devices()) == [west]


def test_states_are_replaced_per_device(store: WebStore) -> None:
    east, west = _two_devices(store)
    first = ProbeState(east, None, 0, 1, 100, True, "tcp ok", 0.5)
    with store.write() as repos:
        repos.probes.save_states([first, ProbeState(west, False, 3, 0, 100, False, "tcp timeout")])
    with store.write() as repos:
        repos.probes.save_states([ProbeState(west, True, 0, 2, 200, True, "tcp ok", 1.25)])
    with store.read() as repos:
        assert repos.probes.states() == {
            east: first,
            west: ProbeState(west, True, 0, 2, 200, True, "tcp ok", 1.25),
        }
        assert repos.probes.states([east]) == {east: first}


def test_a_probe_of_an_unknown_device_is_refused(store: WebStore) -> None:
    with pytest.raises(Exception), store.write() as repos:  # noqa: B017 (a foreign key, any store)
        repos.probes.set_device(12345, ProbeConfig("tcp", "10.0.0.2:80"))
