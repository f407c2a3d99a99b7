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
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from parley.records import DateInterval

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

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?:\s*(?:-|–|—|to|and)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"

# Each pattern names its groups; `resolve` reads them. Order matters: longer first.
_PATTERNS: list[tuple[str, str]] = [
    # 2021-06-09, also as the date part of a timestamp ("2021-06-09T14:05:00Z")
    # 2021/06/09: year first, so the order is not in doubt
    (
        "iso",
        r"\b(?P<year>(?:19|20)\d\d)(?P<isep>[-/])(?P<mnum>[01]\d)(?P=isep)(?P<day>[0-3]\d)"
        r"(?:\b|(?=T\d))",
    ),
    # 12.05.2022: European day.month.year
    ("numeric_dmy", r"\b(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b"),
    # 14-11-2021, 11/14/2021: day and month order differ by country, so these resolve
    # only when one of the two numbers exceeds 12 (or both are equal).
    (
        "numeric_ambiguous",
        r"\b(?P<first>[0-3]?\d)(?P<sep>[/-])(?P<second>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b",
    ),
    ("day_month_year", rf"\b{_DAY}{_DAY2}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),
    ("month_day_year", rf"\b{_MONTH}\s+{_DAY}{_DAY2},?\s+{_YEAR}\b"),
    ("month_day", rf"\b{_MONTH}\s+{_DAY}{_DAY2}\b(?!\s*(?:,\s*)?(?:19|20)\d\d)(?![:\d])"),
    ("day_month", rf"\b{_DAY}{_DAY2}\s+(?:of\s+)?{_MONTH}\b(?!,?\s+(?:19|20)\d\d)"),
    (
        "part_month_year",
        r"\b(?P<part>early|mid|late|the end of|the beginning of|the start of|the middle of)"
        rf"[\s-]+{_MONTH},?\s+{_YEAR}\b",
    ),
    ("month_year", rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b"),
    (
        "part_of_year",
        r"\b(?P<part>early|mid|late|the end of|the beginning of|the start of|the middle of)"
        rf"[\s-]+{_YEAR}\b",
    ),
    (
        "part_relative_month",
        r"\b(?P<part>early|mid|late|the end of|the beginning of|the start of|the middle of)"
        rf"[\s-]+(?P<rel>last|next|this)?\s*{_MONTH}\b",
    ),
    (
        "relative_month",
        rf"\b(?P<rel>earlier in|later in|last|next|this|in|since|until|by)\s+{_MONTH}\b(?!\s+\d)",
    ),
    ("year_event", rf"\b(?:an?|the)\s+{_YEAR}\s+(?P<event>summit|meeting|visit|talks|trip)\b"),
    (
        "part_year",
        r"\b(?:(?P<prep>by|before|until|till)\s+|at\s+)?"
        r"(?P<part>the end of|the beginning of|the start of|the middle of|early|mid|late)"
        r"[\s-]+(?P<rel>last|next|this|the)\s+(?P<unit>year|month)\b",
    ),
    (
        "relative_week",
        r"\b(?P<rel>last|next|this|earlier this|later this|later next|early next|"
        r"earlier last)\s+(?P<unit>week|month|year)\b",
    ),
    (
        "coming",
        r"\b(?:in|over|during|within)\s+(?:the\s+)?"
        r"(?:(?P<rel>coming|next few|next several|next couple of|recent|past few|last few)"
        r"\s+(?P<unit>days|weeks)|(?P<ahead>days|weeks)\s+ahead)\b",
    ),
    (
        "relative_day",
        r"\b(?P<rel>yesterday|today|tomorrow|tonight|the day before yesterday|"
        r"the day after tomorrow)\b",
    ),
    (
        "weekday",
        rf"\b(?:(?P<rel>last|next|this|on|coming|earlier on|late on|early on)\s+)?"
        rf"{_WEEKDAY}\b",
    ),
    ("in_year", rf"\b(?P<prep>in|since|during|by|until|of)\s+{_YEAR}\b"),
]
_COMPILED = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _PATTERNS]


@dataclass(frozen=True)
class DateExpression:
    start: int
    end: int
    text: str
    kind: str
    groups: dict

    def resolve(self, reference: dt.date | None) -> DateInterval | None:
        return resolve(self.kind, self.groups, reference)


# Every expression contains one of these words or a digit: patterns are only tried
# just before such anchors instead of at every position of the text.
_ANCHOR = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|"
    r"yesterday|today|tomorrow|tonight|the day|days|week|month|year|[0-9])",
    re.IGNORECASE,
)
_WORD_START = re.compile(r"(?<![\w.-])[\w(]")


def find_dates(text: str) -> list[DateExpression]:
    """Every date expression in `text`, leftmost-longest, non-overlapping.

    >>> [e.text for e in find_dates("Pompeo met Lavrov on May 14 and in 2018.")]
    ['May 14', 'in 2018']
    """
    starts: set[int] = set()
    for anchor in _ANCHOR.finditer(text):
        position = anchor.start()
        line_start = text.rfind("\n", max(0, position - 40), position) + 1
        window_start = max(line_start, position - 40)
        starts.add(position)
        starts.update(m.start() for m in _WORD_START.finditer(text, window_start, position))
    found: list[DateExpression] = []
    seen: set[tuple[int, int]] = set()
    for start in sorted(starts):
        for kind, pattern in _COMPILED:
            match = pattern.match(text, start)
            if match is None or (match.start(), match.end(), kind) in seen:
                continue
            seen.add((match.start(), match.end(), kind))
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            if "month" in groups and groups["month"].lower().rstrip(".") == "may":
                # "may" is a verb far more often than a month: require a capital M.
                if not match.group("month").startswith("M"):
                    continue
            found.append(DateExpression(match.start(), match.end(), match.group(0), kind, groups))
    found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    chosen: list[DateExpression] = []
    last_end = -1
    for expression in found:
        if expression.start >= last_end:
            chosen.append(expression)
            last_end = expression.end
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


def _month_interval(year: int, month: int) -> DateInterval:
    last = calendar.monthrange(year, month)[1]
    return DateInterval(dt.date(year, month, 1), dt.date(year, month, last))


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


def resolve(kind: str, g: dict, ref: dt.date | None) -> DateInterval | None:
    """Turn a matched expression into an interval; None when it cannot be resolved."""
    month = MONTHS.get(g.get("month", "").lower().rstrip("."), 0)
    day = int(g["day"]) if g.get("day") else 0
    day2 = int(g["day2"]) if g.get("day2") else None
    year = int(g["year"]) if g.get("year") else 0
    rel = g.get("rel", "").lower()
    if kind == "numeric_ambiguous":
        first, second = int(g["first"]), int(g["second"])
        if first > 12 and 1 <= second <= 12 or first == second:
            return _day_range(year, second, first, None)  # 14-11-2021: day first
        if second > 12 and 1 <= first <= 12:
            return _day_range(year, first, second, None)  # 11/14/2021: month first
        return None
    if kind in ("iso", "numeric_dmy"):
        if not 1 <= int(g["mnum"]) <= 12:
            return None
        return _day_range(year, int(g["mnum"]), day, None)
    if kind in ("day_month_year", "month_day_year"):
        return _day_range(year, month, day, day2)
    if kind == "month_year":
        return _month_interval(year, month)
    if kind == "part_month_year":
        return _part_of(_month_interval(year, month), g["part"])
    if kind == "part_of_year":
        return _part_of(DateInterval(dt.date(year, 1, 1), dt.date(year, 12, 31)), g["part"])
    if kind == "year_event":
        return DateInterval(dt.date(year, 1, 1), dt.date(year, 12, 31))
    if kind == "in_year":
        if g.get("prep", "").lower() in ("since", "by", "until"):
            return None
        return DateInterval(dt.date(year, 1, 1), dt.date(year, 12, 31))
    if ref is None:
        return None
    if kind in ("month_day", "day_month"):
        return _day_range(_nearest_year(ref, month, day, prefer="any"), month, day, day2)
    if kind in ("relative_month", "part_relative_month"):
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
                if ref == interval.start:
                    return None
                return DateInterval(interval.start, ref - dt.timedelta(days=1))
            return DateInterval(ref, interval.end)
        return _part_of(interval, g["part"]) if g.get("part") else interval
    if kind == "part_year":
        if g.get("prep"):
            # "by the end of the year" is a deadline, not the time of the event.
            return None
        shift = {"last": -1, "next": 1}.get(rel, 0)
        if g["unit"].lower() == "month":
            index = ref.year * 12 + ref.month - 1 + shift
            whole = _month_interval(index // 12, index % 12 + 1)
        else:
            whole = DateInterval(dt.date(ref.year + shift, 1, 1), dt.date(ref.year + shift, 12, 31))
        return _part_of(whole, g["part"])
    if kind == "coming":
        # "in the coming days": the next 1-14 days; "weeks": the next 1-8 weeks;
        # "in recent days" looks back as far.
        span = 14 if (g.get("unit") or g.get("ahead")).lower() == "days" else 56
        one = dt.timedelta(days=1)
        if rel in ("recent", "past few", "last few"):
            return DateInterval(ref - dt.timedelta(days=span), ref - one)
        return DateInterval(ref + one, ref + dt.timedelta(days=span))
    if kind == "relative_week":
        unit = g["unit"].lower()
        if unit == "week":
            this_week = _week_of(ref)
            if rel == "last":
                return _week_of(ref - dt.timedelta(days=7))
            if rel in ("next", "later next", "early next"):
                return _week_of(ref + dt.timedelta(days=7))
            if rel == "earlier this":
                if ref == this_week.start:
                    return None
                return DateInterval(this_week.start, ref - dt.timedelta(days=1))
            if rel == "later this":
                # From the day after publication: "later" excludes the day itself.
                if ref == this_week.end:
                    return None
                return DateInterval(ref + dt.timedelta(days=1), this_week.end)
            return this_week
        shift = {"last": -1, "earlier last": -1, "next": 1, "later next": 1, "early next": 1}
        if unit == "month":
            index = ref.year * 12 + ref.month - 1 + shift.get(rel, 0)
            interval = _month_interval(index // 12, index % 12 + 1)
            if rel == "earlier this":
                if ref.day == 1:
                    return None
                return DateInterval(interval.start, ref - dt.timedelta(days=1))
            if rel == "later this":
                if ref == interval.end:
                    return None
                return DateInterval(ref + dt.timedelta(days=1), interval.end)
            return interval
        target = ref.year + shift.get(rel, 0)
        year = DateInterval(dt.date(target, 1, 1), dt.date(target, 12, 31))
        if rel == "earlier this":
            if ref == year.start:
                return None
            return DateInterval(year.start, ref - dt.timedelta(days=1))
        if rel == "later this":
            if ref == year.end:
                return None
            return DateInterval(ref + dt.timedelta(days=1), year.end)
        return year
    if kind == "relative_day":
        offset = {
            "yesterday": -1,
            "today": 0,
            "tonight": 0,
            "tomorrow": 1,
            "the day before yesterday": -2,
            "the day after tomorrow": 2,
        }[rel]
        return DateInterval.day(ref + dt.timedelta(days=offset))
    if kind == "weekday":
        return _resolve_weekday(WEEKDAYS[g["weekday"].lower()], rel, ref)
    return None


def _resolve_weekday(weekday: int, rel: str, ref: dt.date) -> DateInterval:
    """ "last Friday" is the Friday before the reference day (a week back on a Friday);
    "next Friday" and a bare "on Friday" said on a Friday are a week ahead; a bare
    weekday is otherwise the nearest such day ahead, since news previews; past-tense
    readings are chosen by the caller through `rel == "past"`."""
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


def resolve_in_tense(expression: DateExpression, ref: dt.date | None, past: bool):
    """Resolve, reading a bare weekday ("on Tuesday") as past when the verb is past."""
    if expression.kind == "weekday" and ref is not None:
        rel = expression.groups.get("rel", "").lower()
        if rel in ("", "on", "earlier on", "late on", "early on") and past:
            return _resolve_weekday(WEEKDAYS[expression.groups["weekday"].lower()], "past", ref)
    if expression.kind in ("month_day", "day_month") and ref is not None:
        month = MONTHS[expression.groups["month"].lower().rstrip(".")]
        day = int(expression.groups["day"])
        day2 = int(expression.groups["day2"]) if expression.groups.get("day2") else None
        year = _nearest_year(ref, month, day, prefer="past" if past else "future")
        return _day_range(year, month, day, day2)
    if expression.kind == "relative_month" and ref is not None:
        rel = expression.groups.get("rel", "").lower()
        if rel in ("earlier in", "later in"):
            return expression.resolve(ref)
        if rel == "in":
            month = MONTHS[expression.groups["month"].lower().rstrip(".")]
            if past:
                year = ref.year if month <= ref.month else ref.year - 1
            else:
                year = ref.year if month >= ref.month else ref.year + 1
            return _month_interval(year, month)
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
                out.append(
                    replace(expression, start=expression.start - start, end=expression.end - start)
                )
        return out
