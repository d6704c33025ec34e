"""Writes the built site as one transaction that touches only the files whose bytes changed
(`SiteWriter`): a failed build leaves the previous output byte-identical."""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
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


class SiteWriter:
    """Changes the output folder file by file, in proportion to the change, as one transaction.

    `put` compares a file's new bytes with the output's and writes only a file that differs, into a
    staging folder beside the output (forked children may `put` too: they share nothing but that
    folder); the output is not touched until `commit`, so a build that finds a problem while rendering
    just `abort`s. `commit` moves each staged file into place and each file the site no longer has out
    of it, keeping every replaced or removed file in a backup folder beside the output and listing the
    moves in a journal first: an I/O error midway moves everything back, and a crash midway is undone
    by the next writer (`recover`). Unchanged files keep their bytes and time stamps.
    """

    def __init__(self, out_dir: Path):
        out_dir = out_dir.resolve()
        if out_dir.exists() and not out_dir.is_dir():
            raise _failed(out_dir, f"{out_dir} exists and is not a folder")
        self.out_dir = out_dir
        self.out = str(out_dir)
        self.journal = out_dir.parent / f".{out_dir.name}.journal"
        try:
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            recover(self.journal)
            self.staging = tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent)
        except OSError as error:
            raise _failed(out_dir, f"cannot create a folder beside {out_dir}: {error.strerror}") from error
        self.made: set[str] = {""}

    def failed(self, error: BaseException) -> WriteFailed:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        where = f" ({error.filename})" if isinstance(error, OSError) and error.filename else ""
        return _failed(self.out_dir, f"could not write the site: {reason}{where}")

    def put(self, relative: str, data: bytes) -> bool:
        """Stages `data` as `relative` unless the output holds those bytes already; True when staged."""
        current = _checked(self.out, relative)
        try:
            status = os.stat(current)
            if stat.S_ISREG(status.st_mode) and status.st_size == len(data):
                with open(current, "rb", buffering=0) as old:   # one read, no isatty or seek
                    if old.read() == data:
                        return False
        except OSError:
            pass
        folder = relative.rpartition("/")[0]
        if folder not in self.made:
            os.makedirs(f"{self.staging}/{folder}", exist_ok=True)
            self.made.add(folder)
        Path(_checked(self.staging, relative)).write_bytes(data)
        return True

    def commit(self, every: set[str]) -> None:
        """Makes the output hold exactly the files `every` names: the staged ones new, the others as they were."""
        staged = _files_under(self.staging)
        if not self.out_dir.exists():     # a first build: the staging folder is the whole site
            os.replace(self.staging, self.out)
            return
        gone = sorted(_files_under(self.out) - every)
        moves = gone + sorted(staged)        # first out, so that a file may take the place of a folder
        backup = tempfile.mkdtemp(prefix=f".{self.out_dir.name}.old-", dir=self.out_dir.parent)
        _write_journal(self.journal, self.out, self.staging, backup,
                       [(relative, os.path.lexists(f"{self.out}/{relative}")) for relative in moves])
        try:
            for relative in moves:
                _move_in(relative, self.out, self.staging if relative in staged else None, backup)
                if relative not in staged:
                    _remove_empty_folders(self.out, relative)
        except BaseException:
            recover(self.journal)
            raise
        os.unlink(self.journal)
        shutil.rmtree(backup, ignore_errors=True)
        shutil.rmtree(self.staging, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _files_under(root: str) -> set[str]:
    found = set()
    for folder, _dirs, names in os.walk(root):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found.update(prefix + name for name in names)
    return found


def _move_in(relative: str, out: str, staging: str | None, backup: str) -> None:
    """The old file (if any) to the backup, then the staged one (if any) into its place."""
    target = f"{out}/{relative}"
    if os.path.lexists(target):
        os.makedirs(os.path.dirname(f"{backup}/{relative}"), exist_ok=True)
        os.replace(target, f"{backup}/{relative}")
    if staging is not None:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(f"{staging}/{relative}", target)


def _remove_empty_folders(out: str, relative: str) -> None:
    folder = relative.rpartition("/")[0]
    while folder:
        try:
            os.rmdir(f"{out}/{folder}")
        except OSError:
            return
        folder = folder.rpartition("/")[0]


def _write_journal(journal: Path, out: str, staging: str, backup: str, moves: list[tuple[str, bool]]) -> None:
    lines = [out, staging, backup] + [f"{int(had)} {relative}" for relative, had in moves]
    temporary = journal.with_name(journal.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, journal)


def recover(journal: Path) -> None:
    """Undoes a commit that did not finish (this process's I/O error, or a crash before): every file the
    journal names goes back to what it was, from the backup folder, and a new file is removed."""
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    out, staging, backup = lines[:3]
    for line in reversed(lines[3:]):
        had, relative = line[0] == "1", line[2:]
        target, saved = f"{out}/{relative}", f"{backup}/{relative}"
        if os.path.lexists(saved):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(saved, target)
        elif not had and os.path.lexists(target):
            os.unlink(target)
        if not had:
            _remove_empty_folders(out, relative)
    os.unlink(journal)
    shutil.rmtree(backup, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


class WrittenFiles(Mapping):
    """The files a build wrote (the static ones aside), read from the output folder when asked for."""

    def __init__(self, out_dir: Path, paths: list[str]):
        self.out_dir, self.paths = out_dir, paths
        self._known = frozenset(paths)

    def __getitem__(self, path: str) -> bytes:
        if path not in self._known:
            raise KeyError(path)
        return (self.out_dir / path).read_bytes()

    def __iter__(self):
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)
