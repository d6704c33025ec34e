"""Work spread over the machine's cores by forking: children inherit the site model and the
templates as they are, so nothing but each child's results is ever pickled.

Where fork is unavailable (Windows) or there is one core, everything runs in this process.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Sequence

from .cache import paused_gc
from .writer import UnsafeOutputPath


def cpu_count() -> int:
    """The cores this process may use, or TROTSKY_SITE_WORKERS (1 turns forking off, e.g. to profile)."""
    if os.environ.get("TROTSKY_SITE_WORKERS", "").isdigit():
        return max(1, int(os.environ["TROTSKY_SITE_WORKERS"]))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Fork where the system has it and this process runs one thread: a thread holding a lock while
    we fork would leave that lock held forever in the child (a live preview's server, an embedding app)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


BATCH = 64   # items a child works through, and pickles the results of, at a time

_TASK: tuple | None = None   # (function, items) of the fork_map running: the forked workers inherit it


class ChildFailed(RuntimeError):
    """A forked child raised; its traceback is the message."""


def fork_map(function: Callable, items: Sequence, workers: int | None = None) -> list:
    """[function(item) for item in items], with the items dealt out to `workers` processes in turn.

    A `concurrent.futures.ProcessPoolExecutor` with the fork start method: the workers inherit the
    function and the items (closures, the site model) and are sent only ranges of indexes, so nothing
    but results is pickled; this process works through its own share meanwhile. Forking pays: on 2 cores
    a clean 10,000-page build took 45 s in one process and 31 s forked (2 alternating rounds each, load
    about 1.1); benchmarks/audit.py's "serial" row, on a busier machine, saw less (see issue 14's notes)."""
    global _TASK
    workers = min(workers or cpu_count(), len(items))
    if workers <= 1 or not can_fork():
        return [function(item) for item in items]
    shares = [list(range(share, len(items), workers)) for share in range(1, workers)]
    chunks = [share[start:start + BATCH] for share in shares for start in range(0, len(share), BATCH)]
    results: list = [None] * len(items)
    _TASK = (function, items)
    pool = ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork"))
    # A child's garbage collector would walk every object it inherited, writing to each and so copying
    # the parent's heap page by page; frozen objects are left alone (Python's documentation advises this
    # before fork). The workers are forked at the first submit.
    gc.freeze()
    try:
        try:
            pending = [(chunk, pool.submit(_run, chunk)) for chunk in chunks]
        finally:
            gc.unfreeze()
        for index in range(0, len(items), workers):
            results[index] = function(items[index])
        for chunk, future in pending:
            for index, value in zip(chunk, _result(future)):
                results[index] = value
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _TASK = None
    return results


def _run(indexes: list[int]) -> list:
    function, items = _TASK
    with paused_gc():
        return [function(items[index]) for index in indexes]


def _result(future):
    try:
        return future.result()
    except (OSError, UnsafeOutputPath):    # a failed write, an unsafe path: reported as such by the build
        raise
    except BrokenProcessPool as error:
        raise ChildFailed(f"a forked child ended without its results ({error})") from None
    except Exception as error:
        raise ChildFailed(getattr(error.__cause__, "tb", None) or traceback.format_exc()) from error


# Forking pays from about this many pages: on two cores 16 pages broke even and 32 took 20 ms
# instead of 24, 157 took 70 ms instead of 113 (render_all alone, this site's pages).
PARALLEL_FROM = 32


def render_outputs_on_cores(env, outputs: list, workers: int | None = None,
                            threshold: int = PARALLEL_FROM, sink=None) -> tuple[dict[str, bytes], list]:
    """`pages.render_outputs` spread over the cores, with files and problems in the serial order."""
    from ..render.outputs import render_outputs
    if len(outputs) < threshold:
        return render_outputs(env, outputs, sink)
    files, problems = {}, []
    for part_files, part_problems in fork_map(lambda output: render_outputs(env, [output], sink), outputs, workers):
        files.update(part_files)
        problems += part_problems
    return files, problems
