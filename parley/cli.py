"""The `parley` command line: a thin layer that turns domain errors into clear messages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from parley.build import DEFAULT_DATA, DEFAULT_SEEDS, BuildError, build
from parley.reference import PROJECT_ROOT

DEFAULT_DB = PROJECT_ROOT / "build" / "parley.db"
DEFAULT_PACKAGE = PROJECT_ROOT / "datapackage.json"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="parley")
def main() -> None:
    """Parley: diplomatic meetings from news articles, as a validated data package."""


def _progress(total: int):
    """A progress bar on a terminal; nothing when output goes to a file or a pipe."""
    if not sys.stderr.isatty() or total < 50:
        return lambda: None
    bar = click.progressbar(length=total, label="Reading articles", file=sys.stderr)
    bar.__enter__()
    done = [0]

    def tick() -> None:
        done[0] += 1
        bar.update(1)
        if done[0] == total:
            bar.__exit__(None, None, None)

    return tick


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
def build_command(seeds_dir: Path, out_dir: Path) -> None:
    """Build the data package from a folder of .txt articles.

    \b
    Examples:
      parley build                                # seeds/ -> data/ and datapackage.json
      parley build new-articles/ --out /tmp/try   # try articles before adding them

    Files that cannot be articles (empty, binary, not UTF-8, duplicates) are
    reported by name and skipped; the rest builds. The output folder is
    replaced only once everything is written.
    """
    try:
        summary = build(seeds_dir, out_dir, progress=_progress)
    except BuildError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    for problem in summary.skipped:
        click.echo(f"skipped {problem.seed_file}: {problem.reason}", err=True)
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Built {summary.out}: {summary.line()}")


@main.command("validate")
@click.argument(
    "datapackage", required=False, type=click.Path(path_type=Path), default=DEFAULT_PACKAGE
)
def validate_command(datapackage: Path) -> None:
    """Validate a data package: descriptor, resources, and rules no schema can express.

    \b
    Examples:
      parley validate                         # the project's datapackage.json
      parley validate /tmp/try/datapackage.json

    Exit status 0 when valid, 1 when not, with one line per problem naming
    the file, row and column.
    """
    from parley.validate import validate_package

    problems = validate_package(datapackage)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{datapackage}: {len(problems)} problem(s)", err=True)
        sys.exit(1)
    click.echo(f"{datapackage}: valid")


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
    help="Data package to load.",
)
def db_command(out_file: Path, datapackage: Path) -> None:
    """Load the data package into a SQLite file, with keys, indexes and full-text search.

    \b
    Example:
      parley db --out build/parley.db
    """
    from parley.db import DatabaseError, build_database

    try:
        counts = build_database(datapackage, out_file)
    except DatabaseError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    click.echo(f"Wrote {out_file}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--db",
    "db_file",
    type=click.Path(path_type=Path),
    default=DEFAULT_DB,
    show_default="build/parley.db",
    help="SQLite file to build and serve.",
)
def serve_command(host: str, port: int, db_file: Path) -> None:
    """Build, validate and load the data, then browse it in Datasette (read-only).

    \b
    Example:
      parley serve --port 8001     # then open http://127.0.0.1:8001/
    """
    from parley.db import build_database
    from parley.serve import run_datasette
    from parley.validate import validate_package

    try:
        summary = build(DEFAULT_SEEDS, DEFAULT_DATA, progress=_progress)
    except BuildError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    click.echo(f"Built data/: {summary.line()}")
    problems = validate_package(DEFAULT_PACKAGE)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo("The data package is not valid; not serving it.", err=True)
        sys.exit(1)
    click.echo("datapackage.json: valid")
    build_database(DEFAULT_PACKAGE, db_file)
    click.echo(f"Wrote {db_file}")
    sys.exit(run_datasette(db_file, DEFAULT_PACKAGE, host=host, port=port))


if __name__ == "__main__":
    main()
