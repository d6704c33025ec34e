"""maps.draw and maps.text_alternative: the SVG a page embeds, and the list beside it."""
import re
import xml.etree.ElementTree as ET

import pytest

from trotsky_site.maps import MapOptions, Marker, place_list, render_map_svg
from trotsky_site.maps.world import World, flat_ring, outline

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
# A plain square continent, so these tests do not depend on the bundled data.
BLOCK = World((outline(flat_ring(((-30, 20), (60, 20), (60, 70), (-30, 70), (-30, 20)))),), ())

JOURNEY = [("Vienna", 48.21, 16.37), ("Zurich", 47.37, 8.54), ("Paris", 48.86, 2.35), ("Madrid", 40.42, -3.70),
           ("Cádiz", 36.53, -6.29), ("New York", 40.71, -74.01), ("Amherst NS", 45.83, -64.21),
           ("Petrograd", 59.94, 30.31), ("Brest-Litovsk", 52.10, 23.69), ("Moscow", 55.76, 37.62),
           ("Alma-Ata", 43.24, 76.89), ("Constantinople", 41.01, 28.98), ("Büyükada", 40.86, 29.12),
           ("Barbizon", 48.45, 2.60), ("Hønefoss", 60.17, 10.26), ("Tampico", 22.25, -97.86),
           ("Coyoacán", 19.35, -99.16)]
EUROPE = [("Vienna", 48.21, 16.37), ("Zurich", 47.37, 8.54), ("Paris", 48.86, 2.35), ("Madrid", 40.42, -3.70),
          ("Petrograd", 59.94, 30.31), ("Brest-Litovsk", 52.10, 23.69), ("Moscow", 55.76, 37.62),
          ("Berlin", 52.52, 13.40), ("London", 51.51, -0.13), ("Kiev", 50.45, 30.52), ("Warsaw", 52.23, 21.01),
          ("Constantinople", 41.01, 28.98)]


def _markers(rows, numbered=False):
    return [Marker(name.lower().replace(" ", "-"), name, lat, lon, href=f"../{name.lower().replace(' ', '-')}/",
                   number=i + 1 if numbered else None) for i, (name, lat, lon) in enumerate(rows)]


def _parse(svg):
    return ET.fromstring(svg)


def test_the_svg_is_namespaced_xml_that_an_xhtml_page_can_hold():
    svg = render_map_svg(_markers(EUROPE), MapOptions(title="Europe"), world=BLOCK)
    root = _parse(svg)
    assert root.tag == SVG + "svg" and root.get("viewBox") == "0 0 640 400"
    page = ET.fromstring(f'<html xmlns="http://www.w3.org/1999/xhtml"><body>{svg}</body></html>')
    assert page.find(f".//{SVG}svg") is not None


def test_title_and_description_label_the_map():
    root = _parse(render_map_svg(_markers(EUROPE[:2]), MapOptions(title="Exile", id_prefix="m2"), world=BLOCK))
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    assert root.get("aria-labelledby") == title.get("id") == "m2-title" and title.text == "Exile"
    assert root.get("aria-describedby") == desc.get("id") == "m2-desc" and desc.text == "2 places: Vienna, Zurich."


def test_a_map_of_links_is_a_group_because_an_image_hides_its_links():
    # role="img" makes children presentational: axe-core reports nested-interactive (serious).
    with_links = _parse(render_map_svg(_markers(EUROPE[:2]), world=BLOCK))
    without = _parse(render_map_svg([Marker("k", "Kazan", 55.79, 49.12)], world=BLOCK))
    assert with_links.get("role") == "group" and without.get("role") == "img"
    assert without.find(f".//{SVG}a") is None and without.find(f".//{SVG}g[@class='map-marker']") is not None


def test_each_marker_is_a_link_named_by_its_title():
    root = _parse(render_map_svg(_markers(EUROPE), world=BLOCK))
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == [f"../{name.lower().replace(' ', '-')}/" for name, _, _ in EUROPE]
    assert all(a.get(XLINK + "href") == a.get("href") for a in links)
    assert [a[0].tag for a in links] == [SVG + "title"] * len(EUROPE)
    assert [a[0].text for a in links] == [name for name, _, _ in EUROPE]


def test_markers_sit_where_their_places_are():
    root = _parse(render_map_svg(_markers(EUROPE), world=BLOCK))
    dots = {a[0].text: a.find(SVG + "circle") for a in root.iter(SVG + "a")}
    x = {name: float(dot.get("cx")) for name, dot in dots.items()}
    y = {name: float(dot.get("cy")) for name, dot in dots.items()}
    assert x["Madrid"] < x["London"] < x["Berlin"] < x["Warsaw"] < x["Moscow"]
    assert y["Petrograd"] < y["Berlin"] < y["Vienna"] < y["Madrid"]
    assert all(0 < x[n] < 640 and 0 < y[n] < 400 for n in x)


def test_a_route_is_one_curve_per_leg_with_numbered_markers_in_route_order():
    markers = _markers(JOURNEY, numbered=True)[::-1]  # given in any order
    root = _parse(render_map_svg(markers, MapOptions(route=True), world=BLOCK))
    route = root.find(f"{SVG}path[@class='map-route']")
    assert route.get("d").count("Q") == len(JOURNEY) - 1
    numbers = [a.find(f"{SVG}text[@class='map-number']").text for a in root.iter(SVG + "a")]
    assert numbers == [str(n) for n in range(1, len(JOURNEY) + 1)]  # the order Tab follows
    assert root.find(f".//{SVG}a/{SVG}title").text == "1. Vienna"
    assert root.find(SVG + "desc").text.startswith("A route through 17 places: 1. Vienna, 2. Zurich,")


def test_without_route_there_is_no_line():
    svg = render_map_svg(_markers(JOURNEY, numbered=True), MapOptions(route=False), world=BLOCK)
    assert "map-route" not in svg and "map-number" not in svg


def test_colours_come_from_css_classes():
    svg = render_map_svg(_markers(EUROPE, numbered=True), MapOptions(route=True, borders=True), world=BLOCK)
    for name in ("map-sea", "map-land", "map-route", "map-marker", "map-label", "map-dot", "map-number"):
        assert f'class="{name}"' in svg
    assert "<style" not in svg  # a <style> inside inline SVG would leak into the page


def test_labels_escape_markup_and_drop_characters_xml_forbids():
    marker = Marker("odd", 'Ruth & "Co" <Ltd>\x0b', 50, 10, href="../a?b=1&c=2")
    root = _parse(render_map_svg([marker], MapOptions(title="A & B"), world=BLOCK))
    assert root.find(f".//{SVG}text[@class='map-label']").text == 'Ruth & "Co" <Ltd>'
    assert root.find(f".//{SVG}a").get("href") == "../a?b=1&c=2"
    assert root.find(SVG + "title").text == "A & B"


def test_small_crowded_maps_keep_every_marker_but_not_every_label():
    crowd = [Marker(f"p{i}", f"Place number {i}", 50 + (i % 4) * 0.3, 10 + (i // 4) * 0.4) for i in range(16)]
    root = _parse(render_map_svg(crowd, MapOptions(width=240, height=160, small=True), world=BLOCK))
    assert len(root.findall(f".//{SVG}circle[@class='map-dot']")) == 16
    assert 0 < len(root.findall(f".//{SVG}text[@class='map-label']")) < 16


def test_markers_at_one_spot_are_spread_with_leaders_to_the_true_place():
    pair = [Marker("c", "Constantinople", 41.01, 28.98), Marker("b", "Büyükada", 40.86, 29.12)]
    root = _parse(render_map_svg(pair, MapOptions(min_extent_km=6000), world=BLOCK))
    dots = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(SVG + "circle") if c.get("class") == "map-dot"]
    assert abs(dots[0][0] - dots[1][0]) + abs(dots[0][1] - dots[1][1]) >= 9
    assert root.find(f"{SVG}g[@class='map-leader']") is not None


def test_the_same_input_gives_the_same_bytes():
    args = (_markers(EUROPE, numbered=True), MapOptions(route=True))
    assert render_map_svg(*args, world=BLOCK) == render_map_svg(*args, world=BLOCK)


@pytest.mark.parametrize("markers, options, message", [
    ([], MapOptions(), "a map needs at least one marker"),
    ([Marker("x", "X", 95, 0)], MapOptions(), "marker `x`: latitude 95 is outside -90..90"),
    ([Marker("x", "X", 0, 0)], MapOptions(id_prefix="2 maps"),
     "id_prefix `2 maps` is not a valid XML id (a letter, then letters, digits, - _ .)"),
    ([Marker("x", "X", 0, 0)], MapOptions(title=" "), "a map needs a title, for screen readers"),
    ([Marker("x", "X", 0, 0)], MapOptions(width=50), "map size 50×400 is outside 120×80 .. 4000×4000"),
])
def test_bad_input_is_refused_with_a_message_saying_why(markers, options, message):
    with pytest.raises(ValueError) as raised:
        render_map_svg(markers, options, world=BLOCK)
    assert str(raised.value) == message


# The size budget, on the bundled outlines: one map may add at most 60 KB to a page.
BUDGET = 60_000


@pytest.mark.parametrize("rows, options", [
    (EUROPE, MapOptions(width=720, height=560, borders=True)),
    (EUROPE, MapOptions(width=400, height=320, small=True)),
    (JOURNEY, MapOptions(width=960, height=480, route=True)),
    (JOURNEY, MapOptions(width=960, height=540, route=True, borders=True)),
    (JOURNEY, MapOptions(width=400, height=260, route=True, small=True, borders=True)),
    ([("Kazan", 55.79, 49.12)], MapOptions(width=480, height=360, borders=True)),
], ids=["europe-borders", "europe-small", "journey", "journey-borders", "journey-small", "kazan"])
def test_a_map_fits_the_size_budget(rows, options):
    svg = render_map_svg(_markers(rows, numbered=options.route), options)
    assert len(svg.encode()) <= BUDGET
    land = re.search(r'class="map-land" d="([^"]+)"', svg).group(1)
    assert land.count("M") >= 3  # coasts are drawn, not simplified away


def test_a_wide_and_a_narrow_rendering_together_fit_the_budget_as_map_css_suggests():
    markers = _markers(JOURNEY, numbered=True)
    wide = render_map_svg(markers, MapOptions(width=960, height=480, route=True, id_prefix="j-wide", max_bytes=40_000))
    narrow = render_map_svg(markers, MapOptions(width=400, height=260, route=True, small=True, id_prefix="j-narrow",
                                                max_bytes=20_000))
    assert len(wide.encode()) + len(narrow.encode()) <= BUDGET


def test_a_tighter_budget_simplifies_harder_instead_of_failing():
    markers = _markers(JOURNEY, numbered=True)
    roomy = render_map_svg(markers, MapOptions(width=960, height=480, route=True))
    tight = render_map_svg(markers, MapOptions(width=960, height=480, route=True, max_bytes=25_000))
    assert len(tight.encode()) <= 25_000 < len(roomy.encode())
    assert "map-land" in tight


def test_the_place_list_for_a_route_is_ordered_by_number_then_the_rest():
    markers = [Marker("b", "Büyükada", 40.86, 29.12, "../b/", 2), Marker("k", "Kazan", 55.79, 49.12),
               Marker("a", "Alma-Ata", 43.24, 76.89, None, 1), Marker("c", "Coyoacán", 19.35, -99.16, number=3)]
    places = place_list(markers, route=True)
    assert places.ordered
    assert [(e.number, e.label, e.href) for e in places.entries] == [
        (1, "Alma-Ata", None), (2, "Büyükada", "../b/"), (3, "Coyoacán", None), (None, "Kazan", None)]
    assert places.entries[2].coordinates == "19.35° N, 99.16° W"


def test_the_place_list_without_a_route_keeps_the_given_order():
    places = place_list(_markers(EUROPE[:3], numbered=True))
    assert not places.ordered and [e.label for e in places.entries] == ["Vienna", "Zurich", "Paris"]
    assert all(e.number is None for e in places.entries)
