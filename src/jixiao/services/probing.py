"""Use cases of active probes (主动探测): set them, plan a round, record what came back.

A device is probed when it has a probe of its own or belongs to a group with a default
method; field by field, its own value wins, then the first of its groups (in the order the
点位表 lists them) that gives one, then the settings' defaults. `record` keeps
each device's damping (domain.probes.step) and writes a status change, with its cause
(`probe:rtsp 401`), into the same history GB/T 28181 writes, whenever the history disagrees
with what the device's status source (gb28181/probe/both, domain.probes.combined) says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from jixiao.domain.errors import InputError, Problem
from jixiao.domain.probes import (
    CAUSE_PREFIX,
    Outcome,
    ProbeError,
    ProbeMethod,
    StatusSource,
    Tally,
    Target,
    Timing,
    combined,
    parse_method,
    parse_source,
    parse_target,
    step,
)
from jixiao.domain.status import lapse
from jixiao.services.audit import record as audit
from jixiao.services.inventory import Numbered
from jixiao.services.ports import KeyedChange, Presence, StoredDevice
from jixiao.services.web_ports import ProbeConfig, ProbeState, WebRepos

SOURCE = "probe"  # the status changes' source, beside "gb28181"


class Sealer(Protocol):
    """Encrypts probe passwords at rest (adapters/probes/secrets.py)."""

    def seal(self, password: str) -> str: ...

    def open(self, secret: str) -> str: ...


@dataclass(frozen=True, slots=True)
class ProbeAssignment:
    """A probe written in a 点位表 row: method, target without credentials, and the
    credentials that were in its URL (rtsp://user:pass@…)."""

    device_id: str
    method: ProbeMethod
    target: str
    username: str = ""
    password: str = ""


@dataclass(frozen=True, slots=True)
class Resolved:
    """A device's effective probe: where, how often, with what (password still sealed)."""

    key: int
    device_id: str
    method: ProbeMethod
    target: Target
    timing: Timing
    username: str
    secret: str
    expect: int | None
    source: StatusSource


@dataclass(frozen=True, slots=True)
class Broken:
    """A device whose probe cannot run as set (no address, a malformed one): a probe error."""

    key: int
    device_id: str
    method: ProbeMethod
    message: str


@dataclass(frozen=True, slots=True)
class Plan:
    probes: list[Resolved]
    broken: list[Broken]


@dataclass(frozen=True, slots=True)
class ProbeResult:
    key: int
    outcome: Outcome
    at: int


@dataclass(frozen=True, slots=True)
class Recorded:
    results: int
    changes: list[KeyedChange]


def _merge(own: ProbeConfig | None, group: ProbeConfig | None) -> ProbeConfig | None:
    if own is None or group is None:
        return own or group
    return ProbeConfig(
        own.method or group.method,
        own.target or group.target,
        own.interval_s if own.interval_s is not None else group.interval_s,
        own.timeout_s if own.timeout_s is not None else group.timeout_s,
        own.retries if own.retries is not None else group.retries,
        own.username or group.username,
        own.secret if own.username or own.secret else group.secret,
        own.expect if own.expect is not None else group.expect,
        own.source or group.source,
    )


def plan(
    repos: WebRepos, defaults: Timing, *, group: str | None = None, keys: Sequence[int] = ()
) -> Plan:
    """Every device with a probe (of `group`, or among `keys`, when given)."""
    devices = repos.devices.select(group=group) if not keys else repos.devices.by_keys(keys)
    if keys and group is not None:
        devices = [d for d in devices if group in d.device.groups]
    own = repos.probes.devices()
    groups = repos.probes.groups()
    probes, broken = [], []
    for stored in devices:
        found = _effective(stored, own.get(stored.key), groups)
        if found is None or not found.method:
            continue
        try:
            probes.append(_resolve(stored, found, defaults))
        except ProbeError as error:
            method = (
                ProbeMethod(found.method) if found.method in set(ProbeMethod) else ProbeMethod.TCP
            )
            broken.append(Broken(stored.key, stored.device.device_id.value, method, str(error)))
    return Plan(probes, broken)


def _effective(
    stored: StoredDevice, own: ProbeConfig | None, groups: dict[str, ProbeConfig]
) -> ProbeConfig | None:
    found = own
    for name in stored.device.groups:
        if name in groups:
            found = _merge(found, groups[name])
    return found


def _resolve(stored: StoredDevice, config: ProbeConfig, defaults: Timing) -> Resolved:
    method = parse_method(config.method)
    target = parse_target(method, config.target, fallback_ip=_own_address(stored, method))
    timing = Timing(
        config.interval_s if config.interval_s is not None else defaults.interval_s,
        config.timeout_s if config.timeout_s is not None else defaults.timeout_s,
        config.retries if config.retries is not None else defaults.retries,
        defaults.down_after,
        defaults.up_after,
    )
    return Resolved(
        stored.key,
        stored.device.device_id.value,
        method,
        target,
        timing,
        config.username or target.username,
        config.secret,
        config.expect,
        parse_source(config.source) if config.source else StatusSource.BOTH,
    )


def _own_address(stored: StoredDevice, method: ProbeMethod) -> str:
    """Where a probe with no target of its own goes: the device's IP, with the 点位表's port
    for TCP, ONVIF and HTTP when it gives one."""
    device = stored.device
    ported = (ProbeMethod.TCP, ProbeMethod.ONVIF, ProbeMethod.HTTP)
    if device.ip and device.port is not None and method in ported:
        return f"{device.ip}:{device.port}"
    return device.ip


def signalling_up(presence: Presence | None, at: int) -> bool | None:
    """Whether GB/T 28181 signalling has the device up at `at`: None for a device that never
    registered; otherwise not yet lapsed (domain.status.lapse, with 60 s × 3 when the device
    reported no keepalive settings of its own)."""
    if presence is None or not presence.transport:
        return None
    until = presence.registered_until or 0
    if presence.last_seen is None:
        return until > at
    window = lapse(
        presence.last_seen,
        until,
        presence.keepalive_interval or 60,
        presence.keepalive_count or 3,
    )
    return not window.passed(at)


def _cause(outcome: Outcome, verdict: bool, want: bool) -> str:
    """Why the status is `want`: the round's own cause when it agrees, else the verdict held
    by damping (`probe:rtsp down`) or the signalling that lapsed."""
    if outcome.ok == want:
        return outcome.status_cause
    method = outcome.cause.split(" ", 1)[0]
    if verdict != want:
        return CAUSE_PREFIX + "signalling lapsed"
    return f"{CAUSE_PREFIX}{method} {'up' if want else 'down'}"


def record(
    repos: WebRepos,
    results: Sequence[ProbeResult],
    damping: Timing,
    *,
    sources: dict[int, StatusSource],
) -> Recorded:
    """Each result through its device's damping, then the status its source says it should
    have (domain.probes.combined) written into the status history (source `probe`) when the
    history says otherwise — whether the probe's verdict just changed or another writer (a
    GB/T 28181 registration, an import) disagreed since. A change lands one whole second after
    the device's last stored change at the earliest, as the GB/T 28181 recorder's do."""
    keys = sorted({r.key for r in results})
    states = repos.probes.states(keys)
    presence = repos.presence.select(keys)
    wanted: dict[int, tuple[int, bool, str]] = {}
    saved: dict[int, ProbeState] = {}
    for r in sorted(results, key=lambda r: r.at):
        old = saved.get(r.key) or states.get(r.key)
        tally = Tally() if old is None else Tally(old.up, old.failures, old.successes)
        new, _ = step(tally, r.outcome, damping)
        saved[r.key] = ProbeState(
            r.key,
            new.up,
            new.failures,
            new.successes,
            r.at,
            r.outcome.ok,
            r.outcome.cause,
            r.outcome.latency_ms,
        )
        source = sources.get(r.key, StatusSource.BOTH)
        if new.up is None or source is StatusSource.GB28181:
            continue
        want = combined(source, new.up, signalling_up(presence.get(r.key), r.at))
        if want is not None:
            wanted[r.key] = (r.at, want, _cause(r.outcome, new.up, want))
    repos.probes.save_states(list(saved.values()))
    latest = repos.presence.latest(list(wanted)) if wanted else {}
    changes = []
    for key, (at, online, cause) in wanted.items():
        last_at, status = latest.get(key, (None, None))
        if status is online:
            continue
        if last_at is not None and at <= last_at:
            at = last_at + 1
        changes.append(KeyedChange(key, at, online, cause))
    if changes:
        repos.statuses.append(changes, source=SOURCE)
    return Recorded(len(results), changes)


def describe(config: ProbeConfig) -> dict[str, object]:
    """A probe as the audit log shows it (never the secret)."""
    return {
        "探测方式": config.method,
        "探测地址": config.target,
        "间隔（秒）": config.interval_s,
        "超时（秒）": config.timeout_s,
        "重试": config.retries,
        "用户名": config.username,
        "密码": "已设置" if config.secret else "",
        "期望状态码": config.expect,
        "状态来源": config.source,
    }


def assign(
    repos: WebRepos,
    rows: Sequence[Numbered[ProbeAssignment]],
    seal: dict[str, str],
    *,
    actor: str,
    now: int,
) -> int:
    """The probes of a 点位表 (after its devices are stored): method, target and the URL's
    credentials replace the device's, its interval, timeout and retries are kept. `seal`
    maps each password to its encrypted form. Returns how many devices changed."""
    keys = repos.devices.keys(r.value.device_id for r in rows)
    old = repos.probes.devices(list(keys.values()))
    changed = 0
    for row in rows:
        a = row.value
        key = keys[a.device_id]
        before = old.get(key)
        base = before or ProbeConfig()
        after = replace(
            base,
            method=a.method.value,
            target=a.target,
            username=a.username or (base.username if not a.password else ""),
            secret=seal[a.password] if a.password else (base.secret if not a.username else ""),
        )
        if after == before:
            continue
        repos.probes.set_device(key, after)
        changed += 1
        audit(
            repos,
            actor=actor,
            at=now,
            action="create" if before is None else "update",
            entity="probe",
            target=a.device_id,
            before=None if before is None else describe(before),
            after=describe(after),
        )
    return changed


def stored(
    repos: WebRepos, *, device_id: str | None = None, group: str | None = None
) -> ProbeConfig | None:
    """The probe set on a device, or a group's defaults, as stored."""
    if group is not None:
        return repos.probes.groups().get(group)
    key = repos.devices.keys([device_id or ""]).get(device_id or "")
    return None if key is None else repos.probes.devices([key]).get(key)


def configure(
    repos: WebRepos,
    config: ProbeConfig | None,
    *,
    device_id: str | None = None,
    group: str | None = None,
    actor: str,
    now: int,
) -> None:
    """Set (None: remove) the probe of one device or the defaults of one group."""
    if device_id is not None:
        key = repos.devices.keys([device_id]).get(device_id)
        if key is None:
            raise InputError(
                [Problem("探测设置", f"没有设备编码为{device_id}的设备", field="device_id")]
            )
        if config is not None:
            device = next(s for s in repos.devices.select() if s.key == key)
            _check(
                config, _own_address(device, parse_method(config.method)) if config.method else ""
            )
        before = repos.probes.devices([key]).get(key)
        repos.probes.set_device(key, config)
        target = device_id
    elif group is not None:
        if config is not None:
            _check(config, None)
        before = repos.probes.groups().get(group)
        repos.probes.set_group(group, config)
        target = f"分组：{group}"
    else:
        raise ValueError("configure needs a device or a group")
    audit(
        repos,
        actor=actor,
        at=now,
        action="delete" if config is None else ("create" if before is None else "update"),
        entity="probe",
        target=target,
        before=None if before is None else describe(before),
        after=None if config is None else describe(config),
    )


def _check(config: ProbeConfig, fallback: str | None) -> None:
    """Refuse what could never run: InputError naming the setting. `fallback` is the device's
    own address; None for a group, whose devices' addresses are checked when probed."""
    try:
        if config.method:
            method = parse_method(config.method)
            if config.target or fallback is not None:
                parse_target(method, config.target, fallback_ip=fallback or "")
        if config.source:
            parse_source(config.source)
        Timing(
            config.interval_s if config.interval_s is not None else 300,
            config.timeout_s if config.timeout_s is not None else 5.0,
            config.retries if config.retries is not None else 1,
        )
    except ProbeError as error:
        raise InputError([Problem("探测设置", str(error))]) from error
    if config.expect is not None and not 100 <= config.expect <= 599:
        raise InputError([Problem("探测设置", f"期望状态码{config.expect}应在100–599之间")])
