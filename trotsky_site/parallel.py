"""Work spread over the machine's cores by forking: children inherit the site model and the
templates as they are, so nothing but each child's results is ever pickled.

The parent takes the first share itself and each forked child one more; results come back in
the order of the items. Where fork is unavailable (Windows) or there is one core, everything
runs in this process.
"""
from __future__ import annotations

import multiprocessing
import os
import traceback
from typing import Callable, Sequence


def cpu_count() -> int:
    """The cores this process may use, or TROTSKY_SITE_WORKERS (1 turns forking off, e.g. to profile)."""
    if os.environ.get("TROTSKY_SITE_WORKERS", "").isdigit():
        return max(1, int(os.environ["TROTSKY_SITE_WORKERS"]))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class ChildFailed(RuntimeError):
    """A forked child raised; its traceback is the message."""


def fork_map(function: Callable, items: Sequence, workers: int | None = None) -> list:
    """[function(item) for item in items], with the items dealt out to `workers` processes in turn."""
    workers = min(workers or cpu_count(), len(items))
    if workers <= 1 or not can_fork():
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    children = []
    for share in range(1, workers):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(function, items[share::workers], sender), daemon=True)
        child.start()
        sender.close()
        children.append((share, child, receiver))
    results: list = [None] * len(items)
    finished = False
    try:
        results[0::workers] = [function(item) for item in items[0::workers]]
        for share, child, receiver in children:
            status, value = receiver.recv()
            if status != "ok":
                raise ChildFailed(value)
            results[share::workers] = value
        finished = True
    finally:
        for _share, child, receiver in children:
            receiver.close()
            if not finished:
                child.kill()
            child.join()
    return results


def _child(function, items, sender) -> None:
    try:
        outcome = ("ok", [function(item) for item in items])
    except BaseException:  # the parent re-raises it with this child's traceback
        outcome = ("error", traceback.format_exc())
    try:
        sender.send(outcome)
    finally:
        sender.close()
        os._exit(0)   # no atexit handlers, no flushing of the parent's inherited buffers


def render_outputs_on_cores(env, outputs: list, workers: int | None = None, threshold: int = 48):
    """`pages.render_outputs` spread over the cores, with files and problems in the serial order."""
    from .pages import render_outputs
    if len(outputs) < threshold:
        return render_outputs(env, outputs)
    files, problems = {}, []
    for part_files, part_problems in fork_map(lambda output: render_outputs(env, [output]), outputs, workers):
        files.update(part_files)
        problems += part_problems
    return files, problems
