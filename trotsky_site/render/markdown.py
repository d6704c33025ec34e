"""Markdown bodies to HTML, with every cross-link resolved against the site's name index."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import markdown
from markdown import util
from markdown.inlinepatterns import InlineProcessor as _NewStylePattern
from markdown.treeprocessors import InlineProcessor

from ..model.citations import BRACKETED, IN_TEXT, Citation
from ..model.urls import heading_anchor, relative_url
from ..problems import Problem, body_failed
from .markdown_ext import BiographyExtension, PageContext

if TYPE_CHECKING:
    from ..model.page import Page
    from ..model.site import Site


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class Link:
    target: str
    anchor: str | None
    line: int | None
    context: str

    def __reduce__(self):
        return _link, (self.target, self.anchor, self.line, _utf8(self.context))


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[TocEntry, ...]
    anchors: frozenset[str]
    links: tuple[Link, ...]
    embeds: tuple[str, ...]
    images: tuple[str, ...]
    problems: tuple[Problem, ...]
    citations: tuple[Citation, ...] = ()   # every cite the page made, for "cited on" lists
    dates: tuple[str, ...] = ()            # timeline anchors of the dates its [[date]] links name


    def __reduce__(self):
        return _rendered, (_utf8(self.html), self.toc, self.anchors, self.links, self.embeds, self.images,
                           self.problems, self.citations, self.dates)


# Pickling a str that is not ASCII leaves a UTF-8 copy of it cached inside the str for good: through
# the .cache/ and the forked workers' results, that doubled the memory the link contexts and pages
# took. Encoding them ourselves makes bytes that go away once written.
def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _link(target, anchor, line, context: bytes) -> Link:
    return Link(target, anchor, line, context.decode("utf-8", "surrogatepass"))


def _rendered(html: bytes, *rest) -> Rendered:
    return Rendered(html.decode("utf-8", "surrogatepass"), *rest)


@dataclass(frozen=True)
class LinkTargets:
    """Where a page's Markdown points, as site paths: the renderer makes each one relative to the page."""
    url_of: Callable[[str], str]               # page id -> the page's site path
    timeline_url: str                          # the timeline's site path (date links add #anchors)
    render_card: Callable[[Page, str], str]    # (page, site path it is embedded at) -> card HTML, "" if it failed
    site_url: Callable[[str], str] = str       # a path from the site's root ("/static/x.png") -> site path


class MarkdownRenderer:
    """One Markdown instance, reset for every page."""

    def __init__(self):
        self.extension = BiographyExtension()
        self.md = markdown.Markdown(
            extensions=["toc", "footnotes", "tables", "attr_list", "sane_lists", "abbr", self.extension],
            extension_configs={"toc": {"slugify": heading_anchor, "toc_depth": "2-4",
                                       "permalink": "#", "permalink_title": "Link to this section"}},
            output_format="html",
        )
        self.md.treeprocessors.register(QuickInline(self.md), "inline", 20)

    def render(self, page: Page, site: Site, targets: LinkTargets) -> Rendered:
        """Every link the page gets is relative to the page itself; cards are made for its path."""
        here, portable = site.path_of(page), site.config.portable

        def relative(target: str) -> str:
            return relative_url(target, here, portable)
        context = PageContext(page, site, lambda page_id: relative(targets.url_of(page_id)),
                              relative(targets.timeline_url), lambda target: targets.render_card(target, here),
                              site_url=lambda path: relative(targets.site_url(path)))
        self.extension.set_context(context)
        try:
            self.md.reset()
            html = self.md.convert(page.body)
            tokens = getattr(self.md, "toc_tokens", [])
        except Exception as error:  # one page's Markdown must never end the build with a traceback
            return Rendered("", (), frozenset(), (), (), (), tuple(context.problems) + (body_failed(page, error),))
        finally:
            self.extension.set_context(None)
        toc = tuple(_flatten(tokens))
        anchors = frozenset(entry.anchor for entry in toc) | _footnote_anchors(html)
        links = tuple(Link(link.target, link.anchor, link.line, link.context) for link in context.links)
        images = tuple(context.images)
        return Rendered(html, toc, anchors, links, tuple(context.embeds), images, tuple(context.problems),
                        tuple(context.citations), tuple(dict.fromkeys(context.dates)))


# What each of Python-Markdown's inline patterns (and ours) cannot match without: a pattern is tried on a
# text only when one of these occurs in it. Keyed by the pattern's regular expression, so a pattern that
# changes in a new Markdown release is simply always tried.
TRIGGERS = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),                             # backtick
    r"\\(.)": ("\\",),                                                              # escape
    r"\[\^([^\]]*)\]": ("[^",),                                                    # footnote
    r"(?<!\!)\[": ("[",),                                                           # links, references
    r"\!\[": ("![",),                                                               # images
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),                                # autolink
    r"<([^<> !]+@[^@<> ]+)>": ("<",),                                               # automail
    r"  \n": ("  \n",),                                                             # line break
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),                        # entity
    r"\*|_": ("*", "_"),                                                            # emphasis
    r"(!?)\[\[([^\[\]]+?)\]\]": ("[[",),                                            # our cross-links
    BRACKETED: ("@",), IN_TEXT: ("@",),                                             # our citations
}


class QuickInline(InlineProcessor):
    """Python-Markdown's inline stage, minus the patterns that cannot match: a pattern runs on a text only
    when its trigger occurs in it. Matches only replace text with placeholders, which hold no trigger, so
    a trigger absent at the start stays absent; the output is the same, byte for byte (tests/test_cache.py).

    It pays: without it a clean 1,000-page build took 18% more CPU time and a rebuild 14% more
    (benchmarks/audit.py, medians of 5; issue 14 keeps machinery that pays at least 5%). It overrides a
    private method of Python-Markdown: tests/test_cache.py fails when a release changes that code."""

    def run(self, tree, ancestors=None):
        self._plan = [(pattern, TRIGGERS.get(pattern.compiled_re.pattern)
                       if isinstance(pattern, _NewStylePattern) else None) for pattern in self.inlinePatterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data, patternIndex=0):   # noqa: N802 - overrides the private method
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern
        for index in range(patternIndex, len(self._plan)):
            pattern, triggers = self._plan[index]
            if triggers is not None and not any(trigger in data for trigger in triggers):
                continue
            matched, start = True, 0
            while matched:
                data, matched, start = apply(pattern, data, index, start)
        return data


def _flatten(tokens) -> list[TocEntry]:
    out = []
    for token in tokens:
        out.append(TocEntry(token["level"], token["id"], token["name"]))
        out += _flatten(token.get("children", []))
    return out


def _footnote_anchors(html: str) -> frozenset[str]:
    return frozenset(re.findall(r'id="(fn(?:ref)?:[^"]+)"', html))
