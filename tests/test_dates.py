"""Date expressions resolved against a publication day (docs/annotation-guide.md)."""

import datetime as dt

import pytest

from parley.dates import find_dates, resolve_in_tense

FRIDAY = dt.date(2019, 5, 10)
TUESDAY = dt.date(2019, 12, 10)


def resolve(text: str, day: dt.date | None, past: bool = False) -> tuple[str, str, str] | None:
    [expression] = find_dates(text)
    interval = resolve_in_tense(expression, day, past)
    return (
        (expression.text, interval.start.isoformat(), interval.end.isoformat())
        if interval
        else None
    )


@pytest.mark.parametrize(
    ("text", "day", "past", "expected"),
    [
        ("on December 10", TUESDAY, False, ("December 10", "2019-12-10", "2019-12-10")),
        ("on April 12", dt.date(2017, 5, 9), True, ("April 12", "2017-04-12", "2017-04-12")),
        ("10 May, 2019", None, False, ("10 May, 2019", "2019-05-10", "2019-05-10")),
        ("10th December, 2019", None, False, ("10th December, 2019", "2019-12-10", "2019-12-10")),
        ("date 2017-05-09", None, False, ("2017-05-09", "2017-05-09", "2017-05-09")),
        ("on Sept. 5-6", FRIDAY, False, ("Sept. 5-6", "2019-09-05", "2019-09-06")),
        ("on Wednesday", TUESDAY, False, ("on Wednesday", "2019-12-11", "2019-12-11")),
        ("on Tuesday", TUESDAY, False, ("on Tuesday", "2019-12-10", "2019-12-10")),
        ("met on Monday", TUESDAY, True, ("on Monday", "2019-12-09", "2019-12-09")),
        ("last Friday", FRIDAY, True, ("last Friday", "2019-05-03", "2019-05-03")),
        ("yesterday", TUESDAY, True, ("yesterday", "2019-12-09", "2019-12-09")),
        ("tomorrow", TUESDAY, False, ("tomorrow", "2019-12-11", "2019-12-11")),
        ("next week", FRIDAY, False, ("next week", "2019-05-13", "2019-05-19")),
        ("earlier this week", FRIDAY, True, ("earlier this week", "2019-05-06", "2019-05-09")),
        ("last September", TUESDAY, True, ("last September", "2019-09-01", "2019-09-30")),
        ("last May", TUESDAY, True, ("last May", "2019-05-01", "2019-05-31")),
        ("last May", dt.date(2019, 3, 1), True, ("last May", "2018-05-01", "2018-05-31")),
        ("mid-July", FRIDAY, False, ("mid-July", "2019-07-11", "2019-07-20")),
        ("early September", FRIDAY, False, ("early September", "2019-09-01", "2019-09-10")),
        (
            "at the end of last year",
            FRIDAY,
            True,
            ("at the end of last year", "2018-12-01", "2018-12-31"),
        ),
        ("in May 2017", TUESDAY, True, ("May 2017", "2017-05-01", "2017-05-31")),
        ("a 2018 summit", TUESDAY, True, ("a 2018 summit", "2018-01-01", "2018-12-31")),
        (
            "Earlier in May",
            dt.date(2017, 5, 9),
            True,
            ("Earlier in May", "2017-05-01", "2017-05-08"),
        ),
        ("Thursday, April 12, 2017", None, True, ("April 12, 2017", "2017-04-12", "2017-04-12")),
    ],
)
def test_expression_resolves_to_interval(text, day, past, expected):
    assert resolve(text, day, past) == expected


@pytest.mark.parametrize(
    "text", ["yesterday", "on Wednesday", "next week", "last May", "December 10"]
)
def test_relative_dates_stay_unknown_without_a_publication_date(text):
    assert resolve(text, None) is None


def test_may_the_verb_is_not_a_month():
    assert find_dates("The president may receive Lavrov") == []
