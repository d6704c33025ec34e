"""Which output files a rebuild must make again: one key per file, from exactly what it reads.

Every template is given the whole site, so each key holds a digest of the site's front matter: every
page without its body (a body reaches templates only through its `Rendered` result), the settings,
the bibliography, the templates and the generator's own files. To that a page's file adds its own
Markdown result (by its render key, `cache.render_key`, which determines it) and `PageOutput.reads`:
what its context takes from other pages' Markdown results (the backlinks made to it, the pages citing
a work); an index or the timeline adds its `reads` alone. The data files made from front matter alone
share one key, those that read Markdown results (the search index) another, from every page's; the e-book is keyed by the pages it holds and the dates any page links
(epub.book_reads). A file whose key, size, time stamp and inode match the manifest of the last
successful build into the same folder is left as it is: an edit to one page's body makes that page
again, the pages whose backlinks it changes and the search index; an edit to front matter makes
everything again (the writer still writes only the files whose bytes differ).
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import sys
from pathlib import Path

from ..model.page import Page
from ..model.urls import output_name
from ..render.epub import book_reads
from .cache import _write_atomic

MANIFEST = "outputs.pickle"
# The groups of files made after the templates: FRONT, DATA and BOOK are keyed as a whole, ZIP never.
FRONT, DATA, BOOK, ZIP = "front-matter data files", "data files", "e-book", "offline zip"


@functools.lru_cache(maxsize=1)
def package_salt() -> str:
    """Changes with any file of the generator (how outputs are planned and rendered is all of it) and
    with the versions of Jinja2, Python-Markdown and Python."""
    import jinja2
    import markdown
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(f"{jinja2.__version__}|{markdown.__version__}|{sys.version}".encode(), digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _digest(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def stable(value):
    """`value` as plain tuples and strings for a digest; a page stands for itself by id (its front matter
    is in the site's digest, its body in its render key)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, tuple) and all(type(item) is str for item in value):
        return tuple(value)     # a Backlink most often (140,000 at 10,000 pages): its repr is slow
    if isinstance(value, Page):
        return ("page", value.id)
    if isinstance(value, dict):
        return tuple((stable(key), stable(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(stable(item) for item in value)
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(stable(item)) for item in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(stable(getattr(value, f.name)) for f in dataclasses.fields(value)))
    return repr(value)


_FRONT_MATTER = tuple(f.name for f in dataclasses.fields(Page) if f.name != "body")


def site_digest(site, templates_key: str) -> str:
    """Everything about the site a template may read, but the Markdown results."""
    pages = hashlib.blake2b(digest_size=16)
    for page in site.pages.values():
        pages.update(repr([getattr(page, name) for name in _FRONT_MATTER] + [page.is_stub]).encode(
            "utf-8", "surrogatepass"))
    works = tuple((key, work.csl) for key, work in site.bibliography.works.items())
    return _digest(package_salt(), templates_key, site.config, pages.hexdigest(), works,
                   tuple(sorted(site.bibliography.unreadable)))


def output_keys(plan, render_digests: dict[str, str], templates_key: str) -> dict[str, str]:
    """{output file: key} for every file a template makes, and {FRONT: key, DATA: key, BOOK: key}."""
    common = site_digest(plan.site, templates_key)
    keys = {}
    for output in plan.outputs:
        page = output.context.get("page") if output.body is not None else None
        own = render_digests[page.id] if page is not None else None
        keys[output_name(output.path)] = _digest(common, output.path, output.template, own, stable(output.reads))
    keys[FRONT] = _digest(common, FRONT)
    keys[DATA] = _digest(common, DATA, tuple(render_digests.items()))
    held, dates = book_reads(plan.site, plan.rendered)
    keys[BOOK] = _digest(common, BOOK, tuple(render_digests[page_id] for page_id in held), dates)
    return keys


class Manifest:
    """The keys of the files the last successful build wrote into one output folder, with their stamps."""

    def __init__(self, cache_dir: Path, out_dir: Path):
        self.path = Path(cache_dir) / MANIFEST
        self.out = str(out_dir.resolve())
        self.files: dict[str, tuple] = {}      # site file -> (key, size, modified ns, inode)
        try:
            with open(self.path, "rb") as file:
                saved = pickle.load(file)
            if saved.get("out") == self.out and saved.get("salt") == package_salt():
                self.files = saved["files"]
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError,
                KeyError):
            self.files = {}

    def fresh(self, relative: str, key: str) -> bool:
        """Whether the output holds this file as the build that made it under `key` left it."""
        saved = self.files.get(relative)
        if saved is None or saved[0] != key:
            return False
        try:
            status = os.stat(f"{self.out}/{relative}")
        except OSError:
            return False
        return saved[1:] == (status.st_size, status.st_mtime_ns, status.st_ino)

    def fresh_group(self, key: str) -> list[str] | None:
        """The files made under the group's `key`, if each is as that build left it; else None."""
        names = [relative for relative, saved in self.files.items() if saved[0] == key]
        return names if names and all(self.fresh(relative, key) for relative in names) else None

    def save(self, keys: dict[str, str]) -> None:
        """After a successful commit: {file: key}, with the stamps of the files now in the output."""
        files = {}
        for relative, key in keys.items():
            try:
                status = os.stat(f"{self.out}/{relative}")
            except OSError:
                continue
            files[relative] = (key, status.st_size, status.st_mtime_ns, status.st_ino)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(self.path, pickle.dumps({"out": self.out, "salt": package_salt(), "files": files},
                                                  pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass        # only a slower next build


@dataclasses.dataclass
class Reuse:
    """What a build into one output folder may leave as the last successful build made it."""
    manifest: Manifest | None = None      # None: every file is made again
    keys: dict[str, str] = dataclasses.field(default_factory=dict)

    def todo(self, outputs: list) -> list:
        """The template outputs to render again."""
        if self.manifest is None:
            return outputs
        return [o for o in outputs if not self.manifest.fresh(output_name(o.path), self.keys[output_name(o.path)])]

    def kept(self, group: str) -> list[str] | None:
        """The files of `group` (FRONT, DATA, BOOK) the output holds as they should be, or None to make them again."""
        return None if self.manifest is None else self.manifest.fresh_group(self.keys[group])

    def save(self, groups: dict[str, set[str]]) -> None:
        """After a successful commit; `groups`: {FRONT: its files, ...}: a group without a key (ZIP) is
        made by every build."""
        if self.manifest is not None:
            files = {name: key for name, key in self.keys.items() if name not in (FRONT, DATA, BOOK)}
            for group, names in groups.items():
                if group in self.keys:
                    files.update(dict.fromkeys(names, self.keys[group]))
            self.manifest.save(files)
