"""check: anchors, images and output collisions, on small hand-made values."""
from types import SimpleNamespace

import pytest

from trotsky_site.render.checks import check_anchors, check_images, check_output_collisions
from trotsky_site.model.page import Image, Page
from trotsky_site.render.markdown import Link


def page(page_id, body="", image=None):
    return Page(kind="person", id=page_id, shown=f"content/people/{page_id}.md", title=page_id, summary="s",
                body=body, body_line=5, image=image)


def rendered(anchors=(), links=(), images=()):
    return SimpleNamespace(anchors=frozenset(anchors), links=tuple(links), images=tuple(images))


@pytest.mark.parametrize("anchors, anchor, hint", [
    (["life", "death"], "deth", "did you mean #death?"),
    (["life", "death", "fn:1"], "exile", "its headings are: #death, #life"),
    ([], "exile", "'b' has no headings to link to; link to the page: [[b]]"),
])
def test_unknown_heading(anchors, anchor, hint):
    site = SimpleNamespace(pages={"a": page("a"), "b": page("b")})
    result = {"a": rendered(links=[Link("b", anchor, 7, "")]), "b": rendered(anchors)}
    assert [(p.line, p.code, p.message, p.hint) for p in check_anchors(site, result)] == [
        (7, "link.unknown-heading", f"'b' has no heading '#{anchor}'", hint)]


def test_images(tmp_path):
    static = tmp_path / "static"
    (static / "img").mkdir(parents=True)
    (static / "img" / "ok.jpg").write_bytes(b"x")
    (tmp_path / "secret.jpg").write_bytes(b"x")
    body = "![a](/static/img/ok.jpg)\n\n![b](/static/img/no.jpg)\n![c](img/rel.jpg) ![d](/static/../secret.jpg)"
    images = ["/static/img/ok.jpg", "/static/img/no.jpg", "img/rel.jpg", "/static/../secret.jpg", "/static/a\0b"]
    a = page("a", body, Image("/static/img/missing.jpg", "alt", line=4))
    found = check_images(SimpleNamespace(pages={"a": a}), {"a": rendered(images=images)}, (static,))
    assert [(p.line, p.code, p.message) for p in found] == [
        (7, "image.missing", "the image '/static/img/no.jpg' does not exist"),
        (8, "image.bad-path", "the image 'img/rel.jpg' is not under /static/"),
        (8, "image.missing", "the image '/static/../secret.jpg' does not exist"),
        (None, "image.missing", "the image '/static/a\0b' does not exist"),
        (4, "image.missing", "the image '/static/img/missing.jpg' does not exist")]


def test_output_collisions_compare_case_folded():
    found = check_output_collisions({"content/people/a.md": "people/a/", "static/People/A/": "people/A/",
                                     "content/people/b.md": "people/b/"})
    assert [(p.shown, p.code, p.message) for p in found] == [
        ("static/People/A/", "output.collision", "writes people/A/, which content/people/a.md writes too")]
