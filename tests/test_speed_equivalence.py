"""Shortcuts taken for speed find exactly what the plain scans they replace find."""

import re
import sys

import pytest

from parley.dates import RULES
from parley.matching import fold_like_ignorecase
from parley.recognise import split_sentences
from parley.records import Article, ParsedArticle, Segment

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


AGENDA_PHRASES = [
    "They discussed trade",
    "to DISCUSSING the war",
    "a discussion of",
    "the discussions on",
    "the agenda included",
    "talk about Iran",
    "talked about Iran",
    "focus on climate",
    "focused on climate",
    "raise the issue",
    "raised concerns",
    "address the crisis",
    "addressed the crisis",
    "consider options",
    "topics included",
    "the topic of",
    "issues of security",
    "the issue of security",
    "exchange views",
    "negotiations on",
    "negotiate a deal",
    "high on the list",
    "mentioned in the call",
    "was on the agenda",
    "will be discussed",
    "was discussed",
    "were discussed",
    "has been discussed",
    "listed as topics",
    "be raised",
    "was raised",
    "were raised",
    "be addressed",
    "were addressed",
    "was addressed",
]


@pytest.mark.parametrize("phrase", AGENDA_PHRASES)
def test_agenda_gate_lets_every_agenda_phrase_through(phrase: str) -> None:
    from parley.extract import _AGENDA_GATE, AGENDA, AGENDA_PASSIVE

    assert AGENDA.search(phrase) or AGENDA_PASSIVE.search(phrase)
    assert _AGENDA_GATE.may_match(phrase)
    assert _AGENDA_GATE.may_match(phrase.upper())


@pytest.mark.parametrize(
    "sentence", ["They met in Paris on Monday.", "The two ministers spoke by phone.", ""]
)
def test_agenda_gate_stops_sentences_without_agenda_words(sentence: str) -> None:
    from parley.extract import _AGENDA_GATE, AGENDA, AGENDA_PASSIVE, _agenda_windows

    assert not _AGENDA_GATE.may_match(sentence)
    assert not AGENDA.search(sentence) and not AGENDA_PASSIVE.search(sentence)
    assert _agenda_windows(sentence) == []


def _errors(schema: dict, document: dict) -> list[tuple]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    return [
        (list(e.absolute_path), e.message, e.validator)
        for e in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]


def _person(**changes) -> dict:
    person = {
        "person_id": "jane-doe",
        "name": "Jane Doe",
        "country": "US",
        "aliases": [],
        "short_names": ["Doe"],
        "offices": [
            {
                "role": "foreign_minister",
                "title": "Secretary of State",
                "country": "US",
                "start": "2021-01-26",
                "end": None,
                "source": "unsourced",
            }
        ],
    }
    person.update(changes)
    return person


@pytest.mark.parametrize(
    "person",
    [
        _person(),
        _person(name=" Jane"),
        _person(country="us", aliases=["Jane Doe", "Jane Doe"]),
        _person(short_names=[]),
        _person(
            offices=[
                {
                    "role": "ambassador",
                    "title": "",
                    "country": "XX",
                    "start": "2021-13-01",
                    "end": "soon",
                    "source": "a book",
                }
            ]
        ),
        _person(offices=[], extra=1),
    ],
)
def test_people_schema_with_references_inlined_gives_the_same_errors(person: dict) -> None:
    import json

    from parley.reference import REFERENCE_DIR, _inline_refs

    schema = json.loads((REFERENCE_DIR / "schemas" / "people.schema.json").read_text())
    document = {"title": "t", "description": "d", "sources": [], "people": [person, person]}
    inlined = _inline_refs(schema)
    assert "$ref" not in json.dumps(inlined["properties"])
    assert _errors(inlined, document) == _errors(schema, document)
    assert len(_errors(schema, document)) >= 1  # "sources" is empty


BUNDLE_TEXTS = [
    "Secretary Blinken met Foreign Minister Wang Yi in Paris, France, on the Iran talks.",
    "The U.S. Secretary of State’s trip: Sergey Lavrov and the Paris Agreement in Sochi",
    "İSTANBUL — Russia's top diplomat and the Shanghai Cooperation Organisation; NATO",
    "Blinkenstein, Parisian, parishes: no whole words here.",
]


@pytest.mark.parametrize("text", BUNDLE_TEXTS)
def test_bundled_scan_finds_what_each_gazetteer_finds(text: str, reference) -> None:
    from parley.gazetteer import TextIndex

    bundled, plain = TextIndex(text, reference.text_bundles), TextIndex(text)
    members = [g for bundle in reference.text_bundles for g in bundle.members]
    assert len(members) == 7
    for bundle in reference.text_bundles:
        for member, found in zip(bundle.members, bundle.find_multi(text), strict=True):
            assert found == member.find_multi(text)
    for gazetteer in members:
        for multi in (False, True):
            for start, end in ((0, len(text)), (5, 40), (len(text) // 2, len(text))):
                assert bundled.find(gazetteer, start, end, multi=multi) == plain.find(
                    gazetteer, start, end, multi=multi
                )
    # The texts do hold matches of several vocabularies.
    assert sum(bool(plain.find(g, 0, len(text))) for g in members) >= (
        2 if "Blinken " in text else 0
    )


def test_people_by_office_lists_every_holder_in_reference_order(reference) -> None:
    index = reference.people_by_office
    keys = {(o.role, o.country) for p in reference.people.values() for o in p.offices}
    assert set(index) == keys
    order = {pid: n for n, pid in enumerate(reference.people)}
    for (role, country), people in index.items():
        plain = [
            p
            for p in reference.people.values()
            if any(o.role == role and o.country == country for o in p.offices)
        ]
        assert list(people) == plain
        assert [order[p.person_id] for p in people] == sorted(order[p.person_id] for p in people)


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.kind)
def test_date_rules_are_tried_wherever_they_can_match(rule) -> None:
    texts = [
        f"They said {rule.example}, and {rule.example.upper()} ({rule.example.title()}).",
        f"İn ſeptember: on 3 May 2021, 03/05/2021, 2021-05-03 — {rule.example}",
    ]
    for text in texts:
        folded = fold_like_ignorecase(text)
        matched = 0
        for position in range(len(text)):
            tried = RULES._worth_trying(folded[position], text[position].isdecimal())
            if rule.regex.match(text, position):
                matched += 1
                assert (rule, rule.regex) in tried, (text, position)
        assert matched >= 1


def test_first_characters_give_up_on_what_they_cannot_tell() -> None:
    from parley.dates import _first_characters

    assert _first_characters(re.compile(r"\w+ ago")) is None
    assert _first_characters(re.compile(r"(?:today)?")) is None  # matches nothing too
    assert _first_characters(re.compile(r"über")) is None
    assert _first_characters(re.compile(r"(?=x)?y|Z", re.I)) == (frozenset("yz"), False)


def test_a_checked_reference_file_is_not_checked_again_until_it_changes(
    tmp_path, monkeypatch
) -> None:
    import json

    import jsonschema

    from parley import reference as module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PARLEY_CACHE", raising=False)
    schema = {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}}
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "x.schema.json").write_text(json.dumps(schema))
    path = tmp_path / "x.json"
    path.write_text('{"a": 1}')
    checks = []
    real = jsonschema.Draft202012Validator.iter_errors

    def counted(self, instance, *args, **kwargs):
        if instance != schema:  # not the check of the schema itself
            checks.append(instance)
        return real(self, instance, *args, **kwargs)

    monkeypatch.setattr(jsonschema.Draft202012Validator, "iter_errors", counted)
    load = module._load_reference_file
    assert load(path, tmp_path / "schemas" / "x.schema.json") == {"a": 1}
    assert load(path, tmp_path / "schemas" / "x.schema.json") == {"a": 1}
    assert checks == [{"a": 1}]  # the second load trusted the stamp
    assert len(list((tmp_path / "cache" / "parley" / "checked").iterdir())) == 1
    path.write_text('{"a": "one"}')  # an edit is checked, and still rejected
    with pytest.raises(module.ReferenceDataError, match="'one' is not of type 'integer'"):
        load(path, tmp_path / "schemas" / "x.schema.json")
    with pytest.raises(module.ReferenceDataError):
        load(path, tmp_path / "schemas" / "x.schema.json")
    assert len(checks) == 3
    monkeypatch.setenv("PARLEY_CACHE", "off")
    path.write_text('{"a": 2}')
    load(path, tmp_path / "schemas" / "x.schema.json")
    load(path, tmp_path / "schemas" / "x.schema.json")
    assert len(checks) == 5
    assert len(list((tmp_path / "cache" / "parley" / "checked").iterdir())) == 1


@pytest.mark.parametrize(
    "text",
    [
        "On Thursday, April 12, 2017, and between May 3 and May 5; late May 2022 or mid-July.",
        "He met her the day before yesterday, in the past 24 hours, 12.05.2022 and 2021-06-09.",
        "April 30 and May 1\nin the coming days\n10th December, 3-4 March 2021 by the end of next year",
        "The president may receive Lavrov in May, on 5 may 2020 or May 5 (Sept. 5-6).",
    ],
)
def test_date_matches_skipped_inside_a_chosen_one_change_nothing(text: str) -> None:
    from parley.dates import _matches, find_dates
    from parley.matching import leftmost_longest

    plain = leftmost_longest(_matches(text, RULES))
    # find_dates drops a weekday that only repeats the date after it; the rest is plain.
    found = find_dates(text)
    assert [(e.start, e.end, e.kind) for e in found] == [
        (e.start, e.end, e.kind) for e in plain if e in found or e.kind != "weekday"
    ]
    assert len(found) >= 3


@pytest.mark.parametrize(
    "sentence",
    [
        "Blinken met with Lavrov and held talks; they spoke by phone and agreed to meet again.",
        "The summit was called off, but a video call and a working lunch will take place.",
        "Putin hosted a trilateral meeting; the Secretary will travel to Geneva for consultations.",
    ],
)
def test_cues_found_by_one_pattern_are_the_cues_matched_one_by_one(sentence: str) -> None:
    from parley.extract import _CUES, _NOT_A_PERSON_MET, CUE, _cues

    parts = [
        (re.compile(rf"\b(?:{p})\b{_NOT_A_PERSON_MET}", re.IGNORECASE), s, k) for p, s, k in _CUES
    ]
    plain = []
    for match in CUE.finditer(sentence):
        for pattern, status, kind in parts:
            part = pattern.match(sentence, match.start())
            if part and part.end() == match.end():
                plain.append((match.start(), match.end(), status, kind))
                break
        else:
            plain.append((match.start(), match.end(), None, ""))
    assert _cues(sentence) == plain
    assert len(plain) >= 2


def _days_of(runs, first, last):
    import datetime as dt

    days = set()
    for start, end in runs:
        day = max(start, first)
        while day <= min(end, last):
            days.add(day)
            day += dt.timedelta(days=1)
    return days


@pytest.mark.parametrize(
    "sentence",
    [
        "They met on March 4.",
        "They met on Wednesday, March 4.",
        "They will meet on February 29.",
        "The talks were held in May.",
        "The summit will open in December.",
        "They met on 3 May 2020.",
        "They will meet in June 2021.",
    ],
)
@pytest.mark.parametrize("tense", ["past", "future"])
def test_the_days_a_date_allows_are_the_days_its_rule_holds(sentence, tense) -> None:
    # `published._allowed_days` computes runs of days; here the rule of
    # docs/annotation-guide.md is tested day by day, as the inference once did.
    import calendar
    import datetime as dt

    from parley.dates import find_dates, month_number
    from parley.published import HALF_YEAR, WEEKDAY_NAMES, _allowed_days

    [expression] = find_dates(sentence)
    groups = expression.groups
    weekday = re.search(r"(\w+day), $", sentence[: expression.start])
    first, last = dt.date(2019, 1, 1), dt.date(2021, 12, 31)

    def holds(day: dt.date) -> bool:
        interval = expression.resolve(None)
        if interval is not None:
            return day >= interval.start if tense == "past" else day <= interval.end
        for year in (day.year - 1, day.year, day.year + 1):
            if expression.kind == "relative_month":
                month = month_number(groups)
                start = dt.date(year, month, 1)
                end = dt.date(year, month, calendar.monthrange(year, month)[1])
                if tense == "past" and day - HALF_YEAR <= start <= day:
                    return True
                if tense == "future" and day <= end <= day + HALF_YEAR:
                    return True
                continue
            try:
                when = dt.date(year, month_number(groups), int(groups["day"]))
            except ValueError:
                continue
            if weekday and WEEKDAY_NAMES[when.weekday()] != weekday.group(1).lower():
                continue
            if tense == "future" and day < when <= day + HALF_YEAR:
                return True
            if tense == "past" and day - HALF_YEAR <= when <= day:
                return True
        return False

    allowed = _allowed_days(expression, sentence, tense, range(first.year - 1, last.year + 2))
    every_day = {first + dt.timedelta(days=n) for n in range((last - first).days + 1)}
    expected = {day for day in every_day if holds(day)}
    assert expected  # each sentence allows some days in three years
    assert _days_of(allowed, first, last) == expected
