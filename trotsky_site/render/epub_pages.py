"""The pages the e-book makes itself, as HTML with the site's links (epub_xhtml points them into the book)."""
from __future__ import annotations

from typing import TYPE_CHECKING
from collections import defaultdict

from markupsafe import Markup

from ..load.dates import format_date_html
from ..model.places import place_ref
from ..model.urls import base_path
from .outputs import timeline_anchors
from .templates import lang_runs

if TYPE_CHECKING:
    from ..model.page import Page
    from ..model.site import Site


def title_page(config) -> Markup:
    html = Markup('<h1 class="book-title">{}</h1>').format(lang_runs(config.title))
    if config.subtitle:
        html += Markup('<p class="book-subtitle">{}</p>').format(lang_runs(config.subtitle))
    if config.author:
        html += Markup('<p class="book-author">{}</p>').format(lang_runs(config.author))
    if config.description:
        html += Markup('<p class="book-description">{}</p>').format(lang_runs(config.description))
    if config.licence:
        html += Markup('<p class="book-licence">{}</p>').format(lang_runs(config.licence))
    return html


def _link(site: Site, page: Page) -> Markup:
    return Markup('<a href="{}">{}</a>').format(base_path(site.config.base_url) + site.path_of(page),
                                                lang_runs(page.title))


def _native(page: Page) -> Markup:
    if not page.native_name:
        return Markup("")
    return Markup(' <span class="native-name">{}</span>').format(lang_runs(page.native_name))


def _life(site: Site, page: Page) -> Markup:
    """Born and died, each date in both calendars, with the place as it was then called."""
    style, parts = site.config.date_style, []
    for word, date in (("born", page.born), ("died", page.died)):
        if date is not None:
            where = place_ref(site, date.place, date)
            part = Markup("{} {}").format(word, format_date_html(date, style))
            parts.append(part + (Markup(", {}").format(lang_runs(where.name)) if where else Markup("")))
    return Markup("; ").join(parts)


def profile_header(site: Site, person) -> Markup:
    html = Markup("<h1>{}</h1>").format(lang_runs(person.title))
    if person.native_name:
        html += Markup('<p class="native-name">{}</p>').format(lang_runs(person.native_name))
    life = _life(site, person)
    if life:
        html += Markup('<p class="life">{}</p>').format(life)
    return html + Markup('<p class="summary">{}</p>').format(lang_runs(person.summary))


def glossary_page(site: Site, files: dict[str, str]) -> Markup:
    entries = []
    for person in site.people:
        path = site.path_of(person)
        more = Markup(' <a href="{}">Profile →</a>').format(base_path(site.config.base_url) + path) \
            if files.get(path, "").startswith("profile-") else Markup("")
        life = _life(site, person)
        entries.append(Markup('<dt id="{}"><b>{}</b>{}</dt>\n<dd>{}{}{}</dd>\n').format(
            person.id, lang_runs(person.title), _native(person),
            Markup('<span class="life">{}.</span> ').format(life) if life else Markup(""),
            lang_runs(person.summary), more))
    return Markup("<h1>People</h1>\n<dl class=\"glossary\">\n{}</dl>").format(Markup("").join(entries))


def _event(site: Site, event) -> Markup:
    told = site.pages.get(event.page)
    if event.verb and told:
        title = Markup("{} {}").format(_link(site, told), event.verb)
    else:
        title = lang_runs(event.title)
    where = place_ref(site, event.place or event.date.place, event.date)
    html = Markup('<span class="event-date">{}</span> {}').format(format_date_html(event.date, site.config.date_style),
                                                                  title)
    if where:
        html += Markup(" ({})").format(lang_runs(where.name))
    meta = []
    if told and event.kind == "event":
        meta.append(Markup("told in {}").format(_link(site, told)))
    people = [site.pages[p] for p in event.people if p != event.page and p in site.pages]
    if people:
        meta.append(Markup("with {}").format(Markup(", ").join(_link(site, p) for p in people)))
    if meta:
        html += Markup(' <span class="event-meta">— {}</span>').format(Markup("; ").join(meta))
    return html


def timeline_page(site: Site, linked_dates: set[str]) -> Markup:
    """Year by year, with an anchor for every date a [[date]] link names, where that day falls."""
    before = timeline_anchors(site, linked_dates)
    years: dict[int, list[Markup]] = defaultdict(list)
    pending: list[str] = []
    for index, event in enumerate(site.timeline):
        spans = Markup("").join(Markup('<span id="{}"></span>').format(a) for a in pending + before.get(index, []))
        pending = []
        years[event.date.year].append(Markup("<li>{}{}</li>").format(spans, _event(site, event)))
    html = Markup('<h1>Timeline</h1>\n<p class="note">Russian dates before February 1918 are shown in the New Style '
                  '(Gregorian) calendar with the Old Style (Julian) date in brackets.</p>\n')
    for year in sorted(years):
        html += Markup('<section class="year"><h2 id="year-{}">{}</h2>\n<ul class="events">\n{}</ul></section>\n').format(
            year, year, Markup("\n").join(years[year]))
    trailing = before.get(len(site.timeline), [])
    if trailing:   # dates linked after the last event
        html += Markup('<p class="anchors">{}</p>').format(
            Markup("").join(Markup('<span id="{}"></span>').format(a) for a in trailing))
    return html


def bibliography_page() -> Markup:
    """The heading and an empty list, which epub.make_epub fills with the entries the book cites."""
    return Markup('<h1>Bibliography</h1>\n<ul class="bibliography">\n</ul>')
