"""The one shape every stage uses to report what is wrong with the input."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str          # as the editor knows it, e.g. "content/people/bukharin.md"
    line: int | None   # 1-based, where known
    code: str          # stable, e.g. "frontmatter.invalid-yaml"
    message: str
    hint: str = ""

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.code}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.code, self.message)


class BuildFailed(Exception):
    """Raised by the orchestrator only; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems, key=Problem.sort_key)


def format_report(problems: list[Problem]) -> str:
    ordered = sorted(problems, key=Problem.sort_key)
    lines = [p.format() for p in ordered]
    noun = "problem" if len(ordered) == 1 else "problems"
    lines.append(f"{len(ordered)} {noun} found.")
    return "\n".join(lines)
