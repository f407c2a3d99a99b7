"""The build: the only stage that reads and writes files.

seeds/*.txt -> read -> parse -> recognise/extract -> resolve -> write data/ and
the descriptor. Everything between reading and writing is pure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from parley.extract import ArticleFindings, analyse_article
from parley.parse import parse_article
from parley.read import read_articles
from parley.records import ReadProblem, SourceFile
from parley.reference import PROJECT_ROOT, Reference, load_reference
from parley.resolve import resolve_package
from parley.write import (
    RESOURCES,
    descriptor,
    load_schemas,
    render_csv,
    render_json,
    replace_directory,
    write_atomic,
)

DEFAULT_SEEDS = PROJECT_ROOT / "seeds"
DEFAULT_DATA = PROJECT_ROOT / "data"
ARTICLE_SUFFIX = ".txt"


class BuildError(Exception):
    """The build cannot start: a missing folder, unreadable reference data."""


@dataclass
class BuildSummary:
    articles: int = 0
    skipped: list[ReadProblem] = field(default_factory=list)
    meetings: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    out: Path | None = None

    def line(self) -> str:
        reasons: dict[str, int] = {}
        for problem in self.skipped:
            reason = problem.reason.split(" (")[0].split(",")[0]
            reason = "duplicate" if "duplicate" in reason else reason
            reasons[reason] = reasons.get(reason, 0) + 1
        skipped = ", ".join(f"{n} {r}" for r, n in sorted(reasons.items()))
        return (
            f"{self.articles} articles read, {len(self.skipped)} skipped"
            + (f" ({skipped})" if skipped else "")
            + f", {self.meetings} meetings, {len(self.warnings)} warnings"
        )


def article_files(seeds_dir: Path) -> list[Path]:
    """The article files of a folder, in name order (independent of the file system's order)."""
    if not seeds_dir.exists():
        raise BuildError(f"{seeds_dir}: no such folder")
    if not seeds_dir.is_dir():
        raise BuildError(f"{seeds_dir}: not a folder")
    return sorted(
        (p for p in seeds_dir.iterdir() if p.suffix.lower() == ARTICLE_SUFFIX and p.is_file()),
        key=lambda p: p.name,
    )


def _source_files(paths: list[Path]) -> Iterator[SourceFile]:
    for path in paths:
        yield SourceFile(path.name, path.read_bytes())


def analyse_corpus(
    sources: Iterator[SourceFile],
    reference: Reference,
    on_article: Callable[[], None] = lambda: None,
) -> tuple[list[ArticleFindings], list[ReadProblem]]:
    """Read, parse and extract every article (the per-article stages)."""
    findings: list[ArticleFindings] = []
    problems: list[ReadProblem] = []
    for item in read_articles(sources):
        if isinstance(item, ReadProblem):
            problems.append(item)
        else:
            findings.append(analyse_article(parse_article(item, reference), reference))
        on_article()
    return findings, problems


def build(
    seeds_dir: Path = DEFAULT_SEEDS,
    out_dir: Path = DEFAULT_DATA,
    *,
    progress: Callable[[int], Callable[[], None]] | None = None,
) -> BuildSummary:
    """Build the data package from a folder of articles into `out_dir`.

    Into the project's own `data/`, the descriptor is the project's
    `datapackage.json` with schemas by path; anywhere else, `out_dir` gets a
    self-contained `datapackage.json` with the schemas inline.
    """
    from parley.reference import ReferenceDataError

    paths = article_files(seeds_dir)
    try:
        reference = load_reference()
    except ReferenceDataError as error:
        raise BuildError(str(error)) from None
    tick = progress(len(paths)) if progress else (lambda: None)
    findings, problems = analyse_corpus(_source_files(paths), reference, tick)
    tables, warnings = resolve_package(findings, reference)
    schemas = load_schemas()
    files = {name: render_csv(tables[name], schemas[name]) for name in RESOURCES}
    out_dir = out_dir.resolve()
    project_data = out_dir == DEFAULT_DATA.resolve()
    package = descriptor(
        files,
        schemas,
        data_prefix="data/" if project_data else "",
        inline_schemas=not project_data,
    )
    outputs = {f"{name}.csv": data for name, data in files.items()}
    if not project_data:
        outputs["datapackage.json"] = render_json(package)
    replace_directory(out_dir, outputs)
    if project_data:
        write_atomic(PROJECT_ROOT / "datapackage.json", render_json(package))
    return BuildSummary(
        articles=len(findings),
        skipped=problems,
        meetings=len(tables["meetings"]),
        rows={name: len(tables[name]) for name in RESOURCES},
        warnings=warnings,
        out=out_dir,
    )
