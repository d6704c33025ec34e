"""Property-based tests: random front matter and random Markdown thrown at the loader and the renderer.

Nothing may escape but a reported problem: no exception, no `internal.error` (a bug we caught and
named), and no script in the HTML. Runs FUZZ_EXAMPLES examples per property (100 by default, and a
tenth of that, at least 10, for whole builds, so the suite stays fast);
`FUZZ_EXAMPLES=10000 python -m pytest tests/test_fuzz.py` is the long run.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trotsky_site.build.pipeline import Project, build_in_memory, plan_build
from trotsky_site.load.content import SourceFile, decode, parse_page
from trotsky_site.render.markdown import LinkTargets, MarkdownRenderer
from trotsky_site.render.sanitize import unsafe_attribute, unsafe_scheme
from trotsky_site.model.kinds import KINDS as REGISTRY
from trotsky_site.load.yamlsafe import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
END_TO_END = settings(FUZZ, max_examples=max(10, EXAMPLES // 10))

CODE = re.compile(r"^[a-z]+\.[a-z-]+$")
KINDS = {kind.folder: kind.name for kind in REGISTRY if kind.load is None}   # pages made of a Markdown file alone
KEYS = sorted({key for kind in REGISTRY for key, _field in kind.schema} |
              {"date", "title", "people", "place", "person", "type", "from", "to", "note", "src", "alt", "credit",
               "os", "ns", "approx", "start", "end"})

# --- strategies ----------------------------------------------------------------------------------

YAML_PIECES = ["name: ", "title: ", "summary: ", "order: ", "aliases: ", "born: ", "died: ", "period: ", "events:",
               "relations:", "roles:", "image: ", "native_name: ", "\n", "\n  ", "\n  - ", "- ", ": ", ", ", "{", "}",
               "[", "]", "{os: ", "{ns: ", "start: ", "end: ", "date: ", "person: ", "type: ", "spouse", "1917",
               "1917-10-25", "1917-02-30", "1917-13", "-0044-03-15", "1:20", "no", "on", "yes", "~", "null", "true",
               "010", "0x1F", "1.10", ".inf", ".nan", "'", '"', "#", "&a ", "*a", "<<: ", "!!str ", "!!python/name:x",
               "|", ">", "\t", "? ", "%", "@", "`", "---", "...", "é", "Ш", "\u0301", "\u2028", "\x00", "\x85",
               "\ufeff", "<script>", "\\"]
MARKDOWN_PIECES = ["[[", "]]", "![[", "|", "#", "chekhov", "knipper", "Olga Knipper", "taganrog", "moscow-art-theatre",
                   "theatre#the-stage", "nobody", "MAT", "1860-01-17 O.S.", "1917-02-30", "\n", "\n\n", "- ", "    - ",
                   "        ", "1. ", "> ", "*", "**", "_", "`", "```\n", "<script>alert(1)</script>",
                   "<img src=x onerror=alert(1)>", "<div onclick='x'>", "</div>", "&amp;", "&#106;", "&lt;", "[x](",
                   ")", "javascript:alert(1)", "JaVa&#x09;script:x", "data:text/html,x", "{: ", "onclick=\"x\"",
                   " }", "{: #id .cls }", "![i](/static/img/", "[^1]", "[^1]: ", "| a | b |\n|---|---|\n", "# ",
                   "## ", "### ", "<!--", "-->", "\\", "\\[", "Ξ", "Ленин", "\u0301", "\t", "---", "***", "[", "]",
                   "(", ")", "<", ">", "&", "\"", "'", "../people/chekhov.md", "[r]: ", "*[MAT]: ", "\x00", "\r"]


def joined(pieces, max_size=60):
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=6)), max_size=max_size).map("".join)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
                    st.sampled_from(["1917", "1917-11", "1917-11-07", "1917-02-30", "1917-13-45", "-0044-03-15",
                                     "chekhov", "knipper", "spouse", "<script>x</script>", "1:20", ""]))
values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children, max_size=5)), max_leaves=20)
front_matters = st.dictionaries(st.sampled_from(KEYS), values, max_size=8)


def load(kind: str, page_id: str, text: str):
    folder = next(f for f, k in KINDS.items() if k == kind)
    source = SourceFile(REGISTRY[kind], page_id, Path(f"content/{folder}/{page_id}.md"), f"content/{folder}/{page_id}.md")
    return parse_page(source, text)


def assert_only_reported(problems) -> None:
    for problem in problems:
        assert problem.code != "internal.error", problem.format()
        assert CODE.match(problem.code) and problem.message, problem
        assert problem.line is None or problem.line >= 1, problem


TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>]+(?:=\"[^\"]*\"|='[^']*'|=[^\s>]*)?)*)\s*/?>")
ATTRIBUTE = re.compile(r"([^\s=>]+)(?:=\"([^\"]*)\"|='([^']*)'|=([^\s>]*))?")


def assert_no_script(page_html: str) -> None:
    assert "<script" not in page_html.lower(), page_html
    for tag in TAG.finditer(page_html):
        for attribute in ATTRIBUTE.finditer(tag.group(2)):
            name, value = attribute.group(1), next((v for v in attribute.groups()[1:] if v is not None), "")
            assert not unsafe_attribute(name), tag.group(0)
            if name.lower() in ("href", "src"):
                assert unsafe_scheme(html.unescape(value)) is None, tag.group(0)


# --- the loader ----------------------------------------------------------------------------------

@FUZZ
@given(st.sampled_from(sorted(KINDS.values())), joined(YAML_PIECES), joined(MARKDOWN_PIECES, 20))
def test_random_yamlish_front_matter(kind, front, body):
    page, problems = load(kind, "fuzz", f"---\n{front}\n---\n{body}")
    assert_only_reported(problems)
    assert page is not None or problems


@FUZZ
@given(st.sampled_from(sorted(KINDS.values())), front_matters, st.booleans())
def test_random_structured_front_matter(kind, data, flow):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    _page, problems = load(kind, "fuzz", f"---\n{text}---\n")
    assert_only_reported(problems)


@FUZZ
@given(joined(YAML_PIECES, 80))
def test_random_yaml_text_parses_or_is_reported(text):
    parsed, errors = parse_yaml(text)
    assert parsed is not None or errors
    assert all(e.message for e in errors)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_decode_or_are_reported(raw):
    text, problems = decode(raw, "content/topics/x.md")
    assert (text is None) == bool(problems)
    if text is not None:
        assert "\r" not in text
        _page, problems = load("topic", "x", text)
        assert_only_reported(problems)


# --- the renderer --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def render():
    """render(body): body as the Markdown of the mini fixture's `theatre` page, planned once per module
    (planning reads the fixture; it writes nothing)."""
    site, renderer = plan_build(Project(MINI)).site, MarkdownRenderer()

    def render_body(body: str):
        page = replace(site.pages["theatre"], body=body)
        return renderer.render(page, site, LinkTargets(lambda page_id: f"/x/{page_id}/", "/timeline/",
                                                       lambda card, here: '<div class="card"></div>',
                                                       lambda path: "/" + path.lstrip("/")))
    return render_body


@FUZZ
@given(joined(MARKDOWN_PIECES, 80))
def test_random_markdown(render, body):
    result = render(body)
    assert_only_reported(result.problems)
    assert_no_script(result.html)


@FUZZ
@given(st.integers(1, 60), st.sampled_from(["- ", "1. ", "> ", "* ", "> - "]), st.sampled_from(["  ", "    ", "\t"]),
       joined(MARKDOWN_PIECES, 5))
def test_nested_lists_and_quotes(render, depth, marker, indent, text):
    body = "".join(indent * i + marker + text + "\n" for i in range(depth))
    page, problems = load("topic", "deep", f"---\ntitle: T\nsummary: s\n---\n{body}")
    assert_only_reported(problems)
    result = render(page.body)
    assert_only_reported(result.problems)
    assert_no_script(result.html)


# --- end to end: a random page in a real site, through templates and data files -------------------

@END_TO_END
@given(st.sampled_from(sorted(KINDS)), st.one_of(joined(YAML_PIECES), front_matters.map(
    lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False))), joined(MARKDOWN_PIECES, 40))
def test_random_page_in_a_whole_build(folder, front, body):
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(MINI, content)
        (content / folder).mkdir(exist_ok=True)
        (content / folder / "fuzz.md").write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
        result = build_in_memory(Project(content))
    assert_only_reported(result.problems)
    for path, data in result.files.items():
        if path.endswith(".html"):
            assert_no_script(re.sub(r'<script type="application/ld\+json">[^<]*</script>', "",
                                    re.sub(r'<script src="[^"]*"( defer)?></script>', "", data.decode("utf-8"))))
