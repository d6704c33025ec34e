"""content: discovery, reading and decoding, and the limits that guard the Markdown renderer."""
import os
import unicodedata
from pathlib import Path

import pytest

from trotsky_site.load import content
from trotsky_site.model.kinds import KINDS
from trotsky_site.load.content import MAX_FILE_BYTES, SourceFile, decode, discover, parse_page, read_text
from trotsky_site.load.limits import MAX_BRACKET_SCAN, MAX_NESTING, bracket_scan, check_body, nesting_depth

PAGE = "---\ntitle: T\nsummary: x\n---\n"


def make(tmp_path: Path, files: dict) -> Path:
    root = tmp_path / "content"
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def found(root):
    files, problems = discover(root)
    return [(f.kind.name, f.page_id, f.shown) for f in files], [(p.shown, p.code, p.message, p.hint) for p in problems]


def test_discovery_reads_the_four_folders_and_skips_what_is_not_a_page(tmp_path):
    root = make(tmp_path, {"topics/nep.md": PAGE, "people/radek.md": PAGE, "topics/.draft.md": PAGE,
                           "topics/nep.md~": PAGE, "topics/notes.txt": "x", "topics/img/a.png": "x", "site.yml": ""})
    assert found(root) == ([("person", "radek", "content/people/radek.md"), ("topic", "nep", "content/topics/nep.md")],
                           [])


@pytest.mark.parametrize("files, problem", [
    ({"topics/Nep.md": PAGE}, ("content/topics/Nep.md", "content.invalid-id",
                               "the id 'Nep' is not a lowercase slug (letters a-z, digits and single hyphens)",
                               "rename the file to nep.md (on macOS and Windows, a change of case only: "
                               "use `git mv`)")),
    ({"topics/New Economic Policy.md": PAGE}, ("content/topics/New Economic Policy.md", "content.invalid-id",
                                               "the id 'New Economic Policy' is not a lowercase slug (letters a-z, "
                                               "digits and single hyphens)",
                                               "rename the file to new-economic-policy.md")),
    ({"topics/nep.MD": PAGE}, ("content/topics/nep.MD", "content.invalid-id", "the file name ends in '.MD', not '.md'",
                               "rename the file to nep.md")),
    ({"topics/search.md": PAGE}, ("content/topics/search.md", "content.invalid-id", "the id 'search' is reserved",
                                  "'search' is a name the site itself uses; rename the file, e.g. to search-topic.md")),
    ({"topics/ussr/nep.md": PAGE}, ("content/topics/ussr", "content.subfolder",
                                    "pages in the subfolder ussr/ are not read",
                                    "move its files up into topics/: a page id cannot contain '/'")),
    ({"nep.md": PAGE}, ("content/nep.md", "content.unknown-folder",
                        "pages must be in one of the folders chapters/, people/, topics/, organisations/, places/, pages/, sources/",
                        "move the file into the folder of its kind")),
    ({"organizations/cheka.md": PAGE}, ("content/organizations", "content.unknown-folder",
                                        "the folder organizations/ is not one of chapters/, people/, topics/, "
                                        "organisations/, places/, pages/, sources/", "did you mean organisations/?")),
    ({"chapter/exile.md": PAGE}, ("content/chapter", "content.unknown-folder",
                                  "the folder chapter/ is not one of chapters/, people/, topics/, organisations/, places/, pages/, sources/",
                                  "did you mean chapters/?")),
])
def test_discovery_problems(tmp_path, files, problem):
    assert found(make(tmp_path, files))[1] == [problem]


def test_names_that_differ_only_in_case_collide_and_the_valid_id_is_read(tmp_path):
    root = make(tmp_path, {"people/radek.md": PAGE, "people/Radek.md": PAGE})
    if len(list((root / "people").iterdir())) < 2:
        pytest.skip("case-insensitive filesystem")
    assert found(root) == ([("person", "radek", "content/people/radek.md")],
                           [("content/people/Radek.md", "content.name-collision",
                             "this file name and 'radek.md' differ only in case; on macOS and Windows they are the "
                             "same file", "merge the two files and delete this one")])


def test_nfd_file_name_gives_an_nfc_id(tmp_path):
    nfd = unicodedata.normalize("NFD", "café")
    root = make(tmp_path, {f"topics/{nfd}.md": PAGE})
    _files, problems = found(root)
    assert problems[0][2] == "the id 'café' is not a lowercase slug (letters a-z, digits and single hyphens)"
    assert unicodedata.is_normalized("NFC", problems[0][2])


def test_symlinks(tmp_path):
    root = make(tmp_path, {"topics/nep.md": PAGE})
    (tmp_path / "outside.md").write_text(PAGE, encoding="utf-8")
    os.symlink(root / "topics" / "nep.md", root / "topics" / "new-economic-policy.md")
    os.symlink(tmp_path / "outside.md", root / "topics" / "outside.md")
    os.symlink(root / "topics" / "loop.md", root / "topics" / "loop.md")
    files, problems = found(root)
    assert [f[1] for f in files] == ["nep", "new-economic-policy"]
    assert problems == [
        ("content/topics/loop.md", "content.unreadable", "this link is broken or loops back on itself",
         "replace the link with the file itself"),
        ("content/topics/outside.md", "content.symlink-outside",
         f"this link points outside the content folder, to {(tmp_path / 'outside.md').resolve()}",
         "copy the file into content/ instead of linking to it")]


@pytest.mark.parametrize("raw, text", [
    (b"---\r\na: 1\r\n---\r\n", "---\na: 1\n---\n"),
    (b"\xef\xbb\xbf---\na: 1\n", "---\na: 1\n"),
    (b"a\rb", "a\nb"),
    ("cafe\u0301".encode(), "caf\u00e9"),
])
def test_decode_accepts_bom_crlf_and_normalizes(raw, text):
    assert decode(raw, "x.md") == (text, [])


@pytest.mark.parametrize("raw, line, message", [
    (b"---\nname: Kn\xefpper\n", 2, "the file is not UTF-8 (byte 0xef at offset 12)"),
    (b"\xff\xfe-\x00-\x00", 1, "the file is UTF-16, not UTF-8"),
])
def test_decode_refuses_other_encodings(raw, line, message):
    text, problems = decode(raw, "x.md")
    assert text is None
    assert [(p.line, p.code, p.message) for p in problems] == [(line, "content.not-utf8", message)]


def test_read_text_refuses_large_files_and_reports_unreadable_ones(tmp_path, monkeypatch):
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    assert [p.message for p in read_text(big, "big.md")[1]] == ["the file is 2.0 MB; the limit is 2 MB"]
    missing = read_text(tmp_path / "gone.md", "gone.md")[1]
    assert [(p.code, p.message) for p in missing] == [("content.unreadable", "cannot read the file: No such file or "
                                                                             "directory")]
    assert [p.message for p in read_text(tmp_path, "dir.md")[1]] == ["this is not a regular file"]

    def denied(self):
        raise PermissionError(13, "Permission denied")
    ok = tmp_path / "ok.md"
    ok.write_text(PAGE, encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", denied)
    assert [p.message for p in read_text(ok, "ok.md")[1]] == ["cannot read the file: Permission denied"]


def test_parse_page_turns_a_crash_into_a_problem_naming_the_file(monkeypatch):
    def crash(*args):
        raise AttributeError("no such thing")
    monkeypatch.setattr(content, "split_front_matter", crash)
    page, problems = parse_page(SourceFile(KINDS["topic"], "nep", Path("nep.md"), "content/topics/nep.md"), PAGE)
    assert page is None
    assert [(p.shown, p.code, p.message) for p in problems] == [
        ("content/topics/nep.md", "internal.error",
         "the generator failed on this file: AttributeError: no such thing in _parse_page")]


def test_parse_page_keeps_a_page_whose_body_is_refused_but_drops_the_body():
    body = "".join("    " * i + "- x\n" for i in range(MAX_NESTING + 5))
    page, problems = parse_page(SourceFile(KINDS["topic"], "nep", Path("nep.md"), "content/topics/nep.md"), PAGE + body)
    assert page is not None and page.body == ""
    assert [(p.line, p.code) for p in problems] == [(5 + MAX_NESTING, "markdown.too-deep")]


@pytest.mark.parametrize("line, depth", [
    ("text", 0), ("- item", 1), ("    - item", 2), ("        1. item", 3), ("\t\t- item", 3), ("> quote", 1),
    ("> > > quote", 3), (">>> - item", 4), ("> " * 10 + "    - x", 12), ("        indented code", 0), ("-item", 0),
])
def test_nesting_depth(line, depth):
    assert nesting_depth(line) == depth


@pytest.mark.parametrize("body, scan", [
    ("no brackets", 0), ("[[chekhov]]", 10 + 8), ("[a](b) [c](d)", 2 + 2), ("[[[", 3 + 2 + 1), ("\\[\\[", 0),
    ("[\n\n]", 1), ("[[a]]\n\n[b]", 4 + 2 + 2),
])
def test_bracket_scan(body, scan):
    assert bracket_scan(body)[0] == scan


def test_check_body_limits():
    assert check_body("## Fine\n\n- a\n    - b\n\n[[x]] [y](z)\n", 5, "p.md") == []
    deep = check_body("ok\n" + ">" * (MAX_NESTING + 1) + " deep\n", 5, "p.md")
    assert [(p.line, p.code) for p in deep] == [(6, "markdown.too-deep")]
    brackets = "fine\n\n" + "[" * (int(MAX_BRACKET_SCAN ** 0.5) * 2)
    assert [(p.line, p.code) for p in check_body(brackets, 5, "p.md")] == [(7, "markdown.too-complex")]
