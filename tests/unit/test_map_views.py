"""map_views: markers from the template context, figures, and the drawings cached by their exact inputs."""
from __future__ import annotations

import os
import time

from trotsky_site.render import map_views
from trotsky_site.render.map_views import MapDrawer, to_markers
from trotsky_site.maps import MapOptions, Marker, render_map_svg

KAZAN = {"id": "kazan", "name": "Kazan", "lat": 55.79, "lon": 49.12, "href": "/s/places/kazan/"}
PARIS = {"id": "paris", "name": "Paris", "lat": 48.86, "lon": 2.35, "href": "/s/places/paris/"}


def test_a_route_visiting_a_place_twice_gets_one_marker_per_stop_that_previews_the_place():
    markers = to_markers([{**PARIS, "number": 1}, {**KAZAN, "number": 2}, {**PARIS, "number": 3}], route=True)
    assert [m.id for m in markers] == ["paris-1", "kazan-2", "paris-3"]
    assert [m.preview for m in markers] == ["paris", "kazan", "paris"]
    assert to_markers([KAZAN], route=False)[0] == Marker("kazan", "Kazan", 55.79, 49.12, "/s/places/kazan/",
                                                         None, preview="kazan")


def test_marker_links_carry_data_preview_and_only_href_when_xlink_is_off():
    svg = render_map_svg(to_markers([KAZAN], False), MapOptions(xlink=False))
    assert '<a class="map-marker" href="/s/places/kazan/" data-preview="kazan">' in svg
    assert 'xlink:href="/s/places/kazan/"' in render_map_svg(to_markers([KAZAN], False), MapOptions())


def test_figure_has_the_wide_and_narrow_pair_and_an_ordered_list_for_a_route():
    drawer = MapDrawer()
    figure = drawer.figure([{**PARIS, "number": 1}, {**KAZAN, "number": 3}], "journey", "j", "Journey")
    assert [css for css, _ in figure.svgs] == ["map-wide", "map-narrow"]
    assert 'id="j-wide-title"' in figure.svgs[0][1] and 'id="j-narrow-title"' in figure.svgs[1][1]
    assert figure.ordered and [(e.number, e.page_id) for e in figure.entries] == [(1, "paris"), (3, "kazan")]
    single = drawer.figure([KAZAN], "place", "p", "Kazan")
    assert [css for css, _ in single.svgs] == ["map-single"] and not single.ordered
    assert drawer.figure([], "person", "x", "Nobody") is None


def test_each_distinct_map_is_drawn_once_and_the_disk_copy_equals_a_fresh_drawing(tmp_path):
    first = MapDrawer(tmp_path)
    one = first.figure([KAZAN], "place", "p", "Kazan")
    again = first.figure([KAZAN], "place", "p", "Kazan")
    assert first.drawn == 1 and one == again
    other = first.figure([KAZAN], "place", "p", "Kazan, elsewhere")   # any input changed: drawn again
    assert first.drawn == 2 and other != one
    assert len(list(tmp_path.glob(f"maps-{map_views.library_salt()}/*.svg"))) == 2
    second = MapDrawer(tmp_path)
    assert second.figure([KAZAN], "place", "p", "Kazan") == one and second.drawn == 0
    assert MapDrawer().figure([KAZAN], "place", "p", "Kazan") == one


def test_drawings_unused_for_a_month_are_forgotten_whatever_their_version(tmp_path):
    stale, fresh = tmp_path / "maps-0000000000000000", tmp_path / "maps-1111111111111111"
    for folder in (stale, fresh):
        folder.mkdir()
        (folder / "x.svg").write_text("<svg/>")
    month_ago = time.time() - map_views.STALE_SECONDS - 60
    os.utime(stale / "x.svg", (month_ago, month_ago))
    MapDrawer(tmp_path).figure([KAZAN], "place", "p", "Kazan")
    assert not stale.exists() and (fresh / "x.svg").exists()


def test_the_drawings_folder_is_the_users_cache_unless_the_environment_says(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("TROTSKY_SITE_MAP_CACHE", raising=False)
    assert map_views.default_folder() == tmp_path / "trotsky-site"
    monkeypatch.setenv("TROTSKY_SITE_MAP_CACHE", "")
    assert map_views.default_folder() is None
    monkeypatch.setenv("TROTSKY_SITE_MAP_CACHE", str(tmp_path / "maps"))
    assert map_views.default_folder() == tmp_path / "maps"


def test_every_use_keeps_its_maps_within_the_page_budget():
    for use, sizes in map_views.USES.items():
        assert sum(size.max_bytes for size in sizes) <= 60_000, use
