"""Places to mark on a map: what a marker is, which ones make a route, and room between them."""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Marker:
    """One place on a map. `number` gives its position on a route (1, 2, 3 …)."""
    id: str
    label: str
    lat: float
    lon: float
    href: str | None = None
    number: int | None = None


XML_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def marker_problems(markers: Sequence[Marker]) -> tuple[str, ...]:
    """Why these markers cannot be drawn, one message each, or () when they can."""
    problems = []
    if not markers:
        problems.append("a map needs at least one marker")
    seen: set[str] = set()
    for marker in markers:
        if marker.id in seen:
            problems.append(f"marker `{marker.id}` appears twice; give each marker its own id")
        seen.add(marker.id)
        if not (-90 <= marker.lat <= 90) or math.isnan(marker.lat):
            problems.append(f"marker `{marker.id}`: latitude {marker.lat} is outside -90..90")
        if not (-180 <= marker.lon <= 180) or math.isnan(marker.lon):
            problems.append(f"marker `{marker.id}`: longitude {marker.lon} is outside -180..180")
        if not marker.label.strip():
            problems.append(f"marker `{marker.id}` has an empty label")
    return tuple(problems)


def route_stops(markers: Sequence[Marker]) -> tuple[Marker, ...]:
    """The numbered markers in route order; unnumbered ones are not on the route."""
    return tuple(sorted((m for m in markers if m.number is not None), key=lambda m: m.number))


def spread_apart(points: Sequence[Point], min_distance: float) -> tuple[Point, ...]:
    """Points closer than `min_distance` moved onto a small circle around their middle, keeping
    their order round it, so that Constantinople and Büyükada are two markers, not one."""
    groups = _close_groups(points, min_distance)
    moved = list(points)
    for group in groups:
        if len(group) < 2:
            continue
        cx = sum(points[i][0] for i in group) / len(group)
        cy = sum(points[i][1] for i in group) / len(group)
        radius = min_distance / (2 * math.sin(math.pi / len(group)))
        by_angle = sorted(group, key=lambda i: (math.atan2(points[i][1] - cy, points[i][0] - cx), i))
        first = by_angle[0]
        start = math.atan2(points[first][1] - cy, points[first][0] - cx)
        if points[first] == (cx, cy):
            start = -math.pi / 2
        for k, i in enumerate(by_angle):
            angle = start + 2 * math.pi * k / len(group)
            moved[i] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return tuple(moved)


def _close_groups(points: Sequence[Point], min_distance: float) -> list[list[int]]:
    parent = list(range(len(points)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(points)):
        for j in range(i + 1, len(points)):
            if math.dist(points[i], points[j]) < min_distance:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(points)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())
