"""Stage 4, extract: hand-written wire-style articles about other officials and years."""

import json
from pathlib import Path

import pytest

from parley.extract import analyse_article
from parley.parse import parse_article
from parley.read import decode
from parley.records import SourceFile

ARTICLES = Path(__file__).parent / "articles"
EXPECTED = json.loads((ARTICLES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_article_yields_the_meetings_a_reader_finds(name, reference):
    article = decode(SourceFile(name, (ARTICLES / name).read_bytes()))
    findings = analyse_article(parse_article(article, reference), reference)
    found = sorted(
        [
            list(c.participants),
            c.kind,
            c.reported_status,
            [c.interval.start.isoformat(), c.interval.end.isoformat()] if c.interval else None,
            c.place_id,
        ]
        for c in findings.claims
    )
    assert found == EXPECTED[name]
    for claim in findings.claims:
        assert article.text[claim.evidence.start : claim.evidence.end] == claim.evidence.quote


def test_every_article_file_has_expectations():
    assert sorted(p.name for p in ARTICLES.glob("*.txt")) == sorted(EXPECTED)
