"""Offline search under the subpath: names in either script, with or without stress marks."""
import pytest

pytestmark = pytest.mark.browser

CASES = [
    ("Троцкий", "Leon Trotsky"),
    ("Trotski", "Leon Trotsky"),
    ("trotsky", "Leon Trotsky"),
    ("Bronstein", "Leon Trotsky"),
    ("Bukharin", "Nikolai Bukharin"),
    ("Бухарин", "Nikolai Bukharin"),
    ("Колчак", "Alexander Kolchak"),
    ("Lenin", "Vladimir Lenin"),
    ("Kollontay", "Alexandra Kollontai"),
]


@pytest.fixture(scope="module")
def search_page(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "search/")
    page.wait_for_function("document.querySelector('#search-input') !== null")
    yield page
    context.close()


@pytest.mark.parametrize("query, first", CASES)
def test_first_result(search_page, base_url, query, first):
    search_page.fill("#search-input", query)
    search_page.wait_for_selector("#search-results li a")
    results = search_page.locator("#search-results li > a").all_inner_texts()
    assert results[0] == first, results[:5]
    assert search_page.locator("#search-results li > a").first.get_attribute("href").startswith(base_url)


def test_query_in_the_address_runs_on_load(page, base_url):
    page.goto(base_url + "search/?q=Sedova")
    page.wait_for_selector("#search-results li a")
    assert page.locator("#search-results li > a").first.inner_text() == "Natalia Sedova"
    assert "result" in page.locator("#search-status").inner_text()


def test_home_search_box_leads_to_results(page, base_url):
    page.goto(base_url)
    page.fill("#home-search", "Mercader")
    page.keyboard.press("Enter")
    page.wait_for_url("**/trotsky-site/search/?q=Mercader")
    page.wait_for_selector("#search-results li a")
    assert page.locator("#search-results li > a").first.inner_text() == "Ramón Mercader"


def test_nothing_found_is_said(search_page):
    search_page.fill("#search-input", "qqqzzzxxx")
    search_page.wait_for_function("document.querySelector('#search-status').textContent.includes('Nothing')")
    assert search_page.locator("#search-results li").count() == 0
