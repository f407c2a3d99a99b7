"""Stage 5, resolve: one row per event, and its status as of the latest report.

Hand-made claims (tests/helpers.py `claim`, no article text) on the tiny reference, and
two short articles of one summit built end to end (docs/annotation-guide.md, "Meetings").
"""

import datetime as dt

import pytest
from helpers import claim, rows, tiny_reference

from parley.resolve import resolve_meetings

D = dt.date
AB = ("anna-berg", "tomas-novak")
REFERENCE = tiny_reference()
JUN16 = D(2021, 6, 16)
WEEK = (D(2021, 6, 14), D(2021, 6, 20))


def _summary(meetings):
    return sorted(
        (
            m.participants,
            m.interval.start if m.interval else None,
            m.interval.end if m.interval else None,
            m.status,
            m.status_as_of,
            m.article_count,
        )
        for m in meetings
    )


@pytest.mark.parametrize(
    ("claims", "published", "expected"),
    [
        # A held report after a planned one: held as of the later report.
        (
            [claim("a1", "planned", JUN16), claim("a2", "held", WEEK)],
            {"a1": D(2021, 6, 10), "a2": D(2021, 6, 21)},
            [(AB, JUN16, JUN16, "held", D(2021, 6, 21), 2)],
        ),
        # A planned report dated after the held one is the latest: it is what was said last.
        (
            [claim("a1", "held", JUN16), claim("a2", "planned", WEEK)],
            {"a1": D(2021, 6, 16), "a2": D(2021, 6, 10)},
            [(AB, JUN16, JUN16, "held", D(2021, 6, 16), 2)],
        ),
    ],
)
def test_status_as_of_the_latest_report(claims, published, expected):
    published = {a: (None if d is None else _day(d)) for a, d in published.items()}
    assert _summary(resolve_meetings(claims, published, REFERENCE)) == expected


def _day(day):
    from parley.records import DateInterval

    return DateInterval.day(day)


def _merged(*groups_of_claims):
    """`_merge_overlapping` on meetings made as given (one list of claims each), as
    grouping would have left them: (place, number of claims) of each meeting left."""
    from parley.resolve import ClaimGroup, _Meetings, _merge_overlapping

    groups = [ClaimGroup(claims) for claims in groups_of_claims]
    index = _Meetings()
    for group in groups:
        index.add(group, REFERENCE)
    left = _merge_overlapping(groups, {(AB, False): index}, REFERENCE)
    return sorted((g.place().code if g.place() else "", len(g.claims)) for g in left)


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        # A week in Vienna and a day in it: each the other's only match, one meeting.
        (
            [[claim("a1", "held", WEEK, place="vienna")], [claim("a2", "held", JUN16)]],
            [("vienna", 2)],
        ),
        # Planned, then held: compatible.
        (
            [[claim("a1", "planned", WEEK)], [claim("a2", "held", JUN16, place="geneva")]],
            [("geneva", 2)],
        ),
        # Held and cancelled are not one event.
        (
            [[claim("a1", "cancelled", WEEK)], [claim("a2", "held", JUN16)]],
            [("", 1), ("", 1)],
        ),
        # Places that disagree: two events.
        (
            [
                [claim("a1", "held", WEEK, place="vienna")],
                [claim("a2", "held", JUN16, place="geneva")],
            ],
            [("geneva", 1), ("vienna", 1)],
        ),
        # A day that either of two meetings (Vienna, Geneva) could be: not guessed.
        (
            [
                [claim("a1", "held", WEEK, place="vienna")],
                [claim("a2", "held", JUN16, place="geneva")],
                [claim("a3", "held", JUN16)],
            ],
            [("", 1), ("geneva", 1), ("vienna", 1)],
        ),
        # Intervals that do not meet: two events.
        (
            [[claim("a1", "held", WEEK)], [claim("a2", "held", D(2021, 6, 23))]],
            [("", 1), ("", 1)],
        ),
    ],
)
def test_overlapping_rows_of_one_dyad_are_one_event(groups, expected):
    assert _merged(*groups) == expected


SUMMIT_PLANNED = """Leaders to meet

June 10, 2021

President Biden will meet with President Putin in Geneva on June 16.
"""

SUMMIT_RECALLED = """A week of diplomacy

June 21, 2021

That is why President Biden thought it was so important to meet with President Putin \
in Geneva last week.
"""


def test_summit_is_one_row_held_as_of_the_latest_report(tmp_path):
    from parley.build import build

    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "a.txt").write_text(SUMMIT_PLANNED, encoding="utf-8")
    (seeds / "b.txt").write_text(SUMMIT_RECALLED, encoding="utf-8")
    out = tmp_path / "out"
    build(seeds, out)
    meetings = rows(out, "meetings")
    assert [
        (
            m["date_start"],
            m["date_end"],
            m["city"],
            m["status"],
            m["status_as_of"],
            m["article_count"],
        )
        for m in meetings
    ] == [("2021-06-16", "2021-06-16", "Geneva", "held", "2021-06-21", "2")]
