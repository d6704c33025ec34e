"""One function draws a map: markers and options in, a self-contained SVG string out.

The SVG is well-formed XML in the SVG namespace, so it works inline in HTML and in an EPUB's XHTML.
Colours come from CSS classes (see map.css), with presentation attributes as a fallback that any CSS
rule overrides, so the map stays legible where no stylesheet applies. Markers with an href are
links, reachable with the keyboard, each named by its <title>.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .geometry import Point, Rect
from .labels import LabelRequest, PlacedLabel, place_labels
from .layers import (TOLERANCE_PX, border_pixels, graticule_lines, land_pixels, path_data, simplified_lines,
                     simplified_rings)
from .markers import XML_ID, Marker, marker_problems, route_stops, spread_apart
from .marks import leaders_svg, marker_svg, markers_svg, route_svg, xml_clean, xml_text
from .projection import FittedProjection, plan_projection
from .route import route_points
from .world import World, load_world


@dataclass(frozen=True)
class MapOptions:
    width: int = 640
    height: int = 400
    route: bool = False  # join the numbered markers in order
    small: bool = False  # smaller marks; labels that do not fit are left out
    title: str = "Map"
    description: str = ""  # empty: a sentence listing the places is written
    borders: bool = False  # today's borders (Natural Earth): anachronistic for most of our years
    graticule: bool = True
    id_prefix: str = "map"  # makes the ids inside the SVG unique when a page holds several maps
    min_extent_km: float = 3500.0  # a single place still gets a region whose coasts one recognises
    max_bytes: int = 60_000  # past this, outlines are simplified harder until the map fits
    xlink: bool = True  # links also carry xlink:href, for SVG 1.1 readers (EPUB 2); HTML needs only href


@dataclass(frozen=True)
class MarkStyle:
    font_size: float
    radius: float
    numbered_radius: float
    number_font_size: float
    label_gap: float


NORMAL = MarkStyle(font_size=13, radius=4.5, numbered_radius=8.5, number_font_size=10, label_gap=3)
SMALL = MarkStyle(font_size=12, radius=3.5, numbered_radius=7.5, number_font_size=9, label_gap=2)


@dataclass(frozen=True)
class Layout:
    """Where everything goes, in pixels, before any SVG is written."""
    projection: FittedProjection
    places: tuple[Point, ...]  # the markers' true positions
    shown: tuple[Point, ...]  # where they are drawn, pushed apart when they would overlap
    labels: tuple[PlacedLabel | None, ...]  # one per marker, None when left out
    order: tuple[int, ...]  # marker indices: route stops in order, then the rest as given
    radius: float  # of the largest marker, for spacing


def options_problems(options: MapOptions) -> tuple[str, ...]:
    problems = []
    if not (120 <= options.width <= 4000 and 80 <= options.height <= 4000):
        problems.append(f"map size {options.width}×{options.height} is outside 120×80 .. 4000×4000")
    if not XML_ID.match(options.id_prefix):
        problems.append(f"id_prefix `{options.id_prefix}` is not a valid XML id (a letter, then letters, digits, - _ .)")
    if not options.title.strip():
        problems.append("a map needs a title, for screen readers")
    if options.min_extent_km <= 0:
        problems.append("min_extent_km must be positive")
    if options.max_bytes < 10_000:
        problems.append(f"max_bytes {options.max_bytes} leaves no room for the outlines; allow at least 10000")
    return tuple(problems)


def render_map_svg(markers: Sequence[Marker], options: MapOptions = MapOptions(), world: World | None = None) -> str:
    """The map as an <svg> element; raises ValueError naming every problem with the input."""
    problems = marker_problems(markers) + options_problems(options)
    if problems:
        raise ValueError("; ".join(problems))
    world = load_world() if world is None else world
    style = SMALL if options.small else NORMAL
    layout = lay_out(markers, options, style)
    head = _opening(markers, options)
    tail = _marks(markers, layout, options, style) + "</svg>"
    geography = _geography(world, layout.projection, options)
    tolerance = TOLERANCE_PX
    while True:
        svg = head + geography(tolerance) + tail
        if len(svg.encode()) <= options.max_bytes or tolerance > 8:
            return svg
        tolerance *= 1.4


def lay_out(markers: Sequence[Marker], options: MapOptions, style: MarkStyle) -> Layout:
    """Fit the projection to the places, keep markers apart and place their labels."""
    view = Rect(0, 0, options.width, options.height)
    radius = style.numbered_radius if options.route else style.radius
    projection = plan_projection([(m.lon, m.lat) for m in markers], options.width, options.height,
                                 padding_x=max(0.05 * options.width, 3 * radius),
                                 padding_y=max(0.07 * options.height, 3 * radius),
                                 min_extent_km=options.min_extent_km)
    places = tuple(projection.project(m.lon, m.lat) for m in markers)
    shown = tuple(_clamp(p, view.expanded(-radius - 1)) for p in spread_apart(places, 2 * radius + 1.5))
    order = _priority(markers, options.route)
    route = route_points([shown[i] for i in _route_indices(markers)], spacing=4) if options.route else ()
    placed = place_labels([LabelRequest(xml_clean(markers[i].label), shown[i], radius) for i in order],
                          view.expanded(-2), font_size=style.font_size, gap=style.label_gap,
                          drop_when_crowded=options.small, avoid=route)
    by_marker = dict(zip(order, placed))
    return Layout(projection, places, shown, tuple(by_marker[i] for i in range(len(markers))), order, radius)


def describe(markers: Sequence[Marker], route: bool) -> str:
    """A sentence naming the places, for the SVG's <desc>."""
    stops = route_stops(markers) if route else ()
    if len(stops) >= 2:
        return f"A route through {len(stops)} places: " + ", ".join(f"{m.number}. {m.label}" for m in stops) + "."
    if len(markers) == 1:
        return f"The position of {markers[0].label}."
    return f"{len(markers)} places: " + ", ".join(m.label for m in markers) + "."


def _opening(markers: Sequence[Marker], options: MapOptions) -> str:
    # role="img" would make the links inside presentational (axe-core: nested-interactive), so a
    # map of links is a named group; a map without links is an image.
    role = "group" if any(m.href for m in markers) else "img"
    prefix, width, height = options.id_prefix, options.width, options.height
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'class="map{" map-small" if options.small else ""}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="{role}" '
            f'aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc">'
            f'<title id="{prefix}-title">{xml_text(options.title)}</title>'
            f'<desc id="{prefix}-desc">{xml_text(options.description or describe(markers, options.route))}</desc>'
            f'<rect class="map-sea" width="{width}" height="{height}" fill="#dce7ec"/>')


def _geography(world: World, projection: FittedProjection, options: MapOptions) -> Callable[[float], str]:
    """The graticule, land and borders as SVG for a given simplification tolerance. Cutting and
    projecting is done once here; only simplifying is repeated if the map must be made smaller."""
    view = Rect(0, 0, options.width, options.height)
    land = land_pixels(world, projection, view)
    borders = border_pixels(world, projection, view) if options.borders else ()
    graticule = path_data(graticule_lines(projection, view), closed=False) if options.graticule else ""
    head = (f'<path class="map-graticule" d="{graticule}" fill="none" stroke="#c3d3dc" stroke-width=".5"/>'
            if graticule else "")

    def draw(tolerance: float) -> str:
        parts = [head]
        if d := path_data(simplified_rings(land, tolerance), closed=True):
            parts.append(f'<path class="map-land" d="{d}" fill="#efe9dc" fill-rule="evenodd" '
                         f'stroke="#9d9585" stroke-width=".5" stroke-linejoin="round"/>')
        if d := path_data(simplified_lines(borders, tolerance), closed=False):
            parts.append(f'<path class="map-border" d="{d}" fill="none" stroke="#b5a993" stroke-width=".6" '
                         f'stroke-linejoin="round"/>')
        return "".join(parts)

    return draw


def _marks(markers: Sequence[Marker], layout: Layout, options: MapOptions, style: MarkStyle) -> str:
    route = route_svg([layout.shown[i] for i in _route_indices(markers)], layout.radius) if options.route else ""
    items = []
    for i in layout.order:  # also the keyboard's order: the route from its start
        numbered = options.route and markers[i].number is not None
        items.append(marker_svg(markers[i], layout.shown[i], layout.labels[i],
                                layout.radius if numbered else style.radius,
                                style.number_font_size if numbered else None, options.xlink))
    return route + leaders_svg(layout.places, layout.shown) + markers_svg(items, style.font_size)


def _route_indices(markers: Sequence[Marker]) -> list[int]:
    index = {m.id: i for i, m in enumerate(markers)}
    return [index[m.id] for m in route_stops(markers)]


def _priority(markers: Sequence[Marker], route: bool) -> tuple[int, ...]:
    """Route stops in order, then the rest as given: the order labels are placed and links tabbed in."""
    if not route:
        return tuple(range(len(markers)))
    return tuple(sorted(range(len(markers)), key=lambda i: (markers[i].number is None, markers[i].number or 0, i)))


def _clamp(point: Point, rect: Rect) -> Point:
    return min(max(point[0], rect.left), rect.right), min(max(point[1], rect.top), rect.bottom)
