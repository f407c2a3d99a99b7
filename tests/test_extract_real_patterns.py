"""Stage 4, extract: patterns of real readouts and news copy, one rule per test.

Short articles written for these tests in the styles of official readouts and wire
copy (docs/annotation-guide.md, "Parley's decisions"). Each case states the exact
claims: (participants, kind, reported status, date interval, place).
"""

import datetime as dt

import pytest
from conftest import claims_of

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
        ("Blinken spoke today with Lavrov.", (PAIR, "talks", "held", TODAY, "")),
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
        # A call has no place, and the country it is about is never its place.
        (
            "Blinken held a call with Lavrov on Monday about the situation in Ukraine.",
            (PAIR, "phone_call", "held", MONDAY, ""),
        ),
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
    ],
)
def test_not_cue_words(sentence):
    assert claims(sentence) == set()
