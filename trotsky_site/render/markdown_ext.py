"""Python-Markdown extensions: cross-links, embedded cards, links to .md files, language spans.

The extension reads one `PageContext` per conversion; the renderer sets it before each page
so one Markdown instance serves many pages.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import escape

from ..load.dates import DateError, format_date_html, parse_date_reference
from ..model.links import EMBED_LINE_RE, WIKILINK, line_of_token, parse_link, resolve_target
from ..problems import Problem
from .citation_ext import CitationExtension, block_text
from .sanitize import SafeAttributes

if TYPE_CHECKING:
    from ..model.page import Page
    from ..model.site import Site

CYRILLIC_RUN = re.compile(r"[\u0400-\u04FF\u0300-\u036F]+(?:[\s\-‐–—,.«»„“”()]+[\u0400-\u04FF\u0300-\u036F]+)*")
STASH_TOKEN = re.compile("\x02wzxhzdk:(\\d+)\x03|\x02[^\x03]*\x03")
TAG = re.compile(r"<[^>]+>")
CONTEXT_CHARS = 320


@dataclass
class OutLink:
    target: str
    anchor: str | None
    line: int | None
    context: str = ""


@dataclass
class PageContext:
    """What the extension needs to know about the page being converted, and what it found."""
    page: Page
    site: Site
    url_of: Callable[[str], str]          # page id -> its URL, relative to the page converted
    timeline_url: str
    render_card: Callable[[Page], str]    # page -> card HTML, its links relative to the page converted
    links: list[OutLink] = field(default_factory=list)
    embeds: list = field(default_factory=list)
    images: list = field(default_factory=list)
    site_url: Callable[[str], str] = str      # site path -> its URL, relative to the page converted
    problems: list = field(default_factory=list)
    pending_cites: list = field(default_factory=list)   # (cites, token, in text?) per citation met
    citations: list = field(default_factory=list)       # citations.Citation, in reading order
    dates: list = field(default_factory=list)           # timeline anchors that [[date]] links point to

    def fail(self, token: str, code: str, message: str, hint: str = ""):
        line = line_of_token(self.page.body, self.page.body_line, token)
        self.problems.append(Problem(self.page.shown, line, code, message, hint))


def cross_link(ctx: PageContext, element: etree.Element, target, anchor: str | None, token: str) -> None:
    """Makes `element` a link to `target` and records it, for [[links]] and links to .md files alike;
    LinkContexts later replaces data-link-index with the paragraph around the link."""
    element.set("href", ctx.url_of(target.id) + (f"#{anchor}" if anchor else ""))
    element.set("class", f"xref xref-{target.kind}")
    element.set("data-preview", target.id)
    ctx.links.append(OutLink(target.id, anchor, line_of_token(ctx.page.body, ctx.page.body_line, token)))
    element.set("data-link-index", str(len(ctx.links) - 1))


class _Holder:
    context: PageContext | None = None


class WikiLinkProcessor(InlineProcessor):
    def __init__(self, pattern, md, holder: _Holder):
        super().__init__(pattern, md)
        self.holder = holder

    def handleMatch(self, m, data):
        ctx = self.holder.context
        token, inner = m.group(0), m.group(2)
        if m.group(1):
            ctx.fail(token, "embed.not-alone", f"the embed {token} must stand alone on its own line",
                     "put the embed on a line by itself with blank lines around it")
            return etree.Element("span"), m.start(0), m.end(0)
        syntax = parse_link(inner)
        try:
            date = parse_date_reference(syntax.target)
        except DateError as error:
            ctx.fail(token, "link.invalid-date", error.message, error.hint)
            return self._text(inner), m.start(0), m.end(0)
        if date is not None:
            shown = escape(syntax.text) if syntax.text else format_date_html(date, ctx.site.config.date_style)
            html = f'<a class="date-ref" href="{ctx.timeline_url}#{date.anchor()}">{shown}</a>'
            ctx.dates.append(date.anchor())
            return self.md.htmlStash.store(html), m.start(0), m.end(0)
        found = resolve_target(syntax.target, ctx.site.pages, ctx.site.names, ctx.site.suggest)
        if found.page_id is None:
            ctx.fail(token, found.code, found.message, found.hint)
            return self._text(syntax.text or syntax.target), m.start(0), m.end(0)
        target = ctx.site.pages[found.page_id]
        element = etree.Element("a")
        element.text = syntax.text or target.title
        cross_link(ctx, element, target, syntax.anchor, token)
        return element, m.start(0), m.end(0)

    @staticmethod
    def _text(text):
        element = etree.Element("span")
        element.set("class", "xref-broken")
        element.text = text
        return element


class EmbedProcessor(BlockProcessor):
    def __init__(self, parser, holder: _Holder):
        super().__init__(parser)
        self.holder = holder

    def test(self, parent, block):
        return bool(EMBED_LINE_RE.match(block))

    def run(self, parent, blocks):
        block = blocks.pop(0)
        ctx = self.holder.context
        inner = EMBED_LINE_RE.match(block).group(1)
        token = f"![[{inner}]]"
        syntax = parse_link(inner)
        found = resolve_target(syntax.target, ctx.site.pages, ctx.site.names, ctx.site.suggest)
        if found.page_id is None:
            ctx.fail(token, found.code, found.message, found.hint)
            return
        target = ctx.site.pages[found.page_id]
        kinds = ctx.site.kinds
        if not kinds[target.kind].embeddable:
            ctx.fail(token, "embed.wrong-kind", f"'{target.id}' is a {target.kind}; only {kinds.embeddable_words()} "
                     "can be embedded as cards", f"link to it instead: [[{target.id}]]")
            return
        ctx.embeds.append(target.id)
        holder = etree.SubElement(parent, "p")
        holder.text = self.parser.md.htmlStash.store(ctx.render_card(target))


class MarkdownFileLinks(Treeprocessor):
    """Ordinary links to content files, such as ../people/bukharin.md, become page URLs."""

    def __init__(self, md, holder: _Holder):
        super().__init__(md)
        self.holder = holder

    def run(self, root):
        ctx = self.holder.context
        for image in root.iter("img"):
            src = image.get("src", "")
            if "://" not in src and not src.startswith("data:"):
                ctx.images.append(src)
                if src.startswith("/"):
                    image.set("src", ctx.site_url(src))
            image.set("loading", "lazy")
        for element in root.iter("a"):
            href = element.get("href", "")
            path, _, anchor = href.partition("#")
            if "://" in href or not path.endswith(".md"):
                continue
            page_id = path.rsplit("/", 1)[-1][:-3]
            target = ctx.site.pages.get(page_id)
            if target is None:
                ctx.fail(f"]({href}", "link.not-found", f"the link {href} names no content file",
                         f"did you mean ../{{folder}}/{ctx.site.suggest(page_id) or 'id'}.md?")
                continue
            cross_link(ctx, element, target, anchor or None, href)


class LinkContexts(Treeprocessor):
    """Records, for every cross-link, the text of the paragraph around it (for backlinks)."""

    def __init__(self, md, holder: _Holder):
        super().__init__(md)
        self.holder = holder

    def run(self, root):
        ctx = self.holder.context
        for block in root.iter():
            if block.tag not in ("p", "li", "td", "blockquote", "h2", "h3", "h4", "dd"):
                continue
            text = None
            for link in block.iter("a"):
                index = link.attrib.pop("data-link-index", None)
                if index is None:
                    continue
                if text is None:
                    text = " ".join(_unstash(self.md, block_text(block)).split())
                ctx.links[int(index)].context = _excerpt(text, "".join(link.itertext()))


def _unstash(md, text: str) -> str:
    """Stashed inline HTML (date references) back as plain text, so excerpts read whole."""
    def plain(match):
        if match.group(1) is None:
            return ""
        blocks = md.htmlStash.rawHtmlBlocks
        index = int(match.group(1))
        return html.unescape(TAG.sub("", str(blocks[index]))) if index < len(blocks) else ""
    return STASH_TOKEN.sub(plain, text)


def _excerpt(text: str, around: str) -> str:
    """About CONTEXT_CHARS of `text` centred on `around`, cut at word boundaries."""
    if len(text) <= CONTEXT_CHARS:
        return text
    at = max(text.find(around), 0)
    start = max(0, at - CONTEXT_CHARS // 2)
    end = min(len(text), start + CONTEXT_CHARS)
    if start > 0:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > at else end
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


class LanguageSpans(Treeprocessor):
    """Wraps runs of Cyrillic text in <span lang="ru"> so screen readers and fonts do the right thing."""

    def run(self, root):
        for parent in list(root.iter()):
            if parent.get("lang") or parent.tag in ("code", "pre"):
                continue
            if parent.text and CYRILLIC_RUN.search(parent.text):
                parent.text, spans = _split(parent.text)
                for offset, span in enumerate(spans):
                    parent.insert(offset, span)
            for child in list(parent):
                if child.tail and CYRILLIC_RUN.search(child.tail):
                    child.tail, spans = _split(child.tail)
                    index = list(parent).index(child)
                    for offset, span in enumerate(spans, 1):
                        parent.insert(index + offset, span)


def _split(text: str):
    pieces = CYRILLIC_RUN.split(text)
    runs = CYRILLIC_RUN.findall(text)
    spans = []
    for run, after in zip(runs, pieces[1:]):
        span = etree.Element("span", {"lang": "ru"})
        span.text, span.tail = run, after
        spans.append(span)
    return pieces[0], spans


class BiographyExtension(Extension):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.holder = _Holder()

    def set_context(self, context: PageContext | None):
        self.holder.context = context

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")         # raw HTML in bodies is shown as text
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.register(WikiLinkProcessor(WIKILINK, md, self.holder), "wikilink", 175)
        md.parser.blockprocessors.register(EmbedProcessor(md.parser, self.holder), "embed", 95)
        md.treeprocessors.register(MarkdownFileLinks(md, self.holder), "md_file_links", 4)
        md.treeprocessors.register(LinkContexts(md, self.holder), "link_contexts", 3)
        md.treeprocessors.register(LanguageSpans(md), "language_spans", 2)
        md.treeprocessors.register(SafeAttributes(md, self.holder), "safe_attributes", -10)   # after unescape
        CitationExtension(self.holder).extendMarkdown(md)
