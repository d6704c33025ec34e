"""maps.geobox and maps.projection: boxes round the globe, projections checked against d3-geo, fitting."""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trotsky_site.maps.geobox import GeoBox, at_least, bounding_box, wrap_longitude
from trotsky_site.maps.projection import (Equirectangular, LambertConformalConic, NaturalEarth, choose_projection,
                                          fit_projection, plan_projection)

CITIES = {"New York": (-74.01, 40.71), "Paris": (2.35, 48.86), "Vienna": (16.37, 48.21),
          "Moscow": (37.62, 55.76), "Madrid": (-3.70, 40.42), "Petrograd": (30.31, 59.94),
          "Alma-Ata": (76.89, 43.24), "Coyoacán": (-99.16, 19.35), "Constantinople": (28.98, 41.01)}


@pytest.mark.parametrize("longitude, center, expected", [
    (190, 0, -170), (-190, 0, 170), (10, 0, 10), (180, 0, 180), (-180, 0, -180), (-170, 170, 190), (0, -170, 0),
])
def test_wrap_longitude(longitude, center, expected):
    assert wrap_longitude(longitude, center) == pytest.approx(expected)


def test_bounding_box_takes_the_short_way_across_the_antimeridian():
    box = bounding_box([(170, 60), (-170, 65), (175, 50)])
    assert (box.west, box.south, box.east, box.north) == (170, 50, 190, 65)
    assert box.center == (180, 57.5)


def test_bounding_box_of_the_journey_spans_mexico_to_central_asia():
    box = bounding_box(list(CITIES.values()))
    assert (box.west, box.east) == (-99.16, 76.89)


def test_a_single_place_grows_to_the_minimum_extent():
    box = at_least(bounding_box([(49.12, 55.79)]), 2000)
    assert box.latitude_span == pytest.approx(2000 / 111.195, rel=1e-3)
    assert box.longitude_span * 111.195 * math.cos(math.radians(55.79)) == pytest.approx(2000, rel=1e-3)
    assert box.center == pytest.approx((49.12, 55.79))


# Reference values from d3-geo 3.1.2 (node: geoConicConformal().parallels([40, 60]).rotate([-10, 0])
# .center([0, 50]).scale(1).translate([0, 0]); geoNaturalEarth1().rotate([11, 0]).scale(1).translate([0, 0])),
# with y negated: d3's y points down, ours north.
@pytest.mark.parametrize("place, expected", [
    ((10, 50), (0, 0)),
    ((30, 60), (0.172438891193661, 0.19601817490085827)),
    ((-5, 38), (-0.20620521208113426, -0.18695614604761657)),
    ((40, 20), (0.5337935545589232, -0.42938190768763507)),
])
def test_lambert_conformal_conic_matches_d3(place, expected):
    projection = LambertConformalConic.from_parallels(10, 50, 40, 60)
    assert projection.forward(*place) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("place, expected", [
    ((-99, 19), (-1.3147522914529715, 0.3345406420320887)),
    ((77, 43), (1.2166792170982772, 0.7582562964859387)),
    ((169, 80), (1.849986010520764, 1.337035371414347)),
])
def test_natural_earth_matches_d3(place, expected):
    assert NaturalEarth(-11).forward(*place) == pytest.approx(expected, abs=1e-12)


PROJECTIONS = [LambertConformalConic.from_parallels(30, 50, 40, 60),
               LambertConformalConic.from_parallels(-60, -35, -45, -25),
               NaturalEarth(-11), Equirectangular(20, 5)]


@pytest.mark.parametrize("projection", PROJECTIONS, ids=lambda p: p.name)
@given(lon=st.floats(-80, 80), lat=st.floats(-60, 75))
def test_inverse_undoes_forward(projection, lon, lat):
    lon += projection.center_longitude
    assert projection.inverse(*projection.forward(lon, lat)) == pytest.approx((lon, lat), abs=1e-6)


@pytest.mark.parametrize("places, kind", [
    ([CITIES["Paris"], CITIES["Moscow"], CITIES["Madrid"]], "lambert-conformal-conic"),
    ([(49.12, 55.79)], "lambert-conformal-conic"),
    (list(CITIES.values()), "natural-earth"),
    ([(-60, -30), (-58, -36)], "lambert-conformal-conic"),
    ([(36.8, -1.3), (39.3, -6.8)], "equirectangular"),  # Nairobi, Dar es Salaam
    ([(10, 82), (20, 20)], "natural-earth"),
])
def test_the_projection_is_chosen_by_the_box(places, kind):
    assert choose_projection(at_least(bounding_box(places), 2000)).name == kind


def test_conic_parallels_sit_at_a_sixth_and_five_sixths_of_the_box():
    projection = choose_projection(GeoBox(0, 40, 30, 70))
    assert projection == LambertConformalConic.from_parallels(15, 55, 45, 65)


def _fitted(places, width=800, height=500):
    return plan_projection(places, width, height, padding_x=40, padding_y=30, min_extent_km=500)


def test_the_fitted_box_touches_the_padding_on_one_axis_and_is_centred_on_the_other():
    places = [CITIES[name] for name in ("Paris", "Vienna", "Moscow", "Madrid", "Petrograd")]
    fitted = _fitted(places)
    xs, ys = zip(*(fitted.project(*p) for p in places))
    touches_x = min(xs) == pytest.approx(40) and max(xs) == pytest.approx(760)
    touches_y = min(ys) == pytest.approx(30) and max(ys) == pytest.approx(470)
    assert touches_x or touches_y
    assert (min(xs) + max(xs)) / 2 == pytest.approx(400) and (min(ys) + max(ys)) / 2 == pytest.approx(250)


def test_the_middle_of_a_box_maps_near_the_middle_of_the_view():
    fitted = _fitted([(0, 40), (30, 40), (0, 60), (30, 60)])
    x, y = fitted.project(15, 50)
    assert x == pytest.approx(400)
    assert abs(y - 250) < 0.05 * 500  # not exact: the conic bends parallels, so the box is not symmetric


def test_north_is_up_and_east_is_right():
    fitted = _fitted(list(CITIES.values()), 960, 480)
    x = {name: fitted.project(*place)[0] for name, place in CITIES.items()}
    y = {name: fitted.project(*place)[1] for name, place in CITIES.items()}
    assert x["Coyoacán"] < x["New York"] < x["Madrid"] < x["Paris"] < x["Vienna"] < x["Moscow"] < x["Alma-Ata"]
    assert y["Petrograd"] < y["Moscow"] < y["Paris"] < y["Madrid"] < y["Coyoacán"]


def test_a_single_place_gets_the_minimum_extent_around_it_in_the_middle():
    fitted = plan_projection([(49.12, 55.79)], 480, 360, padding_x=20, padding_y=20, min_extent_km=3000)
    assert fitted.project(49.12, 55.79) == pytest.approx((240, 180))
    west, _ = fitted.invert(0, 180)
    east, _ = fitted.invert(480, 180)
    km_across = (east - west) * 111.195 * math.cos(math.radians(55.79))
    assert 3000 <= km_across <= 4500
    assert fitted.km_per_pixel == pytest.approx(3000 / 320, rel=0.05)


def test_a_box_across_the_antimeridian_fits_without_a_seam():
    places = [(170, 60), (-170, 65)]
    fitted = _fitted(places)
    (x1, _), (x2, _) = (fitted.project(*p) for p in places)
    assert x1 < x2 and x2 - x1 < 800


def test_fit_projection_invert_maps_pixels_back_to_places():
    fitted = fit_projection(NaturalEarth(0), [(-20, 0), (20, 30)], 600, 400, padding_x=0, padding_y=0,
                            min_extent_km=100)
    assert fitted.invert(*fitted.project(5, 12)) == pytest.approx((5, 12))
