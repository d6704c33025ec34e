"""links: the cross-link syntax and how a target resolves, table-driven."""
import pytest

from trotsky_site.model.links import LinkSyntax, line_of_token, parse_link, resolve_target
from trotsky_site.model.urls import fold

PAGES = {"bukharin": "person", "stalin": "person", "civil-war": "topic", "pravda": "organisation",
         "koba-topic": "topic"}
NAMES = {fold("bukharin"): ("bukharin",), fold("Nikolai Bukharin"): ("bukharin",), fold("Бухари́н"): ("bukharin",),
         fold("stalin"): ("stalin",), fold("Koba"): ("koba-topic", "stalin"), fold("civil-war"): ("civil-war",),
         fold("pravda"): ("pravda",), fold("kamenev"): ()}


def suggest(text):
    return "bukharin" if fold(text).startswith("buk") else None


@pytest.mark.parametrize("inner, syntax", [
    ("bukharin", LinkSyntax("bukharin", None, None)),
    ("bukharin|Bukharin", LinkSyntax("bukharin", None, "Bukharin")),
    ("civil-war#the-defence-of-petrograd", LinkSyntax("civil-war", "the-defence-of-petrograd", None)),
    ("civil-war#defence|the defence", LinkSyntax("civil-war", "defence", "the defence")),
    (" Nikolai   Bukharin ", LinkSyntax("Nikolai Bukharin", None, None)),
    ("Nikolai\nBukharin|his\nfriend", LinkSyntax("Nikolai Bukharin", None, "his friend")),
    ("x#", LinkSyntax("x", None, None)),
    ("|text", LinkSyntax("", None, "text")),
])
def test_parse_link(inner, syntax):
    assert parse_link(inner) == syntax


@pytest.mark.parametrize("target, page_id", [
    ("bukharin", "bukharin"), ("Nikolai Bukharin", "bukharin"), ("nikolai bukharin", "bukharin"),
    ("NIKOLAI  BUKHARIN", "bukharin"), ("Бухарин", "bukharin"), ("Бухари́н", "bukharin"),
    ("Бухари\u0301н", "bukharin"),   # decomposed (NFD) stress mark
])
def test_resolves(target, page_id):
    assert resolve_target(target, PAGES, NAMES, suggest).page_id == page_id


@pytest.mark.parametrize("target, code, message, hint", [
    ("Koba", "link.ambiguous", "'Koba' may mean any of: koba-topic, stalin",
     "link by id, e.g. [[koba-topic]] or [[koba-topic|Koba]]"),
    ("Bukarin", "link.not-found", "no page is called 'Bukarin'", "did you mean [[bukharin]]?"),
    ("Lenin", "link.not-found", "no page is called 'Lenin'",
     "create the page with `python build.py new`, or fix the name"),
    ("kamenev", "link.broken-target", "the page 'kamenev' has errors and could not be loaded",
     "fix the problems reported for its file; this link will then work"),
    ("", "link.not-found", "no page is called ''", "create the page with `python build.py new`, or fix the name"),
])
def test_does_not_resolve(target, code, message, hint):
    found = resolve_target(target, PAGES, NAMES, suggest)
    assert (found.page_id, found.code, found.message, found.hint) == (None, code, message, hint)


@pytest.mark.parametrize("body, first, token, line", [
    ("a\nb [[x]]\n", 10, "[[x]]", 11), ("[[x]]", 3, "[[x]]", 3), ("a", 3, "[[x]]", None),
])
def test_line_of_token(body, first, token, line):
    assert line_of_token(body, first, token) == line
