"""The orchestrator and CLI end to end: atomic output, determinism, a second biography, exit codes."""
import hashlib
import json
from pathlib import Path

from trotsky_site.cli import main


def tree_hash(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_second_biography_builds_with_content_flag(make_content, tmp_path, capsys):
    content = make_content("mini")
    out = tmp_path / "out"
    assert main(["build", "--content", str(content), "--output", str(out)]) == 0
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Chekhov — A Small Test Biography" in home
    for path in ("people/chekhov/index.html", "timeline/index.html", "404.html", "sitemap.xml", ".nojekyll",
                 "people.json", "events.json", "static/style.css", "places/yalta/index.html", "places.json",
                 "journey/index.html"):
        assert (out / path).is_file(), path
    assert "Built 15 pages" in capsys.readouterr().out   # 6, 6 places and the 3 works of the bibliography


def test_two_builds_are_byte_identical(make_content, tmp_path):
    content = make_content("mini")
    assert main(["build", "--content", str(content), "--output", str(tmp_path / "a")]) == 0
    assert main(["build", "--content", str(content), "--output", str(tmp_path / "b")]) == 0
    assert tree_hash(tmp_path / "a") == tree_hash(tmp_path / "b")


def test_failed_build_leaves_previous_output_untouched(make_content, tmp_path, capsys):
    content = make_content("mini")
    out = tmp_path / "_site"
    assert main(["build", "--content", str(content), "--output", str(out)]) == 0
    before = tree_hash(out)
    (content / "people" / "knipper.md").write_text("---\nname: [unclosed\n---\n", encoding="utf-8")
    assert main(["build", "--content", str(content), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert "content/people/knipper.md:3: frontmatter.invalid-yaml:" in err
    assert "Traceback" not in err
    assert tree_hash(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("._site")], "no staging folder left behind"


def test_check_writes_nothing_and_reports_every_problem(make_content, tmp_path, capsys, monkeypatch):
    content = make_content("mini")
    (content / "topics" / "theatre.md").write_text(
        "---\ntitle: Theatre\nsummary: x\ncolour: red\n---\n[[nobody]] and [[chekhov#nowhere]]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "content/topics/theatre.md:4: frontmatter.unknown-key: unknown key `colour`" in err
    assert "content/topics/theatre.md:6: link.not-found: no page is called 'nobody'" in err
    assert not (tmp_path / "_site").exists()


def test_base_url_is_only_for_absolute_addresses_links_are_relative(make_content, tmp_path, capsys):
    content = make_content("mini")
    out = tmp_path / "out"
    assert main(["build", "--content", str(content), "--output", str(out), "--base-url", "/trotsky-site"]) == 0
    said = capsys.readouterr().out
    assert "from any address" in said and "site paths" not in said
    html = (out / "chapters" / "taganrog" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../static/style.css"' in html and 'data-root="../../"' in html
    assert 'href="../../people/chekhov/"' in html
    assert 'href="/people/' not in html and 'href="/trotsky-site/people/' not in html
    assert '<link rel="canonical" href="/trotsky-site/chapters/taganrog/">' in html


def test_portable_build_links_name_files_and_loads_data_by_script(make_content, tmp_path, capsys):
    content = make_content("mini")
    out = tmp_path / "out"
    assert main(["build", "--content", str(content), "--output", str(out), "--portable"]) == 0
    assert "no server needed" in capsys.readouterr().out
    html = (out / "chapters" / "taganrog" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../people/chekhov/index.html"' in html and "data-portable" in html
    assert 'href="../../index.html"' in html and 'rel="canonical"' not in html
    data = (out / "site-data.js").read_text(encoding="utf-8")
    assert data.startswith("window.biographyData = {") and "fetch(" not in data
    files = json.loads(data[len("window.biographyData = "):].rstrip().rstrip(";"))
    assert "search/pages.json" in files and "previews/index.json" in files
    assert any(path.startswith("search/terms-") for path in files)      # full text: the fixture is small


def test_offline_zip_is_reproducible_and_linked_from_the_home_page(make_content, tmp_path):
    import zipfile
    content = make_content("mini")
    zips = []
    for name in ("one", "two"):
        assert main(["build", "--content", str(content), "--output", str(tmp_path / name), "--offline-zip"]) == 0
        zips.append((tmp_path / name / "trotsky-site-offline.zip").read_bytes())
    assert zips[0] == zips[1]
    names = zipfile.ZipFile(tmp_path / "one" / "trotsky-site-offline.zip").namelist()
    assert names == sorted(names) and "trotsky-site/index.html" in names and "trotsky-site/site-data.js" in names
    home = (tmp_path / "one" / "index.html").read_text(encoding="utf-8")
    assert '<a href="trotsky-site-offline.zip" download>Download for offline reading</a>' in home
    assert main(["build", "--content", str(content), "--output", str(tmp_path / "plain")]) == 0
    assert "offline" not in (tmp_path / "plain" / "index.html").read_text(encoding="utf-8")
    assert not (tmp_path / "plain" / "trotsky-site-offline.zip").exists()


def test_new_refuses_to_overwrite(make_content, capsys):
    content = make_content("mini")
    assert main(["new", "person", "Karl Radek", "--content", str(content)]) == 0
    assert (content / "people" / "karl-radek.md").is_file()
    assert main(["new", "person", "Karl Radek", "--content", str(content)]) == 1
    assert "refusing to overwrite" in capsys.readouterr().err
    assert main(["check", "--content", str(content)]) == 0
