"""The site model: plain frozen values built once and read by every later stage."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..load.dates import HistDate
from ..load.frontmatter import nearest_line


@dataclass(frozen=True)
class Event:
    date: HistDate
    title: str
    people: tuple[str, ...] = ()
    place: str | None = None
    page: str = ""          # id of the page that tells it
    line: int | None = None
    kind: str = "event"     # "event", or a kind's TimelineDate.event: "birth", "death"
    verb: str = ""          # for a TimelineDate: what the page does on the date ("is born")


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
class HistoricalName:
    """A name a place bore between two dates (either may be open): Petrograd, 1914-08-31 to 1924-01-26."""
    name: str
    start: HistDate | None = None
    end: HistDate | None = None

    def covers(self, date: HistDate) -> bool:
        """Whether the place bore this name on `date` (a year or month counts from its first day)."""
        key = date.sort_key()
        return (self.start is None or self.start.sort_key() <= key) and (self.end is None or key < self.end.sort_key())


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    credit: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Page:
    kind: str               # the name of its kinds.Kind: "chapter", "person", "page", ...
    id: str
    shown: str              # path as shown in messages, e.g. "content/people/bukharin.md"
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
    extra: tuple[tuple[str, object], ...] = ()   # fields of its kind that are not attributes above, sorted
    lines: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_stub(self) -> bool:
        return not self.body.strip()

    @property
    def period_start(self) -> HistDate | None:
        return self.period[0] if self.period else None

    @property
    def period_end(self) -> HistDate | None:
        return self.period[1] if self.period else None

    def __getattr__(self, name: str):
        """A field of the page's own kind that Page does not declare (see `extra`), as `page.coordinates`."""
        if name.startswith("_") or name == "extra":   # unpickling asks before `extra` exists
            raise AttributeError(name)
        for key, value in self.extra:
            if key == name:
                return value
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def get(self, name: str, default=None):
        """A field by name, or `default` when this page's kind has no such field or it is not set."""
        value = getattr(self, name, None)
        return default if value is None else value

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a link may use for this page."""
        extra = (self.native_name,) if self.native_name else ()
        historical = tuple(n.name for n in self.get("historical_names", ()))   # a place's earlier and later names
        return tuple(dict.fromkeys((self.id, self.title, *self.aliases, *extra, *historical)))

    def line_of(self, *path) -> int | None:
        return nearest_line(self.lines, path)
