import dataclasses
import datetime

import markupsafe
import pytest

from trotsky_site.load.dates import (
    DateError,
    HistDate,
    format_date,
    format_date_html,
    format_span,
    gregorian_to_julian,
    julian_to_gregorian,
    parse_date,
    parse_date_reference,
)

FORMS_HINT = "write 1917-11-07, 1917-11, 1917, or {os: 1917-10-25}"
KEYS_HINT = "a date mapping may have ns, os, approx, place (date means the same as ns)"
DAY_HINT = "check the day against the source"
YEAR_HINT = "check the year for a typo"
AGREE_HINT = "correct one of them, or give only os and the New Style date is computed"
OS_DAY_HINT = ("an Old Style date must give the day, e.g. 1917-10-25; "
               "give a month or a year in New Style")

OCTOBER_REVOLUTION = HistDate(1917, 11, 7, os=(1917, 10, 25))
NEW_YEAR_1918 = HistDate(1918, 1, 13, os=(1917, 12, 31))


# --- conversion ----------------------------------------------------------------------

JULIAN_TO_GREGORIAN = [
    ((1582, 10, 4), (1582, 10, 14)),
    ((1582, 10, 5), (1582, 10, 15)),      # the first Gregorian day
    ((1700, 2, 18), (1700, 2, 28)),       # still 10 days
    ((1700, 2, 19), (1700, 3, 1)),
    ((1700, 2, 29), (1700, 3, 11)),       # Julian leap day, absent in Gregorian 1700
    ((1700, 3, 1), (1700, 3, 12)),        # now 11 days
    ((1800, 2, 17), (1800, 2, 28)),
    ((1800, 2, 18), (1800, 3, 1)),
    ((1800, 2, 29), (1800, 3, 12)),
    ((1800, 3, 1), (1800, 3, 13)),        # now 12 days
    ((1870, 2, 12), (1870, 2, 24)),
    ((1888, 9, 27), (1888, 10, 9)),
    ((1899, 12, 31), (1900, 1, 12)),
    ((1900, 2, 16), (1900, 2, 28)),
    ((1900, 2, 17), (1900, 3, 1)),
    ((1900, 2, 29), (1900, 3, 13)),
    ((1900, 3, 1), (1900, 3, 14)),        # now 13 days
    ((1917, 10, 25), (1917, 11, 7)),
    ((1917, 12, 31), (1918, 1, 13)),
    ((1918, 1, 31), (1918, 2, 13)),
    ((1918, 2, 1), (1918, 2, 14)),        # Soviet Russia's switch
    ((2000, 2, 29), (2000, 3, 13)),       # 2000 is leap in both
    ((2100, 2, 15), (2100, 2, 28)),
    ((2100, 2, 16), (2100, 3, 1)),
    ((2100, 2, 29), (2100, 3, 14)),
    ((2100, 3, 1), (2100, 3, 15)),        # 14 days from here
    ((1, 1, 3), (1, 1, 1)),               # Julian runs 2 days ahead in AD 1
]


@pytest.mark.parametrize("julian, gregorian", JULIAN_TO_GREGORIAN)
def test_julian_to_gregorian(julian, gregorian):
    assert julian_to_gregorian(*julian) == gregorian


@pytest.mark.parametrize("julian, gregorian", JULIAN_TO_GREGORIAN)
def test_gregorian_to_julian(julian, gregorian):
    assert gregorian_to_julian(*gregorian) == julian


def _next_julian_day(year, month, day):
    length = 29 if month == 2 and year % 4 == 0 else 28 if month == 2 else \
        30 if month in (4, 6, 9, 11) else 31
    if day < length:
        return year, month, day + 1
    return (year, month + 1, 1) if month < 12 else (year + 1, 1, 1)


def _gregorian_by_offset_rule(year, month, day):
    """An independent oracle: the textbook century offset, counted from the March before."""
    march_year = year if month > 2 else year - 1
    offset = march_year // 100 - march_year // 400 - 2
    return datetime.date.fromordinal(datetime.date(year, month, 1).toordinal() + day - 1 + offset)


def _gregorian_days(first, last, step=1):
    for ordinal in range(first.toordinal(), last.toordinal() + 1, step):
        day = datetime.date.fromordinal(ordinal)
        yield day, (day.year, day.month, day.day)


def test_every_day_from_1500_to_2100_round_trips_in_step():
    previous_julian = None
    for day, gregorian in _gregorian_days(datetime.date(1500, 1, 1), datetime.date(2100, 12, 31)):
        julian = gregorian_to_julian(*gregorian)
        assert julian_to_gregorian(*julian) == gregorian
        assert _gregorian_by_offset_rule(*julian) == day
        if previous_julian is not None:
            assert julian == _next_julian_day(*previous_julian)
        previous_julian = julian


def test_earlier_centuries_round_trip():
    for day, gregorian in _gregorian_days(datetime.date(1, 1, 1), datetime.date(1500, 1, 1), 11):
        julian = gregorian_to_julian(*gregorian)
        assert julian_to_gregorian(*julian) == gregorian
        assert _gregorian_by_offset_rule(*julian) == day


@pytest.mark.parametrize("convert, args, message, hint", [
    (julian_to_gregorian, (1917, 2, 29),
     "Old Style 1917-02-29 is not a real date: February 1917 has 28 days", DAY_HINT),
    (julian_to_gregorian, (1917, 4, 31),
     "Old Style 1917-04-31 is not a real date: April 1917 has 30 days", DAY_HINT),
    (julian_to_gregorian, (1917, 0, 1),
     "Old Style 1917-00-01 is not a real date: there is no month 0", "months run from 01 to 12"),
    (gregorian_to_julian, (1900, 2, 29),
     "1900-02-29 is not a real date: February 1900 has 28 days",
     "1900 is a leap year only in the Old Style (Julian) calendar; "
     "if the source gives Old Style, write {os: 1900-02-29}"),
    (gregorian_to_julian, (1917, 11, 0),
     "1917-11-00 is not a real date: November 1917 has 30 days", DAY_HINT),
])
def test_conversion_rejects_impossible_dates(convert, args, message, hint):
    with pytest.raises(DateError) as caught:
        convert(*args)
    assert (caught.value.message, caught.value.hint) == (message, hint)


# --- parsing -------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("1917-11-07", HistDate(1917, 11, 7)),
    (" 1917-11-07\n", HistDate(1917, 11, 7)),
    ("1917-11", HistDate(1917, 11)),
    ("1917", HistDate(1917)),
    (1917, HistDate(1917)),
    ("0001", HistDate(1)),
    ("2100-12-31", HistDate(2100, 12, 31)),
    ("2000-02-29", HistDate(2000, 2, 29)),
    (datetime.date(1917, 11, 7), HistDate(1917, 11, 7)),
    (datetime.datetime(1917, 11, 7, 2, 10), HistDate(1917, 11, 7)),
    ({"ns": "1917-11-07"}, HistDate(1917, 11, 7)),
    ({"date": "1914-08-03"}, HistDate(1914, 8, 3)),
    ({"ns": 1928}, HistDate(1928)),
    ({"ns": datetime.date(1940, 8, 21)}, HistDate(1940, 8, 21)),
    ({"os": "1917-10-25"}, OCTOBER_REVOLUTION),
    ({"os": datetime.date(1917, 10, 25)}, OCTOBER_REVOLUTION),
    ({"os": "1917-12-31"}, NEW_YEAR_1918),
    ({"os": "1900-02-29"}, HistDate(1900, 3, 13, os=(1900, 2, 29))),
    ({"ns": "1917-11-07", "os": "1917-10-25"}, OCTOBER_REVOLUTION),
    ({"date": "1917-11-07", "os": "1917-10-25"}, OCTOBER_REVOLUTION),
    ({"ns": "1917-11", "os": "1917-10-25"}, OCTOBER_REVOLUTION),
    ({"ns": 1917, "os": "1917-10-25"}, OCTOBER_REVOLUTION),
    ({"ns": "1940-08-21", "place": "Mexico City"}, HistDate(1940, 8, 21, place="Mexico City")),
    ({"ns": "1940-08-21", "place": " Coyoacán "}, HistDate(1940, 8, 21, place="Coyoacán")),
    ({"os": "1888-09-27", "place": "Moscow"}, HistDate(1888, 10, 9, os=(1888, 9, 27), place="Moscow")),
    ({"ns": 1879, "approx": True}, HistDate(1879, approx=True)),
    ({"ns": 1879, "approx": False}, HistDate(1879)),
])
def test_parse_date_accepts(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value, message, hint", [
    ("7 Nov 1917", "expected a date, got text ('7 Nov 1917')", FORMS_HINT),
    ("1917-1-7", "expected a date, got text ('1917-1-7')", FORMS_HINT),
    ("17", "expected a date, got text ('17')", FORMS_HINT),
    ("", "expected a date, got text ('')", FORMS_HINT),
    ("1917-11-07 O.S.", "expected a date, got text ('1917-11-07 O.S.')", FORMS_HINT),
    ("١٩١٧", "expected a date, got text ('١٩١٧')", FORMS_HINT),
    (None, "expected a date, got nothing", FORMS_HINT),
    (True, "expected a date, got true/false (true)", FORMS_HINT),
    (1917.5, "expected a date, got a number (1917.5)", FORMS_HINT),
    ([1917, 11, 7], "expected a date, got a list", FORMS_HINT),
    (object(), "expected a date, got a value of type object", FORMS_HINT),
    ("1917-13-45", "1917-13-45 is not a real date: there is no month 13", "months run from 01 to 12"),
    ("1917-00", "1917-00 is not a real date: there is no month 0", "months run from 01 to 12"),
    ("1917-02-30", "1917-02-30 is not a real date: February 1917 has 28 days", DAY_HINT),
    ("1917-09-31", "1917-09-31 is not a real date: September 1917 has 30 days", DAY_HINT),
    ("1917-11-00", "1917-11-00 is not a real date: November 1917 has 30 days", DAY_HINT),
    ("1900-02-29", "1900-02-29 is not a real date: February 1900 has 28 days",
     "1900 is a leap year only in the Old Style (Julian) calendar; "
     "if the source gives Old Style, write {os: 1900-02-29}"),
    ("1917-02-29", "1917-02-29 is not a real date: February 1917 has 28 days", DAY_HINT),
    ("0000", "year 0 is outside the supported years 1 to 2100", YEAR_HINT),
    ("2101-01-01", "year 2101 is outside the supported years 1 to 2100", YEAR_HINT),
    (-5, "year -5 is outside the supported years 1 to 2100", YEAR_HINT),
    (19171, "year 19171 is outside the supported years 1 to 2100", YEAR_HINT),
    ({}, "a date mapping needs ns or os", "write {ns: 1917-11-07} or {os: 1917-10-25}"),
    ({"place": "Moscow"}, "a date mapping needs ns or os",
     "write {ns: 1917-11-07} or {os: 1917-10-25}"),
    ({"ns": 1917, "when": "evening"}, 'unknown key "when" in a date', KEYS_HINT),
    ({"ns": 1917, "OS": "x", "where": "y"}, 'unknown keys "OS", "where" in a date', KEYS_HINT),
    ({"ns": 1917, 1: "x"}, 'unknown key "1" in a date', KEYS_HINT),
    ({"ns": 1917, "date": 1917}, 'a date has both "ns" and "date", which mean the same',
     "keep only ns"),
    ({"ns": "7 Nov 1917"}, "ns: expected a date, got text ('7 Nov 1917')", FORMS_HINT),
    ({"date": None}, "date: expected a date, got nothing", FORMS_HINT),
    ({"os": {"ns": 1917}}, "os: expected a date, got a mapping", FORMS_HINT),
    ({"os": "1917-10"}, "Old Style date 1917-10 is not a full day", OS_DAY_HINT),
    ({"os": 1917}, "Old Style date 1917 is not a full day", OS_DAY_HINT),
    ({"os": "1917-02-29"}, "Old Style 1917-02-29 is not a real date: February 1917 has 28 days",
     DAY_HINT),
    ({"os": "2101-01-01"}, "Old Style year 2101 is outside the supported years 1 to 2100",
     YEAR_HINT),
    ({"os": "2100-12-31"}, "Old Style 2100-12-31 is 2101-01-14 in New Style, "
     "outside the supported years 1 to 2100", YEAR_HINT),
    ({"os": "0001-01-01"}, "Old Style 0001-01-01 is 0000-12-30 in New Style, "
     "outside the supported years 1 to 2100", YEAR_HINT),
    ({"ns": "1917-11-08", "os": "1917-10-25"},
     "Old Style 1917-10-25 is 1917-11-07 in New Style, not 1917-11-08", AGREE_HINT),
    ({"ns": "1917-10-25", "os": "1917-10-25"},
     "Old Style 1917-10-25 is 1917-11-07 in New Style, not 1917-10-25", AGREE_HINT),
    ({"ns": "1917-10", "os": "1917-10-25"},
     "Old Style 1917-10-25 is 1917-11-07 in New Style, not 1917-10", AGREE_HINT),
    ({"ns": 1917, "os": "1917-12-31"},
     "Old Style 1917-12-31 is 1918-01-13 in New Style, not 1917", AGREE_HINT),
    ({"ns": "1917-02-30", "os": "1917-02-17"},
     "1917-02-30 is not a real date: February 1917 has 28 days", DAY_HINT),
    ({"ns": 1917, "approx": "yes"}, "approx must be true or false, got text ('yes')",
     "write approx: true, or leave approx out"),
    ({"ns": 1917, "approx": None}, "approx must be true or false, got nothing",
     "write approx: true, or leave approx out"),
    ({"ns": 1917, "place": ""}, "place must be a non-empty name, got text ('')",
     "write place: Petrograd, or leave place out"),
    ({"ns": 1917, "place": "   "}, "place must be a non-empty name, got text ('')",
     "write place: Petrograd, or leave place out"),
    ({"ns": 1917, "place": 42}, "place must be a non-empty name, got a number (42)",
     "write place: Petrograd, or leave place out"),
    ({"ns": 1917, "place": ["Moscow"]}, "place must be a non-empty name, got a list",
     "write place: Petrograd, or leave place out"),
])
def test_parse_date_rejects(value, message, hint):
    with pytest.raises(DateError) as caught:
        parse_date(value)
    assert (caught.value.message, caught.value.hint) == (message, hint)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("fields, message", [
    ({"year": "1917"}, "year must be a whole number, got text ('1917')"),
    ({"year": 1917, "month": 11.0}, "month must be a whole number, got a number (11.0)"),
    ({"year": True}, "year must be a whole number, got true/false (true)"),
    ({"year": 1917, "day": 7}, "a day (7) needs a month"),
    ({"year": 1917, "month": 11, "os": (1917, 10, 25)},
     "New Style 1917-11 must be a full day when os is given"),
    ({"year": 1917, "month": 11, "day": 7, "os": [1917, 10, 25]},
     "os must be an Old Style (year, month, day), got [1917, 10, 25]"),
    ({"year": 1917, "month": 11, "day": 8, "os": (1917, 10, 25)},
     "Old Style 1917-10-25 is 1917-11-07 in New Style, not 1917-11-08"),
    ({"year": 1917, "month": 2, "day": 30}, "1917-02-30 is not a real date: February 1917 has 28 days"),
])
def test_histdate_refuses_to_hold_a_bad_date(fields, message):
    with pytest.raises(DateError) as caught:
        HistDate(**fields)
    assert caught.value.message == message


# --- HistDate ------------------------------------------------------------------------

@pytest.mark.parametrize("date, iso, sort_key, anchor", [
    (HistDate(1917, 11, 7), "1917-11-07", (1917, 11, 7), "d-1917-11-07"),
    (OCTOBER_REVOLUTION, "1917-11-07", (1917, 11, 7), "d-1917-11-07"),
    (HistDate(1917, 11), "1917-11", (1917, 11, 0), "d-1917-11"),
    (HistDate(1917), "1917", (1917, 0, 0), "d-1917"),
    (HistDate(988, 3, 1), "0988-03-01", (988, 3, 1), "d-0988-03-01"),
])
def test_histdate_keys(date, iso, sort_key, anchor):
    assert (date.iso(), date.sort_key(), date.anchor()) == (iso, sort_key, anchor)


def test_histdate_is_frozen_hashable_and_unordered():
    date = parse_date({"os": "1917-10-25", "place": "Petrograd"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        date.year = 1918
    assert {date: 1}[parse_date({"os": "1917-10-25", "place": "Petrograd"})] == 1
    with pytest.raises(TypeError):
        date < HistDate(1918)  # noqa: B015 - callers sort by sort_key()


def test_sort_key_orders_partial_dates_before_days_they_contain():
    dates = [HistDate(1917, 11, 7), HistDate(1917), HistDate(1917, 11), HistDate(1905, 10, 30)]
    assert [d.iso() for d in sorted(dates, key=HistDate.sort_key)] == [
        "1905-10-30", "1917", "1917-11", "1917-11-07"]


# --- formatting ----------------------------------------------------------------------

FORMATS = [
    # date, ns_first, os_first
    (OCTOBER_REVOLUTION, "7 November [O.S. 25 October] 1917", "25 October 1917 [N.S. 7 November]"),
    (HistDate(1888, 10, 9, os=(1888, 9, 27)),
     "9 October [O.S. 27 September] 1888", "27 September 1888 [N.S. 9 October]"),
    (HistDate(1917, 3, 12, os=(1917, 2, 27)),
     "12 March [O.S. 27 February] 1917", "27 February 1917 [N.S. 12 March]"),
    (NEW_YEAR_1918, "13 January 1918 [O.S. 31 December 1917]",
     "31 December 1917 [N.S. 13 January 1918]"),
    (HistDate(1917, 11, 7), "7 November 1917", "7 November 1917"),
    (HistDate(1917, 11), "November 1917", "November 1917"),
    (HistDate(1917), "1917", "1917"),
    (HistDate(988), "988", "988"),
    (HistDate(1879, approx=True), "c. 1879", "c. 1879"),
    (HistDate(1879, 11, approx=True), "c. November 1879", "c. November 1879"),
    (HistDate(1917, 11, 7, os=(1917, 10, 25), approx=True),
     "c. 7 November [O.S. 25 October] 1917", "c. 25 October 1917 [N.S. 7 November]"),
    (HistDate(1918, 1, 13, os=(1917, 12, 31), approx=True),
     "c. 13 January 1918 [O.S. 31 December 1917]", "c. 31 December 1917 [N.S. 13 January 1918]"),
    (HistDate(1940, 8, 21, place="Mexico City"), "21 August 1940", "21 August 1940"),
]


@pytest.mark.parametrize("date, ns_first, os_first", FORMATS)
def test_format_date(date, ns_first, os_first):
    assert format_date(date) == ns_first
    assert format_date(date, "ns_first") == ns_first
    assert format_date(date, "os_first") == os_first


@pytest.mark.parametrize("date, style, html", [
    (OCTOBER_REVOLUTION, "ns_first",
     '<time datetime="1917-11-07">7 November <span class="os">[O.S. 25 October]</span> 1917</time>'),
    (OCTOBER_REVOLUTION, "os_first",
     '<time datetime="1917-11-07">25 October 1917 <span class="ns">[N.S. 7 November]</span></time>'),
    (NEW_YEAR_1918, "ns_first",
     '<time datetime="1918-01-13">13 January 1918 '
     '<span class="os">[O.S. 31 December 1917]</span></time>'),
    (NEW_YEAR_1918, "os_first",
     '<time datetime="1918-01-13">31 December 1917 '
     '<span class="ns">[N.S. 13 January 1918]</span></time>'),
    (HistDate(1917, 11, 7), "ns_first", '<time datetime="1917-11-07">7 November 1917</time>'),
    (HistDate(1917, 11), "os_first", '<time datetime="1917-11">November 1917</time>'),
    (HistDate(1917, approx=True), "ns_first", '<time datetime="1917">c. 1917</time>'),
    (HistDate(988), "ns_first", '<time datetime="0988">988</time>'),
    (HistDate(1940, 8, 21, place='<b>"Coyoacán" & Co</b>'), "ns_first",
     '<time datetime="1940-08-21">21 August 1940</time>'),
])
def test_format_date_html(date, style, html):
    rendered = format_date_html(date, style)
    assert isinstance(rendered, markupsafe.Markup)
    assert str(rendered) == html
    assert markupsafe.Markup(rendered).striptags() == format_date(date, style)


def test_format_date_html_is_not_escaped_again_when_embedded():
    embedded = markupsafe.Markup("<p>{}</p>").format(format_date_html(OCTOBER_REVOLUTION))
    assert embedded.count("<span") == 1 and "&lt;" not in embedded


@pytest.mark.parametrize("formatter", [format_date, format_date_html])
def test_unknown_style_is_refused(formatter):
    with pytest.raises(DateError) as caught:
        formatter(OCTOBER_REVOLUTION, "julian")
    assert (caught.value.message, caught.value.hint) == (
        'unknown date style "julian"', "use ns_first or os_first")


@pytest.mark.parametrize("start, end, style, text", [
    (HistDate(1914, 8, 3), HistDate(1916, 12, 25), "ns_first", "3 August 1914 – 25 December 1916"),
    (HistDate(1914), HistDate(1916), "ns_first", "1914–1916"),
    (HistDate(1914, 8), HistDate(1914, 12), "ns_first", "August 1914 – December 1914"),
    (HistDate(1879, approx=True), HistDate(1940), "ns_first", "c. 1879 – 1940"),
    (OCTOBER_REVOLUTION, HistDate(1918, 3, 3), "ns_first",
     "7 November [O.S. 25 October] 1917 – 3 March 1918"),
    (OCTOBER_REVOLUTION, NEW_YEAR_1918, "os_first",
     "25 October 1917 [N.S. 7 November] – 31 December 1917 [N.S. 13 January 1918]"),
])
def test_format_span(start, end, style, text):
    assert format_span(start, end, style) == text


# --- date references -----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("1917-10-25 O.S.", OCTOBER_REVOLUTION),
    ("1917-10-25 o.s.", OCTOBER_REVOLUTION),
    (" 1917-10-25  O.S. ", OCTOBER_REVOLUTION),
    ("1917-12-31 O.S.", NEW_YEAR_1918),
    ("1900-02-29 O.S.", HistDate(1900, 3, 13, os=(1900, 2, 29))),
    ("1917-11-07 N.S.", HistDate(1917, 11, 7)),
    ("1917-11-07", HistDate(1917, 11, 7)),
    ("1917-11", HistDate(1917, 11)),
    ("1917-11 N.S.", HistDate(1917, 11)),
    ("1917", HistDate(1917)),
])
def test_parse_date_reference(text, expected):
    assert parse_date_reference(text) == expected


@pytest.mark.parametrize("text", [
    "bukharin", "Nikolai Bukharin", "civil-war#the-defence-of-petrograd", "1917 revolution",
    "7 November 1917", "1917-1-7", "1917-10-25 OS", "1917-10-25O.S.", "1917-10-25 X.S.",
    "19171", "", "1917-10-25 O.S.|October",
])
def test_parse_date_reference_leaves_page_links_alone(text):
    assert parse_date_reference(text) is None


@pytest.mark.parametrize("text, message, hint", [
    ("1917-02-30 O.S.", "Old Style 1917-02-30 is not a real date: February 1917 has 28 days",
     DAY_HINT),
    ("1917-02-30", "1917-02-30 is not a real date: February 1917 has 28 days", DAY_HINT),
    ("1917-13-01 N.S.", "1917-13-01 is not a real date: there is no month 13",
     "months run from 01 to 12"),
    ("1917-10 O.S.", "Old Style date 1917-10 is not a full day", OS_DAY_HINT),
    ("1917 O.S.", "Old Style date 1917 is not a full day", OS_DAY_HINT),
    ("3000", "year 3000 is outside the supported years 1 to 2100", YEAR_HINT),
])
def test_parse_date_reference_rejects_impossible_dates(text, message, hint):
    with pytest.raises(DateError) as caught:
        parse_date_reference(text)
    assert (caught.value.message, caught.value.hint) == (message, hint)
