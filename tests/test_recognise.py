"""Stage 3, recognise: people by name, alias, short name and role phrase."""

import datetime as dt

import pytest

from parley.recognise import PeopleContext, find_people, find_places
from parley.records import Location


def people(text, reference, day=dt.date(2019, 5, 14), named=()):
    context = PeopleContext(reference, day, list(named))
    return [(m.person_id, text[m.start : m.end]) for m in find_people(text, 0, context)]


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("Sergei Lavrov spoke.", dt.date(2019, 5, 14), [("sergey-lavrov", "Sergei Lavrov")]),
        ("Vladmir Putin spoke.", dt.date(2019, 5, 14), [("vladimir-putin", "Vladmir Putin")]),
        (
            "the US Secretary of State spoke.",
            dt.date(2019, 5, 14),
            [("mike-pompeo", "US Secretary of State")],
        ),
        (
            "the US Secretary of State spoke.",
            dt.date(2017, 5, 9),
            [("rex-tillerson", "US Secretary of State")],
        ),
        (
            "the Russian top diplomat spoke.",
            dt.date(2019, 5, 14),
            [("sergey-lavrov", "Russian top diplomat")],
        ),
        (
            "Russia's President spoke.",
            dt.date(2019, 5, 14),
            [("vladimir-putin", "Russia's President")],
        ),
        (
            "the President of Russia spoke.",
            dt.date(2009, 5, 14),
            [("dmitry-medvedev", "President of Russia")],
        ),
        (
            "the White House boss spoke.",
            dt.date(2019, 5, 14),
            [("donald-trump", "White House boss")],
        ),
        (
            "Biden's predecessor spoke.",
            dt.date(2022, 5, 14),
            [("joe-biden", "Biden"), ("donald-trump", "Biden's predecessor")],
        ),
    ],
)
def test_people_by_name_and_role(text, day, expected, reference):
    assert people(text, reference, day) == expected


def test_his_counterpart_is_the_same_office_in_the_other_country(reference):
    assert people("Lavrov called his US counterpart on Monday.", reference) == [
        ("sergey-lavrov", "Lavrov"),
        ("mike-pompeo", "his US counterpart"),
    ]


def test_a_role_phrase_resolves_to_a_person_the_article_names_when_the_date_is_unknown(reference):
    assert people(
        "The US president may receive him.", reference, day=None, named=["donald-trump"]
    ) == [("donald-trump", "US president")]
    assert people("The US president may receive him.", reference, day=None) == []


def test_a_former_office_holder_is_not_looked_up_by_date(reference):
    assert people("the former US Secretary of State spoke.", reference) == []


def test_places_need_a_locative_word(reference):
    text = "Moscow's position was clear when they met in Sochi and at the White House."
    assert [(p, s.quote) for p, s in find_places(text, 0, reference)] == [
        (Location.place("sochi"), "Sochi"),
        (Location.place("white-house"), "White House"),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # countries.json short_forms with stops: no sentence ends after them.
        (
            "The U.S. side met Lavrov. The D.P.R.K. envoy left.",
            ["The U.S. side met Lavrov.", "The D.P.R.K. envoy left."],
        ),
        (
            "Talks with the U.S.A. delegation went on. Lavrov left.",
            ["Talks with the U.S.A. delegation went on.", "Lavrov left."],
        ),
        ("Lavrov met Pompeo. Then he left.", ["Lavrov met Pompeo.", "Then he left."]),
    ],
)
def test_dotted_short_forms_of_countries_end_no_sentence(body, expected, reference):
    from parley.recognise import split_sentences
    from parley.records import Article, ParsedArticle, Segment

    segments = (Segment(0, len(body), "body"),)
    article = Article("x", body, "0" * 64)
    parsed = ParsedArticle(
        article, "", None, None, "unknown", "", None, "", "", "", (), segments, 0
    )
    sentences = split_sentences(parsed, short_forms=reference.dotted_short_forms)
    assert [s.text for s in sentences] == expected
