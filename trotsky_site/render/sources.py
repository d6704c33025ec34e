"""Source pages: one page per work of the bibliography, at <base>/sources/<key>/, and their index.

The `source` kind (kinds.SOURCE) calls this module through its hooks:
- `discover`: one `SourceEntry` per work of content/bibliography.bib and .json, with the work's note
  file content/sources/<key>.md (or <slug of the key>.md) when there is one;
- `load`: the work's page: its title, and the note's Markdown body, with front matter or without;
- `context`: the work's reference, formatted as a bibliography entry in the site's citation style,
  and "Cited on": every cite of the work, from the citations the other pages' rendering returned
  (as backlinks come from their links), so the preview and the .cache/ are as exact as a clean build;
  for the index, each work's reference and how many pages cite it;
- `preview`, `search`, `data`: its preview and search entries, and sources.json.
"""
from __future__ import annotations

from typing import TYPE_CHECKING
import html
import json
import re
import unicodedata
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from ..load.bibliography import (_ENTRY_KEY, BIBTEX_FILE, CSL_JSON_FILE, Bibliography, Work, parse_bibtex,
                                 parse_csl_json)
from ..load.config import DEFAULT_STYLE
from ..load.content import MAX_FILE_BYTES, SourceFile, decode, read_text
from ..load.frontmatter import FENCE, split_front_matter
from ..load.limits import check_body
from ..load.schema import read_fields
from ..model.citations import schema_org
from ..model.kinds import SOURCE, Kind
from ..model.page import Page
from ..model.urls import source_id
from ..problems import Problem, unexpected
from .csl import CitationFormatter, sort_key, style_digest
from .outputs import reading_rank

if TYPE_CHECKING:
    from collections.abc import Mapping
    from ..model.site import Site
    from .markdown import Rendered

_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class SourceEntry(SourceFile):
    """A work and its note file: `path` and `shown` are the note's when it has one, else the bibliography's."""
    work: Work
    note: bool


@dataclass(frozen=True)
class Place:
    """Where a page cites a work: the sentence around the cite, its locators, the notes it is in."""
    context: str
    locators: tuple[str, ...]
    notes: tuple[int, ...]


# -- discover and load ---------------------------------------------------------------------------------


def discover(content_dir: Path, kind: Kind) -> tuple[list[SourceEntry], list[Problem]]:
    """Every work of the bibliography, with its note file. The bibliography's own problems are reported
    by its stage (bibliography.load_bibliography), not again here."""
    works, unreadable = _works(content_dir)
    problems, by_id = [], {}
    for work in sorted(works.values(), key=lambda w: (w.shown, w.line or 0)):   # the later entry is reported
        key, page_id = work.key, source_id(work.key)
        first = by_id.setdefault(page_id, work)
        if first is not work:
            problems.append(Problem(work.shown, work.line, "source.slug-collision",
                                    f"the keys '{first.key}' ({first.shown}:{first.line}) and '{key}' "
                                    f"({work.shown}:{work.line}) both make the address {kind.path(page_id)}",
                                    "change one of the two keys (Better BibTeX: pin the citation key)"))
    notes, more = _notes(content_dir, kind, works, by_id, unreadable)
    problems += more
    entries = []
    for page_id, work in by_id.items():
        note = notes.get(page_id)
        path, shown = note if note else (content_dir / Path(work.shown).name, work.shown)
        entries.append(SourceEntry(kind, page_id, path, shown, work, note is not None))
    return entries, problems


def _works(content_dir: Path) -> tuple[dict[str, Work], frozenset[str]]:
    """The works of both bibliography files, merged as load_bibliography merges them (the first of a key wins),
    and the keys of entries that could not be read (their problem is the bibliography's)."""
    prefix = f"{content_dir.name}/" if content_dir.name else ""
    texts = []
    for name in (BIBTEX_FILE, CSL_JSON_FILE):
        try:
            path = content_dir / name
            raw = path.read_bytes() if path.is_file() and path.stat().st_size <= MAX_FILE_BYTES else None
        except OSError:
            raw = None
        texts.append(raw)
    works, unreadable = _parsed(prefix, *texts)
    return dict(works), unreadable


@lru_cache(maxsize=4)
def _parsed(prefix: str, bibtex: bytes | None, csl_json: bytes | None) -> tuple[tuple, frozenset[str]]:
    """Parsing the real .bib takes about 45 ms: the build's second reading of unchanged files is free."""
    works: dict[str, Work] = {}
    unreadable: set[str] = set()
    for name, raw, parse in ((BIBTEX_FILE, bibtex, parse_bibtex), (CSL_JSON_FILE, csl_json, parse_csl_json)):
        text = decode(raw, prefix + name)[0] if raw is not None else None
        found, problems = parse(text, prefix + name) if text is not None else ((), ())
        for work in found:
            works.setdefault(work.key, work)
        unreadable |= {match.group(1) for problem in problems if problem.code == "bibliography.invalid-bibtex"
                       for match in [_ENTRY_KEY.search(problem.message)] if match}
    return tuple(sorted(works.items())), frozenset(unreadable - set(works))


def _notes(content_dir: Path, kind: Kind, works: dict, by_id: dict, unreadable) -> tuple[dict, list[Problem]]:
    """Page id -> (path, shown) of its note file: content/sources/<key>.md, or <slug of the key>.md."""
    folder = content_dir / kind.folder
    if not folder.is_dir():
        return {}, []
    prefix = f"{content_dir.name}/{kind.folder}/" if content_dir.name else f"{kind.folder}/"
    found, problems = {}, []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name.endswith("~") or entry.suffix != ".md" or entry.is_dir():
            continue
        stem, shown = unicodedata.normalize("NFC", entry.stem), prefix + entry.name
        key = stem if stem in works else by_id[stem].key if stem in by_id else None
        if key is None and (stem in unreadable or stem in map(source_id, unreadable)):
            continue          # the entry's own problem says why; one mistake, one problem
        if key is None:
            close = Bibliography(works).suggest(stem)
            problems.append(Problem(shown, None, "source.unknown-key",
                                    f"no work in the bibliography has the key '{stem}'",
                                    f"did you mean {kind.folder}/{close}.md?" if close else
                                    "name the note after the key of a work in content/bibliography.bib (or .json)"
                                    if works else "there is no content/bibliography.bib or bibliography.json; "
                                    "export one from Zotero"))
        elif source_id(key) in found:
            problems.append(Problem(shown, None, "source.duplicate-note",
                                    f"the work '{key}' already has a note, {found[source_id(key)][1]}",
                                    "merge the two notes into one file and delete the other"))
        else:
            found[source_id(key)] = (entry, shown)
    return found, problems


def load(source: SourceEntry) -> tuple[Page | None, list[Problem]]:
    try:
        return _load(source)
    except Exception as error:  # a bug must name the file it choked on, never end the build with a traceback
        return None, [unexpected(source.shown, error)]


def _load(source: SourceEntry) -> tuple[Page, list[Problem]]:
    """The work's page; a note that cannot be read leaves the page without it (and says why)."""
    item, problems = source.work.item, []
    fields, body, body_line, lines = {}, "", 1, {}
    if source.note:
        text, problems = read_text(source.path, source.shown)
        if text is not None and text.split("\n", 1)[0].rstrip() == FENCE:   # front matter is optional
            front, more = split_front_matter(source.shown, text)
            problems += more
            if front is not None:
                fields, more = read_fields(source.kind, source.shown, front)
                problems += more
                body, body_line, lines = front.body, front.body_line, front.lines
        elif text is not None:
            body = text
        unsafe = check_body(body, body_line, source.shown)
        if unsafe:
            problems += unsafe
            body = ""
    title = str(item.get("title") or "").strip() or source.work.key
    page = Page(kind=source.kind.name, id=source.page_id, shown=source.shown, title=title,
                summary=fields.get("summary") or "", body=body, body_line=body_line, lines=lines,
                extra=(("csl", source.work.csl), ("key", source.work.key), ("sort", sort_key(item))))
    return page, problems


# -- what the pages show -------------------------------------------------------------------------------


def context(site: Site, rendered: Mapping[str, Rendered]) -> dict[str, dict]:
    """Each source page's reference, JSON-LD and "Cited on"; the index's references and counts ("")."""
    references, cited = _references(site), cited_on(site, rendered)
    out = {}
    for page in site.by_kind.get(SOURCE.name, ()):
        reference = references[page.key]
        out[page.id] = {"reference": Markup(reference), "reference_text": plain(reference),
                        "cited_on": cited.get(page.key, []), "work": json.loads(page.csl),
                        "work_ld": {"@context": "https://schema.org", **schema_org(json.loads(page.csl))}}
    out[""] = {"references": {page.id: Markup(references[page.key]) for page in site.by_kind.get(SOURCE.name, ())},
               "cited_counts": {page.id: len(cited.get(page.key, ())) for page in site.by_kind.get(SOURCE.name, ())}}
    return out


def cited_on(site: Site, rendered: Mapping[str, Rendered]) -> dict[str, list[tuple[Page, list[Place]]]]:
    """Key -> [(citing page, the places it cites the work)], pages in the site's usual order (chapters
    in reading order, then by title), places in reading order, one per distinct context."""
    rank = reading_rank(site)
    found: dict[str, dict[str, dict[str, tuple[list, list]]]] = {}
    for page_id in sorted(rendered, key=lambda i: (rank.get(i, (True, 0, "")), i)):
        for citation in rendered[page_id].citations:
            if site.pages[page_id].kind == SOURCE.name and site.pages[page_id].get("key") == citation.key:
                continue      # a note that cites its own work
            place = found.setdefault(citation.key, {}).setdefault(page_id, {}).setdefault(citation.context, ([], []))
            if citation.locator and citation.locator not in place[0]:
                place[0].append(citation.locator)
            if citation.note is not None and citation.note not in place[1]:
                place[1].append(citation.note)
    return {key: [(site.pages[page_id], [Place(text, tuple(locators), tuple(notes))
                                         for text, (locators, notes) in places.items()])
                  for page_id, places in pages.items()]
            for key, pages in found.items()}


def plain(reference: str) -> str:
    """A formatted reference as text: "Deutscher, Isaac. The Prophet Armed. …"."""
    return html.unescape(_TAGS.sub("", reference))


_last: tuple = (lambda: None, {})   # (weak reference to a site, its references): asked for once per page


def _references(site: Site) -> dict[str, str]:
    """Key -> the work's bibliography entry (HTML) in the site's citation style."""
    global _last
    if _last[0]() is site:
        return _last[1]
    style = site.config.citation_style or DEFAULT_STYLE
    works = tuple((page.key, page.csl) for page in site.by_kind.get(SOURCE.name, ()))
    references = dict(_formatted(style, style_digest(style), works))
    _last = (weakref.ref(site), references)
    return references


@lru_cache(maxsize=4)
def _formatted(style: str, digest: str, works: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Formatting all 45 works of the real bibliography takes about 0.13 s: done again only when a work,
    the style or its file changed (the preview rebuilds without it)."""
    entries = CitationFormatter(style).entries({key: json.loads(csl) for key, csl in works})
    return tuple((key, entries[key]) for key, _ in works)


def _year(item: dict) -> str | None:
    parts = (item.get("issued") or {}).get("date-parts") or []
    return str(parts[0][0]) if parts and parts[0] else None


def preview(site: Site, page: Page) -> dict:
    """A hover preview shows the work's reference."""
    reference = _references(site)[page.key]
    return {"summary": plain(reference), "reference": reference}


def search(site: Site, page: Page) -> dict:
    """Found by its title, its authors' names and its year."""
    item = json.loads(page.csl)
    authors = [n.get("literal") or " ".join(filter(None, (n.get("given"), n.get("non-dropping-particle"),
                                                        n.get("family"), n.get("suffix"))))
               for n in item.get("author") or item.get("editor") or []]
    return {"names": [page.id, page.title, *authors], "authors": authors, "year": _year(item),
            "summary": page.summary or plain(_references(site)[page.key])}


def data(site: Site, rendered: Mapping[str, Rendered], url) -> list[dict]:
    """sources.json: every work in bibliography order, with its CSL-JSON item and the pages that cite it."""
    cited = cited_on(site, rendered)
    kind = site.kinds[SOURCE.name]
    return [{"key": page.key, "id": page.id, "url": url(kind.path(page.id)), "csl": json.loads(page.csl),
             "cited_by": [citing.id for citing, _ in cited.get(page.key, ())]}
            for page in site.by_kind.get(SOURCE.name, ())]
