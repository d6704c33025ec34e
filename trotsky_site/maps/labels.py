"""Greedy label placement: each label takes the first free spot of eight around its marker.

Text is measured from average glyph widths of a sans-serif face (no font files at build time), with
a little to spare. A spot is free when its box stays inside the map and touches neither a marker
nor a label placed before it. Among free spots the cheapest wins: a spot costs its rank in the
order of preference, plus a little for each route point it covers, plus a lot when another marker
is as near to it as its own (the label would seem to name that marker). A label with no free spot
is dropped when the map is small; on a larger map it goes where it covers least (the place list
under the map names every place anyway).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .geometry import Point, Rect

NARROW = set("fijlrtI.,;:'’!|() ")
WIDE = set("mwMW@")
ASCENT, DESCENT = 0.78, 0.24
ROUTE_POINT_COST = 1.5
AMBIGUITY_COST = 20.0
# (dx, dy) direction from the marker, and which end of the text touches it; east and west first,
# because a label beside its point reads most naturally (Imhof's order of preference).
SPOTS = ((1, 0, "start"), (-1, 0, "end"), (1, -1, "start"), (1, 1, "start"),
         (-1, -1, "end"), (-1, 1, "end"), (0, -1, "middle"), (0, 1, "middle"))


@dataclass(frozen=True)
class LabelRequest:
    text: str
    anchor: Point
    radius: float


@dataclass(frozen=True)
class PlacedLabel:
    text: str
    x: float
    y: float  # the baseline
    text_anchor: str  # "start", "middle" or "end", as in SVG
    box: Rect


def text_width(text: str, font_size: float) -> float:
    """An estimate, slightly generous, of the text's width in a sans-serif face."""
    ems = sum(0.3 if c in NARROW else 0.85 if c in WIDE else 0.68 if c.isupper() else 0.56 for c in text)
    return ems * font_size


def candidate_spots(request: LabelRequest, font_size: float, gap: float) -> tuple[PlacedLabel, ...]:
    width = text_width(request.text, font_size)
    x0, y0 = request.anchor
    reach = request.radius + gap
    spots = []
    for dx, dy, anchor in SPOTS:
        diagonal = 0.75 if dx and dy else 1.0
        x = x0 + dx * reach * diagonal
        if dy == 0:
            baseline = y0 + (ASCENT - DESCENT) / 2 * font_size
        elif dy < 0:
            baseline = y0 - reach * diagonal - DESCENT * font_size
        else:
            baseline = y0 + reach * diagonal + ASCENT * font_size
        left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        box = Rect(left, baseline - ASCENT * font_size, left + width, baseline + DESCENT * font_size)
        spots.append(PlacedLabel(request.text, x, baseline, anchor, box))
    return tuple(spots)


def place_labels(requests: Sequence[LabelRequest], obstacles: Sequence[Rect], bounds: Rect, *,
                 font_size: float, gap: float, drop_when_crowded: bool,
                 avoid: Sequence[Point] = ()) -> tuple[PlacedLabel | None, ...]:
    """One placement (or None, dropped) per request, in the requests' order of priority.

    `obstacles` must not be covered; `avoid` are points (along a route) better not covered.
    """
    taken = list(obstacles)
    anchors = [request.anchor for request in requests]
    placed: list[PlacedLabel | None] = []
    for request in requests:
        spots = [spot for spot in candidate_spots(request, font_size, gap) if bounds.contains(spot.box)]
        free = [spot for spot in spots if not any(spot.box.intersects(other) for other in taken)]
        if free:
            choice = min(free, key=lambda spot: spot_cost(spot, spots.index(spot), request, anchors, avoid))
        elif spots and not drop_when_crowded:
            choice = min(spots, key=lambda spot: sum(spot.box.overlap_area(other) for other in taken))
        else:
            choice = None
        if choice is not None:
            taken.append(choice.box.expanded(1))
        placed.append(choice)
    return tuple(placed)


def spot_cost(spot: PlacedLabel, rank: int, request: LabelRequest, anchors: Sequence[Point],
              avoid: Sequence[Point]) -> float:
    own = _distance(spot.box, request.anchor)
    ambiguous = any(_distance(spot.box, other) <= own + request.radius
                    for other in anchors if other != request.anchor)
    route = sum(_covers(spot.box, point) for point in avoid)
    return rank + ROUTE_POINT_COST * route + AMBIGUITY_COST * ambiguous


def _distance(box: Rect, point: Point) -> float:
    dx = max(box.left - point[0], 0.0, point[0] - box.right)
    dy = max(box.top - point[1], 0.0, point[1] - box.bottom)
    return (dx * dx + dy * dy) ** 0.5


def _covers(box: Rect, point: Point) -> bool:
    return box.left <= point[0] <= box.right and box.top <= point[1] <= box.bottom
