"""maps.labels and maps.markers: labels that do not collide, markers that do not hide each other."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trotsky_site.maps.geometry import Rect
from trotsky_site.maps.labels import AMBIGUITY_COST, LabelRequest, candidate_spots, place_labels, spot_cost, text_width
from trotsky_site.maps.markers import Marker, marker_problems, route_stops, spread_apart

BOUNDS = Rect(0, 0, 400, 300)


def _place(anchors, texts=None, drop=True, radius=4, gap=3):
    texts = texts or [f"Place {i}" for i in range(len(anchors))]
    requests = [LabelRequest(text, anchor, radius) for text, anchor in zip(texts, anchors)]
    return place_labels(requests, BOUNDS, font_size=12, gap=gap, drop_when_crowded=drop)


def test_text_width_grows_with_the_text_and_capitals_are_wider():
    assert text_width("Kazan", 12) < text_width("Constantinople", 12)
    assert text_width("NNN", 12) > text_width("nnn", 12) > text_width("iii", 12)


def test_a_lone_label_goes_east_of_its_marker():
    label, = _place([(100, 100)], ["Kazan"])
    assert label.text_anchor == "start" and label.x > 100 and label.box.top < 100 < label.box.bottom


def test_a_label_at_the_east_edge_goes_west():
    label, = _place([(395, 100)], ["Kazan"])
    assert label.text_anchor == "end" and label.box.right < 395


def test_a_diagonal_spot_is_free_even_when_the_marker_is_big_and_the_gap_small():
    # North-east of a numbered marker (radius 7.5, gap 2): the box clears the circle, if not its square.
    east_and_west_blocked = [(105, 104), (150, 112), (60, 112)]
    label, _, _ = _place(east_and_west_blocked, ["Amherst NS", "x", "y"], radius=7.5, gap=2)
    assert label.text_anchor == "start" and label.box.bottom < 104


def test_a_label_avoids_a_marker_to_its_east():
    first, second = _place([(100, 100), (130, 100)], ["Vienna", "Pressburg"])
    assert not first.box.intersects(Rect(126, 96, 134, 104))


def test_a_label_is_not_put_where_it_seems_to_name_another_marker():
    # East of Tampico is free, but the label would end beside the next marker as much as its own.
    tampico, _ = _place([(100, 100), (165, 100)], ["Tampico", "X"])
    assert tampico.text_anchor == "end" and tampico.box.right < 100


@pytest.mark.parametrize("spot_number, other, ambiguous", [
    (2, (280.2, 109.9), True),    # north-east of Büyükada, level with Constantinople just west of it
    (0, (281.0, 112.0), False),   # east of Büyükada, Constantinople up and to the west
    (7, (255.0, 137.0), True),    # south of Büyükada, the text's west end beside another marker
    (0, (365.0, 122.2), True),    # east, the text's far end beside another marker
    (0, (420.0, 122.2), False),
])
def test_a_label_is_ambiguous_when_another_marker_could_claim_it(spot_number, other, ambiguous):
    request = LabelRequest("Büyükada", (291.1, 122.2), 7.5)
    spot = candidate_spots(request, 12, 2)[spot_number]
    cost = spot_cost(spot, 0, request, [request.anchor, other], (), 2)
    assert (cost >= AMBIGUITY_COST) is ambiguous


def test_small_maps_drop_a_label_rather_than_let_it_seem_to_name_another_marker():
    # Boxed in by markers west, north and south, and one too near the east.
    anchors = [(100, 100), (165, 100), (80, 100), (100, 80), (100, 120), (80, 80), (120, 80), (80, 120), (120, 120)]
    assert _place(anchors, ["Tampico"] + ["x"] * 8, drop=True)[0] is None
    assert _place(anchors, ["Tampico"] + ["x"] * 8, drop=False)[0] is not None


def test_small_maps_drop_labels_that_cannot_fit_but_large_ones_keep_them():
    crowd = [(200 + dx, 150 + dy) for dx in (-10, 0, 10) for dy in (-10, 0, 10)]
    dropped = _place(crowd, drop=True)
    kept = _place(crowd, drop=False)
    assert None in dropped and all(kept)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(10, 390), st.floats(10, 290)), min_size=1, max_size=25))
def test_placed_labels_never_overlap_each_other_nor_markers_nor_leave_the_map(anchors):
    labels = _place(anchors, drop=True)
    boxes = [label.box for label in labels if label is not None]
    for i, box in enumerate(boxes):
        assert BOUNDS.contains(box)
        assert not any(box.intersects(other) for other in boxes[i + 1:])
        assert not any(math.dist(_nearest(box, anchor), anchor) < 4 for anchor in anchors)


def _nearest(box, point):
    return min(max(point[0], box.left), box.right), min(max(point[1], box.top), box.bottom)


def test_candidate_spots_are_the_eight_directions_in_order_of_preference():
    spots = candidate_spots(LabelRequest("Paris", (50, 50), 4), 12, 3)
    assert [s.text_anchor for s in spots] == ["start", "end", "start", "start", "end", "end", "middle", "middle"]
    east, west, north, south = spots[0], spots[1], spots[6], spots[7]
    assert east.box.left > 50 > west.box.right and north.box.bottom < 50 < south.box.top


def test_spread_apart_moves_close_markers_to_the_minimum_distance_keeping_their_order():
    points = [(100.0, 100.0), (101.0, 100.5), (300.0, 300.0)]
    moved = spread_apart(points, 10)
    assert math.dist(moved[0], moved[1]) == pytest.approx(10)
    assert moved[0][0] < moved[1][0]  # Constantinople stays west of Büyükada
    assert moved[2] == (300.0, 300.0)
    assert ((moved[0][0] + moved[1][0]) / 2, (moved[0][1] + moved[1][1]) / 2) == pytest.approx((100.5, 100.25))


@settings(deadline=None)
@given(st.lists(st.tuples(st.floats(0, 50), st.floats(0, 50)), min_size=2, max_size=8))
def test_spread_markers_end_up_apart(points):
    moved = spread_apart(points, 8)
    assert all(math.dist(a, b) >= 8 * 0.97 for i, a in enumerate(moved) for b in moved[i + 1:])


def test_a_chain_of_near_places_spreads_without_new_overlaps():
    chain = [(0.0, 0.0), (6.0, 0.0), (12.0, 0.0), (6.0, 5.0)]
    moved = spread_apart(chain, 10)
    assert all(math.dist(a, b) >= 9.7 for i, a in enumerate(moved) for b in moved[i + 1:])


def test_route_stops_are_the_numbered_markers_in_order():
    markers = [Marker("b", "B", 0, 0, number=2), Marker("x", "X", 0, 0), Marker("a", "A", 0, 0, number=1)]
    assert [m.id for m in route_stops(markers)] == ["a", "b"]


def test_marker_problems_name_the_marker_and_the_fix():
    markers = [Marker("paris", "Paris", 48.86, 2.35), Marker("paris", "Paris", 48.86, 2.35),
               Marker("nowhere", " ", 91, -181)]
    assert marker_problems(markers) == (
        "marker `paris` appears twice; give each marker its own id",
        "marker `nowhere`: latitude 91 is outside -90..90",
        "marker `nowhere`: longitude -181 is outside -180..180",
        "marker `nowhere` has an empty label",
    )
    assert marker_problems([]) == ("a map needs at least one marker",)
