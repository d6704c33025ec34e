"""problems: the one format every message is printed in."""
from trotsky_site.problems import Problem, body_failed, format_report, unexpected
from types import SimpleNamespace


def test_format():
    assert Problem("content/a.md", 3, "x.y", "bad", "fix it").format() == "content/a.md:3: x.y: bad\n    hint: fix it"
    assert Problem("content/a.md", None, "x.y", "bad").format() == "content/a.md: x.y: bad"


def test_report_is_sorted_and_counted():
    report = format_report([Problem("b.md", 1, "c", "m"), Problem("a.md", 9, "c", "m"), Problem("a.md", 2, "c", "m")])
    assert report == "a.md:2: c: m\na.md:9: c: m\nb.md:1: c: m\n3 problems found."
    assert format_report([Problem("a.md", None, "c", "m")]).endswith("\n1 problem found.")


def test_unexpected_names_the_file_and_the_function():
    def in_here():
        raise ValueError("x" * 300)
    try:
        in_here()
    except ValueError as error:
        problem = unexpected("content/a.md", error, 4)
    assert (problem.shown, problem.line, problem.code) == ("content/a.md", 4, "internal.error")
    assert problem.message == "the generator failed on this file: ValueError: " + "x" * 200 + "…"
    assert problem.hint == "this is a bug in trotsky-site, not in your text; please report it with this file attached"


def test_body_failed():
    page = SimpleNamespace(shown="content/a.md", body_line=6)
    assert body_failed(page, RecursionError()).code == "markdown.too-deep"
    assert body_failed(page, RecursionError()).line == 6
    assert body_failed(page, KeyError("k")).code == "internal.error"


def test_every_problem_code_is_documented():
    import re
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    source = "\n".join(p.read_text(encoding="utf-8") for p in (root / "trotsky_site").glob("*.py"))
    prefixes = "content|frontmatter|date|chapter|link|embed|image|relation|event|markdown|config|template|output|place|" \
               "internal|build|citation|bibliography|source"
    codes = {c for c in re.findall(rf"\"((?:{prefixes})\.[a-z][a-z-]*)\"", source) if not c.endswith((".py", ".html", ".xhtml", ".bib", ".json"))}
    documented = set(re.findall(r"`([a-z]+\.[a-z-]+)`", (root / "docs" / "errors.md").read_text(encoding="utf-8")))
    assert codes and not codes - documented, f"undocumented: {sorted(codes - documented)}"
