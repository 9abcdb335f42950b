"""The job pool ends within its bound even with a stuck job; scratch of dead servers goes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from jixiao.web.jobs import SCRATCH_PREFIX, Jobs, Outcome, Progress, clean_stale_scratch

STUCK = textwrap.dedent(
    """
    import threading, time
    from jixiao.web.jobs import Jobs, Outcome

    def stuck(progress):
        threading.Event().wait()  # a library that never returns
        return Outcome()

    jobs = Jobs(time.time)
    jobs.start(1, "check", "检查报告", 1, stuck)
    time.sleep(0.2)
    started = time.monotonic()
    jobs.shutdown(wait_s=0.5)
    print(round(time.monotonic() - started, 1))
    """
)


def test_a_stuck_job_does_not_keep_the_process_from_ending() -> None:
    """Before, shutdown waited for the job for ever, and so did the interpreter's exit."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", STUCK], capture_output=True, text=True, timeout=30, env=env
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < 2 and time.monotonic() - started < 20


def test_a_job_still_runs_and_reports_as_before() -> None:
    jobs = Jobs(time.time)

    def work(progress: Progress) -> Outcome:
        progress.advance("一步")
        return Outcome("完成")

    job = jobs.start(1, "check", "检查报告", 1, work)
    deadline = time.monotonic() + 10
    while jobs.get(job.id, 1).state.value == "running" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert jobs.get(job.id, 1).message == "完成"
    jobs.shutdown()


def test_scratch_of_servers_no_longer_running_is_removed(tmp_path: Path) -> None:
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = tmp_path / f"{SCRATCH_PREFIX}{ended.stdout.strip()}-abc"
    alive = tmp_path / f"{SCRATCH_PREFIX}{os.getpid()}-def"
    other = tmp_path / "something-else"
    for directory in (dead, alive, other):
        (directory / "job-1").mkdir(parents=True)
    assert clean_stale_scratch(tmp_path) == 1
    assert not dead.exists() and alive.exists() and other.exists()
