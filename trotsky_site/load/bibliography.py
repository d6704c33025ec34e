"""The works a site cites: content/bibliography.bib (BibTeX) and/or content/bibliography.json (CSL-JSON).

Either file, both or neither may exist. Every work becomes one CSL-JSON item, kept as canonical
JSON text in a frozen `Work`, so a page's render key can hold exactly the entries it cites.
"""
from __future__ import annotations

import difflib
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock

from ..problems import Problem
from .bibtex import entry_to_csl
from .content import read_text

_ENTRY_KEY = re.compile(r"`@\w+\{\s*([^,\s`]+)")
BIBTEX_FILE, CSL_JSON_FILE = "bibliography.bib", "bibliography.json"
# What each CSL type cannot be cited without, beyond a title (which every work needs).
REQUIRED = {"chapter": ("container-title",), "article-journal": ("container-title",),
            "article-newspaper": ("container-title",), "article-magazine": ("container-title",),
            "webpage": ("URL",)}
CSL_TYPES = frozenset((
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast", "chapter",
    "classic", "collection", "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
    "figure", "graphic", "hearing", "interview", "legal_case", "legislation", "manuscript", "map",
    "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review", "review-book", "software",
    "song", "speech", "standard", "thesis", "treaty", "webpage"))


@dataclass(frozen=True)
class Work:
    key: str
    csl: str          # the CSL-JSON item, as canonical JSON text
    shown: str        # the file it came from, as shown in messages
    line: int | None

    @property
    def item(self) -> dict:
        return json.loads(self.csl)


@dataclass(frozen=True)
class Bibliography:
    works: Mapping[str, Work] = field(default_factory=lambda: MappingProxyType({}))
    unreadable: frozenset[str] = frozenset()   # keys of entries that failed to parse: already reported

    def suggest(self, key: str) -> str | None:
        close = difflib.get_close_matches(key, list(self.works), n=1, cutoff=0.6) or \
            difflib.get_close_matches(key.lower(), [k.lower() for k in self.works], n=1, cutoff=0.6)
        if not close:
            return None
        return next(k for k in self.works if k.lower() == close[0].lower())


EMPTY = Bibliography()


def load_bibliography(content_dir: Path) -> tuple[Bibliography, list[Problem]]:
    """Both files, merged; a key given in both is an error naming both places."""
    works: dict[str, Work] = {}
    problems: list[Problem] = []
    for name, parse in ((BIBTEX_FILE, parse_bibtex), (CSL_JSON_FILE, parse_csl_json)):
        path = content_dir / name
        if not path.is_file():
            continue
        shown = f"{content_dir.name}/{name}" if content_dir.name else name
        text, more = read_text(path, shown)
        problems += more
        if text is None:
            continue
        found, more = parse(text, shown)
        problems += more
        for work in found:
            first = works.get(work.key)
            if first is not None:
                problems.append(Problem(work.shown, work.line, "bibliography.duplicate-key",
                                        f"the key '{work.key}' is also given in {first.shown}:{first.line}",
                                        "keep the entry in one of the two files"))
                continue
            works[work.key] = work
    unreadable = frozenset(match.group(1) for problem in problems if problem.code == "bibliography.invalid-bibtex"
                           for match in [_ENTRY_KEY.search(problem.message)] if match)
    return Bibliography(MappingProxyType(dict(sorted(works.items()))), unreadable - set(works)), problems


def parse_bibtex(text: str, shown: str) -> tuple[list[Work], list[Problem]]:
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)   # its own warnings repeat our problems
    library = bibtexparser.parse_string(text)
    problems = [_failed_block(block, shown) for block in library.failed_blocks]
    works = []
    for entry in library.entries:
        line = entry.start_line + 1
        fields = {field.key: field.value for field in entry.fields}
        item = entry_to_csl(entry.key, entry.entry_type, fields)
        problems += _missing(item, shown, line, f"@{entry.entry_type}")
        works.append(Work(entry.key, _canonical(item), shown, line))
    return works, problems


def _failed_block(block, shown: str) -> Problem:
    line = (block.start_line or 0) + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        return Problem(shown, line, "bibliography.duplicate-key", f"the key '{block.key}' is used by two entries",
                       "give each entry its own key (Better BibTeX: Refresh BibTeX key)")
    if isinstance(block, DuplicateFieldKeyBlock):
        fields = ", ".join(sorted(block.duplicate_keys))
        return Problem(shown, line, "bibliography.invalid-bibtex",
                       f"the entry '{block.key}' gives the field {fields} twice", "keep one of the two")
    first = block.raw.strip().splitlines()[0] if block.raw and block.raw.strip() else ""
    error = getattr(block, "error", None)
    what = getattr(error, "abort_reason", None) or (str(error) if error else "")
    what = " ".join(what.replace(". Was still", "; was still").split()).rstrip(".")
    return Problem(shown, line, "bibliography.invalid-bibtex",
                   f"the entry `{first[:60]}` cannot be read{': ' + what if what else ''}",
                   "check that every `{` is closed, every field ends with `,` and the entry ends with `}`; "
                   "or export the file again from Zotero")


def parse_csl_json(text: str, shown: str) -> tuple[list[Work], list[Problem]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [Problem(shown, error.lineno, "bibliography.invalid-json", f"invalid JSON: {error.msg}",
                            "export the file again from Zotero (CSL JSON), or fix the JSON syntax")]
    if not isinstance(data, list):
        return [], [Problem(shown, 1, "bibliography.invalid-json", "the file must be a JSON list of items",
                            "CSL-JSON is a list: [ {\"id\": ..., \"type\": ..., ...}, ... ]")]
    works, problems, searched = [], [], 0
    for index, item in enumerate(data):
        key = item.get("id") if isinstance(item, dict) else None
        line, searched = _line_of_item(text, key, searched)
        if not isinstance(item, dict) or not isinstance(key, (str, int)) or not str(key).strip():
            problems.append(Problem(shown, line, "bibliography.invalid-json", f"item {index + 1} has no \"id\"",
                                    "every item needs an \"id\", the key pages cite it by"))
            continue
        if item.get("type") not in CSL_TYPES:
            close = difflib.get_close_matches(str(item.get("type")), sorted(CSL_TYPES), n=1)
            problems.append(Problem(shown, line, "bibliography.invalid-json",
                                    f"the item '{key}' has the type {json.dumps(item.get('type'))}, not a CSL type",
                                    f"did you mean \"{close[0]}\"?" if close else "use a CSL type such as \"book\""))
            continue
        item = {**item, "id": str(key)}
        problems += _missing(item, shown, line, f"type {item['type']}")
        works.append(Work(str(key), _canonical(item), shown, line))
    return works, problems


def _line_of_item(text: str, key, after: int) -> tuple[int | None, int]:
    at = text.find(f'"id": {json.dumps(key)}', after) if key is not None else -1
    if at < 0:
        at = text.find(f'"id":{json.dumps(key)}', after) if key is not None else -1
    if at < 0:
        return None, after
    return text.count("\n", 0, at) + 1, at + 1


def _missing(item: dict, shown: str, line: int | None, what: str) -> list[Problem]:
    needed = ("title", *REQUIRED.get(item["type"], ()))
    absent = [variable for variable in needed if not str(item.get(variable, "")).strip()]
    if not absent:
        return []
    fields = {"container-title": "booktitle or journal (container-title)", "URL": "url"}
    names = ", ".join(fields.get(a, a) for a in absent)
    return [Problem(shown, line, "bibliography.missing-field",
                    f"the entry '{item['id']}' ({what}) has no {names}", f"add {names} to the entry")]


def _canonical(item: dict) -> str:
    return json.dumps(item, ensure_ascii=False, sort_keys=True)
