"""Issue 7: every bad input gets a clear problem (`path:line: code: message` + hint), exit 1,
no traceback, and the previously built `_site/` stays byte-for-byte as it was.

Each test starts from a good build of tests/fixtures/mini, breaks one thing, and runs both
`build` and `check` through the CLI. `assert_fails` compares the complete list of reported
problems, so a test also pins that one mistake does not cascade into others.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import re
import shutil
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from trotsky_site.load import content as content_module
from trotsky_site.cli import main

ROOT = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Site:
    content: Path
    out: Path
    before: dict
    capsys: object

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> tuple[Path, dict]:
    """The mini fixture built by the CLI once per module, and its snapshot: every test starts from a copy."""
    folder = tmp_path_factory.mktemp("good")
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", folder / "content")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["build", "--content", str(folder / "content"), "--output", str(folder / "_site")]) == 0
    return folder / "_site", snapshot(folder / "_site")


@pytest.fixture
def site(make_content, tmp_path, capsys, good_build) -> Site:
    """A copy of the mini fixture, and beside it a copy of its good build (what `build` made of it), made of
    hard links: the writer never changes a file in place (it swaps in a new folder), and were a test to
    change one, every later test would find its output differing from the snapshot and fail."""
    content = make_content("mini")
    out = tmp_path / "_site"
    shutil.copytree(good_build[0], out, copy_function=os.link)
    capsys.readouterr()
    return Site(content, out, dict(good_build[1]), capsys)


def reported(err: str) -> list[str]:
    """Each problem as printed: its first line, plus '\\n    hint: ...' when it has one."""
    blocks = re.split(r"\n(?!    hint: )", err.strip())
    return [b for b in blocks if not re.fullmatch(r"\d+ problems? found\.|Nothing was written; .* is unchanged\.", b)]


def run(site: Site, command: str, *extra: str) -> tuple[int, str, str]:
    args = [command, "--content", str(site.content), *extra]
    if command == "build" and "--output" not in extra:
        args += ["--output", str(site.out)]
    code = main(args)
    captured = site.capsys.readouterr()
    return code, captured.out, captured.err


def assert_fails(site: Site, *expected: str, commands=("build", "check"), extra=()) -> None:
    for command in commands:
        code, out, err = run(site, command, *extra)
        assert "Traceback" not in out + err
        assert code == 1, (command, out, err)
        assert reported(err) == list(expected), command
        assert snapshot(site.out) == site.before, f"{command} changed the previous output"
    leftovers = [p.name for p in site.out.parent.iterdir() if p.name.startswith("._site")]
    assert not leftovers, "no staging folder may be left behind"


def assert_builds(site: Site) -> None:
    code, out, err = run(site, "build")
    assert (code, err) == (0, ""), err
    assert "Traceback" not in out


PERSON = "---\nname: Konstantin Stanislavski\nsummary: A director of the Moscow Art Theatre.\n{extra}---\n{body}"


def person(extra: str = "", body: str = "") -> str:
    return PERSON.format(extra=extra, body=body)


# --- fences, YAML and the shape of the front matter -------------------------------------------

def test_missing_fence(site):
    site.write("people/stanislavski.md", "name: Konstantin Stanislavski\nsummary: A director.\n")
    assert_fails(site, "content/people/stanislavski.md:1: frontmatter.missing: the file does not start with a "
                       "front-matter fence `---`\n    hint: did you forget to add `---` on the first line and "
                       "after the front matter?")


def test_unclosed_fence(site):
    site.write("people/stanislavski.md", "---\nname: Konstantin Stanislavski\nsummary: A director.\n\nHis life.\n")
    assert_fails(site, "content/people/stanislavski.md:1: frontmatter.unclosed: the front matter opened on line 1 "
                       "is never closed\n    hint: add a line `---` after the last front-matter key")


def test_closing_fence_with_four_dashes_is_pointed_at(site):
    site.write("people/stanislavski.md", "---\nname: Konstantin Stanislavski\nsummary: A director.\n----\nHis life.\n")
    assert_fails(site, "content/people/stanislavski.md:1: frontmatter.unclosed: the front matter opened on line 1 "
                       "is never closed\n    hint: line 4 is `----`; the closing fence must be exactly `---`")


def test_yaml_syntax_error(site):
    site.write("people/stanislavski.md", person("born: {ns: 1863-01-17, place: Moscow\n"))
    assert_fails(site, "content/people/stanislavski.md:5: frontmatter.invalid-yaml: invalid YAML: a mapping in "
                       "{...} is not closed, or its entries are not separated by ', '\n    hint: close it with } on "
                       "the same line, and quote values that contain ',' or ':'")


def test_front_matter_not_a_mapping(site):
    site.write("people/stanislavski.md", "---\n- Konstantin Stanislavski\n- A director.\n---\n")
    assert_fails(site, "content/people/stanislavski.md:2: frontmatter.not-mapping: the front matter must be "
                       "`key: value` lines, not a list\n    hint: write it as `key: value` lines, e.g. "
                       "`name: Karl Radek`")


def test_duplicate_keys(site):
    site.write("people/stanislavski.md", person("summary: A director.\n"))
    assert_fails(site, "content/people/stanislavski.md:4: frontmatter.invalid-yaml: duplicate key 'summary' "
                       "(first given on line 3)\n    hint: keep one of them: YAML would silently use the last")


def test_unknown_key_says_did_you_mean(site):
    site.write("people/stanislavski.md", person("brn: 1863-01-17\n"))
    assert_fails(site, "content/people/stanislavski.md:4: frontmatter.unknown-key: unknown key `brn`\n"
                       "    hint: did you mean `born`?")


def test_colon_inside_an_unquoted_value(site):
    site.write("people/stanislavski.md", person(
        "relations:\n  - person: chekhov\n    type: friend\n    note: staged his plays: all four\n"))
    assert_fails(site, "content/people/stanislavski.md:7: frontmatter.invalid-yaml: invalid YAML: the value of "
                       "`note` contains ': ', which YAML reads as the start of another key\n"
                       "    hint: quote the value: note: \"staged his plays: all four\"")


def test_colon_inside_an_unquoted_flow_value(site):
    site.write("people/stanislavski.md", person(
        "relations:\n  - {person: chekhov, type: friend, note: shot with him: later}\n"))
    assert_fails(site, "content/people/stanislavski.md:5: frontmatter.invalid-yaml: invalid YAML: the value of "
                       "`note` contains ': ', which YAML reads as the start of another key\n"
                       "    hint: quote the value: note: \"shot with him: later\"")


def test_unknown_key_that_is_the_rest_of_a_value(site):
    site.write("people/stanislavski.md", person(
        "relations:\n  - {person: chekhov, type: friend, note: staged his plays, later all four}\n"))
    assert_fails(site, "content/people/stanislavski.md:5: frontmatter.unknown-key: unknown key `later all four` "
                       "in `relations[0]`\n    hint: `later all four` looks like the rest of the value of `note`, "
                       "cut off at ', ' or ': ': quote the whole value: note: \"staged his plays, later all four\"")


def test_wrong_types(site):
    site.write("people/stanislavski.md", "---\nname: 1863\nsummary: [a, list]\n---\n")
    site.edit("chapters/moscow.md", "order: 2", "order: two")
    assert_fails(site,
                 "content/chapters/moscow.md:3: frontmatter.wrong-type: `order` must be a whole number, not text "
                 "('two')\n    hint: write a number such as `order: 3`",
                 "content/people/stanislavski.md:2: frontmatter.wrong-type: `name` must be text, not a number "
                 "(1863)\n    hint: put the value in double quotes if it is meant as text",
                 "content/people/stanislavski.md:3: frontmatter.wrong-type: `summary` must be text, not a list\n"
                 "    hint: put the value in double quotes if it is meant as text")


def test_yaml_1_1_sexagesimal_where_a_number_is_expected(site):
    site.edit("chapters/moscow.md", "order: 2", "order: 1:20")
    assert_fails(site, "content/chapters/moscow.md:3: frontmatter.wrong-type: `order` must be a whole number, not "
                       "text ('1:20')\n    hint: YAML 1.2 reads `1:20` as text, not as a base-60 number: write a "
                       "plain number such as `order: 3`")


def test_yaml_1_1_boolean_words_where_true_false_is_expected(site):
    site.write("people/stanislavski.md", person("born: {ns: 1863, approx: yes}\non: stage\n"))
    assert_fails(site,
                 "content/people/stanislavski.md:4: date.invalid: `born`: approx must be true or false, got text ('yes')\n"
                 "    hint: write approx: true, or leave approx out",
                 "content/people/stanislavski.md:5: frontmatter.unknown-key: unknown key `on`\n"
                 "    hint: did you mean `born`?")


def test_yaml_1_1_values_stay_text(site):
    """`no`, `on`, `1:20`, `010` and unquoted dates are read the YAML 1.2 way: text stays text."""
    site.write("people/stanislavski.md", person("native_name: no\naliases: [on, '1:20']\nborn: 1863-01-17\n"))
    site.edit("chapters/moscow.md", "order: 2", "order: 010")
    assert_builds(site)
    html = (site.out / "people" / "stanislavski" / "index.html").read_text(encoding="utf-8")
    assert ">no<" in html and "1863" in html
    chapters = (site.out / "chapters" / "index.html").read_text(encoding="utf-8")
    assert chapters.index("Taganrog") < chapters.index("Moscow"), "010 is ten, not octal eight"


def test_required_key_left_empty(site):
    site.write("people/stanislavski.md", "---\nname: Konstantin Stanislavski\nsummary:\n---\n")
    assert_fails(site, "content/people/stanislavski.md:3: frontmatter.empty: `summary` is empty\n"
                       "    hint: write a value after `summary:`")


# --- dates ---------------------------------------------------------------------------------------

def test_impossible_dates(site):
    site.write("people/stanislavski.md", person("born: 1917-13-45\ndied: 1917-02-30\n"))
    assert_fails(site,
                 "content/people/stanislavski.md:4: date.invalid: `born`: 1917-13-45 is not a real date: there is "
                 "no month 13\n    hint: months run from 01 to 12",
                 "content/people/stanislavski.md:5: date.invalid: `died`: 1917-02-30 is not a real date: February "
                 "1917 has 28 days\n    hint: check the day against the source")


def test_old_and_new_style_disagree(site):
    site.write("people/stanislavski.md", person("born: {os: 1863-01-05, ns: 1863-01-05}\n"))
    assert_fails(site, "content/people/stanislavski.md:4: date.invalid: `born`: Old Style 1863-01-05 is 1863-01-17 "
                       "in New Style, not 1863-01-05\n    hint: correct one of them, or give only os and the New "
                       "Style date is computed")


# --- encodings and file names --------------------------------------------------------------------

def test_empty_file(site):
    site.write("people/stanislavski.md", "")
    assert_fails(site, "content/people/stanislavski.md:1: frontmatter.empty-file: the file is empty\n"
                       "    hint: start it with front matter between two `---` lines; `python build.py new` writes "
                       "a skeleton")


def test_file_that_is_not_utf8(site):
    site.write("people/stanislavski.md", person().encode("utf-8").replace(b"Stanislavski", b"Stanislavsk\xef"))
    assert_fails(site, "content/people/stanislavski.md:2: content.not-utf8: the file is not UTF-8 (byte 0xef at "
                       "offset 32)\n    hint: save the file as UTF-8 in your editor")


def test_utf16_file_is_named_as_such(site):
    site.write("people/stanislavski.md", person().encode("utf-16"))
    assert_fails(site, "content/people/stanislavski.md:1: content.not-utf8: the file is UTF-16, not UTF-8\n"
                       "    hint: save the file as UTF-8 in your editor")


def test_bom_and_crlf_are_accepted(site):
    text = person("born: {os: 1863-01-05, place: Moscow}\n", "## Life\r\n\r\nHe worked with [[chekhov]].\r\n")
    site.write("people/stanislavski.md", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert_builds(site)
    html = (site.out / "people" / "stanislavski" / "index.html").read_text(encoding="utf-8")
    assert "Konstantin Stanislavski" in html and 'id="life"' in html and "\r" not in html


def test_link_written_in_nfd_resolves(site):
    name = unicodedata.normalize("NFD", "Анто́н Па́влович Че́хов")
    site.write("people/stanislavski.md", person(body=f"He staged [[{name}]].\n"))
    assert_builds(site)
    html = (site.out / "people" / "stanislavski" / "index.html").read_text(encoding="utf-8")
    assert 'data-preview="chekhov"' in html


def test_file_names_differing_only_in_normalization_collide(site):
    nfc, nfd = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")
    site.write(f"topics/{nfc}.md", "---\ntitle: Café\nsummary: x\n---\n")
    site.write(f"topics/{nfd}.md", "---\ntitle: Café\nsummary: y\n---\n")
    if not {f"{nfc}.md", f"{nfd}.md"} <= {p.name for p in (site.content / "topics").iterdir()}:
        pytest.skip("this filesystem stores NFC and NFD names as one file")
    assert_fails(site,   # sorted by path: the decomposed name sorts first, and is the one read
                 f"content/topics/{nfd}.md: content.invalid-id: the id 'café' is not a lowercase slug (letters a-z, "
                 "digits and single hyphens)\n    hint: rename the file to cafe.md",
                 f"content/topics/{nfc}.md: content.name-collision: this file name and '{nfd}.md' differ only in "
                 "Unicode normalization (one is written decomposed, NFD); on macOS and Windows they are the same "
                 "file\n    hint: merge the two files and delete this one")


def test_two_pages_with_the_same_id(site):
    site.write("topics/knipper.md", "---\ntitle: Knipper\nsummary: x\n---\n")
    assert_fails(site, "content/topics/knipper.md: content.duplicate-id: the id 'knipper' is already used by "
                       "content/people/knipper.md\n    hint: ids are unique across all folders; rename one of the "
                       "files")


def test_id_with_capitals(site):
    site.write("people/Stanislavski.md", person())
    assert_fails(site, "content/people/Stanislavski.md: content.invalid-id: the id 'Stanislavski' is not a "
                       "lowercase slug (letters a-z, digits and single hyphens)\n    hint: rename the file to "
                       "stanislavski.md (on macOS and Windows, a change of case only: use `git mv`)")


def test_ids_differing_only_in_case(site):
    site.write("people/Knipper.md", "---\nname: Olga Knipper\nsummary: Again.\n---\n")
    if not (site.content / "people" / "knipper.md").read_text(encoding="utf-8").startswith("---\nname: Olga "
                                                                                          "Knipper\nsummary: An"):
        pytest.skip("case-insensitive filesystem: Knipper.md replaced knipper.md")
    assert_fails(site, "content/people/Knipper.md: content.name-collision: this file name and 'knipper.md' differ "
                       "only in case; on macOS and Windows they are the same file\n"
                       "    hint: merge the two files and delete this one")


def test_alias_equal_to_another_pages_id(site):
    site.edit("topics/theatre.md", "summary:", "aliases: [knipper]\nsummary:")
    assert_fails(site, "content/topics/theatre.md:3: content.duplicate-alias: the alias 'knipper' is already the "
                       "id of 'knipper'\n    hint: remove the alias from one of the two pages; an alias must name "
                       "one page")


def test_alias_equal_to_another_pages_alias(site):
    site.edit("topics/theatre.md", "summary:", "aliases: [Stage, mat]\nsummary:")
    assert_fails(site, "content/topics/theatre.md:3: content.duplicate-alias: the alias 'mat' is already an alias "
                       "of 'moscow-art-theatre'\n    hint: remove the alias from one of the two pages; an alias "
                       "must name one page")


@pytest.mark.parametrize("name, message, hint", [
    ("a..b", "the id 'a..b' contains a path separator or '..'", "rename the file to a-b.md"),
    ("olga knipper", "the id 'olga knipper' is not a lowercase slug (letters a-z, digits and single hyphens)",
     "rename the file to olga-knipper.md"),
    ("index", "the id 'index' is reserved",
     "'index' is a name the site itself uses; rename the file, e.g. to index-topic.md"),
    ("timeline", "the id 'timeline' is reserved",
     "'timeline' is a name the site itself uses; rename the file, e.g. to timeline-topic.md"),
])
def test_invalid_ids(site, name, message, hint):
    site.write(f"topics/{name}.md", "---\ntitle: T\nsummary: x\n---\n")
    assert_fails(site, f"content/topics/{name}.md: content.invalid-id: {message}\n    hint: {hint}")


def test_id_with_a_slash_is_a_subfolder(site):
    site.write("topics/russia/moscow.md", "---\ntitle: T\nsummary: x\n---\n")
    assert_fails(site, "content/topics/russia: content.subfolder: pages in the subfolder russia/ are not read\n"
                       "    hint: move its files up into topics/: a page id cannot contain '/'")


def test_page_outside_the_four_folders(site):
    site.write("person/stanislavski.md", person())
    assert_fails(site, "content/person: content.unknown-folder: the folder person/ is not one of chapters/, "
                       "people/, topics/, organisations/, places/, pages/, sources/\n    hint: did you mean people/?")


# --- links, embeds, images, relations ------------------------------------------------------------

def test_link_to_unknown_page(site):
    site.write("people/stanislavski.md", person(body="He met [[Chekov]].\n"))
    assert_fails(site, "content/people/stanislavski.md:5: link.not-found: no page is called 'Chekov'\n"
                       "    hint: did you mean [[chekhov]]?")


def test_link_to_unknown_heading(site):
    site.write("people/stanislavski.md", person(body="See [[chekhov#death]].\n"))
    assert_fails(site, "content/people/stanislavski.md:5: link.unknown-heading: 'chekhov' has no heading '#death'\n"
                       "    hint: its headings are: #life")


def test_link_to_ambiguous_name(site):
    site.write("topics/art-theatre.md", "---\ntitle: The Theatre\nsummary: x\n---\n")
    site.edit("topics/theatre.md", "summary:", "aliases: [The Theatre]\nsummary:")
    site.write("people/stanislavski.md", person(body="He ran [[The Theatre]].\n"))
    assert_fails(site, "content/people/stanislavski.md:5: link.ambiguous: 'The Theatre' may mean any of: "
                       "art-theatre, theatre\n    hint: link by id, e.g. [[art-theatre]] or "
                       "[[art-theatre|The Theatre]]")


def test_link_to_a_page_that_failed_to_load(site):
    site.write("topics/theatre.md", "---\ntitle: Theatre\nsummary: [unclosed\n---\n")
    assert_fails(site,
                 "content/chapters/taganrog.md:20: link.broken-target: the page 'theatre' has errors and could not "
                 "be loaded\n    hint: fix the problems reported for its file; this link will then work",
                 "content/topics/theatre.md:4: frontmatter.invalid-yaml: invalid YAML: a list in [...] is not "
                 "closed, or its items are not separated by ', '\n    hint: close the list with ] on the same line, "
                 "and quote items that contain ',' or ':'")


def test_embed_of_a_chapter(site):
    site.write("people/stanislavski.md", person(body="Where he grew up:\n\n![[taganrog]]\n"))
    assert_fails(site, "content/people/stanislavski.md:7: embed.wrong-kind: 'taganrog' is a chapter; only people "
                       "and organisations can be embedded as cards\n    hint: link to it instead: [[taganrog]]")


def test_missing_image(site):
    site.write("people/stanislavski.md", person(
        "image: {src: /static/img/stanislavski.jpg, alt: Stanislavski in 1910}\n",
        "## Life\n\n![A rehearsal](/static/img/rehearsal.jpg)\n"))
    assert_fails(site,
                 "content/people/stanislavski.md:4: image.missing: the image '/static/img/stanislavski.jpg' does "
                 "not exist\n    hint: add the file static/img/stanislavski.jpg or fix the path",
                 "content/people/stanislavski.md:8: image.missing: the image '/static/img/rehearsal.jpg' does not "
                 "exist\n    hint: add the file static/img/rehearsal.jpg or fix the path")


def test_relation_to_unknown_person(site):
    site.write("people/stanislavski.md", person(
        "relations:\n  - {person: chekov, type: friend}\n  - {person: theatre, type: colleague}\n"))
    assert_fails(site,
                 "content/people/stanislavski.md:5: relation.unknown-person: relation to 'chekov' is not a person "
                 "page\n    hint: did you mean 'chekhov'?",
                 "content/people/stanislavski.md:6: relation.unknown-person: relation to 'theatre' is a topic, not "
                 "a person\n    hint: only person pages can be named here")


# --- templates and escaping ----------------------------------------------------------------------

def test_error_in_a_template(site, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "topic.html").write_text("{% extends 'base.html' %}\n{% block main %}{{ page.title \n{% endblock %}\n",
                                          encoding="utf-8")
    assert_fails(site, "templates/topic.html:3: template.syntax: expected token 'end of print statement', got '{'\n"
                       "    hint: fix the template's syntax",
                 extra=("--templates", str(templates)))


def test_undefined_variable_in_a_template(site, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "topic.html").write_text("{% extends 'base.html' %}\n{% block main %}{{ page.colour }}"
                                          "{% endblock %}\n", encoding="utf-8")
    code, _out, err = run(site, "check", "--templates", str(templates))
    assert code == 1 and "Traceback" not in err
    assert reported(err) == [
        "templates/topic.html:2: template.undefined: 'trotsky_site.model.page.Page object' has no attribute 'colour' "
        "(while rendering "
        "content/topics/theatre.md)\n    hint: check the variable's name; the templates' context is listed in README"]


def test_script_in_title_and_summary_is_shown_as_text(site):
    site.write("people/stanislavski.md", "---\nname: Konstantin <script>alert(1)</script>\n"
                                         "summary: <script>alert(2)</script> & more\n---\n")
    assert_builds(site)
    html = (site.out / "people" / "stanislavski" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in html
    assert "Konstantin &lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- size, depth and time ------------------------------------------------------------------------

def test_file_over_the_size_limit_is_refused(site):
    site.write("topics/huge.md", "---\ntitle: Huge\nsummary: x\n---\n" + "All work and no play. " * 480_000)
    started = time.perf_counter()
    assert_fails(site, "content/topics/huge.md: content.too-large: the file is 10.6 MB; the limit is 2 MB\n"
                       "    hint: split it into several pages")
    assert time.perf_counter() - started < 20


def test_deeply_nested_list_in_a_large_file(site):
    """A 1.9 MB body: ordinary paragraphs, then a list nested 450 levels deep (Python-Markdown would recurse)."""
    prose = "".join(f"Paragraph {i} about [[chekhov]] and the theatre.\n\n" for i in range(30_000))
    nested = "".join("    " * i + "- level\n" for i in range(450))
    body = prose + nested
    site.write("topics/deep.md", "---\ntitle: Deep\nsummary: x\n---\n" + body)
    assert 1_700_000 < len(body.encode()) < 2_000_000
    line = 5 + prose.count("\n") + 41 - 1
    started = time.perf_counter()
    assert_fails(site, f"content/topics/deep.md:{line}: markdown.too-deep: lists or quotes are nested 41 levels "
                       "deep here; the limit is 40\n    hint: flatten the list: no page needs more than a few levels")
    assert time.perf_counter() - started < 60


def test_deeply_nested_blockquotes(site):
    body = "".join(">" * i + " quoted\n" for i in range(1, 1000))
    site.write("topics/deep.md", "---\ntitle: Deep\nsummary: x\n---\n" + body)
    assert_fails(site, "content/topics/deep.md:45: markdown.too-deep: lists or quotes are nested 41 levels deep "
                       "here; the limit is 40\n    hint: flatten the list: no page needs more than a few levels")


def test_recursion_inside_the_markdown_renderer_is_reported(site):
    # 10,000 nested emphasis markers: 3,000 already exhaust Python's default 1,000 frames inside Python-Markdown,
    # and each extra marker only makes the render slower (60,000 took 10 s a build).
    site.write("topics/deep.md", "---\ntitle: Deep\nsummary: x\n---\n" + "*" * 10_000 + "x" + "*" * 10_000 + "\n")
    assert_fails(site, "content/topics/deep.md:5: markdown.too-deep: the text is nested too deeply for the Markdown "
                       "renderer (lists, quotes or emphasis)\n    hint: flatten the nesting: no page needs more than "
                       "a few levels")


def test_unclosed_brackets_that_would_take_minutes(site):
    site.write("topics/brackets.md", "---\ntitle: B\nsummary: x\n---\nFine.\n\n" + "[" * 20_000 + "\n")
    started = time.perf_counter()
    assert_fails(site, "content/topics/brackets.md:7: markdown.too-complex: this paragraph has so many '[' without a "
                       "matching ']' that rendering it would take minutes\n    hint: close the brackets, split the "
                       "paragraph, or write a literal bracket as \\[")
    assert time.perf_counter() - started < 20


# --- the file system -----------------------------------------------------------------------------

def test_symlink_pointing_outside_content(site, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(person(), encoding="utf-8")
    os.symlink(outside, site.content / "people" / "stanislavski.md")
    assert_fails(site, f"content/people/stanislavski.md: content.symlink-outside: this link points outside the "
                       f"content folder, to {outside.resolve()}\n    hint: copy the file into content/ instead of "
                       "linking to it")


def test_unreadable_file(site, monkeypatch):
    target = site.write("people/stanislavski.md", person())
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == target.name:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert_fails(site, "content/people/stanislavski.md: content.unreadable: cannot read the file: Permission denied\n"
                       "    hint: check the file's permissions")


def test_output_folder_inside_content(site):
    inside = site.content / "_site"
    assert_fails(site, f"{inside}: output.inside-source: the output folder {inside} overlaps the content folder "
                       f"{site.content.resolve()}\n    hint: choose an output folder outside content/, templates/ and "
                       "static/, e.g. _site", commands=("build",), extra=("--output", str(inside)))
    assert not inside.exists()


def test_write_failure_leaves_previous_output(site, monkeypatch):
    site.edit("topics/theatre.md", "Plays written", "Plays, all written")

    def full(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
    monkeypatch.setattr(Path, "write_bytes", full)
    out = site.out.resolve()
    code, _out, err = run(site, "build")
    assert code == 1 and "Traceback" not in err
    problems = reported(err)
    assert len(problems) == 1 and problems[0].startswith(
        f"{out}: output.write-failed: could not write the site: No space left on device (")
    assert snapshot(site.out) == site.before
    assert not [p for p in site.out.parent.iterdir() if p.name.startswith("._site")]


# --- bugs in the generator itself ----------------------------------------------------------------

def test_unexpected_exception_while_reading_a_page_names_the_file(site, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("boom")
    monkeypatch.setattr(content_module, "validate_page", broken)
    code, _out, err = run(site, "check")
    assert code == 1 and "Traceback" not in err
    failed = [f"content/{path}: internal.error: the generator failed on this file: KeyError: 'boom' in _parse_page\n"
              "    hint: this is a bug in trotsky-site, not in your text; please report it with this file attached"
              for path in ("chapters/moscow.md", "chapters/taganrog.md", "organisations/moscow-art-theatre.md",
                           "people/chekhov.md", "people/knipper.md", "places/badenweiler.md", "places/moscow-city.md",
                           "places/petersburg.md", "places/sakhalin.md", "places/taganrog-town.md", "places/yalta.md",
                           "topics/theatre.md")]
    # The note on a work is not read by validate_page; its link to the page that failed says so.
    assert reported(err) == failed[:11] + [
        "content/sources/rayfield1997.md:4: link.broken-target: the page 'chekhov' has errors and could not be "
        "loaded\n    hint: fix the problems reported for its file; this link will then work"] + failed[11:]


def test_unexpected_exception_while_rendering_names_the_file(site, monkeypatch):
    import markdown

    real = markdown.Markdown.convert

    def convert(self, text):
        if "A doctor by training" in text:
            raise ValueError("renderer bug")
        return real(self, text)
    monkeypatch.setattr(markdown.Markdown, "convert", convert)
    code, _out, err = run(site, "check")
    assert code == 1 and "Traceback" not in err
    assert reported(err) == [
        "content/people/chekhov.md:13: internal.error: the generator failed on this file: ValueError: renderer bug "
        "in render\n    hint: this is a bug in trotsky-site, not in your text; please report it with this file "
        "attached"]


# --- safety: front-matter text is never markup, bodies cannot carry scripts ----------------------

def _script(field: str) -> str:
    return f"<script>alert({field})</script>"


def test_script_in_every_front_matter_text_is_escaped_everywhere(site):
    """Titles, names, summaries, aliases, places and event titles on every page kind, the indexes,
    the timeline, the home page and the JSON files: the text shows, no script runs."""
    s = _script
    site.write("people/stanislavski.md", (
        f"---\nname: Konstantin {s('name')}\nnative_name: Константин {s('native')}\nsummary: {s('summary')} x\n"
        f"aliases: [\"Alias {s('alias')}\"]\nborn: {{os: 1863-01-05, place: \"Moscow {s('place')}\"}}\n"
        f"roles:\n  - {{title: \"Director {s('role')}\"}}\n"
        f"relations:\n  - {{person: chekhov, type: friend, note: \"Note {s('note')}\"}}\n---\n"
        f"He staged [[chekhov]]. See [[Alias {s('alias')}]].\n"))
    site.write("organisations/society.md", f"---\nname: Society {s('org')}\nnative_name: Общество {s('orgnative')}\n"
                                           f"summary: {s('orgsummary')}\n---\n")
    site.write("topics/method.md", f"---\ntitle: Method {s('topic')}\nsummary: {s('topicsummary')}\n---\n")
    site.edit("chapters/moscow.md", "title: Moscow", f"title: Moscow {s('chapter')}\nsubtitle: {s('subtitle')}")
    site.edit("chapters/moscow.md", "title: The Moscow Art Theatre is founded",
              f"title: \"The theatre is founded {s('event')}\"")
    site.edit("site.yml", "description: ", f"description: {s('description')} ")
    assert_builds(site)
    pages = [p for p in site.out.rglob("*.html")]
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "<script>alert(" not in html, path
    shown = {"people/stanislavski/index.html": ["name", "native", "summary", "alias", "place", "role", "note"],
             "organisations/society/index.html": ["org", "orgnative", "orgsummary"],
             "topics/method/index.html": ["topic", "topicsummary"],
             "chapters/moscow/index.html": ["chapter", "subtitle", "event"],
             "timeline/index.html": ["event"], "people/index.html": ["name"], "topics/index.html": ["topic"],
             "organisations/index.html": ["org"], "chapters/index.html": ["chapter"], "index.html": ["description"]}
    for relative, fields in shown.items():
        html = (site.out / relative).read_text(encoding="utf-8")
        for field in fields:
            assert f"&lt;script&gt;alert({field})&lt;/script&gt;" in html, (relative, field)
    import json
    from trotsky_site.render.searchindex import preview_shard
    shards = json.loads((site.out / "previews" / "index.json").read_text(encoding="utf-8"))["shards"]
    for relative in ("people.json", "search/pages.json", f"previews/{preview_shard('stanislavski', shards)}.json"):
        text = json.dumps(json.loads((site.out / relative).read_text(encoding="utf-8")), ensure_ascii=False)
        assert "Konstantin <script>alert(name)</script>" in text, relative   # data, kept as text


def test_raw_html_in_a_body_is_shown_as_text(site):
    site.write("people/stanislavski.md", person(
        body="<script>alert(1)</script>\n\nA <b>bold</b> claim <img src=x onerror=alert(2)>.\n\n"
             "<div onclick=\"alert(3)\">block</div>\n"))
    assert_builds(site)
    html = (site.out / "people" / "stanislavski" / "index.html").read_text(encoding="utf-8")
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
    assert "A &lt;b&gt;bold&lt;/b&gt; claim &lt;img src=x onerror=alert(2)&gt;." in html
    assert "&lt;div onclick=\"alert(3)\"&gt;block&lt;/div&gt;" in html
    assert "<b>bold</b>" not in html and "<img src=x" not in html


def test_script_link_in_a_body(site):
    site.write("people/stanislavski.md", person(body="A [trap](javascript:alert(1)) and [ok](https://example.org).\n"))
    assert_fails(site, "content/people/stanislavski.md:5: markdown.unsafe-url: the link `javascript:alert(1)` uses "
                       "the scheme 'javascript:'\n    hint: use an http(s) or mailto address, a site path, or a "
                       "cross-link [[...]]")


def test_event_handler_attribute_in_a_body(site):
    site.write("people/stanislavski.md", person(body="## Life {: onmouseover=\"alert(1)\" }\n"))
    assert_fails(site, "content/people/stanislavski.md:5: markdown.unsafe-attribute: the attribute `onmouseover` "
                       "is not allowed\n    hint: remove it: scripts cannot be added from Markdown")


def test_links_to_a_file_with_a_capitalised_name_do_not_cascade(site):
    (site.content / "people" / "knipper.md").rename(site.content / "people" / "Knipper.md")
    if (site.content / "people" / "knipper.md").exists():
        pytest.skip("case-insensitive filesystem")
    assert_fails(site,
                 "content/chapters/moscow.md:29: link.not-found: no page is called 'Olga Knipper'\n"
                 "    hint: create the page with `python build.py new`, or fix the name",
                 "content/people/Knipper.md: content.invalid-id: the id 'Knipper' is not a lowercase slug (letters "
                 "a-z, digits and single hyphens)\n    hint: rename the file to knipper.md (on macOS and Windows, a "
                 "change of case only: use `git mv`)",
                 "content/people/chekhov.md:15: link.broken-target: the page 'knipper' has errors and could not be "
                 "loaded\n    hint: fix the problems reported for its file; this link will then work")
