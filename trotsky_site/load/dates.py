"""Historical dates: New Style (Gregorian) values that remember an Old Style (Julian) original.

Parses the DATE values of docs/content-format.md ("Dates"), converts between the two
calendars through Julian Day Numbers, and formats dates for pages and the timeline.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import markupsafe

from .yamlsafe import describe_value

FIRST_YEAR = 1
LAST_YEAR = 2100
DATE_STYLES = ("ns_first", "os_first")
MAPPING_KEYS = ("ns", "os", "approx", "place")
NS_SYNONYM = "date"
ACCEPTED_FORMS_HINT = "write 1917-11-07, 1917-11, 1917, or {os: 1917-10-25}"
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")

_DATE_TEXT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)
_DATE_REFERENCE = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:\s+([ON])\.S\.)?",
                             re.ASCII | re.IGNORECASE)

PartialDate = tuple[int, int | None, int | None]


class DateError(ValueError):
    """A bad DATE value. .message (what is wrong) and .hint (how to fix it) are plain text."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True, order=False)
class HistDate:
    year: int                                 # New Style (Gregorian) always
    month: int | None = None
    day: int | None = None
    os: tuple[int, int, int] | None = None    # Old Style (Julian) y, m, d when given in O.S.
    approx: bool = False
    place: str | None = None

    def __post_init__(self) -> None:
        # Validating here keeps every HistDate real, however it was built.
        _check_new_style(self.year, self.month, self.day)
        if self.os is not None:
            _check_old_style_agrees(self.os, (self.year, self.month, self.day))
        if not isinstance(self.approx, bool):
            raise DateError(f"approx must be true or false, got {describe_value(self.approx)}",
                            "write approx: true, or leave approx out")
        if self.place is not None and not (isinstance(self.place, str) and self.place.strip()):
            raise DateError(f"place must be a non-empty name, got {describe_value(self.place)}",
                            "write place: Petrograd, or leave place out")

    def iso(self) -> str:
        return _ymd_text(self.year, self.month, self.day)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def anchor(self) -> str:
        return f"d-{self.iso()}"


def _is_leap_year(year: int, *, julian: bool) -> bool:
    if julian:
        return year % 4 == 0
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year: int, month: int, *, julian: bool) -> int:
    if month == 2:
        return 29 if _is_leap_year(year, julian=julian) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _day_number(year: int, month: int, day: int, *, julian: bool) -> int:
    """The Julian Day Number: a count of days that both calendars share."""
    # Counting years from March puts the leap day last, which makes month lengths regular.
    shift = (14 - month) // 12
    y, m = year + 4800 - shift, month + 12 * shift - 3
    leap_days = y // 4 if julian else y // 4 - y // 100 + y // 400
    return day + (153 * m + 2) // 5 + 365 * y + leap_days - (32083 if julian else 32045)


def _from_day_number(day_number: int, *, julian: bool) -> tuple[int, int, int]:
    if julian:
        centuries, day_of_era = 0, day_number + 32082
    else:
        shifted = day_number + 32044
        centuries = (4 * shifted + 3) // 146097
        day_of_era = shifted - 146097 * centuries // 4
    years = (4 * day_of_era + 3) // 1461
    day_of_year = day_of_era - 1461 * years // 4
    m = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = 100 * centuries + years - 4800 + m // 10
    return year, month, day


def julian_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    _check_real_date(year, month, day, old_style=True)
    return _from_day_number(_day_number(year, month, day, julian=True), julian=False)


def gregorian_to_julian(year: int, month: int, day: int) -> tuple[int, int, int]:
    _check_real_date(year, month, day, old_style=False)
    return _from_day_number(_day_number(year, month, day, julian=False), julian=True)


def _ymd_text(year: int, month: int | None = None, day: int | None = None) -> str:
    return "-".join(f"{part:02d}" if i else f"{part:04d}"
                    for i, part in enumerate((year, month, day)) if part is not None)


def _require_whole_number(name: str, value: object, *, optional: bool) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise DateError(f"{name} must be a whole number, got {describe_value(value)}",
                        ACCEPTED_FORMS_HINT)


def _check_year_range(year: int, *, old_style: bool) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        label = "Old Style year" if old_style else "year"
        raise DateError(f"{label} {year} is outside the supported years "
                        f"{FIRST_YEAR} to {LAST_YEAR}", "check the year for a typo")


def _check_real_date(year: int, month: int | None, day: int | None, *, old_style: bool) -> None:
    label = "Old Style " if old_style else ""
    text = _ymd_text(year, month, day)
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{label}{text} is not a real date: there is no month {month}",
                        "months run from 01 to 12")
    if day is None:
        return
    days = _days_in_month(year, month, julian=old_style)
    if not 1 <= day <= days:
        hint = "check the day against the source"
        if not old_style and day == 29 and _is_leap_year(year, julian=True):
            hint = (f"{year} is a leap year only in the Old Style (Julian) calendar; "
                    f"if the source gives Old Style, write {{os: {text}}}")
        raise DateError(f"{label}{text} is not a real date: "
                        f"{MONTH_NAMES[month - 1]} {year} has {days} days", hint)


def _check_new_style(year: object, month: object, day: object) -> None:
    _require_whole_number("year", year, optional=False)
    _require_whole_number("month", month, optional=True)
    _require_whole_number("day", day, optional=True)
    if day is not None and month is None:
        raise DateError(f"a day ({day}) needs a month", ACCEPTED_FORMS_HINT)
    _check_year_range(year, old_style=False)
    _check_real_date(year, month, day, old_style=False)


def _new_style_of(old: tuple[int, int, int]) -> tuple[int, int, int]:
    _check_year_range(old[0], old_style=True)
    new = julian_to_gregorian(*old)
    if not FIRST_YEAR <= new[0] <= LAST_YEAR:
        raise DateError(f"Old Style {_ymd_text(*old)} is {_ymd_text(*new)} in New Style, "
                        f"outside the supported years {FIRST_YEAR} to {LAST_YEAR}",
                        "check the year for a typo")
    return new


def _disagreement(old: tuple[int, int, int], computed: tuple[int, int, int],
                  given: PartialDate) -> DateError:
    return DateError(f"Old Style {_ymd_text(*old)} is {_ymd_text(*computed)} in New Style, "
                     f"not {_ymd_text(*given)}",
                     "correct one of them, or give only os and the New Style date is computed")


def _check_old_style_agrees(old: object, new: PartialDate) -> None:
    if not (isinstance(old, tuple) and len(old) == 3
            and all(isinstance(part, int) and not isinstance(part, bool) for part in old)):
        raise DateError(f"os must be an Old Style (year, month, day), got {old!r}")
    if new[2] is None:
        raise DateError(f"New Style {_ymd_text(*new)} must be a full day when os is given")
    computed = _new_style_of(old)
    if computed != new:
        raise _disagreement(old, computed, new)


def _calendar_fields(value: object) -> PartialDate:
    """The (year, month, day) a plain value spells, checked for shape only."""
    if isinstance(value, datetime.date):
        return value.year, value.month, value.day
    if isinstance(value, int) and not isinstance(value, bool):
        return value, None, None
    if isinstance(value, str):
        match = _DATE_TEXT.fullmatch(value.strip())
        if match:
            year, month, day = (int(part) if part else None for part in match.groups())
            return year, month, day
    raise DateError(f"expected a date, got {describe_value(value)}", ACCEPTED_FORMS_HINT)


def _fields_of_key(key: str, value: object) -> PartialDate:
    try:
        return _calendar_fields(value)
    except DateError as error:
        raise DateError(f"{key}: {error.message}", error.hint) from None


def _old_style_day(value: object) -> tuple[int, int, int]:
    year, month, day = _fields_of_key("os", value)
    if day is None:
        raise DateError(f"Old Style date {_ymd_text(year, month, day)} is not a full day",
                        "an Old Style date must give the day, e.g. 1917-10-25; "
                        "give a month or a year in New Style")
    return year, month, day


def _parse_mapping(mapping: dict) -> HistDate:
    allowed = (*MAPPING_KEYS, NS_SYNONYM)
    unknown = sorted((key for key in mapping if key not in allowed), key=str)
    if unknown:
        noun = "key" if len(unknown) == 1 else "keys"
        names = ", ".join(f'"{key}"' for key in unknown)
        raise DateError(f"unknown {noun} {names} in a date",
                        f"a date mapping may have {', '.join(MAPPING_KEYS)} "
                        f"({NS_SYNONYM} means the same as ns)")
    if "ns" in mapping and NS_SYNONYM in mapping:
        raise DateError(f'a date has both "ns" and "{NS_SYNONYM}", which mean the same',
                        "keep only ns")
    ns_key = next((key for key in ("ns", NS_SYNONYM) if key in mapping), None)
    if ns_key is None and "os" not in mapping:
        raise DateError("a date mapping needs ns or os",
                        "write {ns: 1917-11-07} or {os: 1917-10-25}")
    approx = mapping.get("approx", False)
    place = mapping.get("place")
    place = place.strip() if isinstance(place, str) else place
    given = _fields_of_key(ns_key, mapping[ns_key]) if ns_key else None
    if "os" not in mapping:
        return HistDate(*given, approx=approx, place=place)
    if given is not None:
        _check_new_style(*given)
    old = _old_style_day(mapping["os"])
    computed = _new_style_of(old)
    # A partial ns ("1917-11") agrees with an Old Style day that falls inside it.
    if given is not None and any(part is not None and part != actual
                                 for part, actual in zip(given, computed)):
        raise _disagreement(old, computed, given)
    return HistDate(*computed, os=old, approx=approx, place=place)


def parse_date(value: object) -> HistDate:
    """A HistDate from a DATE as the YAML loader gives it (timestamps arrive as text)."""
    if isinstance(value, dict):
        return _parse_mapping(value)
    return HistDate(*_calendar_fields(value))


def parse_date_reference(text: str) -> HistDate | None:
    """The date in a [[...]] link such as "1917-10-25 O.S.", or None if it is not date-shaped."""
    match = _DATE_REFERENCE.fullmatch(text.strip())
    if not match:
        return None
    written, style = match.groups()
    if style and style.upper() == "O":
        old = _old_style_day(written)
        return HistDate(*_new_style_of(old), os=old)
    return HistDate(*_calendar_fields(written))


def _day_month(day: int, month: int) -> str:
    return f"{day} {MONTH_NAMES[month - 1]}"


def _plain_text(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTH_NAMES[month - 1]} {year}"
    return f"{_day_month(day, month)} {year}"


def _segments(date: HistDate, style: str) -> list[tuple[str, str | None]]:
    """The text in order, each piece with the CSS class of its bracket (None outside one)."""
    if style not in DATE_STYLES:
        raise DateError(f'unknown date style "{style}"', f"use {' or '.join(DATE_STYLES)}")
    prefix = "c. " if date.approx else ""
    if date.os is None:
        return [(prefix + _plain_text(date.year, date.month, date.day), None)]
    new, old = (date.year, date.month, date.day), date.os
    if style == "ns_first":
        first, second, label, css_class = new, old, "O.S.", "os"
    else:
        first, second, label, css_class = old, new, "N.S.", "ns"
    if style == "ns_first" and first[0] == second[0]:
        return [(f"{prefix}{_day_month(first[2], first[1])} ", None),
                (f"[{label} {_day_month(second[2], second[1])}]", css_class),
                (f" {first[0]}", None)]
    other = _plain_text(*second) if first[0] != second[0] else _day_month(second[2], second[1])
    return [(f"{prefix}{_plain_text(*first)} ", None), (f"[{label} {other}]", css_class)]


def format_date(date: HistDate, style: str = "ns_first") -> str:
    return "".join(text for text, _ in _segments(date, style))


def format_date_html(date: HistDate, style: str = "ns_first") -> markupsafe.Markup:
    inner = markupsafe.Markup("").join(
        markupsafe.escape(text) if css_class is None
        else markupsafe.Markup('<span class="{}">{}</span>').format(css_class, text)
        for text, css_class in _segments(date, style))
    return markupsafe.Markup('<time datetime="{}">{}</time>').format(date.iso(), inner)


def format_span(start: HistDate, end: HistDate, style: str = "ns_first") -> str:
    first, last = format_date(start, style), format_date(end, style)
    # Typographic convention: a closed en dash between bare years, a spaced one otherwise.
    separator = "–" if " " not in first + last else " – "
    return f"{first}{separator}{last}"
