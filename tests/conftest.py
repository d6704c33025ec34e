"""Shared builds, made once per test session in temporary folders, and a guard that the tests leave the
source tree as they found it.

Building the real biography is the dearest thing the suite does (its Markdown and citations take most of
a build), so the real site is built twice per session by these fixtures: once to disk under /trotsky-site/,
serially, with a temporary .cache/ and the Markdown stage's inputs and results kept (`real_build`,
`real_site`, `built_site`), and once in memory, forked (`real_forked_site`). The mini fixture is copied
and built once to disk under /trotsky-site/ (`mini_built_site`). Every build here works on a copy
or writes its cache to a temporary folder: nothing is written beside content/ or tests/fixtures/.

Every build in the session, in this process or in a subprocess it starts, shares one folder of compiled
Jinja templates (TROTSKY_SITE_TEMPLATE_CACHE, a temporary folder): compiling the templates was most of
what a build of the mini fixture cost, and the suite builds it a few hundred times.
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trotsky_site.build.pipeline import DiskCache, Project, Stages, build, build_in_memory  # noqa: E402
from trotsky_site.build.parallel import can_fork  # noqa: E402
from trotsky_site.render.templates import TEMPLATE_CACHE_VARIABLE  # noqa: E402

REAL_BASE = "/trotsky-site/"
# What the tests must never write to: the sources, and the fixtures they copy.
GUARDED = ("content", "templates", "static", "tests/fixtures", "tests/golden")


def pytest_configure(config):
    """One folder of compiled templates for the session (and, under xdist, for every worker: they inherit
    the variable); a folder the developer set is used as it is and left alone."""
    if not os.environ.get(TEMPLATE_CACHE_VARIABLE):
        folder = tempfile.mkdtemp(prefix="trotsky-site-templates-")
        os.environ[TEMPLATE_CACHE_VARIABLE] = folder
        config._template_cache_made = folder


def pytest_unconfigure(config):
    folder = getattr(config, "_template_cache_made", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(TEMPLATE_CACHE_VARIABLE, None)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


class RecordingCache(DiskCache):
    """build()'s disk cache, keeping render_all's arguments and result for tests that compare renderers."""
    render_args: tuple = ()
    rendered: dict | None = None

    def render_all(self, *args, **kwargs):
        self.render_args = args
        self.rendered, problems = super().render_all(*args, **kwargs)
        return self.rendered, problems


@pytest.fixture(scope="session")
def real_build(tmp_path_factory):
    """The real site as `build.py build` makes it, to disk under /trotsky-site/, with a cold .cache/ in a
    temporary folder, in one process (TROTSKY_SITE_WORKERS=1: the serial reference tests/test_cache.py
    compares forked and warm-cache builds with): (result, site folder, cache folder, the recording cache)."""
    folder = tmp_path_factory.mktemp("real")
    stages = RecordingCache(folder / "cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TROTSKY_SITE_WORKERS", "1")
        result = build(Project(ROOT / "content", base_url=REAL_BASE), folder / "_site", stages)
    assert result.ok, "\n".join(p.format() for p in result.problems)
    return result, folder / "_site", folder / "cache", stages


@pytest.fixture(scope="session")
def real_site(real_build):
    """The BuildResult of the real site (files, site model); read it, never change it."""
    return real_build[0]


@pytest.fixture(scope="session")
def real_forked_site():
    """The real site built again, in memory, forked over two processes: the second build that
    determinism and fork tests compare with `real_site`."""
    assert can_fork(), "a forked build needs a process with one thread"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TROTSKY_SITE_WORKERS", "2")
        result = build_in_memory(Project(ROOT / "content", base_url=REAL_BASE))
    assert result.ok, "\n".join(p.format() for p in result.problems)
    return result


@pytest.fixture(scope="session")
def built_site(real_build) -> Path:
    """The real site, built once per test session under the subpath GitHub Pages uses."""
    return real_build[1]


@pytest.fixture(scope="session")
def mini_built_site(tmp_path_factory) -> Path:
    """A copy of tests/fixtures/mini built to disk under /trotsky-site/ (no cache)."""
    folder = tmp_path_factory.mktemp("mini")
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", folder / "content")
    result = build(Project(folder / "content", base_url=REAL_BASE), folder / "_site", Stages())
    assert result.ok, "\n".join(p.format() for p in result.problems)
    return folder / "_site"


@pytest.fixture
def make_content(tmp_path):
    """Copies a fixture content folder into tmp_path so a test may break it."""
    def make(name: str = "mini") -> Path:
        target = tmp_path / "content"
        shutil.copytree(ROOT / "tests" / "fixtures" / name, target)
        return target
    return make


def newest_change(folder: Path) -> int:
    return max((f.stat().st_mtime_ns for f in folder.rglob("*") if f.is_file()), default=0)


def source_tree_state() -> tuple[str, list[str]]:
    """git's view of the guarded folders (ignored files included), and every .cache/ folder in the checkout
    with the time its newest file changed (so a developer's own warm .cache/ is guarded too)."""
    status = subprocess.run(["git", "status", "--porcelain", "--ignored", "--untracked-files=all", "--", *GUARDED],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    caches = sorted(f"{p.relative_to(ROOT)} (newest file {newest_change(p)})" for p in ROOT.rglob(".cache")
                    if ".venv" not in p.relative_to(ROOT).parts)
    return status, caches


@pytest.fixture(scope="session", autouse=True)
def source_tree_untouched():
    """Fails the session if a test wrote into content/, templates/, static/, tests/fixtures/ or
    tests/golden/, or left a .cache/ anywhere in the checkout: builds in tests use temporary folders."""
    before = source_tree_state()
    yield
    after = source_tree_state()
    changed = sorted(set(after[0].splitlines()) ^ set(before[0].splitlines()))
    new_caches = sorted(set(after[1]) - set(before[1]))
    assert after == before, ("the tests changed the source tree (every build in a test must work on a copy and "
                             "keep its cache in a temporary folder): git status lines that came or went: "
                             f"{changed[:10]}{' ...' if len(changed) > 10 else ''}; new .cache/ folders: {new_caches}")


REAL_SITE_FIXTURES = {"real_build", "real_forked_site"}


@pytest.hookimpl(tryfirst=True)   # before xdist reads the groups (its hook is a plain one)
def pytest_collection_modifyitems(config, items):
    """Browser tests run last: their session browser keeps threads alive, and a process with
    threads must not fork, so the forked-build tests (tests/test_cache.py) have to come first. Before
    everything else come the tests marked slow, so that under xdist no worker is left with a long test
    at the end while the other has nothing to do.

    Under pytest-xdist (`--dist loadgroup --no-loadscope-reorder`, pyproject.toml: units are handed out in
    this order, and each worker runs what it gets in the order it gets it) each group runs in one worker:
    the tests that read the real site's session builds (by naming the fixture, or, where a parametrized
    fixture asks for it by getfixturevalue, by an xdist_group("real-site") mark on the param) form one
    group, so the real biography is built once (not once per worker) outside the browser tests; the
    browser tests form another (one browser, after everything else its worker runs); a test module may
    name a group of its own (test_install: one wheel). Every other test goes to whichever worker is free."""
    items.sort(key=lambda item: ("tests/browser/" in item.nodeid.replace("\\", "/"),
                                 item.get_closest_marker("slow") is None))
    for item in items:
        marked = item.get_closest_marker("xdist_group")
        if "tests/browser/" in item.nodeid.replace("\\", "/"):
            put_in_xdist_group(config, item, "browser")
        elif REAL_SITE_FIXTURES & set(item.fixturenames):
            put_in_xdist_group(config, item, "real-site")
        elif marked:
            put_in_xdist_group(config, item, str(marked.args[0] if marked.args else marked.kwargs.get("name")))


def put_in_xdist_group(config, item, group: str) -> None:
    """The xdist_group mark, and the "@group" at the end of the test's id that xdist's scheduler reads.
    pytest-xdist 3.8 appends that to `item._nodeid`, which pytest 9.2 no longer reads, so the groups are
    silently ignored (pytest-dev/pytest-xdist#1386): append it to pytest 9.2's structured id here. Should
    that stop working too, the tests still pass, each worker building the real site for itself."""
    item.add_marker(pytest.mark.xdist_group(group))
    if getattr(config.option, "loadgroup", False) and hasattr(item, "_id") and "@" not in item.nodeid:
        from _pytest.nodeid import NodeId
        item._id = NodeId.parse(f"{item.nodeid}@{group}")
