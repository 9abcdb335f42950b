"""Running probes: a bounded pool of asyncio workers, each round of a job retried within it.

`run_once` probes a list of jobs and returns each outcome (`jixiao probe run --once`, the
tests, the bench). `Scheduler` keeps probing each device at its own interval, spread over the
interval by key so that 100,000 devices do not start in the same second, and hands results
to `deliver` in batches (the service records them in one transaction per batch).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import select
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import httpx

from jixiao.adapters.probes import checks
from jixiao.adapters.probes.checks import Job, _is_ip
from jixiao.adapters.probes.sweep import sweep
from jixiao.domain.probes import Outcome, ProbeMethod

DEFAULT_CONCURRENCY = 500
EPOLL = hasattr(select, "epoll")


@dataclass(frozen=True, slots=True)
class Result:
    job: Job
    outcome: Outcome
    at: float  # epoch seconds when the round ended


class Prober:
    """What the probes share: one HTTP client (connection limits, no keep-alive across
    devices) and whether ICMP may use raw sockets."""

    def __init__(self) -> None:
        self._client = httpx.AsyncClient(
            verify=False,  # cameras serve self-signed certificates: liveness, not identity
            follow_redirects=False,
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=0),
            trust_env=False,
        )
        self._privileged = checks.icmp_privileged()

    async def close(self) -> None:
        await self._client.aclose()

    async def attempt(self, job: Job) -> Outcome:
        try:
            match job.method:
                case ProbeMethod.TCP:
                    return await checks.tcp(job)
                case ProbeMethod.ICMP:
                    return await checks.icmp(job, privileged=self._privileged)
                case ProbeMethod.RTSP:
                    return await checks.rtsp(job)
                case ProbeMethod.ONVIF:
                    return await checks.onvif(job, self._client)
                case ProbeMethod.HTTP:
                    return await checks.http(job, self._client)
        except Exception as error:  # a probe is never a crash: the failure is its outcome
            return Outcome(False, f"{job.method} error {type(error).__name__}")

    async def probe(self, job: Job) -> Outcome:
        """One round: the first success, or the last failure after `retries` more tries."""
        outcome = await self.attempt(job)
        for _ in range(job.retries):
            if outcome.ok:
                break
            outcome = await self.attempt(job)
        return outcome


async def run_once(
    jobs: Sequence[Job], *, concurrency: int = DEFAULT_CONCURRENCY, prober: Prober | None = None
) -> list[Result]:
    """Every job probed once, at most `concurrency` at a time; results in the jobs' order.
    TCP probes of IP addresses go through the callback sweep (sweep.py), the rest through
    one coroutine each; the two share the bound in proportion to their numbers."""
    own = prober is None
    prober = prober or Prober()
    results: list[Result | None] = [None] * len(jobs)
    swept = [
        i
        for i, j in enumerate(jobs)
        if EPOLL and j.method is ProbeMethod.TCP and _is_ip(j.target.host)
    ]
    chosen = set(swept)
    rest = [i for i in range(len(jobs)) if i not in chosen]
    numbered: Iterator[int] = iter(rest)

    async def worker() -> None:
        for i in numbered:
            outcome = await prober.probe(jobs[i])
            results[i] = Result(jobs[i], outcome, time.time())

    async def tcp(bound: int) -> None:
        outcomes = await sweep([jobs[i] for i in swept], bound)
        at = time.time()
        for i, outcome in zip(swept, outcomes, strict=True):
            results[i] = Result(jobs[i], outcome, at)

    share = max(1, concurrency * len(swept) // max(1, len(jobs))) if swept else 0
    workers = max(1, min(concurrency - share, len(rest))) if rest else 0
    try:
        await asyncio.gather(*(worker() for _ in range(workers)), *([tcp(share)] if swept else []))
    finally:
        if own:
            await prober.close()
    return [r for r in results if r is not None]


@dataclass(frozen=True, slots=True)
class Planned:
    job: Job
    interval_s: int


class Scheduler:
    """Probes each planned device every `interval_s`, delivering results every `flush_s`."""

    def __init__(
        self,
        plan: Callable[[], Awaitable[Sequence[Planned]]],
        deliver: Callable[[list[Result]], Awaitable[None]],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        replan_s: float = 60.0,
        flush_s: float = 1.0,
        spread_s: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._plan, self._deliver = plan, deliver
        self._concurrency, self._replan_s, self._flush_s = concurrency, replan_s, flush_s
        self._clock, self._spread_s = clock, spread_s
        self.rounds = 0

    async def run(self, stop: asyncio.Event) -> None:
        prober = Prober()
        queue: asyncio.Queue[Job] = asyncio.Queue(maxsize=self._concurrency * 2)
        done: list[Result] = []
        busy: set[int] = set()

        async def worker() -> None:
            while True:
                job = await queue.get()
                try:
                    done.append(Result(job, await prober.probe(job), self._clock()))
                finally:
                    busy.discard(job.key)
                    queue.task_done()

        async def flush() -> None:
            while done:
                batch = done[:]
                del done[: len(batch)]
                self.rounds += len(batch)
                await self._deliver(batch)

        workers = [asyncio.create_task(worker()) for _ in range(self._concurrency)]
        due: dict[int, float] = {}
        heap: list[
            tuple[float, int]
        ] = []  # (when, key); an entry whose time is not due[key] is stale
        planned: dict[int, Planned] = {}
        replanned = flushed = float("-inf")
        replan_s = self._replan_s
        try:
            while not stop.is_set():
                now = self._clock()
                if now - replanned >= replan_s:
                    started = time.perf_counter()
                    planned = {p.job.key: p for p in await self._plan()}
                    # a plan of 100,000 devices takes seconds: read it at most 5% of the time
                    replan_s = max(self._replan_s, 20 * (time.perf_counter() - started))
                    due = _spread(planned.values(), due, now, self._spread_s)
                    heap = [(at, key) for key, at in due.items()]
                    heapq.heapify(heap)
                    replanned = now
                while heap and heap[0][0] <= now:
                    at, key = heapq.heappop(heap)
                    if due.get(key) != at:
                        continue
                    entry = planned[key]
                    due[key] = now + entry.interval_s
                    heapq.heappush(heap, (due[key], key))
                    if key in busy:  # still probing from last time: skip this turn
                        continue
                    busy.add(key)
                    await queue.put(entry.job)
                if now - flushed >= self._flush_s:
                    await flush()
                    flushed = now
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=0.2)
            await flush()
        finally:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            await prober.close()


def _spread(
    planned: Iterable[Planned], due: dict[int, float], now: float, spread_s: float | None
) -> dict[int, float]:
    """Next probe time of each planned device: kept when known, else spread over its interval
    (or `spread_s`) by key, the same offset every start, so that rounds stay even."""
    out = {}
    for p in planned:
        key = p.job.key
        width = p.interval_s if spread_s is None else spread_s
        out[key] = due.get(key, now + (key * 7919 % 1000) / 1000 * width)
    return out
