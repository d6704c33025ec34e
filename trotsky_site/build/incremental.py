"""What lets the preview rebuild in milliseconds: stages memoized between builds, pages rendered on demand.

`RenderCache` is a `build.Stages` that remembers parsed pages (by file stamp), the Jinja environment
(by templates folder and settings) and each page's `Rendered` Markdown, keyed by everything that
Markdown result reads (`cache.render_key`, the same key the build's .cache/ uses). A page whose key
is unchanged is not converted again.

`LazyBuild` holds one `BuildPlan` and runs the templates for a file only when it is asked for
(a browser request) or when the preview completes the build in the background.
"""
from __future__ import annotations

import itertools
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..load.bibliography import BIBTEX_FILE, CSL_JSON_FILE, load_bibliography
from ..load.content import discover, file_stamp, load_source
from ..model.kinds import KINDS, Registry
from ..model.urls import output_file
from ..problems import Problem
from ..render.markdown import LinkTargets, MarkdownRenderer
from ..render.outputs import render_outputs
from ..render.templates import make_environment
from .cache import PageDeps, Resolver, folders_hash, render_key
from .pipeline import BuildPlan, Stages, data_outputs

if TYPE_CHECKING:
    from ..model.site import Site


class RenderCache(Stages):
    """Memoized stages for a preview that rebuilds the same project again and again."""

    def __init__(self):
        self.renderer = MarkdownRenderer()
        self._pages: dict[tuple, tuple] = {}        # (absolute path, id) -> (source, stamp, page, problems)
        self._deps: dict[str, PageDeps] = {}        # body -> what it refers to
        self._rendered: dict[str, tuple] = {}       # page id -> (key, Rendered)
        self._env = None
        self._sources = None                        # (folder stamps, sources, problems) from the last listing
        self._resolved = None                       # (names, target -> id memo, names key) of the last build
        self._content = ""
        self._bibliography = None                   # (file stamps, Bibliography, problems)
        self.templates_key = ""
        self.converted: list[str] = []              # ids whose Markdown the last build converted

    def invalidate(self, paths=None) -> None:
        """Forget files the watcher saw change, even when their size and time stamp look the same;
        a path that is not a page we know (a new file, a deleted one) means the folders are listed again.
        None means anything may have changed."""
        if paths is None or any(os.path.basename(p) in (BIBTEX_FILE, CSL_JSON_FILE) for p in paths):
            self._bibliography = None               # a watcher's word beats a stamp
        if paths is None:
            self._pages.clear()
            self._sources = None
            return
        known = {os.path.abspath(s.path) for s in self._sources[1]} if self._sources else set()
        changed = set(map(os.path.abspath, paths))
        self._pages = {key: value for key, value in self._pages.items() if key[0] not in changed}
        for path in changed:
            inside = self._content and path.startswith(self._content + os.sep)
            if inside and (path not in known or not os.path.isfile(path)):
                self._sources = None

    def _discover(self, content_dir: Path, kinds: Registry):
        # Listing the folders costs more than the rest of loading: list them again only when an entry
        # may have come or gone (a folder's or a watched file's time stamp moved, or `invalidate` named
        # an unknown path).
        self._content = os.path.abspath(content_dir)
        watched = [content_dir / kind.folder for kind in kinds] + [content_dir / w for kind in kinds for w in kind.watch]
        stamps = (kinds, *(file_stamp(path) for path in (content_dir, *watched)))
        if self._sources is None or self._sources[0] != stamps:
            self._sources = (stamps, *discover(content_dir, kinds))
        return list(self._sources[1]), list(self._sources[2])

    def load_pages(self, content_dir: Path, kinds: Registry = KINDS):
        sources, problems = self._discover(content_dir, kinds)
        pages, fresh = [], {}
        for source in sources:
            key = (os.path.abspath(source.path), source.page_id)   # one file may hold several pages (a .bib)
            stamp = file_stamp(source.path)
            cached = self._pages.get(key)
            if cached is None or stamp is None or cached[:2] != (source, stamp):
                cached = (source, stamp, *load_source(source))
            fresh[key] = cached
            problems += cached[3]
            if cached[2] is not None:
                pages.append(cached[2])
        self._pages = fresh
        return pages, problems

    def load_bibliography(self, content_dir: Path):
        # Parsing the real .bib takes about 45 ms: read it again only when a stamp moved.
        stamps = tuple(file_stamp(content_dir / name) for name in (BIBTEX_FILE, CSL_JSON_FILE))
        if self._bibliography is None or self._bibliography[0] != stamps:
            self._bibliography = (stamps, *load_bibliography(content_dir))
        return self._bibliography[1], list(self._bibliography[2])

    def make_environment(self, template_dirs: tuple[Path, ...], config, kinds: Registry = KINDS):
        self.templates_key = folders_hash(template_dirs)
        # Jinja reloads a template whose file changed, so one environment serves until the settings change.
        where = tuple(map(os.path.abspath, template_dirs))
        if self._env is None or self._env[0] != (where, config, kinds):
            self._env = ((where, config, kinds), make_environment(template_dirs, config, kinds))
        return self._env[1]

    def render_all(self, site: Site, targets: LinkTargets, renderer: MarkdownRenderer | None = None):
        renderer = renderer or self.renderer
        resolver = Resolver(site)
        if self._resolved is not None and self._resolved[0] == site.names:
            # Same names, same ids: every target resolves as it did last time, and the names key holds.
            resolver.memo, resolver._names_key = self._resolved[1], self._resolved[2]
        card_failed = []

        def card(target, here):
            html = targets.render_card(target, here)
            if not html:      # the card template failed and said so once: never keep this result
                card_failed.append(target.id)
            return html

        rendered, problems, self.converted = {}, [], []
        for page_id, page in site.pages.items():
            key = self._key(page, site, resolver)
            cached = self._rendered.get(page_id)
            if cached is None or cached[0] != key:
                result = renderer.render(page, site, replace(targets, render_card=card))
                cached = self._rendered[page_id] = (None if card_failed else key, result)
                self.converted.append(page_id)
            rendered[page_id] = cached[1]
            problems += cached[1].problems
        for gone in set(self._rendered) - set(site.pages):
            del self._rendered[gone]
        self._deps = {p.body: self._deps[p.body] for p in site.pages.values() if p.body in self._deps}
        self._resolved = (site.names, resolver.memo, resolver._names_key)
        return rendered, problems

    def _key(self, page, site, resolver: Resolver) -> tuple:
        return render_key(page, site, resolver, self._deps, self.templates_key)


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
        batch = [self.pending.pop(path) for path in list(itertools.islice(self.pending, count))]
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
