"""The vendored Natural Earth outlines (world-atlas 2.0.2, countries-50m), decoded once per process.

See data/README.md for where the file comes from and its licence.
"""
from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from .topojson import Line, decode_arcs, object_mesh, object_polygons

DATA_FILE = "countries-50m.json.gz"


@dataclass(frozen=True)
class Outline:
    """A ring or a line in (longitude, latitude), with its bounding box for quick rejection."""
    points: Line
    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class World:
    land: tuple[Outline, ...]  # every ring, exteriors and holes alike: drawn with the even-odd rule
    borders: tuple[Outline, ...]  # land borders between today's countries; coastlines are not in it


def outline(points: Sequence[tuple[float, float]]) -> Outline:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Outline(tuple(points), min(xs), min(ys), max(xs), max(ys))


def unwrap(points: Sequence[tuple[float, float]]) -> Line:
    """The same points with longitudes made continuous: a step east across the antimeridian from
    179° to -179° becomes 179° to 181°, so the outline can be cut and drawn on a flat map."""
    if not points:
        return ()
    result = [points[0]]
    turn = 0.0
    for (lon0, _), (lon1, lat1) in zip(points, points[1:]):
        if lon1 - lon0 > 180:
            turn -= 360
        elif lon1 - lon0 < -180:
            turn += 360
        result.append((lon1 + turn, lat1))
    return tuple(result)


def flat_ring(ring: Sequence[tuple[float, float]]) -> Line:
    """A ring on the sphere as a ring on the plane of longitude and latitude.

    A ring round a pole (Antarctica's coast) does not close once unwrapped: it ends a whole turn
    from where it began. Running it down to the pole and back along the pole's line closes it
    around the area it encloses on the globe.
    """
    flat = unwrap(ring)
    if len(flat) < 2 or abs(flat[-1][0] - flat[0][0]) < 180:
        return flat
    pole = -90.0 if sum(lat for _, lat in flat) < 0 else 90.0
    return (*flat, (flat[-1][0], pole), (flat[0][0], pole), flat[0])


def world_from_topology(topology: Mapping, land: str = "land", countries: str | None = "countries") -> World:
    arcs = decode_arcs(topology)
    rings = [flat_ring(ring) for polygon in object_polygons(topology, land, arcs) for ring in polygon if len(ring) >= 4]
    borders = [unwrap(line) for line in object_mesh(topology, countries, arcs)] if countries else []
    return World(tuple(outline(ring) for ring in rings), tuple(outline(line) for line in borders if len(line) >= 2))


@functools.lru_cache(maxsize=1)
def load_world() -> World:
    """The bundled world. Decoding takes about a quarter of a second, so a build that draws many maps
    decodes it once; the value is immutable, so sharing it is safe."""
    packed = resources.files(__package__).joinpath("data").joinpath(DATA_FILE).read_bytes()
    return world_from_topology(json.loads(gzip.decompress(packed)))
