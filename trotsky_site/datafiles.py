"""The files no template makes: people.json, events.json, previews.json, search.json and the sitemap.

people.json and events.json are the biography's skeleton for reuse, so their ids must not move:
a person's id is the page id; an event's id is made of what the event says (date, page, title),
never of its position in the timeline, so adding an event does not renumber the others.
"""
from __future__ import annotations

import html as html_lib
import json
import re
from typing import Callable

from .dates import format_date, format_span
from .paths import absolute_url, heading_anchor, page_path
from .templates import lang_of

_TAGS = re.compile(r"<[^>]+>")


def event_ids(site) -> dict:
    """event -> its id, e.g. "e-1917-11-07-return-to-russia-the-october-uprising"; a rare repeat gets -2."""
    ids, seen = {}, set()
    for event in site.timeline:
        base = f"e-{event.date.iso()}-{event.page}-{heading_anchor(event.title)[:48].strip('-')}"
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        seen.add(candidate)
        ids[event] = candidate
    return ids


def data_files(site, url: Callable[[str], str]) -> dict[str, bytes]:
    """people.json, events.json and previews.json."""
    style = site.config.date_style

    def date(d):
        return None if d is None else {"iso": d.iso(), "text": format_date(d, style), "old_style": _os(d),
                                       "place": d.place, "approx": d.approx}

    people = [{"id": p.id, "name": p.title, "native_name": p.native_name, "aliases": list(p.aliases),
               "summary": p.summary, "born": date(p.born), "died": date(p.died),
               "url": url(page_path(p.kind, p.id)),
               "roles": [{"title": r.title, "from": date(r.start), "to": date(r.end)} for r in p.roles],
               "relations": [{"person": r.person, "type": r.type, "from": date(r.start), "to": date(r.end),
                              "note": r.note} for r in p.relations]} for p in site.people]
    ids = event_ids(site)
    events = [{"id": ids[e], "date": date(e.date), "title": e.title, "people": list(e.people), "place": e.place,
               "page": e.page, "kind": e.kind, "url": url("timeline/") + "#" + ids[e]} for e in site.timeline]
    previews = {p.id: {"title": p.title, "kind": p.kind, "native_name": p.native_name,
                       "native_lang": lang_of(p.native_name), "summary": p.summary,
                       "dates": _life_text(p, style), "url": url(page_path(p.kind, p.id))}
                for p in site.pages.values()}
    return {"people.json": _dump(people), "events.json": _dump(events), "previews.json": _dump(previews)}


def _dump(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def search_index(site, rendered, url: Callable[[str], str]) -> bytes:
    """search.json for static/search.js: names, titles, summaries and the plain text of every page."""
    entries = []
    for page in sorted(site.pages.values(), key=lambda p: (p.kind != "person", p.id)):
        text = html_lib.unescape(_TAGS.sub(" ", rendered[page.id].html)) if page.id in rendered else ""
        entries.append({"id": page.id, "kind": page.kind, "title": page.title, "summary": page.summary,
                        "names": [n for n in page.names if n], "url": url(page_path(page.kind, page.id)),
                        "text": " ".join(text.split())})
    return (json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _os(d):
    return "%04d-%02d-%02d" % d.os if d.os else None


def _life_text(page, style) -> str:
    if page.kind == "chapter" and page.period:
        return format_span(page.period[0], page.period[1], style)
    start, end = (page.born, page.died) if page.kind == "person" else (page.founded, page.dissolved)
    if start and end:
        return format_span(start, end, style)
    words = ("born", "died") if page.kind == "person" else ("founded", "dissolved")
    if start:
        return f"{words[0]} {format_date(start, style)}"
    return f"{words[1]} {format_date(end, style)}" if end else ""


def sitemap(site, paths: list[str]) -> bytes:
    base = site.config.base_url
    urls = "".join(f"  <url><loc>{absolute_url(base, p)}</loc></url>\n" for p in sorted(paths))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n").encode("utf-8")
