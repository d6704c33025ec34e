"""Template contexts for every output file, rendered into {site path: bytes}."""
from __future__ import annotations

import html as html_lib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

import jinja2
from markupsafe import Markup

from .dates import format_date, format_span
from .paths import absolute_url, page_path, url_for
from .problems import Problem

_TAGS = re.compile(r"<[^>]+>")
KIND_TEMPLATES = {"chapter": "chapter.html", "person": "person.html", "topic": "topic.html",
                  "organisation": "organisation.html"}
INDEX_PAGES = {"people/": ("people", "people_index.html"), "topics/": ("topics", "topics_index.html"),
               "organisations/": ("organisations", "organisations_index.html"),
               "chapters/": ("chapters", "chapters_index.html")}


@dataclass(frozen=True)
class PageOutput:
    path: str          # site path, e.g. "people/bukharin/"
    template: str
    context: dict
    source: str        # for messages


def plan_outputs(site, rendered, backlinks) -> list[PageOutput]:
    """Every HTML file the site has, with the values its template reads."""
    outputs = [PageOutput("", "home.html", {"site": site}, "templates/home.html")]
    events_by_person = _events_by_person(site)
    inverse = _inverse_relations(site)
    for page_id, page in site.pages.items():
        result = rendered[page_id]
        context = {"site": site, "page": page, "body": Markup(result.html), "toc": result.toc,
                   "backlinks": _group_backlinks(site, backlinks.get(page_id, ())),
                   "events": events_by_person.get(page_id, ()), "inverse_relations": inverse.get(page_id, ())}
        if page.kind == "chapter":
            context.update(_chapter_neighbours(site, page), people=_people_in(site, page, result))
        outputs.append(PageOutput(page_path(page.kind, page_id), KIND_TEMPLATES[page.kind], context, page.source))
    for path, (attribute, template) in INDEX_PAGES.items():
        outputs.append(PageOutput(path, template, {"site": site, "pages": getattr(site, attribute)},
                                  f"templates/{template}"))
    outputs.append(PageOutput("timeline/", "timeline.html", {"site": site, "years": _years(site)},
                              "templates/timeline.html"))
    outputs.append(PageOutput("circle/", "circle.html", {"site": site, "circle": _circle(site)},
                              "templates/circle.html"))
    outputs.append(PageOutput("search/", "search.html", {"site": site}, "templates/search.html"))
    outputs.append(PageOutput("404.html", "404.html", {"site": site}, "templates/404.html"))
    return outputs


def render_outputs(env: jinja2.Environment, outputs: list[PageOutput]) -> tuple[dict[str, bytes], list[Problem]]:
    files, problems = {}, []
    for output in outputs:
        try:
            template = env.get_template(output.template)
            html = template.render(path=output.path, **output.context)
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
                                    f"{error.message} (while rendering {output.source})",
                                    "check the variable's name; the templates' context is listed in README"))
            continue
        except Exception as error:  # a template error must be reported, never crash the build
            problems.append(Problem(f"templates/{output.template}", _template_line(error), "template.error",
                                    f"{type(error).__name__}: {error} (while rendering {output.source})",
                                    "fix the template"))
            continue
        files[_file_of(output.path)] = html.encode("utf-8")
    return files, problems


def _template_line(error: Exception) -> int | None:
    tb = error.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".html"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _file_of(path: str) -> str:
    return path + "index.html" if path == "" or path.endswith("/") else path


def _group_backlinks(site, links) -> list[tuple]:
    grouped = defaultdict(list)
    for link in links:
        if link.context and link.context not in grouped[link.source]:
            grouped[link.source].append(link.context)
        else:
            grouped[link.source]
    order = {page.id: i for i, page in enumerate(site.chapters)}
    ids = sorted(grouped, key=lambda i: (i not in order, order.get(i, 0), site.pages[i].title))
    return [(site.pages[i], grouped[i]) for i in ids]


def _events_by_person(site) -> dict:
    found = defaultdict(list)
    for event in site.timeline:
        for person in event.people:
            found[person].append(event)
    return {k: tuple(v) for k, v in found.items()}


def _inverse_relations(site) -> dict:
    found = defaultdict(list)
    for page in site.people:
        for relation in page.relations:
            found[relation.person].append((page, relation))
    return {k: tuple(v) for k, v in found.items()}


def _chapter_neighbours(site, page) -> dict:
    index = site.chapters.index(page)
    return {"previous": site.chapters[index - 1] if index > 0 else None,
            "next": site.chapters[index + 1] if index + 1 < len(site.chapters) else None}


def _people_in(site, page, result) -> list:
    ids = [link.target for link in result.links] + list(result.embeds)
    ids += [person for event in page.events for person in event.people]
    from .site import surname_key
    seen = dict.fromkeys(i for i in ids if i in site.pages and site.pages[i].kind == "person")
    return sorted((site.pages[i] for i in seen), key=surname_key)


def _years(site) -> list[tuple[int, list]]:
    years = defaultdict(list)
    for event in site.timeline:
        years[event.date.year].append(event)
    return sorted(years.items())


def _circle(site) -> list[tuple]:
    """Trotsky's relations (or the first person's) grouped by type, for the circle page."""
    centre = site.pages.get("trotsky") or (site.people[0] if site.people else None)
    if centre is None:
        return []
    grouped = defaultdict(list)
    for relation in centre.relations:
        if relation.person in site.pages:
            grouped[relation.type].append((site.pages[relation.person], relation))
    for page, relation in _inverse_relations(site).get(centre.id, ()):
        if not any(r.person == page.id for r in centre.relations):
            grouped[relation.type + "-of"].append((page, relation))
    return [(centre, sorted(grouped.items()))]


def data_files(site, url: Callable[[str], str]) -> dict[str, bytes]:
    """people.json, events.json and previews.json: the biography's skeleton for reuse and for previews."""
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
    events = [{"id": f"{e.page}:{e.kind}:{e.date.iso()}:{i}", "date": date(e.date), "title": e.title,
               "people": list(e.people), "place": e.place, "page": e.page, "kind": e.kind}
              for i, e in enumerate(site.timeline)]
    previews = {p.id: {"title": p.title, "kind": p.kind, "native_name": p.native_name, "summary": p.summary,
                       "dates": _life_text(p, style), "url": url(page_path(p.kind, p.id))}
                for p in site.pages.values()}
    dump = lambda value: (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    return {"people.json": dump(people), "events.json": dump(events), "previews.json": dump(previews)}


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
    if not start and not end:
        return ""
    return f"{format_date(start, style) if start else '?'} – {format_date(end, style) if end else ''}".strip()


def sitemap(site, paths: list[str]) -> bytes:
    base = site.config.base_url
    urls = "".join(f"  <url><loc>{absolute_url(base, p)}</loc></url>\n" for p in sorted(paths))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n").encode("utf-8")


__all__ = ["plan_outputs", "render_outputs", "data_files", "sitemap", "url_for"]
