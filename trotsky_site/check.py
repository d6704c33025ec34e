"""Checks that need every page rendered: headings, images, backlinks, output collisions."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem


@dataclass(frozen=True)
class Backlink:
    source: str        # id of the linking page
    context: str


def check_anchors(site, rendered) -> list[Problem]:
    problems = []
    for page_id, result in rendered.items():
        page = site.pages[page_id]
        for link in result.links:
            if link.anchor and link.anchor not in rendered[link.target].anchors:
                close = difflib.get_close_matches(link.anchor, sorted(rendered[link.target].anchors), n=1)
                hint = f"did you mean #{close[0]}?" if close else f"'{link.target}' has no headings to link to"
                problems.append(Problem(page.source, link.line, "link.unknown-heading",
                                        f"'{link.target}' has no heading '#{link.anchor}'", hint))
    return problems


def check_images(site, rendered, static_dir: Path) -> list[Problem]:
    problems = []
    for page_id, page in site.pages.items():
        sources = [(src, None) for src in rendered[page_id].images]
        if page.image:
            sources.append((page.image.src, page.image.line))
        for src, line in sources:
            if not src.startswith("/static/"):
                problems.append(Problem(page.source, line, "image.bad-path",
                                        f"the image '{src}' is not under /static/",
                                        "put images in static/img/ and write /static/img/<file>"))
                continue
            relative = src[len("/static/"):].split("?")[0]
            target = (static_dir / relative).resolve()
            if not target.is_relative_to(static_dir.resolve()) or not target.is_file():
                problems.append(Problem(page.source, line, "image.missing", f"the image '{src}' does not exist",
                                        f"add the file static/{relative} or fix the path"))
    return problems


def collect_backlinks(rendered) -> dict[str, tuple[Backlink, ...]]:
    found: dict[str, list[Backlink]] = {}
    for source in sorted(rendered):
        for link in rendered[source].links:
            if link.target != source:
                found.setdefault(link.target, []).append(Backlink(source, link.context))
    return {target: tuple(links) for target, links in found.items()}


def check_output_collisions(paths_by_page: dict[str, str]) -> list[Problem]:
    """Two pages (or a page and a generated file) must never write the same output file."""
    problems, owner = [], {}
    for source in sorted(paths_by_page):
        path = paths_by_page[source]
        key = path.casefold()
        if key in owner:
            problems.append(Problem(source, None, "output.collision",
                                    f"writes {path}, which {owner[key]} writes too",
                                    "rename one of them (paths that differ only in case collide on many systems)"))
        else:
            owner[key] = source
    return problems
