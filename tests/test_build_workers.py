"""The `--jobs N` worker processes of a local build (`parley.build.LocalWorkers`) and
`redate`'s analyses again in batches: the same findings and tables as in one process."""

from __future__ import annotations

import pytest
from helpers import SEEDS

import parley.build
from parley.build import (
    CHUNK_SIZE,
    REFERENCE_DIR,
    LocalWorkers,
    analyse_again,
    analyse_corpus,
    analyse_source,
    article_files,
    load_source,
    process,
)
from parley.package import RESOURCES, load_schemas
from parley.write import render_csv

ENOUGH = 2 * CHUNK_SIZE  # the fewest files a pool is started for


@pytest.mark.parametrize(
    ("jobs", "files", "processes"),
    [(2, ENOUGH, 2), (3, ENOUGH + 5, 3), (2, ENOUGH - 1, 0), (1, 10 * ENOUGH, 0), (0, ENOUGH, 0)],
)
def test_a_pool_is_started_only_for_more_than_one_job_and_enough_files(
    reference, jobs, files, processes
):
    with LocalWorkers(reference, REFERENCE_DIR, jobs, files) as workers:
        assert workers.processes == processes
    assert workers.processes == 0  # closed on leaving


def test_the_pool_analyses_and_analyses_again_as_this_process_does(reference):
    paths = article_files(SEEDS) * 8  # 40 files: the pool is used for both
    assert len(paths) >= ENOUGH
    here = [analyse_source(load_source(p), reference) for p in paths]
    parsed = [findings.parsed for _, findings in here]
    with LocalWorkers(reference, REFERENCE_DIR, 2, len(paths)) as workers:
        assert workers.processes == 2
        there = list(workers.analysed(paths))
        again = workers.analysed_again(parsed)
        few = workers.analysed_again(parsed[:3])  # fewer than two tasks: in this process
    assert there == here
    assert again == [analyse_again(p, reference) for p in parsed]
    assert few == again[:3]
    assert [a.parsed.article.article_id for a in again] == [p.article.article_id for p in parsed]


def _tables(findings, reference, **options):
    tables, warnings, unknown = process(findings, reference, **options)
    schemas = load_schemas()
    return {name: render_csv(tables[name], schemas[name]) for name in RESOURCES}, warnings, unknown


@pytest.mark.parametrize(("batch", "sizes"), [(1, [1, 1]), (2, [2]), (1_024, [2])])
def test_redate_analyses_again_in_batches_and_makes_the_same_package(
    reference, monkeypatch, batch, sizes
):
    """The seeds' two undated articles are dated by their meetings: `redate` hands them to
    `again` `AGAIN_BATCH` at a time, and the package is the one analysed in one go."""
    results = [analyse_source(load_source(p), reference) for p in article_files(SEEDS)]
    expected = _tables(analyse_corpus(results)[0], reference)
    undated = sorted(f.article_id for f in analyse_corpus(results)[0] if f.undated)
    seen: list[list[tuple[str, str]]] = []

    def again(batch_of):
        seen.append([(p.article.article_id, p.published_basis) for p in batch_of])
        return [analyse_again(p, reference) for p in batch_of]

    monkeypatch.setattr(parley.build, "AGAIN_BATCH", batch)
    made = _tables(analyse_corpus(results)[0], reference, again=again)
    assert [len(ids) for ids in seen] == sizes
    assert sorted(seen_id for ids in seen for seen_id, _ in ids) == undated
    assert {basis for ids in seen for _, basis in ids} == {"inferred"}
    assert made == expected
