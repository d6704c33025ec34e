"""Map projections, chosen for the region a map shows and fitted to its viewport.

A region up to about a continent gets a Lambert conformal conic with standard parallels at one
sixth and five sixths of its latitudes (the usual rule, which keeps scale error small across the
box); a region near the equator gets an equirectangular map scaled by the cosine of its middle
latitude; anything wider, such as a journey from Mexico to Central Asia, gets the Natural Earth
projection centred on the region. Raw projections work on the unit sphere with y pointing north;
`FittedProjection` turns that into pixels with y pointing down.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

from .geobox import EARTH_RADIUS_KM, GeoBox, LonLat, at_least, bounding_box, wrap_longitude

Point = tuple[float, float]
WIDE_LONGITUDE_SPAN = 100.0
WIDE_LATITUDE_SPAN = 60.0
TROPICS = 15.0
LATITUDE_LIMIT = 89.5


class RawProjection(Protocol):
    name: ClassVar[str]
    center_longitude: float

    def forward(self, longitude: float, latitude: float) -> Point: ...

    def inverse(self, x: float, y: float) -> LonLat: ...


@dataclass(frozen=True)
class LambertConformalConic:
    """Snyder, Map Projections: A Working Manual (1987), equations 15-1 to 15-11, on the sphere."""
    name: ClassVar[str] = "lambert-conformal-conic"
    center_longitude: float
    n: float
    f: float
    rho0: float

    @classmethod
    def from_parallels(cls, center_longitude: float, center_latitude: float,
                       parallel1: float, parallel2: float) -> LambertConformalConic:
        phi1, phi2 = math.radians(parallel1), math.radians(parallel2)
        if math.isclose(phi1, phi2):
            n = math.sin(phi1)
        else:
            n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(_t(phi2) / _t(phi1))
        f = math.cos(phi1) * _t(phi1) ** n / n
        return cls(center_longitude, n, f, f / _t(math.radians(center_latitude)) ** n)

    def forward(self, longitude: float, latitude: float) -> Point:
        phi = math.radians(max(-LATITUDE_LIMIT, min(LATITUDE_LIMIT, latitude)))
        rho = self.f / _t(phi) ** self.n
        theta = self.n * math.radians(longitude - self.center_longitude)
        return rho * math.sin(theta), self.rho0 - rho * math.cos(theta)

    def inverse(self, x: float, y: float) -> LonLat:
        sign = 1.0 if self.n > 0 else -1.0
        rho = sign * math.hypot(x, self.rho0 - y)
        theta = math.atan2(sign * x, sign * (self.rho0 - y))
        phi = math.pi / 2 if rho == 0 else 2 * math.atan((self.f / rho) ** (1 / self.n)) - math.pi / 2
        return self.center_longitude + math.degrees(theta / self.n), math.degrees(phi)


def _t(phi: float) -> float:
    return math.tan(math.pi / 4 + phi / 2)


@dataclass(frozen=True)
class NaturalEarth:
    """Natural Earth I (Šavrič, Patterson, Jenny, 2011): the polynomials d3-geo's geoNaturalEarth1 uses."""
    name: ClassVar[str] = "natural-earth"
    center_longitude: float

    def forward(self, longitude: float, latitude: float) -> Point:
        lam, phi = math.radians(longitude - self.center_longitude), math.radians(latitude)
        return lam * _natural_earth_width(phi), _natural_earth_height(phi)

    def inverse(self, x: float, y: float) -> LonLat:
        phi = max(-math.pi / 2, min(math.pi / 2, y))
        for _ in range(25):  # Newton's method; the height polynomial is monotonic on [-π/2, π/2]
            phi2 = phi * phi
            phi4 = phi2 * phi2
            slope = 1.007226 + phi2 * (3 * 0.015085 + phi4 * (-7 * 0.044475 + 9 * 0.028874 * phi2 - 11 * 0.005916 * phi4))
            step = (_natural_earth_height(phi) - y) / slope
            phi -= step
            if abs(step) < 1e-12:
                break
        phi = max(-math.pi / 2, min(math.pi / 2, phi))
        return self.center_longitude + math.degrees(x / _natural_earth_width(phi)), math.degrees(phi)


def _natural_earth_width(phi: float) -> float:
    phi2 = phi * phi
    phi4 = phi2 * phi2
    return 0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))


def _natural_earth_height(phi: float) -> float:
    phi2 = phi * phi
    phi4 = phi2 * phi2
    return phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))


@dataclass(frozen=True)
class Equirectangular:
    """Plate carrée stretched by the cosine of the middle latitude, so shapes there are true."""
    name: ClassVar[str] = "equirectangular"
    center_longitude: float
    center_latitude: float

    def forward(self, longitude: float, latitude: float) -> Point:
        stretch = math.cos(math.radians(self.center_latitude))
        return math.radians(longitude - self.center_longitude) * stretch, math.radians(latitude)

    def inverse(self, x: float, y: float) -> LonLat:
        stretch = math.cos(math.radians(self.center_latitude))
        return self.center_longitude + math.degrees(x / stretch), math.degrees(y)


def choose_projection(box: GeoBox) -> RawProjection:
    """The projection for a region: conic for a country or a continent, Natural Earth when wider."""
    center_lon, center_lat = box.center
    if (box.longitude_span > WIDE_LONGITUDE_SPAN or box.latitude_span > WIDE_LATITUDE_SPAN
            or max(abs(box.south), abs(box.north)) > 80):
        return NaturalEarth(center_lon)
    if abs(center_lat) < TROPICS:
        return Equirectangular(center_lon, center_lat)
    sixth = box.latitude_span / 6
    return LambertConformalConic.from_parallels(center_lon, center_lat, box.south + sixth, box.north - sixth)


@dataclass(frozen=True)
class FittedProjection:
    """A raw projection scaled and moved so that the region fills a `width` × `height` viewport."""
    raw: RawProjection
    scale: float
    offset_x: float
    offset_y: float
    width: float
    height: float

    def project(self, longitude: float, latitude: float) -> Point:
        """Pixels from the top left; the longitude is first written within 180° of the centre."""
        x, y = self.raw.forward(wrap_longitude(longitude, self.raw.center_longitude), latitude)
        return self.offset_x + self.scale * x, self.offset_y - self.scale * y

    def project_unwrapped(self, longitude: float, latitude: float) -> Point:
        """As `project`, for outlines already cut to within 180° of the centre (no seam to jump)."""
        x, y = self.raw.forward(longitude, latitude)
        return self.offset_x + self.scale * x, self.offset_y - self.scale * y

    def invert(self, x: float, y: float) -> LonLat:
        return self.raw.inverse((x - self.offset_x) / self.scale, (self.offset_y - y) / self.scale)

    @property
    def km_per_pixel(self) -> float:
        """Kilometres per pixel where the projection has true scale (its standard parallels or centre)."""
        return EARTH_RADIUS_KM / self.scale


def fit_projection(raw: RawProjection, places: Sequence[LonLat], width: float, height: float, *,
                   padding_x: float, padding_y: float, min_extent_km: float) -> FittedProjection:
    """Scale and offset so the places' projected bounding box, at least `min_extent_km` across,
    fills the viewport less its padding and sits in its middle."""
    points = [raw.forward(wrap_longitude(lon, raw.center_longitude), lat) for lon, lat in places]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    least = min_extent_km / EARTH_RADIUS_KM
    box_width, box_height = max(max(xs) - min(xs), least), max(max(ys) - min(ys), least)
    scale = min((width - 2 * padding_x) / box_width, (height - 2 * padding_y) / box_height)
    middle_x, middle_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return FittedProjection(raw, scale, width / 2 - scale * middle_x, height / 2 + scale * middle_y, width, height)


def plan_projection(places: Sequence[LonLat], width: float, height: float, *,
                    padding_x: float, padding_y: float, min_extent_km: float) -> FittedProjection:
    """Choose the projection by the places' bounding box (grown to the minimum extent), then fit it."""
    raw = choose_projection(at_least(bounding_box(places), min_extent_km))
    return fit_projection(raw, places, width, height, padding_x=padding_x, padding_y=padding_y,
                          min_extent_km=min_extent_km)
