"""`build.py new KIND "Name"`: a valid skeleton page; `init DIR`: a new project. Neither overwrites anything."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from .model.kinds import KINDS, Registry
from .model.urls import suggest_id


def new_page(content_dir: Path, kind_name: str, name: str, kinds: Registry = KINDS) -> tuple[Path | None, str]:
    """Returns (path written, message); path is None when nothing was written. The kind's `skeleton`
    is filled with the name and, for kinds that number their pages, the next `order`."""
    kind = kinds[kind_name]
    page_id = suggest_id(name)
    folder = content_dir / kind.folder
    path = folder / f"{page_id}.md"
    if path.exists():
        return None, f"{path} already exists; refusing to overwrite it"
    existing = [p.stem for f in kinds.folders if (content_dir / f).is_dir() for p in (content_dir / f).glob("*.md")]
    if page_id in existing:
        return None, f"the id '{page_id}' is already used by another page; choose another name"
    order = 1 + sum(1 for _ in folder.glob("*.md")) if folder.is_dir() else 1
    yaml_name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    front = kind.skeleton.format(name=name.replace('"', "'"), yaml_name=yaml_name, order=order)
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:   # "x": fails rather than overwrite, even in a race
        handle.write(f"---\n{front}---\n\n")
    return path, f"wrote {path} (id: {page_id})"


# The starter project's files (trotsky_site/starter/) and where `init` puts them; files whose names a
# package may not hold (.github/, .gitignore) are renamed on the way.
STARTER = {"pages.yml": ".github/workflows/pages.yml", "gitignore": ".gitignore"}


def new_project(folder: Path) -> tuple[bool, str]:
    """`trotsky-site init DIR`: a minimal, valid biography (site.yml with its subject, one chapter, two people,
    one citation of a one-entry bibliography), a README and the GitHub Pages workflow. Never writes into a
    folder that has anything in it."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        return False, f"{folder} is not an empty folder; refusing to write into it"
    starter = resources.files("trotsky_site") / "starter"
    files = {}

    def gather(node, relative: str) -> None:
        for child in node.iterdir():
            name = f"{relative}{child.name}"
            if child.is_dir():
                gather(child, name + "/")
            elif child.name != "__pycache__":
                files[STARTER.get(name, name)] = child.read_bytes()
    gather(starter, "")
    for relative, data in sorted(files.items()):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as handle:   # "x": fails rather than overwrite, even in a race
            handle.write(data)
    return True, (f"wrote a new biography into {folder}/ ({len(files)} files); "
                  f"build it with `cd {folder} && trotsky-site build`")
