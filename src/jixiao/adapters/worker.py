"""Reading a file from outside in a worker process with memory and CPU limits.

The readers bound what they know to be costly (adapters/readers/limits.py); the web app
also reads every uploaded file in a child process whose address space and CPU time the
operating system limits, so a file that gets past those bounds kills the child, never the
server (nor the GB/T 28181 platform in the same process). A killed or crashed child is an
InputError naming the limit, as any other refusal of the file.

Children are forked from a server process that has the readers loaded (multiprocessing's
forkserver), so a read costs milliseconds of start-up, not the imports.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import pickle
import resource
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from jixiao.domain.errors import InputError, Problem

T = TypeVar("T")
MEMORY_BYTES = 2 * 1024 * 1024 * 1024  # address space, including the loaded libraries
CPU_SECONDS = 120
WALL_SECONDS = 300
_PRELOAD = ["jixiao.adapters.files"]


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def _child(
    send: multiprocessing.connection.Connection,
    function: Callable[..., Any],
    args: tuple[Any, ...],
    memory: int,
    cpu: int,
) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    try:
        outcome: tuple[str, Any] = ("ok", function(*args))
    except InputError as error:
        outcome = ("input", list(error.problems))
    except MemoryError:
        outcome = ("memory", None)
    except BaseException as error:  # sent back whole; the parent decides what it is
        outcome = ("error", error)
    try:
        send.send(outcome)
    except (pickle.PicklingError, TypeError, AttributeError):
        send.send(("error", RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}")))
    finally:
        send.close()


def run_bounded(
    function: Callable[..., T],
    path: Path,
    *args: Any,
    memory: int = MEMORY_BYTES,
    cpu: int = CPU_SECONDS,
    wall: float = WALL_SECONDS,
) -> T:
    """`function(path, *args)` in a child process limited to `memory` bytes of address
    space and `cpu` seconds; InputError (about `path`) when the child is killed or runs out."""
    context = _context()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(send, function, (path, *args), memory, cpu), daemon=True
    )
    child.start()
    send.close()
    ready = False
    try:
        ready = receive.poll(wall)
        outcome = receive.recv() if ready else None
    except EOFError:  # the child died without a word: killed by a limit or crashed
        outcome = None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if outcome is None:
        raise _killed(path, child.exitcode, memory, cpu, wall, timed_out=not ready)
    kind, value = outcome
    if kind == "ok":
        result: T = value
        return result
    if kind == "input":
        raise InputError(value)
    if kind == "memory":
        raise _killed(path, -signal.SIGKILL, memory, cpu, wall, timed_out=False)
    raise value


def _killed(
    path: Path, exitcode: int | None, memory: int, cpu: int, wall: float, *, timed_out: bool
) -> InputError:
    memory_mb = memory // 1024 // 1024
    if timed_out:
        why = f"读取超过{wall:g}秒，已停止"
    elif exitcode == -signal.SIGXCPU:
        why = f"读取用时超过{cpu}秒 CPU 上限，已停止"
    else:
        why = f"读取时超出内存上限（{memory_mb} MB）或异常退出（退出码 {exitcode}），已停止"
    return InputError([Problem(str(path), f"{why}；文件可能已损坏或被刻意构造，未作任何更改")])
