"""maps.labels and maps.markers: labels that do not collide, markers that do not hide each other."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trotsky_site.maps.geometry import Rect
from trotsky_site.maps.labels import LabelRequest, candidate_spots, place_labels, text_width
from trotsky_site.maps.markers import Marker, marker_problems, route_stops, spread_apart

BOUNDS = Rect(0, 0, 400, 300)


def _place(anchors, texts=None, drop=True, obstacles=None, radius=4):
    texts = texts or [f"Place {i}" for i in range(len(anchors))]
    requests = [LabelRequest(text, anchor, radius) for text, anchor in zip(texts, anchors)]
    if obstacles is None:
        obstacles = [Rect(x - radius, y - radius, x + radius, y + radius) for x, y in anchors]
    return place_labels(requests, obstacles, BOUNDS, font_size=12, gap=3, drop_when_crowded=drop)


def test_text_width_grows_with_the_text_and_capitals_are_wider():
    assert text_width("Kazan", 12) < text_width("Constantinople", 12)
    assert text_width("NNN", 12) > text_width("nnn", 12) > text_width("iii", 12)


def test_a_lone_label_goes_east_of_its_marker():
    label, = _place([(100, 100)], ["Kazan"])
    assert label.text_anchor == "start" and label.x > 100 and label.box.top < 100 < label.box.bottom


def test_a_label_at_the_east_edge_goes_west():
    label, = _place([(395, 100)], ["Kazan"])
    assert label.text_anchor == "end" and label.box.right < 395


def test_a_label_avoids_a_marker_to_its_east():
    first, second = _place([(100, 100), (130, 100)], ["Vienna", "Pressburg"])
    assert not first.box.intersects(Rect(126, 96, 134, 104))


def test_a_label_is_not_put_where_it_seems_to_name_another_marker():
    # East of Tampico is free, but the label would end beside the next marker as much as its own.
    tampico, _ = _place([(100, 100), (165, 100)], ["Tampico", "X"])
    assert tampico.text_anchor == "end" and tampico.box.right < 100


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
    markers = [Rect(x - 4, y - 4, x + 4, y + 4) for x, y in anchors]
    for i, box in enumerate(boxes):
        assert BOUNDS.contains(box)
        assert not any(box.intersects(other) for other in boxes[i + 1:])
        assert not any(box.intersects(marker) for marker in markers)


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


@given(st.lists(st.tuples(st.floats(0, 50), st.floats(0, 50)), min_size=2, max_size=6))
def test_a_cluster_spread_round_a_circle_keeps_markers_apart(points):
    moved = spread_apart(points, 8)
    if len(set(points)) == len(points) and max(math.dist(a, b) for a in points for b in points) < 8 / 3:
        assert all(math.dist(a, b) >= 8 - 1e-6 for i, a in enumerate(moved) for b in moved[i + 1:])


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
