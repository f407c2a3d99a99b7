"""Stage 4, extract: small hand-written articles, one rule each (docs/annotation-guide.md)."""

import datetime as dt

import pytest
from helpers import claims_of

TUESDAY = dt.date(2023, 3, 14)
PAIR = ("antony-blinken", "sergey-lavrov")


def article(*paragraphs: str) -> str:
    return "Diplomats meet\n\n14 March, 2023\n\n" + "\n\n".join(paragraphs) + "\n"


def claims(*paragraphs: str) -> set[tuple]:
    return claims_of(article(*paragraphs), _reference(), TUESDAY)


_cache = {}


def _reference():
    from parley.reference import load_reference

    if "ref" not in _cache:
        _cache["ref"] = load_reference()
    return _cache["ref"]


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Blinken will meet Lavrov in Geneva on Friday.", "planned"),
        ("Blinken is expected to meet Lavrov in Geneva on Friday.", "planned"),
        ("Blinken is to meet Lavrov in Geneva on Friday.", "planned"),
        ("Blinken is scheduled to meet Lavrov in Geneva on Friday.", "planned"),
        ("Blinken plans to hold talks with Lavrov in Geneva on Friday.", "planned"),
        ("Blinken met Lavrov in Geneva on Friday.", "held"),
        ("Blinken held talks with Lavrov in Geneva on Friday.", "held"),
        ("Blinken and Lavrov held talks in Geneva on Friday.", "held"),
        ("The meeting between Blinken and Lavrov took place in Geneva on Friday.", "held"),
        ("The meeting between Blinken and Lavrov in Geneva on Friday was cancelled.", "cancelled"),
        ("Blinken called off his meeting with Lavrov in Geneva on Friday.", "cancelled"),
    ],
)
def test_status_cues(sentence, status):
    # A cancelled "on Friday" is the Friday it was planned for, ahead.
    friday = "2023-03-10" if status == "held" else "2023-03-17"
    assert claims(sentence) == {(PAIR, "talks", status, (friday, friday), "geneva")}


def test_a_head_of_state_receiving_a_minister_is_a_visit_and_may_receive_is_planned():
    assert claims(
        "The US President may receive Russian Foreign Minister Sergey Lavrov at the White House on Thursday."
    ) == {
        (
            ("joe-biden", "sergey-lavrov"),
            "visit",
            "planned",
            ("2023-03-16", "2023-03-16"),
            "white-house",
        )
    }


def test_hosted_is_held():
    assert claims(
        "Chinese President Xi Jinping hosted Brazilian President Luiz Inacio Lula da Silva in Beijing on Friday."
    ) == {
        (
            ("luiz-inacio-lula-da-silva", "xi-jinping"),
            "summit",
            "held",
            ("2023-03-10", "2023-03-10"),
            "beijing",
        )
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "No meeting between Blinken and Lavrov has been planned.",
        "Blinken will not meet Lavrov in Geneva.",
        "There are no plans for Blinken to meet Lavrov.",
    ],
)
def test_negations_are_no_meeting(sentence):
    assert claims(sentence) == set()


def test_an_aggregate_is_no_meeting_but_the_occasion_it_names_is():
    assert claims(
        "Putin has met Xi Jinping forty times, including a summit in Moscow in March 2023."
    ) == {
        (("vladimir-putin", "xi-jinping"), "summit", "held", ("2023-03-01", "2023-03-31"), "moscow")
    }
    assert (
        claims("Blinken has met Lavrov six times and had eleven phone conversations with him.")
        == set()
    )


def test_an_undated_invitation_is_no_meeting():
    assert (
        claims(
            "Lavrov invited his US counterpart Antony Blinken to visit Moscow at any convenient time."
        )
        == set()
    )


def test_a_related_story_link_is_not_a_claim():
    assert (
        claims("Also on rt.com Blinken met Lavrov in Geneva last week", "Lavrov spoke about Syria.")
        == set()
    )


def test_a_caption_gives_the_place_of_a_meeting_the_body_reports():
    assert claims(
        "Blinken met Lavrov on Friday, March 10, to discuss Ukraine.",
        "Blinken and Lavrov before their talks in Geneva, March 10, 2023 Photo: Reuters",
    ) == {(PAIR, "talks", "held", ("2023-03-10", "2023-03-10"), "geneva")}


def test_a_caption_alone_makes_no_meeting():
    assert claims("Blinken shook hands with Lavrov in Geneva Photo: AP") == set()


def test_several_sentences_about_one_encounter_are_one_claim():
    assert claims(
        "Blinken will meet Lavrov in Geneva on Friday.",
        "The two ministers are expected to discuss Ukraine when they meet.",
        "Blinken said the talks with Lavrov would be difficult.",
    ) == {(PAIR, "talks", "planned", ("2023-03-17", "2023-03-17"), "geneva")}


def test_an_unknown_person_named_with_a_role_is_recognised_and_not_curated():
    from parley.extract import analyse_article
    from parley.parse import parse_article
    from parley.records import Article

    text = article("Mongolian Foreign Minister Batmunkh Battsetseg met Lavrov in Moscow on Friday.")
    findings = analyse_article(
        parse_article(Article("x.txt", text, "0" * 64), _reference()), _reference(), TUESDAY
    )
    assert {c.participants for c in findings.claims} == {("batmunkh-battsetseg", "sergey-lavrov")}
    person = findings.people["batmunkh-battsetseg"]
    assert (person.name, person.country, person.curated) == ("Batmunkh Battsetseg", "MN", False)
    assert [(o.role, o.title, o.country) for o in person.offices] == [
        ("foreign_minister", "Foreign Minister", "MN")
    ]


def test_other_countries_french_and_german_ministers_in_berlin():
    assert claims(
        "French Foreign Minister Catherine Colonna met her German counterpart Annalena Baerbock in Berlin on Monday."
    ) == {
        (
            ("annalena-baerbock", "catherine-colonna"),
            "talks",
            "held",
            ("2023-03-13", "2023-03-13"),
            "berlin",
        )
    }


def test_other_countries_a_phone_call_has_no_place():
    assert claims(
        "Japanese Prime Minister Fumio Kishida held a phone call with Chinese President Xi Jinping on Monday."
    ) == {(("fumio-kishida", "xi-jinping"), "phone_call", "held", ("2023-03-13", "2023-03-13"), "")}


def test_sidelines_of_a_multilateral_gathering():
    assert claims(
        "Indian External Affairs Minister S. Jaishankar met Lavrov on the sidelines of the G20 meeting in New Delhi on March 2."
    ) == {
        (
            ("s-jaishankar", "sergey-lavrov"),
            "sidelines",
            "held",
            ("2023-03-02", "2023-03-02"),
            "new-delhi",
        )
    }


def test_people_of_one_country_make_no_meeting():
    assert claims("Blinken met US President Joe Biden at the White House on Friday.") == set()


def test_an_official_the_article_quotes_is_a_person_of_the_package():
    from parley.extract import analyse_article
    from parley.parse import parse_article
    from parley.records import Article

    text = article("Kremlin spokesman Dmitry Peskov told reporters that no date had been set.")
    findings = analyse_article(
        parse_article(Article("x.txt", text, "0" * 64), _reference()), _reference(), TUESDAY
    )
    assert findings.cited_people == ["dmitry-peskov"]
    assert findings.claims == []


def test_the_speaker_of_a_sentence_is_not_a_participant():
    assert claims(
        "Blinken will meet Lavrov in Geneva on Friday, Kremlin spokesman Dmitry Peskov told reporters."
    ) == {(PAIR, "talks", "planned", ("2023-03-17", "2023-03-17"), "geneva")}


def test_not_planned_after_the_meeting_word_is_a_negation():
    assert (
        claims("A meeting between Blinken and Lavrov is not planned, the ministry said.") == set()
    )


def test_a_postponed_meeting_is_still_planned_but_loses_its_date():
    assert claims(
        "The talks between Blinken and Lavrov planned for April in Geneva have been postponed."
    ) == {(PAIR, "talks", "planned", None, "geneva")}


def test_a_postponed_meeting_takes_the_date_it_is_postponed_to():
    assert claims(
        "The talks between Blinken and Lavrov in Geneva, set for April 2, have been postponed "
        "until April 20."
    ) == {(PAIR, "talks", "planned", ("2023-04-20", "2023-04-20"), "geneva")}


def test_a_fixed_country_title_after_another_organisation_is_not_that_country():
    # "NATO Secretary General" is not the UN Secretary-General: a NATO official (roles.json
    # "bodies"), never Guterres.
    found = claims("NATO Secretary General Jens Stoltenberg met Lavrov in Moscow on Friday.")
    assert {c[0] for c in found} == {("jens-stoltenberg", "sergey-lavrov")}


def test_a_clause_after_a_comma_and_after_keeps_its_own_date_and_place():
    assert claims(
        "Putin received Wang Yi at the Kremlin on Monday, two days after Wang held talks with Lavrov."
    ) == {
        (("vladimir-putin", "wang-yi"), "visit", "held", ("2023-03-13", "2023-03-13"), "kremlin"),
        # "two days after": counted back from the main clause's Monday.
        (("sergey-lavrov", "wang-yi"), "talks", "held", ("2023-03-11", "2023-03-11"), ""),
    }


def test_an_international_body_is_not_a_place_and_its_summit_makes_sidelines():
    assert claims("Macron and Scholz last met in March at an EU summit.") == {
        (("emmanuel-macron", "olaf-scholz"), "sidelines", "held", ("2023-03-01", "2023-03-31"), "")
    }


def test_an_invitation_to_a_dated_occasion_is_planned():
    assert claims("Kishida invited Modi to the G7 summit in Hiroshima in May.") == {
        (
            ("fumio-kishida", "narendra-modi"),
            "sidelines",
            "planned",
            ("2023-05-01", "2023-05-31"),
            "hiroshima",
        )
    }


def test_two_people_who_spoke_on_the_sidelines_met():
    assert claims(
        "Lavrov and Blinken spoke briefly on the sidelines of the G20 ministerial in New Delhi on Thursday."
    ) == {(PAIR, "sidelines", "held", ("2023-03-09", "2023-03-09"), "new-delhi")}


def test_the_datelines_date_is_not_the_meetings():
    text = (
        "Obama in Brazil\n\n5 May, 2011\n\nBRASILIA (Sputnik - 5th May, 2011) Brazilian President "
        "Dilma Rousseff hosted US President Barack Obama in Brasilia last March.\n"
    )
    from parley.extract import analyse_article
    from parley.parse import parse_article
    from parley.records import Article

    findings = analyse_article(
        parse_article(Article("x.txt", text, "0" * 64), _reference()), _reference()
    )
    assert [
        (c.participants, c.interval.start.isoformat(), c.date_expression) for c in findings.claims
    ] == [(("barack-obama", "dilma-rousseff"), "2011-03-01", "last March")]


def test_a_short_name_inside_a_place_name_is_no_person(reference):
    from parley.recognise import PeopleContext, find_people

    text = "Blinken flew to The Hague and then to Dar es Salaam."
    assert [m.person_id for m in find_people(text, 0, PeopleContext(reference, TUESDAY))] == [
        "antony-blinken"
    ]


def test_names_inside_topic_and_place_names_are_no_people(reference):
    from parley.recognise import PeopleContext, find_people

    text = "Lavrov spoke about the Comprehensive Nuclear-Test-Ban Treaty at the Office of the President of Ukraine."
    assert [m.person_id for m in find_people(text, 0, PeopleContext(reference, TUESDAY))] == [
        "sergey-lavrov"
    ]


TRIO = ("antony-blinken", "park-jin", "yoshimasa-hayashi")
FRIDAY = ("2023-03-10", "2023-03-10")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Joining a group at a meal or meeting: one encounter with whoever is named there
        # (three countries or more: multilateral).
        (
            "Secretary Blinken joined other G7 foreign ministers for a working lunch in Geneva "
            "on Friday, including Russian Foreign Minister Sergey Lavrov.",
            {(PAIR, "talks", "held", FRIDAY, "geneva")},
        ),
        (
            "On Friday Secretary Blinken joined Japanese Foreign Minister Yoshimasa Hayashi and "
            "Korean Foreign Minister Park Jin for a working dinner in Geneva.",
            {(TRIO, "multilateral", "held", FRIDAY, "geneva")},
        ),
        # Hosting guests for a trilateral: one encounter, not a bilateral with each guest.
        (
            "On Friday, Secretary Blinken hosted Japanese Foreign Minister Yoshimasa Hayashi and "
            "Korean Foreign Minister Park Jin for a trilateral meeting.",
            {(TRIO, "multilateral", "held", FRIDAY, "")},
        ),
        # A meal with named officials of two countries is an encounter of all of them.
        (
            "Secretary Blinken held a working lunch with Japanese Foreign Minister Yoshimasa "
            "Hayashi and Korean Foreign Minister Park Jin in Geneva on Friday.",
            {(TRIO, "multilateral", "held", FRIDAY, "geneva")},
        ),
        # Hosting guests for talks, no word of togetherness: a meeting with each guest.
        (
            "On Friday, Secretary Blinken hosted Japanese Foreign Minister Yoshimasa Hayashi and "
            "Korean Foreign Minister Park Jin for talks.",
            {
                (("antony-blinken", "park-jin"), "talks", "held", FRIDAY, ""),
                (("antony-blinken", "yoshimasa-hayashi"), "talks", "held", FRIDAY, ""),
            },
        ),
        # Nobody named at the dinner, and "joined ... in a call for": no meeting.
        ("Secretary Blinken spoke at a dinner with business leaders on Friday.", set()),
        (
            "On Friday Secretary Blinken joined Russian Foreign Minister Sergey Lavrov in a call "
            "for restraint.",
            set(),
        ),
    ],
)
def test_several_participants_at_one_occasion(sentence, expected):
    assert claims(sentence) == expected
