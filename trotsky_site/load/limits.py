"""Limits that keep one strange page from crashing or stalling the whole build.

Python-Markdown parses nested lists by recursion (a list some 250 levels deep raises
RecursionError) and scans forward from every `[` for its closing `]`, so a paragraph of
thousands of unclosed brackets takes minutes (Python-Markdown issue #798). No biography
needs either; we refuse them up front, with the line, before the renderer sees the text.
"""
from __future__ import annotations

import re

from ..problems import Problem

MAX_NESTING = 40                 # lists and blockquotes inside each other
MAX_BRACKET_SCAN = 4_000_000     # characters the link parser would scan; about a second of work

_LINE = re.compile(r"((?:[ ]{0,3}>)*)([ \t]*)(.*)")
_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_BRACKET = re.compile(r"\\.|[\[\]]|\n[ \t]*\n")


def nesting_depth(line: str) -> int:
    """How deeply a line sits in blockquotes and lists, as Python-Markdown would nest it."""
    quotes, indent, rest = _LINE.match(line).groups()
    depth = quotes.count(">")
    if _LIST_MARKER.match(rest):
        depth += len(indent.expandtabs(4)) // 4 + 1
    return depth


def bracket_scan(body: str) -> tuple[int, int]:
    """(characters the link parser would scan, offset of the worst paragraph's start)."""
    total, worst, worst_at, block_start, opened = 0, -1, 0, 0, []

    def close_block(end: int):
        nonlocal total, worst, worst_at
        cost = sum(end - start for start in opened)
        opened.clear()
        total += cost
        if cost > worst:
            worst, worst_at = cost, block_start

    for match in _BRACKET.finditer(body):
        token = match.group()
        if token == "[":
            opened.append(match.start())
        elif token == "]":
            if opened:
                start = opened.pop()
                total += match.start() - start
        elif token[0] == "\n":
            close_block(match.start())
            block_start = match.end()
    close_block(len(body))
    return total, worst_at


def check_body(body: str, first_line: int, path: str) -> list[Problem]:
    """Problems that make a body unsafe to hand to the Markdown renderer."""
    for number, line in enumerate(body.split("\n")):
        depth = nesting_depth(line)
        if depth > MAX_NESTING:
            return [Problem(path, first_line + number, "markdown.too-deep",
                            f"lists or quotes are nested {depth} levels deep here; the limit is {MAX_NESTING}",
                            "flatten the list: no page needs more than a few levels")]
    scan, offset = bracket_scan(body)
    if scan > MAX_BRACKET_SCAN:
        return [Problem(path, first_line + body.count("\n", 0, offset), "markdown.too-complex",
                        "this paragraph has so many '[' without a matching ']' that rendering it would take minutes",
                        "close the brackets, split the paragraph, or write a literal bracket as \\[")]
    return []
