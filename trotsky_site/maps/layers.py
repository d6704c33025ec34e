"""Land, borders and graticule cut to the view, projected, simplified and written as SVG path data.

Outlines are first cut in longitude/latitude to the part of the globe the view can show (at most
180° either side of the projection's centre, so no ring jumps across the map's seam), then bent by
the projection, cut again to the pixel view plus a small margin, and simplified with a tolerance
of half a pixel: detail finer than that cannot be seen and only makes the page heavier.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from .geobox import GeoBox
from .geometry import Point, Rect, clip_line, clip_ring, densify, ring_area, simplify
from .projection import FittedProjection
from .world import Outline, World

TOLERANCE_PX = 0.5
SMALLEST_RING_PX2 = 1.0
DENSIFY_DEGREES = 1.0
SHIFTS = (0.0, -360.0, 360.0)


def view_window(projection: FittedProjection, view: Rect, samples: int = 16) -> GeoBox:
    """The longitudes and latitudes the view can show, found by inverting a grid of its pixels."""
    center = projection.raw.center_longitude
    offsets, latitudes = [], []
    for i in range(samples + 1):
        for j in range(samples + 1):
            lon, lat = projection.invert(view.left + view.width * i / samples, view.top + view.height * j / samples)
            offsets.append(max(-180.0, min(180.0, lon - center)))
            latitudes.append(max(-90.0, min(90.0, lat)))
    pad_lon = 2 + 0.05 * (max(offsets) - min(offsets))
    pad_lat = 2 + 0.05 * (max(latitudes) - min(latitudes))
    west, east = max(-180.0, min(offsets) - pad_lon), min(180.0, max(offsets) + pad_lon)
    south, north = max(-90.0, min(latitudes) - pad_lat), min(90.0, max(latitudes) + pad_lat)
    for pole in (90.0, -90.0):
        x, y = projection.project(center, pole)
        if view.left <= x <= view.right and view.top <= y <= view.bottom:
            west, east = -180.0, 180.0
            south, north = (south, 90.0) if pole > 0 else (-90.0, north)
    return GeoBox(center + west, south, center + east, north)


def _geo_rect(window: GeoBox) -> Rect:
    return Rect(window.west, window.south, window.east, window.north)


def _shifted(outlines: Sequence[Outline], window: GeoBox) -> Iterator[tuple[tuple[Point, ...], bool]]:
    """Each outline moved by whole turns so it lies in the window, and whether it lies wholly inside."""
    for item in outlines:
        if item.north < window.south or item.south > window.north:
            continue
        for shift in SHIFTS:
            west, east = item.west + shift, item.east + shift
            if east < window.west or west > window.east:
                continue
            points = item.points if shift == 0 else tuple((x + shift, y) for x, y in item.points)
            inside = window.west <= west and east <= window.east and window.south <= item.south and item.north <= window.north
            yield points, inside


Shape = tuple[Point, ...]


def land_pixels(world: World, projection: FittedProjection, view: Rect) -> tuple[Shape, ...]:
    """The land as pixel rings cut to the view, not yet simplified (the costly part, done once)."""
    window = view_window(projection, view)
    geo_rect, pixel_rect = _geo_rect(window), view.expanded(3)
    rings = []
    for points, inside in _shifted(world.land, window):
        ring = points if inside else clip_ring(points, geo_rect)
        if ring:
            closed = densify((*ring, ring[0]), DENSIFY_DEGREES)
            pixels = clip_ring([projection.project_unwrapped(lon, lat) for lon, lat in closed], pixel_rect)
            if pixels:
                rings.append(pixels)
    return tuple(rings)


def simplified_rings(rings: Sequence[Shape], tolerance: float = TOLERANCE_PX) -> tuple[Shape, ...]:
    """Rings simplified to the tolerance; those that shrink below a pixel's area are left out."""
    simple = (simplify(ring, tolerance) for ring in rings)
    return tuple(ring for ring in simple if len(ring) >= 3 and abs(ring_area(ring)) >= SMALLEST_RING_PX2)


def land_rings(world: World, projection: FittedProjection, view: Rect,
               tolerance: float = TOLERANCE_PX) -> tuple[Shape, ...]:
    """The land as pixel rings ready for an even-odd fill."""
    return simplified_rings(land_pixels(world, projection, view), tolerance)


def border_pixels(world: World, projection: FittedProjection, view: Rect) -> tuple[Shape, ...]:
    """Today's land borders as pixel lines cut to the view, not yet simplified."""
    window = view_window(projection, view)
    return _project_lines((piece for points, inside in _shifted(world.borders, window)
                           for piece in ((points,) if inside else clip_line(points, _geo_rect(window)))),
                          projection, view)


def simplified_lines(lines: Sequence[Shape], tolerance: float = TOLERANCE_PX) -> tuple[Shape, ...]:
    return tuple(line for line in (simplify(line, tolerance) for line in lines) if len(line) >= 2)


def border_lines(world: World, projection: FittedProjection, view: Rect,
                 tolerance: float = TOLERANCE_PX) -> tuple[Shape, ...]:
    return simplified_lines(border_pixels(world, projection, view), tolerance)


def graticule_lines(projection: FittedProjection, view: Rect) -> tuple[Shape, ...]:
    """Meridians and parallels every 5, 10 or 20 degrees, whichever gives a handful across the view."""
    window = view_window(projection, view)
    span = max(window.longitude_span, window.latitude_span)
    step = 5 if span <= 30 else 10 if span <= 90 else 20
    south, north = max(window.south, -80.0), min(window.north, 80.0)
    lines = []
    for k in range(int(window.west // step) + 1, int(window.east // step) + 1):
        lines.append(((k * step, south), (k * step, north)))
    for k in range(int(south // step) + 1, int(north // step) + 1):
        lines.append(((window.west, k * step), (window.east, k * step)))
    return simplified_lines(_project_lines(lines, projection, view))


def _project_lines(lines: Iterable[Sequence[Point]], projection: FittedProjection, view: Rect) -> tuple[Shape, ...]:
    pixel_rect = view.expanded(3)
    pieces = []
    for line in lines:
        pixels = [projection.project_unwrapped(lon, lat) for lon, lat in densify(line, DENSIFY_DEGREES)]
        pieces.extend(clip_line(pixels, pixel_rect))
    return tuple(pieces)


def path_data(shapes: Sequence[Sequence[Point]], closed: bool) -> str:
    """SVG path data in tenths of a pixel: an absolute move, then relative lines, as short as it gets."""
    parts = []
    for shape in shapes:
        tenths = _distinct([(round(x * 10), round(y * 10)) for x, y in shape], closed)
        if len(tenths) < (3 if closed else 2):
            continue
        numbers = [tenths[0][0], tenths[0][1]]
        for (x0, y0), (x1, y1) in zip(tenths, tenths[1:]):
            numbers += [x1 - x0, y1 - y0]
        parts.append("M" + _join(numbers[:2]) + "l" + _join(numbers[2:]) + ("z" if closed else ""))
    return "".join(parts)


def _distinct(points: list[tuple[int, int]], closed: bool) -> list[tuple[int, int]]:
    kept = [points[0]] if points else []
    for point in points[1:]:
        if point != kept[-1]:
            kept.append(point)
    if closed and len(kept) > 1 and kept[-1] == kept[0]:
        kept.pop()
    return kept


def _join(numbers: Sequence[int]) -> str:
    text = ""
    for number in numbers:
        written = tenths_text(number)
        text += written if not text or written.startswith("-") else " " + written
    return text


def tenths_text(tenths: int) -> str:
    """12 -> '1.2', 5 -> '.5', -5 -> '-.5', 30 -> '3'."""
    sign = "-" if tenths < 0 else ""
    whole, fraction = divmod(abs(tenths), 10)
    if fraction == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole if whole else ''}.{fraction}"
