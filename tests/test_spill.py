"""The texts and mentions of dated articles set aside on disk during a build (`parley.spill`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys

import pytest
from helpers import SEEDS, rows

from parley.build import (
    analyse_corpus,
    analyse_source,
    article_files,
    build,
    load_source,
    process,
    redate,
)
from parley.package import RESOURCES, load_schemas
from parley.read import decode
from parley.records import SourceFile
from parley.rows import package_rows
from parley.spill import (
    SPILLED_RESOURCES,
    SpilledRows,
    SpilledTable,
    SpilledTexts,
    TextRow,
    restore,
)
from parley.write import render_csv


def test_a_row_gives_its_text_from_the_file_and_the_rest_as_a_dict():
    with SpilledTexts() as texts:
        texts.put("a-2", "Ängström met Łukasz.\nSecond line.")
        row = TextRow({"article_id": "a-2", "text": "", "title": "T"}, texts)
        assert (row["text"], row.get("text"), row.get("title"), row.get("nothing", 0)) == (
            "Ängström met Łukasz.\nSecond line.",
            "Ängström met Łukasz.\nSecond line.",
            "T",
            0,
        )
        assert row.keys() == {"article_id", "text", "title"}


def test_texts_come_back_in_order_whatever_their_lengths_and_only_for_their_rows():
    written = {"a-1": "", "a-2": "x" * 70_000, "a-3": "\ud800 lone surrogate", "a-4": "é"}
    with SpilledTexts() as texts:
        for article_id, text in written.items():
            texts.put(article_id, text)
        texts.put_rows("articles", [{"article_id": a, "text": ""} for a in written])
        held = [{"article_id": "a-5", "text": "held"}]
        table = list(SpilledTable(held, texts.rows("articles"), texts))
        assert [row["text"] for row in table] == ["held", *written.values()]
        assert [type(row) for row in table] == [dict] + [TextRow] * 4


def test_rows_set_aside_come_back_with_their_cells_typed_as_they_were():
    row = {"a": 'Łukasz \ud800\n"', "n": -3, "none": None, "day": dt.date(2021, 12, 31)}
    rows = SpilledRows()
    rows.extend([row, {"$date": "a string cell, not a date"}])
    assert list(rows) == [row, {"$date": "a string cell, not a date"}]
    assert type(list(rows)[0]["day"]) is dt.date
    rows.close()
    with pytest.raises(TypeError, match="no JSON form for a cell of type datetime"):
        SpilledRows().extend([{"x": dt.datetime(2021, 5, 3, 12)}])


def test_a_local_build_sets_dated_texts_aside_and_writes_every_text_exactly(tmp_path, reference):
    paths = article_files(SEEDS)
    with SpilledTexts() as texts:
        findings = analyse_corpus(
            (analyse_source(load_source(p), reference) for p in paths), texts=texts
        )[0]
        held = {f.parsed.article.seed_file: f.parsed.article.text for f in findings}
        dated = {f.parsed.article.seed_file for f in findings if f.article_id in texts}
        waiting = {
            f.parsed.article.seed_file: texts.whole(f).parsed.article.text
            for f in findings
            if f.undated
        }
    decoded = {p.name: decode(SourceFile(p.name, p.read_bytes())).text for p in paths}
    # The seeds have both kinds: three dated articles (text and rows on disk), two undated
    # (their whole findings on disk until redate): no text is held.
    assert len(dated) == 3 and len(held) == 5
    assert held == dict.fromkeys(decoded, "")
    assert waiting == {name: text for name, text in decoded.items() if name not in dated}
    out = tmp_path / "out"
    build(SEEDS, out)
    written = {row["seed_file"]: row["text"] for row in rows(out, "articles")}
    assert written == decoded


def test_the_rows_of_dated_articles_wait_on_disk_and_come_back_as_they_were(reference):
    """Resolve holds no text, metadata only its row reads, source or topic mention of a
    dated article, and makes none of its rows; an undated article waits whole on disk,
    its rows set aside once `redate` has found nothing to date it by; `restore` gives the
    tables the very rows the full findings make (and the outlets only those mentions
    name)."""
    paths = article_files(SEEDS)
    full = analyse_corpus(analyse_source(load_source(p), reference) for p in paths)[0]
    with SpilledTexts() as texts:
        lean = analyse_corpus(
            (analyse_source(load_source(p), reference) for p in paths), texts=texts
        )[0]
        assert [f.article_id for f in lean] == [f.article_id for f in full]
        for kept, whole in zip(lean, full, strict=True):
            assert (kept.parsed.sources, kept.topics, kept.parsed.segments) == ((), [], ())
            assert (kept.parsed.title, kept.parsed.dateline, kept.parsed.title_span) == (
                "",
                "",
                None,
            )
            # What resolve and the other resources read is kept.
            assert (kept.article_id, kept.parsed.published, kept.claims, kept.people) == (
                whole.article_id,
                whole.parsed.published,
                whole.claims,
                whole.people,
            )
        dated = [f for f in full if not f.undated]
        assert sum(len(f.parsed.sources) for f in dated) == len(texts.rows("article_sources")) > 0
        assert sum(len(f.topics) > 0 for f in dated) > 0 < len(texts.rows("article_topics"))
        assert len(texts.rows("articles")) == len(dated) == 3
        # No meetings date the undated ones: their rows are set aside as they were made.
        assert redate(lean, [], reference, texts) == lean
        assert len(texts.rows("articles")) == len(full)
        assert sum(len(f.parsed.sources) for f in full) == len(texts.rows("article_sources"))
        tables = package_rows(lean, [], reference, aside=texts)[0]
        assert tables["articles"] == []
        held = {row["source_id"] for row in tables["sources"]}
        assert texts.cited - held, "an outlet only a dated article's mention names"
        restore(tables, texts, reference)
        # A row as the writer reads it: every cell through `[]`, the text from its file.
        restored = {
            name: [{column: row[column] for column in row} for row in tables[name]]
            for name in (*SPILLED_RESOURCES, "sources")
        }
        counted = {name: len(tables[name]) for name in SPILLED_RESOURCES}  # the build's summary
    expected = package_rows(full, [], reference)[0]
    for name in (*SPILLED_RESOURCES, "sources"):
        assert sorted(map(repr, restored[name])) == sorted(map(repr, expected[name])), name
    assert counted == {name: len(expected[name]) for name in SPILLED_RESOURCES}


def test_an_article_redate_dates_is_set_aside_and_its_first_findings_let_go(reference):
    """The seeds' two undated articles are dated by their meetings and analysed again: the
    new findings are set aside as a dated article's (text and rows on disk, held lean), the
    first ones let go (the list keeps only what the people report and the place warnings
    read), and the package, warnings and report are those of the build that sets nothing
    aside."""
    results = [analyse_source(load_source(p), reference) for p in article_files(SEEDS)]
    expected = process(analyse_corpus(results)[0], reference)
    schemas = load_schemas()
    with SpilledTexts() as texts:
        findings = analyse_corpus(results, texts=texts)[0]
        undated = [f for f in findings if f.undated]
        assert len(undated) == 2 and not any(f.article_id in texts for f in undated)
        first = undated[0]
        del undated
        assert sys.getrefcount(first) == 3  # the list, this name, getrefcount's argument
        tables, warnings, unknown = process(findings, reference, aside=texts)
        assert sys.getrefcount(first) == 2, "the first findings are held elsewhere still"
        kept = next(f for f in findings if f.article_id == first.article_id)
        # The first findings were held lean; the new ones' text and rows are set aside.
        assert first.article_id in texts and first.parsed.article.text == ""
        assert (kept.parsed.article.text, kept.parsed.segments, kept.claims, kept.topics) == (
            "",
            (),
            [],
            [],
        )
        assert (kept.people, kept.people_quotes, kept.unknown_places) == (
            first.people,
            first.people_quotes,
            first.unknown_places,
        )
        assert sum(f.article_id in texts for f in findings) == len(findings) == 5
        assert len(texts.rows("articles")) == 5 and tables["articles"] == []
        restore(tables, texts, reference)
        written = {name: render_csv(tables[name], schemas[name]) for name in RESOURCES}
    assert (warnings, unknown) == expected[1:]
    assert written == {name: render_csv(expected[0][name], schemas[name]) for name in RESOURCES}
    inferred = [
        r
        for r in csv.DictReader(io.StringIO(written["articles"].decode()))
        if r["published_basis"] == "inferred"
    ]
    assert len(inferred) == 2 and all(r["text"] for r in inferred)
