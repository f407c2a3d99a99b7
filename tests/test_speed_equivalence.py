"""Shortcuts taken for speed find exactly what the plain scans they replace find."""

import re
import sys

import pytest

from parley.dates import RULES
from parley.matching import fold_like_ignorecase
from parley.records import Article, ParsedArticle, Segment
from parley.recognise import split_sentences

# Every character, in one string: each ASCII letter is looked for in it both ways.
EVERY_CHARACTER = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_folding_matches_what_ignorecase_matches() -> None:
    folded = fold_like_ignorecase(EVERY_CHARACTER)
    assert len(folded) == len(EVERY_CHARACTER)
    for letter in "abcdefghijklmnopqrstuvwxyz0123456789 ":
        caseless = [m.start() for m in re.finditer(re.escape(letter), EVERY_CHARACTER, re.I)]
        exact = [m.start() for m in re.finditer(re.escape(letter), folded)]
        assert caseless == exact, letter


def test_folding_keeps_word_characters() -> None:
    folded = fold_like_ignorecase(EVERY_CHARACTER)
    words = [m.start() for m in re.finditer(r"\w", EVERY_CHARACTER)]
    assert words == [m.start() for m in re.finditer(r"\w", folded)]


@pytest.mark.parametrize(
    "text",
    [
        "They MET on Monday, 3 May 2021, and again the day after tomorrow.",
        "İSTANBUL, Tuesday — talks ſince last Year; the days ahead, the dayS of THE DAY.",
        "Mondays, monthly, 2021-05-03, 12:30, dismayed bathe days",
        "ΣΟΦΙΑ, March 4 (Agency) -- the Kelvin sign \u212a and TODAY's meeting",
    ],
)
def test_date_anchors_found_as_the_caseless_pattern_finds_them(text: str) -> None:
    caseless = [m.span() for m in RULES.anchor.finditer(text)]
    folded = [m.span() for m in RULES._folded_anchor.finditer(fold_like_ignorecase(text))]
    assert folded == caseless
    assert len(caseless) >= 3


def _parsed(text: str, kinds: list[str]) -> ParsedArticle:
    segments, position = [], 0
    for line, kind in zip(text.split("\n"), kinds, strict=True):
        segments.append(Segment(position, position + len(line), kind))
        position += len(line) + 1
    return ParsedArticle(
        Article("x", text, "0" * 64),
        "",
        None,
        None,
        "unknown",
        "",
        None,
        "",
        "",
        "",
        (),
        tuple(segments),
        0,
    )


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (
            "A met B. Then C left.\nPhoto: D and E. Taken Monday.\nF spoke. G did not.",
            ["body", "caption", "body"],
        ),
        ("Headline here\nMr. X met Dr. Y in the U.S. They talked.", ["headline", "body"]),
    ],
)
def test_sentences_split_once_are_those_split_per_request(text: str, kinds: list[str]) -> None:
    parsed = _parsed(text, kinds)
    both = split_sentences(parsed, ("body", "caption"), frozenset({"u.s"}))
    body = split_sentences(parsed, ("body",), frozenset({"u.s"}))  # from the split above
    # A fresh copy of the article is split anew.
    fresh = _parsed(text, kinds)
    assert body == split_sentences(fresh, ("body",), frozenset({"u.s"}))
    assert body == [s for s in both if s.kind == "body"]
    assert both == split_sentences(_parsed(text, kinds), ("body", "caption"), frozenset({"u.s"}))
    # Other short forms are never answered from the latest split: "U.S." ends a sentence.
    plain = split_sentences(parsed, ("body",), frozenset())
    assert len(plain) == len(body) + ("U.S. They" in text)
