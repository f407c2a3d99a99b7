"""The `parley` command line: a thin layer that turns domain errors into clear messages."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from parley.build import DEFAULT_DATA, DEFAULT_SEEDS, BuildError, build
from parley.errors import ParleyError, os_error, printable
from parley.reference import PROJECT_ROOT

DEFAULT_DB = PROJECT_ROOT / "build" / "parley.db"
DEFAULT_PACKAGE = PROJECT_ROOT / "datapackage.json"


class _Commands(click.Group):
    """Every command's user-fixable failure becomes `Error: ...` lines and an exit status."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ParleyError as error:
            _fail(error)
        except OSError as error:  # one the command did not expect: still one line
            _fail(os_error(error))


def _fail(error: ParleyError) -> None:
    for line in str(error).splitlines() or [type(error).__name__]:
        click.echo(f"Error: {printable(line)}", err=True)
    sys.exit(error.exit_code)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="parley")
def main() -> None:
    """Parley: diplomatic meetings from news articles, as a validated data package."""


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
@click.argument("seeds_dir", required=False, type=click.Path(path_type=Path), default=DEFAULT_SEEDS)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_DATA,
    show_default="data/",
    help="Folder to write the CSV files into.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Processes for the per-article stages (0: one per CPU). The output is the same.",
)
@click.option("--timings", is_flag=True, help="Also print how long each step took.")
def build_command(seeds_dir: Path, out_dir: Path, jobs: int, timings: bool) -> None:
    """Build the data package from a folder of .txt articles.

    \b
    Examples:
      parley build                                # seeds/ -> data/ and datapackage.json
      parley build new-articles/ --out /tmp/try   # try articles before adding them
      parley build --jobs 4                       # four processes, same output

    Files that cannot be articles (empty, binary, not UTF-8, duplicates) are
    reported by name and skipped; the rest builds. The output folder is
    replaced only once everything is written.
    """
    try:
        summary = build(
            seeds_dir,
            out_dir,
            progress=_progress,
            jobs=jobs or os.cpu_count() or 1,
            on_stage=_stage,
        )
    except BuildError as error:
        _fail(error)
    except KeyboardInterrupt:
        # The output is swapped in whole at the very end, so it is still the previous one.
        click.echo(f"\nInterrupted: {out_dir} is as it was before this build.", err=True)
        sys.exit(130)
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
    from parley.validate import DescriptorError, find_descriptor, validate_package

    try:
        datapackage = find_descriptor(datapackage, DEFAULT_PACKAGE)
    except DescriptorError as error:
        click.echo(str(error))
        sys.exit(1)
    problems = validate_package(datapackage)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{datapackage}: {len(problems)} problem(s)", err=True)
        sys.exit(1)
    click.echo(f"{datapackage}: valid")


@main.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["plover", "cameo-csv"]),
    required=True,
    help="plover: one PLOVER JSON record per line; cameo-csv: GDELT-like CAMEO events.",
)
@click.option(
    "--package",
    "datapackage",
    type=click.Path(path_type=Path),
    default=DEFAULT_PACKAGE,
    show_default="datapackage.json",
    help="The data package to export.",
)
@click.argument("out", type=click.Path(path_type=Path))
def export_command(fmt: str, datapackage: Path, out: Path) -> None:
    """Export the meetings for event-data pipelines: one record per meeting.

    \b
    Examples:
      parley export --format plover meetings.plover.jsonl
      parley export --format cameo-csv meetings.cameo.csv
    """
    from parley.export import ExportError, export

    try:
        count = export(datapackage, fmt, out)
    except ExportError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {count} {fmt} records to {out}")


@main.command("db")
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path),
    default=DEFAULT_DB,
    show_default="build/parley.db",
    help="SQLite file to write.",
)
@click.option(
    "--package",
    "datapackage",
    type=click.Path(path_type=Path),
    default=DEFAULT_PACKAGE,
    show_default="datapackage.json",
    help="Data package to load (its descriptor, or its folder).",
)
def db_command(out_file: Path, datapackage: Path) -> None:
    """Load the data package into a SQLite file, with keys, indexes and full-text search.

    \b
    Example:
      parley db --out build/parley.db

    The file is written beside its target and renamed into place; a file a
    running `parley serve` serves is never rewritten (stop it, or use --out).
    """
    from parley.db import DatabaseError, build_database, database_lock
    from parley.validate import DescriptorError, find_descriptor

    try:
        datapackage = find_descriptor(datapackage, DEFAULT_PACKAGE)
        with database_lock(out_file):
            counts = build_database(datapackage, out_file)
    except (DatabaseError, DescriptorError) as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
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
@click.option(
    "--package",
    "datapackage",
    type=click.Path(path_type=Path),
    help="Serve this data package (descriptor or folder) instead of the project's.",
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
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder to write the articles into (created if needed).",
)
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
    from parley.reference import ReferenceDataError, load_reference
    from parley.synth import write_corpus

    if out_dir.exists() and not out_dir.is_dir():
        click.echo(f"Error: {out_dir}: not a folder", err=True)
        sys.exit(2)
    try:
        written = write_corpus(count, out_dir, load_reference(), seed=seed)
    except ReferenceDataError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    except OSError as error:
        click.echo(f"Error: {out_dir}: {error.strerror or error}", err=True)
        sys.exit(2)
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
    import tempfile

    from parley.diff import DiffError, diff_packages, format_diff

    try:
        if other is not None:
            diff = diff_packages(datapackage, other)
            report = format_diff(diff, limit=limit)
        else:
            with tempfile.TemporaryDirectory(prefix="parley-diff-") as scratch:
                rebuilt = Path(scratch) / "data"
                summary = build(seeds_dir, rebuilt)
                click.echo(f"Rebuilt {seeds_dir}: {summary.line()}", err=True)
                diff = diff_packages(datapackage, rebuilt / "datapackage.json")
                report = format_diff(
                    diff,
                    limit=limit,
                    old_label=f"{datapackage} (committed)",
                    new_label=f"rebuild of {seeds_dir}",
                )
    except (DiffError, BuildError) as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    click.echo(report, nl=False)
    if exit_code and diff.has_changes:
        sys.exit(1)


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

    from parley.evaluate import EvaluationError, evaluate

    try:
        evaluation = evaluate(data_dir, gold_dir, people_file)
    except EvaluationError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(evaluation.as_json(), indent=1, ensure_ascii=False))
        return
    for detail in evaluation.details:
        click.echo(f"  {detail}")
    click.echo(f"Errors: {evaluation.error_counts()}")
    click.echo(evaluation.summary_line())


if __name__ == "__main__":
    main()
