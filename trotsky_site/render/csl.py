"""Citations formatted by CSL styles through citeproc-py, with the styles bundled in trotsky_site/render/styles/.

citeproc-py renders one cite at a time here; clusters, prefixes, the note's final period and the
parentheses of author-date citations are ours. Where citeproc-py falls short of the Chicago
Manual of Style, `_polish` works around it (each workaround has a golden test in
tests/unit/test_csl.py that fails if citeproc-py changes):
- it does not apply the locale's punctuation-in-quote: `“Title”,` becomes `“Title,”`;
- it has no suppress-author: the cite is rendered from a copy of the work without author and
  editor, swapped into the page's source for that one cite, so first/subsequent still track the key;
- it cannot derive a short title: `short_title` makes one (main title, no leading article);
- bibliography sorting is done here, by author surname, given names, then title, accents folded;
- it does not merge an editor who is also the translator: "ed. and trans. X", "Edited and translated by X";
- its HTML formatter does not escape the text of variables (`Harper & Row`, a `<` in a title):
  `_escaped` escapes every string of the item before citeproc-py sees it.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import warnings
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON

from ..model.citations import Cite

STYLES_DIR = Path(__file__).resolve().parent / "styles"
NOTE_STYLES = frozenset({"chicago-notes-bibliography"})
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_QUOTE_PUNCTUATION = re.compile(r"”([.,])")
_DOUBLED = re.compile(r"([?!])([.,])”")
_SAME_EDITOR_NOTE = re.compile(r"ed\. ([^,()]+?), trans\. \1(?=[,( ]|$)")
_SAME_EDITOR_BIB = re.compile(r"Edited by ([^()]+?)\. Translated by \1\.")


def style_path(name: str) -> Path:
    return STYLES_DIR / f"{name}.csl"


def style_digest(name: str) -> str:
    """Changes whenever the bundled style file does: part of the render key of every page that cites."""
    try:
        return hashlib.blake2b(style_path(name).read_bytes(), digest_size=12).hexdigest()
    except OSError:
        return "missing"


def short_title(title: str) -> str:
    """Chicago's shortened title: the main title (before a colon), without a leading A, An or The."""
    main = title.split(":", 1)[0].strip() if ":" in title else title.strip()
    return _LEADING_ARTICLE.sub("", main, count=1) or main


def prepared(item: dict) -> dict:
    """A CSL-JSON item with what the styles read and citeproc-py cannot make itself."""
    item = dict(item)
    if item.get("title") and not item.get("title-short"):
        item["title-short"] = short_title(item["title"])
    return item


def sort_key(item: dict) -> tuple:
    """Bibliography order: first author's (or editor's) surname and given names, then the title."""
    names = item.get("author") or item.get("editor") or []
    first = names[0] if names else {}
    family = first.get("literal") or " ".join(filter(None, (first.get("non-dropping-particle"), first.get("family"))))
    title = _LEADING_ARTICLE.sub("", item.get("title", ""))
    return (_fold(family or title), _fold(first.get("given", "")), _fold(title), item.get("id", ""))


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def author_names(item: dict) -> str:
    """The authors as running text names them: "Deutscher", "Carr and Davies", "A, B, and C"."""
    names = item.get("author") or item.get("editor") or []
    shown = [n.get("literal") or " ".join(filter(None, (n.get("non-dropping-particle"), n.get("family"))))
             for n in names]
    if len(shown) <= 2:
        return " and ".join(shown)
    return ", ".join(shown[:-1]) + ", and " + shown[-1]


def full_names(item: dict) -> str:
    """The authors as an attribution names them: "Isaac Deutscher", "E. H. Carr and R. W. Davies"."""
    names = [n.get("literal") or " ".join(filter(None, (n.get("given"), n.get("non-dropping-particle"),
                                                         n.get("family"), n.get("suffix"))))
             for n in item.get("author") or []]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _polish(html: str) -> str:
    html = _QUOTE_PUNCTUATION.sub(r"\1”", html)
    html = _SAME_EDITOR_NOTE.sub(r"ed. and trans. \1", html)
    html = _SAME_EDITOR_BIB.sub(r"Edited and translated by \1.", html)
    return _DOUBLED.sub(r"\1”", html)


class CitationFormatter:
    """One bundled style, parsed once; `format_page` formats one page's citations in reading order.

    citeproc-py is slow (about 2 ms a cite, 20 ms a page: 80% of the real site's build), and what it
    makes of one cite depends only on the work, the locator, the suppressed author and, through the
    style's `position` conditions, whether the page cited the work before. So each cite is formatted
    once per build (or preview) for each such combination, and each bibliography entry once per work;
    tests/unit/test_csl.py checks the memo against formatting every page afresh. A style with
    positions other than first/subsequent (ibid, near-note reads further back) is never memoized.
    """

    def __init__(self, name: str):
        self.name = name
        self.is_note = name in NOTE_STYLES
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.style = CitationStylesStyle(str(style_path(name)), validate=False)
        positions = set(" ".join(self.style.xml.xpath("//@position")).split()) if hasattr(self.style, "xml") \
            else {"unknown"}
        self.memoize = positions <= {"first", "subsequent"}
        self._cites: dict[tuple, str] = {}       # (work, label, locator, suppress author, cited before) -> text
        self._entries: dict[str, str] = {}       # work -> bibliography entry

    def format_page(self, clusters: list[tuple[Cite, ...]], items: dict[str, dict],
                    links: dict[str, str] | None = None):
        """(HTML of each cluster, [(key, bibliography entry HTML)] sorted by author); `items`: key -> CSL-JSON;
        `links`: key -> the URL each cite of the work links to (its source page; not part of the memo)."""
        links = links or {}
        if not self.memoize:
            return self._format_page_afresh(clusters, items, links)
        works = {key: json.dumps(item, sort_keys=True, ensure_ascii=False) for key, item in items.items()}
        cited: set[str] = set()
        rendered = []
        for cluster in clusters:
            parts = []
            for cite in cluster:
                memo = (works[cite.key], cite.label, cite.locator, cite.suppress_author, cite.key in cited)
                text = self._cites.get(memo)
                if text is None:
                    text = self._cites[memo] = self._format_cite(items[cite.key], cite, cite.key in cited)
                cited.add(cite.key)
                parts.append(self._part(cite, _linked(text, links.get(cite.key))))
            rendered.append(self._joined(parts))
        order = sorted(dict.fromkeys(cite.key for cluster in clusters for cite in cluster),
                       key=lambda key: sort_key(items[key]))
        entries = []
        for key in order:
            entry = self._entries.get(works[key])
            if entry is None:
                entry = self._entries[works[key]] = self._entry_texts([items[key]])[0]
            entries.append(entry)
        return rendered, list(zip(order, entries))

    def _format_cite(self, item: dict, cite: Cite, cited_before: bool) -> str:
        """citeproc-py's text for one cite, in a bibliography that has (or has not) cited the work before."""
        source, bare = self._sources({cite.key: item})
        bibliography = CitationStylesBibliography(self.style, source, formatter.html)
        if cited_before:            # what the style's position="subsequent" reads: the key among earlier cites
            earlier = CitationItem("w0")
            bibliography.register(Citation([earlier]))
            bibliography._cites.append(earlier)
        return self._cite_text(bibliography, source, bare, cite, "w0")

    def _format_page_afresh(self, clusters, items, links=None):
        links = links or {}
        ids = {key: f"w{index}" for index, key in enumerate(items)}
        source, bare = self._sources(items)
        bibliography = CitationStylesBibliography(self.style, source, formatter.html)
        rendered = [self._joined([self._part(cite, _linked(self._cite_text(bibliography, source, bare, cite,
                                                                            ids[cite.key]), links.get(cite.key)))
                                  for cite in cluster]) for cluster in clusters]
        cited = dict.fromkeys(cite.key for cluster in clusters for cite in cluster)
        order = sorted(cited, key=lambda key: sort_key(items[key]))
        return rendered, list(zip(order, self._entry_texts([items[key] for key in order])))

    def _sources(self, items: dict[str, dict]):
        """The page's works for citeproc-py (ids w0, w1, ... in `items`' order), with and without authors."""
        data = [_escaped(prepared({**item, "id": f"w{index}"})) for index, item in enumerate(items.values())]
        # Suppressing the author: in notes the title then leads; in author-date only the year is left.
        hidden = () if self.is_note else ("title", "title-short")
        bare = CiteProcJSON([{k: v for k, v in item.items()
                              if k not in hidden + (("author",) if "author" in item else ("editor",))}
                             for item in data])
        return CiteProcJSON(data), bare

    def _entry_texts(self, items: list[dict]) -> list[str]:
        """Bibliography entries, in the order given (citeproc-py lists works in the order they were registered)."""
        source, _ = self._sources(dict(enumerate(items)))
        listing = CitationStylesBibliography(self.style, source, formatter.html)
        for index in range(len(items)):
            listing.register(Citation([CitationItem(f"w{index}")]))
        return [_polish(str(entry)).rstrip(".") + "." for entry in listing.bibliography()]

    @staticmethod
    def _cite_text(bibliography, source, bare, cite: Cite, key: str) -> str:
        item = CitationItem(key, locator=Locator(cite.label, cite.locator)) if cite.locator else CitationItem(key)
        citation = Citation([item])
        bibliography.register(citation)
        original = source[key]
        if cite.suppress_author:
            source[key] = bare[key]
        try:
            return _polish(str(bibliography.cite(citation, lambda missing: None)))
        finally:
            source[key] = original

    @staticmethod
    def _part(cite: Cite, text: str) -> str:
        return " ".join(filter(None, (_escape(cite.prefix.strip()), text))) + _escape(cite.suffix)

    def _joined(self, parts: list[str]) -> str:
        text = "; ".join(parts)
        if self.is_note:
            text, link_end = (text[:-4], "</a>") if text.endswith("</a>") else (text, "")
            text = _capitalize(text)
            if text.endswith((".", ".”", "?", "?”", "!", "!”")):
                return text + link_end
            return (text[:-1] + ".”" if text.endswith("”") else text + ".") + link_end
        return text

    def entries(self, items: dict[str, dict]) -> dict[str, str]:
        """Every work's bibliography entry (HTML), key -> entry, in bibliography order: the works listed
        together, as a bibliography lists them (one citeproc run for all, a quarter of the time of one each)."""
        ids = {key: f"w{index}" for index, key in enumerate(items)}
        source = CiteProcJSON([_escaped(prepared({**item, "id": ids[key]})) for key, item in items.items()])
        order = sorted(items, key=lambda key: sort_key(items[key]))
        listing = CitationStylesBibliography(self.style, source, formatter.html)
        for key in order:
            listing.register(Citation([CitationItem(ids[key])]))
        return {key: _polish(str(entry)).rstrip(".") + "." for key, entry in zip(order, listing.bibliography())}


def _escaped(value):
    """The item with its text escaped for HTML: citeproc-py's HTML formatter leaves variables as they are."""
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k in ("id", "type") else _escaped(v) for k, v in value.items()}
    return value


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _capitalize(text: str) -> str:
    in_tag = False
    for index, char in enumerate(text):
        if char in "<>" or in_tag:
            in_tag = char != ">" and (in_tag or char == "<")
            continue
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1:]
        if char not in "“‘\"'(":
            return text
    return text


def _linked(text: str, url: str | None) -> str:
    """A cite's text as a link to its work's page, when it has one."""
    return f'<a class="source-link" href="{_escape(url)}">{text}</a>' if url else text
