"""Tells the preview which files changed under some folders, as soon as they change.

The watching itself is watchfiles' (the operating system's notifications: inotify, FSEvents,
ReadDirectoryChangesW; polling where there are none, or when asked). livereload's own watcher polls
every 0.8 s, too slow for a preview that reloads in under 100 ms, so the preview uses this one and
only livereload's reload protocol.
"""
from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import Callable

import watchfiles
from tornado.ioloop import IOLoop

# watchfiles gathers the changes it sees until none came for STEP_MS (at most DEBOUNCE_MS): the preview
# waits 50 ms more for a burst of saves to end, so this one only needs to catch the events of one save.
STEP_MS = 5
DEBOUNCE_MS = 1600
POLL_MS = 100

OnChange = Callable[[set[str]], None]   # absolute paths; an empty set means "anything may have changed"


# GNU sed -i writes its result to sed + six random letters and digits, then renames it over the file.
_SED_TEMPORARY = re.compile(r"sed[A-Za-z0-9]{6}")


def ignorable(name: str) -> bool:
    """Editors' swap, backup and lock files (vim's 4913 probe, emacs's #autosave#, sed -i's temporary)."""
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".part"))
            or name == "4913" or _SED_TEMPORARY.fullmatch(name) is not None)


def start_watching(folders: list[Path], on_change: OnChange, poll: bool = False) -> Callable[[], None]:
    """Calls on_change on the current IOLoop whenever files below `folders` change; returns a stop function.
    `poll` compares file stamps every 100 ms instead of asking the system (for network file systems)."""
    roots = [os.path.abspath(folder) for folder in folders if Path(folder).is_dir()]
    stop = asyncio.Event()
    if roots:
        IOLoop.current().spawn_callback(_watch, roots, on_change, stop, poll)
    return stop.set


def _watch_filter(roots: list[str]) -> Callable[[watchfiles.Change, str], bool]:
    def keep(_change: watchfiles.Change, path: str) -> bool:
        for root in roots:
            if path.startswith(root + os.sep):
                # Hidden folders below a root (.cache/, .git/) and editors' files are not the site's.
                return not any(ignorable(part) for part in path[len(root) + 1:].split(os.sep))
        return False
    return keep


async def _watch(roots: list[str], on_change: OnChange, stop: asyncio.Event, poll: bool) -> None:
    async for changes in watchfiles.awatch(*roots, watch_filter=_watch_filter(roots), step=STEP_MS,
                                           debounce=DEBOUNCE_MS, stop_event=stop, force_polling=poll,
                                           poll_delay_ms=POLL_MS, ignore_permission_denied=True):
        on_change({path for _change, path in changes})
