"""The annotation step finds, once, what the per-sentence scans would find."""

from pathlib import Path

import pytest

from parley.annotate import annotate
from parley.dates import find_dates
from parley.parse import parse_article
from parley.read import decode
from parley.recognise import _split_sentences
from parley.records import SourceFile

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_annotations_are_the_sentences_matches_and_dates_of_the_text(name, reference) -> None:
    article = decode(SourceFile(name, (SEEDS / name).read_bytes()))
    parsed = parse_article(article, reference)
    annotated = annotate(parsed, reference)
    text = parsed.article.text
    split = _split_sentences(parsed, ("body", "caption"), reference.dotted_short_forms)
    assert list(annotated.sentences) == split
    assert annotated.of_kind("body") == [s for s in split if s.kind == "body"]
    assert len(annotated.of_kind("body")) >= 3
    dates = names = 0
    for sentence in annotated.sentences:
        for gazetteer in (reference.name_gazetteer, reference.place_gazetteer):
            assert annotated.index.find(gazetteer, sentence.start, sentence.end) == (
                gazetteer.find(sentence.text)
            )
        names += len(annotated.index.find(reference.name_gazetteer, sentence.start, sentence.end))
        found = annotated.dates.within(sentence.start, sentence.end)
        alone = [(e.start, e.end, e.kind) for e in find_dates(text[sentence.start : sentence.end])]
        assert [(e.start, e.end, e.kind) for e in found] == alone
        dates += len(found)
    assert dates >= 1 and names >= 2
