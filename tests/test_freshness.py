"""What a command-line rebuild makes again (build/freshness.py): only the files whose inputs changed, and
a rebuild that fails leaves the output and its manifest as they were. test_exactness checks the bytes."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from trotsky_site.build import pipeline
from trotsky_site.build.pipeline import DiskCache, Project, build


@pytest.fixture
def rendered_counts(monkeypatch) -> list[int]:
    """How many template outputs each build renders."""
    counts, original = [], pipeline.render_outputs_on_cores

    def counting(env, outputs, *args, **kwargs):
        counts.append(len(outputs))
        return original(env, outputs, *args, **kwargs)
    monkeypatch.setattr(pipeline, "render_outputs_on_cores", counting)
    return counts


def stamps(folder: Path) -> dict[str, tuple]:
    return {path.relative_to(folder).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in folder.rglob("*") if path.is_file()}


def test_a_body_edit_makes_again_the_page_the_pages_it_links_to_and_the_search_index(make_content, tmp_path,
                                                                                     rendered_counts):
    content, out = make_content("mini"), tmp_path / "_site"
    project = Project(content)
    assert build(project, out, DiskCache(tmp_path / "cache")).ok
    assert build(project, out, DiskCache(tmp_path / "cache")).ok
    assert rendered_counts[1] == 0                 # nothing changed: no template runs
    before = stamps(out)
    chapter = content / "chapters" / "moscow.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nHe wrote to [[knipper]] daily.\n", encoding="utf-8")
    assert build(project, out, DiskCache(tmp_path / "cache")).ok
    changed = {path for path, stamp in stamps(out).items() if before.get(path) != stamp}
    # The chapter, Knipper's page (a new backlink), the e-book (it holds the chapter), the search index.
    assert rendered_counts[2] == 2
    assert {"chapters/moscow/index.html", "people/knipper/index.html"} <= changed
    assert any(path.endswith(".epub") for path in changed)
    assert any(path.startswith("search/terms-") for path in changed)
    assert not changed & {"people.json", "events.json", "sitemap.xml", "index.html", "timeline/index.html"}


def test_a_failed_rebuild_changes_neither_the_output_nor_what_the_next_build_reuses(make_content, tmp_path,
                                                                                    rendered_counts):
    content, out = make_content("mini"), tmp_path / "_site"
    project = Project(content)
    assert build(project, out, DiskCache(tmp_path / "cache")).ok
    before, manifest = stamps(out), (tmp_path / "cache" / "outputs.pickle").read_bytes()
    chapter = content / "chapters" / "moscow.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + "\nA link to [[nobody-at-all]].\n", encoding="utf-8")
    assert not build(project, out, DiskCache(tmp_path / "cache")).ok
    assert stamps(out) == before and (tmp_path / "cache" / "outputs.pickle").read_bytes() == manifest
    chapter.write_text(text, encoding="utf-8")
    assert build(project, out, DiskCache(tmp_path / "cache")).ok
    assert rendered_counts[-1] == 0 and stamps(out) == before


def test_a_file_changed_in_the_output_is_made_again(make_content, tmp_path, rendered_counts):
    content, out = make_content("mini"), tmp_path / "_site"
    project = Project(content)
    assert build(project, out, DiskCache(tmp_path / "cache")).ok
    good = (out / "people" / "knipper" / "index.html").read_bytes()
    (out / "people" / "knipper" / "index.html").write_bytes(b"spoiled")
    os.unlink(out / "events.json")
    assert build(project, out, DiskCache(tmp_path / "cache")).ok
    assert rendered_counts[-1] == 1 and (out / "people" / "knipper" / "index.html").read_bytes() == good
    assert (out / "events.json").is_file()
