"""Places: the `place` of every date matched to a place page, the name a place bore on a date, what
happened where, the markers a map draws, and the subject's journey.

A place value (`place: Petrograd` in a date or an event) names a page of the `place` kind when it
equals, folded as link targets are, one of that page's names: its id, name, aliases, native name or
historical names. Only places are matched, so the topic alias "Kronstadt" never captures the town.
A value that names no place stays text, and `check` lists it as a note.

The maps are drawn elsewhere (trotsky_site/maps/); this module gives them plain data: a marker is
a dict {id, name, lat, lon, href}, and a journey is a tuple of `Stop`.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterator, TYPE_CHECKING

from ..load.dates import HistDate
from ..problems import Problem
from .kinds import PERSON, PLACE
from .page import Event, Page
from .urls import fold

if TYPE_CHECKING:
    from collections.abc import Mapping
    from ..render.markdown import Rendered
    from .site import Site


@dataclass(frozen=True)
class PlaceRef:
    """A place value as an event shows it: the place page it names (or None) and the name to show."""
    page: Page | None
    name: str


@dataclass(frozen=True)
class Stop:
    """One stop of the journey: consecutive events at one place, merged."""
    number: int
    place: Page | None         # None: the value names no place page (shown as text, no marker)
    name: str                  # the place's name at the first event of the stop
    start: HistDate
    end: HistDate
    events: tuple[Event, ...]
    marker: dict | None        # as in `markers`, with the stop's number; None without coordinates


def place_name_index(pages) -> dict[str, tuple[str, ...]]:
    """Folded name -> ids of the place pages that bear it (every name of theirs, historical ones too)."""
    names: dict[str, list[str]] = {}
    for page in pages:
        if page.kind != PLACE.name:
            continue
        for name in page.names:
            ids = names.setdefault(fold(name), [])
            if page.id not in ids:
                ids.append(page.id)
    return {key: tuple(sorted(ids)) for key, ids in names.items()}


def event_place(event: Event) -> str | None:
    """An event's place: its own `place`, or the place its date carries."""
    return event.place or event.date.place


def resolve(site: Site, value: str | None) -> Page | None:
    """The place page a place value names, or None (no place, or several: the note says which)."""
    if not value:
        return None
    ids = site.place_names.get(fold(value), ())
    return site.pages[ids[0]] if len(ids) == 1 else None


def name_at(place: Page, date: HistDate | None) -> str | None:
    """The name the place bore on `date`, from its historical names; None when they do not say."""
    if date is None:
        return None
    for historical in place.get("historical_names", ()):
        if historical.covers(date):
            return historical.name
    return None


def place_ref(site: Site, value: str | None, date: HistDate | None = None) -> PlaceRef | None:
    """What an event shows for its place: Petrograd in 1917 and Leningrad in 1925, linked to the page."""
    if not value:
        return None
    page = resolve(site, value)
    if page is None:
        return PlaceRef(None, value)
    shown = name_at(page, date) or (page.title if fold(value) == page.id else value)
    return PlaceRef(page, shown)


def events_by_place(site: Site) -> dict[str, tuple[Event, ...]]:
    """Place id -> the timeline events (events, births, deaths from every page) at it, in date order."""
    found: dict[str, list[Event]] = {}
    for event in site.timeline:
        place = resolve(site, event_place(event))
        if place is not None:
            found.setdefault(place.id, []).append(event)
    return {k: tuple(v) for k, v in found.items()}


def marker(site: Site, place: Page | None) -> dict | None:
    """{id, name, lat, lon, href} for a place with coordinates (href: its site path, which templates' `maps`
    makes relative to the page showing the map); None otherwise."""
    if place is None or not place.get("coordinates"):
        return None
    lat, lon = place.coordinates
    return {"id": place.id, "name": place.title, "lat": lat, "lon": lon,
            "href": site.path_of(place)}


def markers_of(site: Site, events) -> list[dict]:
    """The markers of the places of `events`, each once, in the order of their first event."""
    seen: dict[str, dict] = {}
    for event in events:
        place = resolve(site, event_place(event))
        if place is not None and place.id not in seen and (found := marker(site, place)):
            seen[place.id] = found
    return list(seen.values())


def place_page_context(site: Site, place: Page, at_place: dict, filing: dict) -> dict:
    """What a place page shows beyond its text: what happened there, and who was there."""
    events = at_place.get(place.id, ())
    people = dict.fromkeys(person for event in events for person in (*event.people, event.page)
                           if person in site.pages and site.pages[person].kind == PERSON.name)
    found = marker(site, place)
    return {"place_events": events, "place_people": [site.pages[i] for i in sorted(people, key=filing.__getitem__)],
            "markers": [found] if found else []}


def context(site: Site, rendered: Mapping[str, Rendered]) -> dict[str, dict]:
    """The places kind's `context` hook: each place page's events, people and marker; the index's ("")."""
    at_place = events_by_place(site)
    filing = {person.id: i for i, person in enumerate(site.people)}   # sorted by surname_key already
    found = {page.id: place_page_context(site, page, at_place, filing) for page in site.by_kind.get(PLACE.name, ())}
    return {**found, "": index_context(site, at_place)}


def index_context(site: Site, at_place: dict) -> dict:
    """The places index: how many events each place has, and every marker."""
    places = site.by_kind.get(PLACE.name, ())
    return {"event_counts": {p.id: len(at_place.get(p.id, ())) for p in places},
            "markers": [m for m in (marker(site, p) for p in places) if m]}


def journey(site: Site) -> tuple[Stop, ...]:
    """The subject's dated events that have a place (those that name the subject among their `people`, up to
    the subject's death), in date order, consecutive events at one place merged into one numbered stop.
    Empty without a subject."""
    if site.subject is None:
        return ()
    runs: list[list] = []   # [key, place, events]
    died = site.subject.died.sort_key() if site.subject.died else None
    for event in site.timeline:
        value = event_place(event)
        if not value or site.subject.id not in event.people or (died and event.date.sort_key() > died):
            continue   # a journey ends with its traveller: no posthumous rehabilitations
        place = resolve(site, value)
        key = place.id if place else fold(value)
        if runs and runs[-1][0] == key:
            runs[-1][2].append(event)
        else:
            runs.append([key, place, [event]])
    stops = []
    for number, (_, place, events) in enumerate(runs, 1):
        first = events[0]
        ref = place_ref(site, event_place(first), first.date)
        found = marker(site, place)
        stops.append(Stop(number, place, ref.name, first.date, events[-1].date, tuple(events),
                          {**found, "number": number} if found else None))
    return tuple(stops)


def journey_markers(stops) -> list[dict]:
    """The journey's markers in order, one per stop with coordinates (a place visited twice has two)."""
    return [stop.marker for stop in stops if stop.marker]


def dated_places(page: Page) -> Iterator[tuple[str, tuple]]:
    """(place value, where in the front matter) for every date of a page that carries a place."""
    for i, event in enumerate(page.events):
        if event.place:
            yield event.place, ("events", i, "place")
        elif event.date.place:
            yield event.date.place, ("events", i, "date")
    for key in ("born", "died", "founded", "dissolved"):
        date = getattr(page, key, None)
        if date is not None and date.place:
            yield date.place, (key,)
    if page.period:
        for key, date in zip(("start", "end"), page.period):
            if date.place:
                yield date.place, ("period", key)
    for group in ("roles", "relations"):
        for i, item in enumerate(getattr(page, group)):
            for key, date in (("from", item.start), ("to", item.end)):
                if date is not None and date.place:
                    yield date.place, (group, i, key)


def place_notes(site: Site) -> list[Problem]:
    """A note for every place value that names no place page (or several), with a did-you-mean."""
    if PLACE.name not in site.kinds:
        return []
    notes, names = [], sorted(site.place_names)
    for page in site.pages.values():
        for value, where in dated_places(page):
            ids = site.place_names.get(fold(value), ())
            if len(ids) == 1:
                continue
            line = page.line_of(*where)
            if ids:
                notes.append(Problem(page.shown, line, "place.ambiguous", f"the place '{value}' may mean any of: "
                                     f"{', '.join(ids)}", "give the place's own name or id", "note"))
                continue
            close = difflib.get_close_matches(fold(value), names, n=1, cutoff=0.75)
            hint = (_did_you_mean(site, close[0]) if close else
                    "it stays plain text; add a page in content/places/ if the place matters to the story")
            notes.append(Problem(page.shown, line, "place.unmatched", f"the place '{value}' has no page", hint,
                                 "note"))
    return sorted(notes, key=Problem.sort_key)


def _did_you_mean(site: Site, folded: str) -> str:
    """"did you mean 'New York City' (new-york-city)?": the name as its page writes it, and the page."""
    page = site.pages[site.place_names[folded][0]]
    name = next((n for n in page.names if fold(n) == folded), page.title)
    return f"did you mean '{name}' ({page.id})?" if name != page.id else f"did you mean '{page.title}' ({page.id})?"
