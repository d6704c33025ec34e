"""The maps in a real browser: they render at desktop and phone widths (screenshots in tests/artifacts/),
a marker is reached by Tab and previews its place on focus, and clicking it opens the place."""
import pytest

pytestmark = pytest.mark.browser

CARD = "#link-preview"
PAGES = {"journey": "journey/", "places": "places/", "place": "places/coyoacan/", "person": "people/trotsky/",
         "chapter": "chapters/exile-abroad/", "home": ""}
WIDTHS = {"desktop": (1280, "map-wide"), "phone": (390, "map-narrow")}


def visible_map(page):
    """The one map of the first figure that is shown (the other of a pair is display: none)."""
    maps = page.locator("figure.map-figure").first.locator("svg.map")
    shown = [maps.nth(i) for i in range(maps.count()) if maps.nth(i).is_visible()]
    assert len(shown) == 1, "exactly one of a wide/narrow pair is shown"
    return shown[0]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_maps_render_at_desktop_and_phone_widths(new_page, base_url, artifacts, name, width):
    pixels, pair_class = WIDTHS[width]
    page = new_page(width=pixels)
    page.goto(base_url + PAGES[name])
    svg = visible_map(page)
    box = svg.bounding_box()
    assert box["width"] <= pixels and box["height"] > 100
    assert box["x"] >= 0 and box["x"] + box["width"] <= pixels + 1, "the map fits the screen"
    pair = svg.evaluate("e => e.parentElement.className")
    assert pair in (pair_class, "map-single")
    markers = svg.locator("a.map-marker")
    assert markers.count() >= 1
    for i in range(min(markers.count(), 5)):   # markers inside the drawing
        dot = markers.nth(i).locator("circle").bounding_box()
        assert box["x"] <= dot["x"] and dot["x"] + dot["width"] <= box["x"] + box["width"] + 1
    labels = svg.locator("text.map-label")
    if labels.count():
        size = labels.first.evaluate("e => e.getBoundingClientRect().height")
        assert size >= 9, "labels stay legible"
    page.locator("figure.map-figure").first.screenshot(path=str(artifacts / f"map-{name}-{width}.png"))


def test_a_marker_is_reached_by_tab_shows_a_preview_and_opens_its_place(page, base_url):
    page.goto(base_url + "places/coyoacan/")
    page.locator("h1").click()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('svg a.map-marker')"):
            break
    else:
        pytest.fail("no map marker in the Tab order")
    assert page.evaluate("document.activeElement.getAttribute('data-preview')") == "coyoacan"
    page.wait_for_selector(CARD, state="visible")
    assert "Coyoacán" in page.locator(CARD).inner_text()
    marker = page.locator("svg a.map-marker:focus").bounding_box()
    card = page.locator(CARD).bounding_box()
    assert abs(card["x"] - marker["x"]) < 400 and (card["y"] > marker["y"] or card["y"] + card["height"] < marker["y"] + 5), \
        "the card sits beside the marker"
    page.keyboard.press("Escape")


def test_clicking_a_journey_marker_opens_its_place(page, base_url):
    page.goto(base_url + "journey/")
    marker = visible_map(page).locator("a.map-marker").first
    target = marker.get_attribute("data-preview")
    marker.locator("circle").click()
    page.wait_for_url(f"**/places/{target}/")
    assert page.locator("article.place").count() == 1


def test_hovering_a_marker_previews_its_place(page, base_url):
    page.goto(base_url + "places/")
    marker = visible_map(page).locator("a.map-marker[data-preview=kazan]")
    marker.locator("circle").hover()
    page.wait_for_selector(CARD, state="visible")
    assert "Kazan" in page.locator(CARD).inner_text()


def test_dark_mode_maps_use_the_dark_palette(new_page, base_url):
    page = new_page(color_scheme="dark")
    page.goto(base_url + "places/coyoacan/")
    sea = visible_map(page).locator(".map-sea").evaluate("e => getComputedStyle(e).fill")
    assert sea == "rgb(20, 26, 30)"
