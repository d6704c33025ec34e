import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trotsky_site.build import Project, build  # noqa: E402


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session under the subpath GitHub Pages uses."""
    out = tmp_path_factory.mktemp("real") / "_site"
    result = build(Project(ROOT / "content", base_url="/trotsky-site/"), out)
    assert result.ok, "\n".join(p.format() for p in result.problems)
    return out


@pytest.fixture
def make_content(tmp_path):
    """Copies a fixture content folder into tmp_path so a test may break it."""
    def make(name: str = "mini") -> Path:
        target = tmp_path / "content"
        shutil.copytree(ROOT / "tests" / "fixtures" / name, target)
        return target
    return make


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: their session browser keeps threads alive, and a process with
    threads must not fork, so the forked-build tests (tests/test_cache.py) have to come first."""
    items.sort(key=lambda item: "tests/browser/" in item.nodeid.replace("\\", "/"))
