"""The site's HTML as the e-book's XHTML: where links lead, what is dropped, what the XML must not hold."""
import pytest
from lxml import etree

from trotsky_site.render.epub_xhtml import Targets, check_links, to_xhtml

TARGETS = Targets("/sub/", {"chapters/civil-war/": "chapter-6.xhtml", "people/lenin/": "glossary.xhtml#lenin",
                            "people/trotsky/": "profile-trotsky.xhtml"})


@pytest.mark.parametrize("href, expected", [
    ("/sub/chapters/civil-war/", "chapter-6.xhtml"),
    ("/sub/chapters/civil-war/#the-defence-of-petrograd", "chapter-6.xhtml#the-defence-of-petrograd"),
    ("/sub/people/lenin/", "glossary.xhtml#lenin"),
    ("/sub/people/lenin/#early-life", "glossary.xhtml#lenin"),      # the glossary has no headings of his page
    ("/sub/people/trotsky/#exile", "profile-trotsky.xhtml#exile"),
    ("/sub/timeline/#d-1917-11-07", "timeline.xhtml#d-1917-11-07"),
    ("/sub/topics/permanent-revolution/", None),
    ("/elsewhere/chapters/civil-war/", None),
    ("#note-1", "#note-1"),
    ("https://example.org/", "https://example.org/"),
])
def test_a_site_href_becomes_a_book_href_or_none(href, expected):
    assert TARGETS.resolve(href) == expected


def xhtml(html: str) -> str:
    return etree.tostring(to_xhtml(html, TARGETS).body, encoding="unicode").replace(
        ' xmlns:html="http://www.w3.org/1999/xhtml"', "").replace("html:", "")


def test_entities_are_resolved_and_empty_elements_closed():
    assert xhtml("<p>a&nbsp;b &amp; c<br>d</p>") == "<div><p>a\u00a0b &amp; c<br/>d</p></div>"


def test_a_link_to_a_page_the_book_lacks_keeps_its_text_and_tail():
    assert xhtml('<p>See <a href="/sub/topics/x/" data-preview="x">the <em>idea</em></a>, then.</p>') == \
        "<div><p>See the <em>idea</em>, then.</p></div>"


def test_heading_permalinks_hidden_text_scripts_and_the_sources_list_are_dropped():
    converted = to_xhtml('<h2 id="a">A<a class="headerlink" href="#a">#</a></h2><script>x()</script>'
                         '<p>more<span class="visually-hidden"> hidden</span></p>'
                         '<section class="sources"><ul><li id="source-k1">Entry.</li></ul></section>', TARGETS)
    assert etree.tostring(converted.body, encoding="unicode").replace(' xmlns:html="http://www.w3.org/1999/xhtml"', "") \
        .replace("html:", "") == '<div><h2 id="a">A</h2><p>more</p></div>'
    assert [key for key, _ in converted.sources] == ["k1"]


def test_text_xml_cannot_hold_is_removed():
    assert xhtml("<p>a\x0cb</p>") == "<div><p>ab</p></div>"


def test_a_link_to_a_missing_file_becomes_text_and_to_a_missing_id_its_file():
    page = etree.fromstring('<div xmlns="http://www.w3.org/1999/xhtml"><p><a href="gone.xhtml">x</a> and '
                            '<a href="chapter-6.xhtml#nowhere">y</a></p></div>')
    check_links({"chapter-6.xhtml": page})
    assert etree.tostring(page, encoding="unicode") == \
        '<div xmlns="http://www.w3.org/1999/xhtml"><p>x and <a href="chapter-6.xhtml">y</a></p></div>'
