"""maps.world: the vendored outlines, and rings made flat across the antimeridian and round the poles."""
import gzip
import hashlib
from importlib import resources

import pytest

from trotsky_site.maps.world import DATA_FILE, flat_ring, load_world, unwrap, world_from_topology

PUBLISHED_SHA256 = "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394"


def test_the_vendored_file_is_world_atlas_2_0_2_unchanged():
    packed = resources.files("trotsky_site.maps").joinpath("data").joinpath(DATA_FILE).read_bytes()
    assert hashlib.sha256(gzip.decompress(packed)).hexdigest() == PUBLISHED_SHA256
    assert len(packed) < 250_000


def test_its_provenance_and_licence_sit_beside_it():
    readme = resources.files("trotsky_site.maps").joinpath("data").joinpath("README.md").read_text()
    assert PUBLISHED_SHA256 in readme and "ISC" in readme and "public domain" in readme


def test_unwrap_makes_longitudes_continuous_across_the_antimeridian():
    assert unwrap(((178, 60), (-179, 61), (-178, 62), (179, 60))) == ((178, 60), (181, 61), (182, 62), (179, 60))


def test_a_ring_round_the_south_pole_is_closed_along_the_pole():
    ring = ((-180, -70), (-60, -75), (60, -72), (179, -70), (-180, -70))
    flat = flat_ring(ring)
    assert flat[-3:] == ((180, -90.0), (-180, -90.0), (-180, -70))


def test_an_ordinary_ring_is_left_alone():
    ring = ((0, 0), (1, 0), (1, 1), (0, 0))
    assert flat_ring(ring) == ring


def _inside(point, outlines):
    """Even-odd rule over every ring, as the SVG draws them."""
    x, y = point
    crossings = 0
    for outline in outlines:
        if not (outline.west <= x <= outline.east and outline.south <= y <= outline.north):
            continue
        ring = outline.points
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                crossings += 1
    return crossings % 2 == 1


@pytest.mark.parametrize("place, on_land", [
    ((37.62, 55.76), True),    # Moscow
    ((49.12, 55.79), True),    # Kazan
    ((-99.16, 19.35), True),   # Coyoacán
    ((-30.0, 40.0), False),    # the Atlantic
    ((50.5, 42.0), False),     # the Caspian, a hole in Eurasia
    ((175.0, 66.0), True),     # Chukotka, on a ring that crosses the antimeridian
    ((0.0, -85.0), True),      # Antarctica, round the pole
])
def test_the_bundled_land_is_where_it_should_be(place, on_land):
    assert _inside(place, load_world().land) is on_land


def test_borders_are_the_shared_edges_and_leave_out_coastlines():
    squares = {"type": "Topology",
               "arcs": [[[1, 0], [1, 1]], [[1, 1], [0, 1], [0, 0], [1, 0]], [[1, 0], [2, 0], [2, 1], [1, 1]]],
               "objects": {"land": {"type": "GeometryCollection", "geometries": [
                               {"type": "Polygon", "arcs": [[1, 2]]}]},
                           "countries": {"type": "GeometryCollection", "geometries": [
                               {"type": "Polygon", "arcs": [[0, 1]]},
                               {"type": "Polygon", "arcs": [[2, ~0]]}]}}}
    world = world_from_topology(squares)
    assert [outline.points for outline in world.borders] == [((1.0, 0.0), (1.0, 1.0))]
    assert len(world.land) == 1 and (world.land[0].west, world.land[0].east) == (0.0, 2.0)
