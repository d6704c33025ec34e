"""The Jinja2 environment: autoescape everywhere, StrictUndefined, date, language and URL helpers."""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2 import pass_context
from markupsafe import Markup, escape

from ..load.dates import format_date, format_date_html, format_span
from ..model.kinds import KINDS, Registry
from ..model.places import place_ref
from ..model.urls import PageURLs, absolute_url, book_file
from .map_views import install_maps
from .markdown_ext import CYRILLIC_RUN
from .portable import ZIP_NAME

if TYPE_CHECKING:
    from ..model.page import Page

# Runs of one script, with the spaces and punctuation between its words, and stress marks.
_MARKS = "\u0300-\u036F"
SCRIPT_RUNS = (
    ("ru", CYRILLIC_RUN),
    ("zh", re.compile("[\u3400-\u9FFF\uF900-\uFAFF\u3000-\u303F]+")),
)
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
# Any character SCRIPT_RUNS could match: text without one is escaped whole (the common case).
_ANY_RUN = re.compile(f"[\u0400-\u04FF{_MARKS}\u3400-\u9FFF\uF900-\uFAFF\u3000-\u303F]")
CACHED_CHARS = 200   # lang_runs remembers texts up to this long: names, titles, places (not link contexts)


def lang_of(text: str | None) -> str | None:
    """The language of a text written wholly in one non-Latin script (Cyrillic: ru, Han: zh), else None."""
    if not text or _LATIN.search(text):
        return None
    for lang, pattern in SCRIPT_RUNS:
        if pattern.search(text) and not any(p.search(text) for other, p in SCRIPT_RUNS if other != lang):
            return lang
    return None


def lang_runs(text) -> Markup:
    """Escapes front-matter text and wraps its Cyrillic and Chinese runs in <span lang="...">."""
    if text is None:
        return Markup("")
    if isinstance(text, Markup):
        return text
    text = str(text)
    if len(text) <= CACHED_CHARS:
        return _lang_runs_cached(text)
    return _lang_runs(text)


def _lang_runs(text: str) -> Markup:
    if not _ANY_RUN.search(text):
        return escape(text)
    found = sorted((m.start(), m.end(), lang) for lang, pattern in SCRIPT_RUNS for m in pattern.finditer(text))
    out, at = [], 0
    for start, end, lang in found:
        if start < at:
            continue
        out.append(escape(text[at:start]))
        out.append(Markup('<span lang="{}">{}</span>').format(lang, text[start:end]))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


# The same names and titles are shown on many pages; a Markup is immutable, so one can serve them all.
_lang_runs_cached = lru_cache(maxsize=1 << 15)(_lang_runs)


def date_range(start, end, style: str) -> Markup:
    """A role's or relation's dates: "1917–1924", "from June 1917", "until 6 January 1925", or one date."""
    html = lambda d: format_date_html(d, style)  # noqa: E731
    if start and end:
        if format_date(start, style) == format_date(end, style):
            return html(start)
        bare = " " not in format_date(start, style) + format_date(end, style)
        return Markup("{}{}{}").format(html(start), "–" if bare else " – ", html(end))
    if start:
        return Markup("from {}").format(html(start))
    if end:
        return Markup("until {}").format(html(end))
    return Markup("")


def life_years(page: Page, kind) -> str:
    """Compact life dates for lists, from the kind's span: "1879–1940", "born 1913", "died 1923"."""
    if kind.span is None:
        return ""
    return kind.span.describe(page, lambda d: str(d.year), lambda start, end: f"{start.year}–{end.year}")


def page_linker(kinds: Registry):
    """The `page_link` filter: `page | page_link("css-class")` is the same HTML as
    <a class="css-class" href="{{ page_url(page) }}" data-preview="{{ page.id }}">{{ page.title | lang }}</a>
    (no class attribute without a class), made once per linking page, page and title, as pages link to a few
    pages many times and pages of one kind sit at one depth."""
    @lru_cache(maxsize=1 << 16)
    def link(urls: PageURLs, kind: str, page_id: str, title, css_class) -> Markup:
        href = urls.url(kinds[kind].path(page_id))
        if css_class is None:
            return Markup('<a href="{}" data-preview="{}">{}</a>').format(href, page_id, lang_runs(title))
        return Markup('<a class="{}" href="{}" data-preview="{}">{}</a>').format(css_class, href, page_id,
                                                                              lang_runs(title))

    @pass_context
    def page_link(context, page: Page, css_class=None):
        return link(page_urls(context), page.kind, page.id, page.title, css_class)
    return page_link


def page_urls(context) -> PageURLs:
    """The URLs of the page being rendered: every template's context has its site `path` (pages.render_outputs,
    the card renderer); a macro sees it when imported `with context`."""
    config = context["config"]
    return _page_urls(context["path"], config.portable, config.base_url)


_page_urls = lru_cache(maxsize=1 << 16)(PageURLs)


class PageMaps:
    """`maps` for templates: the drawer, with each marker's link (a site path) made relative to the page."""

    def __init__(self, drawer):
        self.drawer = drawer

    def __getattr__(self, name):
        return getattr(self.drawer, name)

    @pass_context
    def figure(self, context, markers, use, prefix, title):
        urls = page_urls(context)
        markers = [{**m, "href": urls.url(m["href"])} if m.get("href") is not None else m for m in markers]
        return self.drawer.figure(markers, use, prefix, title)


def event_people(event, pages, here=None) -> list[str]:
    """The ids of the people an event names, less the page telling it and `here`, that have pages."""
    return [person for person in event.people if person != event.page and person != here and person in pages]


# A folder for Jinja's compiled templates, shared between builds and processes: the test suite sets it (to a
# temporary folder) so its many builds compile each template once, not once per build. Jinja keys each entry by
# the template's name and a hash of its source, so an edited template is compiled again. Unset: no such cache.
TEMPLATE_CACHE_VARIABLE = "TROTSKY_SITE_TEMPLATE_CACHE"


def template_bytecode_cache() -> jinja2.BytecodeCache | None:
    folder = os.environ.get(TEMPLATE_CACHE_VARIABLE)
    return jinja2.FileSystemBytecodeCache(folder) if folder else None


def make_environment(template_dirs: Path | tuple[Path, ...], config, kinds: Registry = KINDS) -> jinja2.Environment:
    """`template_dirs`: a folder, or folders searched in order (a site's own templates over the theme's)."""
    folders = (template_dirs,) if isinstance(template_dirs, Path) else template_dirs
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
        bytecode_cache=template_bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    style = config.date_style
    # Dates are immutable and formatting them is pure: each is formatted once per environment.
    date_html = lru_cache(maxsize=1 << 16)(lambda d: format_date_html(d, style))
    env.filters["date"] = date = lambda d: date_html(d) if d else Markup("")
    env.globals["life_html"] = lambda page: kinds[page.kind].span.describe(
        page, date, lambda start, end: Markup("{} – {}").format(date(start), date(end)), Markup)
    env.filters["date_text"] = lambda d: format_date(d, style) if d else ""
    env.filters["span"] = lambda period: format_span(period[0], period[1], style)
    env.filters["lang"] = lang_runs
    env.filters["years"] = lambda page: life_years(page, kinds[page.kind])
    env.globals["date_range"] = lru_cache(maxsize=1 << 14)(lambda start, end: date_range(start, end, style))
    env.globals["lang_of"] = lang_of
    # Links are relative to the page rendered (paths.PageURLs); only absolute_url needs the base URL.
    env.globals["url"] = pass_context(lambda context, target="": page_urls(context).url(target))
    env.globals["root"] = pass_context(lambda context: page_urls(context).root)
    env.globals["page_url"] = pass_context(lambda context, page: page_urls(context).url(kinds.path_of(page)))
    env.globals["absolute_url"] = lambda path="": absolute_url(config.base_url, path)
    env.globals["page_absolute_url"] = lambda page: absolute_url(config.base_url, kinds.path_of(page))
    env.globals["kinds"] = kinds
    env.globals["offline_zip"] = ZIP_NAME   # written beside the site when config.offline_zip (portable.py)
    env.filters["page_link"] = page_linker(kinds)
    env.filters["event_people"] = event_people
    env.globals["config"] = config
    env.globals["book_file"] = book_file(config.title)   # the EPUB `build` writes beside the home page
    env.globals["place_ref"] = place_ref   # place_ref(site, value, date): the place page and the name of its time
    env.globals["maps"] = PageMaps(install_maps(env))   # `maps.figure(markers, use, prefix, title)`: drawn at build time
    return env
