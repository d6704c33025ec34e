"""Exactness of incremental builds: random sequences of edits to the mini fixture site, after each of
which the command line's rebuild (its .cache/ and _site/ from the builds before) and the preview's
rebuild (`serve`'s memoized stages, every file rendered) must give byte for byte what a clean build
of the same content gives, and the same problems when it fails (the previous _site/ then untouched).

Runs EXACTNESS_EXAMPLES sequences (10 by default, 40-50 s on 2 cores); the longer setting is
`EXACTNESS_EXAMPLES=500 python -m pytest tests/test_exactness.py`.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from trotsky_site.build.incremental import LazyBuild, RenderCache
from trotsky_site.build.pipeline import DiskCache, Project, build, build_in_memory, plan_build

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
EXAMPLES = int(os.environ.get("EXACTNESS_EXAMPLES", "10"))
# Without shrinking: each example builds the site several times, and shrinking a failure took minutes; the
# failing sequence is short enough to read as it is.
EXACT = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("EXACTNESS_EXAMPLES"),
                 phases=[Phase.explicit, Phase.reuse, Phase.generate],
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Mostly fresh names; a few taken ones ("Chekhov", "MAT") make ambiguous links and duplicate aliases now and then.
WORDS = ["Olga Knipper-Chekhova", "Anton Pavlovich", "Yalta", "The Seagull", "Stage Door", "Melikhovo", "Uncle Vanya",
         "Three Sisters", "Chekhov", "MAT"]
PARAGRAPHS = ["A new paragraph.", "He met [[knipper]] again.", "See [[Olga Knipper]].", "Compare [[MAT]].",
              "On [[1901-05-25]] they married.", "As told [@rayfield1997, p. 12].", "@stanislavski1924 [p. 3] says so.",
              "A link to [[the-seagull]].", "A link to [[yalta]].", "![[knipper]]", "![[theatre]]",
              "A note.[^n]\n\n[^n]: The note.", "## A heading\n\nText [[taganrog#a-port-town]].",
              "A broken [[nobody-at-all]] link.", "An unknown [@nokey1900] work."]
DATES = ["1868", "1868-09-21", "{os: 1868-09-09}", "1870", "{ns: 1869-01-01, place: Glazov}"]
EXTRA = "\n<!-- added by the test -->\n\n"
TYPES = ["spouse", "friend", "colleague", "rival", "mentor"]
TITLES = ["Anton Chekhov: A Life", "Chekhov", "A Life of Chekhov", "Anton Chekhov & His Times"]

edits = st.one_of(
    st.tuples(st.just("body"), st.integers(0, 50), st.sampled_from(PARAGRAPHS)),
    st.tuples(st.just("title"), st.integers(0, 50), st.sampled_from(WORDS)),
    st.tuples(st.just("alias"), st.integers(0, 50), st.sampled_from(WORDS)),
    st.tuples(st.just("date"), st.integers(0, 50), st.sampled_from(DATES)),
    st.tuples(st.just("relation"), st.integers(0, 50), st.sampled_from(TYPES)),
    st.tuples(st.just("new"), st.sampled_from(["people", "chapters", "topics"]), st.sampled_from(WORDS)),
    st.tuples(st.just("delete"), st.integers(0, 50), st.just("")),
    st.tuples(st.just("rename"), st.integers(0, 50), st.sampled_from(["yalta", "the-seagull", "olga", "moscow"])),
    st.tuples(st.just("template"), st.sampled_from(["base.html", "_card.html", "person.html", "chapter.html"]),
              st.sampled_from(["<!-- a -->", "<!-- b -->"])),
    st.tuples(st.just("settings"), st.sampled_from(["subtitle", "date_style", "citation_style", "subject"]),
              st.integers(0, 3)),
    st.tuples(st.just("body"), st.integers(0, 50), st.sampled_from(PARAGRAPHS[:10])),
    st.tuples(st.just("bibliography"), st.integers(0, 50), st.sampled_from(TITLES)),
)


ORIGINAL = {path.stem for path in MINI.glob("*/*.md")}


def pages(content: Path) -> list[Path]:
    return sorted(content.glob("*/*.md"))


def replace_field(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    line = re.compile(rf"^{key}:.*$", re.MULTILINE)
    if line.search(text):
        text = line.sub(lambda _m: f"{key}: {value}", text, count=1)
    else:
        text = text.replace("---\n", f"---\n{key}: {value}\n", 1)
    path.write_text(text, encoding="utf-8")


def add_alias(path: Path, name: str) -> None:
    found = re.search(r"^aliases: \[(.*)\]$", path.read_text(encoding="utf-8"), re.MULTILINE)
    names = [n.strip() for n in found.group(1).split(",") if n.strip()] if found else []
    replace_field(path, "aliases", "[" + ", ".join(dict.fromkeys(names + [name])) + "]")


def apply(edit: tuple, content: Path, templates: Path) -> set[str]:
    """Makes the edit on disk; returns the paths a watcher would report."""
    what, where, value = edit
    found = pages(content)
    if what in ("delete", "rename"):     # mostly a page no other page links to, so that the site still builds
        found = [path for path in found if path.stem not in ORIGINAL]
    page = found[where % len(found)] if found and isinstance(where, int) else None
    if what in ("body", "title", "alias", "date", "relation", "delete", "rename") and page is None:
        return set()
    if what == "body":      # replaces the paragraph an earlier edit added: a broken link there can be mended
        page.write_text(page.read_text(encoding="utf-8").split(EXTRA)[0] + EXTRA + f"{value}\n", encoding="utf-8")
    elif what == "title":       # the old name stays an alias, as an author renaming a page would keep it
        found = re.search(r"^(name|title): (.*)$", page.read_text(encoding="utf-8"), re.MULTILINE)
        if found is None:       # a source's page takes its title from the bibliography
            return set()
        key, old = found.groups()
        replace_field(page, key, value)
        add_alias(page, old)
    elif what == "alias":
        add_alias(page, value)
    elif what == "date":
        replace_field(page, "born" if page.parent.name == "people" else "summary",
                      value if page.parent.name == "people" else f"'Dated {value}.'")
    elif what == "relation":
        others = [p.stem for p in found if p.parent.name == "people" and p != page]
        if page.parent.name != "people" or not others:
            return set()
        replace_field(page, "relations", f"[{{person: {others[0]}, type: {value}}}]")
    elif what == "new":
        slug = re.sub(r"[^a-z]+", "-", value.lower()).strip("-")
        path = content / where / f"{slug}.md"
        key = "name" if where == "people" else "title"
        extra = "order: 9\nperiod: {start: 1900, end: 1901}\n" if where == "chapters" else ""
        path.write_text(f"---\n{key}: {value}\n{extra}summary: New.\n---\nAbout [[chekhov]].\n", encoding="utf-8")
        return {str(path)}
    elif what == "delete":
        page.unlink()
    elif what == "rename":
        target = page.with_name(f"{value}.md")
        os.replace(page, target)
        return {str(page), str(target)}
    elif what == "template":
        path = templates / where
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("</div>", f"</div>{value}", 1) if "</div>" in text else text + value,
                        encoding="utf-8")
        return {str(path)}
    elif what == "settings":
        path = content / "site.yml"
        options = {"subtitle": ["A fixture", "Another subtitle", "Third", "x & y"],
                   "date_style": ["ns_first", "os_first", "ns_first", "os_first"],
                   "citation_style": ["chicago-author-date", "chicago-notes-bibliography"] * 2,
                   "subject": ["chekhov", "knipper", "chekhov", "knipper"]}[where]
        replace_field(path, where, options[value])
        return {str(path)}
    elif what == "bibliography":
        path = content / "bibliography.bib"
        text = path.read_text(encoding="utf-8")
        titles = re.findall(r"title\s*=\s*\{([^}]*)\}", text)
        text = text.replace(f"{{{titles[where % len(titles)]}}}", f"{{{value}}}", 1)
        path.write_text(text, encoding="utf-8")
        return {str(path)}
    return {str(page)}


def keys(problems) -> list:
    return sorted(problem.sort_key() for problem in problems)


def site_bytes(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def clean_files(project: Project) -> tuple[dict[str, bytes], list]:
    result = build_in_memory(project)
    files = dict(result.files)
    for relative, source in result.static.items():
        files[relative] = source.read_bytes()
    return files, result.problems


def preview_files(project: Project, cache: RenderCache) -> tuple[dict[str, bytes], list]:
    lazy = LazyBuild(plan_build(project, stages=cache))
    while not lazy.render_next(64):
        pass
    files = dict(lazy.files)
    for relative, source in lazy.plan.static.items():
        files[relative] = source.read_bytes()
    return files, lazy.problems


@EXACT
@given(st.lists(edits, min_size=1, max_size=6))
def test_incremental_builds_equal_a_clean_build_after_any_edits(sequence):
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        content, templates, out = scratch / "content", scratch / "templates", scratch / "_site"
        shutil.copytree(MINI, content)
        shutil.copytree(ROOT / "templates", templates)
        project = Project(content, templates)
        assert build(project, out, DiskCache(scratch / ".cache")).ok
        preview = RenderCache()
        preview_files(project, preview)
        for edit in sequence:
            changed = apply(edit, content, templates)
            expected, problems = clean_files(project)
            before = site_bytes(out)
            result = build(project, out, DiskCache(scratch / ".cache"))
            assert keys(result.problems) == keys(problems), edit
            assert site_bytes(out) == (before if problems else expected), edit
            preview.invalidate(changed)
            files, later = preview_files(project, preview)
            assert keys(later) == keys(problems), edit
            if not problems:     # the preview makes no e-book
                assert files == {path: data for path, data in expected.items() if not path.endswith(".epub")}, edit
