"""Date expressions resolved against a publication day (docs/annotation-guide.md)."""

import datetime as dt
from dataclasses import replace

import pytest

from parley.dates import COUNT_WORDS, RULES, DateRule, find_dates, resolve_in_tense
from parley.records import DateInterval

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
        # Weekends: Saturday and Sunday; "over the weekend" past unless the verb is not.
        ("over the weekend", TUESDAY, True, ("over the weekend", "2019-12-07", "2019-12-08")),
        ("over the weekend", TUESDAY, False, ("over the weekend", "2019-12-14", "2019-12-15")),
        ("this weekend", TUESDAY, False, ("this weekend", "2019-12-14", "2019-12-15")),
        ("last weekend", TUESDAY, True, ("last weekend", "2019-12-07", "2019-12-08")),
        # "ago": that day, or that week give or take three days.
        ("three days ago", TUESDAY, True, ("three days ago", "2019-12-07", "2019-12-07")),
        ("two weeks ago", TUESDAY, True, ("two weeks ago", "2019-11-23", "2019-11-29")),
    ],
)
def test_expression_resolves_to_interval(text, day, past, expected):
    assert resolve(text, day, past) == expected


APRIL_22 = dt.date(2022, 4, 22)


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # Two days joined by "and" are the days of one occasion: the interval of both.
        (
            "On April 21 and 22, they met",
            APRIL_22,
            [("April 21 and 22", "2022-04-21", "2022-04-22")],
        ),
        ("on May 3 and 4, 2022", None, [("May 3 and 4, 2022", "2022-05-03", "2022-05-04")]),
        ("on 3 and 4 May 2022", None, [("3 and 4 May 2022", "2022-05-03", "2022-05-04")]),
        ("April 30 and May 1", APRIL_22, [("April 30 and May 1", "2022-04-30", "2022-05-01")]),
        (
            "on April 30th and May 1st, 2021",
            None,
            [("April 30th and May 1st, 2021", "2021-04-30", "2021-05-01")],
        ),
        # Across a month, "and" joins only a month's last days to the next month's first.
        (
            "on April 3 and May 1",
            APRIL_22,
            [("April 3", "2022-04-03", "2022-04-03"), ("May 1", "2022-05-01", "2022-05-01")],
        ),
        (
            "on April 30 and May 20",
            APRIL_22,
            [("April 30", "2022-04-30", "2022-04-30"), ("May 20", "2022-05-20", "2022-05-20")],
        ),
        # After "between", "and" joins the ends of a span.
        (
            "between May 3 and May 5",
            APRIL_22,
            [("between May 3 and May 5", "2022-05-03", "2022-05-05")],
        ),
        (
            "between May 30 and June 2, 2021",
            None,
            [("between May 30 and June 2, 2021", "2021-05-30", "2021-06-02")],
        ),
        ("between May 3 and 5", APRIL_22, [("May 3 and 5", "2022-05-03", "2022-05-05")]),
        ("from May 3 to 5", APRIL_22, [("May 3 to 5", "2022-05-03", "2022-05-05")]),
        ("from May 3 to May 5", APRIL_22, [("May 3 to May 5", "2022-05-03", "2022-05-05")]),
    ],
)
def test_two_days_joined_are_one_interval(text, day, expected):
    found = []
    for expression in find_dates(text):
        interval = resolve_in_tense(expression, day, False)
        found.append((expression.text, interval.start.isoformat(), interval.end.isoformat()))
    assert found == expected


def test_between_without_a_year_needs_a_day():
    [expression] = find_dates("between May 3 and May 5")
    assert resolve_in_tense(expression, None, True) is None


@pytest.mark.parametrize(
    "text", ["yesterday", "on Wednesday", "next week", "last May", "December 10"]
)
def test_relative_dates_stay_unknown_without_a_publication_date(text):
    assert resolve(text, None) is None


def test_may_the_verb_is_not_a_month():
    assert find_dates("The president may receive Lavrov") == []


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda rule: rule.kind)
def test_every_rule_finds_its_example_whole(rule):
    [found] = find_dates(f"They spoke {rule.example}.")
    assert (found.kind, found.text) == (rule.kind, rule.example)


@pytest.mark.parametrize("rule", [r for r in RULES.rules if r.absolute], ids=lambda rule: rule.kind)
def test_an_absolute_rule_means_the_same_on_every_reference_day(rule):
    [found] = find_dates(f"They spoke {rule.example}.")
    meaning = resolve_in_tense(found, None, True)
    assert meaning is not None
    for day in (FRIDAY, dt.date(2000, 1, 1), dt.date(2031, 12, 31)):
        for past in (True, False):
            assert resolve_in_tense(found, day, past) == meaning


def test_a_rule_reading_the_reference_day_cannot_be_absolute():
    with pytest.raises(ValueError, match="absolute"):
        DateRule("x", r"\bx\b", ("x",), lambda g, ref: None, needs_reference=True, absolute=True)


FORTNIGHT_AGO = DateRule(
    "fortnight_ago",
    r"\ba fortnight ago\b",
    ("fortnight",),
    lambda groups, ref: DateInterval.day(ref - dt.timedelta(days=14)),
    needs_reference=True,
    example="a fortnight ago",
)


def test_a_date_phrase_is_one_new_rule():
    text = "They met a fortnight ago."
    assert find_dates(text) == []
    [found] = find_dates(text, RULES.adding(FORTNIGHT_AGO))
    assert (found.start, found.end, found.text, found.kind) == (
        9,
        24,
        "a fortnight ago",
        "fortnight_ago",
    )
    assert resolve_in_tense(found, FRIDAY, past=True) == DateInterval(
        dt.date(2019, 4, 26), dt.date(2019, 4, 26)
    )
    assert found.resolve(None) is None  # relative: nothing without a publication day
    assert RULES.get("fortnight_ago") is None  # the module's own table is unchanged


def test_a_new_rule_competes_leftmost_longest_with_the_others():
    rules = RULES.adding(FORTNIGHT_AGO, before="in_year")
    found = find_dates("Lavrov flew in a fortnight ago, and on Monday met Blinken.", rules)
    assert [(e.text, e.kind) for e in found] == [
        ("a fortnight ago", "fortnight_ago"),
        ("on Monday", "weekday"),
    ]
    assert [r.kind for r in rules.rules][-2:] == ["fortnight_ago", "in_year"]


def test_a_rule_finds_nothing_without_its_anchor_word():
    # The anchors say where to try the pattern: a wrong one means the phrase is not found.
    # ("ago" is another rule's anchor, so the phrase here has none of any rule's words.)
    unanchored = DateRule(
        "fortnight_hence",
        r"\ba fortnight hence\b",
        ("weeks",),
        FORTNIGHT_AGO.resolve,
        needs_reference=True,
    )
    assert find_dates("They meet a fortnight hence.", RULES.adding(unanchored)) == []


def test_two_rules_of_one_kind_are_refused():
    with pytest.raises(ValueError, match="share a kind"):
        RULES.adding(replace(FORTNIGHT_AGO, kind="weekday"))


def test_a_rule_of_unknown_precision_is_refused():
    with pytest.raises(ValueError, match="precision 'week'"):
        replace(FORTNIGHT_AGO, precision="week")


@pytest.mark.parametrize("word", sorted(COUNT_WORDS))
def test_every_count_word_counts_in_each_pattern_that_counts_days(word):
    # The patterns are written from dates.COUNT_WORDS, so a word added there counts everywhere.
    from parley.extract import BREAK, DAYS_APART, DAYS_LATER

    assert DAYS_LATER.search(f"They met again {word} days later.").group("n") == word
    assert DAYS_APART.search(f"The talks began, {word} days after the vote.").group("n") == word
    assert BREAK.search(f"{word} days later they left") is not None
    assert [e.text for e in find_dates(f"They met {word} days ago.")] == [f"{word} days ago"]
