"""The site model: every page by id, the name index links resolve against, the timeline."""
from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import Mapping

from ..load.bibliography import EMPTY, Bibliography
from ..load.config import SiteConfig
from ..problems import Problem
from .kinds import CHAPTER, KINDS, PERSON, Kind, Registry
from .page import Event, Page
from .places import place_name_index
from .urls import fold, id_problem, suggest_id


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    pages: Mapping[str, Page]
    by_kind: Mapping[str, tuple[Page, ...]]   # kind name -> its pages, in the kind's order
    names: Mapping[str, tuple[str, ...]]   # folded name -> ids it may mean; () for a file that failed to load
    timeline: tuple[Event, ...]
    kinds: Registry = KINDS
    subject: Page | None = None            # the person site.yml's `subject` names
    bibliography: Bibliography = EMPTY   # set by the orchestrator (build.plan_build)
    place_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)   # folded name -> place ids (places.py)

    def suggest(self, text: str) -> str | None:
        close = difflib.get_close_matches(fold(text), [k for k, ids in self.names.items() if ids], n=1, cutoff=0.6)
        return self.names[close[0]][0] if close else None

    def kind_of(self, page: Page) -> Kind:
        return self.kinds[page.kind]

    def path_of(self, page: Page) -> str:
        """Site-relative path of a page: 'people/bukharin/'."""
        return self.kinds[page.kind].path(page.id)

    # The two kinds features belong to: a chapter's reading order, a person's relations and events.
    @property
    def chapters(self) -> tuple[Page, ...]:
        return self.by_kind.get(CHAPTER.name, ())

    @property
    def people(self) -> tuple[Page, ...]:
        return self.by_kind.get(PERSON.name, ())


def build_site(pages: list[Page], config: SiteConfig, earlier: list[Problem] = (),
               kinds: Registry = KINDS) -> tuple[Site, list[Problem]]:
    """`earlier`: the problems met while loading, so that a page whose file failed to load is
    named as such by links and relations, instead of as a page that does not exist."""
    problems: list[Problem] = []
    by_id: dict[str, Page] = {}
    for page in sorted(pages, key=lambda p: (p.id, p.shown)):
        if page.id in by_id:
            first = by_id[page.id]
            problems.append(Problem(page.shown, None, "content.duplicate-id",
                                    f"the id '{page.id}' is already used by {first.shown}",
                                    "ids are unique across all folders; rename one of the files"))
            continue
        by_id[page.id] = page
    failed = failed_ids(earlier, by_id, kinds)
    names, more = _name_index(by_id, kinds)
    for page_id in failed:
        names.setdefault(fold(page_id), ())
    problems += more
    problems += _check_orders(by_id)
    problems += _check_references(by_id, failed)
    subject, more = _subject(config, by_id, failed)
    problems += more
    by_kind = {kind.name: tuple(sorted((p for p in by_id.values() if p.kind == kind.name), key=kind.sort_key))
               for kind in kinds}
    site = Site(config=config, pages=MappingProxyType(by_id), by_kind=MappingProxyType(by_kind),
                names=MappingProxyType(names), timeline=build_timeline(by_id.values(), kinds), kinds=kinds,
                subject=subject, place_names=MappingProxyType(place_name_index(by_id.values())))
    return site, problems


def _subject(config: SiteConfig, by_id: dict[str, Page], failed: frozenset) -> tuple[Page | None, list[Problem]]:
    """The person site.yml's `subject` names: the biography's subject, whose circle the site draws."""
    if not config.subject or config.subject in failed:
        return None, []
    found = by_id.get(config.subject)
    if found is not None and found.kind == PERSON.name:
        return found, []
    where, line = f"{config.shown}", config.line_of("subject")
    if found is not None:
        return None, [Problem(where, line, "config.unknown-subject",
                              f"subject '{config.subject}' is a {found.kind}, not a person",
                              "name the person the biography is about, by the id of their page")]
    people = [p for p in by_id if by_id[p].kind == PERSON.name]
    close = difflib.get_close_matches(config.subject, people, n=1)
    return None, [Problem(where, line, "config.unknown-subject", f"subject '{config.subject}' is not a person page",
                          f"did you mean '{close[0]}'?" if close else
                          "name the person the biography is about, by the id of their page in people/")]


def _name_index(by_id: dict[str, Page], kinds: Registry = KINDS) -> tuple[dict, list[Problem]]:
    problems = []
    names: dict[str, list[str]] = {}
    # ids and aliases must be unique: folded name -> (owning id, "the id" or "an alias")
    declared: dict[str, tuple[str, str]] = {fold(page_id): (page_id, "the id") for page_id in by_id}
    for page in by_id.values():
        for i, alias in enumerate(page.aliases):
            key = fold(alias)
            owner, what = declared.get(key, (None, ""))
            if owner is not None and owner != page.id:
                problems.append(Problem(page.shown, page.line_of("aliases", i), "content.duplicate-alias",
                                        f"the alias '{alias}' is already {what} of '{owner}'",
                                        "remove the alias from one of the two pages; an alias must name one page"))
                continue
            declared.setdefault(key, (page.id, "an alias"))
    for page in by_id.values():
        for name in page.names if kinds[page.kind].linked_by_name else (page.id,):
            ids = names.setdefault(fold(name), [])
            if page.id not in ids:
                ids.append(page.id)
    return {k: tuple(sorted(v)) for k, v in names.items()}, problems


def _check_orders(by_id: dict[str, Page]) -> list[Problem]:
    problems, seen = [], {}
    for page in sorted(by_id.values(), key=lambda p: p.id):
        if page.kind != CHAPTER.name:
            continue
        if page.order in seen:
            problems.append(Problem(page.shown, page.line_of("order"), "chapter.duplicate-order",
                                    f"order {page.order} is already used by {seen[page.order].shown}",
                                    "give every chapter its own `order`"))
        seen.setdefault(page.order, page)
    return problems


def failed_ids(earlier, by_id, kinds: Registry = KINDS) -> frozenset[str]:
    """Ids of page files that were found but did not load (their own problems say why)."""
    failed, folders = set(), kinds.folders
    for problem in earlier:
        path = PurePosixPath(problem.shown)
        if len(path.parts) < 2 or path.parts[-2] not in folders or path.suffix != ".md":
            continue
        stem = unicodedata.normalize("NFC", path.stem)
        page_id = suggest_id(stem) if id_problem(stem) else stem    # `Bukharin.md` is meant as bukharin
        if page_id not in by_id and not id_problem(page_id):
            failed.add(page_id)
    return frozenset(failed)


def _unknown(page: Page, line, code: str, what: str, person: str, by_id) -> Problem:
    target = by_id.get(person)
    if target is not None:
        return Problem(page.shown, line, code, f"{what} '{person}' is a {target.kind}, not a person",
                       "only person pages can be named here")
    people = [p for p in by_id if by_id[p].kind == PERSON.name]
    close = difflib.get_close_matches(person, people, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "create the page with `python build.py new person \"Name\"`"
    return Problem(page.shown, line, code, f"{what} '{person}' is not a person page", hint)


def _check_references(by_id: dict[str, Page], failed: frozenset = frozenset()) -> list[Problem]:
    problems = []
    for page in by_id.values():
        for relation in page.relations:
            target = by_id.get(relation.person)
            if relation.person not in failed and (target is None or target.kind != PERSON.name):
                problems.append(_unknown(page, relation.line, "relation.unknown-person", "relation to",
                                         relation.person, by_id))
        for i, event in enumerate(page.events):
            for person in event.people:
                target = by_id.get(person)
                if person not in failed and (target is None or target.kind != PERSON.name):
                    problems.append(_unknown(page, page.line_of("events", i, "people"), "event.unknown-person",
                                             "event person", person, by_id))
    return problems


def build_timeline(pages, kinds: Registry = KINDS) -> tuple[Event, ...]:
    events = []
    for page in pages:
        events += [replace(event, page=page.id) for event in page.events]
        for dated in kinds[page.kind].timeline:     # born, died, ...: the page's own dates
            date = getattr(page, dated.field, None)
            if date:
                events.append(Event(date, f"{page.title} {dated.verb}", (page.id,), date.place, page.id,
                                    kind=dated.event, verb=dated.verb))
    return tuple(sorted(events, key=lambda e: (e.date.sort_key(), e.kind != "event", e.title, e.page)))
