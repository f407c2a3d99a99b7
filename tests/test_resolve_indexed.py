"""Stage 5, resolve: the indexed grouping takes the same decisions as the rules read plainly.

`group_claims` keeps each meeting's interval, place and articles up to date as
claims join, and tests a claim only against the meetings an index offers (same
people and kind of contact, a shared day or a possible place). The oracle below
is the rule of parley/resolve.py written the plain way, re-reading every claim
of every meeting of the same people for each claim: on random claims (hypothesis)
both must make exactly the same meetings, in the same order, and date the same
undated articles.
"""

import datetime as dt

import pytest
from helpers import claim, tiny_reference
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.dates import find_dates, resolve_in_tense
from parley.interop import CALL_KINDS
from parley.records import DateInterval
from parley.resolve import (
    INDEXED_DAYS,
    ClaimGroup,
    InferredPublication,
    _candidate_offsets,
    _fitting_days,
    _places_compatible,
    group_claims,
    groups_by_article,
    infer_publication,
)

REFERENCE = tiny_reference()
D0 = dt.date(2021, 3, 1)
PEOPLE = (("anna-berg", "tomas-novak"), ("anna-berg", "lena-ruiz"))


# --- The oracle: the rules, re-folded on every test ---------------------------------------


def fold(claims):
    interval = None
    for c in claims:
        if c.interval is not None:
            interval = (
                c.interval if interval is None else (interval.intersection(c.interval) or interval)
            )
    return interval


def place_of(claims):
    best = None
    for c in claims:
        if c.place is not None and c.place.more_specific_than(best):
            best = c.place
    return best


def accepts(group, c):
    if c.participants != group[0].participants:
        return False
    if (c.kind in CALL_KINDS) not in {g.kind in CALL_KINDS for g in group}:
        return False
    mine = fold(group)
    if mine is not None and c.interval is not None and not mine.intersection(c.interval):
        return False
    return _places_compatible(place_of(group), c.place, REFERENCE)


def plain_groups(claims):
    dated = sorted(
        (c for c in claims if c.interval is not None),
        key=lambda c: (c.interval.days, c.interval.start, c.article_id, c.evidence.start),
    )
    undated = sorted(
        (c for c in claims if c.interval is None), key=lambda c: (c.article_id, c.evidence.start)
    )
    groups = []
    for c in dated:
        candidates = [g for g in groups if accepts(g, c)]
        if len(candidates) == 1 or (candidates and c.interval.days > 1):
            candidates[0].append(c)
        else:
            groups.append([c])
    for c in undated:
        candidates = [g for g in groups if accepts(g, c)]
        mine = [g for g in candidates if any(x.article_id == c.article_id for x in g)]
        if len(candidates) == 1 and not mine:
            candidates[0].append(c)
        else:
            groups.append([c])
    return groups


def plain_date_from_others(group, article_id):
    target = fold([c for c in group if c.article_id != article_id])
    return target if target is not None and target.days == 1 else None


EXPRESSIONS = ["", "yesterday", "on Tuesday", "2 March 2021", "March 2021", "March 4, 2021",
               "March 3"]  # fmt: skip


# --- Random claims -------------------------------------------------------------------------


@st.composite
def claims(draw):
    out = []
    for i in range(draw(st.integers(1, 14))):
        start = D0 + dt.timedelta(days=draw(st.integers(0, 6)))
        length = draw(st.sampled_from([None, 1, 1, 1, 3, 31, INDEXED_DAYS + 30]))
        day = None if length is None else (start, start + dt.timedelta(days=length - 1))
        out.append(
            claim(
                f"a{draw(st.integers(1, 5))}",
                draw(st.sampled_from(["held", "planned"])),
                day,
                people=draw(st.sampled_from(PEOPLE)),
                kind=draw(st.sampled_from(["talks", "talks", "phone_call", "visit"])),
                place=draw(st.sampled_from(["", "", "vienna", "hofburg", "geneva", "country:AT"])),
                at=i * 10,
                expression=draw(st.sampled_from(EXPRESSIONS)),
            )
        )
    return out


@settings(max_examples=150, deadline=None)
@given(claims())
def test_indexed_grouping_makes_the_meetings_the_plain_rules_make(drawn):
    assert [g.claims for g in group_claims(drawn, REFERENCE)] == plain_groups(drawn)


@settings(max_examples=100, deadline=None)
@given(claims())
def test_each_meeting_keeps_the_interval_place_and_articles_of_its_claims(drawn):
    for group in group_claims(drawn, REFERENCE):
        assert group.interval == fold(group.claims)
        assert group.place() == place_of(group.claims)
        assert group.article_ids == list(dict.fromkeys(c.article_id for c in group.claims))
        for article_id in group.article_ids:
            # Outvoted claims included: a group built by hand may hold claims that miss.
            by_hand = ClaimGroup(group.claims)
            assert by_hand.interval_without(article_id) == fold(
                [c for c in group.claims if c.article_id != article_id]
            )


def test_the_others_interval_refolds_when_a_claim_was_outvoted():
    # Built by hand (grouping never lets a missing claim in): the 12th is outvoted, and
    # without a3 the fold is a1's day again, not a2's.
    a1 = claim("a1", "held", (D0, D0 + dt.timedelta(days=9)))
    a2 = claim("a2", "held", D0 + dt.timedelta(days=11))
    a3 = claim("a3", "held", D0 + dt.timedelta(days=2))
    group = ClaimGroup([a1, a2, a3])
    assert group.interval == DateInterval.day(D0 + dt.timedelta(days=2))
    assert group.interval_without("a3") == a1.interval
    assert group.interval_without("a1") == a2.interval


TEXTS = (
    "The two ministers met in Vienna yesterday.",
    "The two ministers will meet on Tuesday.",
    "They met on Tuesday and spoke again yesterday.",
    # Dates with their year mean the same on every publication day (`DateRule.absolute`),
    # which `infer_publication` reads without trying each day; "March 3" has no year.
    "They met on 2 March 2021, again in March 2021 and on March 4, 2021, then on March 3.",
)


def plain_fitting_days(c, target, expressions):
    matching = [e for e in expressions if e.text == c.date_expression]
    if not matching:
        return set()
    expression = matching[0]
    held = c.reported_status == "held"
    fits = {
        target.start + dt.timedelta(days=offset)
        for offset in _candidate_offsets(expression)
        if resolve_in_tense(expression, target.start + dt.timedelta(days=offset), held) == target
    }
    return {d for d in fits if d >= target.start} if held else {d for d in fits if d <= target.end}


@pytest.mark.parametrize("expression", [e for e in EXPRESSIONS if e])
@pytest.mark.parametrize("status", ["held", "planned"])
@pytest.mark.parametrize("offset", [0, 1, 3, 300])
def test_the_days_fitting_an_expression_are_the_plain_rules_days(expression, status, offset):
    text = TEXTS[3] if expression not in ("yesterday", "on Tuesday") else TEXTS[2]
    expressions = {e.text: e for e in reversed(find_dates(text))}
    target = DateInterval.day(D0 + dt.timedelta(days=offset))
    c = claim("a1", status, expression=expression)
    fits = _fitting_days(c, target, expressions)
    assert fits == plain_fitting_days(c, target, expressions.values())
    if expression == "2 March 2021" and offset == 1:  # absolute, on its day: every day tried
        assert len(fits) == 371


def plain_infer(article_id, text, groups):
    """infer_publication as it was: each meeting once per claim, every claim re-read."""
    days, notes, upper, upper_note = None, [], None, ""
    for group in groups:
        target = plain_date_from_others(group, article_id)
        if target is None:
            continue
        for c in (c for c in group if c.article_id == article_id):
            fits = plain_fitting_days(c, target, find_dates(text))
            if fits and len(fits) <= 370:
                days = fits if days is None else days & fits
                if len(fits) == 1:
                    notes.append(
                        f"reports as {c.reported_status} {c.date_expression!r} the "
                        f"meeting other articles date to {target.start.isoformat()}"
                    )
            if c.reported_status == "planned" and (upper is None or target.start < upper):
                upper = target.start
                upper_note = (
                    f"previews as planned the meeting other articles date to "
                    f"{target.start.isoformat()}"
                )
    if days and len(days) == 1:
        day = next(iter(days))
        note = "; ".join(dict.fromkeys(notes)) + f": published {day.isoformat()}"
        return InferredPublication(DateInterval.day(day), note)
    if days and upper:
        candidates = sorted(d for d in days if d <= upper)
        if candidates:
            interval = DateInterval(candidates[0], candidates[-1])
            note = upper_note + f": published between {interval.start} and {interval.end}"
            return InferredPublication(interval, note)
    return None


@settings(max_examples=150, deadline=None)
@given(claims(), st.sampled_from(TEXTS))
def test_undated_articles_are_dated_as_the_plain_rules_date_them(drawn, text):
    groups = group_claims(drawn, REFERENCE)
    by_article = groups_by_article(groups)
    plain = plain_groups(drawn)
    for article_id in {c.article_id for c in drawn}:
        mine = by_article[article_id]
        assert mine == [g for g in groups if g.claims_of(article_id)]
        # The plain way listed a meeting once per claim of the article.
        listed = [g for g in plain for c in g if c.article_id == article_id]
        assert infer_publication(article_id, text, mine) == plain_infer(article_id, text, listed)


def test_a_date_is_inferred_in_the_random_cases_too():
    # The property above compares something: this draw dates a2 to the day after a1's.
    drawn = [claim("a1", "held", D0), claim("a2", "held", expression="yesterday")]
    [group] = group_claims(drawn, REFERENCE)
    assert plain_infer("a2", TEXTS[0], [group.claims]).interval == DateInterval.day(
        D0 + dt.timedelta(days=1)
    )
    assert infer_publication("a2", TEXTS[0], [group]) == plain_infer("a2", TEXTS[0], [group.claims])
