"""maps.geometry: clipping, simplification, area and densifying on the plane."""
import pytest

from trotsky_site.maps.geometry import Rect, clip_line, clip_ring, densify, ring_area, simplify

VIEW = Rect(0, 0, 10, 10)


def test_a_ring_inside_is_kept_as_it_is():
    ring = ((1, 1), (5, 1), (5, 5))
    assert clip_ring(ring, VIEW) == ring


def test_a_ring_outside_is_dropped():
    assert clip_ring(((20, 20), (30, 20), (30, 30)), VIEW) == ()


def test_a_ring_across_an_edge_is_cut_along_it():
    clipped = clip_ring(((5, 5), (15, 5), (15, 8), (5, 8)), VIEW)
    assert set(clipped) == {(5, 5), (10, 5), (10, 8), (5, 8)}
    assert abs(ring_area(clipped)) == pytest.approx(15)


def test_a_ring_larger_than_the_view_becomes_the_view():
    clipped = clip_ring(((-5, -5), (15, -5), (15, 15), (-5, 15)), VIEW)
    assert abs(ring_area(clipped)) == pytest.approx(100)


def test_a_line_leaving_and_coming_back_gives_two_pieces():
    pieces = clip_line(((1, 1), (5, 1), (15, 1), (15, 3), (5, 3)), VIEW)
    assert pieces == (((1, 1), (5, 1), (10.0, 1.0)), ((10.0, 3.0), (5, 3)))


def test_a_line_outside_gives_nothing():
    assert clip_line(((-5, -5), (-1, -1)), VIEW) == ()


def test_simplify_drops_points_within_tolerance_and_keeps_corners():
    line = ((0, 0), (1, 0.1), (2, -0.1), (3, 0), (3, 5), (3.2, 6), (3, 10))
    assert simplify(line, 0.5) == ((0, 0), (3, 0), (3, 10))
    assert simplify(line, 0.05) == line


def test_simplify_keeps_a_closed_ring_open_enough_to_fill():
    square = ((0, 0), (0.1, 0.01), (10, 0), (10, 10), (0, 10), (0, 0))
    assert simplify(square, 0.5) == ((0, 0), (10, 0), (10, 10), (0, 10), (0, 0))


def test_ring_area_sign_gives_the_winding():
    assert ring_area(((0, 0), (4, 0), (4, 3))) == 6
    assert ring_area(((0, 0), (4, 3), (4, 0))) == -6


def test_densify_adds_points_to_long_segments_only():
    assert densify(((0, 0), (3, 0), (3, 0.5)), 1) == ((0, 0), (0.75, 0.0), (1.5, 0.0), (2.25, 0.0), (3, 0), (3, 0.5))


def test_rect_overlap_and_containment():
    assert Rect(0, 0, 2, 2).overlap_area(Rect(1, 1, 3, 3)) == 1
    assert not Rect(0, 0, 1, 1).intersects(Rect(1, 0, 2, 1))
    assert VIEW.contains(Rect(1, 1, 2, 2)) and not VIEW.contains(Rect(9, 9, 11, 11))
