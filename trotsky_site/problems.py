"""The one shape every stage uses to report what is wrong with the input."""
from __future__ import annotations

from typing import TYPE_CHECKING
from dataclasses import dataclass

if TYPE_CHECKING:
    from .model.page import Page


@dataclass(frozen=True)
class Problem:
    shown: str         # the file as the editor knows it, e.g. "content/people/bukharin.md"
    line: int | None   # 1-based, where known
    code: str          # stable, e.g. "frontmatter.invalid-yaml"
    message: str
    hint: str = ""
    severity: str = "error"   # "error" fails the build; "note" is only reported (an unmatched place)

    def format(self) -> str:
        where = f"{self.shown}:{self.line}" if self.line else self.shown
        text = f"{where}: {self.code}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    def sort_key(self) -> tuple:
        return (self.shown, self.line or 0, self.code, self.message)


def unexpected(path: str, error: BaseException, line: int | None = None) -> Problem:
    """A bug in the generator met while working on `path`: reported like any problem, never a traceback."""
    where = ""
    tb = error.__traceback__
    while tb is not None:
        if "trotsky_site" in tb.tb_frame.f_code.co_filename:
            where = f" in {tb.tb_frame.f_code.co_name}"
        tb = tb.tb_next
    text = str(error) if len(str(error)) <= 200 else str(error)[:200] + "…"
    return Problem(path, line, "internal.error",
                   f"the generator failed on this file: {type(error).__name__}: {text}{where}",
                   "this is a bug in trotsky-site, not in your text; please report it with this file attached")


def body_failed(page: Page, error: BaseException) -> Problem:
    """The Markdown renderer gave up on a page's body."""
    if isinstance(error, RecursionError):
        return Problem(page.shown, page.body_line, "markdown.too-deep",
                       "the text is nested too deeply for the Markdown renderer (lists, quotes or emphasis)",
                       "flatten the nesting: no page needs more than a few levels")
    return unexpected(page.shown, error, page.body_line)


def format_report(problems: list[Problem]) -> str:
    ordered = sorted(problems, key=Problem.sort_key)
    lines = [p.format() for p in ordered]
    noun = "problem" if len(ordered) == 1 else "problems"
    lines.append(f"{len(ordered)} {noun} found.")
    return "\n".join(lines)


def format_notes(notes: list[Problem]) -> str:
    """Notes, shown after "OK": things worth a look that do not fail the build."""
    ordered = sorted(notes, key=Problem.sort_key)
    noun = "note" if len(ordered) == 1 else "notes"
    return "\n".join([f"note: {p.format()}" for p in ordered] + [f"{len(ordered)} {noun}."])
