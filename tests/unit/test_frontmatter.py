"""frontmatter: splitting a file into YAML and body, with the file's own line numbers."""
import pytest

from trotsky_site.load.frontmatter import split_front_matter

PATH = "content/people/x.md"


@pytest.mark.parametrize("text, data, body, body_line", [
    ("---\nname: X\n---\nBody\n", {"name": "X"}, "Body\n", 4),
    ("---\nname: X\n...\nBody", {"name": "X"}, "Body", 4),
    ("---  \nname: X\n---\t\n", {"name": "X"}, "", 4),
    ("---\nname: X\n---\n", {"name": "X"}, "", 4),
    ("---\nname: X\nsummary: |\n  two\n  lines\n---\n\n## H\n---\nafter a rule", {"name": "X", "summary": "two\nlines"},
     "\n## H\n---\nafter a rule", 7),
])
def test_split(text, data, body, body_line):
    front, problems = split_front_matter(PATH, text)
    assert problems == []
    assert (front.data, front.body, front.body_line) == (data, body, body_line)


def test_lines_are_file_lines():
    front, _ = split_front_matter(PATH, "---\nname: X\nroles:\n  - title: A\n---\n")
    assert front.line_of("name") == 2
    assert front.line_of("roles", 0, "title") == 4
    assert front.line_of("roles", 0, "from") == 4        # falls back to the nearest known parent


@pytest.mark.parametrize("text, line, code, message, hint", [
    ("", 1, "frontmatter.empty-file", "the file is empty",
     "start it with front matter between two `---` lines; `python build.py new` writes a skeleton"),
    (" \n\n", 1, "frontmatter.empty-file", "the file is empty",
     "start it with front matter between two `---` lines; `python build.py new` writes a skeleton"),
    ("name: X\n", 1, "frontmatter.missing", "the file does not start with a front-matter fence `---`",
     "did you forget to add `---` on the first line and after the front matter?"),
    ("\n\n---\nname: X\n---\n", 1, "frontmatter.missing", "the file does not start with a front-matter fence `---`",
     "remove the blank line(s) before the `---` on line 3: it must be the first line"),
    ("+++\nname = 'X'\n+++\n", 1, "frontmatter.missing", "the file does not start with a front-matter fence `---`",
     "the first line is `+++`; write exactly three hyphens `---`"),
    ("----\nname: X\n---\n", 1, "frontmatter.missing", "the file does not start with a front-matter fence `---`",
     "the first line is `----`; write exactly three hyphens `---`"),
    ("---\nname: X\n", 1, "frontmatter.unclosed", "the front matter opened on line 1 is never closed",
     "add a line `---` after the last front-matter key"),
    ("---\nname: X\n--\nBody", 1, "frontmatter.unclosed", "the front matter opened on line 1 is never closed",
     "line 3 is `--`; the closing fence must be exactly `---`"),
    ("---\n---\n", 2, "frontmatter.not-mapping", "the front matter is empty",
     "write the page's keys between the fences, e.g. `name: Karl Radek`"),
    ("---\n- a\n---\n", 2, "frontmatter.not-mapping", "the front matter must be `key: value` lines, not a list",
     "write it as `key: value` lines, e.g. `name: Karl Radek`"),
    ("---\njust a sentence\n---\n", 2, "frontmatter.not-mapping",
     "the front matter must be `key: value` lines, not a single value ('just a sentence')",
     "write it as `key: value` lines, e.g. `name: Karl Radek`"),
    ("---\nname: X\nname: Y\n---\n", 3, "frontmatter.invalid-yaml", "duplicate key 'name' (first given on line 2)",
     "keep one of them: YAML would silently use the last"),
    ("---\nname: [X\n---\n", 3, "frontmatter.invalid-yaml",
     "invalid YAML: a list in [...] is not closed, or its items are not separated by ', '",
     "close the list with ] on the same line, and quote items that contain ',' or ':'"),
])
def test_problems(text, line, code, message, hint):
    _front, problems = split_front_matter(PATH, text)
    assert [(p.shown, p.line, p.code, p.message, p.hint) for p in problems] == [(PATH, line, code, message, hint)]
