"""Plain-language explanations of PyYAML's syntax errors, for editors who never asked to learn YAML.

PyYAML says "mapping values are not allowed in this context" where an editor wrote
`note: shot with him: later`; we look at the line it points to and say what went wrong there.
"""
from __future__ import annotations

import re

GENERIC_HINT = ("check the indentation, and quote values that contain ': ' or ' #' "
                "or start with [ { * & ! | > ' \" % @ `")

# `key: text: more` in a block mapping, optionally as a list item: the value holds a second ': '.
_BLOCK_COLON = re.compile(r"^\s*(?:-\s+)?([^\s:#'\"{}\[\],][^:#{}\[\]]*?):\s+([^'\"\s{\[][^#]*?:(?:\s.*)?)$")
# `key: "quoted" more`: text after the closing quote.
_AFTER_QUOTE = re.compile(r"""^\s*(?:-\s+)?([^\s:#'"]+):\s+(["'])(?:(?!\2).)*\2\s*[^\s#]""")
# `key: text: more` inside a flow mapping `{...}`.
_FLOW_COLON = re.compile(r"([A-Za-z_][\w-]*):\s+([^,{}\[\]'\"]*?:\s[^,{}\[\]]*?)\s*(?:[,}]|$)")


def explain(error, text: str, first_line: int = 1) -> tuple[str, str]:
    """(message, hint) for a yaml.MarkedYAMLError raised while reading `text`, which starts on `first_line`."""
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    lines = text.split("\n")
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    char = line[mark.column] if mark and mark.column < len(line) else ""
    if "mapping values are not allowed" in problem or "expected ',' or '}'" in problem:
        found = _colon_in_value(line)
        if found:
            key, value = found
            return (f"the value of `{key}` contains ': ', which YAML reads as the start of another key",
                    f"quote the value: {key}: \"{_escaped(value)}\"")
    if "cannot start any token" in problem:
        if char == "\t" or "\t" in line[: len(line) - len(line.lstrip())]:
            return "a tab is used for indentation", "indent with spaces only; YAML does not allow tabs"
        if char:
            return (f"a value cannot start with `{char}`", f"put the value in double quotes: \"{char}...\"")
    if "found unexpected end of stream" in problem and "quoted scalar" in context:
        opened = first_line + error.context_mark.line if error.context_mark else None
        where = f" on line {opened}" if opened else ""
        return (f"a quoted value opened{where} is never closed",
                "close the quote; inside \"...\" write \\\" for a quote, inside '...' write ''")
    if "expected ',' or ']'" in problem:
        return ("a list in [...] is not closed, or its items are not separated by ', '",
                "close the list with ] on the same line, and quote items that contain ',' or ':'")
    if "expected ',' or '}'" in problem:
        return ("a mapping in {...} is not closed, or its entries are not separated by ', '",
                "close it with } on the same line, and quote values that contain ',' or ':'")
    if "found undefined alias" in problem:
        return ("a value starting with `*` refers to an anchor that is not defined",
                "put the value in double quotes if `*` is meant as text")
    if "did not find expected key" in problem and _AFTER_QUOTE.match(line):
        key = _AFTER_QUOTE.match(line).group(1)
        return (f"the value of `{key}` has more text after its closing quote",
                "quote the whole value; inside '...' an apostrophe is written twice: 'it''s'")
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return ("this line does not line up with the keys above it",
                "keys of one mapping start in the same column; list items start with `- `")
    if "could not find expected ':'" in problem:
        return ("a line has no `key:`", "write every line as `key: value`, or indent it under the key it continues")
    if "mapping values are not allowed" in problem:
        return ("a ':' here starts a key where YAML does not expect one", GENERIC_HINT)
    return " ".join(part for part in (context, problem) if part), GENERIC_HINT


def _colon_in_value(line: str) -> tuple[str, str] | None:
    match = _BLOCK_COLON.match(line)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    match = _FLOW_COLON.search(line)
    if match:
        return match.group(1), match.group(2).strip()
    return None


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')
