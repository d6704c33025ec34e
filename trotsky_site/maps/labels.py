"""Greedy label placement: each label takes the first free spot of eight around its marker.

Text is measured from average glyph widths of a wide sans-serif face (DejaVu Sans, which Linux
browsers use for system-ui; Segoe UI and San Francisco are narrower), so labels rather have room
to spare than run into each other; no font files are read at build time.

A spot is free when its box stays inside the map and touches neither a marker nor a label placed
before it. Among free spots the cheapest wins: a spot costs its rank in the order of preference,
plus a little for each route point it covers, plus a lot when the label could be read as naming
another marker. On a small map such a spot does not count as free, and a label with no free spot
is dropped; on a larger map it goes where it covers least. Either way the place list under the map
names every place.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .geometry import Point, Rect

NARROW = set("ijl.,;:'’!|")
SLIM = set("frtI()- ")
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
    ems = sum(0.3 if c in NARROW else 0.42 if c in SLIM else 0.98 if c in WIDE else 0.74 if c.isupper() else 0.62
              for c in text)
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


def place_labels(requests: Sequence[LabelRequest], bounds: Rect, *, font_size: float, gap: float,
                 drop_when_crowded: bool, avoid: Sequence[Point] = ()) -> tuple[PlacedLabel | None, ...]:
    """One placement (or None, dropped) per request, in the requests' order of priority.

    Each request is a marker too: no label may touch a marker's circle. `avoid` are points (along
    a route) better not covered.
    """
    anchors = [request.anchor for request in requests]
    markers = [(request.anchor, request.radius + 1) for request in requests]
    taken: list[Rect] = []
    placed: list[PlacedLabel | None] = []
    for request in requests:
        spots = [spot for spot in candidate_spots(request, font_size, gap) if bounds.contains(spot.box)]
        free = [spot for spot in spots if not any(spot.box.intersects(other) for other in taken)
                and not any(_gap(spot.box, center) < radius for center, radius in markers)]
        if drop_when_crowded:  # on a small map a label that could name another marker is worse than none
            free = [spot for spot in free if not _ambiguous(spot, request, anchors, gap)]
        if free:
            choice = min(free, key=lambda spot: spot_cost(spot, spots.index(spot), request, anchors, avoid, gap))
        elif spots and not drop_when_crowded:
            choice = min(spots, key=lambda spot: _covered(spot.box, taken, markers))
        else:
            choice = None
        if choice is not None:
            taken.append(choice.box.expanded(1))
        placed.append(choice)
    return tuple(placed)


def _covered(box: Rect, labels: Sequence[Rect], markers: Sequence[tuple[Point, float]]) -> float:
    """Area of other labels and markers (as squares) the box would hide."""
    return (sum(box.overlap_area(other) for other in labels)
            + sum(box.overlap_area(Rect(x - r, y - r, x + r, y + r)) for (x, y), r in markers))


def _gap(box: Rect, point: Point) -> float:
    """Distance from a point to the nearest point of a box (0 inside it)."""
    dx = max(box.left - point[0], 0.0, point[0] - box.right)
    dy = max(box.top - point[1], 0.0, point[1] - box.bottom)
    return (dx * dx + dy * dy) ** 0.5


def spot_cost(spot: PlacedLabel, rank: int, request: LabelRequest, anchors: Sequence[Point],
              avoid: Sequence[Point], gap: float) -> float:
    route = sum(_covers(spot.box, point) for point in avoid)
    return rank + ROUTE_POINT_COST * route + AMBIGUITY_COST * _ambiguous(spot, request, anchors, gap)


def _ambiguous(spot: PlacedLabel, request: LabelRequest, anchors: Sequence[Point], gap: float) -> bool:
    """Whether the label could be read as naming another marker.

    Readers pair a label with the marker beside the end of the text, and level with a line of text
    counts for more than near it: so distances here weigh height double. A label is ambiguous when
    another marker is about as near as its own to the point where the label meets its marker, or to
    the end of the text on that side, or sits just off an end of the text that faces away from it.
    """
    box, own = spot.box, request.anchor
    middle = (box.top + box.bottom) / 2
    left, right = (box.left, middle), (box.right, middle)
    reach = request.radius + gap
    if spot.text_anchor == "middle":
        near_points = (((box.left + box.right) / 2, box.bottom if box.bottom <= own[1] else box.top),)
        far_points = (left, right)
    else:
        start_x = box.left if spot.text_anchor == "start" else box.right
        corner_y = box.bottom if box.bottom <= own[1] else box.top if box.top >= own[1] else middle
        near, far = (left, right) if spot.text_anchor == "start" else (right, left)
        near_points, far_points = ((start_x, corner_y), near), (far,)
    return any(any(_seen_distance(point, other) < _seen_distance(point, own) + 0.3 * reach for point in near_points)
               or any(_length(point, other) < 1.5 * reach for point in far_points)
               for other in anchors if other != own)


def _seen_distance(a: Point, b: Point) -> float:
    return ((a[0] - b[0]) ** 2 + (2 * (a[1] - b[1])) ** 2) ** 0.5


def _length(a: Point, b: Point) -> float:
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5


def _covers(box: Rect, point: Point) -> bool:
    return box.left <= point[0] <= box.right and box.top <= point[1] <= box.bottom
