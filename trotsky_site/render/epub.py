"""The biography as an EPUB 3 e-book, made from the pages the build has already rendered.

Title page, contents (nav.xhtml, and toc.ncx for older readers), the chapters in order with their notes
and profile cards, the full profiles of the subject and of the people the chapters embed, a glossary of
every person, the timeline and the bibliography. The bytes depend on the content alone: the identifier
is a hash of the book's documents, the modification date is SOURCE_DATE_EPOCH or a fixed date, and the
zip entries have a fixed order and fixed dates.
"""
from __future__ import annotations

from typing import TYPE_CHECKING
import datetime
import hashlib
import io
import os
import uuid
import zipfile
from dataclasses import dataclass, replace
from importlib import resources

from ebooklib import epub
from lxml import etree
from markupsafe import Markup

from ..load.dates import format_date_html
from ..model.urls import base_path, book_file
from .csl import sort_key
from .epub_pages import bibliography_page, glossary_page, profile_header, timeline_page, title_page
from .epub_xhtml import OPS, XHTML, XML_LANG, Targets, check_links, to_xhtml, xml_text

if TYPE_CHECKING:
    from collections.abc import Mapping
    from ..model.site import Site
    from .markdown import Rendered

FIXED_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)   # when SOURCE_DATE_EPOCH is unset
ZIP_DATE = (1980, 1, 1, 0, 0, 0)   # the earliest date a zip entry can bear
CSS = "book.css"

__all__ = ["book_file", "make_epub", "Document"]


@dataclass
class Document:
    name: str                   # file name in the book: 'chapter-3.xhtml'
    title: str                  # for its <title> and the contents
    kind: str                   # epub:type of its <section>: chapter, appendix, glossary, ...
    role: str | None            # its DPUB-ARIA role, when the kind has one
    html: str                   # the site's HTML (links as on the site)
    root: etree._Element | None = None


def book_documents(site: Site, rendered: Mapping[str, Rendered]
                   ) -> tuple[list[Document], list[Document], dict[str, str]]:
    """(chapters, profiles, site path -> book file) for the pages the book holds."""
    chapters, files = [], {}
    for number, chapter in enumerate(site.chapters, 1):
        files[site.path_of(chapter)] = f"chapter-{number}.xhtml"
    profiled = _profiled(site, rendered)
    for person in site.people:
        files[site.path_of(person)] = f"glossary.xhtml#{person.id}"
    for person in profiled:
        files[site.path_of(person)] = f"profile-{person.id}.xhtml"
    style = site.config.date_style
    for number, chapter in enumerate(site.chapters, 1):
        head = Markup('<h1><span class="label">Chapter {}</span> {}</h1>').format(number, _lang(chapter.title))
        if chapter.subtitle:
            head += Markup('<p class="subtitle">{}</p>').format(_lang(chapter.subtitle))
        if chapter.period:
            head += Markup('<p class="period">{} – {}</p>').format(format_date_html(chapter.period[0], style),
                                                                   format_date_html(chapter.period[1], style))
        chapters.append(Document(f"chapter-{number}.xhtml", f"{number}. {chapter.title}", "chapter", "doc-chapter",
                                 head + Markup(rendered[chapter.id].html)))
    profiles = [Document(f"profile-{person.id}.xhtml", person.title, "appendix", "doc-appendix",
                         profile_header(site, person) + Markup(rendered[person.id].html)) for person in profiled]
    return chapters, profiles, files


def _profiled(site, rendered) -> list:
    """The people the book gives a profile: the subject, then those a chapter embeds."""
    embedded = {pid for chapter in site.chapters for pid in rendered[chapter.id].embeds}
    profiled = [person for person in site.people if person.id in embedded and person != site.subject]
    return ([site.subject] if site.subject is not None else []) + profiled


def book_reads(site, rendered) -> tuple[list[str], list[str]]:
    """What the book takes from Markdown results: (the ids of the pages it holds, the dates any page links),
    beside the site's front matter; build/freshness.py keys the e-book by it."""
    return ([chapter.id for chapter in site.chapters] + [person.id for person in _profiled(site, rendered)],
            sorted({anchor for result in rendered.values() for anchor in result.dates}))


def make_epub(site: Site, rendered: Mapping[str, Rendered]) -> bytes:
    """The EPUB's bytes; the same site gives the same bytes."""
    config = site.config
    chapters, profiles, files = book_documents(site, rendered)
    targets = Targets(base_path(config.base_url), files)
    sources: dict[str, etree._Element] = {}
    site_path_of = {name: path for path, name in files.items()}
    for document in chapters + profiles:
        converted = to_xhtml(document.html, replace(targets, here=site_path_of.get(document.name, "")))
        document.root = _page(document, converted.body, config.language)
        for key, entry in converted.sources:
            sources.setdefault(key, entry)
    linked = {anchor for result in rendered.values() for anchor in result.dates}
    extra = [Document("title.xhtml", config.title, "titlepage", None, title_page(config)),
             Document("glossary.xhtml", "People", "glossary", "doc-glossary", glossary_page(site, files)),
             Document("timeline.xhtml", "Timeline", "appendix", "doc-appendix", timeline_page(site, linked)),
             Document("bibliography.xhtml", "Bibliography", "bibliography", "doc-bibliography",
                      bibliography_page())]
    for document in extra:
        document.root = _page(document, to_xhtml(document.html, targets).body, config.language)
    title, glossary, timeline, bibliography = extra
    _fill_bibliography(bibliography.root, sources, site.bibliography)
    documents = [title, *chapters, *profiles, glossary, timeline, bibliography]
    check_links({document.name: document.root for document in documents})
    return _package(config, documents, chapters, profiles)


def _lang(text) -> Markup:
    from .templates import lang_runs
    return lang_runs(text)


def _page(document: Document, content: etree._Element, language: str) -> etree._Element:
    html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML, "epub": OPS})
    html.set("lang", language)
    html.set(XML_LANG, language)
    head = etree.SubElement(html, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}title").text = xml_text(document.title)
    etree.SubElement(head, f"{{{XHTML}}}link", {"rel": "stylesheet", "type": "text/css", "href": CSS})
    body = etree.SubElement(html, f"{{{XHTML}}}body")
    section = etree.SubElement(body, f"{{{XHTML}}}section", {f"{{{OPS}}}type": document.kind})
    if document.role:
        section.set("role", document.role)
    section.text = content.text
    section.extend(list(content))
    return html


def _fill_bibliography(root: etree._Element, sources: dict, bibliography) -> None:
    """The works the book cites, in bibliography order, from the Sources lists of its pages."""
    listing = root.find(f".//{{{XHTML}}}ul")
    works = bibliography.works

    def order(key):
        return sort_key(works[key].item) if key in works else (key,)
    for key in sorted(sources, key=order):
        entry = sources[key]
        entry.tail = "\n"
        listing.append(entry)
    if not sources:
        listing.getparent().remove(listing)


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")


class _Ready(epub.EpubHtml):
    """An XHTML document written by us: ebooklib puts it in the manifest and spine, and leaves it as it is."""

    def get_content(self, default=None):
        return self.content


def _package(config, documents: list[Document], chapters, profiles) -> bytes:
    contents = {document.name: _bytes(document.root) for document in documents}
    digest = hashlib.sha256()
    for name, data in contents.items():
        digest.update(name.encode() + b"\0" + data)
    book = epub.EpubBook()
    book.set_identifier(f"urn:uuid:{uuid.UUID(bytes=digest.digest()[:16], version=5)}")
    book.set_title(config.title)
    book.set_language(config.language)
    if config.author:
        book.add_author(config.author)
    for name, value in (("description", config.description), ("rights", config.licence)):
        if value:
            book.add_metadata("DC", name, value)
    book.add_item(epub.EpubItem(uid="css", file_name=CSS, media_type="text/css",
                                content=resources.files(__package__).joinpath("epub.css").read_bytes()))
    items = {}
    for document in documents:
        item = _Ready(uid=document.name.removesuffix(".xhtml"), file_name=document.name, title=document.title,
                      lang=config.language)
        item.content = contents[document.name]
        items[document.name] = book.add_item(item) or item
    nav = epub.EpubNav(title="Contents")
    nav.add_link(href=CSS, rel="stylesheet", type="text/css")
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    book.toc = _toc(documents, chapters, profiles)
    book.guide = [{"type": "toc", "href": "nav.xhtml", "title": "Contents"},
                  {"type": "text", "href": chapters[0].name, "title": chapters[0].title}] if chapters else []
    book.spine = [items["title.xhtml"], nav] + [items[document.name] for document in documents[1:]]
    buffer = io.BytesIO()
    writer = epub.EpubWriter(buffer, book, {"mtime": _modified(), "epub3_pages": False, "raise_exceptions": True})
    writer.process()
    writer.write()
    return _reproducible_zip(buffer.getvalue())


def _toc(documents, chapters, profiles) -> list:
    link = lambda document: epub.Link(document.name, document.title, document.name.removesuffix(".xhtml"))  # noqa: E731
    toc = [link(documents[0]), (epub.Section("Chapters", chapters[0].name), [link(c) for c in chapters])] \
        if chapters else [link(documents[0])]
    if profiles:
        toc.append((epub.Section("Profiles", profiles[0].name), [link(p) for p in profiles]))
    return toc + [link(document) for document in documents[-3:]]


def _modified() -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
    return FIXED_DATE


def _reproducible_zip(data: bytes) -> bytes:
    """The same entries in the same order, with fixed dates and permissions: ebooklib stamps the time of day."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.create_system, fixed.external_attr = 3, 0o644 << 16
            fixed.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()

