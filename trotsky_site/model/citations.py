"""The one definition of citation syntax (Pandoc's), as pure functions, and what a page's citations are.

    [@key]  [@key, p. 12]  [@key, pp. 33–35]  [see @a, p. 3; @b]  [-@key]   bracketed: a note
    @key [p. 33]  @key                                                       in the text: author + note

A key starts with a letter, digit or `_` and may hold `:.#$%&-+?<>~/` inside (not at its end).
After the key, Pandoc reads a locator when the text starts with a known label (p., pp., ch.,
chap., sec., vol., n., para., … and their plurals or full words) or with a number (a page);
what follows the locator is the cite's suffix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cite:
    """One work cited in a citation, with what Pandoc's syntax says around it."""
    key: str
    label: str | None = None        # a CSL locator label: page, chapter, section, volume, ...
    locator: str | None = None
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False


KEY = r"[\w](?:[\w:.#$%&\-+?<>~/]*[\w])?"
BRACKETED = r"\[([^\[\]]*@[^\[\]]*)\](?!\()"               # not a link's text: [see @a](url) is a link
IN_TEXT = r"(?<![\w@\\`])@(" + KEY + r")(?:[ \t]\[([^\[\]@]*)\](?![(\[]))?"
CITE_RE = re.compile(r"^(?P<prefix>.*?)(?<![\w@])(?P<suppress>-?)@(?P<key>" + KEY + r")(?P<rest>.*)$", re.DOTALL)
KEY_RE = re.compile(r"(?<![\w@\\`])-?@(" + KEY + ")")

# Locator labels as Pandoc reads them (its English locale's terms), to CSL's locator names.
LABELS = {
    "p": "page", "pp": "page", "page": "page", "pages": "page",
    "ch": "chapter", "chs": "chapter", "chap": "chapter", "chaps": "chapter", "chapter": "chapter",
    "chapters": "chapter",
    "sec": "section", "secs": "section", "section": "section", "sections": "section", "§": "section",
    "§§": "section",
    "vol": "volume", "vols": "volume", "volume": "volume", "volumes": "volume",
    "n": "note", "nn": "note", "note": "note", "notes": "note",
    "para": "paragraph", "paras": "paragraph", "paragraph": "paragraph", "paragraphs": "paragraph", "¶": "paragraph",
    "¶¶": "paragraph",
    "bk": "book", "bks": "book", "book": "book", "books": "book",
    "col": "column", "cols": "column", "column": "column", "columns": "column",
    "fig": "figure", "figs": "figure", "figure": "figure", "figures": "figure",
    "fol": "folio", "fols": "folio", "folio": "folio", "folios": "folio",
    "no": "issue", "nos": "issue", "l": "line", "ll": "line", "line": "line", "lines": "line",
    "pt": "part", "pts": "part", "part": "part", "parts": "part",
    "v": "verse", "vv": "verse", "verse": "verse", "verses": "verse",
}
_LABEL = "|".join(sorted((re.escape(label) for label in LABELS), key=len, reverse=True))
_VALUE = r"(?:[0-9]+[a-z]?|[ivxlcdm]+)(?:\s*(?:[-–—]+|,|&|and)\s*(?:[0-9]+[a-z]?|[ivxlcdm]+))*"
LOCATOR_RE = re.compile(r"^\s*(?:(?P<label>" + _LABEL + r")\.?\s*)?(?P<value>" + _VALUE + r")\b(?P<suffix>.*)$",
                        re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Citation:
    """One cite as a page made it: for "cited on" lists, built later the way backlinks are."""
    key: str
    locator: str | None     # as the reader sees it, e.g. "pp. 33–35", "chap. 4"
    note: int | None        # the note it is in (notes styles), numbered from 1 on each page
    line: int | None
    context: str = ""


def split_cluster(inner: str) -> tuple[Cite, ...] | None:
    """The cites of a bracketed citation (the text between [ and ]), or None when it is not one."""
    cites = []
    for part in inner.split(";"):
        match = CITE_RE.match(part)
        if match is None:
            return None
        prefix = match.group("prefix").strip()
        if prefix.endswith(("\\", "`")):
            return None
        label, locator, suffix = parse_locator(match.group("rest"))
        cites.append(Cite(match.group("key"), label, locator, prefix, suffix, bool(match.group("suppress"))))
    return tuple(cites) if cites else None


def parse_locator(rest: str) -> tuple[str | None, str | None, str]:
    """', pp. 33–35, emphasis added' -> ('page', '33–35', ', emphasis added'); no locator -> (None, None, rest)."""
    text = rest.lstrip()
    if text.startswith(","):
        text = text[1:]
    match = LOCATOR_RE.match(text)
    if match is None or (match.group("label") is None and not match.group("value")[0].isdigit()):
        suffix = rest.rstrip()
        return None, None, (suffix if not suffix or suffix[0] in ",.;:" else " " + suffix.lstrip())
    label = LABELS[match.group("label").lower()] if match.group("label") else "page"
    value = re.sub(r"(?<=[0-9ivxlcdm])\s*(?:--?|—)\s*(?=[0-9ivxlcdm])", "–", " ".join(match.group("value").split()))
    return label, value, match.group("suffix").rstrip()


def shown_locator(label: str | None, value: str | None) -> str | None:
    """How a locator reads in a "cited on" list: "p. 33", "pp. 33–35", "chap. 4"."""
    if value is None:
        return None
    plural = any(mark in value for mark in "–-,&")
    short = {"page": ("p.", "pp."), "chapter": ("chap.", "chaps."), "section": ("sec.", "secs."),
             "volume": ("vol.", "vols."), "note": ("n.", "nn."), "paragraph": ("para.", "paras."),
             "line": ("l.", "ll.")}.get(label or "page", (label or "", label or ""))
    return f"{short[plural]} {value}".strip()


def cited_keys(body: str) -> tuple[str, ...]:
    """Every key a body may cite (a superset: it also finds keys inside code), for render keys."""
    if "@" not in body:
        return ()
    return tuple(dict.fromkeys(KEY_RE.findall(body)))


SCHEMA_TYPES = {"book": "Book", "chapter": "Chapter", "article-journal": "ScholarlyArticle",
                "article-newspaper": "NewsArticle", "article-magazine": "Article", "manuscript": "ArchiveComponent",
                "webpage": "WebPage", "thesis": "Thesis", "report": "Report"}


def schema_org(item: dict) -> dict:
    """A CSL-JSON item as the schema.org CreativeWork a page's JSON-LD `citation` lists."""
    work = {"@type": SCHEMA_TYPES.get(item.get("type", ""), "CreativeWork"), "name": item.get("title", "")}
    authors = [{"@type": "Organization", "name": n["literal"]} if "literal" in n else
               {"@type": "Person", "name": " ".join(filter(None, (n.get("given"), n.get("non-dropping-particle"),
                                                                  n.get("family"))))}
               for n in item.get("author") or []]
    if authors:
        work["author"] = authors
    parts = (item.get("issued") or {}).get("date-parts") or []
    if parts and parts[0]:
        work["datePublished"] = "-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(parts[0]))
    if item.get("container-title"):
        work["isPartOf"] = {"@type": "CreativeWork", "name": item["container-title"]}
    if item.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": item["publisher"]}
    if item.get("URL"):
        work["url"] = item["URL"]
    return work


def cited_works(citations, bibliography) -> list[dict]:
    """The works a page cites, in the order first cited, as schema.org values (for its JSON-LD)."""
    keys = dict.fromkeys(citation.key for citation in citations)
    return [schema_org(bibliography.works[key].item) for key in keys if key in bibliography.works]
