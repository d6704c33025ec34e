"""The search index and the hover previews, in small files a reader fetches only as they are needed.

search/pages.json, fetched on the first search: every listed page's id, kind, title and the spelling keys
of its other names (aliases, native name, historical names), which is what makes a name find its page
first, and the list of term shards with their sizes. search/terms-<prefix>.json: the full-text postings
of the terms that begin with <prefix> (two letters, longer where a shard would pass SHARD_BYTES), so a
query fetches only the shards of its words. previews/<n>.json: the hover previews of the pages whose id
hashes to n, so the first hover fetches one small file; previews/index.json says how many there are.

Terms and names are folded here exactly as static/search.js folds what a reader types: `fold` and `key`
are ports of its functions of those names, checked against them in Chromium (tests/browser/test_search.py).

On the 10,000-page benchmark corpus (benchmarks/transfer.py) a first search fetches about 150 KB gzipped
and each further word one or two shards of at most SHARD_BYTES; building the index adds about 5% to a
clean build.
"""
from __future__ import annotations

import html as html_lib
import itertools
import json
import operator
import re
import unicodedata
from collections import defaultdict
from typing import Callable

from ..load.dates import format_span, format_date
from .templates import lang_of

# Folding: the same steps, in the same order, as fold() in static/search.js.
CYRILLIC = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
            "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
            "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
            "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "i", "є": "e", "ґ": "g"}
_LETTERS = {**CYRILLIC, "ß": "ss", "ł": "l", "ø": "o"}
_OTHER_LETTERS = re.compile("[" + "".join(_LETTERS) + "]")
_MARKS = re.compile("[\u0300-\u036f]+")
_NOT_WORD = re.compile("[^a-z0-9]+")
_KEY_LETTERS = str.maketrans({"y": "i", "j": "i", "w": "v", "x": "ks"})   # none makes another's letter
_DOUBLED = re.compile(r"(.)\1+")
_TAGS = re.compile(r"<[^>]+>")

SHARD_BYTES = 32_000       # a term shard past this is split by one more letter (one term may still pass it)
PREFIX = 2                 # the letters every term shard is named by, at least
PREVIEW_BYTES = 4_000      # the average previews shard stays under this: a first hover fetches one
TITLE, SUMMARY, TEXT = 3, 2, 1   # where on a page a term is found, best first (search.js weighs them 6, 3, 1)


def fold(text: str) -> str:
    """Stress marks, diacritics and case gone, Cyrillic spelled in Latin letters, words split by single spaces:
    "Бу́харин" -> "bukharin", "Büyükada" -> "buyukada"."""
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():   # the two steps that cannot change ASCII; str.translate takes 40 ns a character
        text = _OTHER_LETTERS.sub(_spell, _MARKS.sub("", text).lower())
    # search.js maps U+0400-U+04FF by its table and leaves the rest; the last step drops what is left unmapped.
    return _NOT_WORD.sub(" ", text.lower()).strip()


def _spell(match: re.Match) -> str:
    return _LETTERS[match.group()]


def key(word: str) -> str:
    """A spelling key of one folded word: transliteration variants (y/i/j, ks/x, w/v, kh/h, doubled
    letters) fall together: "bukharin" and "buharin" are both "buharin", "yakovlev" and "iakovlev" "iakovlev"."""
    # search.js's steps, in its order: kh -> h, [yj] -> i, w -> v, x -> ks, ck -> k, ph -> f, doubled letters.
    word = word.replace("kh", "h").translate(_KEY_LETTERS).replace("ck", "k").replace("ph", "f")
    return _DOUBLED.sub(r"\1", word)


def keys(text: str) -> list[str]:
    return [key(word) for word in fold(text).split()]


class _Terms(dict):
    """A run of text between spaces -> the keys of the words in it, each worked out once: the 10,000-page
    benchmark corpus has 19 MB of text but 30,000 distinct runs, so folding each run once instead of the
    text page by page took the index from 8 s to 2 s. Folding is the same either way: fold() changes no
    character by what its neighbours are, and splits words at every space."""

    def __missing__(self, run: str) -> tuple:
        value = self[run] = tuple(key(word) for word in fold(run).split())
        return value

    def of(self, text: str) -> set:
        return set().union(*map(self.__getitem__, set(text.split())))


def search_files(site, rendered, url: Callable[[str], str]) -> dict[str, bytes]:
    """search/pages.json and search/terms-*.json for static/search.js."""
    listed = sorted((page for page in site.pages.values() if site.kind_of(page).in_search),
                    key=lambda p: (site.kind_of(p).search_rank, p.id))
    kinds = sorted({page.kind for page in listed})
    rows, postings, terms = [], defaultdict(list), _Terms()
    for number, page in enumerate(listed):
        extra = site.kind_of(page).search(site, page) if site.kind_of(page).search else {}
        title = " ".join(keys(page.title))
        others = dict.fromkeys(" ".join(keys(name)) for name in extra.get("names", page.names) if name)
        rows.append([page.id, kinds.index(page.kind), page.title, *(n for n in others if n and n != title)])
        html = rendered[page.id].html if page.id in rendered else ""
        found = dict.fromkeys(terms.of(html_lib.unescape(_TAGS.sub(" ", html))), TEXT)
        found.update(dict.fromkeys(terms.of(extra.get("summary", page.summary)), SUMMARY))
        found.update(dict.fromkeys(terms.of(page.title), TITLE))   # the best place last, to win
        at = number * 4
        for term, where in found.items():
            postings[term].append(at + where)
    shards = _shards(postings)
    files = {f"search/terms-{prefix}.json": body for prefix, body in shards.items()}
    files["search/pages.json"] = _compact({
        "kinds": [{"name": name, "url": site.kinds[name].index_path} for name in kinds],   # from the root
        "pages": rows, "shards": {prefix: len(body) for prefix, body in shards.items()}})
    return files


def _encode(term: str, found: list[int]) -> bytes:
    """'"term":[gaps]' for a term's pages, given as page number * 4 + where on it, in page order. Gaps: each
    page number minus the one before (the first minus -1), times 4, plus where, so a page with a common term
    costs two or three bytes. Terms are [a-z0-9] only: JSON needs no escapes for them."""
    gaps = map(operator.sub, found, map(operator.and_, itertools.chain((-4,), found), itertools.repeat(~3)))
    return f'"{term}":[{",".join(map(str, gaps))}]'.encode("ascii")


def _shards(postings: dict[str, list[int]]) -> dict[str, bytes]:
    """Term shards by prefix: PREFIX letters, then one more wherever a shard would pass SHARD_BYTES."""
    encoded = {term: _encode(term, found) for term, found in postings.items()}
    groups: dict[str, list[str]] = {}

    def place(terms: list[str], length: int) -> None:
        by_prefix: dict[str, list[str]] = {}
        for term in terms:
            by_prefix.setdefault(term[:length], []).append(term)
        for prefix, members in by_prefix.items():
            longer = [t for t in members if len(t) > length]
            if sum(len(encoded[t]) + 1 for t in members) > SHARD_BYTES and longer:
                place(longer, length + 1)
                members = [t for t in members if len(t) <= length]
                if not members:
                    continue
            groups[prefix] = members

    place(sorted(encoded), PREFIX)
    # The bytes of _compact({term: gaps}) for the terms of each shard, made from the encoded terms.
    return {prefix: b"{" + b",".join(encoded[t] for t in sorted(terms)) + b"}\n"
            for prefix, terms in sorted(groups.items())}


def _compact(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode("utf-8")


def preview_shard(page_id: str, count: int) -> int:
    """Which of `count` previews shards holds a page: FNV-1a of its UTF-16 code units, as site.js hashes it."""
    h = 0x811C9DC5
    for unit in memoryview(page_id.encode("utf-16-le")).cast("H"):
        h = ((h ^ unit) * 0x01000193) & 0xFFFFFFFF
    return h % count


def preview_files(site, style) -> dict[str, bytes]:
    """previews/index.json ({"shards": n}) and previews/0.json ... previews/<n-1>.json for static/site.js."""
    entries = {}
    for page in site.pages.values():
        kind = site.kind_of(page)
        if kind.in_previews:
            entry = {"title": page.title, "kind": page.kind, "summary": page.summary,
                     "native_name": page.native_name, "native_lang": lang_of(page.native_name),
                     "dates": life_text(page, kind, style), **(kind.preview(site, page) if kind.preview else {})}
            entries[page.id] = {k: v for k, v in entry.items() if v}
    total = sum(len(_compact(entry)) + len(page_id) + 4 for page_id, entry in entries.items())
    count = 1
    while total / count > PREVIEW_BYTES:
        count *= 2
    shards: list[dict] = [{} for _ in range(count)]
    for page_id, entry in entries.items():
        shards[preview_shard(page_id, count)][page_id] = entry
    files = {f"previews/{n}.json": _compact(shard) for n, shard in enumerate(shards)}
    files["previews/index.json"] = _compact({"shards": count})
    return files


def life_text(page, kind, style) -> str:
    """The dates a preview shows, from the kind's span: "1879–1940" in full, or "born ..." alone."""
    if kind.span is None:
        return ""
    return kind.span.describe(page, lambda d: format_date(d, style), lambda start, end: format_span(start, end, style))


def find_preview(files: dict[str, bytes], page_id: str) -> dict | None:
    """A page's preview from built files ({site path: bytes}), found as site.js finds it."""
    count = json.loads(files["previews/index.json"])["shards"]
    return json.loads(files[f"previews/{preview_shard(page_id, count)}.json"]).get(page_id)


def searched_names(files: dict[str, bytes]) -> dict[str, list[str]]:
    """page id -> its title and the spelling keys of its other names, from search/pages.json."""
    return {row[0]: row[2:] for row in json.loads(files["search/pages.json"])["pages"]}
