"""Maintainer tasks done the one-place way (issue 10): a role phrase or a topic alias is
one entry in reference/, and extraction follows.

Each test copies reference/ to a temporary folder, adds one entry, builds a Reference
from the copy, and compares the exact claims of a short sentence of our own with and
without the entry.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from parley.extract import analyse_article
from parley.parse import parse_article
from parley.paths import REFERENCE_DIR
from parley.records import Article, DateInterval
from parley.reference import Reference, load_reference

DAY = dt.date(2022, 1, 14)
ON_DAY = DateInterval(DAY, DAY)


def _edited(tmp_path: Path, file: str, edit: Callable[[dict], None]) -> Reference:
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, directory)
    path = directory / f"{file}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return load_reference(directory)


def _claims(sentence: str, reference: Reference) -> list[tuple]:
    text = f"Talks in Geneva\n\n14 January, 2022\n\n{sentence}\n"
    findings = analyse_article(
        parse_article(Article("a.txt", text, "0" * 64), reference), reference
    )
    assert findings.day == DAY
    return [
        (c.participants, c.kind, c.reported_status, c.interval, c.place_id, c.topics)
        for c in findings.claims
    ]


def _group(document: dict, role: str) -> dict:
    return next(g for g in document["roles"] if g["role"] == role and "country" not in g)


@pytest.fixture(scope="module")
def reference() -> Reference:
    return load_reference()


def test_add_a_role_phrase(tmp_path, reference):
    sentence = "Blinken met Russia's foreign affairs supremo in Geneva on Friday."
    assert _claims(sentence, reference) == []  # nobody knows the phrase yet

    def add(document: dict) -> None:
        _group(document, "foreign_minister")["phrases"].append("foreign affairs supremo")

    assert _claims(sentence, _edited(tmp_path, "roles", add)) == [
        (
            ("antony-blinken", "sergey-lavrov"),
            "talks",
            "held",
            ON_DAY,
            "geneva",
            (),
        )
    ]


def test_add_a_topic_alias(tmp_path, reference):
    sentence = (
        "Blinken met Lavrov in Geneva on Friday; they discussed the Danube shipping corridor."
    )
    meeting = (
        ("antony-blinken", "sergey-lavrov"),
        "talks",
        "held",
        ON_DAY,
        "geneva",
    )
    assert _claims(sentence, reference) == [(*meeting, ())]

    def add(document: dict) -> None:
        topic = next(t for t in document["topics"] if t["topic_id"] == "ukraine")
        topic["aliases"].append("Danube shipping corridor")

    assert _claims(sentence, _edited(tmp_path, "topics", add)) == [(*meeting, ("ukraine",))]
