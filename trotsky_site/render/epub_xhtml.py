"""The site's HTML fragments as EPUB 3 XHTML: links pointed into the book, notes marked for reading systems.

Every fragment passes through `to_xhtml`, including the pages the book makes itself (title page, glossary,
timeline, bibliography), so a link is resolved in one place: a site URL becomes a file of the book
(`chapter-3.xhtml#anchor`, `glossary.xhtml#bukharin`, `timeline.xhtml#d-1917-03-08`) or, when the book
has no such page (topics, organisations, places), plain text. `check_links` then makes sure every
`file#id` the book links to exists, so that no link is dead.
"""
from __future__ import annotations

import posixpath

from dataclasses import dataclass, field
from typing import Mapping

import re

import lxml.html
from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EXTERNAL = ("http://", "https://", "mailto:")
DROPPED = frozenset({"script", "style", "svg", "iframe", "object", "embed", "video", "audio", "form", "input",
                     "button", "noscript", "template"})   # nothing the book can show offline, or nothing to show


# What XML 1.0 forbids and HTML lets through: C0 controls but tab and newlines, lone surrogates, U+FFFE/F.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str | None) -> str | None:
    return NOT_XML.sub("", text) if text and NOT_XML.search(text) else text


@dataclass(frozen=True)
class Targets:
    """Where the site's URLs lead in the book: `files` maps a site path ('chapters/civil-war/') to a file of
    the book ('chapter-6.xhtml', or 'glossary.xhtml#lenin' for a person without a profile of their own)."""
    root: str                                   # the site's base path, as its links start: '/' or '/sub/'
    files: Mapping[str, str] = field(default_factory=dict)
    timeline_path: str = "timeline/"
    here: str = ""                              # the site path of the page whose HTML is converted

    def resolve(self, href: str) -> str | None:
        """The book's href for a site href, or None when the book has no page for it."""
        if href.startswith("#") or href.startswith(EXTERNAL):
            return href
        path, _, anchor = href.partition("#")
        if href.startswith(self.root):
            path = path[len(self.root):]
        elif href.startswith("/"):
            return None
        else:   # relative to the page it came from (the site's links are relative since --portable)
            joined = posixpath.normpath(posixpath.join(self.here, path)) if path else self.here.rstrip("/")
            path = "" if joined in (".", "") else joined + "/"
        if path == self.timeline_path:
            return "timeline.xhtml" + (f"#{anchor}" if anchor else "")
        target = self.files.get(path)
        if target is None:
            return None
        return target + (f"#{anchor}" if anchor and "#" not in target else "")


@dataclass
class Converted:
    body: etree._Element                                           # an XHTML <div>, its children the content
    sources: list[tuple[str, etree._Element]] = field(default_factory=list)   # (key, XHTML <li>) of its Sources


def to_xhtml(html: str, targets: Targets) -> Converted:
    """A fragment of the site's HTML as XHTML elements under one <div>, cleaned for the book."""
    tree = lxml.html.fragment_fromstring(html or "", create_parent="div")
    etree.strip_elements(tree, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    sources = []
    for section in tree.xpath(".//section[contains(concat(' ', @class, ' '), ' sources ')]"):
        sources += [(li.get("id")[len("source-"):], _copy(li, None))
                    for li in section.xpath(".//li[starts-with(@id, 'source-')]")]
        section.drop_tree()   # one bibliography at the end of the book, instead of a list per page
    for element in list(tree.iter()):
        if isinstance(element.tag, str):
            _clean(element, targets)
    return Converted(_copy(tree, None), sources)


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _clean(element, targets: Targets) -> None:
    classes = _classes(element)
    if element.tag in DROPPED or "headerlink" in classes or "visually-hidden" in classes:
        element.drop_tree()
    elif element.tag == "img":   # the book bundles no images: the description stands in
        alt = element.get("alt") or ""
        element.drop_tree() if not alt else _replace_with_text(element, alt)
    elif element.tag == "a" and element.get("href") is not None:
        href = targets.resolve(element.get("href"))
        if href is None:
            _unlink(element)
        else:
            element.set("href", href)


def _replace_with_text(element, text: str) -> None:
    span = lxml.html.Element("span")
    span.text, span.tail = text, element.tail
    element.getparent().replace(element, span)


def _unlink(element) -> None:
    """A link the book cannot follow: its text stays; a card's "Full profile →" line goes with it."""
    parent = element.getparent()
    if parent is not None and "card-more" in _classes(parent):
        parent.drop_tree()
    else:
        element.drop_tag()


def _copy(element, parent) -> etree._Element:
    """`element` (from the HTML parser, no namespace) rebuilt in the XHTML namespace, with the EPUB semantics
    of notes and xml:lang beside every lang."""
    attributes = {name: value for name, value in element.attrib.items()
                  if not name.startswith("data-") and ":" not in name}
    semantics = _note_semantics(element, attributes)
    new = etree.Element(f"{{{XHTML}}}{element.tag}") if parent is None else \
        etree.SubElement(parent, f"{{{XHTML}}}{element.tag}")
    for name, value in attributes.items():
        new.set(name, xml_text(value))
    if "lang" in attributes:
        new.set(XML_LANG, attributes["lang"])
    if semantics:
        new.set(f"{{{OPS}}}type", semantics)
    new.text, new.tail = xml_text(element.text), xml_text(element.tail)
    for child in element:
        if isinstance(child.tag, str):
            _copy(child, new)
    return new


def _note_semantics(element, attributes) -> str | None:
    role = attributes.get("role", "")
    if role == "doc-noteref":
        return "noteref"
    if role == "doc-endnotes":
        return "endnotes"
    if element.tag == "li" and attributes.get("id", "").startswith("note-"):
        return "endnote"   # no role: DPUB-ARIA deprecated doc-endnote (EPUBCheck warns), a list in doc-endnotes suffices
    return None


def element_ids(root: etree._Element) -> set[str]:
    return {value for value in root.xpath("//@id")}


def check_links(documents: Mapping[str, etree._Element]) -> None:
    """Every link of the book leads somewhere: an href to a missing file becomes text, one to a missing id
    the top of its file. Relative to the book's flat folder; `documents` maps file name to its <html>."""
    ids = {name: element_ids(root) for name, root in documents.items()}
    for name, root in documents.items():
        for link in root.iter(f"{{{XHTML}}}a"):
            href = link.get("href")
            if href is None or href.startswith(EXTERNAL):
                continue
            file, _, anchor = href.partition("#")
            file = file or name
            if file not in ids:
                _unwrap(link)
            elif anchor and anchor not in ids[file]:
                link.set("href", file)


def _unwrap(element) -> None:
    parent, previous = element.getparent(), element.getprevious()
    text = (element.text or "")
    children = list(element)
    index = parent.index(element)
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else (parent[index - 1] if index > 0 else None)
    if last is not None:
        last.tail = (last.tail or "") + (element.tail or "")
    else:
        parent.text = (parent.text or "") + (element.tail or "")
    parent.remove(element)
