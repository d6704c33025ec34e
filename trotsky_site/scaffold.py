"""`build.py new KIND "Name"`: a valid skeleton page, never overwriting an existing one."""
from __future__ import annotations

from pathlib import Path

from .paths import FOLDER_OF_KIND, suggest_id

SKELETONS = {
    "person": 'name: {yaml_name}\nsummary: "TODO: who {name} was, in one sentence."\n'
              "# native_name: \n# born: {{os: 1879-10-26, place: Yanovka}}\n# died: 1940-08-21\n"
              "# aliases: []\n# roles: [{{title: ..., from: 1917, to: 1918}}]\n"
              "# relations: [{{person: trotsky, type: ally}}]\n",
    "chapter": 'title: {yaml_name}\norder: {order}\nsummary: "TODO: what happens in this chapter, in one sentence."\n'
               "period: {{start: 1917, end: 1917}}\n# events: [{{date: 1917-11-07, title: ..., people: []}}]\n",
    "topic": 'title: {yaml_name}\nsummary: "TODO: what {name} is, in one sentence."\n# aliases: []\n',
    "organisation": 'name: {yaml_name}\nsummary: "TODO: what {name} was, in one sentence."\n'
                    "# native_name: \n# founded: 1913\n# dissolved: 1917\n# aliases: []\n",
}


def new_page(content_dir: Path, kind: str, name: str) -> tuple[Path | None, str]:
    """Returns (path written, message); path is None when nothing was written."""
    page_id = suggest_id(name)
    folder = content_dir / FOLDER_OF_KIND[kind]
    path = folder / f"{page_id}.md"
    if path.exists():
        return None, f"{path} already exists; refusing to overwrite it"
    existing = [p.stem for f in FOLDER_OF_KIND.values() if (content_dir / f).is_dir()
                for p in (content_dir / f).glob("*.md")]
    if page_id in existing:
        return None, f"the id '{page_id}' is already used by another page; choose another name"
    order = 1 + sum(1 for _ in (content_dir / "chapters").glob("*.md")) if kind == "chapter" else 0
    yaml_name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    front = SKELETONS[kind].format(name=name.replace('"', "'"), yaml_name=yaml_name, order=order)
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:   # "x": fails rather than overwrite, even in a race
        handle.write(f"---\n{front}---\n\n")
    return path, f"wrote {path} (id: {page_id})"
