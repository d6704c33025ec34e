"""Cross-links, embeds, date references and language spans, rendered through the real pipeline."""
from pathlib import Path

import pytest

from trotsky_site.build.pipeline import PROJECT_ROOT, Project, build_in_memory

MINI = PROJECT_ROOT / "tests" / "fixtures" / "mini"


def write_chapter(content: Path, body: str, name: str = "extra") -> None:
    (content / "chapters" / f"{name}.md").write_text(
        f"---\ntitle: Extra\norder: 9\nsummary: A test chapter.\nperiod: {{start: 1900, end: 1901}}\n---\n{body}\n",
        encoding="utf-8")


def render(make_content, body: str):
    content = make_content()
    write_chapter(content, body)
    result = build_in_memory(Project(content, base_url="/sub/"))
    html = result.files.get("chapters/extra/index.html", b"").decode()
    return result, html


@pytest.mark.parametrize("body, expected", [
    ("[[chekhov]]", '<a class="xref xref-person" data-preview="chekhov" href="../../people/chekhov/">Anton Chekhov</a>'),
    ("[[chekhov|him]]", 'href="../../people/chekhov/">him</a>'),
    ("[[chekhov|Anton\nChekhov]]", 'href="../../people/chekhov/">Anton Chekhov</a>'),   # wrapped by the editor
    ("[[Anton Chekhov]]", 'href="../../people/chekhov/">Anton Chekhov</a>'),
    ("[[anton pavlovich CHEKHOV]]", 'href="../../people/chekhov/"'),
    ("[[Антон Павлович Чехов]]", 'href="../../people/chekhov/"'),           # native name without stress marks
    ("[[MAT]]", 'href="../../organisations/moscow-art-theatre/"'),
    ("[[theatre#the-stage]]", 'href="../../topics/theatre/#the-stage"'),
    ("[Chekhov](../people/chekhov.md)", 'href="../../people/chekhov/"'),
    ("[[1917-10-25 O.S.]]", '<a class="date-ref" href="../../timeline/#d-1917-11-07"><time datetime="1917-11-07">'
                            '7 November <span class="os">[O.S. 25 October]</span> 1917</time></a>'),
    ("[[1917-11-07]]", '<time datetime="1917-11-07">7 November 1917</time>'),
    ("[[1917-10-25 O.S.|the rising]]", 'href="../../timeline/#d-1917-11-07">the rising</a>'),
    ("Лев Троцкий wrote", '<span lang="ru">Лев Троцкий</span> wrote'),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
])
def test_links_render(make_content, body, expected):
    result, html = render(make_content, body)
    assert result.ok, [p.format() for p in result.problems]
    assert expected in html


def test_nfd_link_resolves_like_nfc(make_content):
    import unicodedata
    result, html = render(make_content, "[[" + unicodedata.normalize("NFD", "Анто́н Па́влович Че́хов") + "]]")
    assert result.ok and 'href="../../people/chekhov/"' in html


def test_embed_renders_profile_card(make_content):
    result, html = render(make_content, "Intro.\n\n![[chekhov]]\n\nAfter.")
    assert result.ok
    assert '<aside class="card card-person" aria-label="Profile: Anton Chekhov">' in html
    assert '<time datetime="1860-01-29">29 January <span class="os">[O.S. 17 January]</span> 1860</time>' in html


@pytest.mark.parametrize("body, code, message, line", [
    ("Text.\n\nSee [[chekov]].", "link.not-found", "no page is called 'chekov'", 9),
    ("[[chekhov#nowhere]]", "link.unknown-heading", "'chekhov' has no heading '#nowhere'", 7),
    ("![[taganrog]]", "embed.wrong-kind", "'taganrog' is a chapter; only people and organisations can be embedded "
                                          "as cards", 7),
    ("[x](../people/nobody.md)", "link.not-found", "the link ../people/nobody.md names no content file", 7),
    ("[[1917-02-30]]", "link.invalid-date", "1917-02-30 is not a real date: February 1917 has 28 days", 7),
])
def test_link_problems(make_content, body, code, message, line):
    result, _ = render(make_content, body)
    found = [p for p in result.problems if p.code == code]
    assert found, [p.format() for p in result.problems]
    assert found[0].message == message
    assert found[0].line == line
    assert found[0].shown == "content/chapters/extra.md"


def test_unknown_link_suggests_close_id(make_content):
    result, _ = render(make_content, "[[chekov]]")
    assert result.problems[0].hint == "did you mean [[chekhov]]?"


def test_ambiguous_name_is_an_error(make_content):
    content = make_content()
    (content / "people" / "other.md").write_text("---\nname: Anton Chekhov\nsummary: A namesake.\n---\n",
                                                 encoding="utf-8")
    write_chapter(content, "[[Anton Chekhov]]")
    result = build_in_memory(Project(content))
    problem = next(p for p in result.problems if p.code == "link.ambiguous")
    assert problem.message == "'Anton Chekhov' may mean any of: chekhov, other"


def test_backlinks_carry_their_paragraph(make_content):
    result, _ = render(make_content, "A paragraph that names [[knipper]] in passing.")
    person = result.files["people/knipper/index.html"].decode()
    assert "A paragraph that names Olga Knipper in passing." in person
    assert 'href="../../chapters/extra/"' in person


def test_backlink_context_keeps_date_references_and_whole_words(make_content):
    body = "On [[1917-10-25 O.S.]] [[knipper]] was in Moscow. " + "Filler words go on and on here. " * 20
    result, _ = render(make_content, body)
    person = result.files["people/knipper/index.html"].decode()
    assert "On 7 November [O.S. 25 October] 1917 Olga Knipper was in Moscow." in person
    context = next(c.split("</li>")[0] for c in person.split('class="contexts"><li>')[1:] if "Filler" in c)
    assert context.endswith("…") and context[:-1].endswith(("here.", "on", "and", "go", "words", "Filler"))
