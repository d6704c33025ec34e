"""The Jinja2 environment: autoescape everywhere, StrictUndefined, date, language and URL helpers."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .dates import format_date, format_date_html, format_span
from .kinds import KINDS, Registry
from .map_views import install_maps
from .markdown_ext import CYRILLIC_RUN
from .paths import absolute_url, base_path, book_file
from .places import place_ref

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


def life_years(page, kind) -> str:
    """Compact life dates for lists, from the kind's span: "1879–1940", "born 1913", "died 1923"."""
    if kind.span is None:
        return ""
    return kind.span.describe(page, lambda d: str(d.year), lambda start, end: f"{start.year}–{end.year}")


def page_linker(root: str, kinds: Registry):
    """The `page_link` filter: `page | page_link("css-class")` is the same HTML as
    <a class="css-class" href="{{ page_url(page) }}" data-preview="{{ page.id }}">{{ page.title | lang }}</a>
    (no class attribute without a class), made once per page and title, as pages link to a few pages many times."""
    @lru_cache(maxsize=1 << 16)
    def link(kind: str, page_id: str, title, css_class) -> Markup:
        href = root + kinds[kind].path(page_id)
        if css_class is None:
            return Markup('<a href="{}" data-preview="{}">{}</a>').format(href, page_id, lang_runs(title))
        return Markup('<a class="{}" href="{}" data-preview="{}">{}</a>').format(css_class, href, page_id,
                                                                              lang_runs(title))
    return lambda page, css_class=None: link(page.kind, page.id, page.title, css_class)


def event_people(event, pages, here=None) -> list[str]:
    """The ids of the people an event names, less the page telling it and `here`, that have pages."""
    return [person for person in event.people if person != event.page and person != here and person in pages]


def make_environment(template_dirs: Path | tuple[Path, ...], config, kinds: Registry = KINDS) -> jinja2.Environment:
    """`template_dirs`: a folder, or folders searched in order (a site's own templates over the theme's)."""
    folders = (template_dirs,) if isinstance(template_dirs, Path) else template_dirs
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
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
    root = base_path(config.base_url)   # the config is frozen: url_for's prefix, worked out once
    env.globals["url"] = lambda path="": root + path.lstrip("/")
    env.globals["absolute_url"] = lambda path="": absolute_url(config.base_url, path)
    env.globals["page_url"] = lambda page: root + kinds.path_of(page)
    env.globals["page_absolute_url"] = lambda page: absolute_url(config.base_url, kinds.path_of(page))
    env.globals["kinds"] = kinds
    env.filters["page_link"] = page_linker(root, kinds)
    env.filters["event_people"] = event_people
    env.globals["config"] = config
    env.globals["book_file"] = book_file(config.title)   # the EPUB `build` writes beside the home page
    env.globals["place_ref"] = place_ref   # place_ref(site, value, date): the place page and the name of its time
    install_maps(env)   # `maps.figure(markers, use, prefix, title)`: maps drawn at build time
    return env
