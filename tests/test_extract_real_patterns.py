"""Stage 4, extract: patterns of real readouts and news copy, one rule per test.

Short articles written for these tests in the styles of official readouts and wire
copy (docs/annotation-guide.md, "Parley's decisions"). Each case states the exact
claims: (participants, kind, reported status, date interval, place).
"""

import datetime as dt

import pytest
from helpers import claims_of

TUESDAY = dt.date(2023, 3, 14)
PAIR = ("antony-blinken", "sergey-lavrov")
MONDAY = ("2023-03-13", "2023-03-13")
TODAY = ("2023-03-14", "2023-03-14")
FRIDAY = ("2023-03-17", "2023-03-17")

_cache: dict = {}


def _reference():
    from parley.reference import load_reference

    if "ref" not in _cache:
        _cache["ref"] = load_reference()
    return _cache["ref"]


def claims(*paragraphs: str, headline: str = "Diplomats meet") -> set[tuple]:
    text = headline + "\n\n14 March, 2023\n\n" + "\n\n".join(paragraphs) + "\n"
    return claims_of(text, _reference(), TUESDAY)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "spoke (today) with" is a call unless the clause puts it in a room.
        ("Blinken spoke today with Lavrov.", (PAIR, "phone_call", "held", TODAY, "")),
        ("Blinken spoke with Lavrov in Geneva today.", (PAIR, "talks", "held", TODAY, "geneva")),
        ("Blinken spoke by phone with Lavrov on Monday.", (PAIR, "phone_call", "held", MONDAY, "")),
        ("Blinken held a call with Lavrov on Monday.", (PAIR, "phone_call", "held", MONDAY, "")),
        (
            "Blinken held a videoconference with Lavrov on Monday.",
            (PAIR, "video_call", "held", MONDAY, ""),
        ),
        (
            "Blinken and Lavrov held a video conference on Monday.",
            (PAIR, "video_call", "held", MONDAY, ""),
        ),
        (
            "Blinken and Lavrov held a virtual meeting on Monday.",
            (PAIR, "video_call", "held", MONDAY, ""),
        ),
        (
            "Blinken had a brief encounter with Lavrov in Geneva on Monday.",
            (PAIR, "talks", "held", MONDAY, "geneva"),
        ),
        (
            "Blinken and Lavrov held a new round of talks in Geneva on Monday.",
            (PAIR, "talks", "held", MONDAY, "geneva"),
        ),
        (
            "Blinken and Lavrov had a tête-à-tête in Geneva on Monday.",
            (PAIR, "talks", "held", MONDAY, "geneva"),
        ),
        (
            "On the margins of the G20 meeting in New Delhi on Monday, Blinken met Lavrov.",
            (PAIR, "sidelines", "held", MONDAY, "new-delhi"),
        ),
        (
            "On the fringes of the G20 meeting in New Delhi on Monday, Blinken spoke with Lavrov.",
            (PAIR, "sidelines", "held", MONDAY, "new-delhi"),
        ),
        (
            "Blinken and Lavrov co-hosted a ministerial in Geneva on Monday.",
            (PAIR, "multilateral", "held", MONDAY, "geneva"),
        ),
        # Long titles between "with" and the name.
        (
            "Blinken spoke by phone today with Chinese Communist Party Politburo Member and "
            "Director of the Office of the Central Foreign Affairs Commission Wang Yi.",
            (("antony-blinken", "wang-yi"), "phone_call", "held", TODAY, ""),
        ),
        # A call has no place, and the country it is about is never its place.
        (
            "Blinken held a call with Lavrov on Monday about the situation in Ukraine.",
            (PAIR, "phone_call", "held", MONDAY, ""),
        ),
        ("Blinken telephoned Lavrov on Monday.", (PAIR, "phone_call", "held", MONDAY, "")),
        # "call on" someone is no call, but "a call on Monday" is.
        ("Blinken had a call on Monday with Lavrov.", (PAIR, "phone_call", "held", MONDAY, "")),
        (
            "Blinken’s talks with Lavrov on Friday are likely to focus on Ukraine.",
            (PAIR, "talks", "planned", FRIDAY, ""),
        ),
        # The last item of a list after ", and the" is no new clause.
        (
            "Blinken had a call on Monday with the French president, and the German chancellor.",
            (
                ("antony-blinken", "emmanuel-macron", "olaf-scholz"),
                "phone_call",
                "held",
                MONDAY,
                "",
            ),
        ),
        # What they discussed is a topic, but "their upcoming meeting" is theirs.
        (
            "Blinken and Lavrov discussed their upcoming meeting in Vienna.",
            (PAIR, "talks", "planned", None, "vienna"),
        ),
        # "are expected to" gives the status of the cue that follows: one claim, its kind.
        (
            "Blinken and Lavrov are expected to hold a video call on Friday.",
            (PAIR, "video_call", "planned", FRIDAY, ""),
        ),
        (
            "Blinken and Lavrov sat down for talks in Geneva on Monday.",
            (PAIR, "talks", "held", MONDAY, "geneva"),
        ),
        (
            "Blinken will sit down with Lavrov in Geneva on Friday.",
            (PAIR, "talks", "planned", FRIDAY, "geneva"),
        ),
        (
            "Blinken will be hosted by Lavrov in Moscow on Friday.",
            (PAIR, "talks", "planned", FRIDAY, "moscow"),
        ),
        # Red-team patterns: a participle, the pluperfect, hours of talks after a joint
        # announcement, attending a meeting, greeting.
        (
            "Blinken arrived in Geneva on Monday, meeting Foreign Minister Lavrov.",
            (PAIR, "talks", "held", MONDAY, "geneva"),
        ),
        (
            "Blinken had spoken with Lavrov by telephone on Monday.",
            (PAIR, "phone_call", "held", MONDAY, ""),
        ),
        (
            "Blinken and Lavrov announced a plan after 13 hours of talks in Geneva on Monday.",
            (PAIR, "talks", "held", MONDAY, "geneva"),
        ),
        (
            "Blinken and Lavrov announced a deal after 18 days of negotiations in Geneva on Monday.",
            (PAIR, "talks", "held", MONDAY, "geneva"),
        ),
        (
            "Blinken and Lavrov attended a G20 ministerial meeting in Geneva on Monday.",
            (PAIR, "sidelines", "held", MONDAY, "geneva"),
        ),
        ("Lavrov greeted Blinken in Geneva on Monday.", (PAIR, "talks", "held", MONDAY, "geneva")),
        (
            "Blinken and Lavrov held a second day of talks in Geneva on Monday.",
            (PAIR, "talks", "held", MONDAY, "geneva"),
        ),
        # The occasion after "during", and the person warned took part.
        (
            "Blinken warned Foreign Minister Lavrov on Monday of sanctions during a two-hour "
            "video call.",
            (PAIR, "video_call", "held", MONDAY, ""),
        ),
        ("Blinken would call Lavrov on Friday.", (PAIR, "phone_call", "planned", FRIDAY, "")),
    ],
)
def test_cue_words(sentence, expected):
    assert claims(sentence) == {expected}


@pytest.mark.parametrize(
    "sentence",
    [
        "Blinken told a press conference in Geneva on Monday that Lavrov was wrong.",
        "Blinken called on Lavrov to withdraw the troops.",
        "At a news conference on Monday, Blinken criticised Lavrov.",
        "Lavrov asked whether Blinken would arrange a meeting between the families and Wang Yi.",
        # Aggregates: no one occasion.
        "Blinken has had a number of occasions to meet Lavrov.",
        "Blinken is in constant contact with Lavrov.",
        # Negation with a typographic apostrophe; a question.
        "Blinken said they don’t have any meeting planned with Lavrov on Friday.",
        "Are Blinken and Lavrov still meeting on Friday?",
        "Lavrov didn't meet Blinken in Vienna on Monday.",
        # Hypothetical or only talked about.
        "Blinken said he would be willing to meet Lavrov in Vienna on Friday.",
        "A meeting between Blinken and Lavrov is under discussion.",
    ],
)
def test_not_cue_words(sentence):
    assert claims(sentence) == set()


BLINKEN_WANG = ("antony-blinken", "wang-yi")
WANG_LAVROV = ("sergey-lavrov", "wang-yi")


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # "a meeting between A and B": exactly those, not the main clause's subject.
        (
            ["Wang Yi praised the meeting between Blinken and Lavrov in Geneva on Monday."],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        # "A's talks with B": A and B.
        (
            ["Wang Yi welcomed Blinken's talks with Lavrov in Geneva on Monday."],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        (
            ["Wang Yi welcomed Blinken and Lavrov’s planned meeting in Geneva on Friday."],
            {(PAIR, "talks", "planned", FRIDAY, "geneva")},
        ),
        # A person in an adjunct is not a participant of the main clause's meeting.
        (
            ["Following Lavrov's visit to Ankara, Blinken will meet Wang Yi in Geneva on Friday."],
            {(BLINKEN_WANG, "talks", "planned", FRIDAY, "geneva")},
        ),
        (
            ["Blinken will meet Wang Yi in Geneva on Friday after talks with Lavrov on Monday."],
            {
                (BLINKEN_WANG, "talks", "planned", FRIDAY, "geneva"),
                (PAIR, "talks", "held", MONDAY, ""),
            },
        ),
        (
            ["After talks with Lavrov on Monday, Blinken will meet Wang Yi in Geneva on Friday."],
            {
                (BLINKEN_WANG, "talks", "planned", FRIDAY, "geneva"),
                (PAIR, "talks", "held", MONDAY, ""),
            },
        ),
        # A name that qualifies a noun, or a possessive owner, is no participant.
        (
            [
                "The talks between Blinken and Lavrov on Friday will also deal with the Modi "
                "government's stance."
            ],
            {(PAIR, "talks", "planned", FRIDAY, "")},
        ),
        (
            ["Blinken met Lavrov in Geneva on Monday to discuss Putin's war."],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        (
            ["Blinken met Macron's predecessor, François Hollande, in Paris on Monday."],
            {(("antony-blinken", "francois-hollande"), "talks", "held", MONDAY, "paris")},
        ),
        (
            ["A close associate of Foreign Minister Lavrov met with Blinken in Vienna on Monday."],
            set(),
        ),
        (
            [
                "Deputy Secretary of State Wendy Sherman spoke today with the Chief of Staff for "
                "Foreign Minister Lavrov."
            ],
            set(),
        ),
        # The owner of a trip is no participant of the meetings on its margins.
        (
            [
                "Blinken met with Lavrov in Warsaw on Monday, on the margins of President "
                "Biden's trip to Europe."
            ],
            {(PAIR, "sidelines", "held", MONDAY, "warsaw")},
        ),
        # A name inside the meeting's phrase: those named there, not the clause's subject.
        (
            [
                "Blinken gave Wang Yi a readout of the President Biden meeting with President "
                "Putin on Monday."
            ],
            {(("joe-biden", "vladimir-putin"), "summit", "held", MONDAY, "")},
        ),
        # "the President's meeting with Putin", the President unnamed: no one else's.
        (
            ["Blinken will brief Wang Yi on Friday on the President’s meeting with Lavrov."],
            set(),
        ),
        # What was discussed is no meeting of those who discussed it.
        (["Blinken and Lavrov discussed next month’s G20 summit on Monday."], set()),
        # Not yet planned; a question states nothing.
        (["A meeting between Blinken and Lavrov is under consideration."], set()),
        (["Did Blinken meet Lavrov in Vienna on Monday?"], set()),
        # ", and the Secretary will be meeting ...": a new subject.
        (
            [
                "Lavrov had a call with Wang Yi on Monday, and the Secretary will be meeting "
                "with Foreign Minister Lavrov later today."
            ],
            {(WANG_LAVROV, "phone_call", "held", MONDAY, "")},
        ),
        # The speaker is a participant of his or her own meeting only.
        (
            ["Blinken said he would meet Lavrov in Geneva on Friday."],
            {(PAIR, "talks", "planned", FRIDAY, "geneva")},
        ),
        (
            ["Blinken announced plans to host Lavrov in Washington on Friday."],
            {(PAIR, "talks", "planned", FRIDAY, "washington")},
        ),
        (
            ["Lavrov met Wang Yi in Beijing on Monday, Blinken said."],
            {(("sergey-lavrov", "wang-yi"), "talks", "held", MONDAY, "beijing")},
        ),
        (
            ["The US President welcomed Blinken's planned travel to Beijing, Wang Yi said."],
            set(),
        ),
        # "their meeting with <nobody named>" is no meeting of "they".
        (
            [
                "Blinken and Lavrov spoke in Geneva on Monday.",
                "They called the exercises provocative and cancelled their meeting with the "
                "Japanese side.",
            ],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        # "between A and B, and C and D": one encounter of all four.
        (
            [
                "The 2+2 ministerial between Blinken and Secretary of Defense Lloyd Austin, and "
                "Foreign Minister Wang Yi and Foreign Minister Lavrov will take place on Friday."
            ],
            {
                (
                    ("antony-blinken", "lloyd-austin", "sergey-lavrov", "wang-yi"),
                    "multilateral",
                    "planned",
                    FRIDAY,
                    "",
                )
            },
        ),
    ],
)
def test_participants_come_from_the_meetings_phrase(paragraphs, expected):
    assert claims(*paragraphs) == expected


@pytest.mark.parametrize(
    ("headline", "paragraphs", "expected"),
    [
        # A readout titled "Call": the body's sentence about them is a call.
        (
            "Secretary Blinken’s Call with Russian Foreign Minister Lavrov",
            [
                "Secretary of State Antony J. Blinken spoke today with Russian Foreign Minister "
                "Sergey Lavrov. The Secretary stressed the need for de-escalation."
            ],
            {(PAIR, "phone_call", "held", TODAY, "")},
        ),
        # ... but only that sentence: a meeting they agree on is no call.
        (
            "Secretary Blinken’s Call with Russian Foreign Minister Lavrov",
            [
                "Secretary of State Antony J. Blinken spoke today with Russian Foreign Minister "
                "Sergey Lavrov. The two ministers will meet in Geneva on Friday."
            ],
            {(PAIR, "phone_call", "held", TODAY, ""), (PAIR, "talks", "planned", FRIDAY, "geneva")},
        ),
        # A headline states the meeting the body only describes.
        (
            "Secretary Blinken Meets With Russian Foreign Minister Lavrov in Geneva",
            ["On Monday, Secretary Blinken discussed arms control with his Russian counterpart."],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        # Remarks before their meeting: held on the day of the remarks (placed by the
        # Secretary's official trip of that day, trips.csv: Addis Ababa on 14 March 2023).
        (
            "Secretary Antony J. Blinken and Russian Foreign Minister Sergey Lavrov Before Their "
            "Meeting",
            ["SECRETARY BLINKEN: Good morning, everyone. It is good to see you again, Sergey."],
            {(PAIR, "talks", "held", TODAY, "addis-ababa")},
        ),
        # "Readout of ...": the meeting is on the day of the readout when the body gives none.
        (
            "Readout of Secretary Blinken’s Videoconference with Foreign Minister Lavrov",
            ["Secretary Blinken held a videoconference with Foreign Minister Sergey Lavrov."],
            {(PAIR, "video_call", "held", TODAY, "")},
        ),
        # ... and so is "Secretary X's Call with Y".
        (
            "Secretary Blinken’s Call with Russian Foreign Minister Lavrov",
            ["Secretary Blinken spoke with Foreign Minister Sergey Lavrov about arms control."],
            {(PAIR, "phone_call", "held", TODAY, "")},
        ),
        (
            "Secretary Antony J. Blinken and Russian Foreign Minister Sergey Lavrov before their "
            "Meeting",
            ["FOREIGN MINISTER LAVROV: Thank you, Tony."],
            {(PAIR, "talks", "held", TODAY, "addis-ababa")},
        ),
        # A preview's headline takes the status of the body that describes it.
        (
            "Statement on Secretary Blinken’s Virtual Meeting with Foreign Minister Lavrov",
            ["Secretary Blinken will meet virtually with Foreign Minister Lavrov on Friday."],
            {(PAIR, "video_call", "planned", FRIDAY, "")},
        ),
    ],
)
def test_readout_headlines(headline, paragraphs, expected):
    assert claims(*paragraphs, headline=headline) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # "is meeting / is holding talks": planned, never held by default.
        (
            ["Blinken is meeting Lavrov in Geneva today."],
            {(PAIR, "talks", "planned", TODAY, "geneva")},
        ),
        (
            ["Blinken is holding talks with Lavrov in Geneva today."],
            {(PAIR, "talks", "planned", TODAY, "geneva")},
        ),
        # No tense word near the cue: the main verb's tense.
        (
            [
                "In addition to arms control, the talks between Blinken and Lavrov in Geneva "
                "on Friday will deal with Ukraine."
            ],
            {(PAIR, "talks", "planned", FRIDAY, "geneva")},
        ),
        # "flew to X to meet Y": held when the flight is past.
        (
            ["Blinken flew to Geneva on Monday to meet Lavrov."],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        (
            ["Blinken will fly to Geneva on Friday to meet Lavrov."],
            {(PAIR, "talks", "planned", FRIDAY, "geneva")},
        ),
        # "looked forward to receiving": planned.
        (
            ["Blinken said he looked forward to receiving Lavrov in Washington on Friday."],
            {(PAIR, "talks", "planned", FRIDAY, "washington")},
        ),
        # "returned X's call": both took part.
        (
            ["On Monday, Blinken returned Foreign Minister Lavrov's phone call."],
            {(PAIR, "phone_call", "held", MONDAY, "")},
        ),
        # "had an opportunity to meet": it happened.
        (
            ["Blinken had an opportunity to meet Lavrov in Vienna on Monday."],
            {(PAIR, "talks", "held", MONDAY, "vienna")},
        ),
        (
            ["Blinken did have an opportunity to meet Lavrov in Vienna on Monday."],
            {(PAIR, "talks", "held", MONDAY, "vienna")},
        ),
        # A cancellation in a clause of its own (", and a ...") cancels that clause's event.
        (
            [
                "A meeting in Geneva between Blinken and Lavrov ended in a shouting match on "
                "Monday, and a planned signing of a minerals deal was canceled."
            ],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        # "after talks Sunday": the adjunct's talks, of the main clause's people.
        (
            ["Blinken and Lavrov failed to reach a deal after talks on Monday in Geneva."],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        (
            ["Blinken arrived in Vienna on Monday after meeting Lavrov in Geneva."],
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        # A clause referring back to the meeting cancels it.
        (
            [
                "Blinken had been expected to meet Lavrov in Geneva on Friday, but that "
                "meeting was called off."
            ],
            {(PAIR, "talks", "cancelled", FRIDAY, "geneva")},
        ),
        (
            ["Blinken was to meet Lavrov in Geneva on Friday, but it was canceled."],
            {(PAIR, "talks", "cancelled", FRIDAY, "geneva")},
        ),
        # What two people exchanged views on is a topic, not their meeting.
        (
            [
                "Blinken spoke today with Lavrov. Blinken and Lavrov also exchanged views on "
                "developments in NATO, and the lead up to the Geneva Summit."
            ],
            {(PAIR, "phone_call", "held", TODAY, "")},
        ),
        (
            ["A planned meeting between Blinken and Lavrov in Geneva on Friday is now off."],
            {(PAIR, "talks", "cancelled", FRIDAY, "geneva")},
        ),
        (
            ["Blinken cancelled his planned March 17 summit in Geneva with Lavrov."],
            {(PAIR, "talks", "cancelled", FRIDAY, "geneva")},
        ),
        # Negotiators who will meet are not the ministers who agreed they would.
        (
            [
                "Blinken met Lavrov on Monday. They agreed that negotiators would meet again in Geneva."
            ],
            {(PAIR, "talks", "held", MONDAY, "")},
        ),
        # The host of the occasion on whose margins two met is not a third participant.
        (
            [
                "Blinken and Lavrov met on Monday on the sidelines of a summit in Geneva hosted "
                "by Wang Yi."
            ],
            {(PAIR, "sidelines", "held", MONDAY, "geneva")},
        ),
        # An undated invitation "to talks" is no meeting ("had" is no "held" here).
        (["Lavrov said he had invited Blinken to talks but had no answer."], set()),
        # Welcoming a thing is hosting nobody, though a name follows.
        (["Blinken welcomed the national dialogue Lavrov has convened."], set()),
        (["Blinken welcomes this deal and commends Lavrov for his efforts."], set()),
        # "has spoken to this" is no call.
        (["Blinken has spoken to this, and Lavrov knows it."], set()),
        # A meeting said to be possible is none yet.
        (
            ["Lavrov said a meeting between Blinken and Lavrov was possible but no date was set."],
            set(),
        ),
        # Staying away negates.
        (["Lavrov will skip the meeting with Blinken in Geneva on Friday."], set()),
        (["Lavrov will boycott the talks with Blinken in Geneva on Friday."], set()),
        (["Lavrov snubbed the summit with Blinken in Geneva on Monday."], set()),
        (["Lavrov will not attend the meeting with Blinken in Geneva on Friday."], set()),
        # An invitation makes only the invited visit planned; undated, it is none.
        (
            [
                "Blinken spoke by phone with Lavrov on Monday and invited him to visit "
                "Washington on Friday."
            ],
            {
                (PAIR, "phone_call", "held", MONDAY, ""),
                (PAIR, "talks", "planned", FRIDAY, "washington"),
            },
        ),
        (
            ["Blinken spoke by phone with Lavrov on Monday and invited him to visit Washington."],
            {(PAIR, "phone_call", "held", MONDAY, "")},
        ),
        (
            ["Lavrov has accepted Blinken’s invitation to meet in Vienna on Friday."],
            {(PAIR, "talks", "planned", FRIDAY, "vienna")},
        ),
        (
            ["Lavrov has accepted Blinken's invitation to visit Washington on Friday."],
            {(PAIR, "talks", "planned", FRIDAY, "washington")},
        ),
    ],
)
def test_status_from_the_verb(paragraphs, expected):
    assert claims(*paragraphs) == expected


def test_a_daily_schedule_line_is_planned_for_the_schedules_day():
    assert claims(
        "10:00 a.m. Secretary Blinken meets with Russian Foreign Minister Sergey Lavrov, in Geneva.",
        headline="Public Schedule – March 14, 2023",
    ) == {(PAIR, "talks", "planned", TODAY, "geneva")}


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # One sentence, several claims: a held call and a planned meeting.
        (
            ["Blinken and Lavrov spoke by phone on Monday and agreed to meet in Vienna on Friday."],
            {
                (PAIR, "phone_call", "held", MONDAY, ""),
                (PAIR, "talks", "planned", FRIDAY, "vienna"),
            },
        ),
        # The date attached to the meeting, not the first date of the clause.
        (
            ["On Monday Lavrov said that Blinken would meet him in Vienna on Friday."],
            {(PAIR, "talks", "planned", FRIDAY, "vienna")},
        ),
        (
            ["After talks on Monday, Blinken will meet Lavrov in Vienna on Friday."],
            {(PAIR, "talks", "planned", FRIDAY, "vienna")},
        ),
        # Of two adjacent expressions, the sharper one.
        (
            ["Blinken traveled to Vienna on March 3 this year and met with Lavrov."],
            {(PAIR, "talks", "held", ("2023-03-03", "2023-03-03"), "vienna")},
        ),
        # A cancelled meeting carries the date it was planned for.
        (
            ["Lavrov on Monday called off the meeting with Blinken planned in Vienna for Friday."],
            {(PAIR, "talks", "cancelled", FRIDAY, "vienna")},
        ),
        # A dated noun phrase in the next sentence dates the undated claim.
        (
            [
                "Blinken will hold talks with Lavrov in Vienna. The March 17 meeting will "
                "focus on arms control."
            ],
            {(PAIR, "talks", "planned", FRIDAY, "vienna")},
        ),
        # "Their meeting near Vienna, on Monday, ...": the claim just before it.
        (
            ["Blinken met with Lavrov.", "Their meeting in Vienna, on Monday, focused on Ukraine."],
            {(PAIR, "talks", "held", MONDAY, "vienna")},
        ),
        # "Before that, on March 3, ..." dates what follows.
        (
            [
                "Blinken met Lavrov in Vienna on Monday. Before that, on March 3, he met Wang Yi in Geneva."
            ],
            {
                (PAIR, "talks", "held", MONDAY, "vienna"),
                (BLINKEN_WANG, "talks", "held", ("2023-03-03", "2023-03-03"), "geneva"),
            },
        ),
        # Two days joined by "and" are the meeting's; a later sentence of another status
        # about one of those days (another occasion) does not cut them to that day.
        (
            [
                "On March 13 and 14, Blinken met Lavrov in Vienna to discuss arms control.",
                "Blinken and Lavrov welcomed that the first meeting of the working group will "
                "be held on March 14.",
            ],
            {(PAIR, "talks", "held", ("2023-03-13", "2023-03-14"), "vienna")},
        ),
        # "a day after" / "two days before" count from the date before them.
        (
            ["Blinken met Wang Yi in Vienna on Monday, a day after talks in Geneva with Lavrov."],
            {
                (BLINKEN_WANG, "talks", "held", MONDAY, "vienna"),
                (PAIR, "talks", "held", ("2023-03-12", "2023-03-12"), "geneva"),
            },
        ),
        (
            ["Blinken will meet Wang Yi in Vienna on Friday, two days before he meets Lavrov."],
            {
                (BLINKEN_WANG, "talks", "planned", FRIDAY, "vienna"),
                (PAIR, "talks", "planned", ("2023-03-19", "2023-03-19"), ""),
            },
        ),
        # A date after "since" starts a period: it is not the meeting's.
        (
            [
                "Blinken met Lavrov in Geneva for the first time since the war began in February 2022."
            ],
            {(PAIR, "talks", "held", None, "geneva")},
        ),
        # Of two countries a trip names, the one of the person met.
        (
            [
                "Blinken will travel to Austria and Russia on Friday to meet Foreign Minister Lavrov."
            ],
            {(PAIR, "talks", "planned", FRIDAY, "country:RU")},
        ),
        # "between" the days, not between the people.
        (
            ["Blinken met Lavrov in Vienna between March 10 and March 12."],
            {(PAIR, "talks", "held", ("2023-03-10", "2023-03-12"), "vienna")},
        ),
        (
            ["Blinken will meet Lavrov in Geneva between March 30 and April 1."],
            {(PAIR, "talks", "planned", ("2023-03-30", "2023-04-01"), "geneva")},
        ),
    ],
)
def test_the_date_of_a_meeting_is_the_date_attached_to_it(paragraphs, expected):
    assert claims(*paragraphs) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # A follow-up takes the setting of the claim it follows.
        (
            ["Blinken met Wang Yi in Vienna on Monday. Blinken also met Lavrov."],
            {
                (BLINKEN_WANG, "talks", "held", MONDAY, "vienna"),
                (PAIR, "talks", "held", MONDAY, "vienna"),
            },
        ),
        (
            [
                "Blinken met Wang Yi in Vienna on Monday. Following the meeting, Blinken "
                "called on Lavrov."
            ],
            {
                (BLINKEN_WANG, "talks", "held", MONDAY, "vienna"),
                (PAIR, "talks", "held", MONDAY, "vienna"),
            },
        ),
        (
            [
                "Blinken and Wang Yi met in Vienna on Monday. They were joined by Lavrov for a "
                "trilateral dialogue."
            ],
            {
                (BLINKEN_WANG, "talks", "held", MONDAY, "vienna"),
                (
                    ("antony-blinken", "sergey-lavrov", "wang-yi"),
                    "multilateral",
                    "held",
                    MONDAY,
                    "vienna",
                ),
            },
        ),
        # A follow-up's minister named without a country is of the country it follows up in.
        (
            [
                "Blinken met Polish President Ana Ruiz in Warsaw on Monday. Blinken also met "
                "with Prime Minister Juan Soto."
            ],
            {
                (("ana-ruiz", "antony-blinken"), "visit", "held", MONDAY, "warsaw"),
                (("antony-blinken", "juan-soto"), "visit", "held", MONDAY, "warsaw"),
            },
        ),
        (
            ["Blinken met Wang Yi in Vienna on Monday. He was later received by Lavrov."],
            {
                (BLINKEN_WANG, "talks", "held", MONDAY, "vienna"),
                (PAIR, "talks", "held", MONDAY, "vienna"),
            },
        ),
        (
            ["Blinken met Wang Yi in Vienna on Monday. Later in the day, he met Lavrov."],
            {
                (BLINKEN_WANG, "talks", "held", MONDAY, "vienna"),
                (PAIR, "talks", "held", MONDAY, "vienna"),
            },
        ),
        (
            [
                "Blinken met Wang Yi at the G20 meeting in Vienna on Monday. On the sidelines, "
                "Blinken also spoke with Lavrov."
            ],
            {
                (BLINKEN_WANG, "sidelines", "held", MONDAY, "vienna"),
                (PAIR, "sidelines", "held", MONDAY, "vienna"),
            },
        ),
        # ... but not across a sentence that moves on.
        (
            [
                "Blinken met Wang Yi in Vienna on Monday. He then flew to Paris. "
                "Blinken also met Lavrov."
            ],
            {(BLINKEN_WANG, "talks", "held", MONDAY, "vienna"), (PAIR, "talks", "held", None, "")},
        ),
        (
            # (dated the day after Monday, not in Vienna: Blinken's trip of that day,
            # trips.csv, places it)
            ["Blinken met Wang Yi in Vienna on Monday. The next day, Blinken also met Lavrov."],
            {
                (BLINKEN_WANG, "talks", "held", MONDAY, "vienna"),
                (PAIR, "talks", "held", TODAY, "addis-ababa"),
            },
        ),
        # A trip frame gives place and dates to the meetings inside it.
        (
            [
                "Blinken will travel to Vienna, Austria, March 16-17, where he will meet with "
                "Lavrov."
            ],
            {(PAIR, "talks", "planned", ("2023-03-16", "2023-03-17"), "vienna")},
        ),
        (
            ["While in Vienna on Monday, Blinken met Lavrov."],
            {(PAIR, "talks", "held", MONDAY, "vienna")},
        ),
        (
            ["Lavrov is in Vienna this week. He will meet Blinken on Friday."],
            {(PAIR, "talks", "planned", FRIDAY, "vienna")},
        ),
        # The "he" after one person's possessive is that person ("Blinken's trip").
        (
            ["Blinken’s trip will end in Vienna, where he will meet Lavrov on Friday."],
            {(PAIR, "talks", "planned", FRIDAY, "vienna")},
        ),
        # A past visit frames no planned meeting.
        (
            ["Lavrov visited Vienna last week. He will meet Blinken on Friday."],
            {(PAIR, "talks", "planned", FRIDAY, "")},
        ),
        (
            ["Lavrov visited Beijing last month. He met with Wang Yi during the visit."],
            {(WANG_LAVROV, "talks", "held", ("2023-02-01", "2023-02-28"), "beijing")},
        ),
        # One person meeting people of several countries: a meeting with each.
        (
            ["Blinken will meet with Lavrov and Wang Yi in Vienna on Friday."],
            {
                (PAIR, "talks", "planned", FRIDAY, "vienna"),
                (BLINKEN_WANG, "talks", "planned", FRIDAY, "vienna"),
            },
        ),
        # ... unless they are together: a trilateral (kind multilateral), a call with several.
        (
            ["Blinken will hold a trilateral meeting with Lavrov and Wang Yi in Vienna on Friday."],
            {
                (
                    ("antony-blinken", "sergey-lavrov", "wang-yi"),
                    "multilateral",
                    "planned",
                    FRIDAY,
                    "vienna",
                )
            },
        ),
        (
            ["Blinken spoke by phone with Lavrov and Wang Yi on Monday."],
            {(("antony-blinken", "sergey-lavrov", "wang-yi"), "phone_call", "held", MONDAY, "")},
        ),
    ],
)
def test_follow_ups_and_frames_inherit_the_setting(paragraphs, expected):
    assert claims(*paragraphs) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # "They" after a claim of the same paragraph: the people of that encounter.
        (
            [
                "Blinken held a videoconference with Lavrov and Wang Yi on Monday. Lavrov and "
                "Wang Yi urged restraint. They agreed to meet in Vienna on Friday."
            ],
            {
                (("antony-blinken", "sergey-lavrov", "wang-yi"), "video_call", "held", MONDAY, ""),
                (
                    ("antony-blinken", "sergey-lavrov", "wang-yi"),
                    "multilateral",
                    "planned",
                    FRIDAY,
                    "vienna",
                ),
            },
        ),
        # "The two leaders" in a later paragraph: the latest encounter of those named.
        (
            [
                "Blinken is in Vienna for talks with Lavrov.",
                "A spokesman said the Secretary was hopeful.",
                "The two ministers met for dinner in Vienna on Monday.",
            ],
            {(PAIR, "talks", "planned", None, "vienna"), (PAIR, "talks", "held", MONDAY, "vienna")},
        ),
        # "the two" alone, as the subject of a verb.
        (
            [
                "Blinken met Lavrov in Geneva on Monday. A senior official said the two would "
                "meet again on Friday."
            ],
            {(PAIR, "talks", "held", MONDAY, "geneva"), (PAIR, "talks", "planned", FRIDAY, "")},
        ),
        # "the two foreign ministers" named before the sentence's own pair; a when-clause
        # is dated by the clause it hangs on.
        (
            [
                "Blinken met Lavrov in Geneva on Monday. The two foreign ministers will meet "
                "again on Friday, when Biden and Putin are to hold their first meeting in Vienna."
            ],
            {
                (PAIR, "talks", "held", MONDAY, "geneva"),
                (PAIR, "talks", "planned", FRIDAY, ""),
                (("joe-biden", "vladimir-putin"), "summit", "planned", FRIDAY, "vienna"),
            },
        ),
        # "the two" are two: not the three people of the sentence before.
        (
            [
                "Blinken spoke today with Lavrov about Wang Yi's proposal. The two also "
                "exchanged views on the lead up to the Geneva Summit."
            ],
            {(PAIR, "phone_call", "held", TODAY, "")},
        ),
    ],
)
def test_groups_named_by_pronouns(paragraphs, expected):
    assert claims(*paragraphs) == expected


def test_cue_words_are_checked_reference_data(tmp_path):
    import json
    import shutil

    from parley.paths import REFERENCE_DIR
    from parley.reference import ReferenceDataError, load_reference_file

    target = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, target)
    document = json.loads((target / "cues.json").read_text(encoding="utf-8"))
    document["words"]["meeting_nouns"].append("talks (")
    (target / "cues.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ReferenceDataError) as raised:
        load_reference_file("cues", target)
    message = str(raised.value)
    assert "cues.json" in message and "words.meeting_nouns" in message and "\n" not in message


def undated_claims(*paragraphs: str) -> set[tuple]:
    """An article that prints no publication date (no date line, no dateline)."""
    text = "Diplomats meet\n\n" + "\n\n".join(paragraphs) + "\n"
    return claims_of(text, _reference())


# A photo caption closing on its day: March 18, 2023 was a Saturday.
CAPTION = "Secretary Blinken waves as he boards his plane in Vienna, March 18, 2023."
HOMEWARD = "Blinken is flying back to Washington on Saturday after a week of talks."
MET_FRIDAY = "On Friday, Blinken met with Lavrov in Vienna."


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # The caption's day is a weekday the body names: the article is that day's (or the
        # next day's) news, and "on Friday" is the 17th (parley.published._caption_day).
        ([CAPTION, HOMEWARD, MET_FRIDAY], {(PAIR, "talks", "held", FRIDAY, "vienna")}),
        # The body never names the caption's weekday: the photo may be older; undated.
        ([CAPTION, MET_FRIDAY], {(PAIR, "talks", "held", None, "vienna")}),
        # A date inside the sentence, not closing it, is no caption's.
        (
            [
                "On March 18, 2023, Blinken waved as he boarded his plane in Vienna.",
                HOMEWARD,
                MET_FRIDAY,
            ],
            {(PAIR, "talks", "held", None, "vienna")},
        ),
        # Two captions' days the body's weekdays fit: no single anchor, undated.
        (
            [
                CAPTION,
                "Lavrov speaks to reporters in Moscow, March 20, 2023.",
                HOMEWARD + " He is due in Moscow on Monday.",
                MET_FRIDAY,
            ],
            {(PAIR, "talks", "held", None, "vienna")},
        ),
        # The body says the caption's weekday in the present ("is flying back ... on
        # Saturday"): the article is that day's, and a past "on Sunday" is the 12th.
        (
            [CAPTION, HOMEWARD, "On Sunday, Blinken met with Lavrov in Vienna."],
            {(PAIR, "talks", "held", ("2023-03-12", "2023-03-12"), "vienna")},
        ),
        # In the past ("flew back on Saturday"): that day or the next, and "on Sunday"
        # reads as the 12th from Saturday but the 19th from Sunday: undated.
        (
            [
                CAPTION,
                "Blinken flew back to Washington on Saturday after a week of talks.",
                "On Sunday, Blinken met with Lavrov in Vienna.",
            ],
            {(PAIR, "talks", "held", None, "vienna")},
        ),
    ],
)
def test_an_undated_articles_weekdays_read_against_its_captions_day(paragraphs, expected):
    assert undated_claims(*paragraphs) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A dateline city places an encounter just held that the text places nowhere.
        ("GENEVA — Blinken met Lavrov on Monday.", {(PAIR, "talks", "held", MONDAY, "geneva")}),
        # Not a call, not a meeting to come, not one long past, not over the text's place.
        (
            "GENEVA — Blinken spoke by phone with Lavrov on Monday.",
            {(PAIR, "phone_call", "held", MONDAY, "")},
        ),
        ("GENEVA — Blinken will meet Lavrov on Friday.", {(PAIR, "talks", "planned", FRIDAY, "")}),
        (
            "GENEVA — Blinken met Lavrov on March 1.",
            {(PAIR, "talks", "held", ("2023-03-01", "2023-03-01"), "")},
        ),
        (
            "GENEVA — Blinken met Lavrov in Vienna on Monday.",
            {(PAIR, "talks", "held", MONDAY, "vienna")},
        ),
    ],
)
def test_the_datelines_city_places_a_meeting_just_held(body, expected):
    assert claims(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # trips.csv: Blinken in Addis Ababa 14-16 March 2023, in Niamey 16-17 March.
        ("Blinken met Lavrov today.", {(PAIR, "talks", "held", TODAY, "addis-ababa")}),
        # No trip that day, a trip over two countries that day, a meeting to come, a call.
        ("Blinken met Lavrov on Monday.", {(PAIR, "talks", "held", MONDAY, "")}),
        (
            "Blinken met Lavrov on March 16.",
            {(PAIR, "talks", "held", ("2023-03-16", "2023-03-16"), "")},
        ),
        (
            "Blinken will meet Lavrov on March 15.",
            {(PAIR, "talks", "planned", ("2023-03-15", "2023-03-15"), "")},
        ),
        ("Blinken spoke by phone with Lavrov today.", {(PAIR, "phone_call", "held", TODAY, "")}),
        (
            "Blinken spoke at great length with Lavrov today.",
            {(PAIR, "phone_call", "held", TODAY, "")},
        ),
    ],
)
def test_an_official_trip_places_a_meeting_the_text_does_not(body, expected):
    assert claims(body) == expected


SHOUKRY = ("antony-blinken", "sameh-shoukry")
TRIP_DAYS = ("2023-03-06", "2023-03-09")


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # The stops of a journey separated by semicolons: the dates after the last are
        # the whole journey's, and date a meeting at one of its stops.
        (
            (
                "Lavrov will travel to Asuncion, Paraguay; Panama City, Panama; and San "
                "Salvador, El Salvador, March 20-23.",
                "During his trip to Panama, Lavrov will meet with Blinken.",
            ),
            {(PAIR, "talks", "planned", ("2023-03-20", "2023-03-23"), "country:PA")},
        ),
        # A past journey of an earlier paragraph dates the meetings set at its stops.
        (
            (
                "Blinken traveled to Abu Dhabi, Riyadh, and Cairo March 6-9.",
                "In Cairo, Blinken met with Egyptian Foreign Minister Sameh Shoukry.",
            ),
            {(SHOUKRY, "talks", "held", TRIP_DAYS, "cairo")},
        ),
        # ... not a meeting it does not name among its stops, nor one with a date of its own.
        (
            (
                "Blinken traveled to Abu Dhabi and Riyadh March 6-9.",
                "In Cairo, Blinken met with Egyptian Foreign Minister Sameh Shoukry.",
            ),
            {(SHOUKRY, "talks", "held", None, "cairo")},
        ),
        (
            (
                "Blinken traveled to Abu Dhabi, Riyadh, and Cairo March 6-9.",
                "In 2019, Blinken met with Egyptian Foreign Minister Sameh Shoukry in Cairo.",
            ),
            {(SHOUKRY, "talks", "held", ("2019-01-01", "2019-12-31"), "cairo")},
        ),
    ],
)
def test_a_journeys_days_date_the_meetings_at_its_stops(paragraphs, expected):
    assert claims(*paragraphs) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # A dated event's name ("the March 10 extraordinary NATO Summit") is another
        # occasion: it does not date the meeting the sentence speaks of.
        (
            (
                "Blinken met with Lavrov in Geneva.",
                "They discussed outcomes of the March 10 extraordinary NATO Summit.",
            ),
            {(PAIR, "talks", "held", None, "geneva")},
        ),
        (
            ("Blinken met with Lavrov in Geneva.", "The March 10 meeting focused on Ukraine."),
            {(PAIR, "talks", "held", ("2023-03-10", "2023-03-10"), "geneva")},
        ),
    ],
)
def test_a_named_events_date_is_not_the_meetings(paragraphs, expected):
    assert claims(*paragraphs) == expected


MACRON_BIDEN = ("emmanuel-macron", "joe-biden")
MACRON_LAVROV = ("emmanuel-macron", "sergey-lavrov")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The owner of the next cue's meeting ("President Biden's video call with ...")
        # is that meeting's, not one more person this cue's subject spoke with.
        (
            "Blinken spoke today with Lavrov to follow up on President Biden's video call "
            "with European leaders.",
            {(PAIR, "phone_call", "held", TODAY, "")},
        ),
        # An occasion hosted by someone: its host and the people after it met; the people
        # who discussed it did not, unless the clause says they attended it.
        (
            "Lavrov praised the retreat on Monday hosted by French President "
            "Emmanuel Macron with President Biden participating.",
            {(MACRON_BIDEN, "summit", "held", MONDAY, "")},
        ),
        (
            "Lavrov attended a dinner hosted by French President Emmanuel Macron on Monday.",
            {(MACRON_LAVROV, "visit", "held", MONDAY, "")},
        ),
        (
            "Lavrov was hosted by French President Emmanuel Macron on Monday.",
            {(MACRON_LAVROV, "visit", "held", MONDAY, "")},
        ),
        # "First Vice Foreign Minister": a rank between the country and the office.
        (
            "Blinken spoke today with Republic of Korea (ROK) First Vice Foreign Minister "
            "Kim Minjae.",
            {(("antony-blinken", "kim-minjae"), "phone_call", "held", TODAY, "")},
        ),
        # A country in parentheses after the name places a new official.
        (
            "Lavrov met today with Foreign Minister Rodrigo Ortiz (Costa Rica).",
            {(("rodrigo-ortiz", "sergey-lavrov"), "talks", "held", TODAY, "")},
        ),
        ("Lavrov met today with Foreign Minister Rodrigo Ortiz (retired).", set()),
    ],
)
def test_who_met_at_an_occasion_another_names(sentence, expected):
    assert claims(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Two cities of one country and nothing saying which: the country.
        (
            "Blinken will travel to Istanbul and Ankara, Turkey, on Friday to meet with Lavrov.",
            {(PAIR, "talks", "planned", FRIDAY, "country:TR")},
        ),
        # Cities of two countries: the first, as before; one city: that city.
        (
            "Blinken will travel to Paris and Berlin on Friday to meet with Lavrov.",
            {(PAIR, "talks", "planned", FRIDAY, "paris")},
        ),
        (
            "Blinken will travel to Ankara, Turkey, on Friday to meet with Lavrov.",
            {(PAIR, "talks", "planned", FRIDAY, "ankara")},
        ),
    ],
)
def test_several_cities_of_one_country_place_a_meeting_in_that_country(sentence, expected):
    assert claims(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # An offer or a request is no meeting.
        ("Blinken is prepared to meet Lavrov at any time if that helps.", set()),
        ("We are seeking a conversation between Blinken and Lavrov.", set()),
        ("Blinken requested a meeting with Lavrov.", set()),
        ("Blinken will meet Lavrov on Friday.", {(PAIR, "talks", "planned", FRIDAY, "")}),
        # The partner of a relation is no one met.
        (
            "Blinken spoke today with Lavrov to welcome close cooperation and strong ties with "
            "President Xi Jinping.",
            {(PAIR, "phone_call", "held", TODAY, "")},
        ),
        # A meeting someone unnamed owns, in an opening adjunct, is not the main subject's.
        (
            "Building on the President's trilateral meeting on Monday with Prime Minister "
            "Fumio Kishida and President Yoon Suk Yeol, Lavrov discussed cooperation.",
            {(("fumio-kishida", "yoon-suk-yeol"), "summit", "held", MONDAY, "")},
        ),
    ],
)
def test_offers_relations_and_meetings_of_others(sentence, expected):
    assert claims(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "then <verb>": the same subject's next clause, with its own place and people.
        (
            "Blinken met Lavrov in Geneva on Monday, then traveled to Paris for talks with "
            "French Foreign Minister Catherine Colonna.",
            {
                (PAIR, "talks", "held", MONDAY, "geneva"),
                (("antony-blinken", "catherine-colonna"), "talks", "held", None, "paris"),
            },
        ),
        # Signing together is an encounter of the signers ...
        (
            "Blinken and Lavrov signed the agreement in Geneva on Monday.",
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        (
            "Lavrov will sign the agreement with Blinken on Friday.",
            {(PAIR, "talks", "planned", FRIDAY, "")},
        ),
        # ... not of one signer, of countries, or of the people who recall a signing.
        ("Lavrov signed a decree on Monday.", set()),
        (
            "Blinken and Lavrov recalled the declaration signed by Russia and the United "
            "States in 2010.",
            set(),
        ),
        # "He" in a name ("Vice Premier He Lifeng", "Vice Premier Liu He").
        (
            "Lavrov met Chinese Vice Premier He Lifeng in Moscow on Monday.",
            {(("he-lifeng", "sergey-lavrov"), "talks", "held", MONDAY, "moscow")},
        ),
        (
            "Lavrov met Chinese Vice Premier Liu Yang He in Moscow on Monday.",
            {(("liu-yang-he", "sergey-lavrov"), "talks", "held", MONDAY, "moscow")},
        ),
    ],
)
def test_next_clauses_signings_and_names_with_he(sentence, expected):
    assert claims(sentence) == expected


XI_OBAMA = ("barack-obama", "xi-jinping")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The speaker after an opening adjunct's talks took part in them.
        (
            "Speaking after talks with Chinese Foreign Minister Wang Yi in Beijing on Monday, "
            "Secretary of State Antony Blinken said progress was made.",
            {(("antony-blinken", "wang-yi"), "talks", "held", MONDAY, "beijing")},
        ),
        (
            "After Wang Yi met Lavrov in Moscow on Monday, Blinken said nothing had changed.",
            {(("sergey-lavrov", "wang-yi"), "talks", "held", MONDAY, "moscow")},
        ),
        # "held what officials described as candid talks".
        (
            "Blinken and Lavrov held what officials described as candid talks in Geneva on Monday.",
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
    ],
)
def test_speakers_after_their_talks_and_described_talks(sentence, expected):
    assert claims(sentence) == expected


def test_a_guest_welcomed_in_the_passive():
    text = (
        "Xi visits\n\n25 September, 2015\n\nChinese President Xi Jinping was welcomed at the "
        "White House by President Barack Obama on Friday.\n"
    )
    from helpers import claims_of

    assert claims_of(text, _reference(), dt.date(2015, 9, 25)) == {
        (XI_OBAMA, "summit", "held", ("2015-09-25", "2015-09-25"), "white-house")
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "his British and German counterparts": a minister's counterpart in each country.
        (
            "Blinken met with his British and German counterparts in Berlin on Monday.",
            {
                (("antony-blinken", "james-cleverly"), "talks", "held", MONDAY, "berlin"),
                (("annalena-baerbock", "antony-blinken"), "talks", "held", MONDAY, "berlin"),
            },
        ),
        # A head's counterparts (a president's may be a prime minister), or several of one
        # country, are not said.
        ("Biden met with his Japanese and South Korean counterparts in Tokyo on Monday.", set()),
        ("Blinken met with his Turkish counterparts in Ankara on Monday.", set()),
        # Being open to a meeting is no meeting.
        ("Biden has said he is open to another summit with Putin.", set()),
    ],
)
def test_several_counterparts_and_openness(sentence, expected):
    assert claims(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "will welcome X to <place>": a visit to come.
        (
            "Lavrov will welcome Blinken to Moscow on Friday.",
            {(PAIR, "talks", "planned", FRIDAY, "moscow")},
        ),
        ("Lavrov will welcome the decision by Blinken.", set()),
        # A joint news conference is an encounter of both, the owner's when possessed.
        (
            "Lavrov, speaking at a joint news conference with Blinken in Geneva on Monday, "
            "said the talks were useful.",
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        (
            "Wang Yi attended Lavrov's joint press conference with Blinken in Geneva on Monday.",
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
    ],
)
def test_welcomes_to_come_and_joint_news_conferences(sentence, expected):
    assert claims(sentence) == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # Days counted from the latest encounter or journey dated to one day.
        (
            ("Wang Yi arrived in Geneva on Monday. He met Lavrov the next day.",),
            {(("sergey-lavrov", "wang-yi"), "talks", "held", TODAY, "")},
        ),
        (
            ("Blinken met Wang Yi in Vienna on Saturday. Two days later, he met Lavrov."),
            {
                (BLINKEN_WANG, "talks", "held", ("2023-03-11", "2023-03-11"), "vienna"),
                (PAIR, "talks", "held", MONDAY, ""),
            },
        ),
        (
            ("Blinken met Wang Yi in Vienna on Monday. He had met Lavrov the previous day."),
            {
                (BLINKEN_WANG, "talks", "held", MONDAY, "vienna"),
                (PAIR, "talks", "held", ("2023-03-12", "2023-03-12"), ""),
            },
        ),
        # Not from a longer interval, nor from two paragraphs back.
        (
            ("Blinken met Wang Yi in Vienna last week. He met Lavrov the next day."),
            {
                (BLINKEN_WANG, "talks", "held", ("2023-03-06", "2023-03-12"), "vienna"),
                (PAIR, "talks", "held", None, ""),
            },
        ),
        (
            (
                "Blinken met Wang Yi in Vienna on Monday.",
                "The talks were long.",
                "He met Lavrov the next day.",
            ),
            {
                (BLINKEN_WANG, "talks", "held", MONDAY, "vienna"),
                (PAIR, "talks", "held", None, ""),
            },
        ),
    ],
)
def test_the_next_day_counts_from_the_day_told_last(paragraphs, expected):
    if isinstance(paragraphs, str):
        paragraphs = (paragraphs,)
    assert claims(*paragraphs) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "discussed X in a phone call": the call, not a discussed topic.
        (
            "The Kremlin said Blinken and Lavrov discussed Ukraine in a phone call on Monday.",
            {(PAIR, "phone_call", "held", MONDAY, "")},
        ),
        ("Blinken and Lavrov discussed next month's NATO summit on Monday.", set()),
        # "spoke by video link".
        (
            "Blinken and Lavrov spoke by video link on Monday.",
            {(PAIR, "video_call", "held", MONDAY, "")},
        ),
    ],
)
def test_calls_in_manner_phrases(sentence, expected):
    assert claims(sentence) == expected


@pytest.mark.parametrize(
    ("follow_up", "status"),
    [
        # A later sentence that cancels "the meeting" cancels the meeting told before ...
        ("The meeting was later called off.", "cancelled"),
        ("The meeting will not take place.", "cancelled"),
        ("The meeting, planned for Friday, was cancelled.", "cancelled"),
        # ... not when it denies it, cancels something else, or dates it elsewhere.
        ("The meeting was not cancelled.", "planned"),
        ("The vote was cancelled.", "planned"),
        ("Their talks were cancelled last year.", "planned"),
    ],
)
def test_a_later_sentence_cancels_the_meeting_told_before(follow_up, status):
    assert claims("Blinken will meet Lavrov in Geneva on Friday. " + follow_up) == {
        (PAIR, "talks", status, FRIDAY, "geneva")
    }


@pytest.mark.parametrize(
    ("follow_up", "interval"),
    [
        # A later sentence that postpones "the meeting" takes its date away ...
        ("The meeting has been postponed.", None),
        # ... or gives the new one; a denial leaves it.
        ("The meeting was postponed until March 24.", ("2023-03-24", "2023-03-24")),
        ("The meeting was not postponed.", FRIDAY),
    ],
)
def test_a_later_sentence_postpones_the_meeting_told_before(follow_up, interval):
    assert claims("Blinken will meet Lavrov in Geneva on Friday. " + follow_up) == {
        (PAIR, "talks", "planned", interval, "geneva")
    }


@pytest.mark.parametrize(
    ("sentence", "topics"),
    [
        # A topic's alias written as one hyphenated modifier is that topic.
        (
            "Blinken met Lavrov in Geneva on Monday to discuss the missile-defense program.",
            {"missile-defense"},
        ),
        (
            "Blinken met Lavrov in Geneva on Monday to discuss the missile defense program.",
            {"missile-defense"},
        ),
        # "health" alone, in a list of what was discussed.
        (
            "Blinken met Lavrov in Geneva on Monday to discuss trade and health.",
            {"trade", "health"},
        ),
    ],
)
def test_topics_of_a_meeting_in_hyphenated_and_plain_words(sentence, topics):
    from parley.extract import analyse_article
    from parley.parse import parse_article
    from parley.records import Article

    text = "Diplomats meet\n\n14 March, 2023\n\n" + sentence + "\n"
    findings = analyse_article(
        parse_article(Article("t.txt", text, "0" * 64), _reference()), _reference(), TUESDAY
    )
    assert {t for c in findings.claims for t in c.topics} == topics


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "his talks" after a speaker: the talks of the person named last before "his".
        (
            '"We had a very good meeting," Blinken told reporters after his talks with Lavrov '
            "in Geneva on Monday.",
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        # "their talks" after two people: theirs, with the adjunct's date and place.
        (
            "Lavrov greeted Blinken with a handshake before their talks in Geneva on Monday.",
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        # "emerged from three days of talks", "after ... intense negotiations".
        (
            "Blinken and Lavrov emerged from three days of talks in Geneva on Monday.",
            {(PAIR, "talks", "held", MONDAY, "geneva")},
        ),
        (
            "After intense negotiations in Geneva, Blinken and Lavrov announced a deal.",
            {(PAIR, "talks", "held", None, "geneva")},
        ),
    ],
)
def test_whose_talks_his_and_their_say(sentence, expected):
    assert claims(sentence) == expected


def test_a_discussed_meeting_does_not_take_the_date_of_the_talk_about_it():
    # "spoke today with X to discuss the foreign minister's trilateral meeting with Y and
    # Z": the meeting discussed is another occasion, undated here.
    found = claims(
        "Wang Yi spoke today with Lavrov to discuss the minister's trilateral meeting with "
        "Turkish Foreign Minister Mevlut Cavusoglu and Ukrainian Foreign Minister Dmytro Kuleba."
    )
    assert {(c[0], c[3]) for c in found} == {
        (("sergey-lavrov", "wang-yi"), TODAY),
        (("dmytro-kuleba", "mevlut-cavusoglu"), None),
    }
