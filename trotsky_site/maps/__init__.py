"""Maps drawn at build time as inline SVG from bundled Natural Earth outlines: no JavaScript, no tiles.

    svg = render_map_svg([Marker("kazan", "Kazan", 55.79, 49.12, href="../kazan/")], MapOptions(title="Kazan"))
    places = place_list(markers, route=True)   # the same places as data for a list beside the map

The SVG is namespaced XML, so it goes inline into HTML and into EPUB XHTML alike. Give each map on a
page its own `id_prefix`. `map.css` holds the styles the site's stylesheet should take in, and shows
how a page pairs a wide rendering with a small one for phones within the 60 KB budget.
"""
from .draw import MapOptions, describe, render_map_svg
from .markers import Marker, marker_problems
from .text_alternative import PlaceEntry, PlaceList, place_list
from .world import World, load_world

__all__ = ["MapOptions", "Marker", "PlaceEntry", "PlaceList", "World", "describe", "load_world",
           "marker_problems", "place_list", "render_map_svg"]
