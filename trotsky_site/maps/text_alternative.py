"""The places of a map as data for an accessible list under it: what the map shows, in words."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .markers import Marker, route_stops


@dataclass(frozen=True)
class PlaceEntry:
    id: str
    label: str
    href: str | None
    number: int | None
    coordinates: str  # "48.21° N, 16.37° E"


@dataclass(frozen=True)
class PlaceList:
    ordered: bool  # a route: render as <ol>, in this order
    entries: tuple[PlaceEntry, ...]


def coordinates_text(lat: float, lon: float) -> str:
    return f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"


def place_list(markers: Sequence[Marker], route: bool = False) -> PlaceList:
    """Route stops in route order followed by any other places, or every place as given."""
    stops = route_stops(markers) if route else ()
    on_route = {m.id for m in stops}
    ordered = [*stops, *(m for m in markers if m.id not in on_route)]
    return PlaceList(
        ordered=bool(stops),
        entries=tuple(PlaceEntry(m.id, m.label, m.href, m.number if m.id in on_route else None,
                                 coordinates_text(m.lat, m.lon)) for m in ordered))
