"""Citations on the Markdown tree: inline processors mark each citation, one tree processor then
numbers, formats and places them (notes, sources, blockquote attributions) in reading order.

It shares the cross-link extension's `PageContext` (page, site, problems) and records a
`citations.Citation` per cite in `context.citations`, as cross-links record `OutLink`s.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import replace

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from ..model.citations import (BRACKETED, IN_TEXT, Cite, Citation, parse_locator, shown_locator,
                               split_cluster)
from ..model.kinds import SOURCE
from ..model.links import line_of_token
from ..model.urls import source_id
from .csl import CitationFormatter, author_names, full_names, prepared, style_digest

BLOCKS = ("p", "li", "td", "th", "blockquote", "dd", "dt")
_PUNCTUATION = re.compile(r"^[.,;:!?]+[”’\"']?")
_ESCAPED = re.compile("\x02(\\d+)\x03")      # Python-Markdown's placeholder for a backslash escape
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")   # not allowed in XML
_DASH = re.compile(r"^\s*(?:—|―|–|--|-)?\s*$")


class _Marker(InlineProcessor):
    """Replaces a citation by an empty placeholder; CitationNotes fills it in."""

    def __init__(self, pattern, md, holder, in_text: bool):
        super().__init__(pattern, md)
        self.holder, self.in_text = holder, in_text

    def handleMatch(self, m, data):
        ctx = self.holder.context
        if self.in_text:
            label, locator, suffix = parse_locator(m.group(2) or "")
            cites = (Cite(m.group(1), label, locator, suffix=suffix.strip(" ,") and suffix),)
        else:
            cites = split_cluster(m.group(1))
            if cites is None:
                return None, None, None
        cites = tuple(replace(c, prefix=self._plain(c.prefix), suffix=self._plain(c.suffix)) for c in cites)
        element = etree.Element("span", {"data-cite": str(len(ctx.pending_cites))})
        ctx.pending_cites.append((cites, m.group(0), self.in_text))
        return element, m.start(0), m.end(0)

    def _plain(self, text: str) -> str:
        """A prefix or suffix as text: escapes (\\*) and code spans come back from the stash as characters."""
        if not text:
            return text
        text = _ESCAPED.sub(lambda m: chr(int(m.group(1))), self.unescape(text))
        return re.sub(r"(?<=\S)\s{2,}(?=\S)", " ", _CONTROL.sub("", text))


class CitationNotes(Treeprocessor):
    def __init__(self, md, holder, formatters: dict):
        super().__init__(md)
        self.holder, self.formatters = holder, formatters

    def run(self, root):
        ctx = self.holder.context
        if not ctx.pending_cites:
            return
        parents = {child: parent for parent in root.iter() for child in parent}
        found = [(element, *ctx.pending_cites[int(element.get("data-cite"))])
                 for element in root.iter("span") if element.get("data-cite") is not None]
        works = getattr(ctx.site, "bibliography", None)
        works = works.works if works is not None else {}
        good = [entry for entry in found if self._valid(ctx, parents, works, *entry)]
        if not good:
            return
        formatter = self._formatter(ctx.site.config)
        keys = dict.fromkeys(cite.key for _, cites, _, _ in good for cite in cites)
        items = {key: works[key].item for key in keys}
        attributions = [_attributes(element, parents) for element, *_ in good]
        # In author-date, the running text or the attribution names the author: "Deutscher (1954, 33)".
        clusters = [tuple(replace(c, suppress_author=c.suppress_author or (in_text or attributes) and
                                  not formatter.is_note) for c in cites)
                    for (_, cites, _, in_text), attributes in zip(good, attributions)]
        links = source_links(ctx.site.kinds, keys, ctx.site_url)
        texts, entries = formatter.format_page(clusters, items, links)
        notes = []
        for number, ((element, cites, token, in_text), text, attributes) in enumerate(zip(good, texts, attributions), 1):
            names = author_names(items[cites[0].key]) if in_text else ""
            if formatter.is_note:
                notes.append(text)
                _fill_note(element, number, names)
                _after_punctuation(element, parents)
            else:
                _fill_parenthetical(element, text, names, [c.key for c in cites])
            if attributes:
                _attribution(element, parents[element], items[cites[0].key])
        for number, (element, cites, token, _) in enumerate(good, 1):
            context = _context(self.md, parents, element)
            line = line_of_token(ctx.page.body, ctx.page.body_line, token)
            ctx.citations += [Citation(cite.key, shown_locator(cite.label, cite.locator),
                                       number if formatter.is_note else None, line, context) for cite in cites]
        if notes:
            root.append(_notes_section(notes))
        root.append(_sources_section(entries, links))

    def _valid(self, ctx, parents, works, element, cites, token, in_text) -> bool:
        where = _inside(element, parents)
        problem = None
        if where:
            problem = (("citation.in-link", f"the citation {token.strip()} is inside a link",
                        "move the citation out of the link text") if where == "a" else
                       ("citation.in-heading", f"the citation {token.strip()} is inside a heading",
                        "cite in the text under the heading instead"))
        unknown = [cite.key for cite in cites if cite.key not in works]
        unreadable = getattr(ctx.site.bibliography, "unreadable", frozenset())
        if problem is None and unknown and all(key in unreadable for key in unknown):
            problem = ()          # the bibliography's own problem says why; one mistake, one problem
        if problem is None and unknown:
            close = ctx.site.bibliography.suggest(unknown[0]) if works else None
            hint = (f"did you mean @{close}?" if close else
                    "add the work to content/bibliography.bib (or .json)" if works else
                    "there is no content/bibliography.bib or bibliography.json; export one from Zotero")
            if in_text:
                hint += "; write \\@ for an @ that is not a citation"
            problem = ("citation.unknown-key", f"no work in the bibliography has the key '{unknown[0]}'", hint)
        if problem is None:
            return True
        if problem:
            ctx.fail(token, *problem)
        element.attrib.pop("data-cite")
        element.set("class", "citation-broken")
        element.text = token
        return False

    def _formatter(self, config) -> CitationFormatter:
        name = getattr(config, "citation_style", None) or "chicago-notes-bibliography"
        key = (name, style_digest(name))      # a style file edited while the preview runs is read again
        if key not in self.formatters:
            self.formatters[key] = CitationFormatter(name)
        return self.formatters[key]


def _inside(element, parents) -> str | None:
    node = parents.get(element)
    while node is not None:
        if node.tag == "a":
            return "a"
        if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return "h"
        node = parents.get(node)
    return None


def _context(md, parents, element) -> str:
    """The sentence the citation stands in (or closes: a note comes after the period), as plain text."""
    from .markdown_ext import _excerpt, _unstash
    block = parents.get(element)
    while block is not None and block.tag not in BLOCKS:
        block = parents.get(block)
    if block is None:
        return ""
    tail = element.tail
    element.tail = _HERE + (tail or "")
    try:
        text = " ".join(_unstash(md, block_text(block)).split())
    finally:
        element.tail = tail
    at = text.find(_HERE)
    text = text.replace(_HERE, "")
    return _excerpt(_sentence(text, at) if at >= 0 else text, "")


_HERE = "\ue000"      # marks the citation's place in its block's text (a private-use character)
# A sentence ends at . ! ? or … (and any closing quotes or brackets) before a space and a capital, a quote
# or a digit, unless the stop ends an initial or an abbreviation of one letter ("E. H. Carr", "p. 3").
_SENTENCE_END = re.compile(r"(?<!\b[A-Za-z])[.!?…][”’\"')\]]*(?:\s+(?=[A-Z“‘\"'(\[0-9])|$)")


def _sentence(text: str, at: int) -> str:
    start, end = 0, len(text)
    for match in _SENTENCE_END.finditer(text):
        if match.end() < at:      # a stop right before the citation closes the sentence it stands in
            start = match.end()
        else:
            end = match.end()
            break
    return text[start:end].strip() or text


def block_text(block) -> str:
    """A block's text as a reader quotes it: without note numbers."""
    if block.tag == "sup" and block.get("class") == "noteref":
        return ""
    return (block.text or "") + "".join(block_text(child) + (child.tail or "") for child in block)


def _fill_note(element, number: int, names: str) -> None:
    """<sup class="noteref"><a href="#note-N" id="ref-N" role="doc-noteref">N</a></sup>, after the author's name
    for an in-text citation."""
    element.attrib.clear()
    element.set("class", "citation")
    element.text = names or None
    sup = etree.SubElement(element, "sup", {"class": "noteref"})
    link = etree.SubElement(sup, "a", {"href": f"#note-{number}", "id": f"ref-{number}", "role": "doc-noteref",
                                       "data-note": str(number)})
    link.text = str(number)
    if not names:       # a bare note reference needs no wrapper
        element.tag, element.attrib, element.text = "sup", {"class": "noteref"}, None
        element.remove(sup)
        element.append(link)


def _fill_parenthetical(element, text: str, names: str, keys: list[str]) -> None:
    element.attrib.clear()
    element.set("class", "citation")
    element.set("data-cites", " ".join(keys))
    inner = etree.fromstring(f"<span>{text}</span>")
    element.text = (f"{names} (" if names else "(") + (inner.text or "")
    for child in inner:
        element.append(child)
    tail_holder = element[-1] if len(element) else None
    if tail_holder is not None:
        tail_holder.tail = (tail_holder.tail or "") + ")"
    else:
        element.text += ")"


def _after_punctuation(element, parents) -> None:
    """Chicago puts a note number after the punctuation that follows it: "text [@a]." reads "text.¹"."""
    match = _PUNCTUATION.match(element.tail or "")
    if not match:
        return
    parent = parents[element]
    index = list(parent).index(element)
    element.tail = element.tail[match.end():]
    if index == 0:
        parent.text = (parent.text or "").rstrip() + match.group(0)
    else:
        before = parent[index - 1]
        before.tail = (before.tail or "").rstrip() + match.group(0)


def _attributes(element, parents) -> bool:
    """Whether the citation is a blockquote's last paragraph, alone (after a dash, perhaps)."""
    paragraph = parents.get(element)
    quote = parents.get(paragraph) if paragraph is not None else None
    if paragraph is None or quote is None or paragraph.tag != "p" or quote.tag != "blockquote" \
            or quote[-1] is not paragraph or len(paragraph) != 1:
        return False
    return bool(_DASH.match(paragraph.text or "")) and not (element.tail or "").strip(" .,")


def _attribution(element, paragraph, item: dict) -> None:
    """That paragraph becomes <footer>— Author, <cite>Short Title</cite> and the note reference or (Year, page)."""
    paragraph.tag, paragraph.text = "footer", "— "
    element.tail = None
    names = full_names(item)
    cite = etree.Element("cite")
    cite.text = prepared(item).get("title-short") or item.get("title", "")
    if names:
        paragraph.text += names + ", "
    paragraph.insert(0, cite)
    cite.tail = " " if element.tag != "sup" else None


def _notes_section(notes: list[str]):
    section = etree.Element("section", {"class": "notes", "role": "doc-endnotes", "aria-labelledby": "notes-title"})
    heading = etree.SubElement(section, "h2", {"id": "notes-title"})
    heading.text = "Notes"
    listing = etree.SubElement(section, "ol")
    for number, text in enumerate(notes, 1):
        item = etree.fromstring(f'<li id="note-{number}">{text} </li>')
        back = etree.SubElement(item, "a", {"href": f"#ref-{number}", "role": "doc-backlink",
                                            "aria-label": f"Back to the text of note {number}"})
        back.text = "↩\ufe0e"
        listing.append(item)
    return section


def source_links(kinds, keys, site_url) -> dict[str, str]:
    """Key -> the URL of the work's source page, for each key, when the site has source pages."""
    if SOURCE.name not in kinds:
        return {}
    kind = kinds[SOURCE.name]
    return {key: site_url(kind.path(source_id(key))) for key in keys}


def _sources_section(entries: list[tuple[str, str]], links: dict[str, str]):
    section = etree.Element("section", {"class": "sources", "role": "doc-bibliography",
                                        "aria-labelledby": "sources-title"})
    heading = etree.SubElement(section, "h2", {"id": "sources-title"})
    heading.text = "Sources"
    listing = etree.SubElement(section, "ul", {"class": "source-list"})
    for key, text in entries:
        item = etree.fromstring(f'<li id="source-{_id(key)}">{text}</li>')
        if key in links:       # the entry, as a link to the work's page: <li><a href=...>Entry.</a></li>
            link = etree.Element("a", {"class": "source-link", "href": links[key]})
            link.text, item.text = item.text, None
            link.extend(list(item))
            for child in list(item):
                item.remove(child)
            item.append(link)
        listing.append(item)
    return section


def _id(key: str) -> str:
    return re.sub(r"[^\w:.-]", "-", key)


class CitationExtension(Extension):
    """Registered beside BiographyExtension, reading the same holder of the page's context."""

    def __init__(self, holder, **kwargs):
        super().__init__(**kwargs)
        self.holder = holder
        self.formatters: dict[tuple, CitationFormatter] = {}   # per renderer: each style is parsed once

    def extendMarkdown(self, md):
        if "@" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("@")          # \@ is a literal @, never a citation
        md.inlinePatterns.register(_Marker(BRACKETED, md, self.holder, False), "citation", 174)
        md.inlinePatterns.register(_Marker(IN_TEXT, md, self.holder, True), "citation_in_text", 173)
        # After the table of contents (5), which lists the page's own headings, not Notes and Sources; before
        # the link contexts (3), so backlinks read an in-text citation's author (and, by block_text, no note numbers).
        md.treeprocessors.register(CitationNotes(md, self.holder, self.formatters), "citation_notes", 3.5)
