"""What the build sets aside on disk while it holds every article's findings.

The build keeps the compact findings of every article until the rows are
written (resolve needs them all at once: docs/scaling.md). Resolve reads an
article's claims, people and dates; its text, its source mentions and its
topic mentions are needed again only for its rows of `articles`,
`article_sources` and `article_topics`, unless its date is unknown (resolve
then dates it from its meetings and analyses the text again). So
`build.analyse_corpus` sets aside, for each dated article (`set_aside`), its
text and the rows its mentions make (`rows.article_source_rows`,
`rows.article_topic_rows`), in `SpilledTexts`; `restore` gives them back to
the tables as the writer reaches them: a text when its `articles` row is
written (`TextRow`), the mentions' rows when their resource is
(`SpilledTable`). Both engines do it, in the same place: the local one and the
Dask client hold the same records.

>>> import datetime as dt
>>> from parley.records import Article, ParsedArticle
>>> from parley.extract import ArticleFindings
>>> parsed = ParsedArticle(Article("a.txt", "Lavrov met Blinken.", "ab" * 32), "Lavrov met Blinken",
...     None, None, "unknown", "", None, "", "", "", (), (), 3)
>>> dated = ArticleFindings(parsed, dt.date(2021, 5, 3), [], {}, [])
>>> with SpilledTexts() as texts:
...     lean = set_aside(dated, texts)
...     rows = [{"article_id": lean.article_id, "text": lean.parsed.article.text}]
...     restore_texts(rows, texts)
...     lean.parsed.article.text, rows[0]["text"], len(texts.rows("article_sources"))
('', 'Lavrov met Blinken.', 0)
>>> undated = ArticleFindings(parsed, None, [], {}, [])
>>> with SpilledTexts() as texts:
...     set_aside(undated, texts) is undated, undated.article_id in texts
(True, False)
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from typing import IO, TYPE_CHECKING

from parley.rows import article_source_rows, article_topic_rows, outlet_rows

if TYPE_CHECKING:
    from parley.extract import ArticleFindings
    from parley.reference import Reference

# The resources whose rows a dated article's mentions make, set aside until written.
SPILLED_RESOURCES = ("article_sources", "article_topics")


class SpilledTexts:
    """Article texts, and the rows of their mentions, set aside in anonymous temporary
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

    A cell is a string, an integer or None (the mentions' rows), which JSON
    gives back as it was, a lone surrogate included (escaped as ASCII).

    >>> rows = SpilledRows()
    >>> rows.extend([{"quote": "Łukasz \\ud800", "char_start": 3, "note": None}])
    >>> len(rows), list(rows) == [{"quote": "Łukasz \\ud800", "char_start": 3, "note": None}]
    (1, True)
    """

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._count = 0

    def extend(self, rows: list[dict]) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 (kept open until `close`)
        self._file.seek(0, 2)
        for row in rows:
            self._file.write(json.dumps(row).encode("ascii") + b"\n")
        self._count += len(rows)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[dict]:
        if self._file is None:
            return
        self._file.seek(0)
        for _ in range(self._count):
            yield json.loads(self._file.readline())

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


class SpilledTable:
    """The rows of a resource: those made from the findings held, then those set aside
    (read back when the writer iterates it, which sorts them by primary key anyway)."""

    def __init__(self, held: list[dict], spilled: SpilledRows) -> None:
        self.held = held
        self.spilled = spilled

    def __len__(self) -> int:
        return len(self.held) + len(self.spilled)

    def __iter__(self) -> Iterator[dict]:
        yield from self.held
        yield from self.spilled


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
    """An article's findings without its text, its source mentions and its topic mentions
    (put in `texts`, its mentions as the rows they make), unless resolve needs them.

    Resolve reads the text of an article whose date is unknown (to date it
    from its meetings and analyse it again, which finds its topics again):
    those keep all three, as `build.compact` keeps their segments. What a
    dated article's mentions make does not change after this: `unify_people`
    renames people, and `build.redate` analyses undated articles only.
    """
    if findings.undated:
        return findings
    parsed = findings.parsed
    texts.put(parsed.article.article_id, parsed.article.text)
    texts.put_rows("article_sources", article_source_rows([findings]))
    texts.put_rows("article_topics", article_topic_rows([findings]))
    texts.cite(mention.source_id for mention in parsed.sources)
    lean = replace(parsed, article=replace(parsed.article, text=""), sources=())
    return replace(findings, parsed=lean, topics=[])


def restore_texts(rows: list[dict], texts: SpilledTexts) -> None:
    """Give the `articles` rows back the texts set aside: each read as its row is written."""
    for n, row in enumerate(rows):
        if row["article_id"] in texts:
            rows[n] = TextRow(row, texts)


def restore(tables: dict[str, list[dict]], texts: SpilledTexts, reference: Reference) -> None:
    """Give the tables back what `set_aside` took, in place: the texts of `articles` (read
    as each row is written), the rows of `article_sources` and `article_topics` (read when
    the resource is written), and the `sources` rows of the outlets only those name."""
    restore_texts(tables["articles"], texts)
    for resource in SPILLED_RESOURCES:
        tables[resource] = SpilledTable(tables[resource], texts.rows(resource))  # type: ignore[assignment]
    held = {row["source_id"] for row in tables["sources"]}
    if not texts.cited <= held:
        tables["sources"] = outlet_rows(held | texts.cited, reference)
