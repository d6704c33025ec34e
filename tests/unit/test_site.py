"""site: ids, the name index, duplicate ids and aliases, references to people, pages that failed to load."""
import pytest

from trotsky_site.load.config import SiteConfig
from trotsky_site.model.page import Page, Relation
from trotsky_site.problems import Problem
from trotsky_site.model.site import build_site, failed_ids


def page(page_id, kind="person", title=None, aliases=(), folder=None, **more):
    folder = folder or {"person": "people", "topic": "topics", "chapter": "chapters",
                        "organisation": "organisations"}[kind]
    return Page(kind=kind, id=page_id, shown=f"content/{folder}/{page_id}.md", title=title or page_id.title(),
                summary="s", aliases=tuple(aliases), lines={("aliases", i): 4 + i for i in range(len(aliases))},
                **more)


def problems(pages, earlier=()):
    _site, found = build_site(pages, SiteConfig(), list(earlier))
    return [(p.shown, p.line, p.code, p.message, p.hint) for p in found]


def test_names_index_ids_titles_aliases_and_native_names():
    site, found = build_site([page("bukharin", title="Nikolai Bukharin", aliases=["Bukharchik"],
                                   native_name="Никола́й Буха́рин")], SiteConfig())
    assert found == []
    assert site.names == {"bukharin": ("bukharin",), "nikolai bukharin": ("bukharin",),
                          "bukharchik": ("bukharin",), "николаи бухарин": ("bukharin",)}


def test_duplicate_id_across_folders():
    assert problems([page("lenin"), page("lenin", kind="topic")]) == [
        ("content/topics/lenin.md", None, "content.duplicate-id",
         "the id 'lenin' is already used by content/people/lenin.md",
         "ids are unique across all folders; rename one of the files")]


@pytest.mark.parametrize("pages, expected", [
    ([page("koba", kind="topic"), page("stalin", aliases=["Koba"])],
     ("content/people/stalin.md", 4, "content.duplicate-alias", "the alias 'Koba' is already the id of 'koba'")),
    ([page("stalin", aliases=["Koba"]), page("trotsky", aliases=["Lev", "KOBA"])],
     ("content/people/trotsky.md", 5, "content.duplicate-alias", "the alias 'KOBA' is already an alias of 'stalin'")),
])
def test_duplicate_aliases(pages, expected):
    assert problems(pages) == [expected + ("remove the alias from one of the two pages; an alias must name one page",)]


def test_a_title_shared_by_two_pages_is_ambiguous_not_an_error():
    site, found = build_site([page("a", title="Same"), page("b", kind="topic", title="Same")], SiteConfig())
    assert found == [] and site.names["same"] == ("a", "b")


def test_own_alias_equal_to_own_id_is_fine():
    assert problems([page("stalin", aliases=["Stalin"])]) == []


def test_relations_must_name_people():
    trotsky = page("trotsky", relations=(Relation("stalinn", "opponent", line=7), Relation("nep", "ally", line=8),
                                         Relation("gone", "ally", line=9)))
    earlier = [Problem("content/people/gone.md", 2, "frontmatter.invalid-yaml", "x")]
    assert problems([trotsky, page("stalin"), page("nep", kind="topic")], earlier) == [
        ("content/people/trotsky.md", 7, "relation.unknown-person", "relation to 'stalinn' is not a person page",
         "did you mean 'stalin'?"),
        ("content/people/trotsky.md", 8, "relation.unknown-person", "relation to 'nep' is a topic, not a person",
         "only person pages can be named here")]


def test_failed_ids_come_from_problems_of_page_files_that_did_not_load():
    earlier = [Problem("content/people/gone.md", 1, "x", "y"), Problem("content/people/here.md", 1, "x", "y"),
               Problem("content/site.yml", 1, "x", "y"), Problem("content/people/Bad Name.md", None, "x", "y"),
               Problem("templates/base.html", 1, "x", "y"), Problem("content/topics/cafe\u0301.md", 1, "x", "y")]
    assert failed_ids(earlier, {"here": None}) == frozenset({"gone", "bad-name", "cafe"})


def test_a_failed_page_is_named_in_the_index_with_no_page():
    site, _ = build_site([page("here")], SiteConfig(), [Problem("content/people/gone.md", 1, "x", "y")])
    assert site.names["gone"] == () and site.suggest("gone") is None and site.suggest("her") == "here"
