"""Hover and focus previews (WCAG 2.2 SC 1.4.13): hoverable, dismissible, persistent; never on touch."""
import json

import pytest

from trotsky_site.render.searchindex import preview_shard

pytestmark = pytest.mark.browser

CHAPTER = "chapters/return-to-russia/"
CARD = "#link-preview"


def card_text(page) -> str:
    return page.locator(CARD).inner_text()


def test_hover_shows_card_and_moving_onto_it_keeps_it(page, base_url):
    page.goto(base_url + CHAPTER)
    link = page.locator(".prose a[data-preview=trotsky]").first
    link.hover()
    page.wait_for_selector(CARD, state="visible")
    text = card_text(page)
    assert "Leon Trotsky" in text
    assert "Лев Дави́дович Тро́цкий" in text       # the native name as written, stress marks and all
    assert "7 November [O.S. 26 October] 1879" in text and "21 August 1940" in text
    assert page.locator(f"{CARD} [lang=ru]").inner_text() == "Лев Дави́дович Тро́цкий"
    assert link.get_attribute("aria-describedby") == "link-preview"

    box = page.locator(CARD).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 4, steps=5)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    page.wait_for_timeout(700)
    assert page.locator(CARD).is_visible(), "the card must stay open while the pointer is on it"

    page.keyboard.press("Escape")
    assert page.locator(CARD).is_hidden()
    assert link.get_attribute("aria-describedby") is None


def test_card_closes_when_the_pointer_leaves(page, base_url):
    page.goto(base_url + CHAPTER)
    page.locator(".prose a[data-preview=trotsky]").first.hover()
    page.wait_for_selector(CARD, state="visible")
    page.mouse.move(5, 5)
    page.wait_for_selector(CARD, state="hidden", timeout=3000)


def test_keyboard_focus_shows_card_and_escape_hides_it(page, base_url):
    page.goto(base_url + "people/bukharin/")
    page.locator("h1").click()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-preview')"):
            break
    focused = page.evaluate("document.activeElement.textContent")
    page.wait_for_selector(CARD, state="visible")
    assert focused in card_text(page)
    page.keyboard.press("Escape")
    assert page.locator(CARD).is_hidden()
    assert page.evaluate("document.activeElement.hasAttribute('data-preview')"), "Esc must not move the focus"
    page.keyboard.press("Tab")
    page.wait_for_selector(CARD, state="visible")


def test_click_focus_alone_does_not_open_card(page, base_url):
    page.goto(base_url + "people/")
    link = page.locator("a[data-preview=bukharin]").first
    link.evaluate("a => a.addEventListener('click', e => e.preventDefault())")
    box = link.bounding_box()
    page.mouse.move(box["x"] + 3, box["y"] + 3)
    page.mouse.down()
    page.mouse.up()
    page.mouse.move(5, 5)
    page.wait_for_timeout(800)
    assert page.locator(CARD).count() == 0 or page.locator(CARD).is_hidden()


def test_tap_on_touch_screen_navigates_without_card(new_page, base_url):
    page = new_page(width=390, height=844, has_touch=True, is_mobile=True)
    page.add_init_script("""
      new MutationObserver(() => {
        const card = document.getElementById('link-preview');
        if (card && !card.hidden) sessionStorage.setItem('card-shown', '1');
      }).observe(document.documentElement, {subtree: true, childList: true, attributes: true});
    """)
    page.goto(base_url + CHAPTER)
    link = page.locator(".prose a[data-preview=trotsky]").first
    link.scroll_into_view_if_needed()
    link.tap()
    page.wait_for_url("**/trotsky-site/people/trotsky/")
    assert page.evaluate("sessionStorage.getItem('card-shown')") is None


def test_a_place_link_in_an_event_list_has_a_preview(page, base_url):
    page.goto(base_url + "timeline/")
    link = page.locator(".event-place a[data-preview=petrograd]").first
    link.hover()
    page.wait_for_selector(CARD, state="visible")
    text = card_text(page)
    assert "Petrograd" in text and "The Russian capital" in text


def test_the_first_hover_fetches_one_small_previews_file(page, base_url, site_dir):
    fetched = []
    page.on("requestfinished", lambda request: fetched.append((request.url, request.sizes()["responseBodySize"])))
    page.goto(base_url + CHAPTER)
    page.wait_for_load_state("networkidle")
    fetched.clear()
    page.locator(".prose a[data-preview=trotsky]").first.hover()
    page.wait_for_selector(CARD, state="visible")
    assert "Leon Trotsky" in card_text(page)
    count = json.loads((site_dir / "previews" / "index.json").read_text(encoding="utf-8"))["shards"]
    assert [url for url, _ in fetched] == [base_url + "previews/index.json",
                                           base_url + f"previews/{preview_shard('trotsky', count)}.json"]
    assert sum(size for _, size in fetched) <= 20_000


def test_a_note_preview_needs_no_data_file(page, base_url):
    page.goto(base_url + CHAPTER)
    page.wait_for_load_state("networkidle")
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    note = page.locator(".prose a[role=doc-noteref]").first
    note.hover()
    page.wait_for_selector(CARD, state="visible")
    assert card_text(page).lower().startswith("note") and fetched == []
