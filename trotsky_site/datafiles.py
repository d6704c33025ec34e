"""The files no template makes: people.json, events.json, previews.json, search.json and the sitemap.

people.json and events.json are the biography's skeleton for reuse, so their ids must not move:
a person's id is the page id; an event's id is made of what the event says (date, page, title),
never of its position in the timeline, so adding an event does not renumber the others.
"""
from __future__ import annotations

import html as html_lib
import json
import re
import weakref
from json.encoder import encode_basestring as _string   # C-accelerated where available
from typing import Callable

from .dates import format_date, format_span
from .paths import absolute_url, heading_anchor, page_path
from .templates import lang_of

_TAGS = re.compile(r"<[^>]+>")


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
    """json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + newline, as UTF-8.

    The standard library writes indented JSON through its pure-Python encoder, a generator per level;
    _indented writes the same characters for the values these files hold (dicts with string keys,
    lists, strings, numbers, booleans, None) in a third of the time, and falls back to json.dumps
    for anything else."""
    out: list[str] = []
    try:
        _indented(value, "\n", out)
    except _Unusual:
        return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    out.append("\n")
    return "".join(out).encode("utf-8")


class _Unusual(Exception):
    """A value _indented leaves to json.dumps."""


_SCALARS = {True: "true", False: "false", None: "null"}


def _indented(value, newline: str, out: list) -> None:
    kind = type(value)
    if kind is str:
        out.append(_string(value))
    elif value is None or value is True or value is False:
        out.append(_SCALARS[value])
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + " "
        separator = "{" + inner
        for key in sorted(value):
            if type(key) is not str:
                raise _Unusual
            out.append(separator)
            out.append(_string(key))
            out.append(": ")
            _indented(value[key], inner, out)
            separator = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + " "
        separator = "[" + inner
        for item in value:
            out.append(separator)
            _indented(item, inner, out)
            separator = "," + inner
        out.append(newline + "]")
    else:   # floats (nan, inf), subclasses, other types: json.dumps knows their rules
        raise _Unusual


def search_index(site, rendered, url: Callable[[str], str]) -> bytes:
    """search.json for static/search.js: names, titles, summaries and the plain text of every page."""
    # The same bytes as json.dumps(entries, separators=(",", ":")) of the whole list, made entry by entry:
    # the plain text of every page is in it, so holding all of it as str, then as one JSON str, then
    # as bytes took several times the size of the file at once.
    parts = [b"["]
    for page in sorted(site.pages.values(), key=lambda p: (p.kind != "person", p.id)):
        text = html_lib.unescape(_TAGS.sub(" ", rendered[page.id].html)) if page.id in rendered else ""
        entry = {"id": page.id, "kind": page.kind, "title": page.title, "summary": page.summary,
                 "names": [n for n in page.names if n], "url": url(page_path(page.kind, page.id)),
                 "text": " ".join(text.split())}
        if len(parts) > 1:
            parts.append(b",")
        parts.append(json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    parts.append(b"]\n")
    return b"".join(parts)


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
