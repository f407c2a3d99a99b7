"""Stage 4, extract: meetings real narrations state that the rules used to miss (issue 11).

Short articles of our own in the style of readouts and blog posts about a day of
meetings. Each case states the exact claims: (participants, kind, reported status,
date interval, place); docs/annotation-guide.md, "Parley's decisions", says why.
"""

import datetime as dt

import pytest
from helpers import claims_of

from parley.recognise import PeopleContext, find_people

TUESDAY = dt.date(2023, 3, 14)
MONDAY = ("2023-03-13", "2023-03-13")
FRIDAY = ("2023-03-17", "2023-03-17")
LAVROV = ("antony-blinken", "sergey-lavrov")
STOLTENBERG = ("antony-blinken", "jens-stoltenberg")
IVANOV = ("antony-blinken", "petar-ivanov")

_cache: dict = {}


def _reference():
    from parley.reference import load_reference

    if "ref" not in _cache:
        _cache["ref"] = load_reference()
    return _cache["ref"]


def claims(*paragraphs: str) -> set[tuple]:
    text = "Diplomats meet\n\n14 March, 2023\n\n" + "\n\n".join(paragraphs) + "\n"
    return claims_of(text, _reference(), TUESDAY)


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # "his" after a sentence-opening "He" is whom "He" is: the previous sentence's
        # first person; the counterpart named in apposition is the other participant.
        (
            [
                "Secretary Blinken arrived in Sofia on Monday. He then held talks with his "
                "Bulgarian counterpart, Petar Ivanov."
            ],
            {(IVANOV, "talks", "held", MONDAY, "sofia")},
        ),
        (
            [
                "Blinken landed in Sofia on Monday.",
                "She then held a bilateral meeting with her Bulgarian counterpart, Petar Ivanov.",
            ],
            {(IVANOV, "talks", "held", None, "")},
        ),
        # No pronoun and no name before the counterpart: nobody owns "his".
        (["Talks with his Bulgarian counterpart, Petar Ivanov, were held on Monday."], set()),
    ],
)
def test_a_pronoun_owns_the_counterpart(paragraphs, expected):
    assert claims(*paragraphs) == expected


@pytest.mark.parametrize("rank", ["", "General ", "Lt. Gen. ", "Admiral "])
def test_a_counterpart_without_a_printed_office_gets_no_office(rank):
    context = PeopleContext(_reference(), TUESDAY, pronoun_referent="antony-blinken")
    text = f"She met her Bulgarian counterpart, {rank}Petar Ivanov, in Sofia."
    found = [(m.person_id, text[m.start : m.end]) for m in find_people(text, 0, context)]
    # A military rank is an honorific, not part of the name.
    assert found == [("petar-ivanov", f"her Bulgarian counterpart, {rank}Petar Ivanov")]
    person = context.extra_people["petar-ivanov"]
    assert (person.name, person.country, person.offices) == ("Petar Ivanov", "BG", ())


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # A participle clause of the subject ("..., meeting immediately with Y") takes the
        # main verb's tense.
        (
            [
                "Blinken flew to Brussels on Monday, meeting immediately with NATO Secretary "
                "General Jens Stoltenberg."
            ],
            {(STOLTENBERG, "talks", "held", MONDAY, "brussels")},
        ),
        (
            [
                "Blinken will travel to Brussels on Friday, meeting with NATO Secretary General "
                "Jens Stoltenberg."
            ],
            {(STOLTENBERG, "talks", "planned", FRIDAY, "brussels")},
        ),
        (
            [
                "Blinken reached the ministry on Monday and meeting briefly with Lavrov was "
                "his first task."
            ],
            {(LAVROV, "talks", "held", MONDAY, "")},
        ),
        # "Next," is a step of the narration, not the future.
        (
            ["Next, Blinken went to the Foreign Ministry, meeting with Lavrov."],
            {(LAVROV, "talks", "held", None, "")},
        ),
        # A participle of talking to someone else is no meeting of the two.
        (["Lavrov said the sides were meeting with experts."], set()),
    ],
)
def test_a_participle_clause_states_a_meeting(paragraphs, expected):
    assert claims(*paragraphs) == expected


DAY_FRAME = (
    "On March 13, Secretary Blinken, in Brussels for the NATO ministerial, began his day "
    "with embassy staff."
)


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # A presence dated to one day dates (and places) the meetings its paragraph tells.
        (
            [DAY_FRAME + " He then met with Lavrov."],
            {(LAVROV, "talks", "held", MONDAY, "brussels")},
        ),
        # ... and a follow-up of those takes them on, in a later paragraph too.
        (
            [
                DAY_FRAME + " Next, he met with NATO Secretary General Jens Stoltenberg.",
                "Secretary Blinken then met with Lavrov.",
            ],
            {
                (STOLTENBERG, "talks", "held", MONDAY, "brussels"),
                (LAVROV, "talks", "held", MONDAY, "brussels"),
            },
        ),
        # Not across a sentence that moves on, nor into another paragraph by itself.
        # ("The next day" is the day after March 13, not in Brussels: Blinken's trip of
        # that day, trips.csv, places it.)
        (
            [DAY_FRAME + " The next day, he met with Lavrov."],
            {(LAVROV, "talks", "held", ("2023-03-14", "2023-03-14"), "addis-ababa")},
        ),
        ([DAY_FRAME, "He then met with Lavrov."], {(LAVROV, "talks", "held", None, "")}),
        # A frame of several days dates only its own sentence.
        (
            [
                "Secretary Blinken, in Brussels for the NATO ministerial March 13-14, began "
                "with embassy staff. He then met with Lavrov."
            ],
            {(LAVROV, "talks", "held", None, "brussels")},
        ),
    ],
)
def test_a_presence_of_one_day_dates_its_paragraph(paragraphs, expected):
    assert claims(*paragraphs) == expected


def _found(text: str, day: dt.date = TUESDAY) -> tuple[list, set]:
    context = PeopleContext(_reference(), day)
    mentions = [(m.person_id, text[m.start : m.end]) for m in find_people(text, 0, context)]
    people = {
        (p.name, p.country, tuple(o.title for o in p.offices))
        for p in context.extra_people.values()
    }
    return mentions, people


@pytest.mark.parametrize(
    ("text", "mentions", "people"),
    [
        # An envoy's remit (a known country, place or topic after "for") is part of the
        # role phrase; the name follows it.
        (
            "Blinken met UN Special Envoy for Yemen Hans Lindqvist on Monday.",
            [("antony-blinken", "Blinken"), ("hans-lindqvist", "Envoy for Yemen Hans Lindqvist")],
            {("Hans Lindqvist", "UN", ("Envoy",))},
        ),
        # An unknown remit is left alone: no guess where the name starts.
        (
            "Blinken met UN Special Envoy for Great Lakes Affairs Hans Lindqvist.",
            [("antony-blinken", "Blinken")],
            set(),
        ),
        # "Minister of National Defense" is a defence minister's title.
        (
            "Austin met Republic of Korea Minister of National Defense Kim Tae-ho in Seoul.",
            [
                ("lloyd-austin", "Austin"),
                ("kim-tae-ho", "Minister of National Defense Kim Tae-ho"),
            ],
            {("Kim Tae-ho", "KR", ("Minister of National Defense",))},
        ),
    ],
)
def test_role_phrases_of_officials_outside_the_list(text, mentions, people):
    assert _found(text) == (mentions, people)


@pytest.mark.parametrize(
    ("later", "expected"),
    [
        # A name printed family name first ("Sato Kenji") is named again by its first
        # word after a title, as by its last word.
        ("Minister Sato and Austin spoke to the press.", [("sato-kenji", "Sato")]),
        ("Mr. Kenji and Austin spoke to the press.", [("sato-kenji", "Kenji")]),
        # Without a title the first word alone is no mention.
        ("Sato and Austin spoke to the press.", []),
    ],
)
def test_a_name_printed_family_name_first_is_named_again_by_its_first_word(later, expected):
    context = PeopleContext(_reference(), TUESDAY)
    find_people("Austin met Japanese Minister of Defense Sato Kenji in Tokyo.", 0, context)
    again = [
        (m.person_id, later[m.start : m.end])
        for m in find_people(later, 0, context)
        if m.person_id != "lloyd-austin"
    ]
    assert again == expected


def test_a_trilateral_with_a_minister_named_again():
    assert claims(
        "Austin met today with Japanese Minister of Defense Sato Kenji in Tokyo.",
        "They welcomed the trilateral meeting with Minister Sato and Republic of "
        "Korea Minister of National Defense Kim Tae-ho on March 13.",
    ) == {
        (("lloyd-austin", "sato-kenji"), "talks", "held", ("2023-03-14", "2023-03-14"), "tokyo"),
        (("kim-tae-ho", "sato-kenji"), "talks", "held", MONDAY, ""),
    }


KISHIDA_CALL = (("fumio-kishida", "joe-biden"), "phone_call", "held", MONDAY, "")


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # "the Prime Minister" refers back to the one prime minister the article named,
        # by surname too; what is said after ", and said" is a clause of its own (the
        # place of the attack is not the place of the visit).
        (
            [
                "President Biden spoke with Prime Minister Kishida on Monday. The President "
                "condemned the attack in Kabul, and said that he looked forward to receiving "
                "the Prime Minister in Washington later this year."
            ],
            {
                KISHIDA_CALL,
                (
                    ("fumio-kishida", "joe-biden"),
                    "summit",
                    "planned",
                    ("2023-03-15", "2023-12-31"),
                    "washington",
                ),
            },
        ),
        # Two prime ministers named: "the Prime Minister" is neither.
        (
            [
                "President Biden spoke with Prime Minister Kishida and Prime Minister Modi on "
                "Monday. He looked forward to receiving the Prime Minister in Washington later "
                "this year."
            ],
            {(("fumio-kishida", "joe-biden", "narendra-modi"), "phone_call", "held", MONDAY, "")},
        ),
    ],
)
def test_a_role_phrase_refers_back_to_a_person_named_by_surname(paragraphs, expected):
    assert claims(*paragraphs) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Are there any plans for Blinken to meet with Lavrov while they are both in Geneva?",
        "Is there a meeting between Blinken and Lavrov on the schedule?",
    ],
)
def test_a_question_whether_there_is_a_meeting_states_none(sentence):
    assert claims(sentence) == set()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A readout is of a meeting that took place, whatever the tense around it.
        (
            "What I would say is that we issued a readout of the call between Blinken and Lavrov.",
            {(LAVROV, "phone_call", "held", None, "")},
        ),
        (
            "We would refer you to the readout of Blinken's meeting with Lavrov.",
            {(LAVROV, "talks", "held", None, "")},
        ),
        # ... but a readout still to be issued may be of a meeting still to come.
        (
            "We will issue a readout of the meeting between Blinken and Lavrov on Friday.",
            {(LAVROV, "talks", "planned", FRIDAY, "")},
        ),
    ],
)
def test_a_readout_reports_a_held_meeting(sentence, expected):
    assert claims(sentence) == expected


def test_a_meeting_a_readout_reports_is_not_dated_after_the_article():
    assert claims(
        "The readout of the conversation between Blinken and Lavrov made a reference to "
        "Blinken's intent to travel to the region later this year."
    ) == {(LAVROV, "talks", "held", None, "")}
