"""The sources kind: a page per bibliography entry, note files, "Cited on", the index and the data files."""
from __future__ import annotations

import json
import re

import pytest

from trotsky_site.build.pipeline import Project, build_in_memory
from trotsky_site.render.citation_ext import _sentence
from trotsky_site.model.kinds import KINDS


def build(content):
    return build_in_memory(Project(content))


def html(result, path: str) -> str:
    return result.files[path].decode("utf-8")


@pytest.fixture
def mini(make_content):
    content = make_content("mini")
    return content, build(content)


def test_every_work_has_a_page_and_the_kind_is_one_registry_entry(mini):
    _, result = mini
    assert result.ok, [p.format() for p in result.problems]
    assert {"sources/rayfield1997/index.html", "sources/stanislavski1924/index.html",
            "sources/chekhov1973letters/index.html", "sources/index.html"} <= set(result.files)
    assert KINDS["source"].path("rayfield1997") == "sources/rayfield1997/"
    assert '<a href="sources/">Sources</a>' in html(result, "index.html")


def test_the_page_shows_the_reference_the_note_and_where_the_work_is_cited(mini):
    _, result = mini
    page = html(result, "sources/rayfield1997/index.html")
    assert '<p class="reference">Rayfield, Donald. <i>Anton Chekhov: A Life</i>. London: HarperCollins, 1997.</p>' \
        in page
    assert '<p class="summary">The standard life of Chekhov in English' in page       # the note's front matter
    assert "Rayfield read the family's letters" in page                                 # and its body
    cited = page[page.index('id="cited-on-title"'):]
    # Chapters first in reading order, then the other pages by title; the sentence, the locator, the note.
    assert cited.index('href="../../chapters/taganrog/"') < cited.index('href="../../people/chekhov/"')
    assert ("<li>Anton Chekhov was born on 29 January [O.S. 17 January] 1860 in Taganrog. "
            '<span class="locator">(chap. 1)</span> <a class="note-place" href="../../chapters/taganrog/#ref-1">note 1</a>'
            "</li>") in cited
    assert "<li>As Stanislavski tells it, the first season nearly failed. " \
           '<span class="locator">(p. 470)</span>' in cited
    assert '<span class="locator">(pp. 88–90)</span>' in cited


def test_a_work_nobody_cites_says_so_and_a_note_that_cites_another_work_is_a_citing_page(mini):
    _, result = mini
    stanislavski = html(result, "sources/stanislavski1924/index.html")
    assert 'href="../rayfield1997/" data-preview="rayfield1997">Anton Chekhov: A Life</a>' in stanislavski
    letters = html(result, "sources/chekhov1973letters/index.html")
    assert "No page cites this work yet." not in letters
    content_free = json.loads(result.files["sources.json"])
    assert [w["key"] for w in content_free] == ["chekhov1973letters", "rayfield1997", "stanislavski1924"]


def test_the_index_lists_every_work_as_a_bibliography_with_counts(mini):
    _, result = mini
    index = html(result, "sources/index.html")
    entries = re.findall(r'<a class="source-entry" href="([^/]+)/">', index)
    assert entries == ["chekhov1973letters", "rayfield1997", "stanislavski1924"]     # by surname: C, R, S
    assert "cited on 2 pages" in index and "cited on 1 page<" in index
    assert index.count('<section class="letter"') == 3


def test_citations_link_to_the_source_pages_in_notes_and_in_the_sources_list(mini):
    _, result = mini
    chapter = html(result, "chapters/taganrog/index.html")
    notes = chapter[chapter.index('role="doc-endnotes"'):chapter.index('role="doc-bibliography"')]
    assert ('<li id="note-1"><a class="source-link" href="../../sources/rayfield1997/">Donald Rayfield, '
            "<i>Anton Chekhov: A Life</i> (London: HarperCollins, 1997), chap. 1.</a> <a aria-label") in notes
    assert ('See <a class="source-link" href="../../sources/stanislavski1924/">Stanislavski, <i>My Life in Art</i>, '
            '352</a>; <a class="source-link" href="../../sources/rayfield1997/">Rayfield') in notes
    listing = chapter[chapter.index('role="doc-bibliography"'):]
    assert ('<li id="source-rayfield1997"><a class="source-link" href="../../sources/rayfield1997/">Rayfield, Donald. '
            "<i>Anton Chekhov: A Life</i>. London: HarperCollins, 1997.</a></li>") in listing


def test_sitemap_search_previews_sources_json_and_json_ld(mini):
    _, result = mini
    assert b"<loc>/sources/rayfield1997/</loc>" in result.files["sitemap.xml"]
    assert b"<loc>/sources/</loc>" in result.files["sitemap.xml"]
    from trotsky_site.render.searchindex import find_preview, searched_names
    names = searched_names(result.files)["stanislavski1924"]
    assert names[0] == "My Life in Art" and any("stanislavsk" in name for name in names[1:]), names
    assert find_preview(result.files, "stanislavski1924")["summary"] == \
        "Stanislavski, Konstantin. My Life in Art. Translated by J. J. Robbins. Boston: Little, Brown, 1924."
    works = {w["key"]: w for w in json.loads(result.files["sources.json"])}
    assert works["rayfield1997"]["cited_by"] == ["taganrog", "chekhov"]
    assert works["stanislavski1924"]["cited_by"] == ["taganrog", "rayfield1997"]
    assert works["rayfield1997"]["url"] == "sources/rayfield1997/"
    assert works["rayfield1997"]["csl"]["publisher"] == "HarperCollins"
    page = html(result, "sources/rayfield1997/index.html")
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert ld["@type"] == "Book" and ld["name"] == "Anton Chekhov: A Life" and ld["datePublished"] == "1997"
    assert ld["author"] == [{"@type": "Person", "name": "Donald Rayfield"}]
    assert ld["url"] == "/sources/rayfield1997/"


def test_a_note_without_front_matter_is_plain_markdown(make_content):
    content = make_content("mini")
    (content / "sources" / "stanislavski1924.md").write_text("Written *forty years* later.\n", encoding="utf-8")
    result = build(content)
    assert result.ok, [p.format() for p in result.problems]
    page = html(result, "sources/stanislavski1924/index.html")
    assert "Written <em>forty years</em> later." in page and '<p class="summary">' not in page


def test_a_notes_front_matter_is_validated(make_content):
    content = make_content("mini")
    (content / "sources" / "stanislavski1924.md").write_text("---\nsumary: x\n---\nText.\n", encoding="utf-8")
    result = build(content)
    assert [(p.shown, p.line, p.code, p.hint) for p in result.problems] == [
        ("content/sources/stanislavski1924.md", 2, "frontmatter.unknown-key", "did you mean `summary`?")]


def test_a_note_whose_key_is_not_in_the_bibliography_is_an_error_with_did_you_mean(make_content):
    content = make_content("mini")
    (content / "sources" / "rayfeld1997.md").write_text("A note.\n", encoding="utf-8")
    (content / "sources" / "nothing-like-it.md").write_text("A note.\n", encoding="utf-8")
    result = build(content)
    assert [(p.shown, p.code, p.message, p.hint) for p in result.problems] == [
        ("content/sources/nothing-like-it.md", "source.unknown-key",
         "no work in the bibliography has the key 'nothing-like-it'",
         "name the note after the key of a work in content/bibliography.bib (or .json)"),
        ("content/sources/rayfeld1997.md", "source.unknown-key", "no work in the bibliography has the key "
         "'rayfeld1997'", "did you mean sources/rayfield1997.md?")]


def test_two_keys_with_one_slug_are_an_error_naming_both_entries(make_content):
    content = make_content("mini")
    bib = content / "bibliography.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@book{Rayfield1997,\n  author = {Rayfield, Donald},\n"
                   "  title = {Chekhov: The Evolution of His Art},\n  year = {1975}\n}\n", encoding="utf-8")
    result = build(content)
    lines = bib.read_text(encoding="utf-8").split("\n")
    first, second = lines.index("@book{rayfield1997,") + 1, lines.index("@book{Rayfield1997,") + 1
    assert [(p.shown, p.line, p.code, p.message) for p in result.problems] == [
        ("content/bibliography.bib", second, "source.slug-collision",
         f"the keys 'rayfield1997' (content/bibliography.bib:{first}) and 'Rayfield1997' "
         f"(content/bibliography.bib:{second}) both make the address sources/rayfield1997/")]


def test_a_key_that_is_no_file_name_is_slugified_and_its_note_named_by_the_slug(make_content):
    content = make_content("mini")
    bib = content / "bibliography.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("{stanislavski1924,", "{Stanislavski:1924,"),
                   encoding="utf-8")
    for name in ("chapters/taganrog.md",):
        path = content / name
        path.write_text(path.read_text(encoding="utf-8").replace("@stanislavski1924", "@Stanislavski:1924"),
                        encoding="utf-8")
    (content / "sources" / "stanislavski-1924.md").write_text("Memoirs.\n", encoding="utf-8")
    (content / "sources" / "rayfield1997.md").write_text("A life.\n", encoding="utf-8")
    result = build(content)
    assert result.ok, [p.format() for p in result.problems]
    assert "Memoirs." in html(result, "sources/stanislavski-1924/index.html")
    assert 'href="../../sources/stanislavski-1924/"' in html(result, "chapters/taganrog/index.html")


def test_works_are_linked_by_id_not_by_title(make_content):
    content = make_content("mini")
    topic = content / "topics" / "theatre.md"
    topic.write_text(topic.read_text(encoding="utf-8") + "\nSee [[rayfield1997]] and [[My Life in Art]].\n",
                     encoding="utf-8")
    result = build(content)
    assert [(p.code, p.message) for p in result.problems] == [("link.not-found", "no page is called 'My Life in Art'")]


def test_a_site_without_a_bibliography_has_an_empty_sources_index(make_content):
    content = make_content("mini")
    (content / "bibliography.bib").unlink()
    for path in content.rglob("*.md"):
        path.write_text(re.sub(r"\[[^\[\]]*@[^\[\]]*\]|@\w+( \[[^\]]*\])?", "", path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    (content / "sources" / "rayfield1997.md").unlink()
    result = build(content)
    assert result.ok, [p.format() for p in result.problems]
    assert "The bibliography is empty." in html(result, "sources/index.html")
    assert json.loads(result.files["sources.json"]) == []


@pytest.mark.parametrize("text, expected", [
    ("Alpha beta. Gamma delta.\ue000 Epsilon zeta.", "Gamma delta."),      # a note after the period
    ("Alpha beta. Gamma\ue000 delta. Epsilon.", "Gamma delta."),            # a citation inside the sentence
    ("E. H. Carr wrote it (p. 3) first.\ue000 Then more.", "E. H. Carr wrote it (p. 3) first."),   # initials
    ("Alpha beta.\ue000", "Alpha beta."),
])
def test_the_context_of_a_citation_is_its_sentence(text, expected):
    assert _sentence(text.replace("\ue000", ""), text.index("\ue000")) == expected
