"""Issue 11: every citation and bibliography mistake is a clear problem, and `_site/` stays as it was.

Built on tests/test_robustness.py's harness: a good build of tests/fixtures/mini (which cites
its own bibliography.bib), one thing broken, `build` and `check` run through the CLI, and the
complete list of problems compared.
"""
from __future__ import annotations

from tests.test_robustness import assert_builds, assert_fails, good_build, site  # noqa: F401 - fixtures

CHEKHOV = "people/chekhov.md"
JSON_ITEM = '[\n  {"id": "simmons1962", "type": "book", "title": "Chekhov: A Biography",\n' \
            '   "author": [{"family": "Simmons", "given": "Ernest J."}]}\n]\n'


def test_unknown_key_says_did_you_mean(site):
    site.edit(CHEKHOV, "[@rayfield1997, pp. 88--90]", "[@rayfeld1997, pp. 88--90]")
    assert_fails(site, "content/people/chekhov.md:17: citation.unknown-key: no work in the bibliography has the key "
                       "'rayfeld1997'\n    hint: did you mean @rayfield1997?")


def test_unknown_in_text_key_says_how_to_write_an_at_sign(site):
    site.edit(CHEKHOV, "every day", "every day, as @chekhov wrote")
    assert_fails(site, "content/people/chekhov.md:17: citation.unknown-key: no work in the bibliography has the key "
                       "'chekhov'\n    hint: add the work to content/bibliography.bib (or .json); write \\@ for an "
                       "@ that is not a citation")


def test_an_escaped_at_sign_and_an_email_address_are_not_citations(site):
    site.edit(CHEKHOV, "every day", r"every day (write to \@chekhov or to olga@example.org)")
    assert_builds(site)
    html = (site.out / "people/chekhov/index.html").read_text(encoding="utf-8")
    assert "(write to @chekhov or to olga@example.org)" in html


def test_citation_without_a_bibliography(site):
    (site.content / "bibliography.bib").unlink()
    assert_fails(site, *[f"content/{page}: citation.unknown-key: no work in the bibliography has the key '{key}'\n"
                         f"    hint: there is no content/bibliography.bib or bibliography.json; export one from Zotero"
                         + ("; write \\@ for an @ that is not a citation" if in_text else "")
                         for page, key, in_text in [
                             ("chapters/taganrog.md:14", "rayfield1997", False),
                             ("chapters/taganrog.md:20", "stanislavski1924", True),
                             ("chapters/taganrog.md:21", "stanislavski1924", False),
                             ("chapters/taganrog.md:25", "chekhov1973letters", False),
                             ("chapters/taganrog.md:27", "chekhov1973letters", False),
                             ("people/chekhov.md:17", "rayfield1997", False)]],
                 "content/sources/rayfield1997.md: source.unknown-key: no work in the bibliography has the key "
                 "'rayfield1997'\n    hint: there is no content/bibliography.bib or bibliography.json; export one "
                 "from Zotero")


def test_citation_inside_a_link(site):
    site.edit(CHEKHOV, "every day", "every day ([as @rayfield1997 tells](https://example.org))")
    assert_fails(site, "content/people/chekhov.md:17: citation.in-link: the citation @rayfield1997 is inside a link\n"
                       "    hint: move the citation out of the link text")


def test_citation_inside_a_heading(site):
    site.edit(CHEKHOV, "## Life", "## Life [@rayfield1997]")
    assert_fails(site, "content/people/chekhov.md:13: citation.in-heading: the citation [@rayfield1997] is inside "
                       "a heading\n    hint: cite in the text under the heading instead")


def test_malformed_bibtex_names_file_and_line(site):
    site.edit("bibliography.bib", "  title     = {Anton Chekhov: A Life},", "  title     = {Anton Chekhov: A Life,")
    assert_fails(site, "content/bibliography.bib:3: bibliography.invalid-bibtex: the entry `@book{rayfield1997,` "
                       "cannot be read: Unexpected block start: `@book`; was still looking for field-value closing "
                       "`,` or `}`\n    hint: check that every `{` is closed, every field ends with `,` and the entry "
                       "ends with `}`; or export the file again from Zotero")   # and no cascade from its citations


def test_malformed_csl_json_names_file_and_line(site):
    site.write("bibliography.json", '[\n  {"id": "simmons1962", "type": "book",}\n]\n')
    assert_fails(site, "content/bibliography.json:2: bibliography.invalid-json: invalid JSON: Expecting property name "
                       "enclosed in double quotes\n    hint: export the file again from Zotero (CSL JSON), or fix "
                       "the JSON syntax")


def test_csl_json_with_an_unknown_type(site):
    site.write("bibliography.json", JSON_ITEM.replace('"book"', '"bok"'))
    assert_fails(site, "content/bibliography.json:2: bibliography.invalid-json: the item 'simmons1962' has the type "
                       "\"bok\", not a CSL type\n    hint: did you mean \"book\"?")


def test_the_same_key_in_both_files_names_both(site):
    site.write("bibliography.json", JSON_ITEM.replace("simmons1962", "rayfield1997"))
    assert_fails(site, "content/bibliography.json:2: bibliography.duplicate-key: the key 'rayfield1997' is also "
                       "given in content/bibliography.bib:3\n    hint: keep the entry in one of the two files")


def test_an_entry_missing_what_its_type_needs(site):
    site.edit("bibliography.bib", "  title     = {Anton Chekhov: A Life},\n", "")
    site.write("bibliography.json", '[\n  {"id": "web", "type": "webpage", "title": "Chekhov online"}\n]\n')
    assert_fails(site, "content/bibliography.bib:3: bibliography.missing-field: the entry 'rayfield1997' (@book) "
                       "has no title\n    hint: add title to the entry",
                 "content/bibliography.json:2: bibliography.missing-field: the entry 'web' (type webpage) has no url\n"
                 "    hint: add url to the entry")


def test_uncited_entries_and_a_csl_json_file_beside_the_bibtex_are_fine(site):
    site.write("bibliography.json", JSON_ITEM)
    site.edit(CHEKHOV, "every day", "every day [@simmons1962, 12]")
    assert_builds(site)
    html = (site.out / "people/chekhov/index.html").read_text(encoding="utf-8")
    assert "Ernest J. Simmons, <i>Chekhov: A Biography</i> (n.p.)" in html or "Simmons, Ernest J." in html


def test_an_unknown_citation_style(site):
    site.edit("site.yml", "date_style: ns_first", "date_style: ns_first\ncitation_style: chicago-notes")
    assert_fails(site, "content/site.yml:8: config.invalid-value: citation_style must be one of "
                       "chicago-notes-bibliography, chicago-author-date\n"
                       "    hint: use chicago-notes-bibliography (notes, the default) or chicago-author-date "
                       "(Author Year in parentheses)")
