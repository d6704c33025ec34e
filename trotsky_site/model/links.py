"""The one definition of cross-link syntax and how a target resolves to a page."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .urls import fold

WIKILINK = r"(!?)\[\[([^\[\]]+?)\]\]"   # may wrap across lines, as editors' paragraphs do
WIKILINK_RE = re.compile(WIKILINK)
EMBED_LINE_RE = re.compile(r"^\s*!\[\[([^\[\]\n]+?)\]\]\s*$")


@dataclass(frozen=True)
class LinkSyntax:
    target: str
    anchor: str | None
    text: str | None


@dataclass(frozen=True)
class Resolution:
    page_id: str | None
    code: str = ""
    message: str = ""
    hint: str = ""


def parse_link(inner: str) -> LinkSyntax:
    """'id#anchor|shown text' -> its three parts."""
    target, _, text = " ".join(inner.split()).partition("|")
    target, _, anchor = target.partition("#")
    return LinkSyntax(target.strip(), anchor.strip() or None, text.strip() or None)


def resolve_target(target: str, pages, names, suggest) -> Resolution:
    """`pages` maps id -> page, `names` folded name -> ids, `suggest(text)` a close id or None."""
    if target in pages:
        return Resolution(target)
    ids = names.get(fold(target))
    if ids == ():   # the file exists but did not load; its own problems say why
        return Resolution(None, "link.broken-target", f"the page '{target}' has errors and could not be loaded",
                          "fix the problems reported for its file; this link will then work")
    ids = ids or ()
    if len(ids) == 1:
        return Resolution(ids[0])
    if len(ids) > 1:
        return Resolution(None, "link.ambiguous", f"'{target}' may mean any of: {', '.join(ids)}",
                          f"link by id, e.g. [[{ids[0]}]] or [[{ids[0]}|{target}]]")
    close = suggest(target)
    hint = f"did you mean [[{close}]]?" if close else "create the page with `python build.py new`, or fix the name"
    return Resolution(None, "link.not-found", f"no page is called '{target}'", hint)


def line_of_token(body: str, first_line: int, token: str) -> int | None:
    index = body.find(token)
    return first_line + body.count("\n", 0, index) if index >= 0 else None
