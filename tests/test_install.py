"""The package works installed anywhere: a wheel carries the theme, a site's own templates override it."""
from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from trotsky_site.build.pipeline import Project, build_in_memory

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
pytestmark = pytest.mark.xdist_group("wheel")   # one xdist worker builds the wheel, not each that runs a test


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the sources (building in place would leave build/ in the checkout)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("trotsky_site", "templates", "static"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
                   check=True, capture_output=True, text=True)
    return next(out.glob("trotsky_site-*.whl"))


@pytest.mark.slow
def test_the_wheel_holds_every_template_and_static_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("templates", "static"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file():
                assert f"trotsky_site/theme/{folder}/{path.relative_to(ROOT / folder).as_posix()}" in names


@pytest.mark.slow
def test_an_installed_wheel_builds_a_site_in_any_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    # A fresh venv without pip of its own (installing pip into it was most of this test's time): this
    # environment's pip installs the wheel into it (`pip --python`), as pip installs a wheel anywhere.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True)
    # The dependencies come from this environment's site-packages, as a plain path (so the editable
    # finder of the checkout there is not installed): trotsky_site itself comes from the wheel alone.
    target = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path("
                                  "'purelib'))"], check=True, capture_output=True, text=True).stdout.strip())
    (target / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    site = tmp_path / "elsewhere"
    shutil.copytree(MINI, site / "content")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TROTSKY_SITE_MAP_CACHE": ""}
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import trotsky_site; print(trotsky_site.__file__)"],
                           cwd=site, env=env, check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(target))
    run = subprocess.run([str(venv / "bin" / "trotsky-site"), "build"], cwd=site, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    built = site / "_site"
    assert (built / "static" / "style.css").read_bytes() == (ROOT / "static" / "style.css").read_bytes()
    assert "Chekhov" in (built / "people" / "chekhov" / "index.html").read_text(encoding="utf-8")
    assert (built / "index.html").is_file() and (built / "search" / "pages.json").is_file()
    made = subprocess.run([str(venv / "bin" / "trotsky-site"), "init", "new"], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "new" / ".github" / "workflows" / "pages.yml").is_file()
    run = subprocess.run([str(venv / "bin" / "trotsky-site"), "build"], cwd=tmp_path / "new", env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "new" / "_site" / "people" / "luxemburg" / "index.html").is_file()


def test_a_sites_own_template_and_static_file_override_the_theme_one_by_one(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "home.html").write_text(
        '{% extends "base.html" %}{% block main %}<p>Our own home</p>{% endblock %}', encoding="utf-8")
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "style.css").write_text("body { color: teal }", encoding="utf-8")
    (tmp_path / "static" / "extra.js").write_text("//", encoding="utf-8")
    result = build_in_memory(Project(content))
    assert result.ok, result.problems
    theme = build_in_memory(Project(MINI))
    assert "<p>Our own home</p>" in result.files["index.html"].decode()
    assert result.files["people/chekhov/index.html"] == theme.files["people/chekhov/index.html"]
    assert result.static["static/style.css"] == tmp_path / "static" / "style.css"
    assert result.static["static/extra.js"] == tmp_path / "static" / "extra.js"
    assert result.static["static/site.js"] == theme.static["static/site.js"]
