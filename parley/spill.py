"""What the build sets aside on disk while it holds every article's findings.

The build keeps the compact findings of every article until the rows are
written (resolve needs them all at once: docs/scaling.md). Resolve reads an
article's claims, people and dates; its text, its metadata (title, dateline,
the note on its date), its source mentions and its topic mentions are needed
again only for its rows of `articles`, `article_sources` and `article_topics`,
unless its date is unknown (resolve then dates it from its meetings and
analyses the text again). Those rows are final as soon as a dated article is
collected: `unify_people` renames people, whom none of them names, and
`build.redate` analyses undated articles only. So `build.analyse_corpus` sets
aside, for each dated article (`set_aside`), its text and the three
resources' rows (`rows.article_rows` without the text,
`rows.article_source_rows`, `rows.article_topic_rows`) in `SpilledTexts`, and
keeps findings that make none of them; `restore` gives them back to the
tables as the writer reaches them: a text when its `articles` row is written
(`TextRow`), a resource's rows when it is (`SpilledTable`). An undated
article's findings wait there whole (`SpilledTexts.hold`: only `build.redate`
reads its text and segments) while the build keeps them lean; `build.redate`
takes them back one at a time and sets aside, in the same way, the findings
of its new analysis if the meetings date it, or the rows of the first if
they do not (`set_rows_aside`). Both engines do it, in the same place: the
local one and the Dask client hold the same records.

>>> import datetime as dt
>>> from parley.records import Article, ParsedArticle
>>> from parley.extract import ArticleFindings
>>> parsed = ParsedArticle(Article("a.txt", "Lavrov met Blinken.", "ab" * 32), "Lavrov met Blinken",
...     None, None, "unknown", "", None, "", "", "", (), (), 3)
>>> dated = ArticleFindings(parsed, dt.date(2021, 5, 3), [], {}, [])
>>> with SpilledTexts() as texts:
...     lean = set_aside(dated, texts)
...     [row] = texts.rows("articles")
...     (lean.parsed.article.text, lean.parsed.title, lean.article_id in texts,
...      row["title"], TextRow(row, texts)["text"])
('', '', True, 'Lavrov met Blinken', 'Lavrov met Blinken.')
>>> undated = ArticleFindings(parsed, None, [], {}, [])
>>> with SpilledTexts() as texts:
...     held = set_aside(undated, texts)
...     whole = texts.whole(held)
...     held.parsed.article.text, undated.article_id in texts, whole == undated, texts.whole(held) is held
('', False, True, True)
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from parley.rows import article_rows, article_source_rows, article_topic_rows, outlet_rows
from parley.write import Runs, SpilledRows

if TYPE_CHECKING:
    from parley.extract import ArticleFindings
    from parley.reference import Reference

# The resources whose rows a dated article makes, set aside until written: its own row
# (without its text, which waits in a file of its own) and those of its mentions.
SPILLED_RESOURCES = ("articles", "article_sources", "article_topics")

PartReader = Callable[[str], Iterable[dict]]
"""Reads the rows of a part file, in its order, each with the `position` of its file."""


@dataclass(frozen=True, slots=True)
class SetAside:
    """A dated article that a Dask worker set aside itself: its findings are lean already
    (`lean`), its text and rows wait in the worker's part files (`SpilledTexts.add_parts`).

    What the client needs of the rest: the hash the duplicate filter compares
    (`text_key`, the text is not here), the file's `position` and how many rows
    of each of `SPILLED_RESOURCES` it made (a duplicate's are dropped), and the
    outlets its mentions name (`sources` holds a row for each).
    """

    findings: ArticleFindings
    text_key: str
    position: int
    rows: tuple[int, ...]
    outlets: tuple[str, ...]


class SpilledTexts:
    """Article texts, and the rows dated articles make, set aside in anonymous temporary
    files, not in memory.

    Each text is appended to a file as its article's findings are collected,
    and read again, one at a time, as the writer reaches its row. The rows of
    a resource (`put_rows`) go to a file of their own, one JSON line each, and
    are read again, in the order they were put, when the writer reaches that
    resource (`rows`). An undated article's findings are kept in the first
    file too, pickled whole (`hold`), until `whole` takes them back once. The
    files have no name: they are gone when closed or when the process ends,
    however it ends.

    >>> texts = SpilledTexts()
    >>> texts.put("a-1", "Lavrov met Blinken.")
    >>> texts.put("a-1", "a later copy is not kept")
    >>> texts.get("a-1"), "a-1" in texts, "a-2" in texts
    ('Lavrov met Blinken.', True, False)
    >>> texts.put_rows("article_topics", [{"article_id": "a-1", "mentions": 2}])
    >>> texts.cite(["reuters"])
    >>> list(texts.rows("article_topics")), len(texts.rows("article_sources")), texts.cited
    ([{'article_id': 'a-1', 'mentions': 2}], 0, {'reuters'})
    >>> texts.close()

    The Dask workers set dated articles aside themselves, in part files of the
    three resources' rows, each sorted by primary key (`add_parts`): the writer
    merges them (`write.Runs`) without the client ever holding their rows.

    >>> parts = {"p1": [{"position": 0, "n": 1}, {"position": 2, "n": 3}], "p2": [{"position": 1, "n": 2}]}
    >>> texts = SpilledTexts()
    >>> texts.add_parts({"article_topics": ["p1", "p2"]}, {"article_topics": 3}, parts.get)
    >>> texts.drop(2, (0, 0, 1))
    >>> [list(run) for run in texts.runs("article_topics")], texts.count("article_topics")
    ([[{'n': 1}], [{'n': 2}]], 2)
    >>> texts.close()
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (kept open until `close`)
        self._where: dict[str, tuple[int, int]] = {}  # article ID -> (offset, length)
        self._held: dict[str, tuple[int, int]] = {}  # the same, of undated findings (`hold`)
        self._end = 0
        self._rows: dict[str, SpilledRows] = {}  # resource -> its rows set aside
        self.cited: set[str] = set()  # the outlets the mentions set aside name
        self._aside: set[str] = set()  # the articles set aside by a worker
        self._parts: dict[str, list[str]] = {}  # resource -> its part files
        self._counts: dict[str, int] = dict.fromkeys(SPILLED_RESOURCES, 0)  # their rows
        self._dropped: set[int] = set()  # positions of duplicates whose rows are in parts
        self._read: PartReader | None = None
        self._cleanups: list[Callable[[], None]] = []

    def __enter__(self) -> SpilledTexts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(self, article_id: str, text: str) -> None:
        """Keep the first text of an article ID (a later one is a duplicate's, skipped)."""
        if article_id in self._where:
            return
        self._where[article_id] = self._append(text.encode("utf-8", "surrogatepass"))

    def _append(self, data: bytes) -> tuple[int, int]:
        """Write `data` at the end of the file; where it stands (offset, length)."""
        self._file.seek(self._end)
        self._file.write(data)
        self._end += len(data)
        return self._end - len(data), len(data)

    def _bytes_at(self, place: tuple[int, int]) -> bytes:
        offset, length = place
        self._file.seek(offset)
        return self._file.read(length)

    def __contains__(self, article_id: str) -> bool:
        """Whether an article's rows are set aside (here, or in a worker's part files)."""
        return article_id in self._where or article_id in self._aside

    def get(self, article_id: str) -> str:
        return self._bytes_at(self._where[article_id]).decode("utf-8", "surrogatepass")

    def hold(self, findings: ArticleFindings) -> None:
        """Keep an undated article's findings whole (text and segments) until `whole`."""
        data = pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL)
        self._held[findings.article_id] = self._append(data)

    def whole(self, findings: ArticleFindings) -> ArticleFindings:
        """The findings `hold` kept of this article (once: they are let go), or these."""
        place = self._held.pop(findings.article_id, None)
        return findings if place is None else pickle.loads(self._bytes_at(place))

    def put_rows(self, resource: str, rows: list[dict]) -> None:
        """Add rows of a resource (after those put before)."""
        if rows:
            if resource not in self._rows:
                self._rows[resource] = SpilledRows()
            self._rows[resource].extend(rows)

    def rows(self, resource: str) -> SpilledRows:
        """The rows of a resource set aside, in the order they were put."""
        return self._rows.get(resource) or SpilledRows()

    def cite(self, source_ids) -> None:
        """Note outlets the mentions set aside name: `sources` holds a row for each."""
        self.cited.update(source_ids)

    def add_parts(
        self, parts: dict[str, list[str]], counts: dict[str, int], read: PartReader
    ) -> None:
        """Part files of rows a worker set aside (per resource, each sorted by primary key),
        how many rows they hold, and how to read one."""
        for resource, files in parts.items():
            self._parts.setdefault(resource, []).extend(files)
            self._counts[resource] += counts.get(resource, 0)
        self._read = read

    def take(self, aside: SetAside) -> ArticleFindings:
        """The findings of an article a worker set aside, now kept: its outlets are cited."""
        self._aside.add(aside.findings.article_id)
        self.cite(aside.outlets)
        return aside.findings

    def drop(self, position: int, rows: tuple[int, ...]) -> None:
        """Leave out of the part files the rows of the file at `position` (a duplicate)."""
        self._dropped.add(position)
        for resource, count in zip(SPILLED_RESOURCES, rows, strict=True):
            self._counts[resource] -= count

    def count(self, resource: str) -> int:
        """How many rows of a resource wait in part files (a duplicate's left out)."""
        return self._counts.get(resource, 0)

    def runs(self, resource: str) -> list[Iterator[dict]]:
        """The rows of each part file of a resource, in its order (a duplicate's left out)."""
        return [self._part(name) for name in self._parts.get(resource, [])]

    def _part(self, name: str) -> Iterator[dict]:
        assert self._read is not None
        for row in self._read(name):
            if row.pop("position") not in self._dropped:
                yield row

    def on_close(self, cleanup: Callable[[], None]) -> None:
        """Call `cleanup` when closed (the Dask engine removes its part files)."""
        self._cleanups.append(cleanup)

    def close(self) -> None:
        self._file.close()
        for rows in self._rows.values():
            rows.close()
        while self._cleanups:
            self._cleanups.pop()()


class SpilledTable:
    """The rows of a resource: those made from the findings held, then those set aside
    (read back when the writer iterates it, which sorts them by primary key anyway).

    With `texts`, a row set aside is an `articles` row: its text is read from
    there as the row is written (`TextRow`)."""

    def __init__(
        self, held: list[dict], spilled: SpilledRows, texts: SpilledTexts | None = None
    ) -> None:
        self.held = held
        self.spilled = spilled
        self.texts = texts

    def __len__(self) -> int:
        return len(self.held) + len(self.spilled)

    def __iter__(self) -> Iterator[dict]:
        yield from self.held
        if self.texts is None:
            yield from self.spilled
        else:
            yield from (TextRow(row, self.texts) for row in self.spilled)


class TextRow(dict):
    """A row of `articles` whose text is read from `SpilledTexts` when it is written."""

    __slots__ = ("texts",)

    def __init__(self, row: dict, texts: SpilledTexts) -> None:
        super().__init__(row)
        self.texts = texts

    def __getitem__(self, key: str) -> object:
        if key == "text":
            return self.texts.get(dict.__getitem__(self, "article_id"))
        return dict.__getitem__(self, key)

    def get(self, key: str, default: object = None) -> object:
        return self[key] if key in self else default  # noqa: SIM401 (that is this method)


def aside_rows(findings: ArticleFindings) -> dict[str, list[dict]]:
    """The rows of `SPILLED_RESOURCES` an article makes (its text in its `articles` row)."""
    return {
        "articles": article_rows([findings]),
        "article_sources": article_source_rows([findings]),
        "article_topics": article_topic_rows([findings]),
    }


def lean(findings: ArticleFindings) -> ArticleFindings:
    """An article's findings without what only its rows of `SPILLED_RESOURCES` read: its
    text, title, dateline, the note on its date, their spans, its source and topic
    mentions (and its segments, which only an analysis of its text again reads). What
    resolve and the other resources read stays (its ID and hash, file name, encoding,
    date, publisher, claims, people)."""
    parsed = findings.parsed
    kept = replace(
        parsed,
        article=replace(parsed.article, text=""),
        title="",
        title_span=None,
        published_note="",
        published_span=None,
        dateline="",
        dateline_country="",
        dateline_span=None,
        sources=(),
        segments=(),
    )
    return replace(findings, parsed=kept, topics=[])


def set_aside(findings: ArticleFindings, texts: SpilledTexts) -> ArticleFindings:
    """An article's findings without what only its rows of `articles`, `article_sources`
    and `article_topics` read (`lean`; its text and those rows put in `texts`).

    Resolve reads the text and segments of an article whose date is unknown
    (to date it from its meetings and analyse it again, which finds its topics
    again), and only its `build.redate` step does: such an article's findings
    wait whole in `texts` (`SpilledTexts.hold`) while the build keeps them lean,
    until `build.redate` takes them back (`SpilledTexts.whole`). It then sets
    aside the findings of its new analysis, if the meetings date it, or else the
    rows of the first (`set_rows_aside`). The findings kept make none of those
    three resources' rows (`rows.package_rows` is given `texts` as the articles
    set aside).
    """
    if findings.undated:
        texts.hold(findings)
        return lean(findings)
    return set_rows_aside(findings, texts)


def set_rows_aside(findings: ArticleFindings, texts: SpilledTexts) -> ArticleFindings:
    """`set_aside` for findings whose rows are final: a dated article's, or an undated
    one's that resolve could not date. Its text and rows go to `texts`; its lean findings
    are returned."""
    parsed = findings.parsed
    made = aside_rows(findings)
    texts.put(parsed.article.article_id, parsed.article.text)
    texts.put_rows("articles", [dict(row, text="") for row in made["articles"]])
    for resource in SPILLED_RESOURCES[1:]:
        texts.put_rows(resource, made[resource])
    texts.cite(mention.source_id for mention in parsed.sources)
    return lean(findings)


def restore(tables: dict[str, list[dict]], texts: SpilledTexts, reference: Reference) -> None:
    """Give the tables back what `set_aside` took, in place: the rows of `articles` (each
    text read as its row is written), `article_sources` and `article_topics`, read when the
    resource is written (with those of the workers' part files, merged by the writer), and
    the `sources` rows of the outlets only those name."""
    for resource in SPILLED_RESOURCES:
        mine = SpilledTable(
            tables[resource], texts.rows(resource), texts if resource == "articles" else None
        )
        tables[resource] = Runs(  # type: ignore[assignment]
            mine, texts.runs(resource), len(mine) + texts.count(resource)
        )
    held = {row["source_id"] for row in tables["sources"]}
    if not texts.cited <= held:
        tables["sources"] = outlet_rows(held | texts.cited, reference)
