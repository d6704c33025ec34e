"""sanitize: what a Markdown body may not put into a page."""
import pytest

from trotsky_site.render.sanitize import unsafe_attribute, unsafe_scheme


@pytest.mark.parametrize("url", [
    "https://example.org", "http://x", "mailto:a@b.c", "/static/img/a.jpg", "../people/x.md", "#life", "people/x/",
    "", "?q=1", "//example.org/x",
])
def test_safe_urls(url):
    assert unsafe_scheme(url) is None


@pytest.mark.parametrize("url, scheme", [
    ("javascript:alert(1)", "javascript"), ("JavaScript:alert(1)", "javascript"), (" javascript:x", "javascript"),
    ("java\tscript:x", "javascript"), ("java\nscript:x", "javascript"), ("&#106;avascript:x", "javascript"),
    ("&#x6A;avascript:x", "javascript"), ("javascript&colon;x", "javascript"), ("vbscript:x", "vbscript"),
    ("data:text/html,<script>", "data"), ("file:///etc/passwd", "file"), ("\x01javascript:x", "javascript"),
])
def test_unsafe_urls(url, scheme):
    assert unsafe_scheme(url) == scheme


@pytest.mark.parametrize("name, unsafe", [
    ("onclick", True), ("ONMOUSEOVER", True), ("onerror", True), ("srcdoc", True), ("formaction", True),
    ("class", False), ("id", False), ("style", False), ("title", False), ("lang", False), ("href", False),
])
def test_attributes(name, unsafe):
    assert unsafe_attribute(name) is unsafe
