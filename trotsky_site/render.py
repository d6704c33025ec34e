"""Markdown bodies to HTML, with every cross-link resolved against the site's name index."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import markdown

from .markdown_ext import BiographyExtension, PageContext
from .paths import heading_anchor
from .problems import Problem


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


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[TocEntry, ...]
    anchors: frozenset[str]
    links: tuple[Link, ...]
    embeds: tuple[str, ...]
    images: tuple[str, ...]
    problems: tuple[Problem, ...]


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

    def render(self, page, site, url_of: Callable[[str], str], timeline_url: str,
               render_card: Callable, site_url: Callable[[str], str] = str) -> Rendered:
        context = PageContext(page, site, url_of, timeline_url, render_card, site_url=site_url)
        self.extension.set_context(context)
        try:
            self.md.reset()
            html = self.md.convert(page.body)
            tokens = getattr(self.md, "toc_tokens", [])
        finally:
            self.extension.set_context(None)
        toc = tuple(_flatten(tokens))
        anchors = frozenset(entry.anchor for entry in toc) | _footnote_anchors(html)
        links = tuple(Link(link.target, link.anchor, link.line, link.context) for link in context.links)
        images = tuple(context.images)
        return Rendered(html, toc, anchors, links, tuple(context.embeds), images, tuple(context.problems))


def _flatten(tokens) -> list[TocEntry]:
    out = []
    for token in tokens:
        out.append(TocEntry(token["level"], token["id"], token["name"]))
        out += _flatten(token.get("children", []))
    return out


def _footnote_anchors(html: str) -> frozenset[str]:
    return frozenset(re.findall(r'id="(fn(?:ref)?:[^"]+)"', html))


def render_all(site, url_of, timeline_url, render_card, site_url, renderer: MarkdownRenderer | None = None):
    renderer = renderer or MarkdownRenderer()
    rendered, problems = {}, []
    for page_id, page in site.pages.items():
        result = renderer.render(page, site, url_of, timeline_url, render_card, site_url)
        rendered[page_id] = result
        problems += result.problems
    return rendered, problems
