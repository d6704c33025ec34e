"""The portable build opened from disk (file://), as a reader who unzipped it would: styles apply, every
link names a file that exists, previews and search work, and nothing asks for a server."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from trotsky_site.build.pipeline import DiskCache, Project, build

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ["index.html", "chapters/return-to-russia/index.html", "people/trotsky/index.html",
          "places/moscow/index.html", "timeline/index.html", "sources/index.html"]


@pytest.fixture(scope="module")
def portable_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("portable")
    result = build(Project(ROOT / "content", portable=True), folder / "_site", DiskCache(folder / "cache"))
    assert result.ok, "\n".join(p.format() for p in result.problems)
    return folder / "_site"


def link_targets(page) -> list[str]:
    """Every link's address, resolved: HTML links and the maps' SVG links (whose .href is no string)."""
    return page.eval_on_selector_all(
        "a", "links => links.map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))"
             ".filter(h => h !== null).map(h => new URL(h, document.baseURI).href)")


def test_the_sample_exists(portable_site):
    assert all((portable_site / path).is_file() for path in SAMPLE)


@pytest.mark.parametrize("path", SAMPLE)
def test_styles_apply_and_every_link_names_an_existing_file(page, portable_site, path):
    page.goto("data:text/html,<body>plain</body>")
    default = page.evaluate("getComputedStyle(document.body).fontFamily + '|' + getComputedStyle(document.body).margin")
    page.goto((portable_site / path).as_uri())
    styled = page.evaluate("getComputedStyle(document.body).fontFamily + '|' + getComputedStyle(document.body).margin")
    assert styled != default, "the stylesheet did not apply"
    missing = []
    for href in link_targets(page):
        parts = urlsplit(href)
        if parts.scheme != "file":
            continue
        target = Path(unquote(parts.path))
        if not target.is_file():
            missing.append(f"{href} -> {target} is {'a folder' if target.is_dir() else 'missing'}")
    assert not missing, "\n".join(missing[:20])
    assert not re.search(r"\bserver\b", page.inner_text("body"), re.I), "the page asks for a server"


def test_previews_show_on_hover(page, portable_site):
    page.goto((portable_site / "chapters/return-to-russia/index.html").as_uri())
    page.hover("main a.xref[data-preview]")
    page.wait_for_selector("#link-preview:not([hidden])")
    assert page.inner_text("#link-preview .preview-title")


@pytest.mark.parametrize("query, expected", [("Trotsky", "Leon Trotsky"), ("Бухарин", "Nikolai Bukharin")])
def test_search_finds_names_from_disk(page, portable_site, query, expected):
    page.goto((portable_site / "search/index.html").as_uri())
    page.fill("#search-input", query)
    page.wait_for_selector("#search-results li a")
    results = page.locator("#search-results li > a")
    assert expected in results.all_inner_texts()
    first = results.first.get_attribute("href")
    assert first.startswith("file://") and first.endswith("/index.html")
    assert Path(unquote(urlsplit(first).path)).is_file()


def test_the_home_page_search_form_reaches_the_search_page_from_disk(page, portable_site):
    page.goto((portable_site / "index.html").as_uri())
    page.fill("#home-search", "Бухарин")
    page.press("#home-search", "Enter")
    page.wait_for_selector("#search-results li a")
    assert "Nikolai Bukharin" in page.locator("#search-results li > a").all_inner_texts()
