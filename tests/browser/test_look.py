"""Layout in a real browser: dark mode, phone width, print; screenshots for people to look at."""
import pytest

pytestmark = pytest.mark.browser

SHOTS = {"home": "", "chapter": "chapters/return-to-russia/", "person": "people/bukharin/",
         "timeline": "timeline/"}


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_dark_mode_follows_the_system(new_page, base_url):
    light, dark = new_page(color_scheme="light"), new_page(color_scheme="dark")
    for page in (light, dark):
        page.goto(base_url + "people/trotsky/")
    assert background(light) != background(dark)
    text = dark.evaluate("getComputedStyle(document.body).color")
    assert text != light.evaluate("getComputedStyle(document.body).color")


def test_no_horizontal_scroll_at_phone_width(new_page, base_url, html_pages):
    page = new_page(width=390, height=844, is_mobile=True, has_touch=True)
    too_wide = []
    for path in html_pages:
        page.goto(base_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide.append((path, width))
    assert not too_wide


def test_print_hides_navigation_and_shows_link_targets(page, base_url):
    page.goto(base_url + "chapters/return-to-russia/")
    page.emulate_media(media="print")
    for selector in (".site-header", ".breadcrumbs", ".pager", ".site-footer", ".toc"):
        assert page.locator(selector).first.is_hidden(), selector
    after = page.evaluate("getComputedStyle(document.querySelector('.prose a.xref'), '::after').content")
    assert "/trotsky-site/" in after
    assert page.locator(".os").first.is_visible(), "both date styles are kept on paper"


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(new_page, base_url, artifacts, width, scheme):
    page = new_page(width=width, height=900, color_scheme=scheme)
    for name, path in SHOTS.items():
        page.goto(base_url + path)
        target = artifacts / f"{name}-{width}-{scheme}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
