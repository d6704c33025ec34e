"""Places to mark on a map: what a marker is, which ones make a route, and room between them."""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Marker:
    """One place on a map. `number` gives its position on a route (1, 2, 3 …); `preview`, written as
    the link's `data-preview`, lets a site's script show a card for the page the marker links to."""
    id: str
    label: str
    lat: float
    lon: float
    href: str | None = None
    number: int | None = None
    preview: str | None = None


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


def spread_apart(points: Sequence[Point], min_distance: float, rounds: int = 200) -> tuple[Point, ...]:
    """Points pushed apart, pair by pair along the line joining them, until none is closer than
    `min_distance`: Constantinople and Büyükada become two markers, not one, and Constantinople
    stays west. Chains (Paris near Barbizon near Zurich) settle over a few rounds."""
    moved = [tuple(point) for point in points]
    for _ in range(rounds):
        pushed = False
        for i in range(len(moved)):
            for j in range(i + 1, len(moved)):
                (x1, y1), (x2, y2) = moved[i], moved[j]
                distance = math.hypot(x2 - x1, y2 - y1)
                if distance >= min_distance - 1e-9:
                    continue
                if distance == 0:  # the same place twice: part them at an angle set by their order
                    angle = math.pi * (j - i) / len(moved) - math.pi / 2
                    ux, uy = math.cos(angle), math.sin(angle)
                else:
                    ux, uy = (x2 - x1) / distance, (y2 - y1) / distance
                push = (min_distance - distance) / 2
                moved[i] = (x1 - ux * push, y1 - uy * push)
                moved[j] = (x2 + ux * push, y2 + uy * push)
                pushed = True
        if not pushed:
            break
    return tuple(moved)
