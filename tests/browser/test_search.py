"""Offline search under the subpath: names in either script, with or without stress marks."""
import json

import pytest

from tests.unit.test_searchindex import KEYS

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
    ("Leningrad", "Petrograd"),          # a place's historical name
    ("Prinkipo", "Büyükada"),            # an alias
    ("Buyukada", "Büyükada"),            # without the diacritics
    ("Büyükada", "Büyükada"),
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


def test_search_js_folds_as_searchindex_py(search_page):
    texts = [text for text, _ in KEYS]
    folded = search_page.evaluate("texts => texts.map(t => window.siteSearchKeys(t).join(' '))", texts)
    assert list(zip(texts, folded)) == KEYS


def test_a_word_of_the_text_finds_pages_and_their_summaries(search_page):
    search_page.fill("#search-input", "Smolny")
    search_page.wait_for_function("document.querySelector('#search-status').textContent.includes('Smolny')")
    assert "Petrograd" in search_page.locator("#search-results li > a").all_inner_texts()
    search_page.wait_for_function("[...document.querySelectorAll('#search-results li p')].some(p => p.textContent)")


def test_a_search_fetches_the_names_and_only_its_words_shards(new_page, base_url, site_dir):
    page = new_page()
    fetched = []
    page.on("requestfinished", lambda request: fetched.append(request.url[len(base_url):]))
    page.goto(base_url + "search/?q=Smolny")
    page.wait_for_selector("#search-results li a")
    page.wait_for_load_state("networkidle")
    data = [path for path in fetched if path.endswith(".json")]
    shards = json.loads((site_dir / "search" / "pages.json").read_text(encoding="utf-8"))["shards"]
    wanted = [f"search/terms-{p}.json" for p in shards if "smolni".startswith(p) or p.startswith("smolni")]
    assert "search/pages.json" in data and wanted and set(wanted) <= set(data)
    assert not [path for path in data if path.startswith("search/terms-") and path not in wanted]
    assert all(path.startswith(("search/", "previews/")) for path in data), data
