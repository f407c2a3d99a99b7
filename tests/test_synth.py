"""The synthetic article generator: deterministic, varied, realistic in size and vocabulary.

These tests check the generator against the reference data only. Its output
is load for benchmarks, never expected results for the extractor.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
import statistics
from collections import Counter

import pytest

from parley.tools.synth import (
    BIG_EVENTS,
    _event,
    _has_trips,
    _held_date,
    _planned_date,
    _Pools,
    event_of,
    file_name,
    generate,
    write_corpus,
)


@pytest.fixture(scope="module")
def pools(reference) -> _Pools:
    return _Pools(reference)


@pytest.fixture(scope="module")
def sample(reference) -> list[str]:
    return [a.text for a in generate(240, reference, seed=42)]


def test_the_same_seed_gives_the_same_articles_and_another_seed_others(reference):
    first = list(generate(9, reference, seed=1))
    assert first == list(generate(9, reference, seed=1))
    assert [a.text for a in first] != [a.text for a in generate(9, reference, seed=2)]


def test_a_smaller_corpus_is_the_start_of_a_larger_one(reference):
    small = [a.text for a in generate(8, reference, seed=4)]
    large = [a.text for a in generate(20, reference, seed=4)]
    assert large[:8] == small
    assert [a.text for a in generate(5, reference, seed=4, start=3)] == large[3:8]


def test_articles_are_about_two_and_a_half_kilobytes(sample):
    sizes = [len(text.encode("utf-8")) for text in sample]
    assert 2200 <= statistics.mean(sizes) <= 2900
    assert min(sizes) >= 1500 and max(sizes) <= 4500


def test_participants_hold_office_on_the_day_and_serve_different_countries(pools):
    for n in range(300):
        event = _event(pools, random.Random(f"event-test:{n}"))
        assert event.a.office.covers(event.day) and event.b.office.covers(event.day)
        assert event.a.office.country != event.b.office.country
        if event.place is not None:  # "A hosted B": the first official is the host
            home = pools.reference.countries[event.a.office.country]
            city = pools.reference.city_of(event.place.place_id)
            assert event.place.country == home.code or city.place_id == home.capital


def test_us_presidents_and_secretaries_meet_abroad_only_on_a_recorded_trip(pools):
    abroad = 0
    for n in range(600):
        event = _event(pools, random.Random(f"trip-test:{n}"))
        if event.place is None or event.cancelled:
            continue
        for official in (event.a, event.b):
            if _has_trips(official, pools) and event.place.country != "US":
                abroad += 1
                trips = pools.trips[official.person.person_id]
                assert any(
                    start <= event.day <= end and country == event.place.country
                    for start, end, country in trips
                ), (official.person.person_id, event.day, event.place.country)
    assert abroad > 5, "some events are trips abroad"


def test_role_phrases_come_from_roles_json_and_adjectives_from_countries_json(pools, reference):
    phrases = {r.phrase for r in reference.role_phrases}
    for official, _ in pools.officials:
        assert set(official.phrases) <= phrases
        adjectives = reference.countries[official.office.country].adjectives
        assert official.adjective in adjectives


WEEKDAY = "|".join(calendar.day_name)
MONTH = "|".join(calendar.month_name[1:])


@pytest.mark.parametrize(
    "pattern",
    [
        # dates: absolute and relative
        rf"\b(?:{MONTH}) \d{{1,2}}\b",
        rf"\b\d{{1,2}} (?:{MONTH}), \d{{4}}\b",
        r"\byesterday\b",
        r"\bnext week\b",
        rf"\blast (?:{WEEKDAY})\b",
        rf"\bon (?:{WEEKDAY})\b",
        r"\bearlier this week\b",
        rf"\blast (?:{MONTH})\b",
        rf"\bmid-(?:{MONTH})\b",
        rf"\bin (?:{MONTH}) \d{{4}}\b",
        # statuses
        r"\bwill meet\b",
        r"\bis expected to\b",
        r"\bis scheduled to\b",
        r"\bmet\b",
        r"\bheld talks\b",
        r"\bhosted\b",
        r"\bcalled off\b",
        # sentences that are not meetings
        r"\bhas met \w+ \w+ times\b",
        r"\bNo meeting between\b",
        r'"[^"]+," \w+ (?:told reporters|said)',
        # page furniture
        r"(?m)^[A-Z][A-Z .'-]+ \([^()\n]+\) [-—] ",
        r"(?m)^\d{1,2} \w+, \d{4} \d\d:\d\d$",
        r"(?m)^ date \d{4}-\d\d-\d\d Register$",
        r"(?m)^Also on \S+\.\w+ ",
        r"Photo: ",
    ],
)
def test_the_corpus_uses_every_kind_of_expression(sample, pattern):
    assert any(re.search(pattern, text) for text in sample), pattern


def test_places_topics_and_outlets_come_from_the_reference_data(sample, reference):
    text = "\n".join(sample)
    assert sum(place.name in text for place in reference.places.values()) >= 40
    assert sum(topic.aliases[0] in text for topic in reference.topics.values()) >= 30
    assert sum(f"({o.names[0]})" in text for o in reference.sources.values()) >= 20


DAYS = [dt.date(2019, 5, 1) + dt.timedelta(days=n) for n in range(0, 400, 3)]


@pytest.mark.parametrize("published", DAYS[::7])
def test_relative_dates_say_what_they_mean(published):
    """Each phrase describes the meeting day as the annotation guide reads it."""
    rng = random.Random(published.toordinal())
    for offset in range(1, 40):
        day = published - dt.timedelta(days=offset)
        phrase = _held_date(rng, published, day)
        if phrase == "yesterday":
            assert offset == 1
        elif m := re.fullmatch(rf"last ({WEEKDAY})", phrase):
            assert 1 <= offset <= 7 and calendar.day_name[day.weekday()] == m[1]
        elif phrase == "earlier this week":
            assert day.isocalendar()[:2] == published.isocalendar()[:2]
        elif m := re.fullmatch(rf"last ({MONTH})", phrase):
            assert calendar.month_name[day.month] == m[1]
            assert (day.year == published.year and day.month < published.month) or (
                day.year == published.year - 1 and day.month >= published.month
            )
        elif m := re.fullmatch(rf"mid-({MONTH})", phrase):
            assert 12 <= day.day <= 18 and day.year == published.year
        later = published + dt.timedelta(days=offset)
        phrase = _planned_date(rng, published, later)
        if phrase == "tomorrow":
            assert offset == 1
        elif m := re.fullmatch(rf"on ({WEEKDAY})", phrase):
            assert offset <= 6 and calendar.day_name[later.weekday()] == m[1]
        elif phrase == "next week":
            monday = published - dt.timedelta(days=published.weekday())
            assert 7 <= (later - monday).days < 14


def test_write_corpus_names_files_in_generation_order_and_leaves_no_temporary(tmp_path, reference):
    written = write_corpus(12, tmp_path, reference, seed=0)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert (
        names == [file_name(i, 12) for i in range(12)] == [f"synth-{i:06d}.txt" for i in range(12)]
    )
    assert written == sum((tmp_path / n).stat().st_size for n in names)
    assert file_name(5, 10_000_000) == "synth-0000005.txt"


def test_most_articles_print_no_publication_date_as_on_real_pages(sample, reference):
    # Real pages: 57% of the State Department corpus print no date (UNDATED_SHARE).
    from parley.parse import parse_article
    from parley.records import Article

    # Some of those the parser still dates from the text ("inferred"), as on real pages.
    undated = [
        parse_article(Article(f"s{i}.txt", text, f"{i:064d}"), reference).published_basis
        != "stated"
        for i, text in enumerate(sample)
    ]
    assert 0.45 <= sum(undated) / len(undated) <= 0.70


def test_a_few_big_events_are_reported_by_hundreds_of_articles():
    reports = Counter(event_of(0, i)[0] for i in range(3000))
    big = [(key, n) for key, n in reports.most_common() if key.startswith("big:")]
    assert len(big) == BIG_EVENTS
    assert big[0][1] >= 100  # the biggest: about a third of the big-event articles
    assert max(n for key, n in reports.items() if key.startswith("event:")) <= 3
    # Article i's event depends on (seed, i) only: a slice draws the same events.
    assert [event_of(0, i) for i in range(2000, 2010)] == [
        event_of(0, i) for i in range(2000, 2010)
    ]
    assert [event_of(1, i) for i in range(200)] != [event_of(0, i) for i in range(200)]
