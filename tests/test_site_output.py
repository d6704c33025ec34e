"""What the generator writes, read without a browser: golden files for the fixture biography, byte-identical
rebuilds, metadata (JSON-LD, OpenGraph, canonical), stable ids in the data files, `lang` on Cyrillic and
Chinese text, and front matter that can never inject markup."""
from __future__ import annotations

import difflib
import importlib.util
import json
from markupsafe import escape
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from trotsky_site.build.pipeline import Project, build_in_memory

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("regenerate_golden", ROOT / "tests" / "regenerate_golden.py")
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.I)
ALLOWED_SCRIPT = re.compile(r'<script (type="application/ld\+json"|src="(?:/|(?:\.\./)*)static/[a-z]+\.js" defer)>')
SCRIPTS = {"ru": re.compile("[\u0400-\u04FF]"), "zh": re.compile("[\u3400-\u9FFF]")}


@pytest.fixture(scope="module")
def real(real_site):
    """The session's build of the real site in memory (tests/conftest.py)."""
    return real_site


def html_files(result) -> dict[str, str]:
    return {path: data.decode("utf-8") for path, data in result.files.items() if path.endswith(".html")}


# --- golden output -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(golden.SITES))
def test_fixture_site_matches_golden_output(name):
    actual = golden.build_fixture(name)
    if os.environ.get("UPDATE_GOLDEN"):
        count = golden.write_golden(name)
        pytest.fail(f"UPDATE_GOLDEN is set: regenerated tests/golden/{name}/ ({count} files) instead of checking "
                    "it; read `git diff tests/golden` and re-run without UPDATE_GOLDEN")
    expected = golden.expected(name)
    hint = "if the change is deliberate, run `python -m tests.regenerate_golden` and commit tests/golden/"
    assert expected, f"tests/golden/{name}/ is empty or missing; {hint}"
    assert sorted(actual) == sorted(expected), f"other files than expected; {hint}"
    changed = [path for path in actual if actual[path] != expected[path]]
    if changed:
        first = changed[0]
        diff = difflib.unified_diff(expected[first].decode().splitlines(), actual[first].decode().splitlines(),
                                    f"golden/{first}", f"built/{first}", lineterm="", n=2)
        pytest.fail(f"{len(changed)} files differ from tests/golden/{name}: {changed[:8]}\n"
                    + "\n".join(list(diff)[:40]) + f"\n{hint}")


# --- the same site under a subpath ----------------------------------------------------------------

SUBPATH = "/sub/path/"        # as on a project site (owner.github.io/<repository>/)
LD_JSON_BLOCK = re.compile(r'(<script type="application/ld\+json">)(.*?)(</script>)', re.S)


@pytest.fixture(scope="module")
def at_root_and_subpath() -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The mini fixture built for the root (its site.yml's base_url, /) and for SUBPATH: the golden files' way."""
    return golden.build_fixture_at("mini", "/"), golden.build_fixture_at("mini", SUBPATH)


def moved_to_subpath(path: str, data: bytes) -> bytes:
    """What a file of the root build must become when the site is built under SUBPATH, and nothing more.
    Links between pages are relative to the page, so they stay; what must be absolute takes the base path:
    the canonical link and JSON-LD's `url` and `target` on every page, the sitemap's <loc>s, and every link
    of the 404 page (it is served at any depth, so it links by absolute path)."""
    text = data.decode("utf-8")
    if path == "sitemap.xml":
        text = text.replace("<loc>/", f"<loc>{SUBPATH}")
    elif path == "404.html":
        text = re.sub(r'\b(href|src|data-root)="/', rf'\1="{SUBPATH}', text)
    elif path.endswith(".html"):
        text = text.replace('<link rel="canonical" href="/', f'<link rel="canonical" href="{SUBPATH}')
        text = LD_JSON_BLOCK.sub(lambda block: block[1] + re.sub(r'"(url|target)": "/', rf'"\1": "{SUBPATH}',
                                                                   block[2]) + block[3], text)
    return text.encode("utf-8")


def test_a_subpath_build_differs_from_the_root_build_only_in_its_absolute_urls(at_root_and_subpath):
    """The root build is pinned by tests/golden/mini; this pins the subpath build to it: any difference
    moved_to_subpath does not expect (a relative link that names the base path, a missed absolute URL, a
    data file or search shard that names it, anything else that depends on it) fails, with the diff."""
    at_root, at_subpath = at_root_and_subpath
    assert sorted(at_subpath) == sorted(at_root), "the same files, whatever the base URL"
    expected = {path: moved_to_subpath(path, data) for path, data in at_root.items()}
    unexpected = [path for path in at_root if at_subpath[path] != expected[path]]
    if unexpected:
        first = unexpected[0]
        diff = difflib.unified_diff(expected[first].decode().splitlines(), at_subpath[first].decode().splitlines(),
                                    f"root build of {first}, moved to {SUBPATH}", f"built under {SUBPATH}",
                                    lineterm="", n=1)
        pytest.fail(f"{len(unexpected)} files of the subpath build differ from the root build in more than their "
                    f"absolute URLs: {unexpected[:8]}\n" + "\n".join(list(diff)[:40]))
    moved = {path for path in at_root if expected[path] != at_root[path]}
    assert {"sitemap.xml", "404.html", "index.html", "people/chekhov/index.html"} <= moved, \
        "the base path shows in the sitemap, the 404 page, and each page's canonical link and JSON-LD"


def test_the_subpath_build_links_under_the_subpath_only(at_root_and_subpath):
    """Links inside the site are relative to the page, so they do not name the base path at all; only what
    must be absolute (canonical links, the 404 page's links) names /sub/path/, never the root."""
    pages = {path: data.decode() for path, data in at_root_and_subpath[1].items() if path.endswith(".html")}
    assert pages["404.html"].count('href="/sub/path/static/style.css"') == 1   # served at any depth: by base path
    assert all(re.search(r'<link rel="stylesheet" href="(\.\./)*static/style\.css', html)
               for path, html in pages.items() if path != "404.html")
    assert any('rel="canonical" href="/sub/path/' in html for html in pages.values())
    for path, html in pages.items():
        bare = re.findall(r'(?:href|src)="(/(?!sub/path/)[^"]*)"', html)
        assert not bare, (path, bare[:5])


# --- the real biography --------------------------------------------------------------------------

def test_real_site_builds_without_problems(real):
    assert real.ok, "\n".join(p.format() for p in real.problems)


def test_two_builds_are_byte_identical(real, real_forked_site):
    again = real_forked_site            # the session's other build of the same content (tests/conftest.py)
    assert again is not real
    assert sorted(again.files) == sorted(real.files)
    assert [p for p in real.files if real.files[p] != again.files[p]] == []


def test_json_ld_parses_and_person_dates_are_new_style_iso(real):
    files = html_files(real)
    for path, html in files.items():
        for block in LD_JSON.findall(html):
            data = json.loads(block)
            assert data["@context"] == "https://schema.org", path
    for person in real.site.people:
        [block] = LD_JSON.findall(files[f"people/{person.id}/index.html"])
        data = json.loads(block)
        assert data["@type"] == "Person" and data["name"] == person.title
        for key, date in (("birthDate", person.born), ("deathDate", person.died)):
            if date is None:
                assert key not in data
                continue
            assert data[key] == date.iso()
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", data[key])
    bukharin = json.loads(LD_JSON.findall(files["people/bukharin/index.html"])[0])
    assert bukharin["birthDate"] == "1888-10-09", "27 September 1888 O.S. is 9 October N.S."
    trotsky = json.loads(LD_JSON.findall(files["people/trotsky/index.html"])[0])
    assert (trotsky["birthDate"], trotsky["deathDate"]) == ("1879-11-07", "1940-08-21")
    for chapter in real.site.chapters:
        data = json.loads(LD_JSON.findall(files[f"chapters/{chapter.id}/index.html"])[0])
        assert (data["@type"], data["headline"], data["position"]) == ("Article", chapter.title, chapter.order)


def test_every_page_has_canonical_url_opengraph_and_description(real):
    for path, html in html_files(real).items():
        if path == "404.html":
            assert 'rel="canonical"' not in html and 'name="robots" content="noindex"' in html
            continue
        site_path = path[: -len("index.html")]
        assert html.count('rel="canonical"') == 1, path
        assert f'<link rel="canonical" href="/trotsky-site/{site_path}">' in html, path
        for prop in ("og:title", "og:description", "og:type", "og:site_name"):
            assert re.search(f'<meta property="{prop}" content="[^"]+">', html), (path, prop)
        assert re.search('<meta name="description" content="[^"]+">', html), path
    person = real.site.pages["bukharin"]
    html = real.files["people/bukharin/index.html"].decode()
    assert f'<meta name="description" content="{escape(person.summary)}">' in html
    assert f'<meta property="og:title" content="{escape(person.title)}">' in html


def test_data_files_have_unique_ids(real):
    people = json.loads(real.files["people.json"])
    assert [p["id"] for p in people] == [p.id for p in real.site.people]
    events = json.loads(real.files["events.json"])
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids)) == len(real.site.timeline)
    timeline = real.files["timeline/index.html"].decode()
    assert all(f'id="{i}"' in timeline for i in ids), "every event id is an anchor on the timeline"


def test_event_ids_do_not_move_when_an_event_is_added(make_content):
    content = make_content("mini")
    before = {e["id"]: e["title"] for e in json.loads(build_in_memory(Project(content)).files["events.json"])}
    chapter = content / "chapters" / "taganrog.md"
    text = chapter.read_text(encoding="utf-8")
    assert text.count("events:\n") == 1, "the fixture's taganrog chapter lists its events; the edit adds one"
    chapter.write_text(text.replace("events:\n", "events:\n  - date: 1850\n    title: An earlier event\n", 1),
                       encoding="utf-8")
    after = {e["id"]: e["title"] for e in json.loads(build_in_memory(Project(content)).files["events.json"])}
    assert before and set(before) < set(after)
    assert [after[i] for i in set(after) - set(before)] == ["An earlier event"]
    assert {i: after[i] for i in before} == before, "every old event keeps its id"


class _LangChecker(HTMLParser):
    """Records text in Cyrillic or Chinese whose nearest `lang` is not that language."""
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    SKIP = {"script", "style", "title"}

    def __init__(self):
        super().__init__()
        self.stack, self.wrong = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            parent = self.stack[-1][1] if self.stack else None
            self.stack.append((tag, dict(attrs).get("lang", parent)))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if not self.stack or self.stack[-1][0] in self.SKIP:
            return
        for lang, pattern in SCRIPTS.items():
            if pattern.search(data) and self.stack[-1][1] != lang:
                self.wrong.append(data.strip()[:60])


def test_cyrillic_and_chinese_text_carries_its_lang(real):
    wrong = {}
    for path, html in html_files(real).items():
        checker = _LangChecker()
        checker.feed(html)
        if checker.wrong:
            wrong[path] = checker.wrong[:3]
    assert not wrong


def letter_of(html: str, page_id: str) -> str:
    """The letter of the people index section that lists page_id."""
    return html[:html.index(f'href="{page_id}/"')].rsplit('<h2 id="letter-', 1)[1][0]


def test_people_index_is_sorted_by_surname(real):
    html = real.files["people/index.html"].decode()
    letters = re.findall(r'<h2 id="letter-(.)">', html)
    assert letters == sorted(letters)
    order = re.findall(r'<a class="index-name" href="([a-z0-9-]+)/"', html)
    assert sorted(order) == sorted(p.id for p in real.site.people)
    position = {page_id: i for i, page_id in enumerate(order)}
    assert position["bukharin"] < position["cannon"] < position["trotsky"] < position["zinoviev"]
    assert letter_of(html, "nicholas-ii") == "N" and letter_of(html, "cardenas") == "C" and letter_of(html, "adamovich") == "A"


def test_chinese_names_file_under_the_family_name_written_first(real):
    html = real.files["people/index.html"].decode()
    assert [letter_of(html, p) for p in ("chiang-kai-shek", "sun-yat-sen", "chen-duxiu")] == ["C", "S", "C"]


def test_spanish_double_surnames_file_under_the_first_surname(real):
    html = real.files["people/index.html"].decode()
    assert letter_of(html, "ramirez-sandoval") == "R"


# --- front matter can never inject markup ---------------------------------------------------------

EVIL = '</script><script>alert("x")</script><img src=x onerror=alert(1)>'


def test_script_from_front_matter_is_always_escaped(make_content):
    content = make_content("mini")
    evil = json.dumps(EVIL)   # a JSON string is a valid YAML scalar
    knipper = content / "people" / "knipper.md"
    knipper.write_text(
        "---\nname: Olga Knipper\n"
        f"summary: {evil}\nnative_name: {evil}\naliases: [{evil}]\n"
        f"born: {{ns: 1868-09-21, place: {evil}}}\n"
        f"roles:\n  - {{title: {evil}, from: 1898}}\n"
        f"relations:\n  - {{person: chekhov, type: spouse, note: {evil}}}\n---\nBody.\n", encoding="utf-8")
    chapter = content / "chapters" / "moscow.md"
    original = chapter.read_text(encoding="utf-8")
    text = original.replace("title: The Moscow Art Theatre is founded", f"title: {evil}")   # an event's title
    text = text.replace("title: Moscow\n", f"title: Moscow\nsubtitle: {evil}\n", 1)           # the chapter's
    assert text.count(EVIL.replace('"', '\\"')) == 2, "both edits of the chapter took"
    chapter.write_text(text, encoding="utf-8")
    result = build_in_memory(Project(content))
    assert result.ok, "\n".join(p.format() for p in result.problems)
    for path, data in result.files.items():
        if not path.endswith(".html"):
            continue       # the JSON data files carry the text as data, as they should
        text = data.decode("utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, path
        assert all(ALLOWED_SCRIPT.match(tag) for tag in SCRIPT_TAG.findall(text)), path
        for block in LD_JSON.findall(text):
            json.loads(block)
    ld = json.loads(LD_JSON.findall(result.files["people/knipper/index.html"].decode())[0])
    assert ld["description"] == EVIL
    page = result.files["chapters/moscow/index.html"].decode()
    assert json.loads(LD_JSON.findall(page)[0])["alternativeHeadline"] == EVIL
    assert f'<p class="subtitle">{escape(EVIL)}</p>' in page, "the subtitle is shown, escaped"
    timeline = result.files["timeline/index.html"].decode()
    assert str(escape(EVIL)) in timeline, "the event's title is shown, escaped"


# --- places on the real site ---------------------------------------------------------------------

def test_every_stop_of_the_subjects_journey_is_a_place_page(real):
    from trotsky_site.model.places import journey
    stops = journey(real.site)
    assert stops and all(stop.place is not None for stop in stops), [s.name for s in stops if s.place is None]
    assert (stops[0].place.id, stops[-1].place.id) == ("yanovka", "mexico-city")
    assert [s.start.sort_key() for s in stops] == sorted(s.start.sort_key() for s in stops)
    assert all(a.place.id != b.place.id for a, b in zip(stops, stops[1:]))      # consecutive stops merged
    html = real.files["journey/index.html"].decode()
    assert html.count('class="journey-stop"') == len(stops)


def test_the_reconciled_place_values_are_no_longer_notes(real):
    values = {n.message.split("'")[1] for n in real.notes}
    assert not values & {"France", "Spain", "Norway", "Mexico", "New York", "Caucasus", "United States"}
    assert all(n.severity == "note" and n.code.startswith("place.") for n in real.notes)


def test_real_events_show_petrograd_under_the_name_of_their_time(real):
    timeline = real.files["timeline/index.html"].decode()
    link = '<a class="place-link" href="../places/petrograd/" data-preview="petrograd">{}</a>'
    assert link.format("Petrograd") in timeline and link.format("Saint Petersburg") in timeline   # 1917; births
    page = real.files["places/petrograd/index.html"].decode()
    assert "What happened here" in page and 'href="../../people/trotsky/"' in page
    data = {p["id"]: p for p in json.loads(real.files["places.json"])}
    assert len(data) == len(real.site.by_kind["place"]) and data["petrograd"]["coordinates"] == [59.94, 30.31]
