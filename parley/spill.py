"""Article texts set aside on disk while the build holds every article's findings.

The build keeps the compact findings of every article until the rows are
written (resolve needs them all at once: docs/scaling.md). An article's text
is needed again only to write its `articles` row, unless its date is unknown
(resolve then dates it from its meetings and analyses the text again). So
`build.analyse_corpus` puts the text of each dated article in `SpilledTexts`
(`set_aside`), and `restore_texts` makes their rows read it back, one at a
time, as the writer reaches them (`TextRow`). Both engines do it, in the same
place: the local one and the Dask client hold the same records.

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
...     lean.parsed.article.text, rows[0]["text"]
('', 'Lavrov met Blinken.')
>>> undated = ArticleFindings(parsed, None, [], {}, [])
>>> with SpilledTexts() as texts:
...     set_aside(undated, texts) is undated, undated.article_id in texts
(True, False)
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parley.extract import ArticleFindings


class SpilledTexts:
    """Article texts set aside in an anonymous temporary file, not in memory.

    Each text is appended to the file as its article's findings are collected,
    and read again, one at a time, as the writer reaches its row. The file has
    no name: it is gone when closed or when the process ends, however it ends.

    >>> texts = SpilledTexts()
    >>> texts.put("a-1", "Lavrov met Blinken.")
    >>> texts.put("a-1", "a later copy is not kept")
    >>> texts.get("a-1"), "a-1" in texts, "a-2" in texts
    ('Lavrov met Blinken.', True, False)
    >>> texts.close()
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (kept open until `close`)
        self._where: dict[str, tuple[int, int]] = {}  # article ID -> (offset, length)
        self._end = 0

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

    def close(self) -> None:
        self._file.close()


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
    """An article's findings without its text (put in `texts`), unless resolve needs it.

    Resolve reads the text of an article whose date is unknown (to date it
    from its meetings and analyse it again): those keep theirs, as
    `build.compact` keeps their segments.
    """
    if findings.undated:
        return findings
    parsed = findings.parsed
    texts.put(parsed.article.article_id, parsed.article.text)
    lean = replace(parsed, article=replace(parsed.article, text=""))
    return replace(findings, parsed=lean)


def restore_texts(rows: list[dict], texts: SpilledTexts) -> None:
    """Give the `articles` rows back the texts set aside: each read as its row is written."""
    for n, row in enumerate(rows):
        if row["article_id"] in texts:
            rows[n] = TextRow(row, texts)
