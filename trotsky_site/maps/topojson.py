"""TopoJSON decoding: shared arcs, delta-encoded and quantized, stitched into rings and lines.

The format (github.com/topojson/topojson-specification): a topology holds a list of `arcs`, and its
geometries refer to arcs by index, where a negative index i means arc ~i (that is, -i - 1) walked
backwards. When the topology has a `transform`, every arc is quantized and delta-encoded: its first
position is absolute, each later one is the difference from the one before, and
`position * scale + translate` gives longitude and latitude.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

Position = tuple[float, float]
Line = tuple[Position, ...]
Ring = tuple[Position, ...]
Polygon = tuple[Ring, ...]


class TopologyError(ValueError):
    """The topology does not follow the TopoJSON specification."""


def decode_arcs(topology: Mapping) -> tuple[Line, ...]:
    """Every arc of the topology as absolute (longitude, latitude) positions."""
    arcs = topology.get("arcs")
    if not isinstance(arcs, list):
        raise TopologyError("the topology has no list of `arcs`")
    transform = topology.get("transform")
    if transform is None:
        return tuple(tuple((float(p[0]), float(p[1])) for p in arc) for arc in arcs)
    try:
        (scale_x, scale_y), (translate_x, translate_y) = transform["scale"], transform["translate"]
    except (KeyError, TypeError, ValueError) as error:
        raise TopologyError("the `transform` needs `scale` and `translate`, two numbers each") from error
    return tuple(_undelta(arc, scale_x, scale_y, translate_x, translate_y) for arc in arcs)


def _undelta(arc: Sequence[Sequence[int]], scale_x: float, scale_y: float,
             translate_x: float, translate_y: float) -> Line:
    x = y = 0
    points = []
    for position in arc:
        x += position[0]
        y += position[1]
        points.append((x * scale_x + translate_x, y * scale_y + translate_y))
    return tuple(points)


def arc_at(arcs: Sequence[Line], index: int) -> Line:
    """Arc `index`, or arc ~index reversed when the index is negative."""
    position = index if index >= 0 else ~index
    if position >= len(arcs):
        raise TopologyError(f"arc index {index} is out of range: the topology has {len(arcs)} arcs")
    return arcs[index] if index >= 0 else arcs[position][::-1]


def stitch(arcs: Sequence[Line], indices: Sequence[int]) -> Line:
    """The arcs joined end to end; each arc starts where the previous one ended, so that point is kept once."""
    points: list[Position] = []
    for index in indices:
        arc = arc_at(arcs, index)
        points.extend(arc[1:] if points else arc)
    return tuple(points)


def object_polygons(topology: Mapping, name: str, arcs: Sequence[Line] | None = None) -> tuple[Polygon, ...]:
    """Every Polygon and MultiPolygon in object `name`, as polygons of rings (exterior first, then holes)."""
    arcs = decode_arcs(topology) if arcs is None else arcs
    polygons: list[Polygon] = []
    for geometry in _features(topology, name):
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons.append(tuple(stitch(arcs, ring) for ring in geometry["arcs"]))
        elif kind == "MultiPolygon":
            polygons.extend(tuple(stitch(arcs, ring) for ring in polygon) for polygon in geometry["arcs"])
    return tuple(polygons)


def object_mesh(topology: Mapping, name: str, arcs: Sequence[Line] | None = None) -> tuple[Line, ...]:
    """The arcs that two different features of object `name` share: the borders between them.

    Coastlines belong to one feature only, so they are left out (topojson-client's
    `mesh(topology, object, (a, b) => a !== b)`).
    """
    arcs = decode_arcs(topology) if arcs is None else arcs
    owners: dict[int, set[int]] = {}
    for feature_number, geometry in enumerate(_features(topology, name)):
        for index in _arc_indices(geometry.get("arcs", ())):
            owners.setdefault(index if index >= 0 else ~index, set()).add(feature_number)
    return tuple(arc_at(arcs, index) for index in sorted(owners) if len(owners[index]) > 1)


def _features(topology: Mapping, name: str) -> Iterator[Mapping]:
    objects = topology.get("objects") or {}
    if name not in objects:
        raise TopologyError(f"the topology has no object `{name}`; it has: {', '.join(sorted(objects)) or 'none'}")
    yield from _flatten(objects[name])


def _flatten(geometry: Mapping) -> Iterator[Mapping]:
    if geometry.get("type") == "GeometryCollection":
        for member in geometry.get("geometries", ()):
            yield from _flatten(member)
    else:
        yield geometry


def _arc_indices(nested: object) -> Iterator[int]:
    if isinstance(nested, int):
        yield nested
    elif isinstance(nested, list | tuple):
        for item in nested:
            yield from _arc_indices(item)
