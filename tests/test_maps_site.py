"""The maps in the built real site (issue 15): the journey's numbered route and its list, every place on the
places index, maps on person and chapter pages only where they have places, and the 60 KB a page's maps may add."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAP_SVG = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg"[^>]*class="map[ "].*?</svg>', re.S)
MARKER = re.compile(r'<a class="map-marker" href="([^"]*)" data-preview="([^"]*)"><title>([^<]*)</title>')
BUDGET = 60_000


def read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def maps_of(html: str) -> list[str]:
    return MAP_SVG.findall(html)


def map_list(html: str) -> str:
    found = re.search(r'<(ol|ul) class="map-places">(.*?)</\1>', html, re.S)
    assert found, "the map's text alternative (a list of its places) is missing"
    return found.group(0)


def test_journey_map_is_a_numbered_route_in_stop_order_with_the_same_stops_listed(built_site):
    html = read(built_site, "journey")
    wide, narrow = maps_of(html)
    for svg in (wide, narrow):
        assert 'class="map-route"' in svg
        titles = [title for _, _, title in MARKER.findall(svg)]
        numbers = [int(title.split(".")[0]) for title in titles]
        assert numbers == sorted(numbers) and len(numbers) > 10, "markers (and the Tab order) follow the route"
    stops = re.findall(r'<li id="stop-(\d+)" class="journey-stop">.*?<span class="stop-place">(?:<a href="([^"]*)")?',
                       html, re.S)
    listed = map_list(html)
    assert listed.startswith('<ol class="map-places">')
    entries = re.findall(r'<li value="(\d+)"><a href="([^"]*)"', listed)
    on_map = [(int(n), href) for n, href in entries]
    assert on_map == [(int(n), MARKER.findall(wide)[i][0]) for i, (n, _) in enumerate(entries)]
    # every stop with a place page with coordinates is on the map, with its number; the others are not
    by_number = dict(on_map)
    assert set(by_number) <= {int(n) for n, _ in stops}
    assert all(by_number[int(n)] == href for n, href in stops if int(n) in by_number)


def test_every_place_with_coordinates_is_on_the_places_index_map(built_site):
    with_coordinates = {p.parent.name for p in (built_site / "places").glob("*/index.html")
                        if 'class="coordinates"' in p.read_text(encoding="utf-8")}
    assert len(with_coordinates) > 50
    html = read(built_site, "places")
    for svg in maps_of(html):
        assert {page_id for _, page_id, _ in MARKER.findall(svg)} == with_coordinates
    assert len(re.findall(r"<li>", map_list(html))) == len(with_coordinates)


def test_marker_links_are_relative_to_their_page_and_reach_place_pages(built_site):
    for href, page_id, _ in MARKER.findall(read(built_site, "places")):
        assert href == f"{page_id}/"
        assert (built_site / "places" / page_id / "index.html").is_file()
    for href, page_id, _ in MARKER.findall(read(built_site, "people/trotsky")):
        assert href == f"../../places/{page_id}/"


def test_a_person_with_places_has_a_map_and_one_without_has_none(built_site):
    people = {p.parent.name: p.read_text(encoding="utf-8") for p in (built_site / "people").glob("*/index.html")}
    assert maps_of(people["trotsky"]) and 'class="person-places"' in people["trotsky"]
    without = [name for name, html in people.items() if not maps_of(html)]
    assert without, "some people have no dated place"
    unmapped = {p["id"] for p in json.loads((built_site / "places.json").read_text(encoding="utf-8"))
                if not p.get("coordinates")}                    # a place with no coordinates gets no marker
    for name in without:
        events = people[name].split('class="person-events"', 1)[-1] if 'class="person-events"' in people[name] else ""
        linked = set(re.findall(r'href="\.\./\.\./places/([^/"]+)/"', events.split('class="backlinks"')[0]))
        assert linked <= unmapped, (name, linked - unmapped)
        assert 'class="person-places"' not in people[name]


def test_chapters_with_places_have_a_map_and_place_pages_a_locator(built_site):
    chapters = [p.read_text(encoding="utf-8") for p in (built_site / "chapters").glob("*/index.html")]
    assert sum(1 for html in chapters if len(maps_of(html)) == 2) >= 10
    for html in chapters:
        assert bool(maps_of(html)) == ('class="chapter-places"' in html)
    coyoacan = read(built_site, "places/coyoacan")
    (locator,) = maps_of(coyoacan)
    assert MARKER.findall(locator)[0][1] == "coyoacan"
    assert 'class="factbox"' in coyoacan.split(locator)[0]


def test_home_page_has_the_small_journey_map(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    (small,) = maps_of(html)
    assert 'class="map-route"' in small and 'class="map map-small"' in small


@pytest.mark.parametrize("limit", [BUDGET])
def test_no_page_adds_more_than_60_kb_of_maps(built_site, limit):
    sizes = {str(p.relative_to(built_site)): sum(len(svg.encode()) for svg in maps_of(p.read_text(encoding="utf-8")))
             for p in built_site.rglob("*.html")}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] <= limit, f"{largest} has {sizes[largest]} bytes of maps"
    assert sizes["journey/index.html"] > 20_000   # the measure finds the maps


def test_every_map_has_unique_ids_and_an_accessible_name(built_site):
    for path in ("journey", "places", "places/coyoacan", "people/trotsky"):
        html = read(built_site, path)
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), path
        for svg in maps_of(html):
            assert re.search(r'role="(group|img)" aria-labelledby="[^"]+-title"', svg)
