"""Front-matter validation into a Page, and the field converters each kind's schema (kinds.py) is made of."""
from __future__ import annotations

import difflib
import math
import unicodedata
from typing import Callable, NamedTuple

from ..model.page import Event, HistoricalName, Image, Page, Relation, Role
from ..problems import Problem
from .dates import DateError, HistDate, parse_date
from .frontmatter import FrontMatter
from .yamlsafe import describe_value

RELATION_TYPES = ("spouse", "partner", "parent", "child", "grandparent", "grandchild", "sibling", "ally",
                  "opponent", "rival", "deputy", "superior", "colleague", "friend", "host", "protector",
                  "assassin", "victim", "mentor", "follower")


class _Reader:
    """Converts raw YAML values, reporting each problem with the line of the value."""

    def __init__(self, shown: str, front: FrontMatter):
        self.shown, self.front = shown, front
        self.problems: list[Problem] = []

    def fail(self, where: tuple, code: str, message: str, hint: str = ""):
        self.problems.append(Problem(self.shown, self.front.line_of(*where), code, message, hint))

    def describe(self, value, where) -> str:
        """How a wrong value reads in a message: as written in the file (`1.10`, not 1.1)."""
        return describe_value(value, self.front.texts.get(where))

    def text(self, value, where, required=False):
        if value is None:       # a missing required key is reported once, by whoever requires it
            return None
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value).strip()
            if value:
                return value
            label = _label(where)
            if required:
                self.fail(where, "frontmatter.empty", f"`{label}` is empty", f"write a value for `{label}`")
            return None
        hint = "put the value in double quotes if it is meant as text"
        label = _label(where)
        self.fail(where, "frontmatter.wrong-type", f"`{label}` must be text, not {self.describe(value, where)}", hint)
        return None

    def integer(self, value, where):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        written = value.strip() if isinstance(value, str) else ""
        hint = ("YAML 1.2 reads `1:20` as text, not as a base-60 number: write a plain number such as `order: 3`"
                if ":" in written else "write a number such as `order: 3`")
        self.fail(where, "frontmatter.wrong-type",
                  f"`{_label(where)}` must be a whole number, not {self.describe(value, where)}", hint)
        return None

    def date(self, value, where):
        try:
            return parse_date(value)
        except DateError as error:
            self.fail(where, "date.invalid", f"`{_label(where)}`: {error.message}", error.hint)
            return None

    def mapping(self, value, where, allowed: tuple, required: tuple = ()):
        if not isinstance(value, dict):
            self.fail(where, "frontmatter.wrong-type",
                      f"`{_label(where)}` must be a mapping, not {self.describe(value, where)}",
                      f"write it as {{{', '.join(k + ': ...' for k in required or allowed[:2])}}}")
            return None
        self.unknown_keys(value, where, allowed)
        for key in required:
            if value.get(key) is None:
                self.fail(where, "frontmatter.missing-key", f"`{_label(where)}` needs `{key}`",
                          f"add `{key}:` to it")
        return value

    def items(self, value, where):
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(where, "frontmatter.wrong-type",
                      f"`{_label(where)}` must be a list, not {self.describe(value, where)}",
                      "write a list: one `- item` per line, or `[a, b]`")
            return []
        return list(enumerate(value))

    def text_list(self, value, where):
        found = []
        for i, item in self.items(value, where):
            if item is None:
                self.fail(where + (i,), "frontmatter.empty", f"`{_label(where + (i,))}` is empty",
                          "remove the empty item or write its text")
            elif text := self.text(item, where + (i,)):
                found.append(text)
        return tuple(found)

    def unknown_keys(self, data: dict, where: tuple, allowed):
        previous = None
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                stray = data[key] is None or " " in key or not close
                hint = (stray and self._stray_text_hint(data, where, previous, key)) or (
                    f"did you mean `{close[0]}`?" if close else f"known keys: {', '.join(allowed)}")
                place = f" in `{_label(where)}`" if where else ""
                self.fail(where + (key,), "frontmatter.unknown-key", f"unknown key `{key}`{place}", hint)
            previous = key

    def _stray_text_hint(self, data: dict, where: tuple, previous, key: str) -> str | None:
        """`{note: shot with him, later: 1920}`: YAML split one value at ', ' and made `later` a key."""
        lines = self.front.lines
        if previous is None or not isinstance(data[previous], str):
            return None
        if lines.get(where + (previous,)) != lines.get(where + (key,)):
            return None
        value = data[key]
        written = "" if value is None else self.front.texts.get(where + (key,), str(value))
        whole = f"{data[previous]}, {key}" + (f": {written}" if written else "")
        whole = whole.replace("\\", "\\\\").replace('"', '\\"')
        return (f"`{key}` looks like the rest of the value of `{previous}`, cut off at ', ' or ': ': "
                f"quote the whole value: {previous}: \"{whole}\"")


def _label(where: tuple) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "front matter"


def _period(r: _Reader, value, where):
    data = r.mapping(value, where, ("start", "end"), ("start", "end"))
    if data is None:
        return None
    start, end = r.date(data.get("start"), where + ("start",)), r.date(data.get("end"), where + ("end",))
    if start and end and end.sort_key() < start.sort_key():
        r.fail(where, "frontmatter.period-order", f"the period ends ({end.iso()}) before it starts ({start.iso()})",
               "swap `start` and `end`")
        return None
    return (start, end) if start and end else None


def _events(r: _Reader, value, where):
    events = []
    for i, item in r.items(value, where):
        at = where + (i,)
        data = r.mapping(item, at, ("date", "title", "people", "place"), ("date", "title"))
        if data is None:
            continue
        date = r.date(data.get("date"), at + ("date",))
        title = r.text(data.get("title"), at + ("title",), required=True)
        people = r.text_list(data.get("people"), at + ("people",))
        place = r.text(data["place"], at + ("place",)) if data.get("place") is not None else None
        if date and title:
            events.append(Event(date, title, people, place, line=r.front.line_of(*at)))
    return tuple(events)


def _roles(r: _Reader, value, where):
    roles = []
    for i, item in r.items(value, where):
        at = where + (i,)
        data = r.mapping(item, at, ("title", "from", "to"), ("title",))
        if data is None:
            continue
        title = r.text(data.get("title"), at + ("title",), required=True)
        start = r.date(data["from"], at + ("from",)) if data.get("from") is not None else None
        end = r.date(data["to"], at + ("to",)) if data.get("to") is not None else None
        if title:
            roles.append(Role(title, start, end))
    return tuple(roles)


def _relations(r: _Reader, value, where):
    relations = []
    for i, item in r.items(value, where):
        at = where + (i,)
        data = r.mapping(item, at, ("person", "type", "from", "to", "note"), ("person", "type"))
        if data is None:
            continue
        person = r.text(data.get("person"), at + ("person",), required=True)
        kind = r.text(data.get("type"), at + ("type",), required=True)
        if kind and kind not in RELATION_TYPES:
            close = difflib.get_close_matches(kind, RELATION_TYPES, n=1)
            r.fail(at + ("type",), "frontmatter.unknown-relation", f"unknown relation type `{kind}`",
                   f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(RELATION_TYPES)}")
            kind = None
        start = r.date(data["from"], at + ("from",)) if data.get("from") is not None else None
        end = r.date(data["to"], at + ("to",)) if data.get("to") is not None else None
        note = r.text(data["note"], at + ("note",)) if data.get("note") is not None else None
        if person and kind:
            relations.append(Relation(person, kind, start, end, note, r.front.line_of(*at)))
    return tuple(relations)


def _image(r: _Reader, value, where):
    data = r.mapping(value, where, ("src", "alt", "credit"), ("src", "alt"))
    if data is None:
        return None
    src, alt = r.text(data.get("src"), where + ("src",), True), r.text(data.get("alt"), where + ("alt",), True)
    credit = r.text(data["credit"], where + ("credit",)) if data.get("credit") is not None else None
    return Image(src, alt, credit, r.front.line_of(*where)) if src and alt else None


def _coordinates(r: _Reader, value, where):
    """[lat, lon] in decimal degrees (WGS84): two numbers, the latitude first."""
    label = _label(where)
    numbers = isinstance(value, list) and len(value) == 2 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value)
    if not numbers:
        hint = ("write the two numbers as a list, latitude first: [59.94, 30.31]" if isinstance(value, str) else
                "write [latitude, longitude] in decimal degrees, e.g. [59.94, 30.31] (south and west are negative)")
        r.fail(where, "place.invalid-coordinates",
               f"`{label}` must be two numbers [latitude, longitude], not {r.describe(value, where)}", hint)
        return None
    lat, lon = float(value[0]), float(value[1])
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        what = f"latitude {value[0]} is not between -90 and 90" if not -90 <= lat <= 90 else \
            f"longitude {value[1]} is not between -180 and 180"
        swapped = -90 <= lon <= 90 and -180 <= lat <= 180
        r.fail(where, "place.invalid-coordinates", f"`{label}`: {what}",
               f"the latitude comes first: [{value[1]}, {value[0]}]?" if swapped
               else "check the numbers against the source; they are decimal degrees")
        return None
    return (lat, lon)


def _historical_names(r: _Reader, value, where):
    """A place's names with the dates it bore them: [{name: Petrograd, from: 1914-08-31, to: 1924-01-26}]."""
    names = []
    for i, item in r.items(value, where):
        at = where + (i,)
        data = r.mapping(item, at, ("name", "from", "to"), ("name",))
        if data is None:
            continue
        name = r.text(data.get("name"), at + ("name",), required=True)
        start = r.date(data["from"], at + ("from",)) if data.get("from") is not None else None
        end = r.date(data["to"], at + ("to",)) if data.get("to") is not None else None
        if start and end and end.sort_key() <= start.sort_key():
            r.fail(at, "place.names-order", f"`{_label(at)}` ends ({end.iso()}) before it starts ({start.iso()})",
                   "`from` must be earlier than `to`: swap them, or check the dates")
            continue
        if name:
            names.append(HistoricalName(name, start, end))
    return tuple(names)


def required_text(r: _Reader, value, where):
    return r.text(value, where, required=True)


def flag(r: _Reader, value, where):
    if isinstance(value, bool):
        return value
    r.fail(where, "frontmatter.wrong-type", f"`{_label(where)}` must be true or false, not {r.describe(value, where)}",
           f"write `{_label(where)}: true` or leave the key out")
    return None


class Field(NamedTuple):
    """One front-matter key of a kind: the Page attribute it fills, its converter, whether it is required.
    An attribute that Page does not declare is kept in `Page.extra` (a new kind's own fields)."""
    attribute: str
    convert: Callable
    required: bool = False


# The converters a kind's schema (kinds.py) is written with.
text, integer, date, text_list = _Reader.text, _Reader.integer, _Reader.date, _Reader.text_list
period, events, roles, relations, image = _period, _events, _roles, _relations, _image
coordinates, historical_names = _coordinates, _historical_names
_PAGE_FIELDS = frozenset(Page.__dataclass_fields__)


def validate_page(kind, page_id: str, path: str, front: FrontMatter) -> tuple[Page | None, list[Problem]]:
    """`kind`: a kinds.Kind, whose `schema` is a tuple of (key, Field)."""
    values, problems = read_fields(kind, path, front)
    schema = dict(kind.schema)
    # A page whose required keys are sound is kept even with other problems, so that links to it
    # resolve and its body is still checked: one mistake should not hide behind a cascade of others.
    if any(values.get(field.attribute) is None for field in schema.values() if field.required):
        return None, problems
    extra = tuple(sorted((field.attribute, values.get(field.attribute)) for field in schema.values()
                         if field.attribute not in _PAGE_FIELDS))   # unset: None, as for Page's own fields
    known = {k: v for k, v in values.items() if k in _PAGE_FIELDS}
    page = Page(kind=kind.name, id=page_id, shown=path, body=front.body, body_line=front.body_line,
                lines=front.lines, extra=extra, **known)
    return page, problems


def read_fields(kind, path: str, front: FrontMatter) -> tuple[dict, list[Problem]]:
    """The front matter's values by Page attribute, converted and checked against the kind's schema
    (for a kind whose pages are not made of their front matter alone, such as a bibliography's works)."""
    schema = dict(kind.schema)
    reader = _Reader(path, front)
    reader.unknown_keys(front.data, (), tuple(schema))
    values: dict = {}
    for key, (attribute, convert, required) in schema.items():
        raw = front.data.get(key)
        if raw is None:
            if required and key in front.data:
                reader.fail((key,), "frontmatter.empty", f"`{key}` is empty", f"write a value after `{key}:`")
            elif required:
                reader.fail((), "frontmatter.missing-key", f"required key `{key}` is missing",
                            f"add `{key}:` to the front matter of this {kind.name}")
            continue
        converted = convert(reader, raw, (key,))
        if converted is not None and converted != ():
            values[attribute] = converted
    return values, reader.problems


def born_died_order(page: Page) -> list[Problem]:
    if page.born and page.died and page.died.sort_key() < page.born.sort_key():
        return [Problem(page.shown, page.line_of("died"), "frontmatter.died-before-born",
                        f"died ({page.died.iso()}) is before born ({page.born.iso()})", "check both dates")]
    return []



__all__ = ["validate_page", "read_fields", "Field", "RELATION_TYPES", "HistDate", "born_died_order"]
