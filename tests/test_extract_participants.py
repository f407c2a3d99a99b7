"""Stage 4, extract: who took part, in what kind of encounter, one rule per test.

Short articles written for these tests in the styles of official readouts, briefings and
transcripts (docs/annotation-guide.md, "Parley's decisions": participants and kinds). Each
case states the exact claims: (participants, kind, reported status, date interval, place).
"""

import datetime as dt

import pytest
from helpers import claims_of

TUESDAY = dt.date(2023, 3, 14)
PAIR = ("antony-blinken", "sergey-lavrov")
MONDAY = ("2023-03-13", "2023-03-13")
TODAY = ("2023-03-14", "2023-03-14")
FRIDAY = ("2023-03-17", "2023-03-17")
TRIO = ("antony-blinken", "park-jin", "yoshimasa-hayashi")

_cache: dict = {}


def _reference():
    from parley.reference import load_reference

    if "ref" not in _cache:
        _cache["ref"] = load_reference()
    return _cache["ref"]


def claims(*paragraphs: str, headline: str = "Diplomats meet", day: dt.date = TUESDAY) -> set:
    text = headline + "\n\n" + day.strftime("%B %-d, %Y") + "\n\n" + "\n\n".join(paragraphs)
    return claims_of(text + "\n", _reference(), day)


# 1. A person resolved from the wrong words.


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # "Costa Ricans": the head of a country's plural adjective is no surname (Costa).
        (
            ["On Monday, Blinken met with Lavrov and with Costa Ricans living in Geneva."],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
    ],
)
def test_plural_country_adjective_is_no_surname(paragraphs, expected):
    assert claims(*paragraphs) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # "He" after "the NATO secretary general was here": that official, unnamed; not
        # someone named sentences before.
        (
            [
                "Lavrov met Blinken in Geneva on Monday.",
                "As you know, the NATO secretary general is here this week. He and Blinken "
                "will hold talks in Washington on Friday.",
            ],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        # "speaking of the deputy, she ...": "she" is the deputy, and so is the next "She".
        (
            [
                "Blinken met Lavrov in Geneva on Monday.",
                "Speaking of the deputy, she is in Seoul today. She met with Wang Yi on Tuesday.",
            ],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        # With no official between, "he" is still the one named before.
        (
            ["Blinken arrived in Geneva on Monday. He met Lavrov on Tuesday."],
            {(PAIR, "talks", "held", TODAY, "geneva")},
        ),
    ],
)
def test_he_or_she_after_an_unnamed_official_is_nobody_known(paragraphs, expected):
    assert claims(*paragraphs) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # "the minister of unification" is another office than a foreign minister: it
        # does not refer back to a foreign minister named earlier.
        (
            [
                "Blinken spoke with Wang Yi by phone on Monday.",
                "Wang Yi met the minister of unification in Beijing on Tuesday.",
            ],
            {(("antony-blinken", "wang-yi"), "phone_call", "held", MONDAY, "")},
        ),
    ],
)
def test_minister_with_another_remit_is_not_a_foreign_minister(paragraphs, expected):
    assert claims(*paragraphs) == expected


@pytest.mark.parametrize(
    ("headline", "paragraphs", "expected"),
    [
        # The owner in "Special Assistant to the Prime Minister of Pakistan" only places
        # the assistant, in the headline as in the body: no meeting with the Prime Minister.
        (
            "Deputy Secretary Sherman’s Meeting with Special Assistant to the Prime Minister "
            "of Pakistan",
            ["Deputy Secretary Sherman met today with a special assistant of the Prime Minister."],
            set(),
        ),
    ],
)
def test_headline_owner_is_no_participant(headline, paragraphs, expected):
    assert claims(*paragraphs, headline=headline, day=dt.date(2022, 7, 21)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The speaker's "his" only up to the next person named: here it is Lavrov's call.
        (
            "Wang Yi said on Tuesday that Lavrov in his phone call with Blinken on Monday "
            "promised restraint.",
            {(PAIR, "phone_call", "held", MONDAY, "")},
        ),
        # An object "him" after that person is still the speaker.
        (
            "On Monday Lavrov said that Blinken would meet him in Vienna on Friday.",
            {(PAIR, "talks", "planned", FRIDAY, "vienna")},
        ),
    ],
)
def test_speaker_speaks_of_his_own_meeting_only(sentence, expected):
    assert claims(sentence) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # "Washington, D.C." ends its sentence before a capitalised word: the next
        # sentence's people are not the meeting's.
        (
            [
                "Blinken and Sullivan met with Lavrov on Monday during his visit to Washington, "
                "D.C. Secretary of Defense Lloyd Austin visited Moscow in February."
            ],
            {
                (
                    ("antony-blinken", "jake-sullivan", "sergey-lavrov"),
                    "talks",
                    "held",
                    MONDAY,
                    "washington",
                )
            },
        ),
        # A schedule's clock time is no sentence end: the line is planned for the day.
        (
            ["4:30 p.m. Secretary Blinken meets with Russian Foreign Minister Sergey Lavrov."],
            {(PAIR, "talks", "planned", TODAY, "")},
        ),
    ],
)
def test_sentence_ends_after_a_place_abbreviation(paragraphs, expected):
    assert claims(*paragraphs) == expected


# 2. Named, but not met.


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # A visit in the list of what a call discussed is a topic, not a meeting.
        (
            [
                "Blinken spoke today with Polish Foreign Minister Zbigniew Rau.",
                "They also discussed the March 24 extraordinary NATO summit and President "
                "Biden's upcoming visit to Poland.",
            ],
            {(("antony-blinken", "zbigniew-rau"), "phone_call", "held", ("2022-03-22",) * 2, "")},
        ),
    ],
)
def test_visit_discussed_in_a_call_is_a_topic(paragraphs, expected):
    assert claims(*paragraphs, day=dt.date(2022, 3, 22)) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # Where things will be discussed is still the meeting: "... at the upcoming talks".
        (
            [
                "Blinken and Lavrov will discuss the state of the arms control treaties at the "
                "upcoming talks in Vienna on Friday."
            ],
            {(PAIR, "talks", "planned", ("2022-03-25",) * 2, "vienna")},
        ),
    ],
)
def test_meeting_where_things_are_discussed_stays(paragraphs, expected):
    assert claims(*paragraphs, day=dt.date(2022, 3, 22)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "to pay respects to the late X": the dead meet nobody.
        (
            "Blinken will travel to Abu Dhabi on Friday to meet officials and to pay respects to "
            "the late President Khalifa bin Zayed Al Nahyan.",
            set(),
        ),
        (
            "Blinken will travel to Abu Dhabi on Friday to meet President Khalifa bin Zayed Al "
            "Nahyan.",
            {
                (
                    ("antony-blinken", "khalifa-bin-zayed"),
                    "visit",
                    "planned",
                    ("2022-05-13", "2022-05-13"),
                    "abu-dhabi",
                )
            },
        ),
    ],
)
def test_the_late_is_no_participant(sentence, expected):
    assert claims(sentence, day=dt.date(2022, 5, 10)) == expected


# 3. Groups: every member in one row.


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Joint subjects went together: one encounter of all of them.
        (
            "Blinken and Secretary of Defense Lloyd Austin met with Wang Yi in Beijing on Monday.",
            {(("antony-blinken", "lloyd-austin", "wang-yi"), "talks", "held", MONDAY, "beijing")},
        ),
        (
            "Blinken, Austin and Sullivan met with Lavrov in Geneva on Monday.",
            {
                (
                    ("antony-blinken", "jake-sullivan", "lloyd-austin", "sergey-lavrov"),
                    "talks",
                    "held",
                    MONDAY,
                    "geneva",
                )
            },
        ),
        # One visitor, several hosts of one country: still a meeting with each.
        (
            "Blinken will meet Putin and Lavrov in Moscow on Friday.",
            {
                (PAIR, "talks", "planned", FRIDAY, "moscow"),
                (("antony-blinken", "vladimir-putin"), "visit", "planned", FRIDAY, "moscow"),
            },
        ),
    ],
)
def test_joint_subjects_are_one_encounter(sentence, expected):
    assert claims(sentence) == expected


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # A "Trilateral Meeting" headline: the body's "met with A and B" is one encounter
        # of three countries, kind multilateral.
        (
            "Secretary Blinken’s Trilateral Meeting with Japanese Foreign Minister Hayashi and "
            "Korean Foreign Minister Park",
            {(TRIO, "multilateral", "held", TODAY, "jakarta")},
        ),
        # Without a word of togetherness, a meeting with each.
        (
            "Secretary Blinken’s Meetings with Japanese Foreign Minister Hayashi and Korean "
            "Foreign Minister Park",
            {
                (("antony-blinken", "park-jin"), "talks", "held", TODAY, "jakarta"),
                (("antony-blinken", "yoshimasa-hayashi"), "talks", "held", TODAY, "jakarta"),
            },
        ),
    ],
)
def test_trilateral_headline_makes_one_encounter(headline, expected):
    body = (
        "Secretary of State Antony J. Blinken met today with Japanese Foreign Minister Hayashi "
        "Yoshimasa and Korean Foreign Minister Park Jin in Jakarta."
    )
    assert claims(body, headline=headline) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A call with several about their trilateral cooperation: one call of all of them.
        (
            "Blinken spoke today with Japanese Foreign Minister Hayashi Yoshimasa and Korean "
            "Foreign Minister Park Jin about trilateral cooperation.",
            {(TRIO, "phone_call", "held", TODAY, "")},
        ),
    ],
)
def test_call_with_several_is_one_call(sentence, expected):
    assert claims(sentence) == expected


# 4. Kind.


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "Had an opportunity to speak with" is spoken, like "spoke with": a call ...
        (
            "Blinken had an opportunity to speak with Lavrov on Monday.",
            {(PAIR, "phone_call", "held", MONDAY, "")},
        ),
        (
            "Blinken had an opportunity to speak most recently with Lavrov on Monday.",
            {(PAIR, "phone_call", "held", MONDAY, "")},
        ),
        # ... unless its clause puts it in a room;
        (
            "Blinken had an opportunity to speak with Lavrov at the summit in Jakarta on Monday.",
            {(PAIR, "talks", "held", MONDAY, "jakarta")},
        ),
        # "an opportunity to meet" is a meeting.
        (
            "Blinken had an opportunity to meet Lavrov on Monday.",
            {(PAIR, "talks", "held", MONDAY, "")},
        ),
    ],
)
def test_opportunity_to_speak_is_a_call(sentence, expected):
    assert claims(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Three countries or more in one encounter, in person: multilateral.
        (
            "Blinken held a trilateral meeting with Japanese Foreign Minister Hayashi Yoshimasa "
            "and Korean Foreign Minister Park Jin in Jakarta on Monday.",
            {(TRIO, "multilateral", "held", MONDAY, "jakarta")},
        ),
    ],
)
def test_three_countries_in_person_are_multilateral(sentence, expected):
    assert claims(sentence) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # What one "meets" that is no person: needs, challenges, targets.
        (
            [
                "Blinken met Lavrov in Geneva on Monday.",
                "They are unable to meet people’s needs, and no country can meet these "
                "challenges alone.",
            ],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        (["Blinken and Lavrov said both sides met their targets on Monday."], set()),
        # A person after "meet" is still a meeting.
        (
            ["Blinken will meet the Russian Foreign Minister in Geneva on Friday."],
            {(PAIR, "talks", "planned", FRIDAY, "geneva")},
        ),
    ],
)
def test_meeting_needs_or_challenges_is_no_meeting(paragraphs, expected):
    assert claims(*paragraphs) == expected


# 5. The speaker of a transcript's turn.


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # "I" in a labelled turn is the speaker, in the turn's later paragraphs too.
        (
            [
                "SECRETARY BLINKEN: Thank you all for coming.",
                "Yesterday I spoke again with Foreign Minister Lavrov about the grain deal.",
            ],
            {(PAIR, "phone_call", "held", MONDAY, "")},
        ),
        (
            [
                "FOREIGN MINISTER LAVROV: When I met with Secretary Blinken in Geneva on Monday, we "
                "agreed to keep talking."
            ],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        # Each "I" that meets: a held call and a planned one ("I'll speak ... with").
        (
            [
                "SECRETARY BLINKEN: I spoke on Monday with Foreign Minister Lavrov, and I’ll "
                "speak on Friday with Wang Yi."
            ],
            {
                (PAIR, "phone_call", "held", MONDAY, ""),
                (("antony-blinken", "wang-yi"), "phone_call", "planned", FRIDAY, ""),
            },
        ),
        # A question's "I" is the journalist's; "as I said" is no meeting of the speaker.
        (
            ["QUESTION: When I met with Foreign Minister Lavrov on Monday, he was calm."],
            set(),
        ),
        (
            [
                "SECRETARY BLINKEN: As I said, Lavrov met with Foreign Minister Wang Yi in "
                "Beijing on Monday."
            ],
            {(("sergey-lavrov", "wang-yi"), "talks", "held", MONDAY, "beijing")},
        ),
    ],
)
def test_speaker_of_a_turn_is_i(paragraphs, expected):
    assert claims(*paragraphs, headline="Secretary Blinken's Remarks to the Press") == expected


@pytest.mark.parametrize(
    ("label", "expected_people"),
    [
        # A label names the speaker in capitals: nobody new ("STOLTENBERG"), and the
        # person the label names in title case is not made again from it.
        ("SECRETARY GENERAL OKONKWO", {"antony-blinken", "sergey-lavrov"}),
        ("FOREIGN MINISTER LAVROV", {"antony-blinken", "sergey-lavrov"}),
    ],
)
def test_speaker_label_makes_no_person(label, expected_people):
    from parley.extract import analyse_article
    from parley.parse import parse_article
    from parley.records import Article

    text = (
        "Remarks to the Press\n\nMarch 14, 2023\n\n"
        f"{label}: Thank you. Blinken met with Lavrov in Geneva on Monday.\n"
    )
    article = Article("test.txt", text, "0" * 64)
    findings = analyse_article(parse_article(article, _reference()), _reference(), TUESDAY)
    named = {p for claim in findings.claims for p in claim.participants}
    assert (named, set(findings.people) - set(_reference().people)) == (expected_people, set())


# 6. Status of a meeting dated before the report.


@pytest.mark.parametrize(
    ("sentence", "day", "expected"),
    [
        # "thought it important to meet ... last week": over before the report, so held.
        (
            "That is why President Biden thought it was so important to meet with President "
            "Putin in Geneva last week.",
            dt.date(2021, 6, 21),
            {
                (
                    ("joe-biden", "vladimir-putin"),
                    "summit",
                    "held",
                    ("2021-06-14", "2021-06-20"),
                    "geneva",
                )
            },
        ),
        (
            "President Biden will meet with President Putin in Geneva next week.",
            dt.date(2021, 6, 10),
            {
                (
                    ("joe-biden", "vladimir-putin"),
                    "summit",
                    "planned",
                    ("2021-06-14", "2021-06-20"),
                    "geneva",
                )
            },
        ),
    ],
)
def test_meeting_dated_before_the_report_is_held(sentence, day, expected):
    assert claims(sentence, day=day) == expected


AUSTIN = "lloyd-austin"
WITH_AUSTIN = ("antony-blinken", AUSTIN, "sergey-lavrov")


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # "Z also joined the meeting" after a meeting: Z is one more participant of it.
        (
            [
                "Blinken met Lavrov in Geneva on Monday. Defense Secretary Lloyd Austin also "
                "joined the meeting."
            ],
            {(WITH_AUSTIN, "talks", "held", MONDAY, "geneva")},
        ),
        (
            [
                "Blinken spoke by phone with Lavrov today.",
                "National Security Advisor Jake Sullivan joined the call.",
            ],
            {
                (
                    ("antony-blinken", "jake-sullivan", "sergey-lavrov"),
                    "phone_call",
                    "held",
                    TODAY,
                    "",
                )
            },
        ),
        # "He will be joined by Z": Z joins the encounter of the one joined.
        (
            [
                "Blinken will meet Lavrov in Geneva on Friday. He will be joined by Defense "
                "Secretary Lloyd Austin."
            ],
            {(WITH_AUSTIN, "talks", "planned", FRIDAY, "geneva")},
        ),
        # ", joined by Z" inside the meeting's sentence: Z is on the side of the one joined,
        # not another person met.
        (
            ["Blinken met Lavrov in Geneva on Monday, joined by Defense Secretary Lloyd Austin."],
            {(WITH_AUSTIN, "talks", "held", MONDAY, "geneva")},
        ),
        # Both claims of a sentence that splits one visit by host take Z.
        (
            [
                "Blinken met President Yoon Suk Yeol and Foreign Minister Park Jin in Seoul on "
                "Monday. Defense Secretary Lloyd Austin also joined the meeting."
            ],
            {
                (("antony-blinken", AUSTIN, "yoon-suk-yeol"), "visit", "held", MONDAY, "seoul"),
                (("antony-blinken", AUSTIN, "park-jin"), "talks", "held", MONDAY, "seoul"),
            },
        ),
        # Another status: the planned meeting is not the one Z joined.
        (
            [
                "Blinken will meet Lavrov in Geneva on Friday. Defense Secretary Lloyd Austin "
                "joined the meeting."
            ],
            {(PAIR, "talks", "planned", FRIDAY, "geneva")},
        ),
        # Two paragraphs on: another occasion.
        (
            [
                "Blinken met Lavrov in Geneva on Monday.",
                "The talks covered arms control.",
                "The statement was issued later.",
                "Defense Secretary Lloyd Austin also joined the meeting.",
            ],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        # "I am delighted to be joined by Z": the one joined is no participant of it.
        (
            [
                "Blinken met Lavrov in Geneva on Monday. I am delighted to be joined today by "
                "Defense Secretary Lloyd Austin."
            ],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
    ],
)
def test_one_who_joined_the_meeting_is_a_participant(paragraphs, expected):
    assert claims(*paragraphs) == expected


GREETING = "SECRETARY BLINKEN: Good morning, everyone."


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # A journalist's question alluding to an encounter with no date reports nothing: no
        # undated row beside the call the answer tells.
        (
            [
                GREETING,
                "QUESTION: Mr. Secretary, could I follow up on your remarks about your "
                "conversation with Foreign Minister Lavrov? What did he tell you?",
                "SECRETARY BLINKEN: I spoke with Foreign Minister Lavrov on Monday.",
            ],
            {(PAIR, "phone_call", "held", MONDAY, "")},
        ),
        # In the turn's later paragraphs too, up to the next label.
        (
            [
                GREETING,
                "QUESTION: Thank you.",
                "Mr. Secretary, you had a long meeting with Foreign Minister Lavrov. Was it "
                "useful?",
                "SECRETARY BLINKEN: It was.",
            ],
            set(),
        ),
        # A dated encounter the question states is kept.
        (
            [
                GREETING,
                "QUESTION: Secretary Blinken met with Foreign Minister Lavrov in Geneva on "
                "Monday. Was it useful?",
            ],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        # The answer's undated encounter stays: only the journalist's turn is a question.
        (
            [
                GREETING,
                "QUESTION: What about Russia?",
                "SECRETARY BLINKEN: I had a good meeting with Foreign Minister Lavrov.",
            ],
            {(PAIR, "talks", "held", None, "")},
        ),
    ],
)
def test_a_journalists_question_makes_no_undated_row(paragraphs, expected):
    headline = "Secretary Antony J. Blinken at a Press Availability"
    assert claims(*paragraphs, headline=headline) == expected
