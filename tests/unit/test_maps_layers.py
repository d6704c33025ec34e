"""maps.layers: outlines cut to the view, projected, simplified and written compactly."""
import re

import pytest

from trotsky_site.maps.geometry import Rect, bounds_of, ring_area
from trotsky_site.maps.layers import graticule_lines, land_rings, path_data, tenths_text, view_window
from trotsky_site.maps.projection import plan_projection
from trotsky_site.maps.world import World, flat_ring, outline

VIEW = Rect(0, 0, 600, 400)


def _world(*rings):
    return World(tuple(outline(flat_ring(ring)) for ring in rings), ())


def _fitted(places, min_extent_km=500):
    return plan_projection(places, VIEW.width, VIEW.height, padding_x=30, padding_y=30, min_extent_km=min_extent_km)


@pytest.mark.parametrize("tenths, text", [(0, "0"), (12, "1.2"), (5, ".5"), (-5, "-.5"), (30, "3"), (-1234, "-123.4")])
def test_tenths_text(tenths, text):
    assert tenths_text(tenths) == text


def test_path_data_is_one_absolute_move_then_relative_lines_in_tenths():
    square = ((10.04, 20.0), (30.0, 20.0), (30.0, 40.0), (10.0, 40.0))
    assert path_data([square], closed=True) == "M10 20l20 0 0 20-20 0z"
    assert path_data([((0.55, 0.0), (1.0, 0.26))], closed=False) == "M.6 0l.4 .3"


def test_path_data_drops_points_that_round_together_and_shapes_that_vanish():
    assert path_data([((1.0, 1.0), (1.01, 1.02), (1.02, 1.0))], closed=True) == ""
    assert path_data([((1.0, 1.0), (1.01, 1.0), (5.0, 1.0))], closed=False) == "M1 1l4 0"


def test_a_continent_larger_than_the_view_is_cut_just_beyond_it():
    world = _world(((-40, 20), (60, 20), (60, 70), (-40, 70), (-40, 20)))
    rings = land_rings(world, _fitted([(0, 40), (20, 50)]), VIEW)
    assert len(rings) == 1
    assert bounds_of(rings[0]) == Rect(-3, -3, 603, 403)
    assert abs(ring_area(rings[0])) == pytest.approx(606 * 406)


def _inside(point, ring):
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def test_long_straight_edges_follow_the_parallels_a_conic_bends():
    # Four corners only: the northern edge is the 45th parallel from 40°W to 60°E, which the conic
    # draws as an arc; a straight chord would put land north of 45° in the middle of the map.
    band = ((-40, 20), (60, 20), (60, 45), (-40, 45), (-40, 20))
    fitted = _fitted([(0, 40), (20, 55)])
    ring, = land_rings(_world(band), fitted, VIEW)
    assert _inside(fitted.project(10, 44.7), ring) and not _inside(fitted.project(10, 45.3), ring)


def test_land_outside_the_view_is_dropped():
    world = _world(((100, -10), (110, -10), (110, 0), (100, -10)))
    assert land_rings(world, _fitted([(0, 40), (20, 50)]), VIEW) == ()


def test_an_island_across_the_antimeridian_is_drawn_whole_and_in_one_place():
    island = ((178, 50), (-178, 50), (-178, 52), (178, 52), (178, 50))
    rings = land_rings(_world(island), _fitted([(175, 51), (-175, 51)]), VIEW)
    assert len(rings) == 1
    box = bounds_of(rings[0])
    assert 50 < box.width < 250 and VIEW.contains(box)


def test_land_east_of_the_antimeridian_is_found_when_the_map_is_centred_west_of_it():
    # Unwrapped, the island lies at 178..182°; a map centred at -172° must look for it a turn west.
    island = ((178, 50), (-178, 50), (-178, 52), (178, 52), (178, 50))
    fitted = _fitted([(-175, 51), (-170, 51)], min_extent_km=1500)
    rings = land_rings(_world(island), fitted, VIEW)
    assert len(rings) == 1 and bounds_of(rings[0]).left < fitted.project(-175, 51)[0]


def test_an_island_across_the_antimeridian_does_not_streak_across_a_map_of_the_atlantic():
    island = ((178, 50), (-178, 50), (-178, 52), (178, 52), (178, 50))
    fitted = plan_projection([(-90, 50), (80, 50)], 600, 300, padding_x=0, padding_y=0, min_extent_km=500)
    assert land_rings(_world(island), fitted, Rect(0, 0, 600, 300)) == ()


def test_simplification_follows_the_tolerance():
    wiggly = tuple((0.01 * i, 45 + 0.02 * (i % 2)) for i in range(1000)) + ((10, 50), (0, 50), (0, 45))
    fitted = _fitted([(0, 44), (10, 51)])
    fine, = land_rings(_world(wiggly), fitted, VIEW, tolerance=0.5)
    coarse, = land_rings(_world(wiggly), fitted, VIEW, tolerance=5)
    assert len(coarse) < len(fine) < 1000


def test_the_view_window_covers_the_fitted_places():
    places = [(2.35, 48.86), (37.62, 55.76), (-3.7, 40.42)]
    window = view_window(_fitted(places), VIEW)
    for lon, lat in places:
        assert window.west < lon < window.east and window.south < lat < window.north


def test_graticule_lines_lie_in_the_view_and_meridians_converge_on_a_conic():
    lines = graticule_lines(_fitted([(0, 40), (30, 60)]), VIEW)
    assert lines and all(Rect(-3, -3, 603, 403).contains(bounds_of(line)) for line in lines)
    slanted = [line for line in lines if abs(line[0][0] - line[-1][0]) > 5 and abs(line[0][1] - line[-1][1]) > 100]
    assert slanted  # a meridian off the centre leans towards the pole


def test_land_path_for_europe_has_only_compact_numbers():
    world = _world(((-10, 35), (40, 35), (40, 60), (-10, 60), (-10, 35)))
    data = path_data(land_rings(world, _fitted([(0, 40), (30, 55)]), VIEW), closed=True)
    assert not re.search(r"\d\.\d\d", data) and not re.search(r"(?<![\d.])0\.", data)
