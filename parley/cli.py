"""The `parley` command line: a thin layer over the library.

Each command parses its arguments, calls one library function and prints
what it returns. Domain errors are mapped once, by the group: a
`ParleyError` (of any kind) becomes `Error: ...` lines on stderr and its
exit status, an unexpected `OSError` the same; `parley.errors` lists the exit
statuses.

The library's modules are imported inside the commands that use them, so a
command starts without loading what it does not run (`parley db` and
`parley --help` need neither the extraction rules nor the reference data).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from parley.errors import EXIT_INTERRUPTED, EXIT_NO, ParleyError, os_error, printable
from parley.export import FORMATS
from parley.paths import DATA_DIR as DEFAULT_DATA
from parley.paths import DATABASE as DEFAULT_DB
from parley.paths import DATAPACKAGE as DEFAULT_PACKAGE
from parley.paths import SEEDS_DIR as DEFAULT_SEEDS


class _Commands(click.Group):
    """Every command's user-fixable failure becomes `Error: ...` lines and an exit status."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ParleyError as error:
            _fail(error)
        except OSError as error:  # one the command did not expect: still one line
            _fail(os_error(error))


def _fail(error: ParleyError) -> NoReturn:
    for line in str(error).splitlines() or [type(error).__name__]:
        click.echo(f"Error: {printable(line)}", err=True)
    sys.exit(error.exit_code)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="parley")
def main() -> None:
    """Parley: diplomatic meetings from news articles, as a validated data package."""


def _package_option(help: str, default: Path | None = DEFAULT_PACKAGE):
    """`--package`: the data package a command reads (its descriptor, or its folder)."""
    return click.option(
        "--package",
        "datapackage",
        type=click.Path(path_type=Path),
        default=default,
        show_default="datapackage.json" if default is not None else False,
        help=help,
    )


def _out_option(help: str, default: Path | None, shown: str | None, name: str = "out_dir"):
    """`--out`: where a command writes (a folder or a file); required without a default."""
    return click.option(
        "--out",
        name,
        type=click.Path(path_type=Path),
        default=default,
        required=default is None,
        show_default=shown or False,
        help=help,
    )


def _progress(total: int):
    """A progress bar on a terminal (stderr); nothing when output goes to a file or a pipe.

    Returns the function the build calls once per file read.
    """
    if not sys.stderr.isatty() or total < 50:
        return lambda: None
    bar = click.progressbar(
        length=total, label="Reading articles", file=sys.stderr, show_pos=True, show_eta=True
    )
    bar.__enter__()
    done = [0]

    def tick() -> None:
        done[0] += 1
        bar.update(1)
        if done[0] == total:
            bar.__exit__(None, None, None)

    return tick


def _stage(message: str) -> None:
    """Say which long step the build is in, on a terminal only (stderr)."""
    if sys.stderr.isatty():
        click.echo(f"{message}...", err=True)


@main.command("build")
@click.argument("seeds_dir", metavar="[SOURCE]", required=False, default=str(DEFAULT_SEEDS))
@_out_option("Folder to write the CSV files into.", DEFAULT_DATA, "data/")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Processes for the per-article stages (0: one per CPU); with --engine dask, the "
    "workers of the LocalCluster. The output is the same.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where the per-article stages run: this machine, or a Dask cluster "
    "(pip install 'parley[dask]'). The output is the same.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --engine dask: an existing Dask scheduler (tcp://host:8786) instead of a "
    "LocalCluster of --jobs workers.",
)
@click.option(
    "--connect-timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="With --scheduler: how long to try to reach the scheduler (default: 10).",
)
@click.option(
    "--partition-size",
    type=click.IntRange(min=1),
    help="With --engine dask: articles per task (default: about 8 tasks per worker).",
)
@click.option(
    "--work-dir",
    metavar="URL",
    help="With --engine dask: where workers write their Parquet tables (a folder or fsspec "
    "URL the workers and this machine share; default: a temporary folder here).",
)
@click.option("--timings", is_flag=True, help="Also print how long each step took.")
def build_command(
    seeds_dir: str,
    out_dir: Path,
    jobs: int,
    engine: str,
    scheduler: str | None,
    connect_timeout: float | None,
    partition_size: int | None,
    work_dir: str | None,
    timings: bool,
) -> None:
    """Build the data package from a folder of .txt articles.

    \b
    Examples:
      parley build                                # seeds/ -> data/ and datapackage.json
      parley build new-articles/ --out /tmp/try   # try articles before adding them
      parley build --jobs 4                       # four processes, same output
      parley build s3://bucket/articles/ --out /tmp/try --engine dask --scheduler tcp://host:8786

    SOURCE is a folder, or with --engine dask also an fsspec URL (file://,
    s3://, gs://: the workers read the *.txt objects themselves).
    Files that cannot be articles (empty, binary, not UTF-8, duplicates) are
    reported by name and skipped; the rest builds. The output folder is
    replaced only once everything is written.
    """
    dask_only = {
        "--scheduler": scheduler,
        "--connect-timeout": connect_timeout,
        "--partition-size": partition_size,
        "--work-dir": work_dir,
    }
    given = [name for name, value in dask_only.items() if value is not None]
    if given and engine != "dask":
        raise click.UsageError(f"{', '.join(given)} only apply with --engine dask")
    dask_engine = None
    if engine == "dask":
        from parley.distributed import DaskEngine, DaskOptions

        options = DaskOptions(
            scheduler=scheduler,
            workers=jobs or os.cpu_count() or 1,
            partition_size=partition_size,
            work_dir=work_dir,
            **({"connect_timeout": connect_timeout} if connect_timeout else {}),
        )
        dask_engine = DaskEngine(options, say=lambda m: click.echo(printable(m), err=True))
    from parley.build import build

    source: Path | str = seeds_dir if "://" in seeds_dir else Path(seeds_dir)
    try:
        summary = build(
            source,
            out_dir,
            progress=_progress,
            jobs=jobs or os.cpu_count() or 1,
            on_stage=_stage,
            engine=dask_engine,
        )
    except KeyboardInterrupt:
        # The output is swapped in whole at the very end, so it is still the previous one.
        click.echo(f"\nInterrupted: {out_dir} is as it was before this build.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        if dask_engine is not None:
            dask_engine.close()  # idempotent: it lets the cluster go once resolve is done
    # File names may hold newlines or escape sequences: printed raw they could forge
    # or hide lines of this log, so every line is escaped.
    for problem in summary.skipped:
        click.echo(printable(f"skipped {problem.seed_file}: {problem.reason}"), err=True)
    for warning in summary.warnings:
        click.echo(printable(f"warning: {warning}"), err=True)
    click.echo(printable(f"Built {summary.out}: {summary.line()}"))
    if timings:
        click.echo(f"Timings: {summary.timings()}", err=True)


@main.command("validate")
@click.argument("datapackage", required=False, type=click.Path(path_type=Path))
def validate_command(datapackage: Path | None) -> None:
    """Validate a data package: descriptor, resources, and rules no schema can express.

    \b
    Examples:
      parley validate                         # ./datapackage.json, else the project's
      parley validate /tmp/try/datapackage.json
      parley validate /tmp/try                # the folder's datapackage.json

    Exit status 0 when valid, 1 when not, with one line per problem naming
    the file, row and column. A file edited since the build is one line
    (with what to do), and its rows are checked all the same.
    """
    from parley.validate import validate_argument

    datapackage, problems = validate_argument(datapackage, DEFAULT_PACKAGE)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{datapackage}: {len(problems)} problem(s)", err=True)
        sys.exit(EXIT_NO)
    click.echo(f"{datapackage}: valid")


@main.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    required=True,
    help="plover: one PLOVER JSON record per line; cameo-csv: GDELT-like CAMEO events.",
)
@_package_option("The data package to export.")
@click.argument("out", type=click.Path(path_type=Path))
def export_command(fmt: str, datapackage: Path, out: Path) -> None:
    """Export the meetings for event-data pipelines: one record per meeting.

    \b
    Examples:
      parley export --format plover meetings.plover.jsonl
      parley export --format cameo-csv meetings.cameo.csv
    """
    from parley.export import export

    count = export(datapackage, fmt, out)
    click.echo(f"Wrote {count} {fmt} records to {out}")


@main.command("db")
@_out_option("SQLite file to write.", DEFAULT_DB, "build/parley.db", name="out_file")
@_package_option("Data package to load (its descriptor, or its folder).")
def db_command(out_file: Path, datapackage: Path) -> None:
    """Load the data package into a SQLite file, with keys, indexes and full-text search.

    \b
    Example:
      parley db --out build/parley.db

    The file is written beside its target and renamed into place; a file a
    running `parley serve` serves is never rewritten (stop it, or use --out).
    """
    from parley.db import write_database
    from parley.package import find_descriptor

    counts = write_database(find_descriptor(datapackage, DEFAULT_PACKAGE), out_file)
    click.echo(f"Wrote {out_file}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port",
    default=8001,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on (make serve: PORT=N).",
)
@click.option(
    "--db",
    "db_file",
    type=click.Path(path_type=Path),
    default=DEFAULT_DB,
    show_default="build/parley.db",
    help="SQLite file to build and serve.",
)
@_package_option(
    "Serve this data package (descriptor or folder) instead of the project's.", default=None
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Rebuild data/ and datapackage.json from seeds/ first (drops hand edits).",
)
def serve_command(
    host: str, port: int, db_file: Path, datapackage: Path | None, rebuild: bool
) -> None:
    """Validate and load the data package, then browse it in Datasette (read-only).

    \b
    Examples:
      parley serve --port 8001     # then open http://127.0.0.1:8001/
      parley serve --rebuild       # rebuild data/ from seeds/ first

    Serves data/ as it is: when it is out of date (seeds, code or reference
    data changed since it was built) or edited by hand, it says so and how
    to rebuild; only --rebuild (or a checkout without data/) builds it. A
    busy port is reported before anything is done, and a database another
    `parley serve` is serving is never rewritten.
    """
    from parley.serve import serve_package

    status = serve_package(
        host,
        port,
        db_file,
        datapackage,
        rebuild=rebuild,
        project_package=DEFAULT_PACKAGE,
        seeds=DEFAULT_SEEDS,
        data=DEFAULT_DATA,
        progress=_progress,
        say=click.echo,
        warn=lambda message: click.echo(message, err=True),
    )
    sys.exit(status)


@main.command("synth")
@click.argument("count", type=click.IntRange(min=0), metavar="N")
@_out_option("Folder to write the articles into (created if needed).", None, None)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same articles.")
def synth_command(count: int, out_dir: Path, seed: int) -> None:
    """Write N generated news articles, for benchmarks and scale tests.

    \b
    Example:
      parley synth 10000 --out /tmp/synth --seed 1
      parley build /tmp/synth --out /tmp/synth-data --jobs 2

    Articles are made from the curated reference data (people in office on
    the date, places, topics, outlets); the same N and seed always give the
    same files. They are load, not ground truth: never use them as expected
    results for the extractor.
    """
    from parley.reference import load_reference
    from parley.tools.synth import write_corpus

    written = write_corpus(count, out_dir, load_reference(), seed=seed)
    click.echo(f"Wrote {count} articles ({written:,} bytes) to {out_dir}")


@main.command("diff")
@click.argument(
    "datapackage", required=False, type=click.Path(path_type=Path), default=DEFAULT_PACKAGE
)
@click.option(
    "--against",
    "other",
    type=click.Path(path_type=Path),
    help="Compare with this package instead of a fresh rebuild.",
)
@click.option(
    "--seeds",
    "seeds_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_SEEDS,
    show_default="seeds/",
    help="Articles to rebuild from (without --against).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Rows shown per kind of change and resource (0: all).",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are differences.")
def diff_command(
    datapackage: Path, other: Path | None, seeds_dir: Path, limit: int, exit_code: bool
) -> None:
    """Show row-level changes between a data package and a rebuild (or another package).

    \b
    Examples:
      parley diff                       # committed data/ against a rebuild of seeds/
      parley diff --against /tmp/try/datapackage.json

    Rows are matched by primary key per resource: "+" a row only the rebuild
    has, "-" a row only DATAPACKAGE has, "~" a row whose cells differ (old ->
    new). A hand edit of data/ shows as a change a rebuild would undo.
    """
    from parley.diff import diff_report

    report = diff_report(
        datapackage,
        other,
        seeds_dir=seeds_dir,
        limit=limit,
        on_rebuilt=lambda line: click.echo(line, err=True),
    )
    click.echo(report.text, nl=False)
    if exit_code and report.diff.has_changes:
        sys.exit(EXIT_NO)


@main.command("eval")
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option(
    "--people",
    "people_file",
    type=click.Path(path_type=Path),
    help="Gold people file (canonical name -> country, aliases). Default: people.json beside GOLD_DIR.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures and error lines as JSON.")
def eval_command(data_dir: Path, gold_dir: Path, people_file: Path | None, as_json: bool) -> None:
    """Score a built package against gold annotations of its articles.

    \b
    Examples:
      parley build ../shared/devset/articles --out build/dev
      parley eval build/dev ../shared/devset/gold
      parley eval build/dev my-gold/ --people my-people.json --json

    Prints one line per error (MISSED and EXTRA pairs, wrong date, status,
    place, publication date), their count by kind, then the summary (in the
    reference scorer's format): pair F1, precision, recall,
    date, status, place, publication date, topic recall, events split across
    rows and rows merging events. The gold format is in docs/gold-format.md.
    """
    import json

    from parley.evaluate import evaluate

    evaluation = evaluate(data_dir, gold_dir, people_file)
    if as_json:
        click.echo(json.dumps(evaluation.as_json(), indent=1, ensure_ascii=False))
        return
    for detail in evaluation.details:
        click.echo(f"  {detail}")
    click.echo(f"Errors: {evaluation.error_counts()}")
    click.echo(evaluation.summary_line())


if __name__ == "__main__":
    main()
