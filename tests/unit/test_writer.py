"""writer: atomic output, refusal of paths outside it, and failures that leave the old output alone."""
import errno
import os
from pathlib import Path

import pytest

from trotsky_site.build.writer import UnsafeOutputPath, WriteFailed, _target, static_files, write_site


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
        _target(tmp_path.resolve(), relative)


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
