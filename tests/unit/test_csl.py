"""Golden Chicago output: tests/fixtures/citations/bibliography.bib, formatted by the bundled styles
through citeproc-py, against first notes, short notes and bibliography entries written out by hand
per the Chicago Manual of Style, 17th edition (notes 14.19-14.30, books 14.100-14.129, chapters
14.106, journals 14.168-14.181, newspapers 14.191, archives 14.222-14.232, web pages 14.205-14.207,
author-date 15.9-15.45). Each workaround in csl.py has a case here that fails without it."""
from __future__ import annotations

from pathlib import Path

import pytest

from trotsky_site.load.bibliography import load_bibliography
from trotsky_site.model.citations import Cite
from trotsky_site.render.csl import CitationFormatter, short_title

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "citations"

# key: (locator of the first cite, first note, locator of the second cite, short note, bibliography entry)
GOLDEN = {
    "deutscher1954": (
        ("page", "33"), "Isaac Deutscher, <i>The Prophet Armed: Trotsky, 1879–1921</i> (London: Oxford University "
                        "Press, 1954), 33.",
        ("page", "34–35"), "Deutscher, <i>Prophet Armed</i>, 34–35.",
        "Deutscher, Isaac. <i>The Prophet Armed: Trotsky, 1879–1921</i>. London: Oxford University Press, 1954."),
    "daniels1992": (
        ("page", "125"), "Robert V. Daniels, “Trotsky and the Left Opposition,” in <i>The Trotsky Reappraisal</i>, "
                         "ed. Terry Brotherstone and Paul Dukes (Edinburgh: Edinburgh University Press, 1992), 125.",
        ("page", "126"), "Daniels, “Left Opposition,” 126.",
        "Daniels, Robert V. “Trotsky and the Left Opposition.” In <i>The Trotsky Reappraisal</i>, edited by Terry "
        "Brotherstone and Paul Dukes, 122–34. Edinburgh: Edinburgh University Press, 1992."),
    "swain1999": (
        ("page", "670"), "Geoffrey Swain, “The Disillusioning of the Revolution's Praetorian Guard,” <i>Europe-Asia "
                         "Studies</i> 51, no. 4 (1999): 670.",
        ("page", "671"), "Swain, “Disillusioning of the Revolution's Praetorian Guard,” 671.",
        "Swain, Geoffrey. “The Disillusioning of the Revolution's Praetorian Guard.” <i>Europe-Asia Studies</i> 51, "
        "no. 4 (1999): 667–86."),
    "stalin1918": (
        None, "J. V. Stalin, “The October Revolution,” <i>Pravda</i>, November 6, 1918.",
        None, "Stalin, “October Revolution.”",
        "Stalin, J. V. “The October Revolution.” <i>Pravda</i>, November 6, 1918."),
    "trotsky1941stalin": (
        ("page", "12"), "Leon Trotsky, <i>Stalin: An Appraisal of the Man and His Influence</i>, ed. and trans. "
                        "Charles Malamuth (New York: Harper &amp; Brothers, 1941), 12.",
        ("page", "13"), "Trotsky, <i>Stalin</i>, 13.",
        "Trotsky, Leon. <i>Stalin: An Appraisal of the Man and His Influence</i>. Edited and translated by Charles "
        "Malamuth. New York: Harper &amp; Brothers, 1941."),
    "trotsky1932": (
        ("volume", "2"), "Leon Trotsky, <i>The History of the Russian Revolution</i>, trans. Max Eastman, 3 vols. "
                         "(New York: Simon and Schuster, 1932), vol. 2.",
        ("chapter", "4"), "Trotsky, <i>History of the Russian Revolution</i>, chap. 4.",
        "Trotsky, Leon. <i>The History of the Russian Revolution</i>. Translated by Max Eastman. 3 vols. New York: "
        "Simon and Schuster, 1932."),
    "lenin1966cw36": (
        ("page", "594"), "V. I. Lenin, <i>Collected Works</i>, vol. 36 (Moscow: Progress Publishers, 1966), 594.",
        ("page", "595"), "Lenin, <i>Collected Works</i>, 36:595.",
        "Lenin, V. I. <i>Collected Works</i>. Vol. 36. Moscow: Progress Publishers, 1966."),
    "trotsky1933letter": (
        None, "Leon Trotsky, “Letter to Natalia Sedova,” March 12, 1933, bMS Russ 13.1 (8123), Houghton Library, "
              "Harvard University.",
        None, "Trotsky, “Letter to Natalia Sedova.”",
        "Trotsky, Leon. “Letter to Natalia Sedova.” March 12, 1933. bMS Russ 13.1 (8123). Houghton Library, "
        "Harvard University."),
    "mia2024": (
        None, "“Leon Trotsky Internet Archive,” Marxists Internet Archive, accessed March 5, 2024, "
              "https://www.marxists.org/archive/trotsky/.",
        None, "“Leon Trotsky Internet Archive.”",
        "“Leon Trotsky Internet Archive.” Marxists Internet Archive. Accessed March 5, 2024. "
        "https://www.marxists.org/archive/trotsky/."),
    "dewey1937": (
        ("page", "5"), "Preliminary Commission of Inquiry into the Charges Made against Leon Trotsky in the Moscow "
                       "Trials, <i>The Case of Leon Trotsky: Report of Hearings on the Charges Made against Him in the "
                       "Moscow Trials</i> (New York: Harper &amp; Brothers, 1937), 5.",
        ("page", "6"), "Preliminary Commission of Inquiry into the Charges Made against Leon Trotsky in the Moscow "
                       "Trials, <i>Case of Leon Trotsky</i>, 6.",
        "Preliminary Commission of Inquiry into the Charges Made against Leon Trotsky in the Moscow Trials. <i>The "
        "Case of Leon Trotsky: Report of Hearings on the Charges Made against Him in the Moscow Trials</i>. New York: "
        "Harper &amp; Brothers, 1937."),
    "carr1969": (
        ("page", "300"), "E. H. Carr and R. W. Davies, <i>Foundations of a Planned Economy, 1926–1929</i>, vol. 1 "
                         "(London: Macmillan, 1969), 300.",
        ("page", "301"), "Carr and Davies, <i>Foundations of a Planned Economy</i>, 1:301.",
        "Carr, E. H., and R. W. Davies. <i>Foundations of a Planned Economy, 1926–1929</i>. Vol. 1. London: "
        "Macmillan, 1969."),
    "broue1988": (
        ("page", "200"), "Pierre Broué, <i>Trotsky</i> (Paris: Fayard, 1988), 200.",
        ("section", "3"), "Broué, <i>Trotsky</i>, sec. 3.",
        "Broué, Pierre. <i>Trotsky</i>. Paris: Fayard, 1988."),
}

# Chicago 14.64: a bibliography is alphabetical by the first author's surname; a work without one by
# its title, an initial article ignored; one author's works by title.
SORTED = ["broue1988", "carr1969", "daniels1992", "deutscher1954", "lenin1966cw36", "mia2024", "dewey1937",
          "stalin1918", "swain1999", "trotsky1932", "trotsky1933letter", "trotsky1941stalin"]


@pytest.fixture(scope="module")
def items():
    bibliography, problems = load_bibliography(FIXTURE)
    assert problems == [] and len(bibliography.works) == 12
    return {key: work.item for key, work in bibliography.works.items()}


def cite(key, locator):
    return Cite(key, *locator) if locator else Cite(key)


@pytest.fixture(scope="module")
def notes_page(items):
    """All twelve works cited twice on one page: the first notes, then the short ones."""
    keys = list(GOLDEN)
    clusters = [(cite(key, GOLDEN[key][0]),) for key in keys] + [(cite(key, GOLDEN[key][2]),) for key in keys]
    return keys, CitationFormatter("chicago-notes-bibliography").format_page(clusters, items)


@pytest.mark.parametrize("key", list(GOLDEN))
def test_first_note(notes_page, key):
    keys, (notes, _) = notes_page
    assert notes[keys.index(key)] == GOLDEN[key][1]


@pytest.mark.parametrize("key", list(GOLDEN))
def test_short_note(notes_page, key):
    keys, (notes, _) = notes_page
    assert notes[len(keys) + keys.index(key)] == GOLDEN[key][3]


@pytest.mark.parametrize("key", list(GOLDEN))
def test_bibliography_entry(notes_page, key):
    _, (_, entries) = notes_page
    assert dict(entries)[key] == GOLDEN[key][4]


def test_bibliography_is_sorted_by_author_surname(notes_page):
    _, (_, entries) = notes_page
    assert [key for key, _ in entries] == SORTED


def test_a_cluster_with_prefix_and_suffix_is_one_note(items):
    notes, entries = CitationFormatter("chicago-notes-bibliography").format_page(
        [(Cite("deutscher1954", "page", "33", prefix="see"), Cite("broue1988", suffix=", for the later years")),
         (Cite("deutscher1954", suppress_author=True, label="chapter", locator="4"),)], items)
    assert notes == ["See Isaac Deutscher, <i>The Prophet Armed: Trotsky, 1879–1921</i> (London: Oxford University "
                     "Press, 1954), 33; Pierre Broué, <i>Trotsky</i> (Paris: Fayard, 1988), for the later years.",
                     "<i>Prophet Armed</i>, chap. 4."]
    assert [key for key, _ in entries] == ["broue1988", "deutscher1954"]


def test_author_date(items):
    formatter = CitationFormatter("chicago-author-date")
    texts, entries = formatter.format_page(
        [(Cite("deutscher1954", "page", "33"),), (Cite("carr1969", "page", "12"), Cite("daniels1992")),
         (Cite("deutscher1954", "chapter", "4", suppress_author=True),), (Cite("mia2024"),)], items)
    assert texts == ["Deutscher 1954, 33", "Carr and Davies 1969, 12; Daniels 1992", "1954, chap. 4",
                     "“Leon Trotsky Internet Archive” n.d."]
    assert dict(entries) == {
        "deutscher1954": "Deutscher, Isaac. 1954. <i>The Prophet Armed: Trotsky, 1879–1921</i>. London: Oxford "
                         "University Press.",
        "carr1969": "Carr, E. H., and R. W. Davies. 1969. <i>Foundations of a Planned Economy, 1926–1929</i>. "
                    "Vol. 1. London: Macmillan.",
        "daniels1992": "Daniels, Robert V. 1992. “Trotsky and the Left Opposition.” In <i>The Trotsky Reappraisal</i>, "
                       "edited by Terry Brotherstone and Paul Dukes, 122–34. Edinburgh: Edinburgh University Press.",
        "mia2024": "“Leon Trotsky Internet Archive.” n.d. Marxists Internet Archive. Accessed March 5, 2024. "
                   "https://www.marxists.org/archive/trotsky/."}


@pytest.mark.parametrize("title, short", [
    ("The Prophet Armed: Trotsky, 1879–1921", "Prophet Armed"), ("A Life", "Life"), ("Trotsky", "Trotsky"),
    ("Stalin: An Appraisal", "Stalin"), ("Theory of Everything", "Theory of Everything")])
def test_short_title(title, short):
    assert short_title(title) == short


def test_text_is_escaped_once(items):
    evil = {"x": {"id": "x", "type": "book", "title": "<script>alert(1)</script> & Co", "publisher": "A & B"}}
    notes, entries = CitationFormatter("chicago-notes-bibliography").format_page([(Cite("x"),)], evil)
    assert notes == ["<i>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</i> (A &amp; B)."]


def _real_pages_citations():
    """Every real page's citation clusters, in reading order, as citation_ext hands them to the formatter."""
    from trotsky_site.model.citations import split_cluster, parse_locator, BRACKETED, IN_TEXT
    import re
    content = Path(__file__).resolve().parents[2] / "content"
    bibliography, _ = load_bibliography(content)
    works = {key: work.item for key, work in bibliography.works.items()}
    either = re.compile(f"{BRACKETED}|{IN_TEXT}")
    pages = []
    for path in sorted(content.rglob("*.md")):
        clusters = []
        for match in either.finditer(path.read_text(encoding="utf-8")):
            if match.group(1):
                cites = split_cluster(match.group(1)) or ()
            else:
                label, locator, _ = parse_locator(match.group(3) or "")
                cites = (Cite(match.group(2), label, locator),)
            cites = tuple(c for c in cites if c.key in works)
            if cites:
                clusters.append(cites)
        if clusters:
            pages.append(clusters)
    return pages, works


@pytest.mark.slow
@pytest.mark.parametrize("suppress", [False, True], ids=["authors", "authors-suppressed"])
@pytest.mark.parametrize("style", ["chicago-notes-bibliography", "chicago-author-date"])
def test_memoized_cites_equal_formatting_each_page_afresh(style, suppress):
    """The formatter remembers each cite across pages; on the real site's citations (and again with every
    author suppressed) that must give what citeproc-py gives formatting each page on its own."""
    from dataclasses import replace
    pages, works = _real_pages_citations()
    assert len(pages) > 50
    shared = CitationFormatter(style)
    assert shared.memoize
    for clusters in pages:
        clusters = [tuple(replace(c, suppress_author=suppress) for c in cluster) for cluster in clusters]
        items = {c.key: works[c.key] for cluster in clusters for c in cluster}
        fresh = CitationFormatter(style)
        assert shared.format_page(clusters, items) == fresh._format_page_afresh(clusters, items)
    assert len(shared._cites) < sum(len(cluster) for clusters in pages for cluster in clusters)
