"""axe-core on every page (light) and on each kind of page (dark): no serious or critical violation."""
import pytest

pytestmark = pytest.mark.browser

KINDS = ["", "chapters/", "people/", "topics/", "organisations/", "timeline/", "circle/", "search/?q=trotsky",
         "404.html", "chapters/return-to-russia/", "people/bukharin/", "people/trotsky/",
         "topics/permanent-revolution/", "organisations/comintern/",
         "journey/", "places/", "places/coyoacan/", "chapters/exile-abroad/"]   # maps, dark and phone-sized


@pytest.fixture(scope="module")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.skip("axe-playwright-python is not installed (pip install -e '.[test]')")
    return Axe()


def serious(axe, page) -> list[str]:
    results = axe.run(page)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_every_page_light(new_page, base_url, html_pages, axe):
    page = new_page()
    found = {}
    for path in html_pages:
        page.goto(base_url + path)
        problems = serious(axe, page)
        if problems:
            found[path] = problems
    assert not found


@pytest.mark.parametrize("path", KINDS)
def test_page_kinds_dark_and_phone(new_page, base_url, axe, path):
    page = new_page(width=390, color_scheme="dark")
    page.goto(base_url + path)
    if path.startswith("search/"):
        page.wait_for_selector("#search-results li")
    assert not serious(axe, page)


def test_open_preview_card(page, base_url, axe):
    page.goto(base_url + "chapters/return-to-russia/")
    page.locator(".prose a[data-preview=trotsky]").first.hover()
    page.wait_for_selector("#link-preview", state="visible")
    assert not serious(axe, page)
