"""One function draws a map: markers and options in, a self-contained SVG string out.

The SVG is well-formed XML in the SVG namespace, so it works inline in HTML and in an EPUB's XHTML.
Colours come from CSS classes (see map.css), with presentation attributes as a fallback that any CSS
rule overrides, so the map stays legible where no stylesheet applies. Markers with an href are
links, reachable with the keyboard, each named by its <title>.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .geometry import Rect
from .labels import LabelRequest, PlacedLabel, place_labels
from .layers import TOLERANCE_PX, border_lines, graticule_lines, land_rings, path_data
from .markers import XML_ID, Marker, marker_problems, route_stops, spread_apart
from .projection import FittedProjection, plan_projection
from .route import arrowheads_path, route_path, route_points
from .world import World, load_world

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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


@dataclass(frozen=True)
class MarkStyle:
    font_size: float
    radius: float
    numbered_radius: float
    number_font_size: float
    label_gap: float


NORMAL = MarkStyle(font_size=13, radius=4.5, numbered_radius=8.5, number_font_size=10, label_gap=3)
SMALL = MarkStyle(font_size=12, radius=3.5, numbered_radius=7.5, number_font_size=9, label_gap=2)


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
    width, height = options.width, options.height
    view = Rect(0, 0, width, height)
    radius = style.numbered_radius if options.route else style.radius
    projection = plan_projection([(m.lon, m.lat) for m in markers], width, height,
                                 padding_x=max(0.05 * width, 3 * radius), padding_y=max(0.07 * height, 3 * radius),
                                 min_extent_km=options.min_extent_km)
    places = [projection.project(m.lon, m.lat) for m in markers]
    shown = [_inside(p, view.expanded(-radius - 1)) for p in spread_apart(places, 2 * radius + 1.5)]
    order = _priority(markers, options.route)
    requests = [LabelRequest(_clean(markers[i].label), shown[i], radius) for i in order]
    route_line = route_points([shown[i] for i in _route_indices(markers)], spacing=4) if options.route else ()
    placed = place_labels(requests, view.expanded(-2), font_size=style.font_size,
                          gap=style.label_gap, drop_when_crowded=options.small, avoid=route_line)
    labels = {i: label for i, label in zip(order, placed)}
    prefix = options.id_prefix
    has_links = any(m.href for m in markers)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'class="map{" map-small" if options.small else ""}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="{"group" if has_links else "img"}" '
            f'aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc">'
            f'<title id="{prefix}-title">{_text(options.title)}</title>'
            f'<desc id="{prefix}-desc">{_text(options.description or describe(markers, options.route))}</desc>'
            f'<rect class="map-sea" width="{width}" height="{height}" fill="#dce7ec"/>')
    tail = "".join((*_route(markers, shown, options.route, radius), *_leaders(places, shown),
                    _markers(markers, shown, labels, options.route, radius, style), "</svg>"))
    tolerance = TOLERANCE_PX
    while True:
        svg = head + "".join(_geography(world, projection, view, options, tolerance)) + tail
        if len(svg.encode()) <= options.max_bytes or tolerance > 8:
            return svg
        tolerance *= 1.4


def describe(markers: Sequence[Marker], route: bool) -> str:
    """A sentence naming the places, for the SVG's <desc>."""
    stops = route_stops(markers) if route else ()
    if len(stops) >= 2:
        return f"A route through {len(stops)} places: " + ", ".join(f"{m.number}. {m.label}" for m in stops) + "."
    if len(markers) == 1:
        return f"The position of {markers[0].label}."
    return f"{len(markers)} places: " + ", ".join(m.label for m in markers) + "."


def _geography(world: World, projection: FittedProjection, view: Rect, options: MapOptions,
               tolerance: float) -> list[str]:
    parts = []
    if options.graticule:
        d = path_data(graticule_lines(projection, view), closed=False)
        parts.append(f'<path class="map-graticule" d="{d}" fill="none" stroke="#c3d3dc" stroke-width=".5"/>' if d else "")
    land = path_data(land_rings(world, projection, view, tolerance), closed=True)
    if land:
        parts.append(f'<path class="map-land" d="{land}" fill="#efe9dc" fill-rule="evenodd" '
                     f'stroke="#9d9585" stroke-width=".5" stroke-linejoin="round"/>')
    if options.borders:
        d = path_data(border_lines(world, projection, view, tolerance), closed=False)
        parts.append(f'<path class="map-border" d="{d}" fill="none" stroke="#b5a993" stroke-width=".6" '
                     f'stroke-linejoin="round"/>' if d else "")
    return parts


def _route(markers: Sequence[Marker], shown, route: bool, radius: float) -> list[str]:
    if not route:
        return []
    stops = [shown[i] for i in _route_indices(markers)]
    line = route_path(stops)
    if not line:
        return []
    arrows = arrowheads_path(stops, size=radius * 0.55, shortest_leg=radius * 4)
    return [f'<path class="map-route" d="{line}" fill="none" stroke="#9b1c1c" stroke-width="1.5" '
            f'stroke-linecap="round"/>',
            f'<path class="map-route-arrow" d="{arrows}" fill="#9b1c1c"/>' if arrows else ""]


def _leaders(places, shown) -> list[str]:
    """A thin line from each marker moved aside back to the true place, marked by a dot."""
    moved = [(p, s) for p, s in zip(places, shown) if abs(p[0] - s[0]) + abs(p[1] - s[1]) > 1]
    if not moved:
        return []
    lines = "".join(f"M{_n(s[0])} {_n(s[1])}L{_n(p[0])} {_n(p[1])}" for p, s in moved)
    dots = "".join(f'<circle cx="{_n(p[0])}" cy="{_n(p[1])}" r="1.5"/>' for p, _ in moved)
    return [f'<g class="map-leader" fill="#1d1c1a" stroke="#1d1c1a" stroke-width=".8">'
            f'<path d="{lines}" fill="none"/>{dots}</g>']


def _markers(markers: Sequence[Marker], shown, labels: dict[int, PlacedLabel | None], route: bool,
             radius: float, style: MarkStyle) -> str:
    items = []
    for i in _priority(markers, route):  # also the keyboard's order: the route from its start
        marker, (x, y) = markers[i], shown[i]
        numbered = route and marker.number is not None
        r = radius if numbered else style.radius
        name = f"{marker.number}. {marker.label}" if numbered else marker.label
        inner = [f"<title>{_text(name)}</title>",
                 f'<circle class="map-dot" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="#9b1c1c" stroke="#fff" '
                 f'stroke-width="1.5"/>']
        if numbered:
            inner.append(f'<text class="map-number" x="{_n(x)}" y="{_n(y + style.number_font_size * 0.36)}" '
                         f'font-size="{_n(style.number_font_size)}" font-weight="bold" text-anchor="middle" '
                         f'fill="#fff" stroke="none">{marker.number}</text>')
        label = labels.get(i)
        if label is not None:
            inner.append(f'<text class="map-label" x="{_n(label.x)}" y="{_n(label.y)}"'
                         f'{"" if label.text_anchor == "start" else f" text-anchor={chr(34)}{label.text_anchor}{chr(34)}"}>'
                         f"{_text(label.text)}</text>")
        if marker.href:
            href = _text(marker.href)
            items.append(f'<a class="map-marker" href="{href}" xlink:href="{href}">{"".join(inner)}</a>')
        else:
            items.append(f'<g class="map-marker">{"".join(inner)}</g>')
    return (f'<g class="map-markers" font-family="system-ui, sans-serif" font-size="{_n(style.font_size)}" '
            f'fill="#1d1c1a" stroke="#fbfaf7" stroke-width="3" stroke-linejoin="round" paint-order="stroke">'
            + "".join(items) + "</g>")


def _route_indices(markers: Sequence[Marker]) -> list[int]:
    index = {m.id: i for i, m in enumerate(markers)}
    return [index[m.id] for m in route_stops(markers)]


def _priority(markers: Sequence[Marker], route: bool) -> list[int]:
    """Route stops in order, then the rest as given: the order labels are placed in."""
    if not route:
        return list(range(len(markers)))
    return sorted(range(len(markers)), key=lambda i: (markers[i].number is None, markers[i].number or 0, i))


def _inside(point, rect: Rect):
    return min(max(point[0], rect.left), rect.right), min(max(point[1], rect.top), rect.bottom)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _clean(text: str) -> str:
    return NOT_XML.sub("", text)


def _text(text: str) -> str:
    return html.escape(_clean(text), quote=True)
