"""Tells the preview which files changed under some folders, as soon as they change.

On Linux it asks the kernel (inotify, through ctypes: no extra package); elsewhere it compares
file stamps every 100 ms. livereload's own watcher polls every 0.8 s, too slow for a preview that
reloads in under 100 ms, so the preview uses this one and only livereload's reload protocol.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
from pathlib import Path
from typing import Callable

from tornado.ioloop import IOLoop, PeriodicCallback

IN_ATTRIB, IN_CLOSE_WRITE = 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_Q_OVERFLOW, IN_ISDIR = 0x4000, 0x40000000
IN_NONBLOCK, IN_CLOEXEC = 0o4000, 0o2000000
# A file counts as changed when its writer closes it, never halfway through a write (IN_MODIFY);
# a new folder counts as soon as it is made, so that it can be watched too.
MASK = IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
EVENT = struct.Struct("iIII")
POLL_MS = 100

OnChange = Callable[[set[str]], None]   # absolute paths; an empty set means "anything may have changed"


def ignorable(name: str) -> bool:
    """Editors' swap, backup and lock files (vim's 4913 probe, emacs's #autosave#)."""
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".part"))
            or name == "4913")


def start_watching(folders: list[Path], on_change: OnChange, poll: bool = False) -> Callable[[], None]:
    """Calls on_change on the current IOLoop whenever files below `folders` change; returns a stop function."""
    roots = [os.path.abspath(folder) for folder in folders if Path(folder).is_dir()]
    libc = None if poll else _libc()
    if libc is not None:
        return _Inotify(libc, roots, on_change).stop
    return _Poller(roots, on_change).stop


def _libc():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        libc.inotify_init1, libc.inotify_add_watch   # noqa: B018 - only Linux has them
    except (OSError, AttributeError, TypeError):
        return None
    return libc


class _Inotify:
    def __init__(self, libc, roots: list[str], on_change: OnChange):
        self.libc, self.on_change, self.folders = libc, on_change, {}
        self.fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        for root in roots:
            self._add_tree(root)
        self.loop = IOLoop.current()
        self.loop.add_handler(self.fd, self._readable, IOLoop.READ)

    def _add_tree(self, top: str) -> set[str]:
        found = set()
        for folder, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            wd = self.libc.inotify_add_watch(self.fd, os.fsencode(folder), MASK)
            if wd >= 0:
                self.folders[wd] = folder
            found.update(os.path.join(folder, name) for name in files)
        return found

    def _readable(self, fd, events) -> None:
        changed, overflow = set(), False
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            offset = 0
            while offset < len(data):
                wd, mask, _cookie, length = EVENT.unpack_from(data, offset)
                raw = data[offset + EVENT.size: offset + EVENT.size + length].split(b"\0", 1)[0]
                offset += EVENT.size + length
                overflow |= bool(mask & IN_Q_OVERFLOW)
                folder, name = self.folders.get(wd), os.fsdecode(raw)
                if folder is None or not name or ignorable(name) or mask & IN_CREATE and not mask & IN_ISDIR:
                    continue
                path = os.path.join(folder, name)
                changed.add(path)
                if mask & IN_ISDIR and mask & (IN_CREATE | IN_MOVED_TO):
                    changed |= self._add_tree(path)   # files may have landed before the watch did
        if overflow:
            self.on_change(set())
        elif changed:
            self.on_change(changed)

    def stop(self) -> None:
        self.loop.remove_handler(self.fd)
        os.close(self.fd)


class _Poller:
    def __init__(self, roots: list[str], on_change: OnChange):
        self.roots, self.on_change = roots, on_change
        self.stamps = self._scan()
        self.timer = PeriodicCallback(self._tick, POLL_MS)
        self.timer.start()

    def _scan(self) -> dict[str, tuple]:
        stamps = {}
        for root in self.roots:
            for folder, dirs, files in os.walk(root):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in files:
                    if not ignorable(name):
                        path = os.path.join(folder, name)
                        try:
                            st = os.stat(path)
                        except OSError:
                            continue
                        stamps[path] = (st.st_mtime_ns, st.st_size, st.st_ino)
        return stamps

    def _tick(self) -> None:
        stamps = self._scan()
        changed = {p for p in stamps.keys() | self.stamps.keys() if stamps.get(p) != self.stamps.get(p)}
        self.stamps = stamps
        if changed:
            self.on_change(changed)

    def stop(self) -> None:
        self.timer.stop()
