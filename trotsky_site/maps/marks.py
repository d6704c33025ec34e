"""The SVG of what is drawn over the land: route, leader lines and markers with their labels.

Presentation attributes give the colours when no stylesheet applies; the classes let the site's
CSS (map.css) override them for dark mode and print.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence

from .geometry import Point
from .labels import PlacedLabel
from .layers import tenths_text
from .markers import Marker
from .route import arrowheads_path, route_path

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_clean(text: str) -> str:
    """The text without the control characters XML 1.0 forbids, so the SVG stays well-formed."""
    return NOT_XML.sub("", text)


def xml_text(text: str) -> str:
    """Escaped for an XML text node or a double-quoted attribute."""
    return html.escape(xml_clean(text), quote=True)


def number(value: float) -> str:
    """A coordinate to a tenth: 12.34 -> '12.3', 5.0 -> '5', -0.04 -> '0'."""
    return tenths_text(round(value * 10))


def route_svg(stops: Sequence[Point], radius: float) -> str:
    """The route's curves and arrowheads, or '' when there is no leg to draw."""
    line = route_path(stops)
    if not line:
        return ""
    arrows = arrowheads_path(stops, size=radius * 0.55, shortest_leg=radius * 4)
    return (f'<path class="map-route" d="{line}" fill="none" stroke="#9b1c1c" stroke-width="1.5" '
            f'stroke-linecap="round"/>'
            + (f'<path class="map-route-arrow" d="{arrows}" fill="#9b1c1c"/>' if arrows else ""))


def leaders_svg(places: Sequence[Point], shown: Sequence[Point]) -> str:
    """A thin line from each marker moved aside back to its true place, marked by a dot."""
    moved = [(p, s) for p, s in zip(places, shown) if abs(p[0] - s[0]) + abs(p[1] - s[1]) > 1]
    if not moved:
        return ""
    lines = "".join(f"M{number(s[0])} {number(s[1])}L{number(p[0])} {number(p[1])}" for p, s in moved)
    dots = "".join(f'<circle cx="{number(p[0])}" cy="{number(p[1])}" r="1.5"/>' for p, _ in moved)
    return (f'<g class="map-leader" fill="#1d1c1a" stroke="#1d1c1a" stroke-width=".8">'
            f'<path d="{lines}" fill="none"/>{dots}</g>')


def marker_svg(marker: Marker, at: Point, label: PlacedLabel | None, radius: float,
               number_size: float | None, xlink: bool = True) -> str:
    """One marker: a link when it has an href (a keyboard stop named by its <title>), else a group.

    `number_size` is given for a numbered stop of a route: its number is written in the dot.
    """
    x, y = at
    numbered = number_size is not None and marker.number is not None
    name = f"{marker.number}. {marker.label}" if numbered else marker.label
    parts = [f"<title>{xml_text(name)}</title>",
             f'<circle class="map-dot" cx="{number(x)}" cy="{number(y)}" r="{number(radius)}" fill="#9b1c1c" '
             f'stroke="#fff" stroke-width="1.5"/>']
    if numbered:
        parts.append(f'<text class="map-number" x="{number(x)}" y="{number(y + number_size * 0.36)}" '
                     f'font-size="{number(number_size)}" font-weight="bold" text-anchor="middle" fill="#fff" '
                     f'stroke="none">{marker.number}</text>')
    if label is not None:
        anchor = "" if label.text_anchor == "start" else f' text-anchor="{label.text_anchor}"'
        parts.append(f'<text class="map-label" x="{number(label.x)}" y="{number(label.y)}"{anchor}>'
                     f"{xml_text(label.text)}</text>")
    if marker.href:
        href = xml_text(marker.href)
        preview = f' data-preview="{xml_text(marker.preview)}"' if marker.preview else ""
        old = f' xlink:href="{href}"' if xlink else ""
        return f'<a class="map-marker" href="{href}"{old}{preview}>{"".join(parts)}</a>'
    return f'<g class="map-marker">{"".join(parts)}</g>'


def markers_svg(items: Sequence[str], font_size: float) -> str:
    """The markers in one group whose attributes give every label its colour and halo."""
    return (f'<g class="map-markers" font-family="system-ui, sans-serif" font-size="{number(font_size)}" '
            f'fill="#1d1c1a" stroke="#fbfaf7" stroke-width="3" stroke-linejoin="round" paint-order="stroke">'
            + "".join(items) + "</g>")
