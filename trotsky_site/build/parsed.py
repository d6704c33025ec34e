"""Parsed content files kept between command-line builds, by file stamp."""
from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

from ..load.content import discover, file_stamp, load_source
from .cache import PageDeps, _write_atomic, page_deps
from .freshness import package_salt


class ParsedPages:
    """Parsed content files between command-line builds (.cache/pages-<salt>.pickle), by file stamp:
    (modification and change time in nanoseconds, size, inode). Parsing the front matter and checking the
    bodies of 10,000 pages is most of a rebuild's loading time; unpickling them is a tenth of it. A file
    changed within the last RACY_S seconds is parsed again next time too, as git does for an index entry
    as new as the index: on a file system with coarse time stamps, a second edit could keep the stamp."""

    RACY_S = 2.0

    def __init__(self, cache_dir: Path):
        self.path = Path(cache_dir) / f"pages-{package_salt()}.pickle"
        self.deps: dict[str, PageDeps] = {}    # body -> what it refers to (cache.render_key's memo), kept too

    def load(self, content_dir: Path, kinds):
        sources, problems = discover(content_dir, kinds)
        memo = self._read()
        fresh, pages, parsed = {}, [], 0
        for source in sources:
            key = (os.path.abspath(source.path), source.page_id, source.kind.name, source.shown)
            # A kind with its own loader may make a page from more than the one file (a source's page
            # from its note and the bibliography): those pages are loaded each time.
            stamp = file_stamp(source.path) if source.kind.load is None else None
            cached = memo.get(key)
            if cached is None or stamp is None or cached[0] != stamp:
                page, more = load_source(source)
                cached = (stamp, page, more, page_deps(page.body) if page is not None else None)
                parsed += 1
            fresh[key] = cached
            problems += cached[2]
            if cached[1] is not None:
                pages.append(cached[1])
                self.deps[cached[1].body] = cached[3]
        if parsed or len(fresh) != len(memo):
            self._write(fresh)
        return pages, problems

    def _read(self) -> dict:
        try:
            with open(self.path, "rb") as file:
                loaded = pickle.load(file)
            return loaded if isinstance(loaded, dict) else {}
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return {}

    def _write(self, entries: dict) -> None:
        settled = time.time_ns() - int(self.RACY_S * 1e9)
        kept = {key: value for key, value in entries.items() if value[0] is not None and value[0][0] < settled}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(self.path, pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))
            for other in self.path.parent.glob("pages-*.pickle"):
                if other != self.path:
                    other.unlink()
        except OSError:
            pass        # only a slower next build
