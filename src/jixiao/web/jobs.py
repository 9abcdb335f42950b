"""Long work off the request: imports, report checks, PDF batches, with progress to poll.

A job runs in a small thread pool owned by the app; the page polls its progress (htmx every
second) and the API exposes the same as JSON. Jobs live in memory: a restart forgets them,
which is fine for work that takes seconds to minutes and whose effects are in the store.

The pool's threads are daemons and shutdown waits for them only SHUTDOWN_WAIT_S, so a job
stuck in a library never keeps `jixiao serve` from ending (its effects are all-or-nothing in
one transaction). Each server's scratch directory carries its process id; a server starting
removes the scratch left by servers that are no longer running.
"""

from __future__ import annotations

import logging
import os
import queue
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from jixiao.adapters.problems import MissingTool
from jixiao.domain.errors import DomainError, InputError, Problem
from jixiao.services.web_errors import Busy, NotFound

log = logging.getLogger(__name__)
KEEP_FINISHED_S = 3600
SHUTDOWN_WAIT_S = 10.0  # how long shutdown waits for running jobs before leaving them
SCRATCH_PREFIX = "jixiao-web-"


class _Pool:
    """A fixed number of daemon threads taking work from a queue."""

    def __init__(self, workers: int) -> None:
        self._work: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._serve, name=f"jixiao-job-{n}", daemon=True)
            for n in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def _serve(self) -> None:
        while (task := self._work.get()) is not None:
            task()

    def submit(self, task: Callable[[], None]) -> None:
        self._work.put(task)

    def shutdown(self, wait_s: float) -> bool:
        """Stop taking work; wait up to `wait_s` for what runs. Whether all threads ended."""
        while True:  # work not started is dropped
            try:
                self._work.get_nowait()
            except queue.Empty:
                break
        for _ in self._threads:
            self._work.put(None)
        deadline = time.monotonic() + wait_s
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread in self._threads)


def clean_stale_scratch(directory: Path | None = None) -> int:
    """Remove the scratch directories of servers no longer running; how many were removed."""
    removed = 0
    for path in Path(directory or tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"):
        pid = path.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _running(int(pid)):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed += 1
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


class JobState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


STATE_LABELS = {JobState.RUNNING: "进行中", JobState.DONE: "已完成", JobState.FAILED: "失败"}


@dataclass(frozen=True, slots=True)
class Outcome:
    message: str = ""
    result: Any = None
    file: Path | None = None
    download_name: str = ""


@dataclass
class Job:
    id: str
    owner: int
    kind: str
    title: str
    total: int
    directory: Path
    started: float
    done: int = 0
    step: str = ""
    state: JobState = JobState.RUNNING
    message: str = ""
    problems: list[Problem] = field(default_factory=list)
    outcome: Outcome = field(default_factory=Outcome)
    finished: float | None = None

    @property
    def percent(self) -> int:
        if self.state is not JobState.RUNNING:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0


class Progress:
    """Handed to a job's work: `advance` after each step, with what was just done."""

    def __init__(self, job: Job, lock: threading.RLock) -> None:
        self._job, self._lock = job, lock

    @property
    def directory(self) -> Path:
        return self._job.directory

    def advance(self, label: str = "", steps: int = 1) -> None:
        with self._lock:
            self._job.done = min(self._job.total, self._job.done + steps)
            self._job.step = label

    def total(self, total: int) -> None:
        with self._lock:
            self._job.total = max(1, total)


Work = Callable[[Progress], Outcome]


class Jobs:
    def __init__(self, clock: Callable[[], float], workers: int = 2) -> None:
        self._clock, self._workers = clock, workers
        self._jobs: dict[str, Job] = {}
        self._lock = threading.RLock()
        # Made on first use and dropped by shutdown(), so an app whose lifespan ends and
        # starts again (tests, reloads) gets a fresh pool rather than a closed one.
        self._pool: _Pool | None = None
        self._root: Path | None = None

    def _started(self) -> tuple[_Pool, Path]:
        with self._lock:
            if self._pool is None:
                self._pool = _Pool(self._workers)
            if self._root is None or not self._root.is_dir():
                prefix = f"{SCRATCH_PREFIX}{os.getpid()}-"
                self._root = Path(tempfile.mkdtemp(prefix=prefix))
            return self._pool, self._root

    def start(
        self,
        owner: int,
        kind: str,
        title: str,
        total: int,
        work: Work,
        directory: Path | None = None,
    ) -> Job:
        """Run `work` in the pool; `directory` (from `scratch`) holds what it was given."""
        with self._lock:
            self._prune()
            if any(
                j.owner == owner and j.kind == kind and j.state is JobState.RUNNING
                for j in self._jobs.values()
            ):
                if directory is not None:
                    shutil.rmtree(directory, ignore_errors=True)
                raise Busy(f"已有一个“{title}”任务在进行，请等它完成")
            job_id = secrets.token_urlsafe(12)
            directory = directory or self.scratch()
            job = Job(job_id, owner, kind, title, max(1, total), directory, self._clock())
            self._jobs[job_id] = job
        self._started()[0].submit(lambda: self._run(job, work))
        return job

    def scratch(self) -> Path:
        """A fresh directory, for the files a job is given before it starts."""
        return Path(tempfile.mkdtemp(dir=self._started()[1], prefix="job-"))

    def busy(self, owner: int, kind: str) -> bool:
        with self._lock:
            return any(
                j.owner == owner and j.kind == kind and j.state is JobState.RUNNING
                for j in self._jobs.values()
            )

    def _run(self, job: Job, work: Work) -> None:
        try:
            outcome = work(Progress(job, self._lock))
        except InputError as error:
            self._fail(job, "文件有误，未作任何更改", [_problem(p, job) for p in error.problems])
        except (DomainError, MissingTool) as error:
            self._fail(job, str(error), [])
        except Exception:
            log.exception("job %s (%s) failed", job.id, job.kind)
            self._fail(job, "内部错误（程序缺陷，不是输入问题），请把时间告诉维护人员", [])
        else:
            with self._lock:
                job.outcome, job.message = outcome, outcome.message
                job.state, job.done, job.finished = JobState.DONE, job.total, self._clock()

    def _fail(self, job: Job, message: str, problems: list[Problem]) -> None:
        with self._lock:
            job.state, job.message, job.problems = JobState.FAILED, message, problems
            job.finished = self._clock()

    def get(self, job_id: str, owner: int, *, any_owner: bool = False) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or (job.owner != owner and not any_owner):
            raise NotFound("没有这个任务（可能已过期）")
        return job

    def _prune(self) -> None:
        now = self._clock()
        for job_id, job in list(self._jobs.items()):
            if job.finished is not None and now - job.finished > KEEP_FINISHED_S:
                shutil.rmtree(job.directory, ignore_errors=True)
                del self._jobs[job_id]

    def shutdown(self, wait_s: float = SHUTDOWN_WAIT_S) -> None:
        with self._lock:
            pool, root = self._pool, self._root
            self._pool = self._root = None
        if pool is not None and not pool.shutdown(wait_s):
            log.warning("jobs still running after %.0f s left behind at shutdown", wait_s)
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)


def _problem(problem: Problem, job: Job) -> Problem:
    message = str(problem.message).replace(f"{job.directory}/", "")
    return Problem(
        problem.file.replace(f"{job.directory}/", ""), message, problem.line, problem.field
    )
