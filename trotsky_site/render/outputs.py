"""Template contexts for every output file, rendered into {site path: bytes}."""
from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from ..model.citations import cited_works
from ..load.dates import parse_date_reference
from .datafiles import data_files, event_ids, sitemap
from ..model import places
from ..model.kinds import FIXED_NAV, PERSON, index_letter
from ..model.urls import output_name, url_for
from ..problems import Problem

# A relation's `type` says what the other person was to the page's person: on Lenin's page
# {person: krupskaya, type: spouse} means Krupskaya was Lenin's spouse; {person: x, type: child}
# means x was his child. Seen from x's page, the same relation reads through INVERSE: Lenin was x's parent.
INVERSE = {"parent": "child", "child": "parent", "grandparent": "grandchild", "grandchild": "grandparent",
           "deputy": "superior", "superior": "deputy", "mentor": "follower", "follower": "mentor",
           "assassin": "victim", "victim": "assassin", "host": "guest", "protector": "protégé"}
RELATION_GROUPS = {  # type -> heading on the circle page, in the order shown
    "spouse": "Spouses", "partner": "Partners", "parent": "Parents", "child": "Children",
    "grandparent": "Grandparents", "grandchild": "Grandchildren", "sibling": "Siblings",
    "friend": "Friends", "ally": "Allies", "colleague": "Colleagues", "superior": "Superiors",
    "deputy": "Deputies", "mentor": "Mentors", "follower": "Followers", "protector": "Protectors",
    "protégé": "Protégés", "host": "Hosts", "guest": "Guests", "rival": "Rivals", "opponent": "Opponents",
    "assassin": "Assassins", "victim": "Victims"}


@dataclass(frozen=True)
class PageOutput:
    path: str          # site path, e.g. "people/bukharin/"
    template: str
    context: dict
    shown: str         # the file it is made from, as messages show it
    listed: bool = True   # in the sitemap
    body: str | None = None   # the page's HTML, shown as `body`: made Markup only while rendering, so
    # the plan holds no second copy of every page (Markup(str) copies the string)
    reads: object = None   # what the context takes from Markdown results other than the page's own
    # (backlinks, citing pages, linked dates): part of the file's key in build/freshness.py


@dataclass(frozen=True)
class RelationView:
    """One relation as a person page shows it: `other` was `type` to the page's person."""
    other: object
    type: str
    relation: object


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation, and of the home page's ways in when it has a blurb."""
    label: str
    path: str
    count: int | None = None
    blurb: str = ""


def navigation(site) -> tuple[NavItem, ...]:
    """The main navigation in `nav_order`: the kinds' indexes, the generated pages (timeline, search), and
    pages that ask for a link with `nav: <label>` (at their kind's `nav_order`)."""
    items = [(kind.nav_order, NavItem(kind.nav_label, kind.index_path, len(site.by_kind[kind.name]), kind.blurb))
             for kind in site.kinds if kind.nav_label]
    items += [(order, NavItem(label, path, len(site.timeline) if blurb else None, blurb))
              for order, label, path, blurb in FIXED_NAV]
    items += [(kind.nav_order, NavItem(page.nav, kind.path(page.id)))
              for kind in site.kinds for page in site.by_kind[kind.name] if page.get("nav")]
    return tuple(item for _, item in sorted(items, key=lambda item: item[0]))


def footer_links(site) -> tuple[NavItem, ...]:
    """Pages marked `footer: true`, linked from every page's footer."""
    return tuple(NavItem(page.title, site.path_of(page)) for kind in site.kinds for page in site.by_kind[kind.name]
                 if page.get("footer"))


def plan_outputs(site, rendered, backlinks) -> list[PageOutput]:
    """Every HTML file the site has, with the values its template reads."""
    ids = event_ids(site)
    journey = places.journey(site)
    common = {"site": site, "event_ids": ids, "centre": circle_centre(site),
              "navigation": navigation(site), "footer_links": footer_links(site), "journey": journey}
    outputs = [PageOutput("", "home.html", common, "templates/home.html")]
    events_by_person = _events_by_person(site)
    relations = _relations(site)
    rank = reading_rank(site)
    more = {kind.name: kind.context(site, rendered) for kind in site.kinds if kind.context}
    for page_id, page in site.pages.items():
        result = rendered[page_id]
        events = events_by_person.get(page_id, ())
        # `markers` (places.marker dicts) are what the map integration draws on the page; a kind's own
        # `context` hook may give other markers, and anything else its template shows.
        context = {**common, "page": page, "toc": result.toc,
                   "backlinks": _group_backlinks(site, backlinks.get(page_id, ()), rank),
                   "events": events, "markers": places.markers_of(site, events),
                   "relations": group_relations(relations.get(page_id, ())),
                   "cited_works": cited_works(result.citations, site.bibliography),
                   **more.get(page.kind, {}).get(page_id, {})}
        kind = site.kind_of(page)
        outputs.append(PageOutput(kind.path(page_id), kind.template, context, page.shown, kind.in_sitemap,
                                  result.html, (backlinks.get(page_id, ()), more.get(page.kind, {}).get(page_id))))
    for kind in site.kinds:
        if kind.index_template:
            pages = site.by_kind[kind.name]
            outputs.append(PageOutput(kind.index_path, kind.index_template,
                                      {**common, "kind": kind, "pages": pages, "letters": by_letter(pages, kind),
                                       **more.get(kind.name, {}).get("", {})},
                                      f"templates/{kind.index_template}", kind.in_sitemap,
                                      reads=more.get(kind.name, {}).get("")))
    linked_dates = {anchor for result in rendered.values() for anchor in result.dates}
    years = _years(site, linked_dates)
    outputs.append(PageOutput("timeline/", "timeline.html", {**common, "years": years, "decades": _decades(years)},
                              "templates/timeline.html", reads=linked_dates))
    outputs.append(PageOutput("circle/", "circle.html", {**common, "circle": _circle(site, relations)},
                              "templates/circle.html"))
    if journey:
        outputs.append(PageOutput("journey/", "journey.html", {**common, "markers": places.journey_markers(journey)},
                                  "templates/journey.html"))
    outputs.append(PageOutput("search/", "search.html", common, "templates/search.html"))
    outputs.append(PageOutput("404.html", "404.html", common, "templates/404.html", listed=False))
    return outputs


def render_outputs(env: jinja2.Environment, outputs: list[PageOutput],
                   sink=None) -> tuple[dict[str, bytes], list[Problem]]:
    """({site path: bytes}, problems); with a `sink`, each file goes to sink(site path, bytes) instead."""
    files, problems = {}, []
    for output in outputs:
        try:
            template = env.get_template(output.template)
            if output.body is None:
                html = template.render(path=output.path, **output.context)
            else:
                html = template.render(path=output.path, body=Markup(output.body), **output.context)
        except jinja2.TemplateSyntaxError as error:
            problems.append(Problem(f"templates/{error.name or output.template}", error.lineno,
                                    "template.syntax", error.message or str(error), "fix the template's syntax"))
            continue
        except jinja2.TemplateNotFound as error:
            problems.append(Problem(f"templates/{error.name}", None, "template.missing",
                                    "the template does not exist", "create it or fix the name in {% extends %}"))
            continue
        except jinja2.UndefinedError as error:
            problems.append(Problem(f"templates/{output.template}", _template_line(error), "template.undefined",
                                    f"{error.message} (while rendering {output.shown})",
                                    "check the variable's name; the templates' context is listed in README"))
            continue
        except Exception as error:  # a template error must be reported, never crash the build
            problems.append(Problem(f"templates/{output.template}", _template_line(error), "template.error",
                                    f"{type(error).__name__}: {error} (while rendering {output.shown})",
                                    "fix the template"))
            continue
        if sink is None:
            files[output_name(output.path)] = html.encode("utf-8")
        else:
            sink(output_name(output.path), html.encode("utf-8"))
    return files, problems


def _template_line(error: Exception) -> int | None:
    tb = error.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".html"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def reading_rank(site) -> dict[str, tuple]:
    """Page id -> where it comes in lists of pages: chapters in reading order, then the rest by title."""
    chapter_order = {page.id: i for i, page in enumerate(site.chapters)}
    return {i: (i not in chapter_order, chapter_order.get(i, 0), page.title) for i, page in site.pages.items()}


def _group_backlinks(site, links, rank: dict) -> list[tuple]:
    """[(linking page, its distinct contexts)] in `rank`'s order: chapters in reading order, then by title."""
    grouped: dict[str, dict] = {}   # source -> its contexts, as the keys of a dict: distinct, in order
    for link in links:
        contexts = grouped.setdefault(link.source, {})
        if link.context:
            contexts[link.context] = None
    ids = sorted(grouped, key=rank.__getitem__)
    return [(site.pages[i], list(grouped[i])) for i in ids]


def _events_by_person(site) -> dict:
    found = defaultdict(list)
    for event in site.timeline:
        for person in event.people:
            found[person].append(event)
    return {k: tuple(v) for k, v in found.items()}


def _told_in(site) -> dict[str, list]:
    """Chapter id -> the events (kind "event") it tells, in timeline order: one pass, not one per chapter."""
    found = defaultdict(list)
    for event in site.timeline:
        if event.kind == "event":
            found[event.page].append(event)
    return found


def _relations(site) -> dict[str, tuple[RelationView, ...]]:
    """Each person's relations as their page shows them: their own, then those only the other side records."""
    own = defaultdict(list)
    for page in site.people:
        for relation in page.relations:
            if relation.person in site.pages:
                own[page.id].append(RelationView(site.pages[relation.person], relation.type, relation))
    found = {page_id: list(views) for page_id, views in own.items()}
    listed = {page_id: {view.other.id for view in views} for page_id, views in own.items()}
    for page in site.people:
        for relation in page.relations:
            if relation.person not in site.pages:
                continue
            if page.id not in listed.get(relation.person, ()):
                found.setdefault(relation.person, []).append(
                    RelationView(page, INVERSE.get(relation.type, relation.type), relation))
    return {page_id: tuple(views) for page_id, views in found.items()}


def chapter_context(site, rendered) -> dict[str, dict]:
    """The chapters kind's `context` hook: each chapter's neighbours, the people in it, the events it tells
    and their places as the map's markers."""
    told_in = _told_in(site)
    order = {page.id: i for i, page in enumerate(site.chapters)}
    filing = {person.id: i for i, person in enumerate(site.people)}   # sorted by surname_key already
    return {page.id: {**_chapter_neighbours(site, page, order),
                      "people": _people_in(site, page, rendered[page.id], filing),
                      "told": told_in.get(page.id, []), "markers": places.markers_of(site, told_in.get(page.id, []))}
            for page in site.chapters}


def _chapter_neighbours(site, page, order: dict) -> dict:
    index = order[page.id]
    return {"previous": site.chapters[index - 1] if index > 0 else None,
            "next": site.chapters[index + 1] if index + 1 < len(site.chapters) else None}


def _people_in(site, page, result, filing: dict) -> list:
    """The people a chapter links to, embeds or dates, in filing order (`filing`: id -> place in site.people)."""
    ids = [link.target for link in result.links] + list(result.embeds)
    ids += [person for event in page.events for person in event.people]
    seen = dict.fromkeys(i for i in ids if i in site.pages and site.pages[i].kind == PERSON.name)
    return [site.pages[i] for i in sorted(seen, key=filing.__getitem__)]


def by_letter(pages, kind) -> list[tuple[str, list]]:
    """A kind's pages A–Z (people by surname), grouped under the first letter of the name they are filed
    under (diacritics folded: Č under C); `pages` are in the kind's order already."""
    groups: dict[str, list] = {}
    for page in pages:
        groups.setdefault(index_letter(kind.filing_name(page)), []).append(page)
    return sorted(groups.items(), key=lambda item: (item[0] == "#", item[0]))


def _years(site, linked_dates: set[str]) -> list[tuple[int, list]]:
    """The timeline by year: (year, [(anchors to place first, event or None)]) in date order."""
    before = timeline_anchors(site, linked_dates)
    years = defaultdict(list)
    for index, event in enumerate(site.timeline):
        years[event.date.year].append((before.get(index, []), event))
    if len(site.timeline) in before and years:      # linked dates after the last event
        years[max(years)].append((before[len(site.timeline)], None))
    return sorted(years.items())


def timeline_anchors(site, linked_dates: set[str]) -> dict[int, list[str]]:
    """For each timeline event (by position), the date anchors to place just before it: its own date's
    the first time that date comes up, and those of dates that pages link to but no event bears, so that
    every `[[date]]` link lands on the timeline where that day falls (or at its end, after the last event)."""
    events = site.timeline
    own: dict[int, str] = {}
    seen: set[str] = set()
    for index, event in enumerate(events):
        if event.date.anchor() not in seen:
            seen.add(event.date.anchor())
            own[index] = event.date.anchor()
    keys = [event.date.sort_key() for event in events]
    before = defaultdict(list)
    for anchor in sorted(linked_dates - seen, key=lambda a: parse_date_reference(a[2:]).sort_key()):
        before[bisect.bisect_left(keys, parse_date_reference(anchor[2:]).sort_key())].append(anchor)
    for index, anchor in own.items():
        before[index].append(anchor)
    return dict(before)


def _decades(years) -> list[tuple[int, list[int]]]:
    decades = defaultdict(list)
    for year, _ in years:
        decades[year // 10 * 10].append(year)
    return sorted(decades.items())


def circle_centre(site):
    """The person the circle page is drawn around: the site's subject, or without one its first person A–Z."""
    return site.subject or (site.people[0] if site.people else None)


def group_relations(views) -> list[tuple[str, str, list]]:
    """Relations grouped by type, family first and enemies last: [(type, heading, views)]."""
    grouped = defaultdict(list)
    for view in views:
        grouped[view.type].append(view)
    order = list(RELATION_GROUPS)
    groups = sorted(grouped.items(), key=lambda item: (order.index(item[0]) if item[0] in order else 99, item[0]))
    return [(kind, RELATION_GROUPS.get(kind, kind.capitalize()), members) for kind, members in groups]


def _circle(site, relations) -> list[tuple]:
    """The centre's relations grouped by type, for the circle page."""
    centre = circle_centre(site)
    if centre is None:
        return []
    return [(centre, group_relations(relations.get(centre.id, ())))]


__all__ = ["plan_outputs", "render_outputs", "data_files", "sitemap", "url_for", "event_ids"]
