"""Browser tests: the real site, built once under /trotsky-site/, served by http.server in a thread,
read by Debian's headless Chromium through Playwright.

Without /usr/bin/chromium (or Playwright) every test here is skipped, unless the environment
variable CI is set: then a missing browser is a failure, so CI cannot pass by skipping.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.pages_server import BASE, serve_folder

CHROMIUM = Path("/usr/bin/chromium")
PREFIX = BASE.rstrip("/")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so browser tests may not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site_dir(built_site) -> Path:
    return built_site


@pytest.fixture(scope="session")
def base_url(site_dir):
    with serve_folder(site_dir) as port:
        yield f"http://127.0.0.1:{port}{PREFIX}/"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(width=1280, **context options) -> a fresh page; its context closes after the test."""
    contexts = []

    def make(width: int = 1280, height: int = 900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def html_pages(site_dir) -> list[str]:
    """Every built page as a path under the base URL: '', 'people/bukharin/', '404.html'..."""
    paths = []
    for file in sorted(site_dir.rglob("*.html")):
        relative = file.relative_to(site_dir).as_posix()
        paths.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return paths


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
