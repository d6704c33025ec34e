"""writer: atomic output, refusal of paths outside it, and failures that leave the old output alone."""
import errno
import os
from pathlib import Path

import pytest

from trotsky_site.build.writer import SiteWriter, UnsafeOutputPath, WriteFailed, _checked, static_files


def write_site(files: dict[str, bytes], static: dict[str, Path], out_dir: Path) -> None:
    """One whole-site transaction through SiteWriter, as build() makes it: every file put, then one commit;
    anything failing aborts it and raises WriteFailed."""
    writer = SiteWriter(out_dir)
    try:
        for relative in sorted(files):
            writer.put(relative, files[relative])
        for relative, source in static.items():
            writer.put(relative, source.read_bytes())
        writer.commit(set(files) | set(static))
    except (OSError, UnsafeOutputPath) as error:
        writer.abort()
        raise writer.failed(error) from error


def tree(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_write_replaces_the_output_as_a_whole(tmp_path):
    out = tmp_path / "_site"
    write_site({"index.html": b"one", "people/a/index.html": b"a"}, {}, out)
    write_site({"index.html": b"two"}, {}, out)
    assert tree(out) == {"index.html": b"two"}
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


@pytest.mark.parametrize("relative", ["../escape.html", "/etc/passwd", "a/../../escape.html"])
def test_paths_outside_the_output_are_refused(tmp_path, relative):
    with pytest.raises(UnsafeOutputPath):
        _checked(str(tmp_path.resolve()), relative)


def test_an_unsafe_path_fails_the_write_and_keeps_the_old_output(tmp_path):
    out = tmp_path / "_site"
    write_site({"index.html": b"old"}, {}, out)
    with pytest.raises(WriteFailed) as failed:
        write_site({"index.html": b"new", "../escape.html": b"x"}, {}, out)
    assert failed.value.problem.code == "output.write-failed"
    assert "resolves outside the output folder" in failed.value.problem.message
    assert tree(out) == {"index.html": b"old"} and not (tmp_path / "escape.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


def test_a_full_disk_fails_the_write_and_keeps_the_old_output(tmp_path, monkeypatch):
    out = tmp_path / "_site"
    write_site({"index.html": b"old"}, {}, out)

    def full(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(WriteFailed) as failed:
        write_site({"index.html": b"new"}, {}, out)
    problem = failed.value.problem
    assert (problem.shown, problem.code) == (str(out.resolve()), "output.write-failed")
    assert problem.message.startswith("could not write the site: No space left on device (")
    assert problem.hint == "the previous output is unchanged; check the free space and the folder's permissions"
    monkeypatch.undo()
    assert tree(out) == {"index.html": b"old"}
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


def test_an_output_path_that_is_a_file_is_refused(tmp_path):
    out = tmp_path / "_site"
    out.write_text("my notes")
    with pytest.raises(WriteFailed) as failed:
        write_site({"index.html": b"x"}, {}, out)
    assert failed.value.problem.message == f"{out.resolve()} exists and is not a folder"
    assert out.read_text() == "my notes"


def test_static_files_skip_dotfiles(tmp_path):
    (tmp_path / "img").mkdir()
    for name in ("style.css", ".DS_Store", "img/a.jpg"):
        (tmp_path / name).write_bytes(b"x")
    assert sorted(static_files(tmp_path)) == ["static/img/a.jpg", "static/style.css"]
    assert static_files(tmp_path / "missing") == {} and static_files(None) == {}


# --- incremental writes: only what changed, and all or nothing ---------------------------------------

from trotsky_site.build import writer as writer_module  # noqa: E402

OLD = {"index.html": b"home", "people/a/index.html": b"a", "people/b/index.html": b"b", "gone/index.html": b"x"}
NEW = {"index.html": b"home", "people/a/index.html": b"a, edited", "people/b/index.html": b"b",
       "people/c/index.html": b"c"}


def test_only_changed_files_are_written_and_removed_files_go(tmp_path):
    out = tmp_path / "_site"
    write_site(OLD, {}, out)
    before = {name: os.stat(out / name) for name in ("index.html", "people/b/index.html")}
    write_site(NEW, {}, out)
    assert tree(out) == NEW and not (out / "gone").exists()
    for name, status in before.items():      # untouched: same inode, same time stamp
        after = os.stat(out / name)
        assert (after.st_ino, after.st_mtime_ns) == (status.st_ino, status.st_mtime_ns)
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


@pytest.mark.parametrize("failing_move", [1, 2, 3, 4])
def test_an_io_error_midway_through_the_commit_rolls_every_file_back(tmp_path, monkeypatch, failing_move):
    out = tmp_path / "_site"
    write_site(OLD, {}, out)
    calls = []
    real = os.replace

    def flaky(source, target):
        calls.append(target)
        if "._site.new-" in str(source) and len(calls) >= failing_move:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))
        return real(source, target)
    monkeypatch.setattr(writer_module.os, "replace", flaky)
    with pytest.raises(WriteFailed):
        write_site(NEW, {}, out)
    monkeypatch.undo()
    assert tree(out) == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


def test_a_commit_cut_short_by_a_crash_is_undone_by_the_next_writer(tmp_path, monkeypatch):
    out = tmp_path / "_site"
    write_site(OLD, {}, out)
    real, moves = os.replace, []

    def crash(source, target):
        moves.append(target)
        if len(moves) == 4:
            raise KeyboardInterrupt     # stands for the power going off: no rollback runs
        return real(source, target)
    monkeypatch.setattr(writer_module.os, "replace", crash)
    monkeypatch.setattr(writer_module, "recover", lambda journal: None)   # nor does this process recover
    writer = SiteWriter(out)
    for name, data in NEW.items():
        writer.put(name, data)
    with pytest.raises(KeyboardInterrupt):
        writer.commit(set(NEW))
    monkeypatch.undo()
    assert tree(out) != OLD and (tmp_path / "._site.journal").exists()
    SiteWriter(out).abort()          # the next build's writer finds the journal first
    assert tree(out) == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


def test_a_file_may_take_the_place_of_a_folder_and_back(tmp_path):
    out = tmp_path / "_site"
    write_site({"a/index.html": b"folder"}, {}, out)
    write_site({"a": b"file"}, {}, out)
    assert tree(out) == {"a": b"file"}
    write_site({"a/index.html": b"folder"}, {}, out)
    assert tree(out) == {"a/index.html": b"folder"}
