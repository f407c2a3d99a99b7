"""The publication date an article's own page lines state, or that its text leaves.

Pages print the date in a few kinds of line, all in the header (the lines
above the body, docs/annotation-guide.md "Publication date"):

- a stamp: a line that is a date ("June 9, 2021", "Monday, July 29, 2024",
  "2025-05-28 11:01:27"), perhaps after a label ("date 2017-08-30",
  "Published: ...", "Updated: 14-11-2021 08:30 IST", "FOR IMMEDIATE RELEASE
  May 21, 2009") or a byline ("By Jane Doe / June 2, 2015");
- a dateline: place and agency around a date at the start of the first
  paragraph ("Nairobi, October 9, 2020 (Agency) -", "August 21, 2019
  (Agency)-", "BEIJING, March 4 (Xinhua) --");
- an archive's ISO stamp appended to the headline ("... - 2001-09-06").

Dates in the headline's words, a standfirst, a caption or the body are
never the publication date. A dateline without a year gets one only when the
text leaves exactly one: the terms of office of the titled people it names
and the past dates it reports.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from parley.dates import (
    MONTH_PREFIXES,
    RULES,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAYS,
    DateExpression,
    find_dates,
    month_number,
)
from parley.records import DateInterval, Span
from parley.reference import Reference

STAMP_WORDS = 30
HEADER_LINES = 20
FULL = RULES.kinds("day")  # "10 May, 2019", "2021-06-09": a day with its year
YEARLESS = RULES.kinds("day_without_year")  # "May 10"
WEEKDAY_NAMES = tuple(WEEKDAYS)  # monday first, as date.weekday() counts
WEEKDAY_WORD = re.compile(r"\b(" + "|".join(WEEKDAY_NAMES) + r")\b", re.IGNORECASE)
WEEKDAY_BEFORE = re.compile(r"\b(" + "|".join(WEEKDAY_NAMES) + r"),?\s*$", re.IGNORECASE)

# The label of a stamp line, and what it says the date is.
STAMP_LABEL = re.compile(
    r"^(?:(?P<updated>(?:last\s+)?(?:updated|modified|revised))|"
    r"(?:first\s+)?published|posted|released?|issued|dated?|"
    r"(?:for\s+)?immediate\s+release|press\s+release)\b(?:\s+on\b)?\s*[:|–—-]?\s*",
    re.IGNORECASE,
)
# "By Jane Doe / ", "By Staff | ", "Posted by DipNote Bloggers / ": a byline before a date.
BYLINE = re.compile(
    r"(?:posted\s+)?by\s+[^|/•·\n]{2,80}?\s*(?:[|/•·]|,|\s[–—-]\s|\bon\b)\s*", re.IGNORECASE
)
# What a stamp may carry besides its date: a weekday, a time, a time zone, filler.
STAMP_REST = re.compile(
    r"(?:\b(?:" + "|".join((*WEEKDAY_NAMES, *WEEKDAY_ABBREVIATIONS)) + r")\b\.?|"
    r"T?\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b|"
    r"\b[ap]\.?m\b\.?|\b(?-i:[A-Z]{2,4})\b|[+-]\d{2}:?\d{2}\b|"
    r"\b(?:at|on|of|hrs|hours|local time)\b|[\s,.;:|/()•·–—-]+)",
    re.IGNORECASE,
)
# Several stamps on one line: "Published June 2, 2015 | Updated June 3, 2015".
STAMP_SPLIT = re.compile(
    r"\s+[|•·]\s+|\s+(?=(?:last\s+)?(?:updated|modified|published)\b)", re.IGNORECASE
)

_PLACE_WORD = r"[A-Z\u00c0-\u00de][\w.'’-]*"
_PLACE = rf"{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,3}}"
_AGENCY = r"(?:\([^()\n]{1,60}\)|/[^/\n]{2,40}/)"
# Text before a dateline's date: "Nairobi, ", "Washington, DC–(ENEWSPF)–", "BEIJING, ".
DATELINE_BEFORE = re.compile(
    rf"^(?:{_PLACE}(?:,\s*{_PLACE})?(?:\s*[-–—:,]+\s*|\s*{_AGENCY}\s*[-–—:,]*\s*)+)?$"
)
# Text after it: "(Agency) –", " (Xinhua) --", ". /TASS/.", "." ending the dateline.
DATELINE_AFTER = re.compile(
    rf"^\s*(?:{_AGENCY}\s*\.?\s*)?(?:[-–—]+|:|\.(?:\s*{_AGENCY}\.?)?(?=\s|$))"
)
# "... (Official White House photo by Pete Souza)", "(AP Photo/Evan Vucci)": a caption
# ends with its credit in parentheses.
CREDIT_PAREN = re.compile(
    r"\((?:[^()]{0,60}\b)?(?:photos?|photograph|image|picture)\b[^()]{0,60}\)\.?\s*$", re.I
)
DATE_START = re.compile(r"\b(?:" + "|".join(MONTH_PREFIXES) + r")|\b\d", re.IGNORECASE)
HEADLINE_STAMP = re.compile(r"\s[-–—|]\s*((?:19|20)\d\d-[01]\d-[0-3]\d)\s*$")
# A sentence ends after a word, not after an initial or abbreviation ("J. Blinken", "U.S.").
SENTENCE_BREAK = re.compile(r"(?:[a-z]{3,}|\d)[.!?][\"'”’)]*\s+[A-Z\"“]")
TERMINAL = re.compile(r"""[.!?…]["'”’)\]]*\s*$|["”]\s*$""")
PAST_CUE = re.compile(
    r"\b(?:was|were|had|met|held|signed|visited|said|agreed|took place|began|ended|adopted|"
    r"launched|announced|elected|appointed|sworn in|died|attacked|invaded|annexed|"
    r"came into force|entered into force)\b",
    re.IGNORECASE,
)
FORMER = re.compile(r"\b(?:former|ex-|late)\s*$", re.IGNORECASE)
# "then-President X", "Deputy Foreign Minister X": not (or not now) the office named.
THEN = re.compile(
    r"\b(?:then[- ]|deputy|acting|assistant|under|vice|shadow|first deputy|-elect)\s*$",
    re.IGNORECASE,
)
FUTURE_CUE = re.compile(r"\b(?:will|shall|is to|are to|plans?|scheduled|expected|due to)\b")


@dataclass(frozen=True)
class Publication:
    interval: DateInterval | None
    span: Span | None
    basis: str  # stated | inferred | unknown
    note: str


@dataclass(frozen=True)
class _Found:
    rank: int  # lower is better
    expression: DateExpression
    offset: int  # of the expression's text in the article


def _stamp(text: str) -> tuple[DateExpression, int, bool] | None:
    """The date of a stamp line (expression, offset in `text`, is an update), or None.

    Of several stamps on one line the first that is not an update counts.

    >>> expression, offset, updated = _stamp("Published: June 2, 2015 | Updated: June 3, 2015")
    >>> expression.text, offset, updated
    ('June 2, 2015', 11, False)
    >>> _stamp("Updated: 14-11-2021 08:30 IST")[0].text
    '14-11-2021'
    >>> _stamp("Lavrov met Blinken on June 2, 2015.") is None  # a sentence, not a stamp
    True
    """
    pieces = []
    position = 0
    for separator in STAMP_SPLIT.finditer(text):
        pieces.append((position, text[position : separator.start()]))
        position = separator.end()
    pieces.append((position, text[position:]))
    found = []
    for start, piece in pieces:
        label = STAMP_LABEL.match(piece)
        skip = label.end() if label else 0
        byline = BYLINE.match(piece, skip)  # "By Jane Doe / ", "Posted by X | "
        if byline:
            skip = byline.end()
        updated = bool(label and label.group("updated"))
        label = label or byline
        rest = piece[skip:]
        dates = [e for e in find_dates(rest) if e.kind not in ("weekday",)]
        if not dates:
            continue
        expression = dates[0]
        if expression.kind not in (*FULL, "month_year") or expression.resolve(None) is None:
            continue
        residue = rest[: expression.start] + " " + rest[expression.end :]
        labelled = label is not None and not rest[: expression.start].strip()
        # A labelled stamp ("date 2017-05-09") may run into page furniture ("Register");
        # a bare date line must carry nothing but the date, a weekday and a time.
        if STAMP_REST.sub("", residue).strip() and not (
            labelled and len(rest[expression.end :].split()) <= 3
        ):
            continue
        found.append((expression, start + skip + expression.start, updated))
    if not found:
        return None
    first = [f for f in found if not f[2]] or found
    return first[0]


def _dateline(text: str, in_body: bool) -> DateExpression | None:
    """The date of a dateline at the start of `text`, with or without its year.

    >>> _dateline("BEIJING, March 4 (Xinhua) -- Wang met Lavrov.", in_body=True).text
    'March 4'
    >>> _dateline("Wang met Lavrov on March 4 (Xinhua) -- x.", in_body=True) is None
    True
    """
    first = DATE_START.search(text, 0, 160)
    if first is None or not DATELINE_BEFORE.match(text[: first.start()]):
        return None  # cheap test first: only place and agency words before the date
    for expression in find_dates(text[:160]):
        if expression.kind == "weekday":
            continue
        if expression.kind not in (*FULL, *YEARLESS):
            return None
        if not DATELINE_BEFORE.match(text[: expression.start]):
            return None
        after = text[expression.end :]
        if DATELINE_AFTER.match(after) or (not in_body and not after.strip(" .,")):
            if not in_body or expression.start > 0 or re.match(rf"\s*{_AGENCY}|\s*[-–—]", after):
                return expression
        return None
    return None


def _is_standfirst(text: str, words: int) -> bool:
    return words <= 45 and not SENTENCE_BREAK.search(text)


def find_publication(
    text: str,
    lines: list,
    kinds: list[str],
    title: Span | None,
    dateline_paren: Span | None,
    reference: Reference,
) -> Publication:
    """The publication date of one article from its header lines (see module doc).

    The best printed date with a year is stated; a dateline's date without one
    gets its year from the text (`_infer_year`); a page that prints no date may
    still be placed by its dated statements (`_infer_from_text`).

    >>> from parley.parse import classify_lines, split_lines
    >>> from parley.reference import load_reference
    >>> reference = load_reference()
    >>> text = "Lavrov to visit Washington\\n\\nJune 9, 2021\\n\\nLavrov will visit Washington."
    >>> lines = split_lines(text)
    >>> kinds = classify_lines(lines, reference)
    >>> found = find_publication(text, lines, kinds, None, None, reference)
    >>> found.interval.start, found.basis, found.span.quote
    (datetime.date(2021, 6, 9), 'stated', 'June 9, 2021')
    """
    found = _header_dates(lines, kinds, title)
    if dateline_paren:
        # "(Agency, 9 June 2021)": a full date inside the dateline's parentheses.
        for expression in find_dates(dateline_paren.quote):
            if expression.kind in FULL:
                found.append(_Found(1, expression, dateline_paren.start + expression.start))
                break
    stated = [
        f
        for f in found
        if f.expression.kind not in YEARLESS and f.expression.resolve(None) is not None
    ]
    if stated:
        best = min(stated, key=lambda f: (f.rank, f.offset))
        interval = best.expression.resolve(None)
        span = _span(best)
        return Publication(interval, span, "stated", f"printed in the article: {span.quote!r}")
    yearless = [f for f in found if f.expression.kind in YEARLESS]
    if yearless:
        best = min(yearless, key=lambda f: f.offset)
        return _infer_year(text, lines, kinds, best, reference)
    return _caption_day(lines, kinds) or _infer_from_text(lines, kinds, reference)


# A sentence that closes on its date: "... as he departs Riyadh, March 29, 2014."
CLOSING_DATE = re.compile(r"\s*(?:\.(?:\s|$)|$)")


def _caption_day(lines: list, kinds: list[str]) -> Publication | None:
    """An undated article reporting the day of its photo: a caption (or a body line
    written like one) closes on a day with its year ("Obama is escorted to Air Force One
    as he departs Saudi Arabia, March 29, 2014.") whose weekday the body names ("is
    enroute to Washington, on Saturday"). Published that day when the body says it in
    the present ("is enroute ... on Saturday"), else that day or the next ("held lengthy
    talks Tuesday in Berlin"). None when no such day is found, or two.

    >>> from parley.parse import split_lines
    >>> lines = split_lines("Kerry in Berlin\\nKerry meets Lavrov in Berlin, Feb. 26, 2013.\\n"
    ...                     "Kerry and Lavrov held talks Tuesday in Berlin.")
    >>> found = _caption_day(lines, ["title", "caption", "body"])
    >>> found.interval.start, found.interval.end, found.basis
    (datetime.date(2013, 2, 26), datetime.date(2013, 2, 27), 'inferred')
    """
    body = [line.text for line, kind in zip(lines, kinds, strict=True) if kind == "body"]
    body_text = " ".join(body)
    days: dict[dt.date, tuple[str, str]] = {}
    for line, kind in zip(lines, kinds, strict=True):
        if kind not in ("body", "caption"):
            continue
        text = line.text
        for expression in find_dates(text):
            if not (expression.rule and expression.rule.precision == "day"):
                continue
            if not text[: expression.start].rstrip().endswith(","):
                continue
            if not CLOSING_DATE.match(text, expression.end):
                continue  # the date must close its sentence
            interval = expression.resolve(None)
            if interval is None or interval.days != 1:
                continue
            weekday = calendar.day_name[interval.start.weekday()]
            said = re.search(rf"([^.!?]*)\b{weekday}\b", body_text, re.IGNORECASE)
            if said:
                days[interval.start] = (expression.text, said.group(0).strip(), said.group(1))
    if len(days) != 1:
        return None
    ((day, (printed, telling, before)),) = days.items()
    cues = list(TENSE_CUE.finditer(before))
    said_in_present = bool(cues) and bool(cues[-1].group("present"))
    last = day + dt.timedelta(days=0 if said_in_present else 1)
    note = (
        f"no date printed; a caption's day ({printed!r}) is a weekday the body names "
        f"({telling!r}): published between {day} and {last}"
    )
    return Publication(DateInterval(day, last), None, "inferred", note)


def _header_dates(lines: list, kinds: list[str], title: Span | None) -> list[_Found]:
    """The dates the header prints, ranked: stamps, a stamp after the headline, datelines.

    The header ends at the first body sentence that is not a standfirst; the
    first plain stamp ends the search, since nothing outranks it.
    """
    found: list[_Found] = []
    standfirst_seen = False
    # The header is a few lines; however its label lines run on, stop looking after these.
    for i, (line, kind) in enumerate(zip(lines[:HEADER_LINES], kinds, strict=False)):
        if kind in ("caption", "credit", "related") or CREDIT_PAREN.search(line.text):
            continue  # a caption's date is the photo's, not the article's
        # Stamps are short lines; a long paragraph is never one (and is costly to scan).
        stamp = _stamp(line.text) if line.words <= STAMP_WORDS else None
        if stamp:
            expression, offset, updated = stamp
            rank = (2 if updated else 0) + (1 if expression.kind == "month_year" else 0)
            found.append(_Found(rank, expression, line.start + offset))
            if rank == 0:
                break  # nothing outranks the first plain stamp
            continue
        is_title = title is not None and line.start <= title.start < line.end
        if is_title or i == 0:
            found += _headline_dates(line, kind)
            continue
        dateline = _dateline(line.text, in_body=kind == "body")
        if dateline:
            found.append(_dateline_found(dateline, line.start))
        sentence = TERMINAL.search(line.text) or SENTENCE_BREAK.search(line.text)
        if kind == "body" and sentence:
            # A standfirst (one sentence under the headline) does not end the header;
            # nor do label lines without a full stop ("U.S. Department of State").
            if not standfirst_seen and not dateline and _is_standfirst(line.text, line.words):
                standfirst_seen = True
                continue
            break
    return found


def _headline_dates(line, kind: str) -> list[_Found]:
    """An archive's ISO stamp after the headline ("... - 2001-09-06"); the dateline of
    a page that opens with a dated paragraph instead of a headline."""
    found = []
    tail = HEADLINE_STAMP.search(line.text)
    if tail:
        expression = find_dates(tail.group(1))[0]
        found.append(_Found(4, expression, line.start + tail.start(1)))
    # The first line is the headline unless it is a stamp; a page without a
    # headline may open with a dated paragraph ("PARIS, Feb 8 (Agency) - ...").
    dateline = _dateline(line.text, in_body=True) if kind == "body" else None
    if dateline:
        found.append(_dateline_found(dateline, line.start))
    return found


def _dateline_found(expression: DateExpression, line_start: int) -> _Found:
    return _Found(1, expression, line_start + expression.start)


def _span(found: _Found) -> Span:
    return Span(found.offset, found.offset + len(found.expression.text), found.expression.text)


def _infer_year(text, lines, kinds, found: _Found, reference: Reference) -> Publication:
    """A year for a year-less dateline, when the text leaves exactly one.

    Bounds: the term of office of each person the body names with a title of an
    office they held ("President Joe Biden"), and each dated event with a year
    that a past-tense sentence reports (the article is not older than it). A
    weekday printed with the date ("Tuesday, March 4") must fall on that day.
    """
    groups = found.expression.groups
    month = month_number(groups)
    day_of_month = int(groups["day"])
    line_start = text.rfind("\n", 0, found.offset) + 1
    weekday = WEEKDAY_WORD.search(text[line_start : found.offset])
    span = _span(found)
    body = [line for line, kind in zip(lines, kinds, strict=True) if kind == "body"]
    # Each constraint: the periods one of which holds the publication day, and why.
    constraints = list(_terms(body[:LEDE_LINES], reference))
    constraints += [([(day, None)], why) for day, why in _past_dates(body)]
    # Unknown, but the span is kept: the dateline's date is the article's own, never a
    # meeting's, and extraction masks it.
    unknown = Publication(
        None, span, "unknown", f"dateline {span.quote!r} gives no year and the text fixes none"
    )
    window = _window(constraints)
    if window is None:
        return unknown
    first, last = window
    allowed = _constraint_days(window, constraints)
    fits = []
    for year in range(first.year, last.year + 1):
        try:
            day = dt.date(year, month, day_of_month)
        except ValueError:
            continue
        if weekday and WEEKDAY_NAMES[day.weekday()] != weekday.group(1).lower():
            continue
        if any(start <= day <= end for start, end in allowed):
            fits.append(day)
    if len(fits) != 1:
        return unknown
    day = fits[0]
    reasons = "; ".join(dict.fromkeys(why for _, why in constraints))
    if weekday:
        reasons += f"; {day.isoformat()} is a {weekday.group(1)}"
    note = (
        f"dateline {span.quote!r} without a year; {day.year} is the only year that fits: {reasons}"
    )
    return Publication(DateInterval.day(day), span, "inferred", note)


LEDE_LINES = 2

Periods = list[tuple[dt.date, dt.date | None]]
"""Periods (an open end: None) one of which holds the publication day."""


def _window(constraints: list[tuple[Periods, str]]) -> tuple[dt.date, dt.date] | None:
    """The days the constraints can leave: from the latest earliest start to the earliest
    latest end. None when no constraint has an end (only open terms, past events).

    >>> term = ([(dt.date(2017, 1, 20), dt.date(2021, 1, 20))], "President, 2017..2021")
    >>> _window([term, ([(dt.date(2019, 5, 1), None)], "reports 1 May 2019 as past")])
    (datetime.date(2019, 5, 1), datetime.date(2021, 1, 20))
    """
    bounded = [c for c in constraints if all(end for _, end in c[0])]
    if not bounded:
        return None
    first = max(min(start for start, _ in periods) for periods, _ in constraints)
    last = min(max(end for _, end in periods) for periods, _ in bounded)
    return first, last


def _terms(body, reference: Reference):
    """For each person the lede names with the title of an office they held
    ("President Joe Biden"): the terms of that office, and why.

    Only the opening paragraphs count: further down, a title may be the one a
    person held at the time of an earlier event ("the deal President X signed").
    """
    for line in body:
        roles = {match.end: match for match in reference.role_gazetteer.find(line.text)}
        for match in reference.name_gazetteer.find_multi(line.text):
            ids = {pid for pid, how in match.value if how == "name"}
            if len(ids) != 1:
                continue
            person = reference.people[next(iter(ids))]
            role = roles.get(match.start - 1)
            if role is None or line.text[role.end : match.start] != " ":
                continue
            before = line.text[max(0, role.start - 12) : role.start]
            if THEN.search(before):
                continue  # "then-President X" dates the event reported, not the article
            offices = [
                o
                for o in person.offices
                if o.role == role.value.role and o.start is not None and o.basis == "term"
            ]
            if not offices:
                continue
            if FORMER.search(before):
                # "former President X": published after a term of that office ended.
                ends = [o.end for o in offices if o.end]
                if len(ends) == len(offices):
                    yield [(min(ends), None)], f"{person.name} is a former {offices[0].title}"
                continue
            terms = ", ".join(
                f"{o.start.isoformat()}..{o.end.isoformat() if o.end else ''}" for o in offices
            )
            yield (
                [(o.start, o.end) for o in offices],
                f"{person.name}, {offices[0].title} {terms}",
            )


def _past_dates(body):
    """(day, reason) for each dated event with a year that the body reports as past."""
    for expression, _, tense in _dated_statements(body):
        if tense == "past" and expression.kind in FULL:
            interval = expression.resolve(None)
            if interval is not None:
                yield interval.start, f"the text reports {expression.text!r} as past"


HALF_YEAR = dt.timedelta(days=183)
BOUND_WORD = re.compile(r"\b(?:until|till|through|by|before|after|from|to)\s+$", re.IGNORECASE)
WIDEST_INFERRED = 366  # days: a wider interval says too little to record
TENSE_CUE = re.compile(
    rf"(?P<future>{FUTURE_CUE.pattern})|(?P<past>{PAST_CUE.pattern}|\b(?:spoke|talked)\b)|"
    r"(?P<present>\b(?:is|are|expires?|ends|begins|starts|runs|remains|takes effect|lasts)\b)",
    re.IGNORECASE,
)


def _tense(before: str) -> str | None:
    """future or past from the cue nearest before a date in its sentence, else None
    (also when that cue is a present tense: "expires on", "is on").

    >>> _tense("The ministers met on "), _tense("They will meet on "), _tense("It expires on ")
    ('past', 'future', None)
    """
    cues = list(TENSE_CUE.finditer(before))
    if not cues or cues[-1].group("present"):
        return None
    return "future" if cues[-1].group("future") else "past"


def _dated_statements(body):
    """(expression, sentence, tense) for each date the body states with a tense."""
    for line in body:
        for sentence in re.split(r"(?<=[.!?])\s+", line.text):
            for expression in find_dates(sentence):
                before = sentence[: expression.start]
                if BOUND_WORD.search(before):
                    continue  # "until March 2023", "by June 5": a limit, not an event
                tense = _tense(before)
                if tense:
                    yield expression, sentence, tense


Days = list[tuple[dt.date, dt.date]]
"""Sorted, disjoint runs of days (first, last), both included; `dt.date.max` an open end."""


def _runs(periods: Periods) -> Days:
    """Periods as sorted runs, overlapping or touching ones joined.

    >>> d = dt.date
    >>> _runs([(d(2020, 3, 5), d(2020, 3, 9)), (d(2020, 3, 1), d(2020, 3, 4)), (d(2021, 1, 1), None)])
    [(datetime.date(2020, 3, 1), datetime.date(2020, 3, 9)), (datetime.date(2021, 1, 1), datetime.date(9999, 12, 31))]
    """
    runs: Days = []
    for start, end in sorted((start, end or dt.date.max) for start, end in periods):
        if runs and (start <= runs[-1][1] or start - dt.timedelta(days=1) == runs[-1][1]):
            runs[-1] = (runs[-1][0], max(runs[-1][1], end))
        else:
            runs.append((start, end))
    return runs


def _both(a: Days, b: Days) -> Days:
    """The days in both, as runs (a merge of the two sorted lists)."""
    out: Days = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start <= end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return _runs(out)


def _constraint_days(
    window: tuple[dt.date, dt.date], constraints: list[tuple[Periods, str]]
) -> Days:
    """The days of `window` on which one period of each constraint holds."""
    days = [window]
    for periods, _ in constraints:
        days = _both(days, _runs(periods))
    return days


def _allowed_days(
    expression: DateExpression, sentence: str, tense: str, years: range
) -> Days | None:
    """The publication days this dated expression allows, within `years`, or None when
    it says nothing.

    Dates with a year: a past event is not after publication, a planned one not
    before it. Dates without a year are read within half a year of publication
    (docs/annotation-guide.md), after it when planned and before it when past; a
    weekday printed with the date must match. So "met on March 4" allows the half
    year from each March 4 on, and "will meet in May" the half year up to each 31 May:

    >>> from parley.dates import find_dates
    >>> [met] = find_dates("They met on Friday, March 4.")
    >>> _allowed_days(met, "They met on Friday, March 4.", "past", range(2021, 2023))
    [(datetime.date(2022, 3, 4), datetime.date(2022, 9, 3))]
    """
    kind, groups = expression.kind, expression.groups
    if kind in (*FULL, "month_year", "part_month_year", "part_of_year"):
        interval = expression.resolve(None)
        if interval is None:
            return None
        if tense == "past":
            return [(interval.start, dt.date.max)]
        return [(dt.date.min, interval.end)]
    periods: Periods = []
    if kind in YEARLESS and not groups.get("day2"):
        month, number = month_number(groups), int(groups["day"])
        weekday = WEEKDAY_BEFORE.search(sentence[: expression.start])
        for year in years:
            try:
                when = dt.date(year, month, number)
            except ValueError:
                continue  # 29 February of a common year
            if weekday and WEEKDAY_NAMES[when.weekday()] != weekday.group(1).lower():
                continue
            if tense == "past":
                periods.append((when, when + HALF_YEAR))
            else:
                periods.append((when - HALF_YEAR, when - dt.timedelta(days=1)))
        return _runs(periods)
    if kind == "relative_month" and groups.get("rel", "").lower() == "in":
        month = month_number(groups)
        for year in years:
            first = dt.date(year, month, 1)
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
            if tense == "past":
                periods.append((first, first + HALF_YEAR))
            else:
                periods.append((last - HALF_YEAR, last))
        return _runs(periods)
    return None


def _infer_from_text(lines, kinds, reference: Reference) -> Publication:
    """An interval for an undated article, when its dated statements pin one down.

    The window is the terms of office of the titled people the body names; each
    date the body reports as past or planned narrows it (see `_allowed_days`). The
    result is recorded when the days left form one run of at most a year.
    """
    unknown = Publication(None, None, "unknown", "no date printed in the article")
    body = [line for line, kind in zip(lines, kinds, strict=True) if kind == "body"]
    constraints = list(_terms(body[:LEDE_LINES], reference))
    window = _window(constraints)
    if window is None:
        return unknown
    first, last = window
    # A date without a year allows days within half a year of one of its years: the
    # window's years and one on either side hold every one that can.
    years = range(first.year - 1, last.year + 2)
    days = _constraint_days(window, constraints)
    reasons = []
    for expression, sentence, tense in _dated_statements(body):
        allowed = _allowed_days(expression, sentence, tense, years)
        if allowed is not None:
            days = _both(days, allowed)
            word = "planned" if tense == "future" else "past"
            reasons.append(f"{expression.text!r} is {word}")
    if not reasons or len(days) != 1:
        return unknown
    start, end = days[0]
    if (end - start).days + 1 > WIDEST_INFERRED:
        return unknown
    interval = DateInterval(start, end)
    why = "; ".join(dict.fromkeys([*(why for _, why in constraints), *reasons]))
    note = f"no date printed; {why}: published between {interval.start} and {interval.end}"
    return Publication(interval, None, "inferred", note)
