"""The kinds of page, each one declared value, and the registry every stage loops over.

A kind says where its pages come from (a folder of Markdown files, by default), what their front
matter may hold, where they are written, how they are sorted, indexed and shown in the navigation,
which of their dates bound their life and which feed the timeline, whether they can be embedded as
cards and whether search, the sitemap and the data files list them. Adding a kind is one entry in
KINDS plus its templates: nothing else in the generator names a kind, except the features that
belong to one (a chapter's reading order, a person's relations), which ask for it by name.

Two hooks let a kind's pages come from elsewhere than its folder's Markdown files alone:
`discover(content_dir, kind) -> (SourceFiles, problems)` and `load(source) -> (Page | None, problems)`
(a `sources` kind: one page per bibliography entry, with an optional content/sources/<key>.md);
`watch` names the other files the preview must watch for it (bibliography.bib).
"""
from __future__ import annotations

import importlib

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterator

from ..load import schema as s
from ..load.schema import Field
from .page import Page
from .urls import fold

_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Span:
    """The two dates that bound a page: born–died, founded–dissolved, a chapter's period.
    With words, one known date reads "born 1913"; without, both are shown as a range."""
    start: str
    end: str
    start_word: str = ""
    end_word: str = ""

    def describe(self, page: Page, one: Callable, both: Callable, text: Callable = str):
        """The page's dates in the span's words, the one definition of a lifespan's text: both(start, end),
        or "born " + one(start), or "died " + one(end); `text` makes the words (Markup for HTML)."""
        start, end = getattr(page, self.start), getattr(page, self.end)
        if start and end:
            return both(start, end)
        if start or end:
            return text("{} {}").format(self.start_word if start else self.end_word, one(start or end)).strip()
        return text("")


@dataclass(frozen=True)
class TimelineDate:
    """A date field that puts an event on the timeline: `born` -> "Lenin is born", of kind "birth"."""
    field: str
    event: str
    verb: str


def by_title(page: Page) -> tuple:
    return (fold(page.title), page.id)


def by_order(page: Page) -> tuple:
    return (page.order, page.id)


def surname(page: Page) -> str:
    """What a person is filed under: `sort_as` when given; for a Chinese name (native name in Han
    characters) the family name, written first (Chiang Kai-shek); else the last word, skipping
    regnal numbers and Jr."""
    if page.sort_as:
        return page.sort_as
    if page.native_name and _HAN.search(page.native_name):
        return page.title.split()[0]
    words = [w for w in page.title.split() if w.lower().strip(".") not in ("ii", "iii", "iv", "jr", "sr")]
    return words[-1] if words else page.title


def by_surname(page: Page) -> tuple:
    return (fold(surname(page)), fold(page.title), page.id)


def index_letter(name: str) -> str:
    """The letter a name is listed under: its first letter with diacritics folded (Č under C), or #."""
    first = unicodedata.normalize("NFKD", name)[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


@dataclass(frozen=True)
class Kind:
    name: str                  # Page.kind, the CSS class, `build.py new <name>`, "a <name>" in messages
    folder: str                # content/<folder>/*.md
    label: str                 # "Person": the kicker on its pages
    schema: tuple[tuple[str, Field], ...]   # front-matter key -> Field, in the order problems are reported
    template: str              # one page
    skeleton: str = ""         # what `new` writes between the fences; {name}, {yaml_name}, {order} filled in
    prefix: str | None = None  # URL: <base>/<prefix>/<id>/; None: the folder; "": <base>/<id>/
    index_template: str | None = None   # <base>/<prefix>/ lists the kind's pages
    nav_label: str | None = None        # in the main navigation (linking to the index)
    nav_order: int = 0                  # where in it; also where its pages with `nav: <label>` go
    blurb: str = ""            # on the home page, after the count: "profiles, A–Z"
    embeddable: bool = False   # ![[id]] gives its card
    span: Span | None = None
    timeline: tuple[TimelineDate, ...] = ()
    sort_key: Callable[[Page], tuple] = by_title
    filing_name: Callable[[Page], str] = lambda page: page.title   # what its A–Z index files a page under
    search_rank: int = 1       # search/pages.json lists lower ranks first
    in_search: bool = True
    in_sitemap: bool = True
    in_previews: bool = True   # previews/*.json, for the hover previews of links to it
    data_file: str | None = None        # a JSON file of all its pages, for reuse ("people.json")
    discover: Callable | None = None    # None: the Markdown files of its folder
    load: Callable | None = None        # None: read and validate one Markdown file
    watch: tuple[str, ...] = ()         # other files under content/ its pages are made from
    linked_by_name: bool = True         # False: [[links]] reach its pages by id alone, not by title
    # What its pages show beyond their own fields, computed once a build from every page's rendering:
    context: Callable | None = None     # (site, rendered) -> {page id: more template values, "": the index's}
    preview: Callable | None = None     # (site, page) -> fields of its previews/*.json entries, over the usual
    search: Callable | None = None      # (site, page) -> fields of its search/pages.json entries, over the usual
    data: Callable | None = None        # (site, rendered, url) -> its data_file's entries, instead of the usual

    @property
    def url_prefix(self) -> str:
        return self.folder if self.prefix is None else self.prefix

    def path(self, page_id: str) -> str:
        """Site-relative path of one of its pages, without leading slash: 'people/bukharin/'."""
        return f"{self.url_prefix}/{page_id}/" if self.url_prefix else f"{page_id}/"

    @property
    def index_path(self) -> str:
        return f"{self.url_prefix}/" if self.url_prefix else ""


@dataclass(frozen=True)
class Registry:
    """The kinds of a site, in declaration order; looked up by name."""
    kinds: tuple[Kind, ...]

    def __iter__(self) -> Iterator[Kind]:
        return iter(self.kinds)

    def __getitem__(self, name: str) -> Kind:
        for kind in self.kinds:
            if kind.name == name:
                return kind
        raise KeyError(name)

    def __contains__(self, name: str) -> bool:
        return any(kind.name == name for kind in self.kinds)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(kind.name for kind in self.kinds)

    @property
    def folders(self) -> tuple[str, ...]:
        return tuple(kind.folder for kind in self.kinds)

    def by_folder(self, folder: str) -> Kind | None:
        return next((kind for kind in self.kinds if kind.folder == folder), None)

    def of(self, page: Page) -> Kind:
        return self[page.kind]

    def path_of(self, page: Page) -> str:
        return self[page.kind].path(page.id)

    def embeddable_words(self) -> str:
        """'people and organisations': what ![[...]] can embed, for messages."""
        folders = [kind.folder for kind in self.kinds if kind.embeddable]
        return " and ".join(filter(None, [", ".join(folders[:-1]), folders[-1]])) if folders else "nothing"

    def with_kind(self, kind: Kind) -> Registry:
        """This registry with one more kind (or `kind` in place of the one of its name)."""
        return Registry(tuple(k for k in self.kinds if k.name != kind.name) + (kind,))


_SUMMARY = ("summary", Field("summary", s.required_text, True))
_ALIASES = ("aliases", Field("aliases", s.text_list))
_NATIVE = ("native_name", Field("native_name", s.text))

def _hook(module: str, name: str) -> Callable:
    """A kind's hook in another module of the package, imported when first called: those modules
    import this one."""
    def call(*args):
        return getattr(importlib.import_module(f"trotsky_site.{module}"), name)(*args)
    call.__name__ = call.__qualname__ = f"{module}.{name}"
    return call


CHAPTER = Kind(
    "chapter", "chapters", "Chapter", template="chapter.html", index_template="chapters_index.html",
    nav_label="Chapters", nav_order=10, sort_key=by_order, span=Span("period_start", "period_end"),
    context=_hook("render.outputs", "chapter_context"),
    schema=(("title", Field("title", s.required_text, True)), _SUMMARY, _ALIASES,
            ("subtitle", Field("subtitle", s.text)), ("order", Field("order", s.integer, True)),
            ("period", Field("period", s.period, True)), ("events", Field("events", s.events))),
    skeleton='title: {yaml_name}\norder: {order}\nsummary: "TODO: what happens in this chapter, in one sentence."\n'
             "period: {{start: 1917, end: 1917}}\n# events: [{{date: 1917-11-07, title: ..., people: []}}]\n")

PERSON = Kind(
    "person", "people", "Person", template="person.html", index_template="people_index.html",
    nav_label="People", nav_order=20, blurb="profiles, A–Z", embeddable=True, sort_key=by_surname,
    filing_name=surname, search_rank=0, data_file="people.json",
    span=Span("born", "died", "born", "died"),
    timeline=(TimelineDate("born", "birth", "is born"), TimelineDate("died", "death", "dies")),
    schema=(("name", Field("title", s.required_text, True)), _SUMMARY, _ALIASES, _NATIVE,
            ("sort_as", Field("sort_as", s.text)), ("born", Field("born", s.date)), ("died", Field("died", s.date)),
            ("roles", Field("roles", s.roles)), ("relations", Field("relations", s.relations)),
            ("image", Field("image", s.image))),
    skeleton='name: {yaml_name}\nsummary: "TODO: who {name} was, in one sentence."\n'
             "# native_name: \n# born: {{os: 1879-10-26, place: Yanovka}}\n# died: 1940-08-21\n"
             "# aliases: []\n# roles: [{{title: ..., from: 1917, to: 1918}}]\n"
             "# relations: [{{person: other-person-id, type: ally}}]\n")

TOPIC = Kind(
    "topic", "topics", "Topic", template="topic.html", index_template="topics_index.html",
    nav_label="Topics", nav_order=40, blurb="ideas and events",
    schema=(("title", Field("title", s.required_text, True)), _SUMMARY, _ALIASES),
    skeleton='title: {yaml_name}\nsummary: "TODO: what {name} is, in one sentence."\n# aliases: []\n')

ORGANISATION = Kind(
    "organisation", "organisations", "Organisation", template="organisation.html",
    index_template="organisations_index.html", nav_label="Organisations", nav_order=50,
    blurb="parties, papers, bodies", embeddable=True, span=Span("founded", "dissolved", "founded", "dissolved"),
    schema=(("name", Field("title", s.required_text, True)), _SUMMARY, _ALIASES, _NATIVE,
            ("founded", Field("founded", s.date)), ("dissolved", Field("dissolved", s.date))),
    skeleton='name: {yaml_name}\nsummary: "TODO: what {name} was, in one sentence."\n'
             "# native_name: \n# founded: 1913\n# dissolved: 1917\n# aliases: []\n")

PLACE = Kind(
    "place", "places", "Place", template="place.html", index_template="places_index.html",
    nav_label="Places", nav_order=35, blurb="places, A–Z", data_file="places.json",
    context=_hook("model.places", "context"),
    schema=(("name", Field("title", s.required_text, True)), _SUMMARY, _ALIASES, _NATIVE,
            ("coordinates", Field("coordinates", s.coordinates)),
            ("names", Field("historical_names", s.historical_names)),
            ("country", Field("country", s.text))),
    skeleton='name: {yaml_name}\nsummary: "TODO: what happened at {name}, in one sentence."\n'
             "# coordinates: [59.94, 30.31]   # [latitude, longitude], decimal degrees; only when certain\n"
             "# native_name: \n# country: \n# aliases: []\n"
             "# names: [{{name: Petrograd, from: 1914-08-31, to: 1924-01-26}}]\n")

PAGE = Kind(
    "page", "pages", "", template="page.html", prefix="", nav_order=80,
    schema=(("title", Field("title", s.required_text, True)), _SUMMARY, _ALIASES,
            ("nav", Field("nav", s.text)), ("footer", Field("footer", s.flag))),
    skeleton='title: {yaml_name}\nsummary: "TODO: what this page is for, in one sentence."\n'
             "# nav: {name}   # a link in the main navigation, with this label\n"
             "# footer: true   # a link in every page's footer\n")



def by_bibliography(page: Page) -> tuple:
    return page.sort


# One page per work of the bibliography, with an optional note in content/sources/<key>.md.
SOURCE = Kind(
    "source", "sources", "Source", template="source.html", index_template="sources_index.html",
    nav_label="Sources", nav_order=60, blurb="works cited, with where", sort_key=by_bibliography,
    filing_name=lambda page: page.sort[0], search_rank=2, data_file="sources.json", linked_by_name=False,
    schema=(("summary", Field("summary", s.text)),),
    watch=("bibliography.bib", "bibliography.json"),
    **{hook: _hook("render.sources", hook) for hook in ("discover", "load", "context", "preview", "search", "data")})

KINDS = Registry((CHAPTER, PERSON, TOPIC, ORGANISATION, PLACE, PAGE, SOURCE))

# Pages the generator makes itself, in the main navigation beside the kinds' indexes: (order, label, path,
# blurb on the home page, after the number of timeline events).
FIXED_NAV = ((30, "Timeline", "timeline/", "dated events"), (90, "Search", "search/", ""))
