"""Render keys, and the cache of rendered Markdown on disk.

A page's render key holds everything its Markdown result reads: the page itself, the site
settings, how every cross-link in its body resolves today (and the id, kind and title of the page
it reaches), the whole page behind each embedded card, the templates when it embeds cards, and
the kinds' URL prefixes and which of them can be embedded.
Two builds that compute equal keys for a page get byte-identical `Rendered` values from it, so
the preview's memory (`incremental.RenderCache`) and the build's `.cache/` use this one function.

The disk cache is a folder of pickles (`.cache/render-<salt>/`) keyed by a digest of the key.
Its salt holds the generator's version and source, Python-Markdown's version and Python's, so a
new generator never reads an old generator's results. The pickles are trusted like the project's
own code: never point the cache at a folder other people can write to.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import pickle
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..model.citations import cited_keys
from ..render.csl import style_digest
from ..load.dates import DateError, parse_date_reference
from ..model.links import EMBED_LINE_RE, WIKILINK_RE, parse_link, resolve_target

MD_FILE_LINK = re.compile(r"(?<![A-Za-z0-9_-])([A-Za-z0-9_-]+)\.md\b")   # starts a word: no backtracking
EMBED_LINES = re.compile(EMBED_LINE_RE.pattern, re.MULTILINE)
SHARDS = 64


@dataclass(frozen=True)
class PageDeps:
    """What a page's body refers to, read once per body text."""
    targets: tuple[str, ...]      # every [[...]] target that is not a date
    embeds: tuple[str, ...]       # every ![[...]] target on a line of its own
    md_files: tuple[str, ...]     # stems of every `something.md` written in the body
    cites: tuple[str, ...] = ()   # every key the body may cite (@key)


def page_deps(body: str) -> PageDeps:
    found = (_link_target(match.group(2)) for match in WIKILINK_RE.finditer(body))
    targets = dict.fromkeys(target for target in found if target is not None)
    embeds = dict.fromkeys(parse_link(m.group(1)).target for m in EMBED_LINES.finditer(body))
    md_files = dict.fromkeys(MD_FILE_LINK.findall(body)) if ".md" in body else {}
    return PageDeps(tuple(targets), tuple(embeds), tuple(md_files), cited_keys(body))


@functools.lru_cache(maxsize=1 << 16)
def _link_target(inner: str) -> str | None:
    """The page a [[...]] names, or None for a date (which depends on the text alone, valid or not)."""
    target = parse_link(inner).target
    try:
        if parse_date_reference(target) is not None:
            return None
    except DateError:
        return None
    return target


class Resolver:
    """Per build: how a link target resolves, and what of the target a link shows."""

    def __init__(self, site):
        self.site = site
        self.memo: dict[str, str] = {}
        self._names_key: str | None = None
        self._kinds_key: tuple | None = None
        self._style_key: str | None = None

    def names_key(self) -> str:
        # Failed links are reported with a "did you mean", which reads the whole name index.
        if self._names_key is None:
            self._names_key = hashlib.blake2b(repr(sorted(self.site.names.items())).encode(),
                                              digest_size=16).hexdigest()
        return self._names_key

    def kinds_key(self) -> tuple:
        """What rendering reads of the kinds: their URL prefixes, and which can be embedded."""
        if self._kinds_key is None:
            self._kinds_key = tuple((kind.name, kind.url_prefix, kind.embeddable) for kind in self.site.kinds)
        return self._kinds_key

    def style_key(self) -> str:
        if self._style_key is None:     # read once per build, not once per citing page
            self._style_key = style_digest(self.site.config.citation_style)
        return self._style_key

    def resolve(self, target: str) -> str | None:
        if target not in self.memo:
            found = resolve_target(target, self.site.pages, self.site.names, lambda _text: None)
            self.memo[target] = found.page_id or ""
        return self.memo[target] or None

    def view(self, page_id: str | None, whole: bool) -> object:
        page = self.site.pages.get(page_id) if page_id else None
        if page is None:
            return ("missing", self.names_key())
        return page if whole else (page.id, page.kind, page.title)


def render_key(page, site, resolver: Resolver, deps_memo: dict, templates_key: str) -> tuple:
    """Everything `MarkdownRenderer.render(page, site, ...)` reads; `deps_memo` maps body -> PageDeps."""
    deps = deps_memo.get(page.body)
    if deps is None:
        deps = deps_memo[page.body] = page_deps(page.body)
    links = tuple((t, resolver.view(resolver.resolve(t), False)) for t in deps.targets)
    cards = tuple(resolver.view(resolver.resolve(t), True) for t in deps.embeds)
    md_files = tuple(resolver.view(stem, False) for stem in deps.md_files)
    return (page, site.config, links, cards, md_files, templates_key if deps.embeds else "",
            cites_key(deps.cites, site, resolver) if deps.cites else (), resolver.kinds_key())


def cites_key(keys: tuple[str, ...], site, resolver: Resolver) -> tuple:
    """What a page's citations read: each cited work's entry, the style file, and, when a key is unknown,
    every key (its \"did you mean\" reads them all)."""
    works = site.bibliography.works
    entries = tuple((key, works[key].csl if key in works else None) for key in keys)
    every = tuple(works) if any(key not in works for key in keys) else ()
    return (entries, every, resolver.style_key())


def folder_hash(folder: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def folders_hash(folders) -> str:
    """folder_hash of each folder, in order: a site's templates over the theme's."""
    return "".join(folder_hash(folder) for folder in folders)


def key_digest(key: tuple) -> str:
    """A render key as text that is the same in every process (repr of frozen dataclasses and str)."""
    return hashlib.blake2b(repr(key).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def generator_salt() -> str:
    """Changes whenever the Markdown stage could render differently: the generator's version, the source
    of every module the stage runs (render/markdown.py and what it imports, found by reading the imports),
    the Markdown library's version and Python's."""
    import markdown

    from .. import __version__
    digest = hashlib.blake2b(f"{__version__}|{markdown.__version__}|{sys.version}".encode(), digest_size=8)
    package = Path(__file__).resolve().parents[1]
    modules = _imported_modules(package, "render.markdown") | _imported_modules(package, "model.kinds")
    for path in sorted(modules):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _imported_modules(package: Path, first: str) -> set[Path]:
    """The package's modules that `first` (dotted, inside the package) imports at the top level, transitively."""
    found, todo = set(), [first]
    while todo:
        module = todo.pop()
        path = package.joinpath(*module.split(".")).with_suffix(".py")
        if path in found or not path.is_file():
            continue
        found.add(path)
        todo += [_absolute(module, dots, name) for dots, name in _RELATIVE_IMPORT.findall(path.read_text("utf-8"))]
    return found


def _absolute(module: str, dots: str, name: str) -> str:
    """`from ..model.kinds import` in render.markdown -> model.kinds (dotted, inside the package)."""
    parent = module.split(".")[:-1]
    return ".".join([*parent[:len(parent) - (len(dots) - 1)], *name.split(".")])


_RELATIVE_IMPORT = re.compile(r"^from (\.+)([\w.]+) import", re.MULTILINE)   # top-level imports only


class DiskStore:
    """Rendered values by key digest, in SHARDS pickle files loaded when first needed.

    `save()` rewrites only the shards that gained an entry or hold entries this build did not use,
    so a rebuild after one edit writes two small files, and results nobody asks for any more go away.
    """

    def __init__(self, folder: Path, salt: str | None = None):
        self.folder = Path(folder) / f"render-{salt or generator_salt()}"
        self._shards: dict[int, dict[str, object]] = {}
        self._used: dict[int, set[str]] = {}
        self._dirty: set[int] = set()
        self.misses = 0           # lookups that found nothing: pages this store saw converted

    def get(self, digest: str):
        number = int(digest[:4], 16) % SHARDS
        value = self._load(number).get(digest)
        if value is None:
            self.misses += 1
        else:
            self._used.setdefault(number, set()).add(digest)
        return value

    def put(self, digest: str, value) -> None:
        number = int(digest[:4], 16) % SHARDS
        self._load(number)[digest] = value
        self._used.setdefault(number, set()).add(digest)
        self._dirty.add(number)

    def _load(self, number: int) -> dict:
        if number not in self._shards:
            try:
                with open(self.folder / f"{number:02x}.pickle", "rb") as file, paused_gc():
                    loaded = pickle.load(file)
                self._shards[number] = loaded if isinstance(loaded, dict) else {}
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
                self._shards[number] = {}       # missing or unreadable: render again
        return self._shards[number]

    def save(self) -> None:
        """Writes what changed; a cache that cannot be written is only a slower next build."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for number, shard in self._shards.items():
                used = self._used.get(number, set())
                if number not in self._dirty and used == set(shard):
                    continue
                kept = {digest: value for digest, value in shard.items() if digest in used}
                _write_atomic(self.folder / f"{number:02x}.pickle", pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))
            self._forget_other_generators()
        except OSError:
            pass

    def _forget_other_generators(self) -> None:
        for other in self.folder.parent.glob("render-*"):
            if other != self.folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)


@contextlib.contextmanager
def paused_gc():
    """For loading many objects at once: the collector would walk the growing heap again and again
    (unpickling the .cache/ of 10,000 pages took 0.9 s with it and 0.23 s without)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
