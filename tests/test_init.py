"""`trotsky-site init DIR`: a new project that builds with no problems, never written over anything."""
from __future__ import annotations

from pathlib import Path

from trotsky_site.build.pipeline import Project, build_in_memory
from trotsky_site.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_init_writes_a_project_that_builds_with_no_problems(tmp_path, capsys):
    folder = tmp_path / "biography"
    assert main(["init", str(folder)]) == 0
    assert "wrote a new biography" in capsys.readouterr().out
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert written == {"README.md", "requirements.txt", ".gitignore", ".github/workflows/pages.yml",
                       "content/site.yml", "content/bibliography.bib", "content/chapters/beginnings.md",
                       "content/people/luxemburg.md", "content/people/jogiches.md"}
    result = build_in_memory(Project(folder / "content"))
    assert result.problems == [] and result.notes == []
    assert result.site.config.subject == "luxemburg"
    assert {"index.html", "people/luxemburg/index.html", "people/jogiches/index.html",
            "chapters/beginnings/index.html", "sources/nettl1966/index.html"} <= set(result.files)
    assert "Nettl" in result.files["chapters/beginnings/index.html"].decode()   # the citation's note


def test_init_refuses_a_folder_with_anything_in_it(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 1
    assert "refusing" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_accepts_an_empty_existing_folder(tmp_path):
    assert main(["init", str(tmp_path)]) == 0
    assert (tmp_path / "content" / "site.yml").is_file()


def test_the_new_projects_workflow_is_this_repositorys_but_for_how_it_installs_and_runs(tmp_path):
    main(["init", str(tmp_path / "new")])
    ours = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    theirs = (tmp_path / "new" / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert theirs.replace("pip install -r requirements.txt", "pip install .").replace(
        "trotsky-site build --base-url", "python build.py build --base-url") == ours
