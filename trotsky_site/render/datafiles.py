"""The files no template makes: people.json and places.json (kinds' data files), events.json and the
sitemap. The search index and the hover previews, in small files, are searchindex.py's.

people.json and events.json are the biography's skeleton for reuse, so their ids must not move:
a person's id is the page id; an event's id is made of what the event says (date, page, title),
never of its position in the timeline, so adding an event does not renumber the others.
"""
from __future__ import annotations

import json
import weakref
from typing import Callable

from ..load.dates import format_date
from ..model.urls import absolute_url, heading_anchor
from .searchindex import preview_files

_last_ids: tuple = (lambda: None, {})   # (weak reference to a site, its event ids): asked for twice a build


def event_ids(site) -> dict:
    """event -> its id, e.g. "e-1917-11-07-return-to-russia-the-october-uprising"; a rare repeat gets -2.
    The site is frozen, so the ids of the site last asked about are kept (for as long as it lives)."""
    global _last_ids
    if _last_ids[0]() is site:
        return _last_ids[1]
    ids, seen = {}, set()
    for event in site.timeline:
        base = f"e-{event.date.iso()}-{event.page}-{heading_anchor(event.title)[:48].strip('-')}"
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        seen.add(candidate)
        ids[event] = candidate
    _last_ids = (weakref.ref(site), ids)
    return ids


def data_files(site, url: Callable[[str], str], rendered=None) -> dict[str, bytes]:
    """events.json, each kind's own data file (people.json; sources.json, from the pages' `rendered`
    citations), and the previews' shards (previews/*.json)."""
    return {**front_matter_files(site, url), **body_files(site, url, rendered)}


def front_matter_files(site, url: Callable[[str], str]) -> dict[str, bytes]:
    """The data files made from front matter alone: events.json, the data files of kinds without their
    own `data` (people.json), the previews' shards."""
    date = _date_of(site.config.date_style)
    files = {kind.data_file: _dump([_entry(page, kind, date, url) for page in site.by_kind[kind.name]])
             for kind in site.kinds if kind.data_file and not kind.data}
    ids = event_ids(site)
    events = [{"id": ids[e], "date": date(e.date), "title": e.title, "people": list(e.people), "place": e.place,
               "page": e.page, "kind": e.kind, "url": url("timeline/") + "#" + ids[e]} for e in site.timeline]
    return {**files, "events.json": _dump(events), **preview_files(site, site.config.date_style)}


def body_files(site, url: Callable[[str], str], rendered=None) -> dict[str, bytes]:
    """The data files of kinds with their own `data`, which may read the pages' Markdown results
    (sources.json: where each work is cited)."""
    return {kind.data_file: _dump(kind.data(site, rendered or {}, url))
            for kind in site.kinds if kind.data_file and kind.data}


def _date_of(style: str):
    def date(d):
        return None if d is None else {"iso": d.iso(), "text": format_date(d, style), "old_style": _os(d),
                                       "place": d.place, "approx": d.approx}
    return date


def _entry(page, kind, date, url) -> dict:
    """One page in its kind's data file: what every page has, its span's dates, and the fields of its
    schema that hold more (a person's roles and relations)."""
    keys = dict(kind.schema)
    entry = {"id": page.id, "name": page.title, "summary": page.summary, "aliases": list(page.aliases),
             "url": url(kind.path(page.id))}
    if "native_name" in keys:
        entry["native_name"] = page.native_name
    if kind.span:
        entry.update({kind.span.start: date(getattr(page, kind.span.start)),
                      kind.span.end: date(getattr(page, kind.span.end))})
    if "roles" in keys:
        entry["roles"] = [{"title": r.title, "from": date(r.start), "to": date(r.end)} for r in page.roles]
    if "coordinates" in keys:   # a place: [lat, lon] or null, its names with their dates, its country
        entry["coordinates"] = list(page.coordinates) if page.coordinates else None
        entry["names"] = [{"name": n.name, "from": date(n.start), "to": date(n.end)}
                          for n in page.historical_names or ()]
        entry["country"] = page.country
    if "relations" in keys:
        entry["relations"] = [{"person": r.person, "type": r.type, "from": date(r.start), "to": date(r.end),
                               "note": r.note} for r in page.relations]
    return entry


def _dump(value) -> bytes:
    """Indented, sorted JSON as UTF-8. (A hand-written writer of the same bytes saved 2% of the CPU time of a
    clean 1,000-page build, under the 5% a piece of machinery must pay: benchmarks/audit.py, issue 14.)"""
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _os(d):
    return "%04d-%02d-%02d" % d.os if d.os else None


def sitemap(site, paths: list[str]) -> bytes:
    base = site.config.base_url
    urls = "".join(f"  <url><loc>{absolute_url(base, p)}</loc></url>\n" for p in sorted(paths))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n").encode("utf-8")
