"""The build: the only stage that reads and writes files.

seeds/*.txt -> read -> parse -> recognise/extract -> resolve -> rows -> write
data/ and the descriptor. `build` runs three steps: load inputs
(`load_inputs`), process (the per-article stages, then `process`: resolve and
rows), save outputs (`save_outputs`). Everything between loading and saving is
pure.

The per-article stages (read, parse, recognise, extract) run one file at a
time, in one process or in a pool of `jobs` processes; results come back in
file-name order, so the output is byte-identical whatever the number of
processes. Only the cross-article resolve needs every article's findings at
once (see docs/scaling.md). With a Dask engine the per-article stages and
resolve's groupings run on a Dask cluster instead (`parley.distributed`), and
everything else is this module's, unchanged.
"""

from __future__ import annotations

import csv
import errno
import io
import multiprocessing
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from parley.errors import ParleyError, os_error
from parley.extract import ArticleFindings, analyse_article
from parley.interop import check_reference, meeting_enums
from parley.package import (
    RESOURCES,
    clean_litter,
    descriptor,
    hold,
    litter,
    load_package_metadata,
    load_schemas,
    ordinary_mode,
    render_json,
    staged_directory,
    write_atomic,
)
from parley.parse import parse_article
from parley.paths import DATA_DIR as DEFAULT_DATA
from parley.paths import DATAPACKAGE, PROJECT_ROOT, REFERENCE_DIR, UNKNOWN_PEOPLE_REPORT
from parley.paths import SEEDS_DIR as DEFAULT_SEEDS
from parley.read import (
    MAX_ARTICLE_BYTES,
    DuplicateFilter,
    decode,
    read_warnings,
    reason_category,
    too_large,
)
from parley.recognise import (
    UNKNOWN_PEOPLE_COLUMNS,
    PeopleRenaming,
    people_renaming,
    unknown_people_report,
    unknown_place_warnings,
)
from parley.records import (
    Article,
    MeetingClaim,
    ParsedArticle,
    ReadProblem,
    SourceFile,
    TopicMention,
)
from parley.reference import Reference, load_reference
from parley.resolve import (
    ClaimGroup,
    Meeting,
    check_vocabulary,
    group_claims,
    groups_by_article,
    infer_publication,
    resolve_meetings,
)
from parley.rows import package_rows
from parley.spill import SetAside, SpilledTexts, lean, restore, set_aside, set_rows_aside
from parley.write import write_csv

ARTICLE_SUFFIX = ".txt"
CHUNK_SIZE = 16  # articles per task sent to a worker: amortises the inter-process round trip

Progress = Callable[[int], Callable[[], None]]
"""Called with the number of files; returns a function called once per file done."""

Result = tuple[Article | ReadProblem, ArticleFindings | SetAside | None]


class Engine(Protocol):
    """Somewhere else to run the per-article stages (`parley.distributed.DaskEngine`).

    The build calls it and never imports it: the engine depends on this
    module, not the other way round.
    """

    def list_sources(self, url: str) -> tuple[list[str], Path | None]:
        """The *.txt objects under a URL, in name order, and the local folder it names."""
        ...

    def analysed(
        self,
        sources: list[Path | str],
        reference_dir: Path,
        tick: Callable[[], None],
        texts: SpilledTexts | None = None,
    ) -> Iterator[Result]:
        """Per-file results in the order of `sources`; `tick` once per file done. With
        `texts`, a dated article may come back set aside already (`SetAside`), its rows
        in part files that `texts` reads when they are written and removes when closed."""
        ...

    def group_claims(
        self, claims: Iterable[MeetingClaim], reference: Reference
    ) -> list[ClaimGroup]:
        """What `parley.resolve.group_claims` returns, computed elsewhere."""
        ...

    def analysed_again(self, articles: list[ParsedArticle]) -> list[ArticleFindings]:
        """`analyse_again` of each article, in order, computed elsewhere (`AnalyseAgain`)."""
        ...

    def resolve_meetings(
        self, claims: Iterable[MeetingClaim], published: Mapping, reference: Reference
    ) -> list[Meeting]:
        """What `parley.resolve.resolve_meetings` returns, computed elsewhere."""
        ...


class BuildError(ParleyError):
    """The build cannot run: a missing folder, unreadable reference data, a full disk."""


@dataclass
class BuildSummary:
    articles: int = 0
    skipped: list[ReadProblem] = field(default_factory=list)
    meetings: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    out: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each step
    unknown_people: int = 0  # people outside the curated list, in the report
    report: Path | None = None

    def skipped_by_reason(self) -> dict[str, int]:
        """How many files were skipped for each kind of reason, by kind."""
        counts: dict[str, int] = {}
        for problem in self.skipped:
            category = reason_category(problem.reason)
            counts[category] = counts.get(category, 0) + 1
        return dict(sorted(counts.items()))

    def timings(self) -> str:
        """ "per-article 12.3s, resolve 4.5s, write 1.2s": where the time went."""
        return ", ".join(f"{step} {seconds:.1f}s" for step, seconds in self.seconds.items())

    def line(self) -> str:
        """One line for the end of a build: read, skipped (with reasons), meetings, warnings."""
        skipped = ", ".join(f"{n} {r}" for r, n in self.skipped_by_reason().items())
        return (
            f"{self.articles} articles read, {len(self.skipped)} skipped"
            + (f" ({skipped})" if skipped else "")
            + f", {self.meetings} meetings, {len(self.warnings)} warnings"
            + (
                f", {self.unknown_people} people not curated (see {self.report})"
                if self.unknown_people
                else ""
            )
        )


def article_files(seeds_dir: Path) -> list[Path]:
    """The entries of a folder named *.txt, in name order (independent of the file system's).

    Every such entry is listed, whatever it is: `load_source` says why a
    symlink, a named pipe or a folder named *.txt is no article, so the build
    reports it by name instead of skipping it silently.
    """
    if not seeds_dir.exists():
        raise BuildError(f"{seeds_dir}: no such folder")
    if not seeds_dir.is_dir():
        raise BuildError(f"{seeds_dir}: not a folder")
    try:
        entries = list(seeds_dir.iterdir())
    except OSError as error:
        raise BuildError(f"{seeds_dir}: cannot list the folder: {error.strerror}") from None
    return sorted((p for p in entries if p.suffix.lower() == ARTICLE_SUFFIX), key=lambda p: p.name)


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((words for test, words in _KINDS if test(mode)), "not a file")


def _followed(path: Path) -> Path | ReadProblem:
    """Where a symbolic link in the articles folder leads, if it may be read.

    A link may point at another file of the folder; one that leaves the folder
    is not read: a contributed `passwd.txt -> /etc/passwd` must not publish
    whatever file the person running the build can read.
    """
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        return ReadProblem(path.name, f"symbolic link to nothing ({os.readlink(path)}): dangling")
    except (RuntimeError, OSError) as error:
        if isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP:
            return ReadProblem(path.name, "symbolic link loop")
        return ReadProblem(path.name, f"cannot read: {error.strerror or error}")
    folder = path.parent.resolve()
    if folder not in resolved.parents:
        return ReadProblem(
            path.name,
            "symbolic link to a file outside the articles folder; not read "
            "(copy the article into the folder)",
        )
    return resolved


def load_source(path: Path) -> SourceFile | ReadProblem:
    """The bytes of one file, or why they cannot be read; never more than the size limit."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path.name).decode("utf-8", "replace")
        return ReadProblem(shown, "file name is not valid UTF-8; rename the file")
    readable = _followed(path) if path.is_symlink() else path
    if isinstance(readable, ReadProblem):
        return readable
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer; O_NOFOLLOW: the
        # entry must not have become a link since it was checked.
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(readable, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return ReadProblem(path.name, "symbolic link; not read (it appeared while reading)")
        if error.errno == errno.ENXIO:
            return ReadProblem(path.name, "not a regular file (a socket)")
        return ReadProblem(path.name, f"cannot read: {error.strerror or error}")
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind:
            return ReadProblem(path.name, f"not a regular file ({kind}) although named *.txt")
        if info.st_size > MAX_ARTICLE_BYTES:
            return too_large(path.name, info.st_size)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            data = handle.read(MAX_ARTICLE_BYTES + 1)  # the file may grow after stat
    except OSError as error:
        return ReadProblem(path.name, f"cannot read: {error.strerror or error}")
    finally:
        if fd >= 0:
            os.close(fd)
    return SourceFile(path.name, data)


def analyse_source(
    source: SourceFile | ReadProblem, reference: Reference
) -> tuple[Article | ReadProblem, ArticleFindings | None]:
    """The per-article stages for one file: decode, parse, recognise and extract.

    A file that is no article comes back as a ReadProblem. So does an article
    the extractor fails on: a bug in one article's analysis must not stop the
    other articles from building, and the summary names the file to report.
    """
    if isinstance(source, ReadProblem):
        return source, None
    article = decode(source)
    if isinstance(article, ReadProblem):
        return article, None
    try:
        parsed = parse_article(article, reference)
        if not parsed.title:
            return ReadProblem(article.seed_file, "no headline and no body text"), None
        return article, analyse_article(parsed, reference)
    except Exception as error:  # reported per file: see the docstring
        return (
            ReadProblem(
                article.seed_file,
                f"could not be analysed: {type(error).__name__}: {error} "
                "(a bug in parley: please report it with this file)",
            ),
            None,
        )


# Worker processes keep the reference data in a module global: loaded (or inherited
# through fork) once per process, not sent with every article.
_worker_reference: tuple[Path, Reference] | None = None


def _init_worker(reference_dir: Path) -> None:
    global _worker_reference
    if _worker_reference is None or _worker_reference[0] != reference_dir:
        _worker_reference = (reference_dir, load_reference(reference_dir))


def _analyse_path(path: Path) -> tuple[Article | ReadProblem, ArticleFindings | None]:
    assert _worker_reference is not None, "worker not initialised"
    return analyse_source(load_source(path), _worker_reference[1])


def analyse_again(parsed: ParsedArticle, reference: Reference) -> ArticleFindings:
    """An article `redate` has dated, analysed again with its date: compact findings."""
    return compact(analyse_article(parsed, reference))


def _analyse_again(parsed: ParsedArticle) -> ArticleFindings:
    assert _worker_reference is not None, "worker not initialised"
    return analyse_again(parsed, _worker_reference[1])


AnalyseAgain = Callable[[list[ParsedArticle]], list[ArticleFindings]]
"""`analyse_again` over a batch of articles, in their order, wherever it runs."""


class LocalWorkers:
    """The `--jobs N` processes of a local build: the per-article stages, then the
    articles `redate` analyses again.

    One pool for both, forked before the findings fill this process: a pool forked at
    `redate` would share every page of the findings with it, and copy each one its
    collector touches. Fewer files than two tasks' worth, or `jobs` 1: no pool, all in
    this process.
    """

    def __init__(self, reference: Reference, reference_dir: Path, jobs: int, files: int):
        self.reference = reference
        self._jobs = jobs
        self._pool = None
        if jobs > 1 and files >= 2 * CHUNK_SIZE:
            global _worker_reference
            _worker_reference = (reference_dir, reference)  # inherited as is where workers fork
            self._pool = multiprocessing.Pool(
                jobs, initializer=_init_worker, initargs=(reference_dir,)
            )

    @property
    def processes(self) -> int:
        """Worker processes running: 0 when everything runs in this process."""
        return 0 if self._pool is None else self._jobs

    def __enter__(self) -> LocalWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (as leaving `multiprocessing.Pool`'s `with` does)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.terminate()
            pool.join()

    def analysed(self, paths: list[Path]) -> Iterator[Result]:
        """Per-article results in the order of `paths`, from this process or the pool."""
        if self._pool is None:
            return (analyse_source(load_source(path), self.reference) for path in paths)
        return self._pool.imap(_analyse_path, paths, chunksize=CHUNK_SIZE)

    def analysed_again(self, parsed: list[ParsedArticle]) -> list[ArticleFindings]:
        """`analyse_again` of each article, in order (`AnalyseAgain`)."""
        if self._pool is None or len(parsed) < 2 * CHUNK_SIZE:
            return [analyse_again(article, self.reference) for article in parsed]
        return self._pool.map(_analyse_again, parsed, chunksize=CHUNK_SIZE)


def compact(findings: ArticleFindings) -> ArticleFindings:
    """The same findings without what resolve never reads: memory for 100,000 articles.

    - Repeated mentions of a topic: resolve counts an article's mentions of each
      topic and quotes the first, so every mention becomes a reference to the
      first one (the count is unchanged).
    - The line segments of an article whose date is known: resolve parses
      again only undated articles (with the date it infers for them).

    Together this halves the memory the findings take (see docs/benchmarks.md).
    tests/test_cli.py checks that the output is byte-identical without it.
    """
    firsts: dict[str, TopicMention] = {}
    topics = [firsts.setdefault(t.topic_id, t) for t in findings.topics]
    parsed = findings.parsed
    if not findings.undated:
        parsed = replace(parsed, segments=())
    return replace(findings, parsed=parsed, topics=topics)


def analyse_corpus(
    results: Iterable[tuple[Article | ReadProblem, ArticleFindings | None]],
    on_article: Callable[[], None] = lambda: None,
    texts: SpilledTexts | None = None,
) -> tuple[list[ArticleFindings], list[ReadProblem], list[str]]:
    """Collect per-article results in file-name order, dropping duplicates of earlier files.

    Returns the compact findings of every article, the files skipped and why,
    and warnings (articles read with a fallback encoding). With `texts`, the
    findings of a dated article hold no text, no metadata only its `articles`
    row reads, no source and no topic mentions: they wait in `texts` as the
    article's rows (`parley.spill`); those of an undated article are held as
    lean, and wait in `texts` whole until `redate` reads them.
    """
    findings: list[ArticleFindings] = []
    problems: list[ReadProblem] = []
    warnings: list[str] = []
    duplicates = DuplicateFilter()
    for item, article_findings in results:
        on_article()
        if isinstance(item, ReadProblem):
            problems.append(item)
            continue
        aside = article_findings if isinstance(article_findings, SetAside) else None
        duplicate = duplicates.check(item, aside.text_key if aside else None)
        if duplicate:
            problems.append(duplicate)
            if aside is not None and texts is not None:
                texts.drop(aside.position, aside.rows)  # its rows in the workers' parts
            continue
        warnings += read_warnings(item)
        if aside is not None:  # set aside by a worker: lean already, its rows in part files
            assert texts is not None, "findings set aside elsewhere need the SpilledTexts"
            findings.append(texts.take(aside))
            continue
        assert isinstance(article_findings, ArticleFindings)
        kept = compact(article_findings)
        findings.append(set_aside(kept, texts) if texts is not None else kept)
    return findings, problems, warnings


def _check_out_dir(out_dir: Path, seeds_dir: Path | None) -> None:
    """Refuse an output folder whose replacement would destroy something else.

    The output folder is swapped for a new one holding only the data files
    (and files already beside them), so it must not hold the articles or any
    folder: `--out .` must not wipe a project.
    """
    seeds = seeds_dir.resolve() if seeds_dir is not None else None
    if seeds is not None and (out_dir == seeds or out_dir in seeds.parents):
        raise BuildError(f"{out_dir}: the output folder must not be or contain the articles folder")
    if out_dir == PROJECT_ROOT or out_dir in PROJECT_ROOT.parents or out_dir == Path.home():
        raise BuildError(f"{out_dir}: refusing to replace this folder with the data files")
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError(f"{out_dir}: not a folder")
    if out_dir.is_dir():
        ours = {p.name for p in litter(out_dir, out_dir.name)}  # a build's own temporaries
        folders = sorted(
            p.name
            for p in out_dir.iterdir()
            if p.is_dir() and not p.is_symlink() and p.name not in ours
        )
        if folders:
            raise BuildError(
                f"{out_dir}: holds folders ({', '.join(folders[:3])}); the output folder is "
                "replaced as a whole, so choose one that holds only data files"
            )


@dataclass(frozen=True)
class Inputs:
    """What a build reads before any article: checked first, so that a broken schema or
    reference file stops the build at once, never after the long per-article work."""

    paths: list[Path | str]  # the article files (each read when it is analysed), or URLs
    out_dir: Path
    reference: Reference
    schemas: dict[str, dict]
    metadata: dict


def load_inputs(
    seeds_dir: Path | str, out_dir: Path, reference_dir: Path, engine: Engine | None = None
) -> Inputs:
    """Step 1, load inputs: the article files, the reference data, the Table Schemas.

    `seeds_dir` is a folder, or (for the Dask engine) an fsspec URL whose *.txt
    objects are then listed as URLs.
    """
    from parley.reference import ReferenceDataError

    out_dir = out_dir.resolve()
    if isinstance(seeds_dir, str) and "://" in seeds_dir:
        if engine is None:
            raise BuildError(f"{seeds_dir}: a URL is read by the Dask engine only (--engine dask)")
        listed, folder = engine.list_sources(seeds_dir)
        paths: list[Path | str] = list(listed)
        _check_out_dir(out_dir, folder)  # object storage: no local folder to protect
    else:
        paths = list(article_files(Path(seeds_dir)))
        _check_out_dir(out_dir, Path(seeds_dir))
    try:
        reference = load_reference(reference_dir)
        check_reference(reference_dir)  # the files of the derived columns, before any work
    except ReferenceDataError as error:
        raise BuildError(str(error)) from None
    schemas = load_schemas()
    check_vocabulary(*meeting_enums())  # resolve ranks every kind and status of the schema
    return Inputs(paths, out_dir, reference, schemas, load_package_metadata())


def process(
    findings: list[ArticleFindings],
    reference: Reference,
    reference_dir: Path = REFERENCE_DIR,
    engine: Engine | None = None,
    aside: SpilledTexts | None = None,
    again: AnalyseAgain | None = None,
) -> tuple[dict[str, list[dict]], list[str], list[dict]]:
    """Step 2 (after the per-article stages), process: the articles' findings -> rows.

    Returns the rows of every resource, warnings, and the report of the people
    outside the curated list. `aside`: where the articles whose own rows wait on
    disk were set aside (`parley.spill`): their rows are not made again, and the
    articles `redate` dates are set aside there too. `again`: where `redate` analyses
    those articles again (`LocalWorkers.analysed_again`, an engine's); by default here.

    `findings`, the caller's list, is changed in place as it goes (the people
    unified, then each article `redate` analyses again reduced to what the people
    report and the place warnings read of it), so that the build never holds an
    article's findings twice.
    """
    renaming = people_renaming(findings, reference)
    findings[:] = renaming.apply(findings)
    tables, warnings = resolve_corpus(
        findings, reference, reference_dir, engine, aside, renaming=renaming, again=again
    )
    warnings += unknown_place_warnings(
        [(f.parsed.article.seed_file, f.unknown_places) for f in findings]
    )
    return tables, warnings, unknown_people_report(findings, tables["people"])


def resolve_corpus(
    findings: list[ArticleFindings],
    reference: Reference,
    reference_dir: Path = REFERENCE_DIR,
    engine: Engine | None = None,
    aside: SpilledTexts | None = None,
    renaming: PeopleRenaming | None = None,
    again: AnalyseAgain | None = None,
) -> tuple[dict[str, list[dict]], list[str]]:
    """Meetings across articles, and the rows of every resource (with their warnings).

    Claims are resolved twice: the first meetings date undated articles (where
    other articles pin down a meeting they report), which are then analysed
    again with that date, so that their relative dates ("yesterday") resolve.
    In `findings`, an article analysed again keeps only what `reported` keeps
    (`redate`); `aside` and `again` as for `process`.
    """
    grouping, meetings_of = (
        (engine.group_claims, engine.resolve_meetings)
        if engine
        else (group_claims, resolve_meetings)
    )
    first = grouping((c for f in findings for c in f.claims), reference)
    dated = redate(findings, first, reference, aside, renaming, again)
    del first  # the first groups have dated the undated articles: the meetings are made anew
    meetings = meetings_of(
        (c for f in dated for c in f.claims),
        {f.article_id: f.parsed.published for f in dated},
        reference,
    )
    return package_rows(
        dated, meetings, reference, reference_dir, aside if aside is not None else frozenset()
    )


AGAIN_BATCH = 1_024  # articles `redate` analyses again at a time: their texts are held


def redate(
    findings: list[ArticleFindings],
    groups: list[ClaimGroup],
    reference: Reference,
    aside: SpilledTexts | None = None,
    renaming: PeopleRenaming | None = None,
    again: AnalyseAgain | None = None,
) -> list[ArticleFindings]:
    """The findings, with each undated article that the meetings date analysed again.

    The new findings name people as the first analysis did, so `renaming` (the one
    `process` unified the corpus's people with) renames them the same way: without it
    the article's "Kettleby" would stay apart from the "Zorvan Kettleby" of the article
    that dated it, and make a meeting of their own.

    The articles are analysed again `AGAIN_BATCH` at a time by `again` (in
    worker processes or on a cluster; by default in this process), into compact
    findings as `analyse_corpus` keeps the others; with `aside` those are set
    aside as a dated article's are (`spill.set_aside`: its text and its rows of
    `articles`, `article_sources` and `article_topics` on disk, the findings
    held lean): the article is dated now. In `findings` itself the first
    findings of such an article are replaced by what the people report and the
    place warnings read of them (`reported`), so that they are let go, text
    included. With `aside`, an undated article's findings are held lean and
    wait whole there (`spill.set_aside`): they are taken back to be read, and
    those of an article the meetings do not date have their rows set aside
    then, since nothing changes them any more (`spill.set_rows_aside`).
    """
    if again is None:
        again = lambda batch: [analyse_again(p, reference) for p in batch]  # noqa: E731
    by_article = groups_by_article(groups)
    out = list(findings)
    waiting: list[tuple[int, ParsedArticle]] = []  # (index, the article with its date)

    def analyse_waiting() -> None:
        made = again([parsed for _, parsed in waiting])
        if renaming is not None:
            made = renaming.apply(made)
        for (index, _), new in zip(waiting, made, strict=True):
            out[index] = set_aside(new, aside) if aside is not None else new
        waiting.clear()

    for index, article in enumerate(findings):
        if not article.undated:
            continue
        # With `aside`, the findings held are lean and the whole ones wait there.
        whole = aside.whole(article) if aside is not None else article
        parsed = whole.parsed
        inferred = infer_publication(
            article.article_id, parsed.article.text, by_article.get(article.article_id, [])
        )
        if inferred is not None:
            waiting.append((index, replace(
                parsed,
                published=inferred.interval,
                published_basis="inferred",
                published_note=inferred.note,
            )))  # fmt: skip
            findings[index] = reported(article)
            if len(waiting) >= AGAIN_BATCH:
                analyse_waiting()
        elif aside is not None and whole is not article:
            set_rows_aside(whole, aside)  # its rows are final: aside as a dated article's
    if waiting:
        analyse_waiting()
    return out


def reported(findings: ArticleFindings) -> ArticleFindings:
    """What `process` reads of an article's findings once its rows are made: the people
    report (its file name, people and their first quotes) and the place warnings (the
    places the gazetteer lacks). No text, segments, claims or mentions.

    >>> import datetime as dt
    >>> from parley.records import Article, ParsedArticle
    >>> parsed = ParsedArticle(Article("a.txt", "Lavrov met Blinken.", "ab" * 32), "Lavrov",
    ...     None, None, "unknown", "", None, "", "", "", (), (), 3)
    >>> first = ArticleFindings(parsed, None, [], {}, [], unknown_places=["Xanadu"])
    >>> kept = reported(first)
    >>> kept.parsed.article.seed_file, kept.parsed.article.text, kept.unknown_places
    ('a.txt', '', ['Xanadu'])
    """
    return ArticleFindings(
        lean(findings).parsed,
        findings.day,
        [],
        findings.people,
        [],
        people_quotes=findings.people_quotes,
        unknown_places=findings.unknown_places,
    )


def save_outputs(inputs: Inputs, tables: dict[str, list[dict]], unknown: list[dict]) -> Path:
    """Step 3, save outputs: the package (swapped in whole) and the people report beside it.

    Returns the report's path.
    """
    out_dir = inputs.out_dir
    project_data = out_dir == DEFAULT_DATA.resolve()
    try:
        _write_package(out_dir, tables, project_data, inputs.schemas, inputs.metadata)
    except OSError as error:
        previous = "the previous package is as it was" if out_dir.exists() else "nothing written"
        # Named by the folder the user chose: the temporary beside it means nothing to them.
        raise os_error(error, out_dir, intact=previous) from None
    report = unknown_people_path(out_dir, project_data)
    _write_report(report, unknown)
    return report


def build(
    seeds_dir: Path | str = DEFAULT_SEEDS,
    out_dir: Path = DEFAULT_DATA,
    *,
    progress: Progress | None = None,
    jobs: int = 1,
    reference_dir: Path = REFERENCE_DIR,
    on_stage: Callable[[str], None] | None = None,
    engine: Engine | None = None,
) -> BuildSummary:
    """Build the data package from a folder of articles into `out_dir`.

    Into the project's own `data/`, the descriptor is the project's
    `datapackage.json` with schemas by path; anywhere else, `out_dir` gets a
    self-contained `datapackage.json` with the schemas inline.

    `jobs` processes run the per-article stages; the result does not depend
    on it. With an `engine` (`parley.distributed.DaskEngine`) they run on a
    Dask cluster instead, `seeds_dir` may be an fsspec URL, and the result is
    the same again. `progress` and `on_stage` report what is happening (the
    CLI shows them on a terminal).
    """
    stage = on_stage or (lambda message: None)
    clock = [time.perf_counter()]
    seconds: dict[str, float] = {}

    def lap(step: str) -> None:
        now = time.perf_counter()
        seconds[step] = seconds.get(step, 0.0) + now - clock[0]
        clock[0] = now

    # 1. Load inputs.
    inputs = load_inputs(seeds_dir, out_dir, reference_dir, engine)
    lap("setup")
    # 2. Process: each article on its own (read as it is analysed), then across articles.
    tick = progress(len(inputs.paths)) if progress else (lambda: None)
    with SpilledTexts() as texts:  # the texts and rows of dated articles, until written
        workers = LocalWorkers(
            inputs.reference, reference_dir, max(1, jobs) if engine is None else 1,
            len(inputs.paths),
        )  # fmt: skip
        with workers:
            if engine is not None:
                results = engine.analysed(inputs.paths, reference_dir, tick, texts)
                per_result: Callable[[], None] = lambda: None  # noqa: E731 (ticked as tasks finish)
                again = engine.analysed_again
            else:
                results = workers.analysed(inputs.paths)
                per_result = tick
                again = workers.analysed_again
            findings, problems, warnings_read = analyse_corpus(results, per_result, texts)
            lap("per-article")
            stage(f"Resolving meetings across {len(findings):,} articles")
            tables, warnings, unknown = process(
                findings, inputs.reference, reference_dir, engine, aside=texts, again=again
            )
        del findings  # the rows hold what the output needs; free the per-article records
        restore(tables, texts, inputs.reference)  # what `set_aside` took, read as it is written
        lap("resolve")
        # 3. Save outputs.
        stage("Writing the data package")
        rows = {name: len(tables[name]) for name in RESOURCES}
        report = save_outputs(inputs, tables, unknown)
        lap("write")
    return BuildSummary(
        articles=rows["articles"],
        skipped=problems,
        meetings=rows["meetings"],
        rows=rows,
        warnings=warnings_read + warnings,
        out=inputs.out_dir,
        seconds=seconds,
        unknown_people=len(unknown),
        report=report,
    )


def unknown_people_path(out_dir: Path, project_data: bool) -> Path:
    """Where the report of people outside the curated list goes: never inside the package
    folder (it is no resource). The project's own build writes build/unknown-people.csv;
    `--out X` writes X-reports/unknown-people.csv beside X."""
    if project_data:
        return UNKNOWN_PEOPLE_REPORT
    return out_dir.parent / f"{out_dir.name}-reports" / "unknown-people.csv"


def _write_report(path: Path, rows: list[dict]) -> None:
    """Write the report whole or not at all, as the package's files are (`write_atomic`: a
    locked temporary renamed into place); what a killed run left beside it is removed."""
    text = io.StringIO()
    writer = csv.DictWriter(text, UNKNOWN_PEOPLE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        clean_litter(path.parent, path.name)
        write_atomic(path, text.getvalue().encode("utf-8"))
    except OSError as error:
        raise BuildError(f"{path}: cannot write the people report: {error.strerror}") from None


def _write_package(
    out_dir: Path,
    tables: dict[str, list[dict]],
    project_data: bool,
    schemas: dict[str, dict],
    metadata: dict,
) -> None:
    """Write the CSV files and the descriptor, and swap them in for the previous package.

    Each CSV is written straight into the new folder, and its rows dropped,
    before the next: no file is ever held in memory as a whole. Into the project's
    own data/, the descriptor (schemas by path) is the project's
    datapackage.json, outside the folder. Two paths cannot be replaced in one
    atomic step, so it is written in full to a temporary file before the
    folder swap and renamed right after it: only a kill between those two
    system calls could leave the new data/ beside the old descriptor (whose
    hashes `parley validate` would then reject; the next build repairs it).
    Anywhere else, the folder gets a self-contained datapackage.json.
    """
    descriptor_path = DATAPACKAGE
    renames: list[tuple[Path, Path]] = []  # renamed right after the folder swap
    if project_data:
        clean_litter(descriptor_path.parent, descriptor_path.name)
    with staged_directory(out_dir, also=renames) as staging:
        stats: dict[str, tuple[int, str]] = {}
        for name in RESOURCES:
            stats[name] = write_csv(tables.pop(name), schemas[name], staging / f"{name}.csv")
        package = render_json(
            descriptor(
                {},
                schemas,
                data_prefix="data/" if project_data else "",
                inline_schemas=not project_data,
                metadata=metadata,
                stats=stats,
            )
        )
        if project_data:
            fd, pending = tempfile.mkstemp(
                dir=descriptor_path.parent, prefix=f".{descriptor_path.name}.", suffix=".tmp"
            )
            renames.append((Path(pending), descriptor_path))
            hold(fd)
            os.fchmod(fd, ordinary_mode())  # mkstemp's 0600 would stay after the rename
            with os.fdopen(fd, "wb") as handle:
                handle.write(package)
        else:
            (staging / "datapackage.json").write_bytes(package)
