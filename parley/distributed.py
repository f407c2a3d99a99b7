"""The Dask engine: the per-article stages on a Dask cluster, the rest as locally.

`parley build SOURCE --engine dask` runs read, parse, recognise and extract on
the workers of a Dask cluster (an existing scheduler, or a `LocalCluster`
started for the build), one task per partition of the sorted file list. Each
worker loads the reference data once (`_worker_reference`), reads its own
files (a local path, or an fsspec URL: `file://`, `s3://`, `gs://`, ...) and
writes the partition's findings as Parquet tables into a work folder: one row
per article, per claim, per source mention and per topic (its mention count
and first mention). A task returns only the names of its files.

A worker also sets each dated article aside itself (`parley.spill`, as the
local engine does on its side): its rows of `articles` (with its text),
`article_sources` and `article_topics` go to part files sorted by primary key,
which the one writer merges (`parley.write.Runs`) when it writes those
resources; the client never reads them. The client reads the other tables
back partition by partition, in file-name order, turns the rows into the very
records the local engine holds (`decode_partition`; lean ones, as
`spill.SetAside`, for the articles set aside), and hands them to the same
duplicate filter, resolve and writer (`parley.build`): resolve on the client
holds claims and what it reads of the articles. The output is byte-identical to `--engine local`,
whatever the number of workers and partitions and whatever order tasks finish
in. What runs where and how it grows: docs/scaling.md.

dask[distributed], pyarrow and fsspec are an optional extra
(`pip install 'parley[dask]'`); nothing here is imported by the local engine.

The tables are derived from the records' type hints (`columns`), so a field
added to a record becomes a column without a change here, and a field of a
type the codec does not know fails at once (`arrow_type`), never silently.

>>> import datetime as dt
>>> from parley.records import DateInterval
>>> plain(DateInterval.day(dt.date(2021, 5, 3)), DateInterval)
{'start': datetime.date(2021, 5, 3), 'end': datetime.date(2021, 5, 3)}
>>> typed({"start": dt.date(2021, 5, 3), "end": dt.date(2021, 5, 4)}, DateInterval).days
2
>>> typed([["a", 1]], dict[str, int]), plain({"a": 1}, dict[str, int])
({'a': 1}, [{'key': 'a', 'value': 1}])
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import heapq
import math
import posixpath
import sys
import tempfile
import types
import typing
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from parley.build import (
    ARTICLE_SUFFIX,
    BuildError,
    Result,
    analyse_again,
    analyse_source,
    compact,
    load_source,
)
from parley.extract import ArticleFindings
from parley.package import load_schema
from parley.paths import REFERENCE_DIR
from parley.read import MAX_ARTICLE_BYTES, _normalised_text_key, too_large
from parley.records import (
    Article,
    DateInterval,
    MeetingClaim,
    ParsedArticle,
    ReadProblem,
    SourceFile,
    SourceMention,
    TopicMention,
)
from parley.reference import Reference, load_reference
from parley.resolve import (
    ClaimGroup,
    Meeting,
    _meeting_id,  # the IDs, given again in the corpus's order
    group_claims,
    resolve_meetings,
)
from parley.spill import SPILLED_RESOURCES, SetAside, SpilledTexts, aside_rows, lean
from parley.write import sort_key

INSTALL_HINT = "pip install 'parley[dask]'"


class EngineUnavailable(BuildError):
    """`--engine dask` without its optional packages."""


def require_dask() -> None:
    """Import what the engine needs, or say in one line what to install."""
    try:
        import dask.distributed  # noqa: F401
        import fsspec  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError as error:
        missing = (error.name or "a package").split(".")[0]
        raise EngineUnavailable(
            f"--engine dask needs the optional packages dask[distributed] and pyarrow "
            f"({missing} is not installed): {INSTALL_HINT}"
        ) from None


def is_url(source: str | Path) -> bool:
    """Whether SOURCE names an fsspec URL rather than a local folder.

    >>> is_url("s3://bucket/articles/"), is_url("file:///tmp/a"), is_url("seeds")
    (True, True, False)
    """
    return isinstance(source, str) and "://" in source


def local_folder(url: str) -> Path | None:
    """The local folder a `file://` URL names (for the output-folder checks); else None.

    >>> local_folder("file:///tmp/articles"), local_folder("s3://bucket/a")
    (PosixPath('/tmp/articles'), None)
    """
    if url.startswith("file://"):
        return Path(url[len("file://") :])
    return None


def list_url(url: str) -> list[str]:
    """The *.txt objects under an fsspec URL, in name order, as URLs the workers can open."""
    require_dask()
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as error:
        # An unknown protocol, or one whose filesystem (s3fs, gcsfs) is not installed.
        raise BuildError(f"{url}: cannot open this URL: {error}") from None
    try:
        if not fs.isdir(root):
            raise BuildError(f"{url}: no such folder")
        entries = fs.ls(root, detail=True)
    except OSError as error:
        raise BuildError(f"{url}: cannot list the folder: {error}") from None
    named = []
    for entry in entries:
        name = posixpath.basename(entry["name"].rstrip("/"))
        if PurePosixPath(name).suffix.lower() == ARTICLE_SUFFIX:
            named.append((name, fs.unstrip_protocol(entry["name"].rstrip("/"))))
    return [location for _, location in sorted(named)]


def load_url(url: str) -> SourceFile | ReadProblem:
    """The bytes of one object through fsspec, or why not; never more than the size limit."""
    import fsspec

    fs, path = fsspec.core.url_to_fs(url)
    name = posixpath.basename(path.rstrip("/"))
    try:
        info = fs.info(path)
        if info.get("type") == "directory":
            return ReadProblem(name, "not a regular file (a folder) although named *.txt")
        size = info.get("size")
        if size is not None and size > MAX_ARTICLE_BYTES:
            return too_large(name, size)
        with fs.open(path, "rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)  # the object may have grown
    except OSError as error:
        return ReadProblem(name, f"cannot read: {getattr(error, 'strerror', None) or error}")
    return SourceFile(name, data)


# ------------------------------------------------------------------ records <-> rows


@functools.cache
def _hints(cls: type) -> dict[str, object]:
    """A record's fields and their types (cached: asked for every row read back)."""
    return typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))


def _optional(hint: object) -> object | None:
    """X for `X | None`, else None."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0]
        raise TypeError(f"no column type for the union {hint}")
    return None


@functools.cache
def arrow_type(hint: object):
    """The Arrow type of a record field's type hint (a TypeError for one it does not know)."""
    import pyarrow as pa

    inner = _optional(hint)
    if inner is not None:
        return arrow_type(inner)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is str:
        return pa.string()
    if hint is bool:
        return pa.bool_()
    if hint is int:
        return pa.int64()
    if hint is dt.date:
        return pa.date32()
    if origin in (list, tuple) and (origin is list or args[1:] == (Ellipsis,)):
        return pa.list_(arrow_type(args[0]))
    if origin is dict:
        return pa.list_(pa.struct([("key", arrow_type(args[0])), ("value", arrow_type(args[1]))]))
    if dataclasses.is_dataclass(hint):
        return pa.struct([(name, arrow_type(h)) for name, h in _hints(hint).items()])
    raise TypeError(f"no column type for {hint}")


def plain(value: object, hint: object) -> object:
    """A record value as plain Python that Arrow stores in a column of `arrow_type(hint)`."""
    if value is None:
        return None
    inner = _optional(hint)
    if inner is not None:
        return plain(value, inner)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (list, tuple):
        return [plain(v, args[0]) for v in value]
    if origin is dict:
        return [{"key": plain(k, args[0]), "value": plain(v, args[1])} for k, v in value.items()]
    if dataclasses.is_dataclass(hint):
        return {name: plain(getattr(value, name), h) for name, h in _hints(hint).items()}
    return value


def typed(value: object, hint: object) -> object:
    """The record value back from its plain form (`plain`'s inverse)."""
    if value is None:
        return None
    inner = _optional(hint)
    if inner is not None:
        return typed(value, inner)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list:
        return [typed(v, args[0]) for v in value]
    if origin is tuple:
        return tuple(typed(v, args[0]) for v in value)
    if origin is dict:
        pairs = (p.values() if isinstance(p, dict) else p for p in value)
        return {typed(k, args[0]): typed(v, args[1]) for k, v in pairs}
    if dataclasses.is_dataclass(hint):
        return hint(**{name: typed(value[name], h) for name, h in _hints(hint).items()})
    return value


# Which record fields go to which table. An article row holds the fields of the Article,
# of its ParsedArticle and of its ArticleFindings, except those kept in their own tables
# (claims, sources, topics) and the links between the three records.
_ARTICLE_PARTS: tuple[tuple[type, tuple[str, ...]], ...] = (
    (Article, ()),
    (ParsedArticle, ("article", "sources")),
    (ArticleFindings, ("parsed", "claims", "topics")),
)
_KEY = (("position", int),)  # the file's place in name order: the one global order
# Of an article a worker set aside (its rows in part files, `parley.spill.SetAside`): the
# duplicate filter's hash of its text, its rows per resource, the outlets it names.
_ASIDE = (("text_key", str | None), ("aside", list[int] | None), ("outlets", list[str] | None))
_OWN = {
    "articles": (_KEY + _ASIDE, _ARTICLE_PARTS),
    "claims": (_KEY + (("ordinal", int),), ((MeetingClaim, ()),)),
    "sources": (_KEY + (("ordinal", int),), ((SourceMention, ()),)),
    # One row per topic of an article: its first mention, and where in the article's
    # list of mentions it stands (`compact` has made every mention the first one).
    "topics": (_KEY + (("ordinals", list[int]),), ((TopicMention, ()),)),
    "problems": (_KEY, ((ReadProblem, ()),)),
}
TABLES = tuple(_OWN)


@functools.cache
def columns(table: str) -> tuple[tuple[str, object], ...]:
    """The columns of one table and their type hints, from the records' fields."""
    keys, parts = _OWN[table]
    found = list(keys)
    for cls, skipped in parts:
        found += [(n, h) for n, h in _hints(cls).items() if n not in skipped]
    names = [n for n, _ in found]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:  # two records gained a field of the same name: give it a table prefix
        raise TypeError(f"table {table}: two columns named {', '.join(duplicated)}")
    return tuple(found)


@functools.cache
def schema(table: str):
    import pyarrow as pa

    return pa.schema([(name, arrow_type(hint)) for name, hint in columns(table)])


def _row(table: str, values: dict[str, object]) -> dict[str, object]:
    return {name: plain(values[name], hint) for name, hint in columns(table)}


def _fields(obj: object) -> dict[str, object]:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def encode_result(
    position: int,
    result: Result,
    rows: dict[str, list[dict]],
    aside: dict[str, object] | None = None,
) -> None:
    """Add the rows of one file's result (its compact findings) to the partition's tables.

    `aside`: the `_ASIDE` columns of an article whose findings are lean, set aside
    by this worker (`analyse_partition`).
    """
    item, findings = result
    if isinstance(item, ReadProblem):
        rows["problems"].append(_row("problems", {"position": position, **_fields(item)}))
        return
    assert isinstance(findings, ArticleFindings)
    parsed = findings.parsed
    values = {"position": position, **_fields(parsed.article), **_fields(parsed)}
    values.update(_fields(findings))
    values.update(aside or dict.fromkeys(name for name, _ in _ASIDE))
    rows["articles"].append(_row("articles", values))
    for ordinal, claim in enumerate(findings.claims):
        values = {"position": position, "ordinal": ordinal, **_fields(claim)}
        rows["claims"].append(_row("claims", values))
    for ordinal, mention in enumerate(parsed.sources):
        values = {"position": position, "ordinal": ordinal, **_fields(mention)}
        rows["sources"].append(_row("sources", values))
    ordinals: dict[str, list[int]] = {}
    firsts: dict[str, TopicMention] = {}
    for ordinal, topic in enumerate(findings.topics):
        firsts.setdefault(topic.topic_id, topic)
        ordinals.setdefault(topic.topic_id, []).append(ordinal)
    for topic_id, first in firsts.items():
        values = {"position": position, "ordinals": ordinals[topic_id], **_fields(first)}
        rows["topics"].append(_row("topics", values))


def _record(cls: type, row: dict, **given: object) -> object:
    values = {n: typed(row[n], h) for n, h in _hints(cls).items() if n not in given}
    return cls(**values, **given)


def decode_partition(tables: dict[str, list[dict]]) -> Iterator[tuple[int, Result]]:
    """The results of one partition's files back from their rows, in file-name order."""
    by_position: dict[str, dict[int, list[dict]]] = {}
    for table in ("claims", "sources", "topics"):
        grouped: dict[int, list[dict]] = {}
        for row in tables[table]:
            grouped.setdefault(row["position"], []).append(row)
        by_position[table] = grouped
    results: list[tuple[int, Result]] = []
    for row in tables["problems"]:
        results.append((row["position"], (_record(ReadProblem, row), None)))
    for row in tables["articles"]:
        position = row["position"]
        article = _record(Article, row)
        claim_rows = sorted(by_position["claims"].get(position, []), key=lambda r: r["ordinal"])
        source_rows = sorted(by_position["sources"].get(position, []), key=lambda r: r["ordinal"])
        sources = tuple(_record(SourceMention, r) for r in source_rows)
        parsed = _record(ParsedArticle, row, article=article, sources=sources)
        topic_rows = by_position["topics"].get(position, [])
        topics: list[TopicMention | None] = [None] * sum(len(r["ordinals"]) for r in topic_rows)
        for topic_row in topic_rows:
            mention = _record(TopicMention, topic_row)
            for ordinal in topic_row["ordinals"]:
                topics[ordinal] = mention
        claims = [_record(MeetingClaim, r) for r in claim_rows]
        findings = _record(ArticleFindings, row, parsed=parsed, claims=claims, topics=topics)
        if row["aside"] is None:
            results.append((position, (article, findings)))
        else:
            aside = SetAside(
                findings, row["text_key"], position, tuple(row["aside"]), tuple(row["outlets"])
            )
            results.append((position, (article, aside)))
    results.sort(key=lambda pair: pair[0])
    yield from results


# ------------------------------------------------------------------ on the workers


def reference_fingerprint(reference_dir: Path) -> str:
    """A hash of every file of the reference folder: workers must use the client's data."""
    digest = hashlib.sha256()
    for path in sorted(p for p in reference_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(reference_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# Per worker process: the reference data, loaded by the first task and kept for the others.
_references: dict[tuple[str, str], Reference] = {}


def _worker_reference(reference_dir: str, fingerprint: str) -> Reference:
    key = (reference_dir, fingerprint)
    if key not in _references:
        folder = Path(reference_dir)
        if not folder.is_dir():  # a remote worker: its own installed copy, if it is the same
            folder = REFERENCE_DIR
        if reference_fingerprint(folder) != fingerprint:
            raise RuntimeError(
                f"the reference data at {folder} on this worker differs from the client's "
                "(install the same version of parley and reference/ on every worker)"
            )
        _references[key] = load_reference(folder)
    return _references[key]


# Arrow types of the Table Schema types of the resources a worker writes rows of.
_CELL_TYPES = {"string": "string", "integer": "int64", "date": "date32", "boolean": "bool_",
               "number": "float64"}  # fmt: skip
PART_ROWS = 64  # rows per row group of a part file
# Rows the writer reads of a part file at a time: it reads every part of a resource at
# once, so this many rows (with their texts, for `articles`) per part are held.
PART_BATCH = 16


@functools.cache
def part_schema(resource: str):
    """The Arrow schema of a part file of a resource's rows: the file's position, then
    the resource's columns as its Table Schema types them."""
    import pyarrow as pa

    fields = [("position", pa.int64())]
    for field in load_schema(resource)["fields"]:
        if field["type"] not in _CELL_TYPES:
            raise TypeError(f"{resource}.{field['name']}: no column type for {field['type']}")
        fields.append((field["name"], getattr(pa, _CELL_TYPES[field["type"]])()))
    return pa.schema(fields)


def write_part(resource: str, rows: list[dict], url: str) -> None:
    """Write a part file of a resource's rows, sorted as the writer sorts them."""
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows.sort(key=sort_key(load_schema(resource)))
    table = pa.Table.from_pylist(rows, schema=part_schema(resource))
    with fsspec.open(url, "wb") as handle:
        pq.write_table(table, handle, row_group_size=PART_ROWS)


def read_part(url: str) -> Iterator[dict]:
    """The rows of a part file, in its order, `PART_BATCH` rows at a time."""
    import fsspec
    import pyarrow.parquet as pq

    try:
        with fsspec.open(url, "rb") as handle:
            for batch in pq.ParquetFile(handle).iter_batches(batch_size=PART_BATCH):
                yield from batch.to_pylist()
    except FileNotFoundError:
        raise BuildError(
            f"{url}: a part file of the Dask run is gone before it was written"
        ) from None


def analyse_partition(
    index: int,
    items: list[tuple[int, str]],
    reference_dir: str,
    fingerprint: str,
    work_url: str,
    aside: bool = False,
) -> dict:
    """One task: analyse a partition's files and write its tables; returns their URLs.

    With `aside`, each dated article is set aside here (`parley.spill`): its
    rows of `articles` (with its text), `article_sources` and `article_topics`
    go to part files, one per resource, sorted by primary key, and its findings
    to the tables lean (`spill.lean`); the client never reads those rows, the
    writer merges the part files. Every attempt writes files of its own name,
    and the client reads the files the finished attempt names: an attempt lost
    with a killed worker can leave files behind, never mix them into the result.
    """
    import fsspec
    import pyarrow as pa
    import pyarrow.parquet as pq

    reference = _worker_reference(reference_dir, fingerprint)
    rows: dict[str, list[dict]] = {table: [] for table in TABLES}
    parts: dict[str, list[dict]] = {resource: [] for resource in SPILLED_RESOURCES}
    for position, location in items:
        source = load_url(location) if is_url(location) else load_source(Path(location))
        item, findings = analyse_source(source, reference)
        kept = compact(findings) if findings else None
        columns = None
        if aside and kept is not None and not kept.undated:
            made = aside_rows(kept)
            for resource, resource_rows in made.items():
                parts[resource] += [{"position": position, **row} for row in resource_rows]
            columns = {
                "text_key": _normalised_text_key(kept.parsed.article.text),
                "aside": [len(made[resource]) for resource in SPILLED_RESOURCES],
                "outlets": sorted({m.source_id for m in kept.parsed.sources}),
            }
            kept = lean(kept)
        encode_result(position, (item, kept), rows, columns)
    attempt = uuid.uuid4().hex[:12]
    files = {}
    for table in TABLES:
        url = f"{work_url.rstrip('/')}/part-{index:06d}-{attempt}.{table}.parquet"
        with fsspec.open(url, "wb") as handle:
            pq.write_table(pa.Table.from_pylist(rows[table], schema=schema(table)), handle)
        files[table] = url
    written = {}
    for resource, resource_rows in parts.items():
        if resource_rows:
            url = f"{work_url.rstrip('/')}/part-{index:06d}-{attempt}.{resource}.rows.parquet"
            write_part(resource, resource_rows, url)
            written[resource] = url
    counts = {resource: len(resource_rows) for resource, resource_rows in parts.items()}
    return {"index": index, "files": files, "count": len(items), "parts": written,
            "rows": counts}  # fmt: skip


def again_partition(
    index: int, articles: list[ParsedArticle], reference_dir: str, fingerprint: str
) -> tuple[int, list[ArticleFindings]]:
    """One task: `build.analyse_again` over articles `redate` has dated, in their order.

    The findings travel back whole: the client sets each aside as it takes it
    (`spill.set_aside`), and a batch is a few thousand articles at most
    (`build.AGAIN_BATCH`)."""
    reference = _worker_reference(reference_dir, fingerprint)
    return index, [analyse_again(article, reference) for article in articles]


# Resolve on the workers. A claim joins only a meeting of exactly its participants
# (`ClaimGroup.accepts`, after `unify_people` has renamed them across the corpus), so
# the claims of one participant set never need to see another's: a partition holds
# whole participant sets, each claim in the corpus's order, and `group_claims` /
# `resolve_meetings` run on it unchanged. What crosses partitions is put together on
# the client: the order groups are made in, the order of the meetings and their IDs.


def claim_order(index: int, claim: MeetingClaim) -> tuple:
    """Where `group_claims` takes the claim (`index`: its place in the corpus's order).

    Dated claims first, sharpest first, then undated ones: a group is made by
    its first claim, so this orders the groups of every partition as one
    `group_claims` over the whole corpus makes them. Mirrors the sort in
    `parley.resolve.group_claims` (tests/test_distributed.py checks the two agree).
    """
    interval = claim.interval
    if interval is not None:
        return (0, interval.days, interval.start.toordinal(), claim.article_id,
                claim.evidence.start, index)  # fmt: skip
    return (1, 0, 0, claim.article_id, claim.evidence.start, index)


def group_partition(
    items: list[tuple[int, MeetingClaim]], reference_dir: str, fingerprint: str
) -> list[tuple[tuple, tuple[int, ...]]]:
    """One task: `group_claims` over a partition's claims. Each group comes back as its
    place in the corpus-wide order (`claim_order` of the claim that made it) and the
    corpus positions of its claims, in the order they joined: the client holds the
    claims already, so none travels back."""
    reference = _worker_reference(reference_dir, fingerprint)
    index = {id(claim): position for position, claim in items}
    groups = group_claims((claim for _, claim in items), reference)
    return [
        (
            claim_order(index[id(group.claims[0])], group.claims[0]),
            tuple(index[id(claim)] for claim in group.claims),
        )
        for group in groups
    ]


def meetings_partition(
    items: list[tuple[int, MeetingClaim]],
    published: dict[str, DateInterval | None],
    reference_dir: str,
    fingerprint: str,
) -> list[Meeting]:
    """One task: `resolve_meetings` over a partition's claims (sorted by participants).

    A meeting comes back with the corpus positions of its claims in place of the
    claims (`with_claims` puts the client's own back).
    """
    reference = _worker_reference(reference_dir, fingerprint)
    index = {id(claim): position for position, claim in items}
    meetings = resolve_meetings((claim for _, claim in items), published, reference)
    return [
        dataclasses.replace(m, claims=tuple(index[id(c)] for c in m.claims))  # type: ignore[misc]
        for m in meetings
    ]


def with_claims(meeting: Meeting, claims: list[MeetingClaim]) -> Meeting:
    """A meeting from `meetings_partition` with its claims, by position in `claims`."""
    return dataclasses.replace(meeting, claims=tuple(claims[i] for i in meeting.claims))  # type: ignore[call-overload]


def partition_of(participants: tuple[str, ...], partitions: int) -> int:
    """The resolve partition of a participant set: a stable hash, the same in every run.

    >>> partition_of(("a", "b"), 1), partition_of(("a", "b"), 8) == partition_of(("a", "b"), 8)
    (0, True)
    """
    digest = hashlib.sha256("\0".join(participants).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % partitions


def resolve_partitions(claims: int, workers: int, wanted: int | None = None) -> int:
    """How many resolve tasks: about 4 per worker, but no fewer than 2,000 claims each.

    >>> resolve_partitions(100, 2), resolve_partitions(300000, 2), resolve_partitions(10, 2, 5)
    (1, 8, 5)
    """
    if wanted:
        return wanted
    return max(1, min(4 * max(1, workers), claims // 2000))


def combine_meetings(parts: list[list[Meeting]]) -> list[Meeting]:
    """The meetings of every partition in `resolve_meetings`' order, with its IDs.

    `resolve_meetings` sorts by participants first, and a participant set lies
    in one partition, so merging the sorted partitions by participants gives
    its order. IDs are content hashes, but the second of two equal ones takes a
    longer hash: they are given again here in that order, by the same function,
    so that two participant sets in different partitions behave as locally.
    """
    taken: set[str] = set()
    merged = heapq.merge(*parts, key=lambda meeting: meeting.participants)
    return [dataclasses.replace(m, meeting_id=_meeting_id(m, taken)) for m in merged]  # type: ignore[arg-type]


# ------------------------------------------------------------------ on the client


@dataclass(frozen=True)
class DaskOptions:
    """How to run the per-article stages and resolve on Dask."""

    scheduler: str | None = None  # tcp://host:8786; None: a LocalCluster of `workers`
    workers: int = 2
    partition_size: int | None = None  # files per task; None: about 8 tasks per worker
    work_dir: str | None = None  # folder or fsspec URL for the tables; None: a local temporary
    connect_timeout: float = 10.0  # seconds to reach the scheduler before giving up
    resolve_partitions: int | None = None  # resolve tasks; None: `resolve_partitions`


def partition_size(files: int, workers: int, wanted: int | None = None) -> int:
    """Files per task: about 8 tasks per worker (a lost task costs little), 10-1,000 files.

    >>> partition_size(2000, 2), partition_size(100000, 2), partition_size(5, 2), partition_size(5, 2, 1)
    (125, 1000, 10, 1)
    """
    if wanted:
        return wanted
    return max(10, min(1000, math.ceil(files / (8 * max(1, workers)))))


def connect_scheduler(address: str, timeout: float):
    """A client of the scheduler at `address`, or one line saying why not, within `timeout`."""
    from dask.distributed import Client

    seconds = f"{timeout:g} s"
    try:
        return Client(address, timeout=seconds)
    except ValueError as error:  # no scheme, an unknown scheme, no port
        raise BuildError(
            f"{address}: not a Dask scheduler address ({error}); give one like tcp://host:8786"
        ) from None
    except (OSError, TimeoutError):
        raise BuildError(
            f"{address}: cannot connect to the Dask scheduler within {seconds} "
            "(is it running, and is the address right?)"
        ) from None


class DaskEngine:
    """The engine `parley.build.build` runs the per-article stages and resolve with
    (`--engine dask`).

    Made before any work, so that missing packages are one line at once. It
    connects on first use and keeps the connection (and a LocalCluster it
    started) until the meetings are resolved, the last step it runs, or `close`.
    """

    def __init__(
        self, options: DaskOptions | None = None, say: Callable[[str], None] | None = None
    ) -> None:
        require_dask()
        self.options = options or DaskOptions()
        self.say = say or (lambda message: None)
        self._client = None
        self._cluster = None
        self._reference: tuple[str, str] | None = None  # (folder, fingerprint) for workers

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the scheduler, and stop the LocalCluster if this engine started it."""
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def client(self):
        """The client of the cluster, connecting (or starting a LocalCluster) the first time."""
        if self._client is not None:
            return self._client
        options = self.options
        if options.scheduler:
            self._client = connect_scheduler(options.scheduler, options.connect_timeout)
            self.say(f"Dask scheduler {options.scheduler}, dashboard {self._client.dashboard_link}")
            return self._client
        import logging

        from dask.distributed import Client, LocalCluster

        self._cluster = LocalCluster(
            n_workers=max(1, options.workers),
            threads_per_worker=1,  # the stages are pure Python: processes, not threads
            processes=True,
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        )
        self._client = Client(self._cluster)
        self.say(
            f"Dask LocalCluster of {len(self._cluster.workers)} worker processes, "
            f"dashboard {self._client.dashboard_link}"
        )
        return self._client

    def workers(self) -> int:
        return len(self.client().scheduler_info().get("workers", {})) or self.options.workers

    def list_sources(self, url: str) -> tuple[list[str], Path | None]:
        return list_url(url), local_folder(url)

    def analysed(
        self,
        sources: list[Path | str],
        reference_dir: Path,
        tick: Callable[[], None],
        texts: SpilledTexts | None = None,
    ) -> Iterator[Result]:
        """Per-file results in the order of `sources`, computed on the cluster.

        `tick` is called once per file as the tasks finish. The tables are read
        back one partition at a time, and their folder removed afterwards. With
        `texts`, the workers set dated articles aside (`analyse_partition`):
        those come back as `SetAside`, their rows in part files that `texts`
        reads when the writer reaches them, and the folder is removed when
        `texts` is closed.
        """
        import fsspec

        self._reference = (str(reference_dir), reference_fingerprint(reference_dir))
        client = self.client()  # before the work folder: an unreachable scheduler leaves nothing
        base = self.options.work_dir or tempfile.gettempdir()
        work_url = f"{base.rstrip('/')}/parley-dask-{uuid.uuid4().hex[:12]}"
        fs, work_path = fsspec.core.url_to_fs(work_url)
        fs.makedirs(work_path, exist_ok=True)

        def remove() -> None:
            if fs.exists(work_path):
                fs.rm(work_path, recursive=True)

        if texts is not None:
            texts.on_close(remove)  # the part files are read when the package is written
        try:
            results = self._analyse(client, sources, work_url, tick, texts is not None)
            yield from _read_back(results, work_url, texts)
        except BaseException:
            self.close()
            raise
        finally:
            if texts is None:
                remove()

    def _analyse(
        self,
        client,
        sources: list[Path | str],
        work_url: str,
        tick: Callable[[], None],
        aside: bool = False,
    ) -> list[dict]:
        size = partition_size(len(sources), self.workers(), self.options.partition_size)
        located = [(i, str(s)) for i, s in enumerate(sources)]
        chunks = [
            (index, located[start : start + size])
            for index, start in enumerate(range(0, len(located), size))
        ]
        results = []
        for result in self._map(client, "analyse", analyse_partition, chunks, work_url, aside):
            results.append(result)
            for _ in range(result["count"]):
                tick()
        return sorted(results, key=lambda r: r["index"])

    def _map(self, client, name: str, function: Callable, parts: list, *args: object):
        """Run `function(*part, reference_dir, fingerprint, *args)` for each part, as tasks;
        yield the results as they finish. Arguments travel with the tasks (not scattered), so a
        task lost with a killed worker can run again elsewhere."""
        import warnings

        from dask.distributed import as_completed

        if self._reference is None:  # resolve without `analysed` first: the installed data
            self._reference = (str(REFERENCE_DIR), reference_fingerprint(REFERENCE_DIR))
        token = uuid.uuid4().hex[:8]
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*[Ll]arge .*")  # a big partition is fine
            futures = [
                client.submit(
                    function,
                    *part,
                    *self._reference,
                    *args,
                    key=f"parley-{name}-{token}-{index:06d}",
                    pure=False,
                )
                for index, part in enumerate(parts)
            ]
        try:
            # On this client's loop: by default `as_completed` takes the loop of the current
            # client, which may be another one (a caller's `with Client(...)`), and a future
            # lost with a worker is then awaited from two loops ("bound to a different event
            # loop", the intermittent failure of the killed-worker test).
            for future in as_completed(futures, loop=client.loop):
                yield future.result()
        except Exception as error:
            client.cancel(futures)
            if isinstance(error, BuildError):
                raise
            raise BuildError(f"the Dask run failed: {type(error).__name__}: {error}") from None

    def _partitions(self, claims: list[MeetingClaim]) -> list[list[tuple[int, MeetingClaim]]]:
        """The claims by participant set, each in the corpus's order, with its position."""
        count = resolve_partitions(len(claims), self.workers(), self.options.resolve_partitions)
        parts: list[list[tuple[int, MeetingClaim]]] = [[] for _ in range(count)]
        for position, claim in enumerate(claims):
            parts[partition_of(claim.participants, count)].append((position, claim))
        return [part for part in parts if part]

    def group_claims(
        self, claims: Iterable[MeetingClaim], reference: Reference
    ) -> list[ClaimGroup]:
        """`parley.resolve.group_claims` on the cluster: the same groups in the same order."""
        claims = list(claims)
        client = self.client()
        parts = [(part,) for part in self._partitions(claims)]
        found = []
        try:
            for result in self._map(client, "group", group_partition, parts):
                found += result
        except BaseException:
            self.close()
            raise
        found.sort(key=lambda pair: pair[0])
        # Made again from the client's claims, added in the order they joined on the worker:
        # a group is what its claims are, in that order (`ClaimGroup.add`).
        return [ClaimGroup(claims[i] for i in positions) for _, positions in found]

    def analysed_again(self, articles: list[ParsedArticle]) -> list[ArticleFindings]:
        """`build.analyse_again` of each article on the cluster, in order
        (`build.AnalyseAgain`): the articles `redate` dates, a batch at a time."""
        if not articles:
            return []
        client = self.client()
        size = partition_size(len(articles), self.workers(), self.options.partition_size)
        parts = [
            (index, articles[start : start + size])
            for index, start in enumerate(range(0, len(articles), size))
        ]
        found: dict[int, list[ArticleFindings]] = {}
        try:
            for index, made in self._map(client, "again", again_partition, parts):
                found[index] = made
        except BaseException:
            self.close()
            raise
        return [findings for index in sorted(found) for findings in found[index]]

    def resolve_meetings(
        self,
        claims: Iterable[MeetingClaim],
        published: Mapping[str, DateInterval | None],
        reference: Reference,
    ) -> list[Meeting]:
        """`parley.resolve.resolve_meetings` on the cluster: the same meetings, in the same
        order, with the same IDs. The last step on the cluster: the engine lets it go."""
        claims = list(claims)
        try:
            client = self.client()
            parts = []
            for part in self._partitions(claims):
                mine = {c.article_id: published[c.article_id] for _, c in part}
                parts.append((part, mine))
            results = list(self._map(client, "meetings", meetings_partition, parts))
        finally:
            self.close()
        # As they finished; each is sorted: merge them (`combine_meetings`) whatever the order.
        return combine_meetings([[with_claims(m, claims) for m in part] for part in results])


def _read_back(
    results: list[dict], work_url: str, texts: SpilledTexts | None = None
) -> Iterator[Result]:
    """The partitions' results, one partition at a time, in file-name order, so one
    partition's records are held at a time; the part files of the rows the workers set
    aside are handed to `texts`, unread."""
    import fsspec
    import pyarrow.parquet as pq

    for result in results:
        if texts is not None:
            parts = {resource: [url] for resource, url in result["parts"].items()}
            texts.add_parts(parts, result["rows"], read_part)
        tables = {}
        for table, url in result["files"].items():
            try:
                with fsspec.open(url, "rb") as handle:
                    tables[table] = pq.read_table(handle).to_pylist()
            except FileNotFoundError:
                raise BuildError(
                    f"{url}: a worker wrote this table but it is not there: the work folder "
                    f"({work_url}) must be one the workers and this machine share (--work-dir)"
                ) from None
        yield from (pair for _, pair in decode_partition(tables))
