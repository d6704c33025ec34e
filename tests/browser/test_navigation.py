"""A reader finds their way: home -> chapter -> next chapter -> a person, all under /trotsky-site/."""
import re

import pytest

pytestmark = pytest.mark.browser


def test_home_to_chapter_to_next_chapter_to_person(page, base_url):
    page.goto(base_url)
    assert page.locator("h1").inner_text().startswith("Trotsky")
    page.locator(".home .chapter-list a.chapter-link").first.click()
    page.wait_for_url(re.compile(r"/trotsky-site/chapters/[a-z0-9-]+/$"))
    first_title = page.locator("h1").inner_text()
    assert page.locator(".kicker").first.inner_text().lower() == "chapter 1"

    page.locator("a[rel=next]").click()
    page.wait_for_url(re.compile(r"/trotsky-site/chapters/[a-z0-9-]+/$"))
    assert page.locator(".kicker").first.inner_text().lower() == "chapter 2"
    assert page.locator("h1").inner_text() != first_title
    assert page.locator("a[rel=prev]").inner_text().endswith(first_title)

    person = page.locator(".prose a.xref-person").first
    name = person.get_attribute("data-preview")
    person.click()
    page.wait_for_url(f"**/trotsky-site/people/{name}/")
    assert page.locator(".kicker").first.inner_text().lower() == "person"
    assert page.locator("nav.breadcrumbs a", has_text="People").get_attribute("href") == "../"   # relative


def test_every_main_menu_link_leads_to_a_page(page, base_url):
    page.goto(base_url)
    hrefs = page.locator("nav.site-nav a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 8   # chapters, people, timeline, places, topics, organisations, sources, search
    for href in hrefs:
        response = page.goto(href)
        assert response.status == 200, href
        assert page.locator("nav.site-nav a[aria-current=page]").count() == 1, href


def test_year_anchor_on_the_timeline(page, base_url):
    response = page.goto(base_url + "timeline/#1917")
    assert response.status == 200
    assert page.locator("h2#\\31 917").is_visible()
    assert page.evaluate("document.getElementById('1917').getBoundingClientRect().top") < 100


def test_a_missing_page_answers_404_with_working_links(page, base_url):
    response = page.goto(base_url + "no/such/page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    page.locator("main a", has_text="people index").click()
    page.wait_for_url("**/trotsky-site/people/")
    assert page.locator("h1").inner_text() == "People A–Z"


def test_pages_work_without_javascript(new_page, base_url):
    page = new_page(java_script_enabled=False)
    page.goto(base_url + "circle/")
    assert page.locator(".circle-group li a").count() > 5
    assert page.locator(".circle-graph svg").count() == 0
    page.goto(base_url + "chapters/return-to-russia/")
    assert page.locator(".prose a.xref").count() > 10
    assert page.locator("#link-preview").count() == 0
    page.goto(base_url + "search/")
    assert page.locator("noscript").count() == 1
    page.goto(base_url + "people/")
    page.locator("nav.letters a").first.click()
    assert page.url.endswith("#letter-A")


def test_circle_drawing_is_drawn_from_the_list(page, base_url):
    page.goto(base_url + "circle/")
    graph = page.locator(".circle-graph")
    assert graph.get_attribute("aria-hidden") == "true"
    page.wait_for_selector(".circle-graph svg")
    people = page.locator(".circle-group li > a[data-preview]").count()
    assert page.locator(".circle-graph svg a").count() == people
    assert page.locator(".circle-graph svg a[tabindex='-1']").count() == people
