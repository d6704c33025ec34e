"""Plane geometry for drawing maps: rectangles, clipping, simplification and ring area.

Pure functions over tuples of (x, y) points; the same clipping serves longitude/latitude before
projecting and pixels after.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Rect:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def expanded(self, by: float) -> Rect:
        return Rect(self.left - by, self.top - by, self.right + by, self.bottom + by)

    def contains(self, other: Rect) -> bool:
        return (self.left <= other.left and self.top <= other.top
                and other.right <= self.right and other.bottom <= self.bottom)

    def overlap_area(self, other: Rect) -> float:
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return width * height if width > 0 and height > 0 else 0.0

    def intersects(self, other: Rect) -> bool:
        return self.overlap_area(other) > 0


def bounds_of(points: Sequence[Point]) -> Rect:
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return Rect(min(xs), min(ys), max(xs), max(ys))


def clip_ring(ring: Sequence[Point], rect: Rect) -> tuple[Point, ...]:
    """The ring cut to the rectangle (Sutherland–Hodgman), or () when nothing is left.

    Where a concave ring leaves and re-enters, the result runs along the rectangle's edge; callers
    clip to a rectangle a little larger than the view so those edges are never seen.
    """
    points = list(ring)
    for inside, cross in _rect_edges(rect):
        if not points:
            break
        clipped: list[Point] = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    clipped.append(cross(previous, current))
                clipped.append(current)
            elif inside(previous):
                clipped.append(cross(previous, current))
            previous = current
        points = clipped
    return tuple(points) if len(points) >= 3 else ()


def _rect_edges(rect: Rect):
    def cross_x(edge_x):
        def cross(a: Point, b: Point) -> Point:
            t = (edge_x - a[0]) / (b[0] - a[0])
            return edge_x, a[1] + t * (b[1] - a[1])
        return cross

    def cross_y(edge_y):
        def cross(a: Point, b: Point) -> Point:
            t = (edge_y - a[1]) / (b[1] - a[1])
            return a[0] + t * (b[0] - a[0]), edge_y
        return cross

    return (
        (lambda p: p[0] >= rect.left, cross_x(rect.left)),
        (lambda p: p[0] <= rect.right, cross_x(rect.right)),
        (lambda p: p[1] >= rect.top, cross_y(rect.top)),
        (lambda p: p[1] <= rect.bottom, cross_y(rect.bottom)),
    )


def clip_line(line: Sequence[Point], rect: Rect) -> tuple[tuple[Point, ...], ...]:
    """The pieces of an open polyline that lie inside the rectangle (Liang–Barsky per segment)."""
    pieces: list[list[Point]] = []
    current: list[Point] = []
    for a, b in zip(line, line[1:]):
        segment = _clip_segment(a, b, rect)
        if segment is None:
            if current:
                pieces.append(current)
                current = []
            continue
        start, end = segment
        if current and current[-1] != start:
            pieces.append(current)
            current = []
        if not current:
            current.append(start)
        current.append(end)
        if end != b:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return tuple(tuple(piece) for piece in pieces if len(piece) >= 2)


def _clip_segment(a: Point, b: Point, rect: Rect) -> tuple[Point, Point] | None:
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - rect.left), (dx, rect.right - a[0]), (-dy, a[1] - rect.top), (dy, rect.bottom - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    start = a if t0 == 0 else (a[0] + t0 * dx, a[1] + t0 * dy)
    end = b if t1 == 1 else (a[0] + t1 * dx, a[1] + t1 * dy)
    return start, end


def simplify(points: Sequence[Point], tolerance: float) -> tuple[Point, ...]:
    """Douglas–Peucker: drop every point closer than `tolerance` to the line kept around it.

    A closed ring (first point repeated last, or not) keeps its first point and the point farthest
    from it, so the ring cannot collapse to a line through its own start. The distance arithmetic is
    written out inline: this loop is most of the time spent drawing a map.
    """
    count = len(points)
    if count < 3:
        return tuple(points)
    keep = [False] * count
    keep[0] = keep[-1] = True
    x0, y0 = points[0]
    far = max(range(count), key=lambda i: (points[i][0] - x0) ** 2 + (points[i][1] - y0) ** 2)
    keep[far] = True
    stack = [(0, far), (far, count - 1)]
    limit = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        worst, worst_distance = 0, -1.0
        for i in range(first + 1, last):
            px, py = points[i]
            t = ((px - ax) * dx + (py - ay) * dy) / length if length else 0.0
            t = 0.0 if t < 0 else 1.0 if t > 1 else t
            ex, ey = ax + t * dx - px, ay + t * dy - py
            distance = ex * ex + ey * ey
            if distance > worst_distance:
                worst, worst_distance = i, distance
        if worst_distance > limit:
            keep[worst] = True
            stack.append((first, worst))
            stack.append((worst, last))
    return tuple(point for point, kept in zip(points, keep) if kept)


def ring_area(ring: Sequence[Point]) -> float:
    """Signed area (shoelace); its sign tells the winding."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, (*ring[1:], ring[0]))) / 2


def densify(points: Sequence[Point], step: float) -> tuple[Point, ...]:
    """Extra points on every segment longer than `step`, so a projection can bend it."""
    if not points:
        return ()
    result = [points[0]]
    for a, b in zip(points, points[1:]):
        length = max(abs(b[0] - a[0]), abs(b[1] - a[1]))
        pieces = int(length / step)
        for k in range(1, pieces + 1):
            t = k / (pieces + 1)
            result.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
        result.append(b)
    return tuple(result)
