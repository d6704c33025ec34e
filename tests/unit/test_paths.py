"""paths: ids, slugs, anchors, URLs and output files, table-driven."""
import pytest

from trotsky_site.model.urls import (absolute_url, base_path, fold, heading_anchor, id_problem, normalize_base_url,
                                output_file, page_base, PageURLs, relative_url, suggest_id, url_for)
from trotsky_site.model.kinds import KINDS


@pytest.mark.parametrize("page_id", ["bukharin", "sergey-kamenev", "1917", "a", "left-sr-2"])
def test_valid_ids(page_id):
    assert id_problem(page_id) is None


@pytest.mark.parametrize("page_id, problem", [
    ("", "the file name is empty"),
    ("..", "the id '..' contains a path separator or '..'"),
    ("a..b", "the id 'a..b' contains a path separator or '..'"),
    ("a/b", "the id 'a/b' contains a path separator or '..'"),
    ("a\\b", "the id 'a\\b' contains a path separator or '..'"),
    ("index", "the id 'index' is reserved"),
    ("CON", "the id 'CON' is reserved"),
    ("static", "the id 'static' is reserved"),
    ("Bukharin", "the id 'Bukharin' is not a lowercase slug (letters a-z, digits and single hyphens)"),
    ("nikolai bukharin", "the id 'nikolai bukharin' is not a lowercase slug (letters a-z, digits and single hyphens)"),
    ("a--b", "the id 'a--b' is not a lowercase slug (letters a-z, digits and single hyphens)"),
    ("-a", "the id '-a' is not a lowercase slug (letters a-z, digits and single hyphens)"),
    ("café", "the id 'café' is not a lowercase slug (letters a-z, digits and single hyphens)"),
    ("a_b", "the id 'a_b' is not a lowercase slug (letters a-z, digits and single hyphens)"),
])
def test_invalid_ids(page_id, problem):
    assert id_problem(page_id) == problem


@pytest.mark.parametrize("text, slug", [
    ("Nikolai Bukharin", "nikolai-bukharin"), ("Bukharin", "bukharin"), ("café", "cafe"),
    ("cafe\u0301", "cafe"), ("../../etc/passwd", "etc-passwd"), ("***", "page"), ("", "page"),
    ("Straße", "strasse"), ("Троцкий", "trotskii"),
])
def test_suggest_id(text, slug):
    assert suggest_id(text) == slug


@pytest.mark.parametrize("text, anchor", [
    ("The defence of Petrograd", "the-defence-of-petrograd"), ("1917", "1917"), ("***", "section"),
    ("Брест", "brest"),
])
def test_heading_anchor(text, anchor):
    assert heading_anchor(text) == anchor


@pytest.mark.parametrize("a, b", [
    ("Bukharin", "bukharin"), ("Никола́й", "Николай"), ("Cárdenas", "cardenas"), ("cafe\u0301", "café"),
    ("  Lev   Trotsky ", "lev trotsky"), ("Lenin’s", "lenin's"),
])
def test_fold_matches_names_typed_any_way(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("base, normal, path", [
    ("/", "/", "/"), ("", "/", "/"), ("/trotsky-site", "/trotsky-site/", "/trotsky-site/"),
    ("trotsky-site/", "/trotsky-site/", "/trotsky-site/"), ("https://x.org/a", "https://x.org/a/", "/a/"),
    ("https://x.org", "https://x.org/", "/"),
])
def test_base_urls(base, normal, path):
    assert normalize_base_url(base) == normal
    assert base_path(base) == path


@pytest.mark.parametrize("kind, page_id, site_path, out", [
    ("person", "bukharin", "people/bukharin/", "people/bukharin/index.html"),
    ("chapter", "exile", "chapters/exile/", "chapters/exile/index.html"),
    ("organisation", "cheka", "organisations/cheka/", "organisations/cheka/index.html"),
    ("topic", "nep", "topics/nep/", "topics/nep/index.html"),
    ("page", "about", "about/", "about/index.html"),
])
def test_page_paths(kind, page_id, site_path, out):
    assert KINDS[kind].path(page_id) == site_path
    assert str(output_file(site_path)) == out


def test_urls():
    assert url_for("/trotsky-site/", "people/x/") == "/trotsky-site/people/x/"
    assert url_for("https://x.org/a/", "/people/x/") == "/a/people/x/"
    assert absolute_url("https://x.org/a/", "people/x/") == "https://x.org/a/people/x/"
    assert str(output_file("")) == "index.html" and str(output_file("sitemap.xml")) == "sitemap.xml"


@pytest.mark.parametrize("target, here, portable, expected", [
    ("a/c/", "a/b/", False, "../c/"),
    ("a/c/", "", False, "a/c/"),
    ("", "a/b/", False, "../../"),
    ("", "", False, "./"),
    ("a/b/", "a/b/", False, "./"),
    ("a/b/#x", "a/b/", False, "./#x"),
    ("timeline/#d-1917-11-07", "people/trotsky/", False, "../../timeline/#d-1917-11-07"),
    ("static/style.css", "people/trotsky/", False, "../../static/style.css"),
    ("/static/style.css", "", False, "static/style.css"),
    ("people.json", "404.html", False, "people.json"),
    ("people/", "people/trotsky/", False, "../"),
    ("people/trotsky/", "people/", False, "trotsky/"),
    ("a/c/", "a/b/", True, "../c/index.html"),
    ("", "a/b/", True, "../../index.html"),
    ("", "", True, "index.html"),
    ("a/b/#x", "a/b/", True, "index.html#x"),
    ("static/site.js", "a/b/", True, "../../static/site.js"),
])
def test_relative_url(target, here, portable, expected):
    assert relative_url(target, here, portable) == expected


@pytest.mark.parametrize("here, expected", [("", "./"), ("people/trotsky/", "../../"), ("people/", "../"),
                                            ("404.html", "./")])
def test_page_base(here, expected):
    assert page_base(here) == expected


def test_page_urls_are_relative_except_on_the_page_served_at_any_address():
    assert PageURLs("people/trotsky/", False, "/trotsky-site/").url("circle/") == "../../circle/"
    assert PageURLs("people/trotsky/", False, "/trotsky-site/").root == "../../"
    assert PageURLs("404.html", False, "/trotsky-site/").url("circle/") == "/trotsky-site/circle/"
    assert PageURLs("404.html", False, "/trotsky-site/").root == "/trotsky-site/"
    assert PageURLs("404.html", True, "/trotsky-site/").url("circle/") == "circle/index.html"
