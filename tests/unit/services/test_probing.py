"""Probe use cases on the in-memory store: which probe a device gets (its own over its
group's), and how results become status changes under each status source."""

from __future__ import annotations

from cryptography.fernet import Fernet

from jixiao.adapters.memory import MemoryStore
from jixiao.adapters.probes.secrets import Secrets
from jixiao.domain.probes import Outcome, ProbeMethod, StatusSource, Target, Timing
from jixiao.services import probing
from jixiao.services.application import Application
from jixiao.services.inventory import Numbered
from jixiao.services.ports import KeyedChange, Presence
from jixiao.services.probing import ProbeResult
from jixiao.services.web_ports import ProbeConfig
from tests.scenario import EAST, NVR, WEST, device, import_devices

DAMPING = Timing(down_after=3, up_after=2)
DOWN, UP = Outcome(False, "rtsp 401"), Outcome(True, "rtsp ok")


def keys(store: MemoryStore) -> dict[str, int]:
    import_devices(
        store,
        [
            Numbered(2, device(EAST, "东门", ("雪亮", "地网"), ip="10.0.0.1")),
            Numbered(3, device(WEST, "西门", ("地网",), ip="10.0.0.2", port=8080)),
            Numbered(4, device(NVR, "NVR", ("机房",))),
        ],
    )
    with store.read() as repos:
        return repos.devices.keys([EAST, WEST, NVR])


def test_a_devices_own_values_win_over_its_first_groups_defaults(
    store: MemoryStore, application: Application
) -> None:
    k = keys(store)
    application.set_probe(ProbeConfig("icmp", interval_s=120), group="地网", actor="t")
    application.set_probe(ProbeConfig(timeout_s=2.0), group="雪亮", actor="t")  # no method
    application.set_probe(ProbeConfig("http", retries=0), device_id=WEST, actor="t")
    found = {p.device_id: p for p in application.probe_plan().probes}
    assert set(found) == {EAST, WEST}  # the NVR's group has no defaults
    east, west = found[EAST], found[WEST]
    # 东门 is in 雪亮 (a timeout, no method) then 地网 (icmp every 120 s): field by field
    assert (east.method, east.target, east.timing.timeout_s, east.timing.interval_s) == (
        ProbeMethod.ICMP,
        Target("10.0.0.1", 0),
        2.0,
        120,
    )
    # 西门's own http wins over 地网's icmp; its target is its IP and 端口
    assert (west.method, west.target, west.timing.interval_s, west.timing.retries) == (
        ProbeMethod.HTTP,
        Target("10.0.0.2", 8080, "http://10.0.0.2:8080/"),
        120,
        0,
    )
    assert west.source is StatusSource.BOTH
    with store.read() as repos:
        assert repos.probes.devices() == {k[WEST]: ProbeConfig("http", retries=0)}


def record(
    store: MemoryStore, key: int, outcomes: list[Outcome], source: StatusSource, start: int = 100
) -> list[KeyedChange]:
    changes = []
    for i, outcome in enumerate(outcomes):
        with store.write() as repos:
            done = probing.record(
                repos, [ProbeResult(key, outcome, start + 60 * i)], DAMPING, sources={key: source}
            )
        changes += done.changes
    return changes


def register(store: MemoryStore, key: int, until: int) -> None:
    with store.write() as repos:
        repos.presence.ensure([key])
        repos.presence.registrations(
            [Presence(key, transport="udp", host="10.0.0.1", port=5060, registered_until=until)]
        )


def test_gb28181_source_records_the_probe_but_no_status(store: MemoryStore) -> None:
    k = keys(store)[EAST]
    assert record(store, k, [DOWN, DOWN, DOWN], StatusSource.GB28181) == []
    with store.read() as repos:
        state = repos.probes.states([k])[k]
    assert (state.up, state.failures, state.cause, state.at) == (False, 3, "rtsp 401", 220)


def test_both_offline_wins_over_a_live_registration(store: MemoryStore) -> None:
    k = keys(store)[EAST]
    register(store, k, until=10_000)
    assert record(store, k, [UP, DOWN, DOWN, DOWN], StatusSource.BOTH) == [
        KeyedChange(k, 100, True, "probe:rtsp ok"),
        KeyedChange(k, 280, False, "probe:rtsp 401"),
    ]


def test_both_a_probe_that_recovers_while_the_registration_lapsed_writes_nothing(
    store: MemoryStore,
) -> None:
    k = keys(store)[EAST]
    register(store, k, until=150)  # expired before the probe comes back
    changes = record(store, k, [DOWN, UP, UP], StatusSource.BOTH)
    assert changes == [KeyedChange(k, 100, False, "probe:rtsp 401")]
    # probe alone: the same rounds bring it back after two successes
    w = keys_of(store, WEST)
    assert record(store, w, [DOWN, UP, UP], StatusSource.PROBE) == [
        KeyedChange(w, 100, False, "probe:rtsp 401"),
        KeyedChange(w, 220, True, "probe:rtsp ok"),
    ]


def keys_of(store: MemoryStore, device_id: str) -> int:
    with store.read() as repos:
        return repos.devices.keys([device_id])[device_id]


def test_a_change_lands_a_second_after_the_devices_last_stored_one(store: MemoryStore) -> None:
    k = keys(store)[EAST]
    with store.write() as repos:
        repos.statuses.append([KeyedChange(k, 100, True, "keepalive")], source="gb28181")
    assert record(store, k, [DOWN], StatusSource.PROBE, start=100) == [
        KeyedChange(k, 101, False, "probe:rtsp 401")
    ]
    assert record(store, k, [DOWN], StatusSource.PROBE, start=500) == []  # already offline


def test_passwords_never_reach_the_audit_log(store: MemoryStore, application: Application) -> None:
    keys(store)
    application.secrets = Secrets(Fernet.generate_key())
    application.set_probe(
        ProbeConfig("rtsp", "rtsp://10.0.0.1/live", username="admin"),
        password="very-secret",
        device_id=EAST,
        actor="t",
    )
    with store.read() as repos:
        entries, count = repos.audit.page(limit=10, entity="probe")
        stored = repos.probes.devices()
    assert count == 1 and entries[0].target == EAST
    assert entries[0].after is not None and '"密码": "已设置"' in entries[0].after
    assert all("very-secret" not in str(e) for e in entries)
    (config,) = stored.values()
    assert config.secret and "very-secret" not in config.secret
    # set again without a password: the stored one is kept for the same user
    application.set_probe(
        ProbeConfig("rtsp", "rtsp://10.0.0.1/live2", username="admin"), device_id=EAST, actor="t"
    )
    with store.read() as repos:
        assert next(iter(repos.probes.devices().values())).secret == config.secret


def test_both_answers_a_registration_that_wrote_online_while_the_probe_holds_it_down(
    store: MemoryStore,
) -> None:
    k = keys(store)[EAST]
    assert record(store, k, [DOWN], StatusSource.BOTH) == [
        KeyedChange(k, 100, False, "probe:rtsp 401")
    ]
    register(store, k, until=10_000)
    with store.write() as repos:  # the platform: a registration, online
        repos.statuses.append([KeyedChange(k, 130, True, "register")], source="gb28181")
    # the next round: still failing -> offline again; a first success (damping holds it
    # down until the second) -> offline with the held verdict as its cause
    assert record(store, k, [DOWN], StatusSource.BOTH, start=160) == [
        KeyedChange(k, 160, False, "probe:rtsp 401")
    ]
    with store.write() as repos:
        repos.statuses.append([KeyedChange(k, 170, True, "register")], source="gb28181")
    assert record(store, k, [UP], StatusSource.BOTH, start=200) == [
        KeyedChange(k, 200, False, "probe:rtsp down")
    ]
    assert record(store, k, [UP], StatusSource.BOTH, start=260) == [
        KeyedChange(k, 260, True, "probe:rtsp ok")
    ]


def test_signalling_lapses_by_the_keepalive_window() -> None:
    heard = Presence(1, transport="udp", registered_until=10_000, last_seen=1_000)
    assert probing.signalling_up(heard, 1_179) is True  # 60 s × 3 after the last keepalive
    assert probing.signalling_up(heard, 1_180) is False
    own = Presence(
        1,
        transport="tcp",
        registered_until=10_000,
        last_seen=1_000,
        keepalive_interval=30,
        keepalive_count=2,
    )
    assert probing.signalling_up(own, 1_059) is True
    assert probing.signalling_up(own, 1_060) is False
    assert probing.signalling_up(Presence(1), 1_000) is None  # never registered
