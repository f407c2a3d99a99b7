"""Stage 4, extract: the setting of a meeting (its dates and place) from the words around it.

Trips and presences frame the meetings inside them; the header lines of remarks and a
readout's opening sentence place the meeting its headline states; a place the gazetteer
lacks is reported; relative dates resolve to the intervals they mean. Short articles
written for these tests in the style of official releases and transcripts
(docs/annotation-guide.md, "Frames and follow-ups", "Readout headlines", "Vague
dates"). Each case states the exact claims: (participants, kind, reported status,
date interval, place).
"""

import datetime as dt

import pytest
from helpers import claims_of

MONDAY = dt.date(2023, 3, 6)

_cache: dict = {}


def _reference():
    from parley.reference import load_reference

    if "ref" not in _cache:
        _cache["ref"] = load_reference()
    return _cache["ref"]


def release(*paragraphs: str, headline: str, day: dt.date = MONDAY, header: str = "") -> set:
    """A release as the State Department prints one: headline, issuer, date, body."""
    stamp = f"{day:%B} {day.day}, {day.year}"
    lines = [headline, "Office of the Spokesperson\n" + stamp]
    if header:
        lines.append(header)
    text = "\n\n".join([*lines, *paragraphs]) + "\n"
    return claims_of(text, _reference(), day)


BLINKEN_LAVROV = ("antony-blinken", "sergey-lavrov")
TRIP = ("2023-03-08", "2023-03-10")


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # An announced trip over several days dates the planned meetings the release goes
        # on to tell, in the next paragraph too, and places them.
        (
            (
                "Special Presidential Envoy for Climate John Kerry will travel to Berlin, "
                "Germany on March 8-10. On March 8, Secretary Kerry will give remarks at a "
                "university.",
                "Together with German Foreign Minister Annalena Baerbock, Secretary Kerry "
                "will open the first meeting of a new energy working group.",
            ),
            {(("annalena-baerbock", "john-kerry"), "talks", "planned", TRIP, "berlin")},
        ),
        # "While in Oslo" inside a dated trip to Oslo: the trip's days.
        (
            (
                "Secretary of State Antony J. Blinken will travel to Oslo, Norway, March 8-10 "
                "to underscore the partnership. While in Oslo, the Secretary will meet with "
                "Russian Foreign Minister Sergey Lavrov.",
            ),
            {(BLINKEN_LAVROV, "talks", "planned", TRIP, "oslo")},
        ),
        # A trip of several stops: each meeting at its own stop, all in the trip's days.
        (
            (
                "Secretary of State Antony J. Blinken will travel to Jerusalem, Cairo, and "
                "Amman March 8-10, 2023.",
                "He will first travel to Jerusalem, where he will meet with Prime Minister "
                "Benjamin Netanyahu. Secretary Blinken will then travel to Cairo to meet with "
                "Foreign Minister Sameh Shoukry. The Secretary will conclude his trip with a "
                "stop in Amman to meet with Foreign Minister Ayman Safadi.",
            ),
            {
                (("antony-blinken", "benjamin-netanyahu"), "visit", "planned", TRIP, "jerusalem"),
                (("antony-blinken", "sameh-shoukry"), "talks", "planned", TRIP, "cairo"),
                (("antony-blinken", "ayman-safadi"), "talks", "planned", TRIP, "amman"),
            },
        ),
        # A meeting somewhere the trip does not go is not inside it.
        (
            (
                "Secretary of State Antony J. Blinken will travel to Oslo, Norway, March 8-10.",
                "Secretary Blinken will also meet with Russian Foreign Minister Sergey Lavrov "
                "in Geneva.",
            ),
            {(BLINKEN_LAVROV, "talks", "planned", None, "geneva")},
        ),
        # A past trip dates the held meetings of its own paragraph.
        (
            (
                "Special Presidential Envoy for Climate John Kerry traveled to Moscow, Russia, "
                "February 20-23, 2023. While in Moscow, he met with Russian Foreign Minister "
                "Sergey Lavrov.",
            ),
            {
                (
                    ("john-kerry", "sergey-lavrov"),
                    "talks",
                    "held",
                    ("2023-02-20", "2023-02-23"),
                    "moscow",
                )
            },
        ),
        # A one-day trip date is the day of travel: the meetings told after it keep their
        # place but not that day.
        (
            (
                "Secretary of State Antony J. Blinken will travel to Oslo, Norway on March 8.",
                "Secretary Blinken will meet with Russian Foreign Minister Sergey Lavrov.",
            ),
            {(BLINKEN_LAVROV, "talks", "planned", None, "oslo")},
        ),
        # A paragraph of a trip of several countries opening on its own place and day ("In
        # France on March 11, ..."): its meetings, follow-ups too, take that day and place,
        # not the trip's whole interval and first country.
        (
            (
                "Secretary of State Antony J. Blinken will travel to Germany and France "
                "March 8-12.",
                "In Germany on March 8-9, Secretary Blinken will attend the G7 ministerial. "
                "Secretary Blinken will meet with German Foreign Minister Annalena Baerbock.",
                "In France on March 11, Secretary Blinken will meet with civil society leaders. "
                "The Secretary also will meet with French Foreign Minister Catherine Colonna.",
            ),
            {
                (
                    ("annalena-baerbock", "antony-blinken"),
                    "talks",
                    "planned",
                    ("2023-03-08", "2023-03-12"),
                    "country:DE",
                ),
                (
                    ("antony-blinken", "catherine-colonna"),
                    "talks",
                    "planned",
                    ("2023-03-11", "2023-03-11"),
                    "country:FR",
                ),
            },
        ),
        # The paragraph's place without a day: its place, and the trip's days.
        (
            (
                "Secretary of State Antony J. Blinken will travel to Germany and France "
                "March 8-12.",
                "In Germany, Secretary Blinken will meet with German Foreign Minister "
                "Annalena Baerbock.",
                "In France, Secretary Blinken will meet with civil society leaders. "
                "The Secretary also will meet with French Foreign Minister Catherine Colonna.",
            ),
            {
                (
                    ("annalena-baerbock", "antony-blinken"),
                    "talks",
                    "planned",
                    ("2023-03-08", "2023-03-12"),
                    "country:DE",
                ),
                (
                    ("antony-blinken", "catherine-colonna"),
                    "talks",
                    "planned",
                    ("2023-03-08", "2023-03-12"),
                    "country:FR",
                ),
            },
        ),
    ],
)
def test_trip_frames_date_the_meetings_inside_them(paragraphs, expected):
    assert release(*paragraphs, headline="Secretary's Travel") == expected


REMARKS_START = (
    "SECRETARY BLINKEN: Well, good afternoon, everyone. It is a great pleasure to have the "
    "Foreign Minister with us today, and we have a great deal to talk about."
)


@pytest.mark.parametrize(
    ("headline", "header", "paragraphs", "expected"),
    [
        # Remarks "Before Their Meeting": the header's place line is where they met.
        (
            "Secretary Antony J. Blinken and Russian Foreign Minister Sergey Lavrov Before "
            "Their Meeting",
            "Washington, D.C.\n\nThomas Jefferson Room",
            (REMARKS_START,),
            {(BLINKEN_LAVROV, "talks", "held", ("2023-03-06", "2023-03-06"), "washington")},
        ),
        (
            "Secretary Antony J. Blinken and Russian Foreign Minister Sergey Lavrov Before "
            "Their Meeting",
            "Oslo, Norway\n\nGovernment Guest House",
            (REMARKS_START,),
            {(BLINKEN_LAVROV, "talks", "held", ("2023-03-06", "2023-03-06"), "oslo")},
        ),
        # No place line: the host's "here in <landmark>" of the opening remarks.
        (
            "Secretary Antony J. Blinken and European Commission President Ursula von der "
            "Leyen Before Their Meeting",
            "European Commission",
            (
                "PRESIDENT VON DER LEYEN: Dear Secretary, a very warm welcome. I am very glad "
                "to have you here in Berlaymont once more.",
            ),
            {
                (
                    ("antony-blinken", "ursula-von-der-leyen"),
                    "visit",
                    "held",
                    ("2023-03-06", "2023-03-06"),
                    "berlaymont",
                )
            },
        ),
        # A readout whose meeting only the headline states (the body names the counterpart
        # by office only): the opening sentence's place, and "on the margins of" makes it
        # a sidelines meeting.
        (
            "Secretary Blinken's Meeting with Russian Foreign Minister Lavrov",
            "",
            (
                "Secretary of State Antony J. Blinken met today in Paris, France with the "
                "Foreign Minister of the Russian Federation on the margins of the ministerial "
                "council.",
            ),
            {(BLINKEN_LAVROV, "sidelines", "held", ("2023-03-06", "2023-03-06"), "paris")},
        ),
        # The same when an honorific's full stop ("H.E.") cuts the opening sentence.
        (
            "Secretary Blinken's Meeting with Russian Foreign Minister Lavrov",
            "",
            (
                "Secretary of State Antony J. Blinken met today in Oslo, Norway with the "
                "head of the Russian delegation, H.E. Sergey Lavrov, on the margins of the "
                "ministerial council.",
            ),
            {(BLINKEN_LAVROV, "sidelines", "held", ("2023-03-06", "2023-03-06"), "oslo")},
        ),
        # The header line of a readout that is no remarks is the issuer's, not a venue.
        (
            "Secretary Blinken's Meeting with Russian Foreign Minister Lavrov",
            "Washington, D.C.",
            (
                "Secretary of State Antony J. Blinken and Foreign Minister Sergey Lavrov "
                "reviewed the state of the relationship today.",
            ),
            {(BLINKEN_LAVROV, "talks", "held", ("2023-03-06", "2023-03-06"), "")},
        ),
    ],
)
def test_headline_meetings_take_the_place_of_their_setting(headline, header, paragraphs, expected):
    assert release(*paragraphs, headline=headline, header=header) == expected


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        # A county where news places a summit: a place of the gazetteer, not a region.
        (
            "Secretary Blinken met with Foreign Minister Chung Eui-yong in Cornwall today.",
            "cornwall",
        ),
        ("Secretary Blinken met with Foreign Minister Chung Eui-yong in Oslo today.", "oslo"),
    ],
)
def test_places_of_the_gazetteer(sentence, place):
    assert release(sentence, headline="Secretary Blinken's Meeting") == {
        (
            ("antony-blinken", "chung-eui-yong"),
            "talks",
            "held",
            ("2023-03-06", "2023-03-06"),
            place,
        )
    }


SUNDAY = dt.date(2023, 3, 12)
WASHINGTON_VISIT = (
    "At the invitation of Secretary of State Antony Blinken, Russian Foreign Minister Sergey "
    "Lavrov traveled to Washington on Tuesday, March 7, 2023."
)
FILLER = "The two governments issued the following statement on shared priorities."


@pytest.mark.parametrize(
    ("paragraphs", "day", "expected"),
    [
        # "During their meeting" after the visit: the visit's day and place, not the date
        # of another occasion named paragraphs later.
        (
            (
                WASHINGTON_VISIT,
                "During their meeting, they reviewed the relationship and discussed the "
                "situation in the region.",
                FILLER,
                FILLER,
                "They also discussed commitments made during the December 2022 Summit for "
                "Democracy.",
            ),
            dt.date(2023, 3, 8),
            {(BLINKEN_LAVROV, "talks", "held", ("2023-03-07", "2023-03-07"), "washington")},
        ),
        # "Was preceded by a virtual meeting": bounded by the dialogue's day only (no
        # closed interval), so undated, never dated by a meeting named far below.
        (
            (
                "Secretary Blinken welcomed Foreign Minister Lavrov to Washington on March 7, "
                "2023, for the annual dialogue. The dialogue was preceded by a virtual meeting "
                "between President Joe Biden and President Vladimir Putin.",
                FILLER,
                FILLER,
                "Following up on the October 2022 virtual meeting of the foreign ministers of "
                "four countries, the ministers welcomed closer cooperation.",
            ),
            dt.date(2023, 3, 8),
            {
                (BLINKEN_LAVROV, "talks", "held", ("2023-03-07", "2023-03-07"), "washington"),
                (("joe-biden", "vladimir-putin"), "video_call", "held", None, ""),
            },
        ),
        # Future tense resolves forward: "going to be on Wednesday" said on a Sunday.
        (
            (
                "QUESTION: Let us look ahead to President Biden's meeting with President "
                "Vladimir Putin that is going to be on Wednesday in Geneva.",
            ),
            SUNDAY,
            {
                (
                    ("joe-biden", "vladimir-putin"),
                    "summit",
                    "planned",
                    ("2023-03-15", "2023-03-15"),
                    "geneva",
                )
            },
        ),
        # "Is embarking today on a trip ... and then meeting with Y": planned, and "today"
        # is the day of setting off, not of the meeting.
        (
            (
                "As President Joe Biden is embarking today on his trip to Europe for the summits "
                "and then meeting with President Vladimir Putin, we present the survey.",
            ),
            SUNDAY,
            {(("joe-biden", "vladimir-putin"), "summit", "planned", None, "")},
        ),
    ],
)
def test_relative_dates_of_meetings(paragraphs, day, expected):
    assert release(*paragraphs, headline="Joint Statement", day=day) == expected


@pytest.mark.parametrize(
    ("sentence", "interval"),
    [
        # Vague dates (docs/annotation-guide.md): said on Sunday 12 March 2023.
        (
            "Secretary Blinken spoke with Foreign Minister Lavrov last night.",
            ("2023-03-11", "2023-03-11"),
        ),
        (
            "Secretary Blinken spoke with Foreign Minister Lavrov this morning.",
            ("2023-03-12", "2023-03-12"),
        ),
        (
            "Secretary Blinken spoke with Foreign Minister Lavrov in the past 24 hours.",
            ("2023-03-10", "2023-03-12"),
        ),
        (
            "Secretary Blinken spoke with Foreign Minister Lavrov just the other week.",
            ("2023-02-12", "2023-03-05"),
        ),
        (
            "Secretary Blinken spoke with Foreign Minister Lavrov the other day.",
            ("2023-03-05", "2023-03-11"),
        ),
        (
            "Secretary Blinken will hold a call with Foreign Minister Lavrov next week.",
            ("2023-03-13", "2023-03-19"),
        ),
    ],
)
def test_vague_dates_of_calls(sentence, interval):
    status = "planned" if " will " in sentence else "held"
    assert release(sentence, headline="Statement", day=SUNDAY) == {
        (BLINKEN_LAVROV, "phone_call", status, interval, "")
    }


@pytest.mark.parametrize(
    ("text", "said", "past", "interval"),
    [
        # A stretch written with two months (or the month twice) is one interval.
        (
            "from March 26th to March 30th",
            dt.date(2023, 3, 20),
            False,
            ("2023-03-26", "2023-03-30"),
        ),
        ("June 27 through July 2, 2021", dt.date(2023, 3, 20), True, ("2021-06-27", "2021-07-02")),
        ("December 30 to January 2", dt.date(2023, 1, 10), True, ("2022-12-30", "2023-01-02")),
        ("in the last 48 hours", dt.date(2023, 3, 20), True, ("2023-03-17", "2023-03-20")),
    ],
)
def test_date_expressions(text, said, past, interval):
    from parley.dates import find_dates, resolve_in_tense

    [expression] = find_dates(text)
    found = resolve_in_tense(expression, said, past)
    assert (found.start.isoformat(), found.end.isoformat()) == interval
