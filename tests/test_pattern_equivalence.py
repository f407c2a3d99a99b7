"""The patterns rewritten to search faster (docs/benchmarks.md, "Less regex work per
sentence") find exactly what the slower forms they replace found.

The old forms are written out here: each test runs both over tricky strings and the
seed articles, and compares every match.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parley.dates import RULES
from parley.gazetteer import Gazetteer, TextIndex
from parley.matching import CaselessGate, fold_like_ignorecase
from parley.parse import ends_like_a_sentence
from parley.recognise import _AFTER_IN, HE_OR_SHE, SENTENCE_END

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

TRICKY = [
    "",
    "He met her. She said so! Why? (He left.) 'Yes.'",
    "The hero, Shehu and he; theHe she-wolf She.",
    "He",
    "she",
    "In Kananaskis and in Carbis Bay, in-house in Sochi's port; Yin Paris. in Brittney's case",
    'He said "no." Then: "yes"   ',
    "Mr. Lavrov met U.S. officials... At 7 p.m. they left!!\u201d And then?",
    "On Monday, May 14, 2021 at 10:30 the day after tomorrow; 2018-19; MAY 5; ſunday",
    "İstanbul 3 weeks ago, last week, next month... 1,2,3",
    "line one.\nLine two.\n",
]


def _texts() -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    lines = [line for text in seeds for line in text.splitlines()]
    return TRICKY + seeds + lines + [line[:-1] for line in lines]


def _all(pattern: re.Pattern, text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


OLD_SENTENCE_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["“‘(\[]?[A-Z0-9])|[.!?]+["'”’)\]]*\s*$""")
OLD_HE_OR_SHE = re.compile(r"\b(?P<p>[Hh]e|[Ss]he)\b")
OLD_AFTER_IN = re.compile(
    r"(?<![\w-])[Ii]n\s+(?P<name>[A-Z][\w'’.-]*[\w](?:\s+(?:[A-Z][\w'’-]*[\w]|de|del|la|el|al|"
    r"es|of|upon|am|an|sur)){0,3})(?P<after>['’]s\b)?"
)
OLD_TERMINAL = re.compile(r"""[.!?…]["'”’)\]]*\s*$|["”]\s*$""")


@pytest.mark.parametrize(
    ("new", "old"),
    [(SENTENCE_END, OLD_SENTENCE_END), (HE_OR_SHE, OLD_HE_OR_SHE), (_AFTER_IN, OLD_AFTER_IN)],
    ids=["SENTENCE_END", "HE_OR_SHE", "_AFTER_IN"],
)
def test_rewritten_pattern_finds_what_the_old_one_did(new, old):
    for text in _texts():
        assert _all(new, text) == _all(old, text), text


def test_rewritten_patterns_find_something():
    # Not vacuous: the tricky strings do hold matches.
    # ("she-wolf": a hyphen ends a word.)
    assert [m.group("p") for m in HE_OR_SHE.finditer(TRICKY[2])] == ["he", "she", "She"]
    # (The pattern's own reading, kept as it was: the caller trims and filters these.)
    assert [m.group("name") for m in _AFTER_IN.finditer(TRICKY[5])] == [
        "Kananaskis an",
        "Carbis Bay",
        "Sochi's",
        "Brittney's",
    ]


def test_date_anchors_start_where_the_plain_pattern_did():
    plain = re.compile(RULES._folded_anchor.pattern.split(")", 1)[1])
    assert plain.pattern.startswith(r"\b(?:")
    for text in _texts():
        folded = fold_like_ignorecase(text)
        assert _all(RULES._folded_anchor, folded) == _all(plain, folded), text


def test_ends_like_a_sentence_answers_as_the_terminal_pattern():
    for text in _texts() + ["x", " ", "a)", "a.)]  ", 'a"\t', "a…", "a.b", "a.\u00a0"]:
        assert ends_like_a_sentence(text) == bool(OLD_TERMINAL.search(text)), repr(text)


def test_text_index_spans_are_the_members_matches():
    places = Gazetteer([("Paris", "fr-paris"), ("The Hague", "nl-hague")])
    topics = Gazetteer([("climate", "climate"), ("Hague Convention", "hc")], case_sensitive=False)
    text = "In The Hague on climate. The Hague Convention in Paris; CLIMATE."
    index = TextIndex(text)
    for start, end in [(0, len(text)), (0, 24), (25, 64), (3, 12), (4, 12), (60, 64)]:
        expected = sorted(
            (m.start, m.end) for g in (places, topics) for m in index.find(g, start, end)
        )
        assert index.spans((places, topics), start, end) == expected
    assert index.spans((places, topics), 25, 64) == [(0, 9), (4, 20), (24, 29), (31, 38)]


def test_gate_of_phrases_keeps_each_phrase_longest_word():
    gate = CaselessGate.of_phrases(("Chief of Staff", "on behalf of", "Envoy", " "))
    assert gate.words == ("chief", "behalf", "envoy")
    assert gate.may_match("the CHIEF of staff")
    assert not gate.may_match("the chef of staff")
    # A word fold_like_ignorecase may not keep as it is: the gate lets every text through.
    assert CaselessGate.of_phrases(("Außenminister",)).may_match("anything")


@pytest.mark.parametrize(
    ("pattern", "gate", "sentence"),
    [
        ("BREAK", "BREAK_GATE", "He then flew to Paris."),
        ("BREAK", "BREAK_GATE", "The next day, he met Lavrov."),
        ("BREAK", "BREAK_GATE", "Two days later, he met Lavrov."),
        ("BREAK", "BREAK_GATE", "He met Lavrov later in Geneva."),
        ("SAME_DAY", "SAME_DAY_GATE", "Later that day, he met Lavrov."),
        ("THEY", "THEY_GATE", "They met in Geneva."),
        ("POSTPONED", "CANCEL_OR_POSTPONE_GATE", "The meeting was put off."),
        ("POSTPONED", "CANCEL_OR_POSTPONE_GATE", "The talks were pushed back."),
        ("CUE", "CANCEL_OR_POSTPONE_GATE", "The meeting was called off."),
        ("CUE", "CANCEL_OR_POSTPONE_GATE", "The summit will not take place."),
        ("CUE", "CANCEL_OR_POSTPONE_GATE", "The summit won't go ahead."),
        ("CUE", "CANCEL_OR_POSTPONE_GATE", "The visit was scrapped."),
        ("CUE", "CANCEL_OR_POSTPONE_GATE", "The visit is now off."),
    ],
)
def test_a_gate_lets_through_every_sentence_its_pattern_matches(pattern, gate, sentence):
    # A gate's words are written beside its pattern: a word added to the pattern and not
    # to the gate would make the pattern never searched where only that word is.
    import parley.extract as extract

    assert getattr(extract, pattern).search(sentence)
    assert getattr(extract, gate).may_match(sentence)
