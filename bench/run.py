"""Benchmarks: how long evaluation takes, as ratios to a baseline measured in the same run.

Figures on one machine drift with its load; a ratio to a baseline timed alongside does not,
so the goals are stated as ratios: reading + validating + scoring a project file should cost a
small multiple of merely parsing its YAML, and 200 projects should cost 200 × one project.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from jixiao.adapters.projectfile import read_project
from jixiao.domain.evaluation import evaluate

ROOT = Path(__file__).resolve().parent.parent
WORKED = (ROOT / "examples" / "worked-example-2023-tianwang-om.yaml").read_text(encoding="utf-8")


def _median_seconds(action: Callable[[], object], repeat: int = 7, number: int = 1) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            action()
        timings.append((time.perf_counter() - start) / number)
    return statistics.median(timings)


def _projects(count: int) -> list[str]:
    """`count` distinct project files: the worked example with different actuals and names."""
    texts = []
    for i in range(count):
        text = WORKED.replace("actual: 1180个", f"actual: {1000 + i}个")
        texts.append(
            text.replace("name: 2023年天网工程运维经费", f"name: 2023年天网工程运维经费{i}")
        )
    return texts


def main() -> None:
    baseline = _median_seconds(lambda: yaml.safe_load(WORKED), number=20)
    one = _median_seconds(lambda: evaluate(read_project(WORKED)), number=20)
    batch = _projects(200)
    many = _median_seconds(lambda: [evaluate(read_project(t)) for t in batch], repeat=3)
    python = _median_seconds(
        lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), repeat=3
    )
    cli = _median_seconds(
        lambda: subprocess.run(
            [
                sys.executable,
                "-m",
                "jixiao",
                "evaluate",
                "--json",
                str(ROOT / "examples" / "worked-example-2023-tianwang-om.yaml"),
            ],
            check=True,
            capture_output=True,
        ),
        repeat=3,
    )
    rows = [
        ("baseline: yaml.safe_load of one project file", baseline, 1.0),
        ("read + validate + evaluate one project", one, one / baseline),
        ("200 projects", many, many / baseline),
        ("  per project in the batch", many / 200, many / 200 / baseline),
        ("baseline: start python and exit", python, 1.0),
        ("`jixiao evaluate --json` as a process", cli, cli / python),
    ]
    print(f"{'benchmark':<48}{'median':>12}{'ratio':>10}")
    for name, seconds, ratio in rows:
        print(f"{name:<48}{seconds * 1000:>10.2f}ms{ratio:>9.1f}x")
    sys.stdout.flush()
    # The online-rate benchmark in its own process, so that its peak memory is its own;
    # arguments pass through (`python bench/run.py --devices 2000` for a quick run).
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "availability.py"), *sys.argv[1:]], check=True
    )


if __name__ == "__main__":
    main()
