"""schema: front matter validated into a Page, every problem with its line and a hint."""
import pytest

from trotsky_site.load.frontmatter import split_front_matter
from trotsky_site.model.kinds import KINDS
from trotsky_site.load.schema import validate_page

PERSON = "name: Olga Knipper\nsummary: An actress.\n"
CHAPTER = "title: Moscow\norder: 2\nsummary: The theatre years.\nperiod: {start: 1898, end: 1904}\n"


def validate(kind: str, yaml: str):
    front, problems = split_front_matter("x.md", f"---\n{yaml}---\nBody\n")
    assert problems == [], problems
    return validate_page(KINDS[kind], "x", "x.md", front)


def problems_of(kind, yaml):
    _page, problems = validate(kind, yaml)
    return [(p.line, p.code, p.message, p.hint) for p in problems]


def test_a_valid_person():
    page, problems = validate("person", PERSON + "aliases: [Olga, ' Knipper-Chekhova ']\nborn: {os: 1868-09-09}\n"
                                                 "relations:\n  - {person: chekhov, type: spouse, from: 1901}\n")
    assert problems == []
    assert (page.title, page.aliases, page.born.iso(), page.relations[0].person) == \
        ("Olga Knipper", ("Olga", "Knipper-Chekhova"), "1868-09-21", "chekhov")
    assert page.relations[0].line == 7 and page.body == "Body\n" and page.body_line == 9


def test_nfc_normalization_of_text():
    page, _ = validate("topic", "title: Cafe\u0301\nsummary: x\n")
    assert page.title == "Caf\u00e9"


@pytest.mark.parametrize("kind, yaml, expected", [
    ("person", "name: Olga\n", [(2, "frontmatter.missing-key", "required key `summary` is missing",
                                 "add `summary:` to the front matter of this person")]),
    ("person", PERSON + "brn: 1868\n", [(4, "frontmatter.unknown-key", "unknown key `brn`", "did you mean `born`?")]),
    ("person", PERSON + "colour: red\n", [(4, "frontmatter.unknown-key", "unknown key `colour`",
                                          "known keys: name, summary, aliases, native_name, sort_as, born, died, roles, "
                                          "relations, image")]),
    ("person", "name: 1917\nsummary: x\n", [(2, "frontmatter.wrong-type", "`name` must be text, not a number (1917)",
                                             "put the value in double quotes if it is meant as text")]),
    ("person", "name: true\nsummary: x\n", [(2, "frontmatter.wrong-type", "`name` must be text, not true/false (true)",
                                             "put the value in double quotes if it is meant as text")]),
    ("person", "name: ''\nsummary: x\n", [(2, "frontmatter.empty", "`name` is empty", "write a value for `name`")]),
    ("person", "name:\nsummary: x\n", [(2, "frontmatter.empty", "`name` is empty", "write a value after `name:`")]),
    ("person", PERSON + "aliases: Olga\n", [(4, "frontmatter.wrong-type", "`aliases` must be a list, not text ('Olga')",
                                            "write a list: one `- item` per line, or `[a, b]`")]),
    ("person", PERSON + "aliases:\n  - Olga\n  -\n", [(6, "frontmatter.empty", "`aliases[1]` is empty",
                                                      "remove the empty item or write its text")]),
    ("person", PERSON + "relations:\n  - {person: chekhov}\n",
     [(5, "frontmatter.missing-key", "`relations[0]` needs `type`", "add `type:` to it")]),
    ("person", PERSON + "relations:\n  - {person: chekhov, type: husband}\n",
     [(5, "frontmatter.unknown-relation", "unknown relation type `husband`",
       "use one of: spouse, partner, parent, child, grandparent, grandchild, sibling, ally, opponent, rival, deputy, "
       "superior, colleague, friend, host, protector, assassin, victim, mentor, follower")]),
    ("person", PERSON + "relations:\n  - {person: chekhov, type: spose}\n",
     [(5, "frontmatter.unknown-relation", "unknown relation type `spose`", "did you mean `spouse`?")]),
    ("person", PERSON + "relations:\n  - {person: chekhov, tpye: spouse}\n",
     [(5, "frontmatter.unknown-key", "unknown key `tpye` in `relations[0]`", "did you mean `type`?"),
      (5, "frontmatter.missing-key", "`relations[0]` needs `type`", "add `type:` to it")]),
    ("person", PERSON + "relations:\n  - {person: chekhov, type: spouse, note: wed him, later: 1901}\n",
     [(5, "frontmatter.unknown-key", "unknown key `later` in `relations[0]`",
       "`later` looks like the rest of the value of `note`, cut off at ', ' or ': ': quote the whole value: "
       "note: \"wed him, later: 1901\"")]),
    ("person", PERSON + "relations: chekhov\n", [(4, "frontmatter.wrong-type", "`relations` must be a list, not text "
                                                 "('chekhov')", "write a list: one `- item` per line, or `[a, b]`")]),
    ("person", PERSON + "relations: [chekhov]\n", [(4, "frontmatter.wrong-type", "`relations[0]` must be a mapping, "
                                                   "not text ('chekhov')", "write it as {person: ..., type: ...}")]),
    ("person", PERSON + "image: {src: /static/img/k.jpg}\n",
     [(4, "frontmatter.missing-key", "`image` needs `alt`", "add `alt:` to it")]),
    ("person", PERSON + "born: 1868-13-01\n", [(4, "date.invalid", "`born`: 1868-13-01 is not a real date: there is no "
                                                "month 13", "months run from 01 to 12")]),
    ("chapter", CHAPTER.replace("order: 2", "order: '2'"),
     [(3, "frontmatter.wrong-type", "`order` must be a whole number, not text ('2')",
       "write a number such as `order: 3`")]),
    ("chapter", CHAPTER.replace("order: 2", "order: 2.5"),
     [(3, "frontmatter.wrong-type", "`order` must be a whole number, not a number (2.5)",
       "write a number such as `order: 3`")]),
    ("chapter", CHAPTER.replace("order: 2", "order: 1:20"),
     [(3, "frontmatter.wrong-type", "`order` must be a whole number, not text ('1:20')",
       "YAML 1.2 reads `1:20` as text, not as a base-60 number: write a plain number such as `order: 3`")]),
    ("chapter", CHAPTER.replace("{start: 1898, end: 1904}", "{start: 1904, end: 1898}"),
     [(5, "frontmatter.period-order", "the period ends (1898) before it starts (1904)", "swap `start` and `end`")]),
    ("chapter", CHAPTER + "events:\n  - {date: 1898, people: [knipper]}\n",
     [(7, "frontmatter.missing-key", "`events[0]` needs `title`", "add `title:` to it")]),
    ("topic", "title: T\nsummary: x\nsubtitle: y\n", [(4, "frontmatter.unknown-key", "unknown key `subtitle`",
                                                       "did you mean `title`?")]),
])
def test_problems(kind, yaml, expected):
    assert sorted(problems_of(kind, yaml)) == sorted(expected)


def test_a_page_with_sound_required_keys_is_kept_despite_other_problems():
    page, problems = validate("person", PERSON + "born: 1868-13-01\n")
    assert page is not None and page.born is None and len(problems) == 1


def test_a_page_without_its_required_keys_is_dropped():
    page, problems = validate("person", "name: Olga\n")
    assert page is None and len(problems) == 1
