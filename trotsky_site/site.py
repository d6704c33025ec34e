"""The site model: every page by id, the name index links resolve against, the timeline."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping

from .config import SiteConfig
from .model import Event, Page
from .paths import fold
from .problems import Problem



@dataclass(frozen=True)
class Site:
    config: SiteConfig
    pages: Mapping[str, Page]
    chapters: tuple[Page, ...]
    people: tuple[Page, ...]
    topics: tuple[Page, ...]
    organisations: tuple[Page, ...]
    names: Mapping[str, tuple[str, ...]]   # folded name -> ids it may mean
    timeline: tuple[Event, ...]

    def suggest(self, text: str) -> str | None:
        close = difflib.get_close_matches(fold(text), list(self.names), n=1, cutoff=0.6)
        return self.names[close[0]][0] if close else None


def surname_key(page: Page) -> tuple:
    return (fold(page.sort_name), fold(page.title))


def build_site(pages: list[Page], config: SiteConfig) -> tuple[Site, list[Problem]]:
    problems: list[Problem] = []
    by_id: dict[str, Page] = {}
    for page in sorted(pages, key=lambda p: (p.id, p.source)):
        if page.id in by_id:
            first = by_id[page.id]
            problems.append(Problem(page.source, None, "content.duplicate-id",
                                    f"the id '{page.id}' is already used by {first.source}",
                                    "ids are unique across all folders; rename one of the files"))
            continue
        by_id[page.id] = page
    names, more = _name_index(by_id)
    problems += more
    problems += _check_orders(by_id)
    problems += _check_references(by_id)
    chapters = tuple(sorted((p for p in by_id.values() if p.kind == "chapter"), key=lambda p: (p.order, p.id)))
    site = Site(
        config=config,
        pages=MappingProxyType(by_id),
        chapters=chapters,
        people=tuple(sorted((p for p in by_id.values() if p.kind == "person"), key=surname_key)),
        topics=tuple(sorted((p for p in by_id.values() if p.kind == "topic"), key=lambda p: fold(p.title))),
        organisations=tuple(sorted((p for p in by_id.values() if p.kind == "organisation"),
                                   key=lambda p: fold(p.title))),
        names=MappingProxyType(names),
        timeline=build_timeline(by_id.values()),
    )
    return site, problems


def _name_index(by_id: dict[str, Page]) -> tuple[dict, list[Problem]]:
    problems = []
    names: dict[str, list[str]] = {}
    declared: dict[str, str] = {fold(page_id): page_id for page_id in by_id}   # ids and aliases: must be unique
    for page in by_id.values():
        for alias in page.aliases:
            key = fold(alias)
            owner = declared.get(key)
            if owner is not None and owner != page.id:
                problems.append(Problem(page.source, page.line_of("aliases"), "content.duplicate-alias",
                                        f"the alias '{alias}' is already the id or an alias of '{owner}'",
                                        "remove the alias from one of the two pages"))
                continue
            declared[key] = page.id
    for page in by_id.values():
        for name in page.names:
            ids = names.setdefault(fold(name), [])
            if page.id not in ids:
                ids.append(page.id)
    return {k: tuple(sorted(v)) for k, v in names.items()}, problems


def _check_orders(by_id: dict[str, Page]) -> list[Problem]:
    problems, seen = [], {}
    for page in sorted(by_id.values(), key=lambda p: p.id):
        if page.kind != "chapter":
            continue
        if page.order in seen:
            problems.append(Problem(page.source, page.line_of("order"), "chapter.duplicate-order",
                                    f"order {page.order} is already used by {seen[page.order].source}",
                                    "give every chapter its own `order`"))
        seen.setdefault(page.order, page)
    return problems


def _unknown(page: Page, line, code: str, what: str, person: str, by_id) -> Problem:
    people = [p for p in by_id if by_id[p].kind == "person"]
    close = difflib.get_close_matches(person, people, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "create the page with `python build.py new person \"Name\"`"
    return Problem(page.source, line, code, f"{what} '{person}' is not a person page", hint)


def _check_references(by_id: dict[str, Page]) -> list[Problem]:
    problems = []
    for page in by_id.values():
        for i, relation in enumerate(page.relations):
            target = by_id.get(relation.person)
            if target is None or target.kind != "person":
                problems.append(_unknown(page, relation.line, "relation.unknown-person", "relation to",
                                         relation.person, by_id))
        for i, event in enumerate(page.events):
            for person in event.people:
                target = by_id.get(person)
                if target is None or target.kind != "person":
                    problems.append(_unknown(page, page.line_of("events", i, "people"), "event.unknown-person",
                                             "event person", person, by_id))
    return problems


def build_timeline(pages) -> tuple[Event, ...]:
    events = []
    for page in pages:
        events += [replace(event, page=page.id) for event in page.events]
        if page.kind == "person":
            if page.born:
                events.append(Event(page.born, f"{page.title} is born", (page.id,), page.born.place, page.id,
                                    kind="birth"))
            if page.died:
                events.append(Event(page.died, f"{page.title} dies", (page.id,), page.died.place, page.id,
                                    kind="death"))
    return tuple(sorted(events, key=lambda e: (e.date.sort_key(), e.kind != "event", e.title, e.page)))
