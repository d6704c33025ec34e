"""The .cache/ of rendered Markdown: what invalidates an entry, and that caching and forking never
change a byte of the output."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from trotsky_site.build.pipeline import DiskCache, Project, Stages, build, build_in_memory
from trotsky_site.build.cache import DiskStore
from trotsky_site.build import parallel
from trotsky_site.build.parallel import PARALLEL_FROM, ChildFailed, can_fork, fork_map
from trotsky_site.build import markdown_stage

ROOT = Path(__file__).resolve().parent.parent


def cached_build(project: Project, tmp_path: Path) -> tuple[dict, int]:
    """One CLI-like build with a fresh process's view of the cache: (files written, pages converted)."""
    stages = DiskCache(tmp_path / "cache")
    result = build(project, tmp_path / "_site", stages)
    assert result.ok, "\n".join(p.format() for p in result.problems)
    return dict(result.files), stages.store.misses      # a snapshot: result.files reads the output folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_editing_nothing_converts_nothing_and_writes_the_same_bytes(make_content, tmp_path):
    project = Project(make_content("mini"))
    first, converted = cached_build(project, tmp_path)
    assert converted == 15
    again, converted = cached_build(project, tmp_path)
    assert converted == 0 and again == first == build_in_memory(project).files


def test_a_linked_pages_new_title_reaches_the_pages_that_link_to_it(make_content, tmp_path):
    content = make_content("mini")
    project = Project(content)
    cached_build(project, tmp_path)
    edit(content / "people" / "knipper.md", "name: Olga Knipper", "name: Olga Knipper-Chekhova\naliases: [Olga Knipper]")
    files, converted = cached_build(project, tmp_path)
    assert converted == 3                        # knipper, and chekhov and moscow, whose links show her name
    assert b">Olga Knipper-Chekhova</a>" in files["people/chekhov/index.html"]
    assert files == build_in_memory(project).files


def test_an_embedded_pages_summary_and_dates_reach_the_card(make_content, tmp_path):
    content = make_content("mini")
    project = Project(content)
    cached_build(project, tmp_path)
    edit(content / "people" / "chekhov.md", "A Russian playwright", "A playwright")
    edit(content / "people" / "chekhov.md", "ns: 1904-07-15", "ns: 1904-07-16")
    files, converted = cached_build(project, tmp_path)
    assert converted == 2                        # chekhov, and taganrog, which embeds his card
    assert b"A playwright and writer" in files["chapters/taganrog/index.html"]
    assert files == build_in_memory(project).files


def test_a_body_edit_converts_that_page_alone(make_content, tmp_path):
    content = make_content("mini")
    project = Project(content)
    cached_build(project, tmp_path)
    edit(content / "people" / "knipper.md", "died: 1959\n---\n", "died: 1959\n---\nAn actress.\n")
    files, converted = cached_build(project, tmp_path)
    assert converted == 1 and b"An actress." in files["people/knipper/index.html"]


def test_a_template_change_reaches_every_page(make_content, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    project = Project(make_content("mini"), templates)
    before, _ = cached_build(project, tmp_path)
    edit(templates / "base.html", "<body", "<body data-changed")
    after, converted = cached_build(project, tmp_path)
    html = [path for path in after if path.endswith(".html")]
    assert all(after[path] != before[path] and b"data-changed" in after[path] for path in html)
    assert converted == 2                        # the page templates run on every build; of the Markdown,
    edit(templates / "_card.html", "Full profile", "Whole profile")     # the pages that embed cards convert
    after, converted = cached_build(project, tmp_path)
    assert converted == 2
    assert b"Whole profile" in after["chapters/taganrog/index.html"] and after == build_in_memory(project).files


def test_a_settings_change_converts_every_page(make_content, tmp_path):
    content = make_content("mini")
    cached_build(Project(content), tmp_path)
    files, converted = cached_build(Project(content, base_url="/sub/"), tmp_path)
    assert converted == 15 and b'href="../knipper/"' in files["people/chekhov/index.html"]
    files, converted = cached_build(Project(content, base_url="/sub/", portable=True), tmp_path)
    assert converted == 15 and b'href="../knipper/index.html"' in files["people/chekhov/index.html"]
    edit(content / "site.yml", "date_style: ns_first", "date_style: os_first")
    _, converted = cached_build(Project(content, base_url="/sub/"), tmp_path)
    assert converted == 15


def test_a_new_generator_never_reads_an_old_generators_results(tmp_path):
    old = DiskStore(tmp_path, salt="old")
    old.put("ab" * 20, "rendered by the old generator")
    old.save()
    assert DiskStore(tmp_path, salt="old").get("ab" * 20) == "rendered by the old generator"
    new = DiskStore(tmp_path, salt="new")
    assert new.get("ab" * 20) is None and new.misses == 1
    new.save()
    assert not (tmp_path / "render-old").exists()   # the old generator's results are cleared away


def test_a_broken_link_is_never_served_from_the_cache(make_content, tmp_path):
    content = make_content("mini")
    project = Project(content)
    cached_build(project, tmp_path)
    edit(content / "chapters" / "moscow.md", "Back to [[taganrog]].", "Back to [[taganrog]]. See [[nobody]].")
    result = build(project, tmp_path / "_site", DiskCache(tmp_path / "cache"))
    assert [p.code for p in result.problems] == ["link.not-found"]
    (content / "people" / "nobody.md").write_text("---\nname: Nobody\nsummary: Someone.\n---\n", encoding="utf-8")
    files, converted = cached_build(project, tmp_path)
    assert converted == 2 and b'href="../../people/nobody/"' in files["chapters/moscow/index.html"]


def test_an_unreadable_cache_is_only_a_slower_build(make_content, tmp_path):
    project = Project(make_content("mini"))
    first, _ = cached_build(project, tmp_path)
    for shard in (tmp_path / "cache").rglob("*.pickle"):
        shard.write_bytes(b"not a pickle")
    files, converted = cached_build(project, tmp_path)
    assert converted == 15 and files == first


@pytest.fixture
def synthetic(tmp_path) -> Path:
    """A corpus from benchmarks/corpus.py of twice the page count where forking starts (PARALLEL_FROM)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus
    corpus.write_content(corpus.make_specs(2 * PARALLEL_FROM), tmp_path / "synthetic")
    return tmp_path / "synthetic"


def test_forked_cached_and_serial_builds_are_byte_identical(synthetic, tmp_path, monkeypatch):
    assert can_fork(), "this test means to compare forked builds with serial ones"
    project = Project(synthetic, base_url="/trotsky-site/")
    monkeypatch.setenv("TROTSKY_SITE_WORKERS", "1")
    serial = build_in_memory(project)
    assert serial.ok, "\n".join(p.format() for p in serial.problems)
    assert len(serial.site.pages) >= PARALLEL_FROM
    forks = []     # the worker counts the forked build's fork_map calls were given: both stages fork

    def counted(function, items, workers=None):
        forks.append(min(workers or parallel.cpu_count(), len(items)))
        return fork_map(function, items, workers)
    monkeypatch.setattr(parallel, "fork_map", counted)
    monkeypatch.setattr(markdown_stage, "fork_map", counted)
    monkeypatch.setenv("TROTSKY_SITE_WORKERS", "2")
    forked = build_in_memory(project)
    assert forks == [2, 2], "Markdown and the templates each forked over two processes"
    cold = build(project, tmp_path / "cold", DiskCache(tmp_path / "cache"))
    warm = build(project, tmp_path / "warm", DiskCache(tmp_path / "cache"))
    assert forked.files == serial.files == cold.files == warm.files
    assert forked.problems == serial.problems == warm.problems == []
    assert build(project, tmp_path / "plain", Stages()).files == serial.files


def test_the_real_site_forked_cached_and_serial_is_byte_identical(real_build, real_forked_site, tmp_path):
    """The same comparison on the real biography, reusing the session's builds (tests/conftest.py): the
    serial build with a cold .cache/, written to disk by build(), and the forked build in memory."""
    serial, serial_site, serial_cache, _stages = real_build
    shutil.copytree(serial_cache, tmp_path / "cache")
    stages = DiskCache(tmp_path / "cache")
    warm = build(Project(ROOT / "content", base_url="/trotsky-site/"), tmp_path / "warm", stages)
    assert stages.store.misses == 0, "the warm build converts nothing"
    assert real_forked_site.files == serial.files == warm.files
    assert real_forked_site.problems == serial.problems == warm.problems == []
    written = {p.relative_to(serial_site).as_posix(): p.read_bytes() for p in serial_site.rglob("*") if p.is_file()}
    assert {path: data for path, data in written.items() if not path.startswith("static/")} == serial.files


def test_fork_map_keeps_order_forks_and_reports_a_childs_failure():
    assert fork_map(lambda n: n * n, list(range(25)), workers=3) == [n * n for n in range(25)]
    pids = set(fork_map(lambda n: os.getpid(), list(range(6)), workers=3))
    assert os.getpid() in pids and len(pids) >= 2     # this process and the pool's (which worker takes what varies)

    def fail_on_seven(n):
        if n == 7:
            raise ValueError("seven")
        return n
    with pytest.raises(ChildFailed, match="ValueError: seven"):
        fork_map(fail_on_seven, list(range(10)), workers=2)


TRICKY = """# Title with `code [[x]]` and *em*

Text with \\*escaped\\* stars, an &amp; entity, &copy; and &#169;, a <https://example.org> autolink,
a <mail@example.org> address, a hard break  
here, **strong _nested em_ text**, __under__, snake_case_word, 2 * 3 * 4, and `[[not-a-link]]` in code.
A [link](https://example.org "t") and ![image](/static/i.png) and [ref][r] and [r] and ![ref image][r].
Footnote[^n] and a [[chekhov]] link, *a [[knipper|linked name]] in emphasis*, and [[Anton Chekhov]].
Unmatched [ bracket, a lone ] one, a lone * star, a lone ` backtick, a trailing backslash \\

* list item with [[moscow-art-theatre]] and `x`
* item two  
  continued

> quote with __strong__ and [[taganrog]]

| a | b |
| --- | --- |
| [[theatre]] | *x* |

[r]: https://example.org/ref
[^n]: The note, with [[chekhov]].
"""


def plain_renderer():
    """Python-Markdown's own inline stage in place of render.QuickInline."""
    from markdown.treeprocessors import InlineProcessor

    from trotsky_site.render import markdown as render
    plain = render.MarkdownRenderer()
    plain.md.treeprocessors.register(InlineProcessor(plain.md), "inline", 20)
    return plain


def test_the_quick_inline_stage_changes_no_byte(make_content):
    """render.QuickInline skips patterns whose trigger is absent; Python-Markdown's own stage must agree."""
    from trotsky_site.render import markdown as render
    content = make_content("mini")
    (content / "topics" / "tricky.md").write_text(f"---\ntitle: Tricky\nsummary: All of it.\n---\n{TRICKY}",
                                                   encoding="utf-8")
    captured = {}

    class Capture(Stages):
        @staticmethod
        def render_all(*args, **kwargs):
            captured["args"] = args
            return markdown_stage.render_all(*args, **kwargs)
    build_in_memory(Project(content), cache=Capture())
    site, targets, _renderer = captured["args"]
    quick, plain = render.MarkdownRenderer(), plain_renderer()
    assert "tricky" in site.pages
    for page in site.pages.values():
        assert quick.render(page, site, targets) == plain.render(page, site, targets), page.id


def test_the_quick_inline_stage_changes_no_byte_of_the_real_site(real_build):
    """The same on every page of the real biography: what the session's build converted (with QuickInline)
    against Python-Markdown's own inline stage, page by page, spread over the cores."""
    stages = real_build[3]
    site, targets, _renderer = stages.render_args
    plain = plain_renderer()
    ids = list(site.pages)
    assert ids and sorted(stages.rendered) == sorted(ids)
    again = fork_map(lambda page_id: plain.render(site.pages[page_id], site, targets), ids, workers=2)
    assert [page_id for page_id, rendered in zip(ids, again) if rendered != stages.rendered[page_id]] == []


def test_a_kind_that_stops_being_embeddable_is_not_served_from_the_cache(make_content, tmp_path):
    from trotsky_site.model.kinds import KINDS, Kind
    content = make_content("mini")
    cached_build(Project(content), tmp_path)
    plain = Kind(**{**KINDS["organisation"].__dict__, "embeddable": False})
    result = build(Project(content, kinds=KINDS.with_kind(plain)), tmp_path / "_site", DiskCache(tmp_path / "cache"))
    assert [(p.shown, p.code) for p in result.problems] == [("content/chapters/moscow.md", "embed.wrong-kind")]


def test_a_bibliography_edit_reconverts_exactly_the_pages_that_cite_the_entry(make_content, tmp_path):
    content = make_content("mini")
    project = Project(content)
    cached_build(project, tmp_path)
    edit(content / "bibliography.bib", "{Little, Brown}", "{Little, Brown and Company}")
    files, converted = cached_build(project, tmp_path)
    assert converted == 3                        # taganrog and Rayfield's note cite Stanislavski; his page
    assert b"Boston: Little, Brown and Company, 1924" in files["chapters/taganrog/index.html"]
    assert files == build_in_memory(project).files
    edit(content / "bibliography.bib", "{HarperCollins}", "{Harper Collins}")
    files, converted = cached_build(project, tmp_path)
    assert converted == 3                        # taganrog and chekhov cite Rayfield; his page
    assert b"London: Harper Collins, 1997" in files["people/chekhov/index.html"]
    assert files == build_in_memory(project).files


def test_a_new_entry_reconverts_only_pages_with_an_unknown_key(make_content, tmp_path):
    content = make_content("mini")
    project = Project(content)
    cached_build(project, tmp_path)
    edit(content / "bibliography.bib", "@book{rayfield1997,", "@book{simmons1962,\n  author = {Simmons, Ernest J.},\n"
         "  title = {Chekhov: A Biography},\n  year = {1962}\n}\n\n@book{rayfield1997,")
    files, converted = cached_build(project, tmp_path)
    assert converted == 1 and files == build_in_memory(project).files      # the new work's page


def test_a_style_edit_reconverts_exactly_the_citing_pages(make_content, tmp_path, monkeypatch):
    from trotsky_site.render import csl
    styles = tmp_path / "styles"
    shutil.copytree(csl.STYLES_DIR, styles)
    monkeypatch.setattr(csl, "STYLES_DIR", styles)
    project = Project(make_content("mini"))
    cached_build(project, tmp_path)
    edit(styles / "chicago-notes-bibliography.csl", 'prefix="trans. "', 'prefix="translated by "')
    files, converted = cached_build(project, tmp_path)
    assert converted == 3                        # taganrog, chekhov and Rayfield's note cite; the others do not
    assert b"translated by J. J. Robbins" in files["chapters/taganrog/index.html"]
    assert files == build_in_memory(project).files


def test_source_pages_follow_citations_notes_and_the_bibliography_exactly(make_content, tmp_path):
    """A source page's "Cited on" is made from the other pages' renderings: the cache must give what a clean
    build gives after every kind of edit, converting only the pages whose Markdown changed."""
    content = make_content("mini")
    project = Project(content)
    theatre, bib = content / "topics" / "theatre.md", content / "bibliography.bib"
    note = content / "sources" / "chekhov1973letters.md"

    def rebuilt() -> tuple[dict, int]:
        files, converted = cached_build(project, tmp_path)
        assert files == build_in_memory(project).files
        return files, converted

    rebuilt()
    edit(theatre, "[[moscow-art-theatre]].", "[[moscow-art-theatre]] [@chekhov1973letters, p. 12].")
    files, converted = rebuilt()
    assert converted == 1                        # theatre alone: the source page is not converted again
    cited = files["sources/chekhov1973letters/index.html"]
    assert b'href="../../topics/theatre/" data-preview="theatre">Theatre</a>' in cited and b"(p. 12)" in cited
    edit(theatre, " [@chekhov1973letters, p. 12].", ".")
    files, converted = rebuilt()
    assert converted <= 1                        # theatre's first rendering may still be in the cache
    assert b'href="../../topics/theatre/"' not in files["sources/chekhov1973letters/index.html"]
    edit(bib, "{My Life in Art}", "{My Life in Art: Memoirs}")
    files, converted = rebuilt()
    assert converted == 3                        # its page, taganrog and Rayfield's note, which cite it
    assert b"<h1>My Life in Art: Memoirs</h1>" in files["sources/stanislavski1924/index.html"]
    note.write_text("---\nsummary: His letters, chosen and translated.\n---\nA selection.\n", encoding="utf-8")
    files, converted = rebuilt()
    assert converted == 1 and b"A selection." in files["sources/chekhov1973letters/index.html"]
    note.unlink()
    files, converted = rebuilt()
    assert converted <= 1 and b"A selection." not in files["sources/chekhov1973letters/index.html"]


# The Python-Markdown code render/markdown.py's QuickInline relies on: the private method it overrides, the private
# method it calls and the public `run` it wraps, as of Python-Markdown 3.11.3. A new release that touches
# any of them fails here, loudly: read the new code, check QuickInline against it, then update the digests.
MARKDOWN_PRIVATE_CODE = {"_InlineProcessor__handleInline": "fe27babc114aed0a",
                         "_InlineProcessor__applyPattern": "8862b35197c0e614", "run": "f6c93631f2871499"}


def test_the_python_markdown_code_quick_inline_overrides_is_the_code_it_was_written_for():
    import hashlib
    import inspect

    import markdown
    from markdown.treeprocessors import InlineProcessor
    found = {name: hashlib.sha256(inspect.getsource(getattr(InlineProcessor, name)).encode()).hexdigest()[:16]
             for name in MARKDOWN_PRIVATE_CODE}
    changed = sorted(name for name in found if found[name] != MARKDOWN_PRIVATE_CODE[name])
    assert not changed, (f"Python-Markdown {markdown.__version__} changed InlineProcessor's {changed}: "
                         "render.QuickInline overrides its private methods; review it against the new code "
                         "(or drop it), then update MARKDOWN_PRIVATE_CODE")
