"""Citation notes in Chromium: note numbers open a preview of the note (hover and keyboard focus; Esc
dismisses; the card is hoverable and stays; never on touch), and note and back-link jump both ways.
The real site cites nothing yet, so this builds tests/fixtures/mini, which does."""
from __future__ import annotations

import pytest

from tests.browser.conftest import PREFIX
from tests.pages_server import serve_folder

pytestmark = pytest.mark.browser

CARD = "#link-preview"
TAGANROG = "chapters/taganrog/"


@pytest.fixture(scope="module")
def mini_url(mini_built_site):
    """The session's build of a copy of tests/fixtures/mini under /trotsky-site/ (tests/conftest.py)."""
    with serve_folder(mini_built_site) as port:
        yield f"http://127.0.0.1:{port}{PREFIX}/"


def test_hovering_a_note_number_previews_the_note_and_the_card_stays(page, mini_url):
    page.goto(mini_url + TAGANROG)
    ref = page.locator("#ref-1")
    ref.hover()
    page.wait_for_selector(CARD, state="visible")
    text = page.locator(CARD).text_content()
    assert "Note 1" in text and "Donald Rayfield, Anton Chekhov: A Life (London: HarperCollins, 1997), chap. 1." in text
    assert page.locator(f"{CARD} i").first.inner_text() == "Anton Chekhov: A Life"
    assert page.locator(f"{CARD} [role=doc-backlink]").count() == 0
    assert ref.get_attribute("aria-describedby") == "link-preview"
    box = page.locator(CARD).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 4, steps=5)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    page.wait_for_timeout(700)
    assert page.locator(CARD).is_visible(), "the card must stay open while the pointer is on it"
    page.keyboard.press("Escape")
    assert page.locator(CARD).is_hidden() and ref.get_attribute("aria-describedby") is None


def test_keyboard_focus_on_a_note_number_previews_it(page, mini_url):
    page.goto(mini_url + TAGANROG)
    page.locator("h1").click()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('role') === 'doc-noteref'"):
            break
    page.wait_for_selector(CARD, state="visible")
    number = page.evaluate("document.activeElement.textContent")
    assert f"Note {number}" in page.locator(CARD).text_content()
    page.keyboard.press("Escape")
    assert page.locator(CARD).is_hidden()


def test_a_late_preview_file_does_not_replace_the_note_focus_moved_to(page, mini_url):
    """Focus passes a person link (whose preview file is still on its way) and stops on a note number:
    when the file arrives, the card must still be the note's."""
    held = []
    page.route("**/previews/**", lambda route: held.append(route))
    page.goto(mini_url + TAGANROG)
    page.locator("h1").click()
    passed_a_preview_link = False
    for _ in range(60):
        page.keyboard.press("Tab")
        passed_a_preview_link |= page.evaluate("document.activeElement.hasAttribute('data-preview')")
        if page.evaluate("document.activeElement.getAttribute('role') === 'doc-noteref'"):
            break
    number = page.evaluate("document.activeElement.textContent")
    assert passed_a_preview_link and held, "focus must pass a link whose preview file was asked for"
    page.wait_for_selector(CARD, state="visible")
    for _ in range(5):                       # previews/index.json first, then the shard it names
        while held:
            held.pop().continue_()
        page.wait_for_timeout(200)
    assert f"Note {number}" in page.locator(CARD).text_content()
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "link-preview"


def test_a_tap_on_a_note_number_opens_no_preview(new_page, mini_url):
    page = new_page(width=400, has_touch=True, is_mobile=True)
    page.goto(mini_url + TAGANROG)
    page.locator("#ref-2").tap()
    page.wait_for_timeout(600)
    assert page.locator(CARD).count() == 0 or page.locator(CARD).is_hidden()
    assert page.evaluate("location.hash") == "#note-2"


def test_note_and_back_link_jump_both_ways(page, mini_url):
    page.goto(mini_url + TAGANROG)
    page.locator("#ref-3").click()
    assert page.evaluate("location.hash") == "#note-3"
    assert page.locator("#note-3").is_visible()
    assert page.evaluate("document.querySelector('#note-3').getBoundingClientRect().top") < 200
    page.locator("#note-3 [role=doc-backlink]").click()
    assert page.evaluate("location.hash") == "#ref-3"
    assert page.locator("#ref-3").is_visible()
    assert page.locator("section[role=doc-endnotes] li").count() == 5
    assert page.locator("section[role=doc-bibliography] li").count() == 3
