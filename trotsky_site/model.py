"""The site model: plain frozen values built once and read by every later stage."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .dates import HistDate

_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Event:
    date: HistDate
    title: str
    people: tuple[str, ...] = ()
    place: str | None = None
    page: str = ""          # id of the page that tells it
    line: int | None = None
    kind: str = "event"     # "event", "birth" or "death"


@dataclass(frozen=True)
class Role:
    title: str
    start: HistDate | None = None
    end: HistDate | None = None


@dataclass(frozen=True)
class Relation:
    person: str
    type: str
    start: HistDate | None = None
    end: HistDate | None = None
    note: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    credit: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Page:
    kind: str               # "chapter", "person", "topic" or "organisation"
    id: str
    source: str             # path as shown in messages, e.g. "content/people/bukharin.md"
    title: str              # a chapter's or topic's title, a person's or organisation's name
    summary: str
    body: str = ""
    body_line: int = 1
    aliases: tuple[str, ...] = ()
    native_name: str | None = None
    subtitle: str | None = None
    order: int | None = None
    period: tuple[HistDate, HistDate] | None = None
    events: tuple[Event, ...] = ()
    born: HistDate | None = None
    died: HistDate | None = None
    founded: HistDate | None = None
    dissolved: HistDate | None = None
    roles: tuple[Role, ...] = ()
    relations: tuple[Relation, ...] = ()
    image: Image | None = None
    sort_as: str | None = None
    lines: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_stub(self) -> bool:
        return not self.body.strip()

    @property
    def sort_name(self) -> str:
        """What a person is filed under: `sort_as` when given; for a Chinese name (native name in Han
        characters) the family name, written first (Chiang Kai-shek); else the last word, skipping
        regnal numbers and Jr. Other pages file under their title."""
        if self.kind != "person":
            return self.title
        if self.sort_as:
            return self.sort_as
        if self.native_name and _HAN.search(self.native_name):
            return self.title.split()[0]
        words = [w for w in self.title.split() if w.lower().strip(".") not in ("ii", "iii", "iv", "jr", "sr")]
        return words[-1] if words else self.title

    @property
    def sort_letter(self) -> str:
        """The index letter: the sort name's first letter with diacritics folded (Č under C), or #."""
        first = unicodedata.normalize("NFKD", self.sort_name)[:1].upper()
        return first if first.isalpha() and first.isascii() else "#"

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a link may use for this page."""
        extra = (self.native_name,) if self.native_name else ()
        return (self.id, self.title, *self.aliases, *extra)

    def line_of(self, *path) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None
