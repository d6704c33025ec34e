"""Longitude/latitude boxes: the smallest one around some places, and a minimum size for it."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
LonLat = tuple[float, float]


@dataclass(frozen=True)
class GeoBox:
    """West to east, possibly across the antimeridian: then `east` is above 180 (170..190)."""
    west: float
    south: float
    east: float
    north: float

    @property
    def center(self) -> LonLat:
        return wrap_longitude((self.west + self.east) / 2), (self.south + self.north) / 2

    @property
    def longitude_span(self) -> float:
        return self.east - self.west

    @property
    def latitude_span(self) -> float:
        return self.north - self.south


def wrap_longitude(longitude: float, center: float = 0.0) -> float:
    """The same meridian, written within 180 degrees of `center`."""
    if -180 <= longitude - center <= 180:
        return longitude
    offset = (longitude - center + 180) % 360 - 180
    return center + (180.0 if offset == -180 and longitude > center else offset)


def bounding_box(places: Sequence[LonLat]) -> GeoBox:
    """The smallest box holding every place, taking the short way round the globe.

    The longitudes are sorted around the circle and the box leaves out the widest empty gap, so
    places at 170°E and 170°W give a 20° box across the antimeridian, not a 340° one.
    """
    if not places:
        raise ValueError("a bounding box needs at least one place")
    longitudes = sorted({wrap_longitude(lon) for lon, _ in places})
    latitudes = [lat for _, lat in places]
    gaps = [(longitudes[(i + 1) % len(longitudes)] - longitudes[i]) % 360 for i in range(len(longitudes))]
    widest = max(range(len(gaps)), key=lambda i: (gaps[i], -i)) if len(longitudes) > 1 else 0
    west, east = longitudes[(widest + 1) % len(longitudes)], longitudes[widest]
    return GeoBox(west, min(latitudes), east if east >= west else east + 360, max(latitudes))


def at_least(box: GeoBox, extent_km: float, max_latitude: float = 85.0) -> GeoBox:
    """The box grown about its centre until it is `extent_km` across in both directions."""
    center_lon, center_lat = (box.west + box.east) / 2, (box.south + box.north) / 2
    half_lat = max(box.latitude_span, extent_km / KM_PER_DEGREE) / 2
    south = max(-max_latitude, center_lat - half_lat)
    north = min(max_latitude, center_lat + half_lat)
    cos_lat = max(math.cos(math.radians((south + north) / 2)), 0.05)
    half_lon = min(180.0, max(box.longitude_span, extent_km / (KM_PER_DEGREE * cos_lat)) / 2)
    return GeoBox(center_lon - half_lon, south, center_lon + half_lon, north)
