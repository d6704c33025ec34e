"""Split a content file into its YAML front matter and Markdown body."""
from __future__ import annotations

from dataclasses import dataclass, field

from .problems import Problem
from .yamlsafe import parse_yaml

FENCE = "---"


@dataclass(frozen=True)
class FrontMatter:
    data: dict
    lines: dict = field(default_factory=dict)   # key path tuple -> line in the file
    body: str = ""
    body_line: int = 1                            # file line on which the body starts

    def line_of(self, *path) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def split_front_matter(path: str, text: str) -> tuple[FrontMatter | None, list[Problem]]:
    """`text` is already decoded, without BOM, with LF line endings."""
    if not text.strip():
        return None, [Problem(path, 1, "frontmatter.empty-file", "the file is empty",
                              "start it with front matter between two `---` lines; `python build.py new` writes a skeleton")]
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        return None, [Problem(path, 1, "frontmatter.missing",
                              "the file does not start with a front-matter fence `---`",
                              "did you forget to add `---` on the first line and after the front matter?")]
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if closing is None:
        return None, [Problem(path, 1, "frontmatter.unclosed",
                              "the front matter opened on line 1 is never closed",
                              "add a line `---` after the last front-matter key")]
    yaml_text = "\n".join(lines[1:closing])
    parsed, errors = parse_yaml(yaml_text)
    problems = [Problem(path, e.line + 1 if e.line else None, "frontmatter.invalid-yaml", e.message, e.hint)
                for e in errors]
    if parsed is None:
        return None, problems
    if not isinstance(parsed.value, dict):
        got = "nothing" if parsed.value is None else type(parsed.value).__name__
        problems.append(Problem(path, 2, "frontmatter.not-mapping",
                                f"the front matter must be a mapping of keys to values, not {got}",
                                "write it as `key: value` lines, e.g. `name: Karl Radek`"))
        return None, problems
    file_lines = {key: line + 1 for key, line in parsed.lines.items()}
    body = "\n".join(lines[closing + 1:])
    return FrontMatter(parsed.value, file_lines, body, closing + 2), problems
