"""BibTeX entries (as Zotero's Better BibTeX exports them) to CSL-JSON items: pure functions.

bibtexparser splits the file into entries and fields, and splits name lists; pylatexenc (which
bibtexparser uses) decodes LaTeX accents, `--` dashes and `\\&`. What is ours is the mapping
from BibTeX's entry types and fields to CSL's.
"""
from __future__ import annotations

import re

from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from pylatexenc.latex2text import LatexNodes2Text

MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator", "bookauthor": "container-author"}
TEXT_FIELDS = {"title": "title", "shorttitle": "title-short", "booktitle": "container-title",
               "journal": "container-title", "journaltitle": "container-title", "series": "collection-title",
               "publisher": "publisher", "address": "publisher-place", "location": "publisher-place",
               "volume": "volume", "volumes": "number-of-volumes", "number": "issue", "issue": "issue",
               "pages": "page", "edition": "edition", "note": "note", "url": "URL", "doi": "DOI",
               "isbn": "ISBN", "archive": "archive", "archive_location": "archive_location",
               "archiveprefix": "archive", "howpublished": "medium", "institution": "publisher",
               "organization": "publisher", "school": "publisher", "eventtitle": "event-title",
               "abstract": "abstract", "language": "language", "chapter": "chapter-number",
               "type": "genre", "library": "archive_location", "shortjournal": "container-title-short"}
ARCHIVE_FIELDS = ("archive", "archive_location", "library")
_YEAR = re.compile(r"^\s*(-?\d{1,4})(?:\s*(?:--?|–|/)\s*(-?\d{1,4}))?\s*$")
_ISO = re.compile(r"^\s*(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\s*$")
_DECODER = LatexNodes2Text(math_mode="verbatim")


def decode_latex(text: str) -> str:
    """LaTeX markup in a field value to plain Unicode: {\\\"o} -> ö, -- -> –, \\& -> &, {Braces} -> Braces."""
    if not any(mark in text for mark in "\\{}-~`'$"):
        return " ".join(text.split())
    return " ".join(_DECODER.latex_to_text(text).split())


def csl_type(entry_type: str, fields: dict[str, str]) -> str:
    """The CSL type of a BibTeX entry; the guesses Better BibTeX's own export makes readable again."""
    kind = entry_type.lower()
    subtype = fields.get("entrysubtype", "").lower()
    if kind == "article":
        if subtype in ("newspaper", "magazine"):
            return f"article-{subtype}"
        return "article-newspaper" if "day" in fields or "date" in fields and len(fields["date"]) > 7 \
            else "article-journal"
    if kind in ("incollection", "inbook", "inproceedings", "conference"):
        return "chapter" if kind != "inproceedings" else "paper-conference"
    if kind in ("online", "electronic", "www") or kind == "misc" and "url" in fields and \
            not any(f in fields for f in ARCHIVE_FIELDS):
        return "webpage"
    if kind in ("unpublished", "manuscript") or kind == "misc" and any(f in fields for f in ARCHIVE_FIELDS):
        return "manuscript"
    return {"book": "book", "mvbook": "book", "collection": "book", "proceedings": "book",
            "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis", "techreport": "report",
            "report": "report", "booklet": "pamphlet", "periodical": "periodical"}.get(kind, "document")


def parse_names(value: str) -> list[dict]:
    """A BibTeX name list to CSL names; a name in double braces ({{Commission of Inquiry}}) is one literal."""
    names = []
    for raw in split_multiple_persons_names(value):
        raw = raw.strip()
        if raw.startswith("{") and raw.endswith("}") and _balanced(raw[1:-1]):
            names.append({"literal": decode_latex(raw[1:-1])})
            continue
        parts = parse_single_name_into_parts(raw)
        name = {"family": decode_latex(" ".join(parts.last)), "given": decode_latex(" ".join(parts.first))}
        if parts.von:
            name["non-dropping-particle"] = decode_latex(" ".join(parts.von))
        if parts.jr:
            name["suffix"] = decode_latex(" ".join(parts.jr))
        names.append({k: v for k, v in name.items() if v})
    return names


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def parse_issued(fields: dict[str, str]) -> dict | None:
    """`date` (ISO, biblatex) or `year`/`month`/`day` to CSL date-parts; None when there is no date."""
    if "date" in fields:
        pieces = [_ISO.match(part) for part in fields["date"].split("/")]
        if all(pieces):
            return {"date-parts": [[int(x) for x in match.groups() if x] for match in pieces]}
        return {"literal": decode_latex(fields["date"])}
    if "year" not in fields:
        return None
    year = _YEAR.match(decode_latex(fields["year"]).replace("–", "--"))
    if year is None:
        return {"literal": decode_latex(fields["year"])}
    if year.group(2):
        return {"date-parts": [[int(year.group(1))], [int(year.group(2))]]}
    parts = [int(year.group(1))]
    month = fields.get("month", "").strip().lower()[:3]
    month_number = MONTHS.get(month) or (int(month) if month.isdigit() and 1 <= int(month) <= 12 else None)
    if month_number:
        parts.append(month_number)
        if fields.get("day", "").strip().isdigit():
            parts.append(int(fields["day"]))
    return {"date-parts": [parts]}


def entry_to_csl(key: str, entry_type: str, fields: dict[str, str]) -> dict:
    """One BibTeX entry (field names in any case, values as written) to a CSL-JSON item."""
    fields = {name.lower(): value for name, value in fields.items()}
    item: dict = {"id": key, "type": csl_type(entry_type, fields)}
    for name, variable in NAME_FIELDS.items():
        if name in fields:
            item[variable] = parse_names(fields[name])
    for name, variable in TEXT_FIELDS.items():
        if name in fields and variable not in item:
            item[variable] = decode_latex(fields[name])
    issued = parse_issued(fields)
    if issued:
        item["issued"] = issued
    accessed = fields.get("urldate")
    if accessed and _ISO.match(accessed):
        item["accessed"] = {"date-parts": [[int(x) for x in _ISO.match(accessed).groups() if x]]}
    if entry_type.lower() == "inbook" and "booktitle" not in fields and "chapter" in fields:
        item["container-title"], item["title"] = item.get("title", ""), decode_latex(fields["chapter"])
    if item["type"] == "webpage" and "container-title" not in item:   # the site's name
        if "howpublished" in fields and "://" not in fields["howpublished"]:
            item["container-title"] = item.pop("medium")
        elif "publisher" in item:
            item["container-title"] = item.pop("publisher")
    return item
