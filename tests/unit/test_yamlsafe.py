"""yamlsafe: YAML read the 1.2 way through the safe loader, with lines, duplicates and bounded depth."""
import math

import pytest

from trotsky_site.load.yamlsafe import MAX_DEPTH, parse_yaml


@pytest.mark.parametrize("text, value", [
    # YAML 1.1 surprises stay what they look like
    ("a: no", "no"), ("a: NO", "NO"), ("a: yes", "yes"), ("a: on", "on"), ("a: off", "off"), ("a: y", "y"),
    ("a: 1:20", "1:20"), ("a: 12:30:45", "12:30:45"), ("a: 1_000", "1_000"), ("a: 0b101", "0b101"),
    ("a: 1917-11-07", "1917-11-07"), ("a: 1917-11-07 10:00:00", "1917-11-07 10:00:00"), ("a: 2024-02-30", "2024-02-30"),
    # the YAML 1.2 core schema
    ("a: true", True), ("a: False", False), ("a: TRUE", True),
    ("a: 12", 12), ("a: -3", -3), ("a: +5", 5), ("a: 010", 10), ("a: 0o17", 15), ("a: 0x1F", 31),
    ("a: 1.5", 1.5), ("a: 1.10", 1.1), ("a: .5", 0.5), ("a: 1e3", 1000.0), ("a: -.inf", -math.inf),
    ("a: ~", None), ("a: null", None), ("a:", None), ("a: 'no'", "no"), ('a: "010"', "010"),
    ("a: !!str 12", "12"),
])
def test_scalars(text, value):
    parsed, errors = parse_yaml(text)
    assert errors == []
    assert parsed.value == {"a": value} and type(parsed.value["a"]) is type(value)


def test_the_text_written_is_kept_for_values_that_are_not_text():
    parsed, _ = parse_yaml("a: 1.10\nb: [0x1F, text]\nc: true")
    assert parsed.texts == {("a",): "1.10", ("b", 0): "0x1F", ("c",): "true"}


def test_lines_count_from_first_line():
    parsed, errors = parse_yaml("name: x\nevents:\n  - date: 1917\n    title: y", first_line=2)
    assert errors == []
    assert parsed.lines[("name",)] == 2
    assert parsed.lines[("events", 0, "title")] == 5


@pytest.mark.parametrize("text, line, message, hint", [
    ("a: 1\nb: 2\na: 3", 4, "duplicate key 'a' (first given on line 2)",
     "keep one of them: YAML would silently use the last"),
    ("<<: {a: 1}", 2, "merge keys ('<<') are not supported", "write the keys out in full"),
    ("? [a]\n: b", 2, "a key must be plain text", "write keys like `name:`"),
    ("a: !!binary aGk=", 2, "unsupported YAML tag 'tag:yaml.org,2002:binary'",
     "remove the tag; plain text, numbers, lists and mappings are enough"),
    ("!!python/object/apply:os.system [ls]", 2,
     "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'",
     "remove the tag; plain text, numbers, lists and mappings are enough"),
])
def test_reported_problems(text, line, message, hint):
    _parsed, errors = parse_yaml(text, first_line=2)
    assert [(e.line, e.message, e.hint) for e in errors] == [(line, message, hint)]


@pytest.mark.parametrize("text, line, message, hint", [
    ("note: shot with him: later", 1, "the value of `note` contains ': ', which YAML reads as the start of another key",
     'quote the value: note: "shot with him: later"'),
    ("r: {person: x, note: shot with him: later}", 1,
     "the value of `note` contains ': ', which YAML reads as the start of another key",
     'quote the value: note: "shot with him: later"'),
    ("r:\n  - person: x\n    note: a \"b\": c", 3,
     "the value of `note` contains ': ', which YAML reads as the start of another key",
     'quote the value: note: "a \\"b\\": c"'),
    ("a: \"x\" y", 1, "the value of `a` has more text after its closing quote",
     "quote the whole value; inside '...' an apostrophe is written twice: 'it''s'"),
    ("a: 'it's'", 1, "the value of `a` has more text after its closing quote",
     "quote the whole value; inside '...' an apostrophe is written twice: 'it''s'"),
    ("a:\n\tb: 1", 2, "a tab is used for indentation", "indent with spaces only; YAML does not allow tabs"),
    ("a: @x", 1, "a value cannot start with `@`", 'put the value in double quotes: "@..."'),
    ("a: 'open\nb: 1", 2, "a quoted value opened on line 1 is never closed",
     "close the quote; inside \"...\" write \\\" for a quote, inside '...' write ''"),
    ("a: [1, 2", 2, "a list in [...] is not closed, or its items are not separated by ', '",
     "close the list with ] on the same line, and quote items that contain ',' or ':'"),
    ("a: {b: 1", 2, "a mapping in {...} is not closed, or its entries are not separated by ', '",
     "close it with } on the same line, and quote values that contain ',' or ':'"),
    ("a: *nope", 1, "a value starting with `*` refers to an anchor that is not defined",
     "put the value in double quotes if `*` is meant as text"),
    ("a: b\n- c", 2, "this line does not line up with the keys above it",
     "keys of one mapping start in the same column; list items start with `- `"),
])
def test_syntax_errors_in_plain_words(text, line, message, hint):
    parsed, errors = parse_yaml(text)
    assert parsed is None
    assert [(e.line, e.message, e.hint) for e in errors] == [(line, "invalid YAML: " + message, hint)]


@pytest.mark.parametrize("text", [
    "a: " + "[" * 100_000 + "]" * 100_000,           # crashed libyaml's C composer (stack overflow)
    "a: " + "{a: " * 50_000 + "}" * 50_000,
    "- " * 100_000 + "x",
    "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5),
    "a: &x [*x]",                                     # a recursive alias
    "a: &a [1,1,1,1,1,1,1,1,1,1]\n" + "".join(f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
                                             for p, c in zip("abcdefgh", "bcdefghi")),   # billion laughs
])
def test_deep_or_exploding_yaml_is_refused_not_crashed(text):
    parsed, errors = parse_yaml(text)
    assert parsed is None
    assert len(errors) == 1 and ("too deeply" in errors[0].message or "too large" in errors[0].message)


def test_empty_text_is_nothing():
    assert parse_yaml("")[0].value is None
    assert parse_yaml("# only a comment\n")[0].value is None
