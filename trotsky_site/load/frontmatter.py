"""Split a content file into its YAML front matter and Markdown body."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..problems import Problem
from .yamlsafe import parse_yaml

FENCE = "---"


@dataclass(frozen=True)
class FrontMatter:
    data: dict
    lines: dict = field(default_factory=dict)   # key path tuple -> line in the file
    body: str = ""
    body_line: int = 1                            # file line on which the body starts
    texts: dict = field(default_factory=dict)     # key path -> the text written, for values that are not text

    def line_of(self, *path) -> int | None:
        found = nearest_line(self.lines, path)
        return self.lines.get(()) if found is None else found


def nearest_line(lines: dict, path: tuple) -> int | None:
    """The line of the value at `path`, or of the nearest enclosing value that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def split_front_matter(path: str, text: str) -> tuple[FrontMatter | None, list[Problem]]:
    """`text` is already decoded, without BOM, with LF line endings."""
    if not text.strip():
        return None, [Problem(path, 1, "frontmatter.empty-file", "the file is empty",
                              "start it with front matter between two `---` lines; "
                              "`python build.py new` writes a skeleton")]
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        return None, [_missing(path, lines)]
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if closing is None:
        return None, [_unclosed(path, lines)]
    yaml_text = "\n".join(lines[1:closing])
    parsed, errors = parse_yaml(yaml_text, first_line=2)
    problems = [Problem(path, e.line, "frontmatter.invalid-yaml", e.message, e.hint) for e in errors]
    if parsed is None:
        return None, problems
    if not isinstance(parsed.value, dict):
        problems.append(_not_mapping(path, parsed.value))
        return None, problems
    body = "\n".join(lines[closing + 1:])
    return FrontMatter(parsed.value, dict(parsed.lines), body, closing + 2, dict(parsed.texts)), problems


def _missing(path: str, lines: list[str]) -> Problem:
    first = lines[0].strip()
    fence = next((i for i, line in enumerate(lines[:50]) if line.rstrip() == FENCE), None)
    if fence is not None and not any(line.strip() for line in lines[:fence]):
        hint = f"remove the blank line(s) before the `---` on line {fence + 1}: it must be the first line"
    elif first in ("+++", "----", "—", "–") or (first.startswith("-") and set(first) == {"-"}):
        hint = f"the first line is `{first}`; write exactly three hyphens `---`"
    else:
        hint = "did you forget to add `---` on the first line and after the front matter?"
    return Problem(path, 1, "frontmatter.missing", "the file does not start with a front-matter fence `---`", hint)


def _unclosed(path: str, lines: list[str]) -> Problem:
    near = next((i for i in range(1, len(lines)) if lines[i].strip() and set(lines[i].strip()) <= {"-", "—", "–"}
                 and lines[i].strip() != "-"), None)
    if near is not None:
        hint = f"line {near + 1} is `{lines[near].strip()}`; the closing fence must be exactly `---`"
    else:
        hint = "add a line `---` after the last front-matter key"
    return Problem(path, 1, "frontmatter.unclosed", "the front matter opened on line 1 is never closed", hint)


def _not_mapping(path: str, value) -> Problem:
    if value is None:
        return Problem(path, 2, "frontmatter.not-mapping", "the front matter is empty",
                       "write the page's keys between the fences, e.g. `name: Karl Radek`")
    got = "a list" if isinstance(value, list) else f"a single value ({str(value)[:60]!r})"
    return Problem(path, 2, "frontmatter.not-mapping", f"the front matter must be `key: value` lines, not {got}",
                   "write it as `key: value` lines, e.g. `name: Karl Radek`")
