"""Date expressions: find them in text and resolve them to day intervals.

Absolute dates ("10 May, 2019", "December 10", "Sept. 5-6"), weekdays ("on
Wednesday", "last Friday") and relative phrases ("yesterday", "next week",
"last May", "mid-July", "at the end of last year") are resolved against a
reference day, normally the article's publication date. Without a reference
day, only expressions that carry their own year resolve. Vague parts and
stretches ("late May", "early 2022", "later this year", "in the coming days")
resolve to the intervals of docs/annotation-guide.md ("Vague dates"); numeric
dates resolve only when their order is not in doubt ("14-11-2021", not
"03/04/2021").

Every kind of expression is one `DateRule` in `RULES`: its pattern, the
anchor words every match contains, and the function that resolves it. To add
a date phrase, add one rule there (see docs/design.md, "Code layout"); a caller may
also pass its own table (`RULES.adding(rule)`) to `find_dates`.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from parley.matching import fold_like_ignorecase
from parley.records import DateInterval

# The one list of month and weekday words (from the calendar): dates, published and
# recognise read them from here.
MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
    )
}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
# The first three letters of every month and weekday word ("sept" and "september" start
# "sep"): a text holds a month or weekday only where one of these starts a word.
MONTH_PREFIXES = tuple(calendar.month_abbr[number].lower()[:3] for number in range(1, 13))
WEEKDAY_PREFIXES = tuple(calendar.day_abbr[i].lower()[:3] for i in range(7))
# How pages shorten weekdays in date stamps ("Tues., June 1"): the calendar's and two more.
WEEKDAY_ABBREVIATIONS = (*WEEKDAY_PREFIXES, "tues", "thur", "thurs")
DIGITS = tuple("0123456789")

# Every month name and abbreviation, longest first, as one alternation.
MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH = r"(?P<month>" + MONTH_WORDS + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?:\s*(?:-|–|—|to|and)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
# After "Month day": a second month and day ("March 26th to March 30th", "June 27 through
# July 2"), or a second day.
# Two days joined by "and" across the end of a month ("April 30 and May 1"): the days of
# one occasion, like "April 21 and 22". Only the last days of a month before the 1st or
# 2nd of the next: "April 3 and May 20" are two dates.
_LAST_DAYS_AND = (
    r"(?:(?<=\b(?:2[89]|3[01]))|(?<=\b(?:2[89]|3[01])(?:st|nd|rd|th)))\s*and"
    rf"(?=\s*(?:{MONTH_WORDS})\.?\s+0?[12](?:st|nd)?\b)"
)
_SPAN_END = (
    rf"(?:\s*(?:-|–|—|to|through|until|{_LAST_DAYS_AND})\s*(?P<month2>"
    + MONTH_WORDS
    + r")\.?\s+(?P<day3>[0-3]?\d)(?:st|nd|rd|th)?\b|"
    + r"\s*(?:-|–|—|to|and)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_PART = r"(?P<part>early|mid|late|the end of|the beginning of|the start of|the middle of)"

Groups = dict[str, str]
"""The named groups a rule's pattern matched, without the ones that did not take part."""
Resolver = Callable[[Groups, dt.date | None], DateInterval | None]
TenseResolver = Callable[[Groups, dt.date, bool], DateInterval | None]
PRECISIONS = ("", "day", "day_without_year")


@dataclass(frozen=True)
class DateRule:
    """One kind of date expression: how to find it and what interval it names.

    `pattern` is a regular expression (matched case-insensitively) whose named
    groups `resolve` reads. `anchors` are words or word beginnings ("mon" for
    "Monday", `DIGITS`) one of which starts a word in every match, within 40
    characters of its start: `find_dates` tries the pattern only near them, so a
    rule with a wrong anchor finds nothing.
    `needs_reference`: the expression resolves only against a reference day
    ("yesterday"), not on its own ("10 May, 2019"); its resolver then always
    gets one. `in_tense`, when given, resolves against a reference day knowing
    whether the sentence's verb is past ("met on Monday" is the Monday before).
    `absolute`: the interval never depends on the reference day ("10 May, 2019":
    its resolver ignores the reference); so a date expression of the rule means
    the same whenever the article was published, which the publication-date
    inference reads (`parley.resolve`) instead of trying each day.
    `precision` says what other stages may read a match as: "day" for one day
    with its year ("10 May, 2019", a page's publication stamp), "day_without_year"
    for one without ("May 10"), "" otherwise. `example` is a text the rule alone
    finds whole (tests/test_dates.py checks every rule's).

    >>> rule = DateRule("fortnight_ago", r"\\ba fortnight ago\\b", ("fortnight",),
    ...     lambda g, ref: DateInterval.day(ref - dt.timedelta(days=14)), needs_reference=True)
    >>> [e.text for e in find_dates("They met a fortnight ago.", RULES.adding(rule))]
    ['a fortnight ago']
    """

    kind: str
    pattern: str
    anchors: tuple[str, ...]
    resolve: Resolver
    needs_reference: bool = False
    in_tense: TenseResolver | None = None
    absolute: bool = False
    precision: str = ""
    example: str = ""
    regex: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.anchors:
            raise ValueError(f"date rule {self.kind!r} has no anchor words")
        if self.absolute and (self.needs_reference or self.in_tense is not None):
            raise ValueError(f"date rule {self.kind!r} is absolute but reads a reference day")
        if self.precision not in PRECISIONS:
            raise ValueError(
                f"date rule {self.kind!r}: precision {self.precision!r} not in {PRECISIONS}"
            )
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))

    def interval(self, groups: Groups, reference: dt.date | None) -> DateInterval | None:
        if reference is None and self.needs_reference:
            return None
        return self.resolve(groups, reference)


# Resolvers: one function per kind of expression (or per family of kinds), each named
# in the RULES table below.


def _month_interval(year: int, month: int) -> DateInterval:
    last = calendar.monthrange(year, month)[1]
    return DateInterval(dt.date(year, month, 1), dt.date(year, month, last))


def _year_interval(year: int) -> DateInterval:
    return DateInterval(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _safe_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_range(year: int, month: int, day: int, day2: int | None) -> DateInterval | None:
    first = _safe_day(year, month, day)
    last = _safe_day(year, month, day2) if day2 else first
    if first is None or last is None or last < first:
        return None
    return DateInterval(first, last)


def _nearest_year(reference: dt.date, month: int, day: int, *, prefer: str) -> int:
    """The year that puts month/day nearest the reference, leaning `prefer` (past/future).

    A date without a year is read within about half a year of the article: news
    speaks of the recent past and the near future.

    >>> _nearest_year(dt.date(2019, 12, 10), 1, 5, prefer="past")  # 26 days on, not 339 back
    2020
    >>> _nearest_year(dt.date(2019, 6, 30), 1, 1, prefer="future")  # half a year either way
    2020
    >>> _nearest_year(dt.date(2019, 6, 30), 1, 1, prefer="past")
    2019
    """
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        day_ = _safe_day(year, month, min(day, calendar.monthrange(year, month)[1]))
        if day_:
            distance = (day_ - reference).days
            bias = (
                0
                if (prefer == "future" and distance >= 0) or (prefer == "past" and distance <= 0)
                else 45
            )
            candidates.append((abs(distance) + bias, year))
    return min(candidates)[1]


EARLY = ("early", "the beginning of", "the start of")
MIDDLE = ("mid", "the middle of")
LATE = ("late", "the end of")


def _part_of(interval: DateInterval, part: str) -> DateInterval:
    """The part of a month or year that "early", "mid", "late", "the end of" name.

    Of a month: early = days 1-10, mid = 11-20, late and the end = 21 to the last
    day. Of a year: early = January-April, mid = May-August, late = September-
    December; "the beginning (start) of" a year is January and "the end of" it is
    December (docs/annotation-guide.md, "Vague dates").

    >>> _part_of(_month_interval(2022, 2), "late")
    DateInterval(start=datetime.date(2022, 2, 21), end=datetime.date(2022, 2, 28))
    """
    part = part.lower()
    start = interval.start
    if interval.days >= 365:
        year = start.year
        if part in ("the beginning of", "the start of"):
            return _month_interval(year, 1)
        if part == "the end of":
            return _month_interval(year, 12)
        if part in EARLY:
            return DateInterval(dt.date(year, 1, 1), dt.date(year, 4, 30))
        if part in LATE:
            return DateInterval(dt.date(year, 9, 1), dt.date(year, 12, 31))
        return DateInterval(dt.date(year, 5, 1), dt.date(year, 8, 31))
    if part in EARLY:
        return DateInterval(start, start.replace(day=10))
    if part in LATE:
        return DateInterval(start.replace(day=21), interval.end)
    return DateInterval(start.replace(day=11), start.replace(day=20))


def _week_of(day: dt.date) -> DateInterval:
    monday = day - dt.timedelta(days=day.weekday())
    return DateInterval(monday, monday + dt.timedelta(days=6))


def _shifted_month(ref: dt.date, shift: int) -> DateInterval:
    index = ref.year * 12 + ref.month - 1 + shift
    return _month_interval(index // 12, index % 12 + 1)


def month_number(g: Groups) -> int:
    """The number of the month a match names ("Sept." -> 9), 0 without one.

    >>> month_number(find_dates("on Sept. 5")[0].groups)
    9
    """
    return MONTHS.get(g.get("month", "").lower().rstrip("."), 0)


def _day(g: Groups) -> int:
    return int(g["day"]) if g.get("day") else 0


def _day2(g: Groups) -> int | None:
    return int(g["day2"]) if g.get("day2") else None


def _year(g: Groups) -> int:
    return int(g["year"]) if g.get("year") else 0


def _rel(g: Groups) -> str:
    return g.get("rel", "").lower()


def _before(ref: dt.date, interval: DateInterval) -> DateInterval | None:
    """From the start of `interval` to the day before `ref` ("earlier this week")."""
    if ref == interval.start:
        return None
    return DateInterval(interval.start, ref - dt.timedelta(days=1))


def _after(ref: dt.date, interval: DateInterval) -> DateInterval | None:
    """From the day after `ref` to the end of `interval`: "later" excludes the day itself."""
    if ref == interval.end:
        return None
    return DateInterval(ref + dt.timedelta(days=1), interval.end)


def _numeric_ambiguous(g: Groups, ref: dt.date | None) -> DateInterval | None:
    first, second, year = int(g["first"]), int(g["second"]), _year(g)
    if first > 12 and 1 <= second <= 12 or first == second:
        return _day_range(year, second, first, None)  # 14-11-2021: day first
    if second > 12 and 1 <= first <= 12:
        return _day_range(year, first, second, None)  # 11/14/2021: month first
    return None


def _numeric(g: Groups, ref: dt.date | None) -> DateInterval | None:
    if not 1 <= int(g["mnum"]) <= 12:
        return None
    return _day_range(_year(g), int(g["mnum"]), _day(g), None)


def _full_date(g: Groups, ref: dt.date | None) -> DateInterval | None:
    if g.get("month2"):  # "June 27 through July 2, 2021": the year is the last day's
        year = _year(g)
        return _span_across(g, year - 1 if month_number(g) > _month2(g) else year)
    return _day_range(_year(g), month_number(g), _day(g), _day2(g))


def _span_across(g: Groups, year: int) -> DateInterval | None:
    first = _safe_day(year, month_number(g), _day(g))
    month2 = _month2(g)
    last_year = year + 1 if month2 < month_number(g) else year  # "December 30 to January 2"
    last = _safe_day(last_year, month2, int(g["day3"])) if month2 else None
    if first is None or last is None or last < first or (last - first).days > 62:
        return None
    return DateInterval(first, last)


def _month2(g: Groups) -> int:
    return MONTHS.get(g.get("month2", "").lower().rstrip("."), 0)


def _month_year(g: Groups, ref: dt.date | None) -> DateInterval | None:
    return _month_interval(_year(g), month_number(g))


def _part_month_year(g: Groups, ref: dt.date | None) -> DateInterval | None:
    return _part_of(_month_interval(_year(g), month_number(g)), g["part"])


def _part_of_year(g: Groups, ref: dt.date | None) -> DateInterval | None:
    return _part_of(_year_interval(_year(g)), g["part"])


def _year_event(g: Groups, ref: dt.date | None) -> DateInterval | None:
    return _year_interval(_year(g))


def _in_year(g: Groups, ref: dt.date | None) -> DateInterval | None:
    if g.get("prep", "").lower() in ("since", "by", "until"):
        return None
    return _year_interval(_year(g))


def _month_day(g: Groups, ref: dt.date) -> DateInterval | None:
    month, day = month_number(g), _day(g)
    year = _nearest_year(ref, month, day, prefer="any")
    if g.get("month2"):
        return _span_across(g, year)
    return _day_range(year, month, day, _day2(g))


def _month_day_in_tense(g: Groups, ref: dt.date, past: bool) -> DateInterval | None:
    """ "met on April 12" is the nearest April 12 before the reference; "will meet" after it."""
    month, day = month_number(g), _day(g)
    year = _nearest_year(ref, month, day, prefer="past" if past else "future")
    if g.get("month2"):
        return _span_across(g, year)  # "from March 26th to March 30th"
    return _day_range(year, month, day, _day2(g))


def _between(g: Groups, ref: dt.date | None) -> DateInterval | None:
    """ "between May 3 and May 5": the days from the first to the last, with or without a
    year (then read as "May 3 to May 5" is)."""
    if g.get("year"):
        return _full_date(g, ref)
    return _month_day(g, ref) if ref is not None else None


def _between_in_tense(g: Groups, ref: dt.date, past: bool) -> DateInterval | None:
    if g.get("year"):
        return _full_date(g, ref)
    return _month_day_in_tense(g, ref, past)


def _relative_month(g: Groups, ref: dt.date) -> DateInterval | None:
    month, rel = month_number(g), _rel(g)
    if rel in ("since", "until", "by"):
        return None
    if rel in ("earlier in", "later in"):
        target = ref.year
    elif rel == "last":
        target = ref.year if month < ref.month else ref.year - 1
    elif rel == "next":
        target = ref.year if month > ref.month else ref.year + 1
    elif rel == "this":
        target = ref.year
    else:  # "in May", "mid-July": the nearest such month
        target = _nearest_year(ref, month, 15, prefer="any")
    interval = _month_interval(target, month)
    if rel in ("earlier in", "later in") and interval.start <= ref <= interval.end:
        # "earlier in May", said in May: from the 1st to the day before.
        if rel == "earlier in":
            return _before(ref, interval)
        return DateInterval(ref, interval.end)
    return _part_of(interval, g["part"]) if g.get("part") else interval


def _relative_month_in_tense(g: Groups, ref: dt.date, past: bool) -> DateInterval | None:
    """ "met in May" is the last May up to the reference's month; "will meet in May" the next."""
    if _rel(g) != "in":
        return _relative_month(g, ref)
    month = month_number(g)
    if past:
        year = ref.year if month <= ref.month else ref.year - 1
    else:
        year = ref.year if month >= ref.month else ref.year + 1
    return _month_interval(year, month)


def _part_year(g: Groups, ref: dt.date) -> DateInterval | None:
    if g.get("prep"):
        # "by the end of the year" is a deadline, not the time of the event.
        return None
    shift = {"last": -1, "next": 1}.get(_rel(g), 0)
    if g["unit"].lower() == "month":
        whole = _shifted_month(ref, shift)
    else:
        whole = _year_interval(ref.year + shift)
    return _part_of(whole, g["part"])


def _coming(g: Groups, ref: dt.date) -> DateInterval | None:
    # "in the coming days": the next 1-14 days; "weeks": the next 1-8 weeks;
    # "in recent days" looks back as far.
    span = 14 if (g.get("unit") or g.get("ahead")).lower() == "days" else 56
    one = dt.timedelta(days=1)
    if _rel(g) in ("recent", "past few", "last few"):
        return DateInterval(ref - dt.timedelta(days=span), ref - one)
    return DateInterval(ref + one, ref + dt.timedelta(days=span))


_SHIFT = {"last": -1, "earlier last": -1, "next": 1, "later next": 1, "early next": 1}


def _relative_week(g: Groups, ref: dt.date) -> DateInterval | None:
    """ "next week", "earlier this month", "later this year" (the unit may be any of the three)."""
    unit, rel = g["unit"].lower(), _rel(g)
    if unit == "week":
        if rel == "last":
            return _week_of(ref - dt.timedelta(days=7))
        if rel in ("next", "later next", "early next"):
            return _week_of(ref + dt.timedelta(days=7))
        whole = _week_of(ref)
    elif unit == "month":
        whole = _shifted_month(ref, _SHIFT.get(rel, 0))
    else:
        whole = _year_interval(ref.year + _SHIFT.get(rel, 0))
    if rel == "earlier this":
        return _before(ref, whole)
    if rel == "later this":
        return _after(ref, whole)
    return whole


_DAY_OFFSETS = {
    "yesterday": -1,
    "last night": -1,
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}


def _relative_day(g: Groups, ref: dt.date) -> DateInterval | None:
    if g.get("hours"):
        return _past_hours(g, ref)
    if g.get("other"):
        return _the_other(g, ref)
    return DateInterval.day(ref + dt.timedelta(days=_DAY_OFFSETS[" ".join(_rel(g).split())]))


def _past_hours(g: Groups, ref: dt.date) -> DateInterval | None:
    """ "in the past 24 hours": the day of publication and the days the hours reach back
    into, one more because a transcript is often published the day after it was spoken.

    >>> _past_hours({"hours": "24"}, dt.date(2022, 3, 16))
    DateInterval(start=datetime.date(2022, 3, 14), end=datetime.date(2022, 3, 16))
    """
    days = -(-int(g["hours"]) // 24)  # 24 hours reach one day back, 36 two
    return DateInterval(ref - dt.timedelta(days=days + 1), ref)


def _the_other(g: Groups, ref: dt.date) -> DateInterval | None:
    """ "the other day": within the week before publication; "(just) the other week":
    one to four weeks back (docs/annotation-guide.md, "Vague dates")."""
    if g["other"].lower() == "day":
        return DateInterval(ref - dt.timedelta(days=7), ref - dt.timedelta(days=1))
    return DateInterval(ref - dt.timedelta(days=28), ref - dt.timedelta(days=7))


def _resolve_weekday(weekday: int, rel: str, ref: dt.date) -> DateInterval:
    """ "last Friday" is the Friday before the reference day (a week back on a Friday);
    "next Friday" and a bare "on Friday" said on a Friday are a week ahead; a bare
    weekday is otherwise the nearest such day ahead, since news previews; past-tense
    readings are chosen by the caller through `rel == "past"`.

    >>> _resolve_weekday(4, "last", dt.date(2019, 5, 10))  # said on a Friday
    DateInterval(start=datetime.date(2019, 5, 3), end=datetime.date(2019, 5, 3))
    """
    delta = (weekday - ref.weekday()) % 7
    if rel == "last":
        back = (ref.weekday() - weekday) % 7 or 7
        return DateInterval.day(ref - dt.timedelta(days=back))
    if rel == "past":
        back = (ref.weekday() - weekday) % 7
        return DateInterval.day(ref - dt.timedelta(days=back))
    if rel == "next":
        return DateInterval.day(ref + dt.timedelta(days=delta or 7))
    return DateInterval.day(ref + dt.timedelta(days=delta))


def _weekend(g: Groups, ref: dt.date) -> DateInterval | None:
    """ "this weekend", "next weekend" ahead; "last weekend" and "over the weekend" (read
    in the past unless the verb is not: `_weekend_in_tense`) the one before. A weekend is
    Saturday and Sunday; on either of them, "this weekend" and "over the weekend" are that
    one, up to the day.

    >>> _weekend({"rel": "over"}, dt.date(2007, 11, 26))  # a Monday
    DateInterval(start=datetime.date(2007, 11, 24), end=datetime.date(2007, 11, 25))
    >>> _weekend({"rel": "this"}, dt.date(2023, 6, 14))  # a Wednesday
    DateInterval(start=datetime.date(2023, 6, 17), end=datetime.date(2023, 6, 18))
    """
    rel = _rel(g)
    saturday_ahead = ref + dt.timedelta(days=(5 - ref.weekday()) % 7)
    on_weekend = ref.weekday() >= 5
    if rel in ("over", "during", "last", "past"):
        if on_weekend and rel != "last":
            return DateInterval(ref - dt.timedelta(days=ref.weekday() - 5), ref)
        saturday = saturday_ahead - dt.timedelta(days=7)
        return DateInterval(saturday, saturday + dt.timedelta(days=1))
    if rel == "next" and not on_weekend:
        saturday_ahead += dt.timedelta(days=7) if ref.weekday() >= 4 else dt.timedelta(0)
    elif rel == "next":
        saturday_ahead = ref + dt.timedelta(days=12 - ref.weekday())
    elif on_weekend:
        return DateInterval(ref, ref + dt.timedelta(days=6 - ref.weekday()))
    return DateInterval(saturday_ahead, saturday_ahead + dt.timedelta(days=1))


def _weekend_in_tense(g: Groups, ref: dt.date, past: bool) -> DateInterval | None:
    """ "will meet over the weekend" is the coming one."""
    if not past and _rel(g) in ("over", "during"):
        return _weekend({"rel": "this"}, ref)
    return _weekend(g, ref)


# Small counts as news copy writes them ("two weeks ago", "a day after"): the one table.
COUNT_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
COUNT_WORD = "|".join(COUNT_WORDS)  # the same words, for patterns: a|one|two|...


def _ago(g: Groups, ref: dt.date) -> DateInterval | None:
    """ "three days ago" is that day; "two weeks ago" that week, give or take three days.

    >>> _ago({"n": "two", "unit": "weeks"}, dt.date(2007, 8, 6))
    DateInterval(start=datetime.date(2007, 7, 20), end=datetime.date(2007, 7, 26))
    """
    n = COUNT_WORDS.get(g["n"].lower()) or int(g["n"])
    if g["unit"].lower().startswith("day"):
        return DateInterval.day(ref - dt.timedelta(days=n))
    middle = ref - dt.timedelta(days=7 * n)
    return DateInterval(middle - dt.timedelta(days=3), middle + dt.timedelta(days=3))


def _weekday(g: Groups, ref: dt.date) -> DateInterval | None:
    return _resolve_weekday(WEEKDAYS[g["weekday"].lower()], _rel(g), ref)


def _weekday_in_tense(g: Groups, ref: dt.date, past: bool) -> DateInterval | None:
    """A bare weekday ("on Tuesday") is the one before the reference when the verb is past."""
    if past and _rel(g) in ("", "on", "earlier on", "late on", "early on"):
        return _resolve_weekday(WEEKDAYS[g["weekday"].lower()], "past", ref)
    return _weekday(g, ref)


def _first_characters(pattern: re.Pattern) -> tuple[frozenset[str], bool] | None:
    """What a match of `pattern` can begin with: characters folded by
    fold_like_ignorecase, and whether any decimal digit (`\\d`); None when the pattern is
    not simple enough to tell (or can match the empty string): then it is always tried.

    >>> chars, digit = _first_characters(re.compile(r"\\b(?:last\\s+)?(?:Mon|tue)", re.I))
    >>> sorted(chars), digit
    (['l', 'm', 't'], False)
    >>> _first_characters(re.compile(r"\\b[0-3]?\\d")) == (frozenset("0123"), True)
    True
    """
    try:
        from re import _constants as c
        from re import _parser

        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # another Python's internals: try the rule everywhere
        return None
    chars: set[str] = set()
    digit = False

    class Unknown(Exception):
        pass

    def literal(code: int) -> None:
        if code >= 128:  # only ASCII folds as the text is folded
            raise Unknown
        chars.add(chr(code).lower())

    def sequence(items: list) -> bool:
        """Adds the first characters of the sequence, item by item while the items
        before can match the empty string; True when the whole sequence can."""
        return all(one(item) for item in items)

    def one(item: tuple) -> bool:
        nonlocal digit
        op, av = item
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            return True  # takes no character: the next item begins the match
        if op is c.LITERAL:
            literal(av)
            return False
        if op is c.IN:
            for kind, value in av:
                if kind is c.LITERAL:
                    literal(value)
                elif kind is c.RANGE and value[1] < 128:
                    for code in range(value[0], value[1] + 1):
                        literal(code)
                elif kind is c.CATEGORY and value is c.CATEGORY_DIGIT:
                    digit = True
                else:
                    raise Unknown
            return False
        if op is c.SUBPATTERN:
            return sequence(av[-1])
        if op is c.ATOMIC_GROUP:
            return sequence(av)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _, inner = av
            return sequence(inner) or low == 0
        if op is c.BRANCH:
            return any([sequence(alternative) for alternative in av[1]])
        raise Unknown

    try:
        if sequence(list(parsed)):
            return None
    except Unknown:
        return None
    return frozenset(chars), digit


class DateRules:
    """An ordered table of date rules, and the anchor words they share.

    Order matters where two rules match the same text from the same start: the
    longest match wins, and between equally long ones the earlier rule.
    """

    def __init__(self, rules: Iterable[DateRule]):
        self.rules = tuple(rules)
        self._by_kind = {rule.kind: rule for rule in self.rules}
        if len(self._by_kind) != len(self.rules):
            raise ValueError("two date rules share a kind")
        self._compiled = [(rule, rule.regex) for rule in self.rules]
        # What each rule's match can begin with (None: anything), and the rules worth
        # trying at a character, by the character: most rules fail on the first one.
        self._first = [_first_characters(rule.regex) for rule in self.rules]
        self._by_first: dict[tuple[str, bool], list[tuple[DateRule, re.Pattern]]] = {}
        # Longest first, so that a phrase anchor ("the day") is tried before a shorter
        # word at the same place.
        words = sorted({a for rule in self.rules for a in rule.anchors}, key=lambda w: (-len(w), w))
        self.anchor = re.compile(
            r"\b(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE
        )
        # The same anchors, case-sensitive, for the text folded by fold_like_ignorecase:
        # they match the same places, and the scan is several times faster. The
        # lookahead of their first letters comes first: a pattern opening with "\b" is
        # tried at every position, one opening with a set of characters skips to the
        # next of them (a third less time over the State corpus).
        firsts = "".join(sorted({re.escape(w[0].lower()) for w in words}))
        self._folded_anchor = (
            re.compile(
                rf"(?=[{firsts}])\b(?:" + "|".join(re.escape(w.lower()) for w in words) + ")"
            )
            if all(w.isascii() for w in words)
            else None
        )

    def get(self, kind: str) -> DateRule | None:
        return self._by_kind.get(kind)

    def _worth_trying(self, folded: str, decimal: bool) -> list[tuple[DateRule, re.Pattern]]:
        """The rules (in table order) whose match can begin with a character that folds
        (fold_like_ignorecase) to `folded`, a decimal digit or not."""
        key = (folded, decimal)
        found = self._by_first.get(key)
        if found is None:
            found = [
                compiled
                for compiled, first in zip(self._compiled, self._first, strict=True)
                if first is None or folded in first[0] or (first[1] and decimal)
            ]
            self._by_first[key] = found
        return found

    def kinds(self, precision: str) -> tuple[str, ...]:
        """The kinds of the rules of one precision, in table order.

        >>> RULES.kinds("day_without_year")
        ('month_day', 'day_month')
        """
        return tuple(rule.kind for rule in self.rules if rule.precision == precision)

    def adding(self, rule: DateRule, *, before: str | None = None) -> DateRules:
        """A new table with `rule` added, last or before the rule of kind `before`."""
        rules = list(self.rules)
        index = len(rules) if before is None else rules.index(self._by_kind[before])
        rules.insert(index, rule)
        return DateRules(rules)


# Every kind of date expression, in the order they are tried (longer first).
RULES = DateRules(
    [
        # 2021-06-09, also as the date part of a timestamp ("2021-06-09T14:05:00Z")
        # 2021/06/09: year first, so the order is not in doubt
        DateRule(
            "iso",
            r"\b(?P<year>(?:19|20)\d\d)(?P<isep>[-/])(?P<mnum>[01]\d)(?P=isep)(?P<day>[0-3]\d)"
            r"(?:\b|(?=T\d))",
            DIGITS,
            _numeric,
            absolute=True,
            precision="day",
            example="2021-06-09",
        ),
        # 12.05.2022: European day.month.year
        DateRule(
            "numeric_dmy",
            r"\b(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b",
            DIGITS,
            _numeric,
            absolute=True,
            precision="day",
            example="12.05.2022",
        ),
        # 14-11-2021, 11/14/2021: day and month order differ by country, so these resolve
        # only when one of the two numbers exceeds 12 (or both are equal).
        DateRule(
            "numeric_ambiguous",
            r"\b(?P<first>[0-3]?\d)(?P<sep>[/-])(?P<second>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b",
            DIGITS,
            _numeric_ambiguous,
            absolute=True,
            precision="day",
            example="14-11-2021",
        ),
        DateRule(
            "day_month_year",
            rf"\b{_DAY}{_DAY2}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b",
            DIGITS,
            _full_date,
            absolute=True,
            precision="day",
            example="10 May, 2019",
        ),
        DateRule(
            "month_day_year",
            rf"\b{_MONTH}\s+{_DAY}{_SPAN_END},?\s+{_YEAR}\b",
            DIGITS,
            _full_date,
            absolute=True,
            precision="day",
            example="December 10, 2019",
        ),
        # "between May 3 and May 5": "and" joins the ends of a span after "between" only
        # ("on May 3 and May 25" are two dates).
        DateRule(
            "between_month_days",
            rf"\bbetween\s+{_MONTH}\s+{_DAY}\s+and\s+(?P<month2>{MONTH_WORDS})\.?\s+"
            rf"(?P<day3>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?(?![:\d])",
            DIGITS,
            _between,
            in_tense=_between_in_tense,
            example="between May 3 and May 5",
        ),
        DateRule(
            "month_day",
            rf"\b{_MONTH}\s+{_DAY}{_SPAN_END}\b(?!\s*(?:,\s*)?(?:19|20)\d\d)(?![:\d])",
            DIGITS,
            _month_day,
            needs_reference=True,
            in_tense=_month_day_in_tense,
            precision="day_without_year",
            example="Sept. 5-6",
        ),
        DateRule(
            "day_month",
            rf"\b{_DAY}{_DAY2}\s+(?:of\s+)?{_MONTH}\b(?!,?\s+(?:19|20)\d\d)",
            DIGITS,
            _month_day,
            needs_reference=True,
            in_tense=_month_day_in_tense,
            precision="day_without_year",
            example="10th December",
        ),
        DateRule(
            "part_month_year",
            rf"\b{_PART}[\s-]+{_MONTH},?\s+{_YEAR}\b",
            DIGITS,
            _part_month_year,
            absolute=True,
            example="late May 2022",
        ),
        DateRule(
            "month_year",
            rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b",
            DIGITS,
            _month_year,
            absolute=True,
            example="May 2017",
        ),
        DateRule(
            "part_of_year",
            rf"\b{_PART}[\s-]+{_YEAR}\b",
            DIGITS,
            _part_of_year,
            absolute=True,
            example="early 2022",
        ),
        DateRule(
            "part_relative_month",
            rf"\b{_PART}[\s-]+(?P<rel>last|next|this)?\s*{_MONTH}\b",
            MONTH_PREFIXES,
            _relative_month,
            needs_reference=True,
            example="mid-July",
        ),
        DateRule(
            "relative_month",
            rf"\b(?P<rel>earlier in|later in|last|next|this|in|since|until|by)\s+{_MONTH}\b(?!\s+\d)",
            MONTH_PREFIXES,
            _relative_month,
            needs_reference=True,
            in_tense=_relative_month_in_tense,
            example="last May",
        ),
        DateRule(
            "year_event",
            rf"\b(?:an?|the)\s+{_YEAR}\s+(?P<event>summit|meeting|visit|talks|trip)\b",
            DIGITS,
            _year_event,
            absolute=True,
            example="a 2018 summit",
        ),
        DateRule(
            "part_year",
            r"\b(?:(?P<prep>by|before|until|till)\s+|at\s+)?"
            r"(?P<part>the end of|the beginning of|the start of|the middle of|early|mid|late)"
            r"[\s-]+(?P<rel>last|next|this|the)\s+(?P<unit>year|month)\b",
            ("year", "month"),
            _part_year,
            needs_reference=True,
            example="at the end of last year",
        ),
        DateRule(
            "relative_week",
            r"\b(?P<rel>last|next|this|earlier this|later this|later next|early next|"
            r"earlier last)\s+(?P<unit>week|month|year)\b",
            ("week", "month", "year"),
            _relative_week,
            needs_reference=True,
            example="next week",
        ),
        DateRule(
            "coming",
            r"\b(?:in|over|during|within)\s+(?:the\s+)?"
            r"(?:(?P<rel>coming|next few|next several|next couple of|recent|past few|last few)"
            r"\s+(?P<unit>days|weeks)|(?P<ahead>days|weeks)\s+ahead)\b",
            ("days", "week"),
            _coming,
            needs_reference=True,
            example="in the coming days",
        ),
        DateRule(
            "relative_day",
            r"\b(?P<rel>yesterday|today|tomorrow|tonight|the day before yesterday|"
            r"the day after tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))\b|"
            # "in the past 24 hours", "(just) the other week": in this rule, not one of
            # their own, since every rule is tried wherever any rule's anchor is.
            r"\b(?:in|over|during|within)\s+the\s+(?:past|last)\s+(?P<hours>\d{1,2})\s+hours\b|"
            r"\b(?:just\s+)?the\s+other\s+(?P<other>day|week)\b",
            (
                "yesterday",
                "today",
                "tomorrow",
                "tonight",
                "the day",
                "night",
                "morning",
                "afternoon",
                "evening",
                "hours",
                "the other",
            ),
            _relative_day,
            needs_reference=True,
            example="the day before yesterday",
        ),
        DateRule(
            "weekday",
            rf"\b(?:(?P<rel>last|next|this|on|coming|earlier on|late on|early on)\s+)?"
            rf"{_WEEKDAY}\b",
            WEEKDAY_PREFIXES,
            _weekday,
            needs_reference=True,
            in_tense=_weekday_in_tense,
            example="last Friday",
        ),
        DateRule(
            "weekend",
            r"\b(?:(?P<rel>over|during|this|last|next|past)\s+(?:the\s+)?)weekend\b",
            ("weekend",),
            _weekend,
            needs_reference=True,
            in_tense=_weekend_in_tense,
            example="over the weekend",
        ),
        DateRule(
            "ago",
            rf"\b(?P<n>{COUNT_WORD}|\d{{1,2}})\s+(?P<unit>days?|weeks?)\s+ago\b",
            ("ago",),
            _ago,
            needs_reference=True,
            example="two weeks ago",
        ),
        DateRule(
            "in_year",
            rf"\b(?P<prep>in|since|during|by|until|of)\s+{_YEAR}\b",
            DIGITS,
            _in_year,
            absolute=True,
            example="in 2018",
        ),
    ]
)


@dataclass(frozen=True)
class DateExpression:
    start: int
    end: int
    text: str
    kind: str
    groups: dict
    # The rule that found it (None for a stand-in built by hand): resolves it.
    rule: DateRule | None = field(default=None, compare=False, repr=False)

    def resolve(self, reference: dt.date | None) -> DateInterval | None:
        rule = self.rule or RULES.get(self.kind)
        return rule.interval(self.groups, reference) if rule else None


_WORD_START = re.compile(r"(?<![\w.-])[\w(]")


def find_dates(text: str, rules: DateRules = RULES) -> list[DateExpression]:
    """Every date expression in `text`, leftmost-longest, non-overlapping.

    >>> [e.text for e in find_dates("Pompeo met Lavrov on May 14 and in 2018.")]
    ['May 14', 'in 2018']
    """
    chosen = _leftmost_longest_matches(text, rules)
    # "Thursday, April 12, 2017": the weekday only repeats the date that follows it.
    return [
        e
        for e, following in zip(chosen, [*chosen[1:], None], strict=False)
        if not (
            e.kind == "weekday"
            and following is not None
            and following.kind not in ("weekday", "relative_day", "relative_week")
            and text[e.end : following.start].strip(" ,") == ""
        )
    ]


def _leftmost_longest_matches(text: str, rules: DateRules) -> list[DateExpression]:
    """What `leftmost_longest(_matches(text, rules))` gives, without matching where the
    answer cannot change: a start inside an expression already chosen is skipped (every
    match starting there would be dropped)."""
    folded = fold_like_ignorecase(text)
    chosen: list[DateExpression] = []
    last_end = -1
    for start in sorted(_starts(text, rules, folded)):
        if start < last_end:
            continue
        here = _matches_at(text, folded, start, rules)
        # As leftmost_longest over every match: longest first, ties in rule order.
        for expression in sorted(here, key=lambda e: -(e.end - e.start)):
            if expression.start >= last_end:
                chosen.append(expression)
                last_end = expression.end
    return chosen


def _matches_at(text: str, folded: str, start: int, rules: DateRules) -> list[DateExpression]:
    """Every rule's match at `start`, in table order."""
    found = []
    # Only the rules whose match can begin with this character (the others fail).
    for rule, pattern in rules._worth_trying(folded[start], text[start].isdecimal()):
        match = pattern.match(text, start)
        if match is None:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        if "month" in groups and groups["month"].lower().rstrip(".") == "may":
            # "may" is a verb far more often than a month: require a capital M.
            if not match.group("month").startswith("M"):
                continue
        found.append(
            DateExpression(match.start(), match.end(), match.group(0), rule.kind, groups, rule)
        )
    return found


def _matches(text: str, rules: DateRules) -> list[DateExpression]:
    """Every match of every rule, overlapping ones included, in the order tried (start,
    then table order): what `find_dates` chooses from."""
    folded = fold_like_ignorecase(text)
    found: list[DateExpression] = []
    for start in sorted(_starts(text, rules, folded)):
        found += _matches_at(text, folded, start, rules)
    return found


def _starts(text: str, rules: DateRules, folded: str | None = None) -> set[int]:
    """Where an expression may start: at an anchor word, or a word start up to 40
    characters before one on its line. Trying the patterns only there, not at every
    position of the text, is what keeps a long article fast. (`folded`: the text
    folded by fold_like_ignorecase, when the caller has it.)"""
    if rules._folded_anchor is not None:
        if folded is None:
            folded = fold_like_ignorecase(text)
        anchors = [m.start() for m in rules._folded_anchor.finditer(folded)]
    else:
        anchors = [m.start() for m in rules.anchor.finditer(text)]
    starts: set[int] = set(anchors)
    # The windows before the anchors, those that overlap or touch merged into one (no
    # window holds a line break, so neither does their union): one scan each.
    window_start = window_end = -1
    for position in anchors:
        line_start = text.rfind("\n", max(0, position - 40), position) + 1
        begin = max(line_start, position - 40)
        if begin <= window_end:
            window_end = position
            continue
        if window_end > window_start:
            starts.update(m.start() for m in _WORD_START.finditer(text, window_start, window_end))
        window_start, window_end = begin, position
    if window_end > window_start:
        starts.update(m.start() for m in _WORD_START.finditer(text, window_start, window_end))
    return starts


def resolve(
    kind: str, g: Groups, ref: dt.date | None, rules: DateRules = RULES
) -> DateInterval | None:
    """Turn a matched expression into an interval; None when it cannot be resolved.

    >>> resolve("relative_day", {"rel": "yesterday"}, dt.date(2019, 5, 10))
    DateInterval(start=datetime.date(2019, 5, 9), end=datetime.date(2019, 5, 9))
    >>> resolve("relative_day", {"rel": "yesterday"}, None) is None
    True
    """
    rule = rules.get(kind)
    return rule.interval(g, ref) if rule else None


def resolve_in_tense(expression: DateExpression, ref: dt.date | None, past: bool):
    """Resolve, reading a bare weekday ("on Tuesday") as past when the verb is past.

    >>> [monday] = find_dates("They met on Monday.")
    >>> resolve_in_tense(monday, dt.date(2019, 12, 10), past=True).start
    datetime.date(2019, 12, 9)
    """
    rule = expression.rule or RULES.get(expression.kind)
    if rule is not None and rule.in_tense is not None and ref is not None:
        return rule.in_tense(expression.groups, ref, past)
    return expression.resolve(ref)


class DateIndex:
    """Date expressions of a whole text, found once; `within` gives a sentence's share.

    Line breaks end an expression, so scanning the whole text finds what
    scanning each line would.
    """

    def __init__(self, text: str):
        self._found = find_dates(text)
        self._starts = [e.start for e in self._found]

    def within(self, start: int, end: int) -> list[DateExpression]:
        """Expressions inside text[start:end], with offsets relative to `start`."""
        out = []
        for i in range(bisect.bisect_left(self._starts, start), len(self._found)):
            expression = self._found[i]
            if expression.start >= end:
                break
            if expression.end <= end:
                # What dataclasses.replace gives, built directly (several times faster).
                out.append(
                    DateExpression(
                        expression.start - start,
                        expression.end - start,
                        expression.text,
                        expression.kind,
                        expression.groups,
                        expression.rule,
                    )
                )
        return out
