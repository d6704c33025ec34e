"""Work spread over the machine's cores by forking: children inherit the site model and the
templates as they are, so nothing but each child's results is ever pickled.

The parent takes the first share itself and each forked child one more; results come back, through
a temporary file per child, in the order of the items. Where fork is unavailable (Windows) or there
is one core, everything runs in this process.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import tempfile
import threading
import traceback
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


BATCH = 64   # results a child pickles at a time


class ChildFailed(RuntimeError):
    """A forked child raised; its traceback is the message."""


def fork_map(function: Callable, items: Sequence, workers: int | None = None) -> list:
    """[function(item) for item in items], with the items dealt out to `workers` processes in turn.

    Made by hand rather than with concurrent.futures' ProcessPoolExecutor (fork start method), which was
    tried for issue 14: on the same 10,000-page corpus a clean build took 37.0 and 38.6 s with the pool
    against 33.3 s with this code (main at the same time: 29.0 to 33.8 s; one run each, 2 cores shared).
    Why was not measured; likely, the pool's thread that takes results in needs the GIL while the parent
    converts its own share, whereas here a child spools its results to a file read afterwards."""
    workers = min(workers or cpu_count(), len(items))
    if workers <= 1 or not can_fork():
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    children = []
    # A child's garbage collector would walk every object it inherited, writing to each and so copying
    # the parent's heap page by page; frozen objects are left alone. (Python's documentation advises
    # this before fork; on this machine its effect was within the noise.)
    gc.freeze()
    try:
        for share in range(1, workers):
            spool = tempfile.TemporaryFile(prefix="trotsky-site-")
            child = context.Process(target=_child, args=(function, items[share::workers], spool), daemon=True)
            child.start()
            children.append((share, child, spool))
    finally:
        gc.unfreeze()
    results: list = [None] * len(items)
    finished = False
    try:
        results[0::workers] = [function(item) for item in items[0::workers]]
        for share, child, spool in children:
            child.join()
            results[share::workers] = _read_spool(spool, child.exitcode)
        finished = True
    finally:
        for _share, child, spool in children:
            if not finished and child.is_alive():
                child.kill()
                child.join()
            spool.close()
    return results


def _child(function, items, spool) -> None:
    """Writes the results in batches to the spool file: no pipe to fill while the parent is busy, and
    the parent reads them back one batch at a time instead of in one message as big as all of them."""
    try:
        batch = []
        for item in items:
            batch.append(function(item))
            if len(batch) == BATCH:
                spool.write(pickle.dumps(("ok", batch), pickle.HIGHEST_PROTOCOL))
                batch = []
        spool.write(pickle.dumps(("ok", batch), pickle.HIGHEST_PROTOCOL))
        spool.write(pickle.dumps(("done", None)))
    except BaseException as error:  # the parent raises it again, with this child's traceback
        try:
            spool.write(pickle.dumps(("error", (traceback.format_exc(), error))))
        except Exception:   # an exception that does not pickle: its traceback alone
            spool.write(pickle.dumps(("error", (traceback.format_exc(), None))))
    finally:
        spool.flush()
        os._exit(0)   # no atexit handlers, no flushing of the parent's inherited buffers


def _read_spool(spool, exitcode) -> list:
    spool.seek(0)
    results = []
    with paused_gc():
        while True:
            try:
                status, value = pickle.load(spool)
            except EOFError:
                raise ChildFailed(f"a forked child ended without its results (exit code {exitcode})") from None
            if status == "done":
                return results
            if status == "error":
                text, error = value
                if isinstance(error, (OSError, UnsafeOutputPath)):    # a failed write, an unsafe path: reported
                    raise error from ChildFailed(text)
                raise ChildFailed(text)
            results += value


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
