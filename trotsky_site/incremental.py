"""What lets the preview rebuild in milliseconds: stages memoized between builds, pages rendered on demand.

`RenderCache` is a `build.Stages` that remembers parsed pages (by file stamp), the Jinja environment
(by templates folder and settings) and each page's `Rendered` Markdown, keyed by everything that
Markdown result reads: the page itself, the site settings, how every cross-link in its body resolves
today (and the linked page's kind and title), the whole page behind each embedded card, and the
templates when it embeds cards. A page whose key is unchanged is not converted again.

`LazyBuild` holds one `BuildPlan` and runs the templates for a file only when it is asked for
(a browser request) or when the preview completes the build in the background.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .build import BuildPlan, Stages, data_outputs
from .content import discover, parse_page, read_text
from .dates import DateError, parse_date_reference
from .links import EMBED_LINE_RE, WIKILINK_RE, parse_link, resolve_target
from .pages import render_outputs
from .paths import output_file
from .problems import Problem
from .render import MarkdownRenderer
from .templates import make_environment

MD_FILE_LINK = re.compile(r"([A-Za-z0-9_-]+)\.md\b")
EMBED_LINES = re.compile(EMBED_LINE_RE.pattern, re.MULTILINE)


@dataclass(frozen=True)
class PageDeps:
    """What a page's body refers to, read once per body text."""
    targets: tuple[str, ...]      # every [[...]] target that is not a date
    embeds: tuple[str, ...]       # every ![[...]] target on a line of its own
    md_files: tuple[str, ...]     # stems of every `something.md` written in the body


def page_deps(body: str) -> PageDeps:
    targets = []
    for match in WIKILINK_RE.finditer(body):
        target = parse_link(match.group(2)).target
        try:
            if parse_date_reference(target) is not None:
                continue
        except DateError:
            continue          # an invalid date depends on the text alone
        targets.append(target)
    embeds = (parse_link(m.group(1)).target for m in EMBED_LINES.finditer(body))
    return PageDeps(tuple(dict.fromkeys(targets)), tuple(dict.fromkeys(embeds)),
                    tuple(dict.fromkeys(MD_FILE_LINK.findall(body))))


class _Resolver:
    """Per build: how a link target resolves, and what of the target a link shows."""

    def __init__(self, site):
        self.site = site
        self.memo: dict[str, str] = {}
        self._names_key = None

    def names_key(self) -> int:
        # Failed links are reported with a "did you mean", which reads the whole name index.
        if self._names_key is None:
            self._names_key = hash(tuple(sorted(self.site.names.items())))
        return self._names_key

    def resolve(self, target: str) -> str | None:
        if target not in self.memo:
            found = resolve_target(target, self.site.pages, self.site.names, lambda _text: None)
            self.memo[target] = found.page_id or ""
        return self.memo[target] or None

    def view(self, page_id: str | None, whole: bool) -> object:
        page = self.site.pages.get(page_id) if page_id else None
        if page is None:
            return ("missing", self.names_key())
        return page if whole else (page.kind, page.title)


class RenderCache(Stages):
    """Memoized stages for a preview that rebuilds the same project again and again."""

    def __init__(self):
        self.renderer = MarkdownRenderer()
        self._pages: dict[str, tuple] = {}          # absolute path -> (source, stamp, page, problems)
        self._deps: dict[str, PageDeps] = {}        # body -> what it refers to
        self._rendered: dict[str, tuple] = {}       # page id -> (key, Rendered)
        self._env = None
        self.templates_key = ""
        self.converted: list[str] = []              # ids whose Markdown the last build converted

    def invalidate(self, paths) -> None:
        """Forget files the watcher saw change, even when their size and time stamp look the same."""
        for path in paths:
            self._pages.pop(os.path.abspath(path), None)

    def load_pages(self, content_dir: Path):
        sources, problems = discover(content_dir)
        pages, fresh = [], {}
        for source in sources:
            key = os.path.abspath(source.path)
            stamp = _stamp(source.path)
            cached = self._pages.get(key)
            if cached is None or stamp is None or cached[:2] != (source, stamp):
                text, more = read_text(source.path, source.shown)
                page = None
                if text is not None:
                    page, parsed = parse_page(source, text)
                    more = more + parsed
                cached = (source, stamp, page, more)
            fresh[key] = cached
            problems += cached[3]
            if cached[2] is not None:
                pages.append(cached[2])
        self._pages = fresh
        return pages, problems

    def make_environment(self, templates_dir: Path, config):
        self.templates_key = _folder_hash(templates_dir)
        # Jinja reloads a template whose file changed, so one environment serves until the settings change.
        if self._env is None or self._env[0] != (os.path.abspath(templates_dir), config):
            self._env = ((os.path.abspath(templates_dir), config), make_environment(templates_dir, config))
        return self._env[1]

    def render_all(self, site, url_of, timeline_url, render_card, site_url, renderer=None):
        renderer = renderer or self.renderer
        resolver = _Resolver(site)
        card_failed = []

        def card(target):
            html = render_card(target)
            if not html:      # the card template failed and said so once: never keep this result
                card_failed.append(target.id)
            return html

        rendered, problems, self.converted = {}, [], []
        for page_id, page in site.pages.items():
            key = self._key(page, site, resolver)
            cached = self._rendered.get(page_id)
            if cached is None or cached[0] != key:
                result = renderer.render(page, site, url_of, timeline_url, card, site_url)
                cached = self._rendered[page_id] = (None if card_failed else key, result)
                self.converted.append(page_id)
            rendered[page_id] = cached[1]
            problems += cached[1].problems
        for gone in set(self._rendered) - set(site.pages):
            del self._rendered[gone]
        return rendered, problems

    def _key(self, page, site, resolver: _Resolver) -> tuple:
        deps = self._deps.get(page.body)
        if deps is None:
            deps = self._deps[page.body] = page_deps(page.body)
        links = tuple((t, resolver.view(resolver.resolve(t), False)) for t in deps.targets)
        cards = tuple(resolver.view(resolver.resolve(t), True) for t in deps.embeds)
        md_files = tuple(resolver.view(stem, False) for stem in deps.md_files)
        return (page, site.config, links, cards, md_files, self.templates_key if deps.embeds else "")


def _stamp(path: Path):
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def _folder_hash(folder: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class LazyBuild:
    """One planned build; its templates run when a file is first asked for, or by `render_next`."""

    def __init__(self, plan: BuildPlan | None, problems: list[Problem] | None = None):
        self.plan = plan
        self.files: dict[str, bytes] = {}
        self.pending = {str(output_file(o.path)): o for o in plan.outputs} if plan else {}
        self.paths = frozenset(self.pending)
        self._later: list[Problem] = list(problems or [])
        self._data: dict[str, bytes] | None = None if plan else {}

    @property
    def problems(self) -> list[Problem]:
        return list(dict.fromkeys((self.plan.problems if self.plan else []) + self._later))

    @property
    def complete(self) -> bool:
        return not self.pending and self._data is not None

    @property
    def base_url(self) -> str:
        return self.plan.site.config.base_url if self.plan else "/"

    def get(self, path: str) -> bytes | None:
        """The bytes of a site file ('people/x/index.html', 'static/style.css'), or None."""
        if path in self.pending:
            self._render([self.pending.pop(path)])
        if path in self.files:
            return self.files[path]
        if self.plan and path in self.plan.static:
            try:
                return self.plan.static[path].read_bytes()
            except OSError:
                return None
        return self._data_files().get(path)

    def render_next(self, count: int) -> bool:
        """Renders up to `count` more files; True when the whole build is done."""
        batch = [self.pending.pop(path) for path in list(self.pending)[:count]]
        if batch:
            self._render(batch)
        elif self._data is None:
            self._data_files()
        return self.complete

    def _render(self, outputs) -> None:
        files, problems = render_outputs(self.plan.env, outputs)
        self.files.update(files)
        self._later += problems

    def _data_files(self) -> dict[str, bytes]:
        if self._data is None:
            try:
                self._data = data_outputs(self.plan)
            except Exception as error:  # reported like any problem: the preview must keep running
                self._data = {}
                self._later.append(Problem("trotsky_site", None, "build.crashed",
                                           f"{type(error).__name__}: {error} (while writing the data files)",
                                           "a bug in the generator"))
            self.files.update(self._data)
        return self._data
