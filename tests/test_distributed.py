"""The Dask engine (`parley build --engine dask`): the same package as the local engine.

One real LocalCluster of 2 worker processes serves the whole module; the builds
connect to it as to an existing scheduler (`--scheduler`). Every comparison is
byte for byte, file by file, with the local engine's build of the same input.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import SEEDS, claim, free_port, snapshot

from parley import resolve
from parley.build import (
    BuildError,
    analyse_again,
    analyse_corpus,
    analyse_source,
    article_files,
    build,
    compact,
    load_source,
)
from parley.cli import main
from parley.errors import EXIT_ERROR
from parley.package import load_schema
from parley.paths import REFERENCE_DIR
from parley.recognise import unify_people
from parley.records import DateInterval
from parley.rows import article_rows, article_source_rows, article_topic_rows
from parley.spill import SetAside, SpilledTexts
from parley.write import sort_key

distributed = pytest.importorskip("distributed")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from parley import distributed as engine  # noqa: E402 (after the skips above)
from parley.distributed import DaskEngine, DaskOptions  # noqa: E402

DEVSET = SEEDS.parent.parent / "shared" / "devset" / "articles"
SYNTH_ARTICLES = 2000
KILLED_RUN_ARTICLES = 200


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 worker processes (one thread each), and a client of it."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as local,
        distributed.Client(local) as client,
    ):
        yield local, client


@pytest.fixture(scope="module")
def synth(tmp_path_factory, reference) -> Path:
    from parley.tools.synth import write_corpus

    folder = tmp_path_factory.mktemp("synth")
    write_corpus(SYNTH_ARTICLES, folder, reference, seed=3)
    return folder


def output(out: Path) -> dict[str, dict[str, bytes]]:
    """Every file a build wrote: the package folder and the reports beside it."""
    reports = out.parent / f"{out.name}-reports"
    return {"package": snapshot(out), "reports": snapshot(reports)}


def local_build(source: Path, out: Path, jobs: int = 1) -> dict[str, dict[str, bytes]]:
    build(source, out, jobs=jobs)
    return output(out)


def dask_build(source, out: Path, cluster, **options) -> dict[str, dict[str, bytes]]:
    local, _ = cluster
    build(source, out, engine=DaskEngine(DaskOptions(local.scheduler_address, **options)))
    return output(out)


def assert_same(got: dict, expected: dict) -> None:
    assert sorted(got["package"]) == sorted(expected["package"])
    assert "datapackage.json" in got["package"] and got["reports"]
    for part in ("package", "reports"):
        for name, data in expected[part].items():
            assert got[part][name] == data, f"{part} {name} differs"


@pytest.mark.parametrize("partition_size, resolve_partitions", [(1, 1), (2, 3), (5, 16)])
def test_seeds_identical_whatever_the_partitions(
    cluster, tmp_path, partition_size, resolve_partitions
):
    expected = local_build(SEEDS, tmp_path / "local")
    got = dask_build(
        SEEDS,
        tmp_path / "dask",
        cluster,
        partition_size=partition_size,
        resolve_partitions=resolve_partitions,
    )
    assert_same(got, expected)


def test_devset_identical(cluster, tmp_path):
    if not DEVSET.is_dir():
        pytest.skip(f"no dev set at {DEVSET}")
    expected = local_build(DEVSET, tmp_path / "local")
    got = dask_build(DEVSET, tmp_path / "dask", cluster, partition_size=4, resolve_partitions=5)
    assert_same(got, expected)


@pytest.fixture(scope="module")
def synth_local(synth, tmp_path_factory) -> dict:
    return local_build(synth, tmp_path_factory.mktemp("synth-local") / "out", jobs=2)


def test_synth_corpus_identical(cluster, synth, synth_local, tmp_path):
    assert len(article_files(synth)) == SYNTH_ARTICLES
    assert_same(dask_build(synth, tmp_path / "dask", cluster), synth_local)


@pytest.fixture(scope="module")
def small_synth(tmp_path_factory, reference) -> tuple[Path, dict]:
    """200 synth articles and their local build: enough tasks to kill a worker amid them."""
    from parley.tools.synth import write_corpus

    folder = tmp_path_factory.mktemp("small-synth")
    write_corpus(KILLED_RUN_ARTICLES, folder, reference, seed=5)
    return folder, local_build(folder, tmp_path_factory.mktemp("small-local") / "out")


def test_part_files_merged_in_rounds_write_the_same_package(
    cluster, small_synth, reference, tmp_path, monkeypatch
):
    """20 part files of each resource the workers set aside, merged 3 at a time (a fan-in
    of 3: rounds into temporary runs, then a last merge): the local engine's package."""
    from parley import write

    synth, synth_local = small_synth
    made = []

    class Counted(write.TemporaryRun):
        def __init__(self, rows):
            super().__init__(rows)
            made.append(len(self))

    monkeypatch.setattr(write, "FAN_IN", 3)
    monkeypatch.setattr(write, "TemporaryRun", Counted)
    assert_same(dask_build(synth, tmp_path / "dask", cluster, partition_size=10), synth_local)
    # Per resource: 20 parts -> 7 runs -> 3, the last merged with the client's own rows.
    assert len(made) == 3 * (7 + 3)
    # Every row the workers set aside (those of the dated articles) goes through both rounds.
    results = (analyse_source(load_source(path), reference) for path in article_files(synth))
    dated = [f for _, f in results if f is not None and not f.undated]
    assert [(sum(made[at : at + 7]), sum(made[at + 7 : at + 10])) for at in (0, 10, 20)] == [
        (len(rows), len(rows))
        for rows in (article_rows(dated), article_source_rows(dated), article_topic_rows(dated))
    ]


def test_killed_worker_is_retried_and_output_identical(cluster, small_synth, tmp_path):
    synth, synth_local = small_synth
    local, client = cluster
    pids = client.run(os.getpid)  # worker address -> process id
    killed: list[tuple[int, int]] = []  # (pid, files done when it was killed)

    def progress(total: int):
        done = [0]

        def tick() -> None:
            done[0] += 1
            if not killed:  # the first task is done; the others run or wait on both workers
                pid = sorted(pids.values())[0]
                os.kill(pid, signal.SIGKILL)
                killed.append((pid, done[0]))

        return tick

    out = tmp_path / "dask"
    build(
        synth,
        out,
        engine=DaskEngine(DaskOptions(local.scheduler_address, partition_size=10)),
        progress=progress,
    )
    assert killed and killed[0][1] < KILLED_RUN_ARTICLES
    # Its tasks (the lost results of the one it finished among them) ran in another process.
    # Whether its nanny starts a new worker in time is Dask's affair: on a loaded machine a
    # restart can time out, and the other tests run on the workers there are.
    assert killed[0][0] not in client.run(os.getpid).values()
    assert_same(output(out), synth_local)


def test_reads_a_file_url(cluster, tmp_path):
    if not DEVSET.is_dir():
        pytest.skip(f"no dev set at {DEVSET}")
    expected = local_build(DEVSET, tmp_path / "local")
    got = dask_build(DEVSET.resolve().as_uri(), tmp_path / "dask", cluster, partition_size=7)
    assert_same(got, expected)


def test_reads_the_in_memory_filesystem(tmp_path):
    """memory:// lives in one process, so the workers are threads of this one here."""
    import fsspec

    memory = fsspec.filesystem("memory")
    root = "/parley-test-seeds"
    for path in article_files(SEEDS):
        memory.pipe(f"{root}/{path.name}", path.read_bytes())
    memory.pipe(f"{root}/notes.md", b"not an article")
    try:
        expected = local_build(SEEDS, tmp_path / "local")
        with distributed.LocalCluster(
            n_workers=1, processes=False, dashboard_address=None, silence_logs=logging.ERROR
        ) as local:
            options = DaskOptions(local.scheduler_address, partition_size=2)
            build(f"memory://{root}", tmp_path / "dask", engine=DaskEngine(options))
    finally:
        memory.rm(root, recursive=True)
    assert_same(output(tmp_path / "dask"), expected)


def test_cli_starts_a_local_cluster_and_prints_its_dashboard(tmp_path):
    expected = local_build(SEEDS, tmp_path / "local")
    out = tmp_path / "dask"
    result = CliRunner().invoke(
        main, ["build", str(SEEDS), "--out", str(out), "--engine", "dask", "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "Dask LocalCluster of 1 worker processes, dashboard http://127.0.0.1:" in result.output
    assert_same(output(out), expected)


def test_failed_run_leaves_the_previous_output(cluster, tmp_path):
    """A work folder the workers do not share (memory:// is per process): a clear error."""
    out = tmp_path / "out"
    before = local_build(SEEDS, out)
    local, _ = cluster
    options = DaskOptions(local.scheduler_address, work_dir="memory://parley-not-shared")
    with pytest.raises(BuildError, match="must be one the workers and this machine share"):
        build(SEEDS, out, engine=DaskEngine(options))
    assert output(out) == before


def test_tables_round_trip_to_the_same_records(reference, tmp_path):
    """Parquet rows back to records: equal to the local engine's (compact) findings."""
    paths = article_files(SEEDS)
    rows = {table: [] for table in engine.TABLES}
    expected = []
    for position, path in enumerate(paths):
        item, findings = analyse_source(load_source(path), reference)
        expected.append((position, (item, compact(findings))))
        engine.encode_result(position, (item, compact(findings)), rows)
    assert len(rows["articles"]) == len(paths) and rows["claims"] and rows["topics"]
    tables = {}
    for table in engine.TABLES:
        buffer = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(rows[table], schema=engine.schema(table)), buffer)
        buffer.seek(0)
        tables[table] = pq.read_table(buffer).to_pylist()
    assert list(engine.decode_partition(tables)) == expected


@pytest.mark.parametrize("hint", [float, dict, tuple[int, str], int | str])
def test_a_field_type_without_a_column_type_fails_loudly(hint):
    with pytest.raises(TypeError, match="no column type"):
        engine.arrow_type(hint)


def _blocked_cli(blocked: str, *args: str) -> subprocess.CompletedProcess:
    """`parley ARGS` in a fresh interpreter where importing `blocked` fails, as uninstalled."""
    code = (
        f"import sys; sys.modules[{blocked!r}] = None; from parley.cli import main; "
        f"main({list(args)!r})"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


@pytest.mark.parametrize("blocked, named", [("distributed", "distributed"), ("pyarrow", "pyarrow")])
def test_without_the_extra_one_line_and_the_local_engine_still_builds(tmp_path, blocked, named):
    dask = _blocked_cli(
        blocked, "build", str(SEEDS), "--out", str(tmp_path / "d"), "--engine", "dask"
    )
    assert dask.returncode == EXIT_ERROR
    assert dask.stderr == (
        "Error: --engine dask needs the optional packages dask[distributed] and pyarrow "
        f"({named} is not installed): pip install 'parley[dask]'\n"
    )
    assert not (tmp_path / "d").exists()
    local = _blocked_cli(blocked, "build", str(SEEDS), "--out", str(tmp_path / "local"))
    assert local.returncode == 0, local.stderr
    assert (tmp_path / "local" / "meetings.csv").is_file()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler only apply with --engine dask"),
        (["--work-dir", "/tmp"], "--work-dir only apply with --engine dask"),
    ],
)
def test_dask_options_need_the_dask_engine(tmp_path, args, message):
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path / "o"), *args])
    assert result.exit_code == 2 and message in result.output


def test_a_url_needs_the_dask_engine(tmp_path):
    result = CliRunner().invoke(main, ["build", "file:///tmp/x", "--out", str(tmp_path / "o")])
    assert result.exit_code == EXIT_ERROR
    assert "Error: file:///tmp/x: a URL is read by the Dask engine only (--engine dask)" in (
        result.output
    )


@pytest.mark.parametrize(
    "url, message",
    [
        ("memory://parley-no-such-folder", "memory://parley-no-such-folder: no such folder"),
        ("nosuchprotocol://bucket/a", "nosuchprotocol://bucket/a: cannot open this URL"),
    ],
)
def test_a_url_that_cannot_be_listed_is_one_clear_error(tmp_path, url, message):
    with pytest.raises(BuildError, match=message):
        build(url, tmp_path / "out", engine=DaskEngine())
    assert not (tmp_path / "out").exists()


# --- Resolve on the cluster ----------------------------------------------------------------

D = dt.date(2022, 3, 14)
PAIR, TRIO = ("anna-berg", "tomas-novak"), ("anna-berg", "lena-holm", "tomas-novak")


def _crafted_claims() -> list:
    """Claims whose order is decided by ties: one sentence naming two participant sets,
    a call and a meeting of the same people on one day, a vague date beside a day,
    undated claims that join or stand alone."""
    return [
        claim("a1", "held", D, at=10),
        claim("a1", "held", D, people=TRIO, at=10),
        claim("a2", "held", D, kind="phone_call", at=5),
        claim("a2", "held", D, at=5),
        claim("a3", "planned", (D.replace(day=1), D.replace(day=31)), at=0),
        claim("a3", "planned", (D.replace(day=1), D.replace(day=31)), people=TRIO, at=0),
        claim("a4", "held", None, at=3),
        claim("a4", "held", None, people=TRIO, at=3),
        claim("a5", "held", None, people=("boris-kral", "tomas-novak"), at=0),
        claim("a6", "held", D + dt.timedelta(days=1), people=TRIO, at=7),
    ]


@pytest.fixture(scope="module")
def corpus_claims(reference) -> tuple[list, dict]:
    """The seeds' and dev set's claims (after `unify_people`, as the build resolves them),
    and crafted ones, with every article's publication date."""
    findings = []
    for folder in (SEEDS, DEVSET):
        if folder.is_dir():
            results = (analyse_source(load_source(p), reference) for p in article_files(folder))
            findings += analyse_corpus(results)[0]
    findings = unify_people(findings, reference)
    claims = [c for f in findings for c in f.claims] + _crafted_claims()
    published = {f.article_id: f.parsed.published for f in findings}
    published.update({f"a{n}": DateInterval.day(D + dt.timedelta(days=n)) for n in range(1, 7)})
    return claims, published


def _groups(groups) -> list[tuple]:
    """What redate reads of each group: its claims, interval, place, and by article."""
    return [
        (
            list(g.claims),
            g.interval,
            g.place(),
            [(a, g.claims_of(a), g.interval_without(a)) for a in g.article_ids],
        )
        for g in groups
    ]


@pytest.mark.parametrize("partitions", [1, 3, 16])
def test_grouping_on_the_cluster_is_group_claims(cluster, corpus_claims, reference, partitions):
    claims, _ = corpus_claims
    local, _ = cluster
    with DaskEngine(DaskOptions(local.scheduler_address, resolve_partitions=partitions)) as dask:
        got = dask.group_claims(iter(claims), reference)
    expected = resolve.group_claims(claims, reference)
    # Enough groups to span partitions: the seeds and crafted claims alone make 20, the
    # dev set (beside the checkout when present) many more.
    assert len(expected) > (50 if DEVSET.is_dir() else 15)
    assert _groups(got) == _groups(expected)


@pytest.mark.parametrize("partitions", [1, 3, 16])
def test_meetings_on_the_cluster_are_resolve_meetings(
    cluster, corpus_claims, reference, partitions
):
    claims, published = corpus_claims
    local, _ = cluster
    dask = DaskEngine(DaskOptions(local.scheduler_address, resolve_partitions=partitions))
    got = dask.resolve_meetings(iter(claims), published, reference)
    assert dask._client is None  # the last step: the engine has let the scheduler go
    assert got == resolve.resolve_meetings(claims, published, reference)


@pytest.mark.parametrize("partition_size", [1, 3, 64])
def test_analysed_again_on_the_cluster_is_analyse_again_in_order(
    cluster, reference, partition_size
):
    """What `redate` hands the engine (articles with the date it inferred) comes back
    analysed as `build.analyse_again` analyses it here, in the order it was given."""
    parsed = [analyse_source(load_source(p), reference)[1].parsed for p in article_files(SEEDS)] * 3
    local, _ = cluster
    with DaskEngine(DaskOptions(local.scheduler_address, partition_size=partition_size)) as dask:
        got = dask.analysed_again(parsed)
        assert dask.analysed_again([]) == []
    assert got == [analyse_again(p, reference) for p in parsed]


def test_claim_order_is_the_order_group_claims_takes_claims(corpus_claims, reference):
    """The groups `group_claims` makes come in the order of the claims that made them."""
    claims, _ = corpus_claims
    index = {id(c): i for i, c in enumerate(claims)}
    groups = resolve.group_claims(claims, reference)
    keys = [engine.claim_order(index[id(g.claims[0])], g.claims[0]) for g in groups]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_equal_meeting_ids_in_two_partitions_resolve_as_locally(
    cluster, corpus_claims, reference, monkeypatch
):
    """A hash that makes every meeting of as many participants collide: the later meeting
    in the corpus's order takes the longer ID, across partitions as within one."""
    claims, published = corpus_claims
    monkeypatch.setattr(resolve, "_hash", lambda *parts: f"{len(parts):012d}")
    local, _ = cluster
    dask = DaskEngine(DaskOptions(local.scheduler_address, resolve_partitions=7))
    got = dask.resolve_meetings(claims, published, reference)
    expected = resolve.resolve_meetings(claims, published, reference)
    assert len({m.meeting_id for m in expected}) < len(expected)  # collisions happened
    assert [m.meeting_id for m in got] == [m.meeting_id for m in expected]


# --- A scheduler that cannot be reached ----------------------------------------------------


@pytest.mark.parametrize(
    "address, message",
    [
        (
            "tcp://127.0.0.1:{port}",
            "tcp://127.0.0.1:{port}: cannot connect to the Dask scheduler within 2 s "
            "(is it running, and is the address right?)",
        ),
        (
            "127.0.0.1",
            "127.0.0.1: not a Dask scheduler address (missing port number in address "
            "'127.0.0.1'); give one like tcp://host:8786",
        ),
        ("htp://host:8786", "htp://host:8786: not a Dask scheduler address (unknown address"),
    ],
)
def test_an_unreachable_scheduler_is_one_line_in_bounded_time(tmp_path, address, message):
    port = free_port()  # bound and closed again: nothing listens there
    address, message = address.format(port=port), message.format(port=port)
    out = tmp_path / "out"
    before = set(Path(engine.tempfile.gettempdir()).glob("parley-dask-*"))
    started = time.monotonic()
    args = ["build", str(SEEDS), "--out", str(out), "--engine", "dask"]
    result = CliRunner().invoke(main, [*args, "--scheduler", address, "--connect-timeout", "2"])
    elapsed = time.monotonic() - started
    assert result.exit_code == EXIT_ERROR
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {message}") and result.stderr.count("\n") == 1
    assert elapsed < 2 + 15  # the timeout, and the seeds' inputs checked on a loaded machine
    assert not out.exists() and not (tmp_path / "out-reports").exists()
    assert set(Path(engine.tempfile.gettempdir()).glob("parley-dask-*")) == before


# --- What the client holds -----------------------------------------------------------------


@pytest.mark.parametrize("on_workers", [False, True])
def test_the_client_holds_no_article_text_rows_or_mentions(cluster, reference, on_workers):
    """A dated article's text, its row of articles and its source and topic mentions (as
    their rows of article_sources and article_topics) wait on disk; an undated one's whole
    findings wait there too, until resolve dates the article from its text and analyses it
    again (`parley.spill`). Resolve holds claims and what it reads of the articles. Given the
    `SpilledTexts` (as the build gives it), the workers set the dated articles aside
    themselves, in part files sorted by primary key that the client never reads;
    without it, the client does, as locally."""
    local, _ = cluster
    paths = article_files(SEEDS)
    expected = {}
    for path in paths:
        article, findings = analyse_source(load_source(path), reference)
        expected[article.article_id] = compact(findings)
    with (
        DaskEngine(DaskOptions(local.scheduler_address, partition_size=2)) as dask,
        SpilledTexts() as texts,
    ):
        given = texts if on_workers else None
        results = list(dask.analysed(paths, REFERENCE_DIR, lambda: None, given))
        assert sum(isinstance(f, SetAside) for _, f in results) == (3 if on_workers else 0)
        findings = analyse_corpus(results, texts=texts)[0]
        assert sorted(f.article_id for f in findings) == sorted(expected)
        assert {f.undated for f in findings} == {True, False}
        for finding in findings:
            whole, article_id = expected[finding.article_id], finding.article_id
            held = (finding.parsed.article.text, finding.parsed.sources, finding.topics)
            text = whole.parsed.article.text
            assert held == ("", (), [])
            assert (finding.parsed.title, finding.parsed.published) == (
                "",
                whole.parsed.published,
            )
            if finding.undated:
                assert article_id not in texts
                assert texts.whole(finding) == whole
            else:
                assert article_id in texts
                assert on_workers or texts.get(article_id) == text
        dated = [expected[f.article_id] for f in findings if not f.undated]
        made = {
            "articles": article_rows(dated),
            "article_sources": article_source_rows(dated),
            "article_topics": article_topic_rows(dated),
        }
        for resource, rows in made.items():
            assert rows
            if on_workers:  # in the workers' part files, each sorted as the writer sorts
                assert len(texts.rows(resource)) == 0
                runs = [list(run) for run in texts.runs(resource)]
                key = sort_key(load_schema(resource))
                assert all(run == sorted(run, key=key) for run in runs)
                assert sorted(map(repr, sum(runs, []))) == sorted(map(repr, rows))
                assert texts.count(resource) == len(rows)
            elif resource == "articles":  # the text in a file of its own
                assert list(texts.rows(resource)) == [dict(r, text="") for r in rows]
            else:
                assert list(texts.rows(resource)) == rows
        assert texts.cited == {m.source_id for f in dated for m in f.parsed.sources}


def test_duplicates_in_other_partitions_leave_their_rows_out_of_the_part_files(cluster, tmp_path):
    """Every seed three times (byte-identical, and with CRLF line ends: the same text),
    one file per task: the duplicates a worker set aside are dropped from its part files
    by the client's duplicate filter, and the package is the local engine's."""
    folder = tmp_path / "copies"
    folder.mkdir()
    for path in article_files(SEEDS):
        data = path.read_bytes()
        (folder / path.name).write_bytes(data)
        (folder / f"zy-{path.name}").write_bytes(data.replace(b"\n", b"\r\n"))
        (folder / f"zz-{path.name}").write_bytes(data)
    expected = local_build(folder, tmp_path / "local")
    local, _ = cluster
    engine_ = DaskEngine(DaskOptions(local.scheduler_address, partition_size=1))
    summary = build(folder, tmp_path / "dask", engine=engine_)
    assert_same(output(tmp_path / "dask"), expected)
    assert_same(expected, local_build(SEEDS, tmp_path / "seeds"))
    assert (summary.articles, len(summary.skipped)) == (5, 10)
    assert summary.rows == build(folder, tmp_path / "again").rows
