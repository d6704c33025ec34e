"""The maps on the site's pages: a page's `markers` drawn at build time with trotsky_site/maps.

Templates call `maps.figure(markers, use, prefix, title)` (see templates/_maps.html) and get the
inline SVG(s) and the list of what they show, or None when there is nothing to draw. A `use` names
the sizes a kind of page draws (USES): a map as wide as the text column paired with a small one for
phones, as map.css recommends (labels of a wide map shrunk onto a phone become illegible), or, for
maps that are phone-sized already (a place's locator, a person's places), the small one alone.

Drawing one map takes 0.1–2 s, so each distinct (markers, options) is drawn once: `MapDrawer` keeps
them in memory for the life of the Jinja environment (the preview keeps its environment between
builds) and on disk in `<user cache>/trotsky-site/maps-<salt>/` (TROTSKY_SITE_MAP_CACHE overrides the
folder; empty turns it off), one file per map named by a digest of exactly those inputs. The salt is
a digest of the map library's source and data, so a changed library never serves an old drawing and
the cached value equals a fresh drawing. A drawing depends on nothing else, so one folder serves every
build of every project on the machine (the tests build the real site many times, in many folders, in
forked children that cannot hand drawings back to their parent); drawings unused for a month go.
Benchmark (real site, 2 cores, 159 maps): a clean build took 3.3 s without maps and ~27 s with them
uncached; with .cache/maps warm the maps add ~0.2 s.
"""
from __future__ import annotations

from typing import TYPE_CHECKING
import functools
import hashlib
import os
import tempfile
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..maps import MapOptions, Marker, place_list, render_map_svg

if TYPE_CHECKING:
    import jinja2

MAPS_PACKAGE = Path(__file__).resolve().parents[1] / "maps"
STALE_SECONDS = 30 * 24 * 3600   # a cached drawing nobody used for a month goes
MEMORY = 1024                      # drawings kept in memory (about 30 KB each)


@dataclass(frozen=True)
class Size:
    role: str          # "wide" or "narrow": its CSS class (map-wide, map-narrow) and id suffix
    width: int
    height: int
    small: bool
    max_bytes: int
    graticule: bool = True   # left out where many markers leave few bytes for the coasts


WIDE, NARROW = "wide", "narrow"
# The text column is 38rem (684 px); a phone's is ~350 px. A page's maps stay within 60 KB together.
USES: dict[str, tuple[Size, ...]] = {
    "journey": (Size(WIDE, 680, 440, True, 34_000, False), Size(NARROW, 360, 340, True, 26_000, False)),
    "home": (Size(NARROW, 360, 340, True, 26_000, False),),   # the journey page's small map, shared
    "places": (Size(WIDE, 680, 460, True, 34_000, False), Size(NARROW, 360, 360, True, 26_000, False)),
    "chapter": (Size(WIDE, 680, 400, False, 38_000), Size(NARROW, 360, 300, True, 18_000)),
    "person": (Size(NARROW, 360, 260, True, 26_000),),
    "place": (Size(NARROW, 360, 240, True, 26_000),),
}
ROUTES = frozenset({"journey", "home"})
LISTED = 8   # past this many markers, the SVG's <desc> points to the list instead of naming them all again


@dataclass(frozen=True)
class MapEntry:
    """One line of the list under a map: what the map shows, in words and links."""
    number: int | None     # the stop's number on a route
    label: str
    href: str | None
    page_id: str           # the place page, for the link's preview
    coordinates: str


@dataclass(frozen=True)
class MapFigure:
    use: str
    svgs: tuple[tuple[str, Markup], ...]   # (CSS class, SVG), the wide one first
    ordered: bool                          # a route: the list is an <ol> in route order
    entries: tuple[MapEntry, ...]

    @property
    def size(self) -> int:
        """Bytes the SVGs add to the page."""
        return sum(len(svg.encode()) for _, svg in self.svgs)


def to_markers(markers: list[dict], route: bool) -> tuple[Marker, ...]:
    """The context's marker dicts as the library's markers. A route visits a place more than once
    (Paris, Moscow), so a stop's marker is named by place and number; `preview` keeps the page id."""
    found = []
    for m in markers:
        number = m.get("number") if route else None
        found.append(Marker(f"{m['id']}-{number}" if number else m["id"], m["name"], m["lat"], m["lon"],
                            m.get("href"), number, preview=m["id"]))
    return tuple(found)


class MapDrawer:
    """Draws maps for templates, each distinct one once (see the module's docstring)."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder          # .cache/ (the drawings go in maps-<salt>/ inside), or None
        self._memory: OrderedDict[tuple, str] = OrderedDict()
        self._pruned = False
        self.drawn = 0                # maps this process drew (not found in memory or on disk)

    def figure(self, markers: list[dict], use: str, prefix: str, title: str) -> MapFigure | None:
        if not markers:
            return None
        route = use in ROUTES
        found = to_markers(markers, route)
        description = "" if len(found) <= LISTED else (
            f"A route through {len(found)} stops, numbered in date order; the list below the map names them."
            if route else f"{len(found)} places; the list below the map names them.")
        svgs = []
        for size in USES[use]:
            options = MapOptions(width=size.width, height=size.height, small=size.small, route=route, title=title,
                                 description=description, graticule=size.graticule, xlink=False,
                                 id_prefix=f"{prefix}-{size.role}", max_bytes=size.max_bytes)
            css = f"map-{size.role}" if len(USES[use]) > 1 else "map-single"
            svgs.append((css, Markup(self.svg(found, options))))
        listed = place_list(found, route=route)
        pages = {m.id: m.preview or m.id for m in found}
        entries = tuple(MapEntry(e.number, e.label, e.href, pages[e.id], e.coordinates) for e in listed.entries)
        return MapFigure(use, tuple(svgs), listed.ordered, entries)

    def svg(self, markers: tuple[Marker, ...], options: MapOptions) -> str:
        key = (markers, options)
        if key in self._memory:
            self._memory.move_to_end(key)
            return self._memory[key]
        path = self._path(key)
        svg = _read(path) if path else None
        if svg is None:
            svg = render_map_svg(markers, options)
            self.drawn += 1
            if path:
                _write(path, svg)
        self._memory[key] = svg
        if len(self._memory) > MEMORY:
            self._memory.popitem(last=False)
        return svg

    def _path(self, key: tuple) -> Path | None:
        if self.folder is None:
            return None
        folder = Path(self.folder) / f"maps-{library_salt()}"
        if not self._pruned:
            self._pruned = True
            _prune(folder)
        digest = hashlib.blake2b(repr(key).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
        return folder / f"{digest}.svg"


@functools.lru_cache(maxsize=1)
def library_salt() -> str:
    """A digest of the map library's source and data: what a drawing depends on besides its inputs."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(MAPS_PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".gz", ".json"):
            digest.update(path.relative_to(MAPS_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _read(path: Path) -> str | None:
    try:
        svg = path.read_text(encoding="utf-8")
        os.utime(path)   # used: not stale
        return svg
    except (OSError, UnicodeDecodeError):
        return None


def _write(path: Path, svg: str) -> None:
    """Atomically, as forked children may write at once; a cache that cannot be written only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".map-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(svg)
        os.replace(temporary, path)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    """Forget drawings unused for STALE_SECONDS, of this version of the library and of others (several
    checkouts may share the folder, so another version's drawings are not dropped on sight)."""
    limit = time.time() - STALE_SECONDS
    for other in folder.parent.glob("maps-*"):
        try:
            for path in other.iterdir():
                if path.stat().st_mtime < limit:
                    path.unlink(missing_ok=True)
            if other != folder and not any(other.iterdir()):
                other.rmdir()
        except OSError:
            pass


def default_folder() -> Path | None:
    """Where drawings are kept between builds: TROTSKY_SITE_MAP_CACHE (empty: nowhere), else the user's cache."""
    if "TROTSKY_SITE_MAP_CACHE" in os.environ:
        return Path(os.environ["TROTSKY_SITE_MAP_CACHE"]) if os.environ["TROTSKY_SITE_MAP_CACHE"] else None
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "trotsky-site"


def install_maps(env: jinja2.Environment, folder: Path | None | str = "default") -> MapDrawer:
    """Gives the templates `maps` (a MapDrawer) keeping its drawings in `folder` (None: in memory only)."""
    drawer = MapDrawer(default_folder() if folder == "default" else folder)
    env.globals["maps"] = drawer
    return drawer
