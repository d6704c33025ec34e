"""maps.topojson: decoding hand-made topologies, quantized and not."""
import pytest

from trotsky_site.maps.topojson import TopologyError, arc_at, decode_arcs, object_mesh, object_polygons, stitch

# Two unit squares side by side, sharing the edge x = 1, in a 10 × 10 quantized grid over
# [0, 2] × [0, 1]: scale 0.2 × 0.1, so grid (5, 10) is (1.0, 1.0).
#   arc 0: the shared edge, (1, 0) up to (1, 1)
#   arc 1: the left square's other three sides, (1, 1) → (0, 1) → (0, 0) → (1, 0)
#   arc 2: the right square's other three sides, (1, 0) → (2, 0) → (2, 1) → (1, 1)
SQUARES = {
    "type": "Topology",
    "transform": {"scale": [0.2, 0.1], "translate": [0, 0]},
    "arcs": [
        [[5, 0], [0, 10]],
        [[5, 10], [-5, 0], [0, -10], [5, 0]],
        [[5, 0], [5, 0], [0, 10], [-5, 0]],
    ],
    "objects": {
        "countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "id": "left"},
            {"type": "Polygon", "arcs": [[2, -1]], "id": "right"},
        ]},
    },
}


def test_delta_decoding_applies_the_transform_to_running_sums():
    arcs = decode_arcs(SQUARES)
    assert arcs[0] == ((1.0, 0.0), (1.0, 1.0))
    assert arcs[1] == ((1.0, 1.0), (0.0, 1.0), (0.0, 0.0), (1.0, 0.0))
    assert arcs[2] == ((1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0))


def test_without_a_transform_positions_are_absolute():
    topology = {"type": "Topology", "arcs": [[[10.5, 20], [11, 21], [12, 20]]], "objects": {}}
    assert decode_arcs(topology) == (((10.5, 20.0), (11.0, 21.0), (12.0, 20.0)),)


def test_a_negative_index_walks_arc_ones_complement_backwards():
    arcs = decode_arcs(SQUARES)
    assert arc_at(arcs, -1) == ((1.0, 1.0), (1.0, 0.0))  # ~0: arc 0 reversed
    assert arc_at(arcs, -3) == arcs[2][::-1]


def test_stitching_keeps_each_joint_once_and_closes_the_ring():
    ring = stitch(decode_arcs(SQUARES), [2, -1])
    assert ring == ((1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0), (1.0, 0.0))


def test_polygons_come_out_as_closed_rings():
    left, right = object_polygons(SQUARES, "countries")
    assert left == (((1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0), (1.0, 0.0)),)
    assert right[0][0] == right[0][-1] == (1.0, 0.0)


def test_multipolygons_with_holes_keep_exterior_then_holes():
    topology = {
        "type": "Topology",
        "arcs": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]],
                 [[10, 10], [11, 10], [11, 11], [10, 10]]],
        "objects": {"land": {"type": "GeometryCollection", "geometries": [
            {"type": "MultiPolygon", "arcs": [[[0], [1]], [[2]]]},
            {"type": "LineString", "arcs": [0]},
        ]}},
    }
    with_hole, island = object_polygons(topology, "land")
    assert len(with_hole) == 2 and with_hole[1][0] == (1.0, 1.0)
    assert island == (((10.0, 10.0), (11.0, 10.0), (11.0, 11.0), (10.0, 10.0)),)


def test_mesh_is_the_arcs_two_features_share():
    assert object_mesh(SQUARES, "countries") == (((1.0, 0.0), (1.0, 1.0)),)


def test_an_out_of_range_arc_is_reported_with_the_count():
    with pytest.raises(TopologyError, match=r"arc index -4 is out of range: the topology has 3 arcs"):
        stitch(decode_arcs(SQUARES), [-4])


def test_a_missing_object_names_the_ones_there():
    with pytest.raises(TopologyError, match=r"no object `land`; it has: countries"):
        object_polygons(SQUARES, "land")


def test_a_bad_transform_is_reported():
    with pytest.raises(TopologyError, match="`scale` and `translate`"):
        decode_arcs({"type": "Topology", "arcs": [], "transform": {"scale": [1, 1]}})
