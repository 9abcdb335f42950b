"""A round of probes against the application: plan, probe, record (`jixiao probe run`), and
the same kept running inside `jixiao serve` (`keep_probing`)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jixiao.adapters.probes.checks import Job
from jixiao.adapters.probes.engine import (
    DEFAULT_CONCURRENCY,
    Planned,
    Prober,
    Result,
    Scheduler,
    run_once,
)
from jixiao.domain.errors import DomainError
from jixiao.domain.probes import Outcome, StatusSource
from jixiao.services.application import Application
from jixiao.services.ports import KeyedChange
from jixiao.services.probing import Broken, Plan, ProbeResult, Resolved


@dataclass(frozen=True, slots=True)
class Prepared:
    jobs: list[Job]
    interval: dict[int, int]
    sources: dict[int, StatusSource]
    ids: dict[int, str]
    broken: list[Broken]


def prepare(plan: Plan, open_secret: Callable[[str], str]) -> Prepared:
    """Jobs of a plan, passwords opened; a password the key cannot open is a broken probe."""
    jobs, broken = [], list(plan.broken)
    for p in plan.probes:
        try:
            password = open_secret(p.secret) if p.secret else p.target.password
        except DomainError as error:
            broken.append(Broken(p.key, p.device_id, p.method, str(error)))
            continue
        jobs.append(_job(p, password))
    return Prepared(
        jobs,
        {p.key: p.timing.interval_s for p in plan.probes},
        {p.key: p.source for p in plan.probes},
        {p.key: p.device_id for p in plan.probes} | {b.key: b.device_id for b in plan.broken},
        broken,
    )


def _job(p: Resolved, password: str) -> Job:
    return Job(
        p.key,
        p.method,
        p.target,
        p.timing.timeout_s,
        p.timing.retries,
        p.username,
        password,
        p.expect,
    )


def broken_results(broken: Sequence[Broken], at: int) -> list[ProbeResult]:
    """A probe that cannot run is a failed round, with its reason as the cause."""
    return [ProbeResult(b.key, Outcome(False, f"{b.method} bad-target"), at) for b in broken]


@dataclass(frozen=True, slots=True)
class Line:
    """One device's round, as `probe run` prints it."""

    device_id: str
    method: str
    ok: bool
    cause: str
    latency_ms: float | None
    message: str = ""


@dataclass(frozen=True, slots=True)
class RoundReport:
    lines: list[Line]
    changes: list[KeyedChange]
    ids: dict[int, str]


def _open(application: Application) -> Callable[[str], str]:
    secrets = application.secrets
    if secrets is None:
        return lambda secret: ""
    return secrets.open


async def probe_round(
    application: Application,
    *,
    group: str | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    prober: Prober | None = None,
) -> RoundReport:
    """Every device with a probe (of `group`) probed once and recorded."""
    plan = await asyncio.to_thread(application.probe_plan, group=group)
    prepared = prepare(plan, _open(application))
    results = await run_once(prepared.jobs, concurrency=concurrency, prober=prober)
    now = int(application.now())
    recorded = await asyncio.to_thread(
        application.record_probes,
        [ProbeResult(r.job.key, r.outcome, now) for r in results]
        + broken_results(prepared.broken, now),
        prepared.sources,
    )
    lines = [
        Line(
            prepared.ids[r.job.key],
            r.job.method.value,
            r.outcome.ok,
            r.outcome.cause,
            r.outcome.latency_ms,
        )
        for r in results
    ] + [
        Line(b.device_id, b.method.value, False, f"{b.method} bad-target", None, b.message)
        for b in prepared.broken
    ]
    return RoundReport(lines, recorded.changes, prepared.ids)


async def keep_probing(
    application: Application,
    stop: asyncio.Event,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_change: Callable[[str], None] = lambda _: None,
    spread_s: float | None = None,
) -> None:
    """Probe every device at its interval until `stop`; results recorded every second. The
    plan is read again every minute, so a probe set while serving starts within a minute."""
    sources: dict[int, StatusSource] = {}
    ids: dict[int, str] = {}

    async def plan() -> list[Planned]:
        prepared = prepare(await asyncio.to_thread(application.probe_plan), _open(application))
        sources.clear()
        sources.update(prepared.sources)
        ids.clear()
        ids.update(prepared.ids)
        if prepared.broken:
            await asyncio.to_thread(
                application.record_probes,
                broken_results(prepared.broken, int(time.time())),
                sources,
            )
        return [Planned(j, prepared.interval[j.key]) for j in prepared.jobs]

    async def deliver(batch: list[Result]) -> None:
        try:
            recorded = await asyncio.to_thread(
                application.record_probes,
                [ProbeResult(r.job.key, r.outcome, int(r.at)) for r in batch],
                dict(sources),
            )
        except Exception as error:  # the store failed: this batch is lost, probing goes on
            on_change(f"提示：探测结果保存失败（{error}）")
            return
        for change in recorded.changes:
            word = "在线" if change.online else "离线"
            on_change(f"{ids.get(change.key, change.key)} {word}（{change.cause}）")

    await Scheduler(plan, deliver, concurrency=concurrency, spread_s=spread_s).run(stop)
