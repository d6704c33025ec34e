"""Golden output of the fixture sites: `python -m tests.regenerate_golden` rewrites tests/golden/<name>/.

Run it after a deliberate change to templates or rendering, read the diff (`git diff tests/golden`),
and commit it with the change. tests/test_site_output.py compares every build with these files.
`UPDATE_GOLDEN=1 pytest tests/test_site_output.py` also rewrites them, and then fails on purpose, so a
run that regenerates can never pass: re-run without UPDATE_GOLDEN to check.

The same fixture built under a subpath base URL has no golden copy of its own: tests/test_site_output.py
builds it at the root and under /sub/path/ and fails on any difference but the expected ones.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
# golden folder -> (fixture it is built from, base URL: None for the fixture's own site.yml)
SITES = {
    "mini": ("mini", None),
}


def build_fixture(name: str) -> dict[str, bytes]:
    """The files of a golden site (see build_fixture_at)."""
    return build_fixture_at(*SITES[name])


def build_fixture_at(fixture: str, base_url: str | None) -> dict[str, bytes]:
    """Every file the generator writes for a fixture site built for `base_url`, except static/ (copied as
    it is) and the EPUB (a zip: tests/test_epub.py reads it instead). Built in memory from tests/fixtures/,
    so nothing is written there."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from trotsky_site.build.pipeline import Project, build_in_memory

    result = build_in_memory(Project(FIXTURES / fixture, base_url=base_url))
    if result.problems:
        raise SystemExit("\n".join(p.format() for p in result.problems))
    return dict(sorted((path, data) for path, data in result.files.items() if not path.endswith(".epub")))


def expected(name: str) -> dict[str, bytes]:
    folder = GOLDEN / name
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_golden(name: str) -> int:
    folder = GOLDEN / name
    shutil.rmtree(folder, ignore_errors=True)
    files = build_fixture(name)
    for relative, data in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(files)


def main() -> int:
    for name in SITES:
        count = write_golden(name)
        print(f"tests/golden/{name}/: {count} files written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
