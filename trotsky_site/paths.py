"""Ids, slugs, URLs and output paths: the one place that converts between them."""
from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from slugify import slugify

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_IDS = frozenset({"index", "static", "search", "pagefind", "timeline", "circle", "journey", "con", "nul", "aux", "prn"})


def id_problem(page_id: str) -> str | None:
    """Why a file name cannot be a page id, or None when it can."""
    if not page_id:
        return "the file name is empty"
    if ".." in page_id or "/" in page_id or "\\" in page_id:
        return f"the id '{page_id}' contains a path separator or '..'"
    if page_id.lower() in RESERVED_IDS:
        return f"the id '{page_id}' is reserved"
    if not ID_PATTERN.match(page_id):
        return f"the id '{page_id}' is not a lowercase slug (letters a-z, digits and single hyphens)"
    return None


def suggest_id(text: str) -> str:
    return slugify(text) or "page"


def source_id(key: str) -> str:
    """The id of a bibliography entry's page, from its key: 'Marx:1867' -> 'marx-1867'."""
    return suggest_id(key)


def heading_anchor(text: str, separator: str = "-") -> str:
    """The anchor a heading gets; Python-Markdown's toc extension calls this as `slugify`."""
    return slugify(text, separator=separator) or "section"


def fold(text: str) -> str:
    """Case, stress marks and diacritics folded, for matching names typed any way."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("’", "'").split())


def normalize_base_url(base_url: str) -> str:
    """'/trotsky-site' -> '/trotsky-site/'; 'https://x.org/a' keeps its host; '' -> '/'."""
    base = (base_url or "/").strip()
    if "://" not in base and not base.startswith("/"):
        base = "/" + base
    return base if base.endswith("/") else base + "/"


def base_path(base_url: str) -> str:
    """The path part of the base URL: 'https://x.org/a/' -> '/a/'."""
    base = normalize_base_url(base_url)
    if "://" in base:
        rest = base.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"
    return base


def output_name(site_path: str) -> str:
    """'people/bukharin/' -> 'people/bukharin/index.html'; 'sitemap.xml' stays."""
    return site_path + "index.html" if site_path == "" or site_path.endswith("/") else site_path


def output_file(site_path: str) -> PurePosixPath:
    return PurePosixPath(output_name(site_path))


def url_for(base_url: str, site_path: str) -> str:
    return base_path(base_url) + site_path.lstrip("/")


def absolute_url(base_url: str, site_path: str) -> str:
    base = normalize_base_url(base_url)
    return (base if "://" in base else base) + site_path.lstrip("/")


def book_file(title: str) -> str:
    """The e-book's file name at the site's root: 'Chekhov — A Life' -> chekhov-a-life.epub."""
    return f"{slugify(title) or 'biography'}.epub"
