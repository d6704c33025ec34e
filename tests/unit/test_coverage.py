from pathlib import Path

import pytest

from trotsky_site.coverage import cites, full_profiles, paragraphs, report

KEYS = {"deutscher1954", "service2009"}


@pytest.mark.parametrize("body, expected", [
    ("One.\n\nTwo\ncontinued.", ["One.", "Two\ncontinued."]),
    ("## Heading\n\nText.", ["Text."]),
    ("![[bukharin]]\n\nText.", ["Text."]),
    ("- a\n- b\n  more\n- c", ["- a", "- b\n  more", "- c"]),
    ("> quoted\n> — Trotsky", ["> quoted\n> — Trotsky"]),
    ("---\n\n| a | b |\n|---|---|", []),
])
def test_paragraphs_are_the_claim_bearing_blocks(body, expected):
    assert paragraphs(body) == expected


@pytest.mark.parametrize("text, expected", [
    ("He arrived [@deutscher1954].", True),
    ("He arrived [see @service2009, ch. 3; @deutscher1954].", True),
    ("@service2009 [ch. 2] says so.", True),
    ("[-@service2009]", True),
    ("Write to someone@service2009.org.", False),
    (r"An escaped \@deutscher1954 is text.", False),
    ("[@unknown2020]", False),
    ("No citation at all.", False),
])
def test_cites_only_known_keys(text, expected):
    assert cites(text, KEYS) is expected


def _page(folder: Path, body: str) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text(f"---\ntitle: T\n---\n{body}\n", encoding="utf-8")


def test_report_flags_pages_under_target_and_uncited_bodies(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "bibliography.bib").write_text("@book{deutscher1954,\n title={T}\n}\n", encoding="utf-8")
    _page(content / "chapters" / "one.md", "Cited [@deutscher1954].\n\n![[kolchak]]\n\nNot cited.")
    _page(content / "people" / "kolchak.md", "Cited [@deutscher1954].")
    _page(content / "people" / "stub.md", "")
    _page(content / "topics" / "bare.md", "Nothing here.")
    assert full_profiles(content) == {"kolchak"}
    (content / "site.yml").write_text("title: T\nsubject: stub\n", encoding="utf-8")
    assert full_profiles(content) == {"kolchak", "stub"}
    (content / "site.yml").unlink()
    lines, ok = report(content)
    assert not ok
    assert any(line.startswith("content/chapters/one.md") and line.endswith("50%  < 90%") for line in lines)
    assert any(line.startswith("content/people/kolchak.md") and "100%" in line for line in lines)
    assert "  content/topics/bare.md" in lines
    assert "  content/people/stub.md" not in lines


def test_the_real_biography_meets_the_coverage_targets():
    """Issue 12's bar: ≥ 90% of the paragraphs of every chapter and full profile cite a work, and every
    page with a body cites at least one."""
    content = Path(__file__).resolve().parents[2] / "content"
    lines, ok = report(content)
    assert ok, "\n".join(lines)
    assert len(full_profiles(content)) >= 9
