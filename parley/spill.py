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
(`TextRow`), a resource's rows when it is (`SpilledTable`). Both engines do
it, in the same place: the local one and the Dask client hold the same
records.

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
...     set_aside(undated, texts) is undated, undated.article_id in texts
(True, False)
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from typing import IO, TYPE_CHECKING, Any

from parley.rows import article_rows, article_source_rows, article_topic_rows, outlet_rows

if TYPE_CHECKING:
    from parley.extract import ArticleFindings
    from parley.reference import Reference

# The resources whose rows a dated article makes, set aside until written: its own row
# (without its text, which waits in a file of its own) and those of its mentions.
SPILLED_RESOURCES = ("articles", "article_sources", "article_topics")


class SpilledTexts:
    """Article texts, and the rows dated articles make, set aside in anonymous temporary
    files, not in memory.

    Each text is appended to a file as its article's findings are collected,
    and read again, one at a time, as the writer reaches its row. The rows of
    a resource (`put_rows`) go to a file of their own, one JSON line each, and
    are read again, in the order they were put, when the writer reaches that
    resource (`rows`). The files have no name: they are gone when closed or
    when the process ends, however it ends.

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
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (kept open until `close`)
        self._where: dict[str, tuple[int, int]] = {}  # article ID -> (offset, length)
        self._end = 0
        self._rows: dict[str, SpilledRows] = {}  # resource -> its rows set aside
        self.cited: set[str] = set()  # the outlets the mentions set aside name

    def __enter__(self) -> SpilledTexts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(self, article_id: str, text: str) -> None:
        """Keep the first text of an article ID (a later one is a duplicate's, skipped)."""
        if article_id in self._where:
            return
        data = text.encode("utf-8", "surrogatepass")
        self._file.seek(self._end)
        self._file.write(data)
        self._where[article_id] = (self._end, len(data))
        self._end += len(data)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._where

    def get(self, article_id: str) -> str:
        offset, length = self._where[article_id]
        self._file.seek(offset)
        return self._file.read(length).decode("utf-8", "surrogatepass")

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

    def close(self) -> None:
        self._file.close()
        for rows in self._rows.values():
            rows.close()


class SpilledRows:
    """Rows of one resource in an anonymous temporary file, one JSON line each.

    A cell is a string, an integer, None or a date (the per-article rows), which
    come back as they were: a lone surrogate included (escaped as ASCII), a date
    as a date (`_cell`, `_typed`).

    >>> rows = SpilledRows()
    >>> rows.extend([{"quote": "Łukasz \\ud800", "char_start": 3, "note": None,
    ...               "day": dt.date(2021, 5, 3)}])
    >>> list(rows) == [{"quote": "Łukasz \\ud800", "char_start": 3, "note": None,
    ...                 "day": dt.date(2021, 5, 3)}]
    True
    """

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._count = 0

    def extend(self, rows: list[dict]) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 (kept open until `close`)
        self._file.seek(0, 2)
        for row in rows:
            self._file.write(json.dumps(row, default=_cell).encode("ascii") + b"\n")
        self._count += len(rows)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[dict]:
        if self._file is None:
            return
        self._file.seek(0)
        for _ in range(self._count):
            row = json.loads(self._file.readline())
            yield {name: _typed(cell) for name, cell in row.items()}

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _cell(value: object) -> dict:
    """A cell JSON has no type for, as an object `_typed` turns back (a date, the only one)."""
    if type(value) is dt.date:  # not a datetime, which would lose its time
        return {"date": value.isoformat()}
    raise TypeError(f"no JSON form for a cell of type {type(value).__name__}")


def _typed(cell: Any) -> object:
    """A cell as it was (no cell is a dict: an object is one `_cell` made)."""
    return dt.date.fromisoformat(cell["date"]) if isinstance(cell, dict) else cell


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


def set_aside(findings: ArticleFindings, texts: SpilledTexts) -> ArticleFindings:
    """An article's findings without what only its rows of `articles`, `article_sources`
    and `article_topics` read (put in `texts`: its text, and those rows), unless resolve
    needs them.

    Resolve reads the text of an article whose date is unknown (to date it
    from its meetings and analyse it again, which finds its topics again):
    those keep everything, as `build.compact` keeps their segments. The
    findings kept of a dated article hold what resolve and the other resources
    read (its ID and hash, file name, date, publisher, claims, people) and make
    none of those three resources' rows (`rows.package_rows` is given `texts`
    as the articles set aside).
    """
    if findings.undated:
        return findings
    parsed = findings.parsed
    texts.put(parsed.article.article_id, parsed.article.text)
    texts.put_rows("articles", [dict(row, text="") for row in article_rows([findings])])
    texts.put_rows("article_sources", article_source_rows([findings]))
    texts.put_rows("article_topics", article_topic_rows([findings]))
    texts.cite(mention.source_id for mention in parsed.sources)
    lean = replace(
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
    )
    return replace(findings, parsed=lean, topics=[])


def restore(tables: dict[str, list[dict]], texts: SpilledTexts, reference: Reference) -> None:
    """Give the tables back what `set_aside` took, in place: the rows of `articles` (each
    text read as its row is written), `article_sources` and `article_topics`, read when the
    resource is written, and the `sources` rows of the outlets only those name."""
    for resource in SPILLED_RESOURCES:
        tables[resource] = SpilledTable(  # type: ignore[assignment]
            tables[resource], texts.rows(resource), texts if resource == "articles" else None
        )
    held = {row["source_id"] for row in tables["sources"]}
    if not texts.cited <= held:
        tables["sources"] = outlet_rows(held | texts.cited, reference)
