"""Checks that need every page rendered: headings, images, backlinks, output collisions."""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import NamedTuple, TYPE_CHECKING

from ..model.links import line_of_token
from ..problems import Problem

if TYPE_CHECKING:
    from collections.abc import Mapping
    from ..model.site import Site
    from .markdown import Rendered


class Backlink(NamedTuple):
    """One link to a page, as its backlinks show it (a tuple: there are one per link, 140,000 at 10,000 pages)."""
    source: str        # id of the linking page
    context: str


def check_anchors(site: Site, rendered: Mapping[str, Rendered]) -> list[Problem]:
    problems = []
    for page_id, result in rendered.items():
        page = site.pages[page_id]
        for link in result.links:
            if link.anchor and link.anchor not in rendered[link.target].anchors:
                anchors = sorted(a for a in rendered[link.target].anchors if not a.startswith("fn"))
                close = difflib.get_close_matches(link.anchor, anchors, n=1)
                hint = (f"did you mean #{close[0]}?" if close
                        else f"its headings are: {', '.join('#' + a for a in anchors[:6])}" if anchors
                        else f"'{link.target}' has no headings to link to; link to the page: [[{link.target}]]")
                problems.append(Problem(page.shown, link.line, "link.unknown-heading",
                                        f"'{link.target}' has no heading '#{link.anchor}'", hint))
    return problems


def check_images(site: Site, rendered: Mapping[str, Rendered], static_dirs: tuple[Path, ...]) -> list[Problem]:
    problems = []
    for page_id, page in site.pages.items():
        sources = [(src, line_of_token(page.body, page.body_line, src)) for src in rendered[page_id].images]
        if page.image:
            sources.append((page.image.src, page.image.line))
        for src, line in sources:
            if not src.startswith("/static/"):
                problems.append(Problem(page.shown, line, "image.bad-path",
                                        f"the image '{src}' is not under /static/",
                                        "put images in static/img/ and write /static/img/<file>"))
                continue
            relative = src[len("/static/"):].split("?")[0].split("#")[0]
            if not any(_is_static_file(folder, relative) for folder in static_dirs):
                problems.append(Problem(page.shown, line, "image.missing", f"the image '{src}' does not exist",
                                        f"add the file static/{relative} or fix the path"))
    return problems


def _is_static_file(static_dir: Path, relative: str) -> bool:
    try:
        target = (static_dir / relative).resolve()
        return target.is_relative_to(static_dir.resolve()) and target.is_file()
    except (OSError, ValueError):   # a NUL byte or an over-long name is no file
        return False


def collect_backlinks(rendered: Mapping[str, Rendered]) -> dict[str, tuple[Backlink, ...]]:
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
