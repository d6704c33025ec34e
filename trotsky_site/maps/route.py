"""A route between numbered stops: gentle arcs with an arrowhead halfway along each leg.

Each leg bows a little to the left of its direction of travel, so an outward and a return leg
between the same two places stay apart, and legs that share a place do not hide each other.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

from .geometry import Point
from .layers import tenths_text

BOW = 0.12


def leg_control(start: Point, end: Point) -> Point:
    """The control point of the quadratic Bézier curve drawn for one leg."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    return (start[0] + end[0]) / 2 + BOW * dy, (start[1] + end[1]) / 2 - BOW * dx


def route_path(stops: Sequence[Point]) -> str:
    """SVG path data: one move, then one quadratic curve per leg."""
    if len(stops) < 2:
        return ""
    parts = ["M" + _pair(stops[0])]
    for start, end in zip(stops, stops[1:]):
        parts.append("Q" + _pair(leg_control(start, end)) + " " + _pair(end))
    return "".join(parts)


def route_points(stops: Sequence[Point], spacing: float) -> tuple[Point, ...]:
    """Points about `spacing` apart along the drawn curves, for labels to keep clear of."""
    points = []
    for start, end in zip(stops, stops[1:]):
        control = leg_control(start, end)
        steps = max(1, int(math.dist(start, end) / spacing))
        for k in range(steps + 1):
            t = k / steps
            points.append(tuple((1 - t) ** 2 * a + 2 * (1 - t) * t * c + t * t * b
                                for a, c, b in zip(start, control, end)))
    return tuple(points)


def arrowheads_path(stops: Sequence[Point], size: float, shortest_leg: float) -> str:
    """Filled triangles at each leg's midpoint, pointing along it; legs too short for one get none."""
    parts = []
    for start, end in zip(stops, stops[1:]):
        length = math.dist(start, end)
        if length < shortest_leg:
            continue
        control = leg_control(start, end)
        # A quadratic Bézier at t = 1/2 is at (start + 2 control + end) / 4, heading along end - start.
        mx = (start[0] + 2 * control[0] + end[0]) / 4
        my = (start[1] + 2 * control[1] + end[1]) / 4
        ux, uy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
        tip = (mx + ux * size, my + uy * size)
        left = (mx - ux * size * 0.6 - uy * size * 0.8, my - uy * size * 0.6 + ux * size * 0.8)
        right = (mx - ux * size * 0.6 + uy * size * 0.8, my - uy * size * 0.6 - ux * size * 0.8)
        parts.append("M" + " ".join(_pair(p) for p in (tip, left, right)) + "z")
    return "".join(parts)


def _pair(point: Point) -> str:
    x, y = round(point[0] * 10), round(point[1] * 10)
    return tenths_text(x) + ("" if y < 0 else " ") + tenths_text(y)
