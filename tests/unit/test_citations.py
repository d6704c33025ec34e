"""Citation syntax (pure), BibTeX to CSL-JSON (pure), and citations rendered through the real pipeline."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from trotsky_site.load.bibtex import decode_latex, entry_to_csl, parse_names
from trotsky_site.build.pipeline import Project, build_in_memory
from trotsky_site.model.citations import cited_keys, parse_locator, split_cluster
from trotsky_site.model.citations import Cite
from trotsky_site.render.markdown import Rendered

from tests.unit.test_markdown_ext import write_chapter


# --- syntax ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("inner, cites", [
    ("@key", [Cite("key")]),
    ("@key, p. 12", [Cite("key", "page", "12")]),
    ("@key, pp. 33–35", [Cite("key", "page", "33–35")]),
    ("@key, pp. 33--35", [Cite("key", "page", "33–35")]),
    ("@key, ch. 4", [Cite("key", "chapter", "4")]),
    ("@key, chap. 4", [Cite("key", "chapter", "4")]),
    ("@key, chs. 4-5", [Cite("key", "chapter", "4–5")]),
    ("@key, sec. 2", [Cite("key", "section", "2")]),
    ("@key, vol. 3", [Cite("key", "volume", "3")]),
    ("@key, vols. 1-2", [Cite("key", "volume", "1–2")]),
    ("@key, n. 7", [Cite("key", "note", "7")]),
    ("@key, para. 9", [Cite("key", "paragraph", "9")]),
    ("@key, paras. 9-10", [Cite("key", "paragraph", "9–10")]),
    ("@key, 33", [Cite("key", "page", "33")]),
    ("@key, p. xiv", [Cite("key", "page", "xiv")]),
    ("@key, p. 33, emphasis added", [Cite("key", "page", "33", suffix=", emphasis added")]),
    ("@key and elsewhere", [Cite("key", suffix=" and elsewhere")]),
    ("see @a, p. 3; @b", [Cite("a", "page", "3", prefix="see"), Cite("b")]),
    ("-@key", [Cite("key", suppress_author=True)]),
    ("-@key, p. 4", [Cite("key", "page", "4", suppress_author=True)]),
    ("@service2009:vol.2", [Cite("service2009:vol.2")]),          # inner punctuation belongs to the key
    ("mail john@example.org", None),                              # an e-mail address
    ("no key here", None),
    ("@a; just text", None),                                      # every part must cite
])
def test_split_cluster(inner, cites):
    assert split_cluster(inner) == (tuple(cites) if cites is not None else None)


def test_locator_without_label_or_number_is_a_suffix():
    assert parse_locator(", passim") == (None, None, ", passim")


def test_cited_keys_finds_every_key_a_body_may_cite():
    body = "[@a, p. 2] and @b.c. and [-@d] but not olga@example.org nor \\@e"
    assert cited_keys(body) == ("a", "b.c", "d")
    assert cited_keys("no at sign") == ()


# --- BibTeX to CSL-JSON ------------------------------------------------------------------------------

@pytest.mark.parametrize("latex, text", [
    (r"Brou{\'e}", "Broué"), (r"\v{C}ech", "Čech"), (r"G{\"o}del", "Gödel"), ("1879--1921", "1879–1921"),
    ("a---b", "a—b"), (r"Harper \& Row", "Harper & Row"), ("{The} {USSR}", "The USSR"),
    ("``Letter''", "“Letter”"), ("plain  text", "plain text"),
])
def test_decode_latex(latex, text):
    assert decode_latex(latex) == text


def test_names_corporate_in_double_braces_and_particles():
    assert parse_names("{{Commission of Inquiry}} and Trotsky, Leon and von Laue, Theodore H. and Carr, Jr., E. H.") == [
        {"literal": "Commission of Inquiry"}, {"family": "Trotsky", "given": "Leon"},
        {"family": "Laue", "given": "Theodore H.", "non-dropping-particle": "von"},
        {"family": "Carr", "given": "E. H.", "suffix": "Jr."}]


@pytest.mark.parametrize("entry_type, fields, csl_type", [
    ("book", {"title": "T"}, "book"),
    ("incollection", {"title": "T", "booktitle": "B"}, "chapter"),
    ("inbook", {"title": "T", "booktitle": "B"}, "chapter"),
    ("article", {"title": "T", "journal": "J", "year": "1999"}, "article-journal"),
    ("article", {"title": "T", "journal": "Pravda", "year": "1918", "month": "nov", "day": "6"}, "article-newspaper"),
    ("article", {"title": "T", "journal": "Pravda", "entrysubtype": "newspaper"}, "article-newspaper"),
    ("misc", {"title": "T", "archive": "Houghton Library"}, "manuscript"),
    ("unpublished", {"title": "T"}, "manuscript"),
    ("online", {"title": "T", "url": "https://x.org"}, "webpage"),
    ("misc", {"title": "T", "url": "https://x.org", "urldate": "2024-03-05"}, "webpage"),
    ("misc", {"title": "T"}, "document"),
])
def test_entry_types(entry_type, fields, csl_type):
    assert entry_to_csl("k", entry_type, fields)["type"] == csl_type


def test_dates_volumes_translators():
    item = entry_to_csl("k", "book", {"Title": "History", "translator": "Eastman, Max", "volumes": "3",
                                      "year": "1950--1953", "urldate": "2024-03-05"})
    assert item["translator"] == [{"family": "Eastman", "given": "Max"}] and item["number-of-volumes"] == "3"
    assert item["issued"] == {"date-parts": [[1950], [1953]]}
    assert item["accessed"] == {"date-parts": [[2024, 3, 5]]}
    assert entry_to_csl("k", "misc", {"title": "L", "date": "1933-03-12"})["issued"] == {"date-parts": [[1933, 3, 12]]}


def test_the_real_bibliography_reads_clean():
    from trotsky_site.load.bibliography import load_bibliography
    bibliography, problems = load_bibliography(Path(__file__).resolve().parents[2] / "content")
    keys = re.findall(r"^@\w+\{([^,]+),", (Path(__file__).resolve().parents[2] / "content" / "bibliography.bib")
                      .read_text(encoding="utf-8"), re.M)
    assert problems == [] and sorted(bibliography.works) == sorted(keys) and len(keys) >= 15
    assert bibliography.works["dewey1937"].item["author"][0]["literal"].startswith("Preliminary Commission")
    assert bibliography.works["trotsky1941stalin"].item["publisher"] == "Harper & Brothers"


# --- through the pipeline ----------------------------------------------------------------------------

def render(make_content, body: str, style: str | None = None):
    content = make_content()
    write_chapter(content, body)
    if style:
        site_yml = content / "site.yml"
        site_yml.write_text(site_yml.read_text(encoding="utf-8") + f"citation_style: {style}\n", encoding="utf-8")
    result = build_in_memory(Project(content, base_url="/sub/"))
    assert result.problems == []
    return result, result.files["chapters/extra/index.html"].decode()


def test_notes_markup(make_content):
    _, html = render(make_content, "It failed [@rayfield1997, p. 4]. Again [@rayfield1997, p. 5]!")
    assert ('It failed.<sup class="noteref"><a data-note="1" href="#note-1" id="ref-1" role="doc-noteref">1</a></sup>'
            ' Again!<sup class="noteref"><a data-note="2" href="#note-2" id="ref-2" role="doc-noteref">2</a></sup>'
            in html)
    assert '<section aria-labelledby="notes-title" class="notes" role="doc-endnotes">' in html
    assert ('<li id="note-2"><a class="source-link" href="../../sources/rayfield1997/">Rayfield, <i>Anton Chekhov</i>, 5.</a> '
            '<a aria-label="Back to the text of note 2" href="#ref-2" role="doc-backlink">↩︎</a></li>' in html)
    assert ('<section aria-labelledby="sources-title" class="sources" role="doc-bibliography"><h2 id="sources-title">'
            'Sources</h2><ul class="source-list"><li id="source-rayfield1997"><a class="source-link" href="../../sources/rayfield1997/">Rayfield, Donald. '
            '<i>Anton Chekhov: A Life</i>. London: HarperCollins, 1997.</a></li></ul></section>' in html)
    assert '"citation": [{"@type": "Book", "author": [{"@type": "Person", "name": "Donald Rayfield"}]' in html


def test_author_date_markup(make_content):
    _, html = render(make_content, "It failed [see @rayfield1997, p. 4]. As @stanislavski1924 [p. 9] says.",
                     "chicago-author-date")
    assert ('It failed <span class="citation" data-cites="rayfield1997">(see <a class="source-link" href="../../sources/rayfield1997/">Rayfield 1997, 4</a>)'
            '</span>.' in html)
    assert ('As <span class="citation" data-cites="stanislavski1924">Stanislavski (<a class="source-link" href="../../sources/stanislavski1924/">1924, 9</a>)</span> '
            'says.' in html)
    assert 'role="doc-endnotes"' not in html and 'role="doc-bibliography"' in html
    assert "Rayfield, Donald. 1997. <i>Anton Chekhov: A Life</i>. London: HarperCollins." in html


def test_blockquote_attribution(make_content):
    _, html = render(make_content, "> Words.\n>\n> — [@stanislavski1924, p. 12]\n")
    assert ('<blockquote>\n<p>Words.</p>\n<footer>— Konstantin Stanislavski, <cite>My Life in Art</cite><sup '
            'class="noteref"><a data-note="1" href="#note-1" id="ref-1" role="doc-noteref">1</a></sup></footer>\n'
            '</blockquote>' in html)


def test_a_citation_in_code_is_code(make_content):
    _, html = render(make_content, "Write `[@rayfield1997]` to cite.")
    assert "<code>[@rayfield1997]</code>" in html and "doc-endnotes" not in html


def test_rendering_returns_each_cite_with_locator_and_context(make_content):
    from trotsky_site.build.pipeline import plan_build
    content = make_content()
    write_chapter(content, "Intro.\n\nIt failed [see @rayfield1997, pp. 4-6; @stanislavski1924], he said.")
    plan = plan_build(Project(content))
    citations = plan.rendered["extra"].citations
    assert [(c.key, c.locator, c.note, c.line) for c in citations] == [
        ("rayfield1997", "pp. 4–6", 1, 9), ("stanislavski1924", None, 1, 9)]
    assert citations[0].context == "It failed, he said."
    assert isinstance(plan.rendered["extra"], Rendered)
    assert json.dumps([c.key for c in plan.rendered["moscow"].citations]) == "[]"


@pytest.mark.parametrize("body, expected", [
    (r"[see \* @rayfield1997]", "See * Donald Rayfield"),
    ("[see `code` @rayfield1997, p. 3, *sic*]", "See code Donald Rayfield"),
    ("[see \x01 @rayfield1997]", "See Donald Rayfield"),
])
def test_prefixes_with_escapes_code_and_control_characters(make_content, body, expected):
    _, html = render(make_content, body)
    assert f'<li id="note-1">{expected}' in html.replace('<a class="source-link" href="../../sources/rayfield1997/">', "")


def test_blockquote_attribution_in_author_date(make_content):
    _, html = render(make_content, "> Words.\n>\n> [@stanislavski1924, p. 12]\n", "chicago-author-date")
    assert ('<footer>— Konstantin Stanislavski, <cite>My Life in Art</cite> <span class="citation" '
            'data-cites="stanislavski1924">(<a class="source-link" href="../../sources/stanislavski1924/">1924, 12</a>)</span></footer>' in html)
