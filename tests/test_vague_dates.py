"""Vague dates resolve to the intervals docs/annotation-guide.md ("Vague dates") gives."""

import datetime as dt

import pytest

from parley.dates import find_dates, resolve_in_tense

WEDNESDAY = dt.date(2022, 6, 15)  # a Wednesday in mid-June
SUNDAY = dt.date(2022, 6, 19)
NEW_YEAR = dt.date(2022, 1, 1)
NEW_YEARS_EVE = dt.date(2022, 12, 31)


def interval(text: str, day: dt.date | None, past: bool = False) -> tuple[str, str, str] | None:
    [expression] = find_dates(text)
    found = resolve_in_tense(expression, day, past)
    if found is None:
        return None
    return expression.text, found.start.isoformat(), found.end.isoformat()


@pytest.mark.parametrize(
    ("text", "day", "past", "expected"),
    [
        # parts of a month: early 1-10, mid 11-20, late (the end) 21-last day
        ("in early May", WEDNESDAY, True, ("early May", "2022-05-01", "2022-05-10")),
        ("in mid-May", WEDNESDAY, True, ("mid-May", "2022-05-11", "2022-05-20")),
        ("in late May", WEDNESDAY, True, ("late May", "2022-05-21", "2022-05-31")),
        ("at the end of May", WEDNESDAY, True, ("the end of May", "2022-05-21", "2022-05-31")),
        ("in late February", WEDNESDAY, True, ("late February", "2022-02-21", "2022-02-28")),
        ("late February 2024", None, True, ("late February 2024", "2024-02-21", "2024-02-29")),
        ("in mid-July", WEDNESDAY, False, ("mid-July", "2022-07-11", "2022-07-20")),
        ("early next month", WEDNESDAY, False, ("early next month", "2022-07-01", "2022-07-10")),
        ("late last month", WEDNESDAY, True, ("late last month", "2022-05-21", "2022-05-31")),
        (
            "the end of this month",
            WEDNESDAY,
            False,
            ("the end of this month", "2022-06-21", "2022-06-30"),
        ),
        # parts of a year: early Jan-Apr, mid May-Aug, late Sep-Dec; the end = December
        ("in early 2022", None, True, ("early 2022", "2022-01-01", "2022-04-30")),
        ("in mid-2022", None, True, ("mid-2022", "2022-05-01", "2022-08-31")),
        ("in late 2022", None, True, ("late 2022", "2022-09-01", "2022-12-31")),
        ("at the end of 2021", None, True, ("the end of 2021", "2021-12-01", "2021-12-31")),
        (
            "at the end of last year",
            WEDNESDAY,
            True,
            ("at the end of last year", "2021-12-01", "2021-12-31"),
        ),
        (
            "at the beginning of next year",
            WEDNESDAY,
            False,
            ("at the beginning of next year", "2023-01-01", "2023-01-31"),
        ),
        ("early next year", WEDNESDAY, False, ("early next year", "2023-01-01", "2023-04-30")),
        ("late this year", WEDNESDAY, False, ("late this year", "2022-09-01", "2022-12-31")),
        # relative stretches, counted from the day after (or up to the day before) publication
        ("next month", WEDNESDAY, False, ("next month", "2022-07-01", "2022-07-31")),
        ("next month", NEW_YEARS_EVE, False, ("next month", "2023-01-01", "2023-01-31")),
        ("later this year", WEDNESDAY, False, ("later this year", "2022-06-16", "2022-12-31")),
        ("earlier this year", WEDNESDAY, True, ("earlier this year", "2022-01-01", "2022-06-14")),
        ("later this month", WEDNESDAY, False, ("later this month", "2022-06-16", "2022-06-30")),
        ("later this week", WEDNESDAY, False, ("later this week", "2022-06-16", "2022-06-19")),
        (
            "in the coming days",
            WEDNESDAY,
            False,
            ("in the coming days", "2022-06-16", "2022-06-29"),
        ),
        ("in the days ahead", WEDNESDAY, False, ("in the days ahead", "2022-06-16", "2022-06-29")),
        (
            "in the coming weeks",
            WEDNESDAY,
            False,
            ("in the coming weeks", "2022-06-16", "2022-08-10"),
        ),
        ("in recent days", WEDNESDAY, True, ("in recent days", "2022-06-01", "2022-06-14")),
    ],
)
def test_vague_date_interval(text, day, past, expected):
    assert interval(text, day, past) == expected


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("by the end of the year", WEDNESDAY),  # a deadline: the event may come any time before
        ("by the end of next month", WEDNESDAY),
        ("later this year", NEW_YEARS_EVE),  # nothing of the year is left
        ("earlier this year", NEW_YEAR),
        ("later this week", SUNDAY),
        ("in the coming days", None),  # relative: needs the publication day
        ("late this year", None),
    ],
)
def test_vague_date_without_an_interval(text, day):
    assert interval(text, day) is None
