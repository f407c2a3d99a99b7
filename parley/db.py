"""Stage 8a, publish: the data package -> one SQLite file.

Tables are named after the resources, with the Table Schemas' column types,
primary keys and foreign keys, an index on every foreign key, and full-text
search on article titles and texts and on evidence quotes. The file is
written beside its target and renamed into place, so a failed load never
leaves half a database. Rows are streamed from the CSVs into one transaction
per table (typed by the schemas), so memory does not grow with the package.

Beside the resources' tables (which keep the resources' names and columns)
the file holds a few derived tables for browsing, defined in `DERIVED_TABLES`:
one row per meeting or article with its year, month, people and topics
denormalised (so Datasette can facet by person or topic, which otherwise sit
in link tables), and one row per pair of people who met. They are
materialised rather than views because the database is read-only once
built, and a table can be indexed: facets on them stay fast at 10,000+
articles (see docs/benchmarks.md).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from parley.errors import ParleyError, os_error
from parley.package import (
    DescriptorError,
    TableError,
    clean_litter,
    hold,
    iter_cells,
    ordinary_mode,
    read_descriptor,
)

try:
    import fcntl
except ImportError:  # not POSIX: no lock, a second server is the user's to avoid
    fcntl = None  # type: ignore[assignment]

# The SQL type of each Table Schema type: booleans are stored as 0 and 1, dates as ISO text.
SQLITE_TYPES = {
    "string": "TEXT",
    "integer": "INTEGER",
    "number": "REAL",
    "boolean": "INTEGER",
    "date": "TEXT",
}
FTS_COLUMNS = {"articles": ["title", "text"], "article_meetings": ["quote"]}

# Indexes beyond the foreign keys', for the sorts and filters the published
# instance offers by default (meetings newest first, articles by date).
# Measured with scripts/benchmark_server.py: without them the default table
# pages sort the whole table on every request.
EXTRA_INDEXES: dict[str, list[list[str]]] = {
    "meetings": [["date_start", "meeting_id"], ["status"], ["kind"], ["country"]],
    "articles": [["published_start", "article_id"]],
    # "Articles that mention a topic": most mentions first without sorting them all.
    "article_topics": [["topic_id", "mentions"]],
}


class DatabaseError(ParleyError):
    """The data package cannot be loaded, or the database cannot be written."""


class DatabaseInUse(DatabaseError):
    """Another `parley serve` serves the database file: it must not be rewritten under it."""


def _lock_path(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + ".lock")


def lock_database(db_file: Path) -> int:
    """Claim `db_file` for one server: the returned descriptor holds the lock while open.

    The lock file (`FILE.lock`, holding the owner's process ID) is locked
    with flock, which the kernel releases when the last process holding it
    ends, so a crashed server never leaves a stale lock. The descriptor is
    inheritable: the server `parley serve` becomes (exec) keeps the lock.
    Raises DatabaseInUse when another process holds it.
    """
    if fcntl is None:
        return -1
    db_file.parent.mkdir(parents=True, exist_ok=True)
    path = _lock_path(db_file)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        owner = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
        os.close(fd)
        raise DatabaseInUse(
            f"{db_file} is being served by another `parley serve` (process {owner}); stop it "
            "first, or give this one a file of its own with --db"
        ) from None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    os.set_inheritable(fd, True)
    return fd


@contextlib.contextmanager
def database_lock(db_file: Path) -> Iterator[None]:
    """Hold the lock of `lock_database` for the duration of a block (e.g. `parley db`)."""
    fd = lock_database(db_file)
    try:
        yield
    finally:
        if fd >= 0:
            os.close(fd)


@dataclass(frozen=True)
class DerivedColumn:
    """A column of a derived table.

    `description` is either the column's own description or, for a column
    copied from a resource, `"=resource.column"`: the description is then
    taken from that resource's Table Schema, so it is never written twice.
    """

    name: str
    sql_type: str
    description: str
    references: tuple[str, str] | None = None


@dataclass(frozen=True)
class DerivedTable:
    """A table computed from the resources' tables once they are loaded."""

    name: str
    title: str
    description: str
    columns: tuple[DerivedColumn, ...]
    primary_key: tuple[str, ...]
    select: str  # yields the columns in order; `rowid` first when `keep_rowid`
    indexes: tuple[tuple[str, ...], ...] = ()
    keep_rowid: bool = False  # rows keep their source rows' rowids (shares its FTS index)

    def create_sql(self) -> str:
        lines = [f"[{c.name}] {c.sql_type}" for c in self.columns]
        lines.append("PRIMARY KEY (" + ", ".join(f"[{k}]" for k in self.primary_key) + ")")
        for column in self.columns:
            if column.references:
                table, other = column.references
                lines.append(f"FOREIGN KEY ([{column.name}]) REFERENCES [{table}]([{other}])")
        return f"CREATE TABLE [{self.name}] (\n  " + ",\n  ".join(lines) + "\n)"

    def insert_sql(self) -> str:
        names = [c.name for c in self.columns]
        if self.keep_rowid:
            names.insert(0, "rowid")
        return f"INSERT INTO [{self.name}] ({', '.join(names)})\n{self.select}"


def _names_json(select: str) -> str:
    """A JSON array of the names a subquery yields, in its order (SQLite's json_group_array)."""
    return f"(SELECT json_group_array(name) FROM ({select}))"


def _middle_day(start: str, end: str) -> str:
    """SQL: the middle day of an interval (ISO), the honest place to sort it at."""
    return f"date(julianday({start}) + (julianday({end}) - julianday({start})) / 2)"


def _bucket(start: str, end: str, length: int) -> str:
    """SQL: the first `length` characters of the start (4: year, 7: month) when the
    whole interval lies in that year or month, else NULL: "between May and December
    2019" is counted in 2019 but in no month."""
    return f"CASE WHEN substr({start}, 1, {length}) = substr({end}, 1, {length}) THEN substr({start}, 1, {length}) END"


DERIVED_TABLES: tuple[DerivedTable, ...] = (
    DerivedTable(
        name="browse_meetings",
        title="Meetings to browse by year, place, person and topic",
        description=(
            "One row per meeting, with its year and month, the names of its participants, "
            "their countries and its topics as lists, so that meetings can be faceted and "
            "filtered by any of them. Derived from `meetings`, `meeting_participants`, "
            "`people`, `topics` and `meeting_topics`; follow a meeting to its page for "
            "the evidence."
        ),
        columns=(
            DerivedColumn("meeting_id", "TEXT", "=meetings.meeting_id", ("meetings", "meeting_id")),
            DerivedColumn("title", "TEXT", "=meetings.title"),
            DerivedColumn("date_start", "TEXT", "=meetings.date_start"),
            DerivedColumn("date_end", "TEXT", "=meetings.date_end"),
            DerivedColumn(
                "sort_date",
                "TEXT",
                "The middle day of `date_start`-`date_end`: meetings known only to a month "
                "or a season sort there, not at its first day.",
            ),
            DerivedColumn(
                "year",
                "INTEGER",
                "Year of the meeting, when its whole date interval lies in one year "
                "(empty when undated or known only to a span of years).",
            ),
            DerivedColumn(
                "month",
                "TEXT",
                "Month of the meeting as YYYY-MM, when its whole date interval lies in one "
                "month (empty otherwise: a meeting known only to 'between May and July' is "
                "in no month).",
            ),
            DerivedColumn("kind", "TEXT", "=meetings.kind"),
            DerivedColumn("status", "TEXT", "=meetings.status"),
            DerivedColumn("place_id", "TEXT", "=meetings.place_id", ("places", "place_id")),
            DerivedColumn("country", "TEXT", "=meetings.country"),
            DerivedColumn(
                "people", "TEXT", "Names of the participants, as a JSON list (from `people`)."
            ),
            DerivedColumn(
                "topics", "TEXT", "Labels of the meeting's topics, as a JSON list (from `topics`)."
            ),
            DerivedColumn(
                "countries",
                "TEXT",
                "Countries the participants served, as a JSON list of ISO 3166-1 alpha-2 codes.",
            ),
            DerivedColumn("article_count", "INTEGER", "=meetings.article_count"),
        ),
        primary_key=("meeting_id",),
        select=f"""
SELECT m.meeting_id, m.title, m.date_start, m.date_end,
  {_middle_day("m.date_start", "m.date_end")},
  CAST({_bucket("m.date_start", "m.date_end", 4)} AS INTEGER),
  {_bucket("m.date_start", "m.date_end", 7)},
  m.kind, m.status, m.place_id, m.country,
  {_names_json("SELECT DISTINCT p.name FROM meeting_participants mp JOIN people p ON p.person_id = mp.person_id WHERE mp.meeting_id = m.meeting_id ORDER BY p.name")},
  {_names_json("SELECT DISTINCT t.label AS name FROM meeting_topics mt JOIN topics t ON t.topic_id = mt.topic_id WHERE mt.meeting_id = m.meeting_id ORDER BY t.label")},
  {_names_json("SELECT DISTINCT mp.country AS name FROM meeting_participants mp WHERE mp.meeting_id = m.meeting_id AND mp.country IS NOT NULL ORDER BY mp.country")},
  m.article_count
FROM meetings m
ORDER BY m.date_start DESC, m.meeting_id""",
        indexes=(
            ("sort_date", "meeting_id"),
            ("date_start", "meeting_id"),
            ("year",),
            ("month",),
            ("status",),
            ("kind",),
            ("country",),
        ),
    ),
    DerivedTable(
        name="browse_articles",
        title="Articles to browse by year, publisher, person and topic",
        description=(
            "One row per article, with its year and month of publication, how many meetings "
            "it reports, and the people and topics it speaks of as lists, so that articles "
            "can be faceted by any of them. Searchable: the search box looks in the titles "
            "and texts of `articles`."
        ),
        columns=(
            DerivedColumn("article_id", "TEXT", "=articles.article_id", ("articles", "article_id")),
            DerivedColumn("title", "TEXT", "=articles.title"),
            DerivedColumn("published_start", "TEXT", "=articles.published_start"),
            DerivedColumn("published_end", "TEXT", "=articles.published_end"),
            DerivedColumn(
                "sort_date",
                "TEXT",
                "The middle day of `published_start`-`published_end`, where the article sorts.",
            ),
            DerivedColumn(
                "year",
                "INTEGER",
                "Year of publication, when the whole interval lies in one year (empty otherwise).",
            ),
            DerivedColumn(
                "month",
                "TEXT",
                "Month of publication as YYYY-MM, when the whole interval lies in one month "
                "(empty otherwise: an article known only to 'between May and December' is in "
                "no month).",
            ),
            DerivedColumn("published_basis", "TEXT", "=articles.published_basis"),
            DerivedColumn(
                "publisher_id", "TEXT", "=articles.publisher_id", ("sources", "source_id")
            ),
            DerivedColumn("dateline", "TEXT", "=articles.dateline"),
            DerivedColumn("word_count", "INTEGER", "=articles.word_count"),
            DerivedColumn("meetings", "INTEGER", "Number of meetings the article reports."),
            DerivedColumn(
                "people",
                "TEXT",
                "Names of the participants of the meetings it reports, as a JSON list.",
            ),
            DerivedColumn("topics", "TEXT", "Labels of the topics it speaks of, as a JSON list."),
        ),
        primary_key=("article_id",),
        keep_rowid=True,
        select=f"""
SELECT a.rowid, a.article_id, a.title, a.published_start, a.published_end,
  {_middle_day("a.published_start", "a.published_end")},
  CAST({_bucket("a.published_start", "a.published_end", 4)} AS INTEGER),
  {_bucket("a.published_start", "a.published_end", 7)},
  a.published_basis, a.publisher_id, a.dateline, a.word_count,
  (SELECT count(*) FROM article_meetings am WHERE am.article_id = a.article_id),
  {_names_json("SELECT DISTINCT p.name FROM article_meetings am JOIN meeting_participants mp ON mp.meeting_id = am.meeting_id JOIN people p ON p.person_id = mp.person_id WHERE am.article_id = a.article_id ORDER BY p.name")},
  {_names_json("SELECT DISTINCT t.label AS name FROM article_topics at JOIN topics t ON t.topic_id = at.topic_id WHERE at.article_id = a.article_id ORDER BY t.label")}
FROM articles a
ORDER BY a.rowid""",
        indexes=(
            ("sort_date", "article_id"),
            ("published_start", "article_id"),
            ("year",),
            ("month",),
        ),
    ),
    DerivedTable(
        name="meeting_pairs",
        title="Pairs of people who took part in the same meeting",
        description=(
            "One row per pair of people who took part in the same meeting, in both orders "
            "(A met B and B met A), so that a facet or filter on `person_a` finds every pair "
            "a person is in: how many meetings, how many of them held, planned or cancelled, "
            "and the first and last of them. Derived from `meeting_participants` and "
            "`meetings`."
        ),
        columns=(
            DerivedColumn(
                "person_a",
                "TEXT",
                "One of the pair, by ID in `people` (every pair appears once with each first).",
                ("people", "person_id"),
            ),
            DerivedColumn(
                "person_b",
                "TEXT",
                "The other of the pair, by ID in `people`.",
                ("people", "person_id"),
            ),
            DerivedColumn("meetings", "INTEGER", "Number of meetings both took part in."),
            DerivedColumn("held", "INTEGER", "Of which reported held."),
            DerivedColumn("planned", "INTEGER", "Of which still reported planned."),
            DerivedColumn("cancelled", "INTEGER", "Of which reported cancelled."),
            DerivedColumn(
                "first_meeting",
                "TEXT",
                "Their first meeting (by the middle day of its date interval), by ID in "
                "`meetings` (undated meetings come last).",
                ("meetings", "meeting_id"),
            ),
            DerivedColumn("first_date_start", "TEXT", "`date_start` of their first meeting."),
            DerivedColumn("first_date_end", "TEXT", "`date_end` of their first meeting."),
            DerivedColumn(
                "last_meeting",
                "TEXT",
                "Their last dated meeting, by ID in `meetings`.",
                ("meetings", "meeting_id"),
            ),
            DerivedColumn("last_date_start", "TEXT", "`date_start` of their last meeting."),
            DerivedColumn("last_date_end", "TEXT", "`date_end` of their last meeting."),
        ),
        primary_key=("person_a", "person_b"),
        select=f"""
WITH pair AS (
  SELECT a.person_id AS person_a, b.person_id AS person_b, m.meeting_id, m.date_start,
    m.date_end, {_middle_day("m.date_start", "m.date_end")} AS middle, m.status
  FROM meeting_participants a
  JOIN meeting_participants b ON b.meeting_id = a.meeting_id AND a.person_id != b.person_id
  JOIN meetings m ON m.meeting_id = a.meeting_id
), ranked AS (
  SELECT *,
    row_number() OVER (PARTITION BY person_a, person_b
                       ORDER BY middle IS NULL, middle, meeting_id) AS first_rank,
    row_number() OVER (PARTITION BY person_a, person_b
                       ORDER BY middle IS NULL, middle DESC, meeting_id) AS last_rank
  FROM pair
)
SELECT person_a, person_b, count(*),
  sum(status = 'held'), sum(status = 'planned'), sum(status = 'cancelled'),
  max(CASE WHEN first_rank = 1 THEN meeting_id END),
  max(CASE WHEN first_rank = 1 THEN date_start END),
  max(CASE WHEN first_rank = 1 THEN date_end END),
  max(CASE WHEN last_rank = 1 THEN meeting_id END),
  max(CASE WHEN last_rank = 1 THEN date_start END),
  max(CASE WHEN last_rank = 1 THEN date_end END)
FROM ranked
GROUP BY person_a, person_b
ORDER BY count(*) DESC, person_a, person_b""",
        indexes=(("person_b",), ("meetings",)),
    ),
    DerivedTable(
        name="topic_years",
        title="Topics by year",
        description=(
            "For each year and topic: how many meetings of that year discussed it, and how "
            "many articles published that year spoke of it. Derived from `meeting_topics`, "
            "`meetings`, `article_topics` and `articles`."
        ),
        columns=(
            DerivedColumn(
                "year",
                "INTEGER",
                "Year of the meetings and of the articles' publication (only those whose "
                "date interval lies within one year are counted).",
            ),
            DerivedColumn("topic_id", "TEXT", "=meeting_topics.topic_id", ("topics", "topic_id")),
            DerivedColumn("meetings", "INTEGER", "Meetings that year that discussed the topic."),
            DerivedColumn("articles", "INTEGER", "Articles published that year that speak of it."),
            DerivedColumn(
                "rank_in_year",
                "INTEGER",
                "The topic's place in its year: 1 for the most discussed at meetings "
                "(then the most spoken of in articles).",
            ),
        ),
        primary_key=("year", "topic_id"),
        # Only meetings and articles whose dates lie within one year are counted in it.
        select="""
WITH by_meeting AS (
  SELECT CAST(substr(m.date_start, 1, 4) AS INTEGER) AS year, mt.topic_id, count(*) AS meetings
  FROM meeting_topics mt JOIN meetings m ON m.meeting_id = mt.meeting_id
  WHERE m.date_start IS NOT NULL AND substr(m.date_start, 1, 4) = substr(m.date_end, 1, 4)
  GROUP BY 1, 2
), by_article AS (
  SELECT CAST(substr(a.published_start, 1, 4) AS INTEGER) AS year, at.topic_id,
    count(*) AS articles
  FROM article_topics at JOIN articles a ON a.article_id = at.article_id
  WHERE a.published_start IS NOT NULL
    AND substr(a.published_start, 1, 4) = substr(a.published_end, 1, 4)
  GROUP BY 1, 2
), keyed AS (
  SELECT k.year, k.topic_id, coalesce(bm.meetings, 0) AS meetings,
    coalesce(ba.articles, 0) AS articles
  FROM (SELECT year, topic_id FROM by_meeting UNION SELECT year, topic_id FROM by_article) k
  LEFT JOIN by_meeting bm ON bm.year = k.year AND bm.topic_id = k.topic_id
  LEFT JOIN by_article ba ON ba.year = k.year AND ba.topic_id = k.topic_id
)
SELECT year, topic_id, meetings, articles,
  row_number() OVER (PARTITION BY year ORDER BY meetings DESC, articles DESC, topic_id)
FROM keyed
ORDER BY year DESC, meetings DESC, articles DESC, topic_id""",
        indexes=(("rank_in_year",),),
    ),
)


def _schema(resource: dict, base: Path) -> dict:
    schema = resource["schema"]
    if isinstance(schema, str):
        return json.loads((base / schema).read_text(encoding="utf-8"))
    return schema


def _boolean(value: str) -> int:
    if value == "true":
        return 1
    if value == "false":
        return 0
    raise ValueError(value)


# How a non-empty cell of a type becomes its SQLite value. The other types (strings,
# dates) are stored as the text they are.
CONVERTERS: dict[str, Callable[[str], int | float]] = {
    "integer": int,
    "number": float,
    "boolean": _boolean,
}


def read_descriptor_schemas(datapackage: Path) -> tuple[dict, dict[str, dict]]:
    """The descriptor at `datapackage` and the Table Schema each of its resources gives.

    Without reading the data; the schemas are the package's own (inline or by
    path), not the project's `schemas/` (that is `parley.package.load_schemas`).
    """
    try:
        descriptor = read_descriptor(datapackage)
        base = datapackage.parent
        return descriptor, {r["name"]: _schema(r, base) for r in descriptor["resources"]}
    except DescriptorError as error:
        raise DatabaseError(str(error)) from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DatabaseError(
            f"{datapackage}: not a data package descriptor parley can load ({error}); "
            "run `parley validate` on it"
        ) from None


def typed_rows(path: Path, shown: str, fields: list[dict]) -> Iterator[list]:
    """The rows of one resource's CSV as lists of SQLite values, in the schema's column
    order, read as they are inserted (never a whole resource in memory).

    Integers, numbers and booleans are converted here; an empty cell stays "" and
    the INSERT of `insert_sql` stores it as NULL (SQLite's `nullif` does that
    faster than a Python test of every cell). A column the file lacks is empty.
    A value that is not of its column's type stops the load, naming the file, the
    row and the column (`shown` is the path as the descriptor gives it).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "t.csv").write_text("b,a\\nx,1\\n,\\n")
    >>> fields = [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"},
    ...           {"name": "c", "type": "boolean"}]
    >>> list(typed_rows(folder / "t.csv", "t.csv", fields))
    [[1, 'x', ''], ['', '', '']]
    """
    return iter(TypedRows(path, shown, fields))


class TypedRows:
    """The rows of `typed_rows`, remembering the number of the row given last (`number`),
    so that a row SQLite refuses (an empty required cell, a repeated key) can be named."""

    def __init__(self, path: Path, shown: str, fields: list[dict]):
        self.path, self.shown, self.fields = path, shown, fields
        self.number = 1

    def __iter__(self) -> Iterator[list]:
        try:
            cells = iter_cells(self.path)
            first = next(cells, None)
            if first is None:
                return
            header = first[1]
            # The header's position of each of the schema's columns (-1: not in the file);
            # a repeated name is its last column, as in `iter_rows`' dicts.
            where = {name: position for position, name in enumerate(header)}
            order = [where.get(field["name"], -1) for field in self.fields]
            width = len(header)
            as_is = order == list(range(width))  # the file's columns are the schema's, in order
            converters = [
                (position, field["name"], field["type"], CONVERTERS[field["type"]])
                for position, field in enumerate(self.fields)
                if field["type"] in CONVERTERS
            ]
            for number, row in cells:
                if not as_is or len(row) != width:
                    row = [row[i] if 0 <= i < len(row) else "" for i in order]
                for position, column, field_type, convert in converters:
                    value = row[position]
                    if value:
                        try:
                            row[position] = convert(value)
                        except ValueError:
                            raise DatabaseError(
                                f"{self.shown}: row {number}, column {column}: {value!r} is "
                                f"not a {field_type}; run `parley validate` for every problem"
                            ) from None
                self.number = number
                yield row
        except TableError as error:
            raise DatabaseError(str(error)) from None


# The SQL below is written as sqlite-utils, which built these files first, wrote
# it: the text SQLite keeps in `sqlite_master` (what `.schema` shows) is unchanged.


def _quote(identifier: str) -> str:
    """An identifier in double quotes.

    >>> print(_quote('a "b" c'))
    "a ""b"" c"
    """
    return '"' + identifier.replace('"', '""') + '"'


def _names(value: str | list[str]) -> list[str]:
    """A Table Schema's field or list of fields, as a list."""
    return [value] if isinstance(value, str) else list(value)


def _foreign_keys(name: str, schema: dict) -> list[tuple[list[str], str, list[str]]]:
    """(columns, table, its columns) of each foreign key; no resource means this one."""
    return [
        (
            _names(fk["fields"]),
            fk["reference"]["resource"] or name,
            _names(fk["reference"]["fields"]),
        )
        for fk in schema.get("foreignKeys", [])
    ]


def create_table_sql(name: str, schema: dict) -> str:
    """The CREATE TABLE of a resource: its columns with their SQL types, NOT NULL on
    the required ones, its primary key and its foreign keys.

    >>> print(create_table_sql("t", {"fields": [
    ...     {"name": "id", "type": "string", "constraints": {"required": True}},
    ...     {"name": "n", "type": "integer"}], "primaryKey": ["id"],
    ...     "foreignKeys": [{"fields": "n", "reference": {"resource": "u", "fields": "m"}}]}))
    CREATE TABLE "t" (
       "id" TEXT PRIMARY KEY NOT NULL,
       "n" INTEGER REFERENCES "u"("m")
    )
    """
    key = _names(schema.get("primaryKey") or [])
    single = key[0] if len(key) == 1 else None
    foreign_keys = _foreign_keys(name, schema)
    inline = {columns[0]: (table, other[0]) for columns, table, other in foreign_keys if len(columns) == 1}  # fmt: skip
    lines = []
    for field in schema["fields"]:
        column = field["name"]
        extras = []
        if column == single:
            extras.append("PRIMARY KEY")
        if field.get("constraints", {}).get("required"):
            extras.append("NOT NULL")
        if column in inline:
            table, other = inline[column]
            extras.append(f"REFERENCES {_quote(table)}({_quote(other)})")
        sql_type = SQLITE_TYPES[field["type"]]
        lines.append(f"   {_quote(column)} {sql_type}" + "".join(" " + e for e in extras))
    for columns, table, other in foreign_keys:
        if len(columns) > 1:
            lines.append(
                f"   FOREIGN KEY ({', '.join(map(_quote, columns))}) "
                f"REFERENCES {_quote(table)}({', '.join(map(_quote, other))})"
            )
    compound = f",\n   PRIMARY KEY ({', '.join(map(_quote, key))})" if len(key) > 1 else ""
    return f"CREATE TABLE {_quote(name)} (\n" + ",\n".join(lines) + compound + "\n)"


def _empty_is_null(count: int) -> str:
    """`count` parameters of an INSERT, each stored as NULL when it is ''."""
    return ", ".join("nullif(?, '')" for _ in range(count))


def insert_sql(name: str, fields: list[dict]) -> str:
    """The INSERT of `typed_rows`' rows: an empty cell ('') is stored as NULL."""
    columns = ", ".join(_quote(field["name"]) for field in fields)
    marks = _empty_is_null(len(fields))
    return f"INSERT INTO {_quote(name)} ({columns}) VALUES ({marks})"


def index_sql(table: str, columns: list[str] | tuple[str, ...]) -> str:
    """CREATE INDEX idx_TABLE_COLUMNS (unless there is one by that name)."""
    name = f"idx_{table.replace(' ', '_')}_{'_'.join(columns)}"
    quoted = ", ".join(map(_quote, columns))
    return f"CREATE INDEX IF NOT EXISTS {_quote(name)}\n    ON {_quote(table)} ({quoted})"


def _fts_sql(name: str, columns: list[str]) -> str:
    """The CREATE of a table's full-text index of `columns`: external content, the table's
    own rows (so the texts are stored once).

    >>> print(_fts_sql("t", ["a"]))
    CREATE VIRTUAL TABLE "t_fts" USING FTS5 (
        "a",
        tokenize='porter',
        content="t"
    )
    """
    quoted = ", ".join(map(_quote, columns))
    return (
        f"CREATE VIRTUAL TABLE {_quote(name + '_fts')} USING FTS5 (\n    {quoted},\n"
        f"    tokenize='porter',\n    content={_quote(name)}\n)"
    )


# The tables in which SQLite's FTS5 keeps a full-text index, by suffix.
FTS_SHADOW_TABLES = ("data", "idx", "docsize", "config")


def index_texts(side_file: str, sources: list[tuple[str, Path, str, list[dict]]]) -> None:
    """Fill the full-text indexes of `sources` (resource, CSV, its name as shown, fields)
    in `side_file`, from the CSVs, as `insert_sql` and the INSERT ... SELECT of the
    loaded table would: the same rows in the same order, rowids 1, 2, ... (the rowids
    a table's rows get as they are inserted), an empty cell NULL (`nullif`, as there)."""
    conn = sqlite3.connect(side_file, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        for name, path, shown, fields in sources:
            wanted = [f for f in fields if f["name"] in FTS_COLUMNS[name]]
            columns = [f["name"] for f in wanted]
            conn.execute(_fts_sql(name, columns))
            rows = (
                [rowid, *row] for rowid, row in enumerate(typed_rows(path, shown, wanted), start=1)
            )
            conn.execute("BEGIN")
            conn.executemany(
                f"INSERT INTO {_quote(name + '_fts')} (rowid, {', '.join(map(_quote, columns))}) "
                f"VALUES (?, {_empty_is_null(len(columns))})",
                rows,
            )
            conn.execute("COMMIT")
    finally:
        conn.close()


def _index_in_child(side_file: str, sources: list, report: Connection) -> None:
    try:
        index_texts(side_file, sources)
    except DatabaseError as error:
        report.send(str(error))
    except BaseException as error:  # a message for the parent, which raises it
        report.send(f"{side_file}: full-text indexing failed: {error!r}")
    else:
        report.send(None)


class FullTextIndexes:
    """The full-text indexes of `FTS_COLUMNS`, built beside the load, in a second process.

    Indexing the texts is a fifth of `parley db`'s work and needs nothing but the
    CSVs, so a forked process runs `index_texts` into a side file while this one
    loads the tables (a thread would not do: SQLite gives the GIL back at every
    row, and two threads handing it over thousands of times a second spend more
    CPU than they save). `copy_into` then copies the side file's shadow tables
    into the database: the rows the INSERT ... SELECT from the loaded table made
    (tests/test_db.py compares them, and runs FTS5's integrity check). Where
    there is no fork, the indexes are filled first, in this process.
    """

    def __init__(self, side_file: str, sources: list[tuple[str, Path, str, list[dict]]]):
        self.side_file = side_file
        self.names = [name for name, *_ in sources]
        self.process: multiprocessing.process.BaseProcess | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            index_texts(side_file, sources)  # no second process: one after the other
            return
        context = multiprocessing.get_context("fork")
        self.messages, report = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_index_in_child, args=(side_file, sources, report), daemon=True
        )
        self.process.start()
        report.close()

    def wait(self) -> None:
        """Wait until the indexes are filled; raise a DatabaseError if that failed."""
        if self.process is None:
            return
        try:
            message = self.messages.recv()
        except EOFError:
            message = f"{self.side_file}: the full-text indexing process ended without a word"
        self.stop()
        if message is not None:
            raise DatabaseError(message)

    def stop(self) -> None:
        """Stop the process, if it still runs (a load that failed does not wait for it)."""
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join()
            self.messages.close()
            self.process = None

    def copy_into(self, conn: sqlite3.Connection) -> None:
        """Replace the shadow tables of the (created, empty) indexes by the side file's."""
        self.wait()
        conn.execute("ATTACH DATABASE ? AS side", (self.side_file,))
        try:
            conn.execute("BEGIN")
            for name in self.names:
                for suffix in FTS_SHADOW_TABLES:
                    table = _quote(f"{name}_fts_{suffix}")
                    conn.execute(f"DELETE FROM main.{table}")
                    conn.execute(f"INSERT INTO main.{table} SELECT * FROM side.{table}")
            conn.execute("COMMIT")
        finally:
            conn.execute("DETACH DATABASE side")


def _create_derived_tables(conn: sqlite3.Connection) -> None:
    for table in DERIVED_TABLES:
        conn.execute(table.create_sql())
        conn.execute(table.insert_sql())
        for columns in table.indexes:
            conn.execute(index_sql(table.name, columns))
        for column in table.columns:
            if column.references:
                conn.execute(index_sql(table.name, [column.name]))


def build_database(datapackage: Path, out_file: Path) -> dict[str, int]:
    """Write the SQLite file; return the row count of each resource's table."""
    descriptor, schemas = read_descriptor_schemas(datapackage)
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        clean_litter(out_file.parent, out_file.name)  # what a killed `parley db` left
        fd, temporary = tempfile.mkstemp(
            dir=out_file.parent, prefix=f".{out_file.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise os_error(error, error.filename or out_file.parent) from None
    # SQLite takes the empty file for a new database; the lock marks it as this run's.
    hold(fd)
    os.fchmod(fd, ordinary_mode())  # mkstemp's 0600 would stay after the rename
    try:
        return _write_database(descriptor, schemas, datapackage, temporary, out_file)
    except (OSError, sqlite3.OperationalError) as error:
        intact = f"{out_file} is as it was" if out_file.exists() else "nothing written"
        if isinstance(error, OSError):
            raise os_error(error, error.filename or out_file, intact=intact) from None
        full = "full" in str(error)
        raise DatabaseError(
            "no space left on the device" if full else f"cannot write: {error}",
            file=out_file,
            hint=("free some space and run it again; " if full else "") + intact,
        ) from None
    finally:
        os.close(fd)
        for suffix in ("", "-journal", "-wal", "-shm", "-fts", "-fts-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary + suffix)


def write_database(datapackage: Path, out_file: Path) -> dict[str, int]:
    """`parley db`: `build_database` while holding the file's lock (`database_lock`).

    A file that a running `parley serve` serves is refused (`DatabaseInUse`).
    """
    with database_lock(out_file):
        return build_database(datapackage, out_file)


def _write_database(
    descriptor: dict,
    schemas: dict[str, dict],
    datapackage: Path,
    temporary: str,
    out_file: Path,
) -> dict[str, int]:
    # Autocommit: `_fill` says where its transaction begins and ends.
    conn = sqlite3.connect(temporary, isolation_level=None)
    try:
        counts = _fill(conn, descriptor, schemas, datapackage, temporary + "-fts")
    finally:
        conn.close()
    # The file is private until renamed: written without a journal or a sync per
    # transaction, then made durable once, before it takes the target's place.
    with open(temporary, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, out_file)
    return counts


def _fill(
    conn: sqlite3.Connection,
    descriptor: dict,
    schemas: dict[str, dict],
    datapackage: Path,
    side_file: str,
) -> dict[str, int]:
    """Create and load every resource's table; return the row count of each."""
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    for resource in descriptor["resources"]:
        for field in schemas[resource["name"]]["fields"]:
            if field["type"] not in SQLITE_TYPES:
                raise DatabaseError(
                    f"{resource['path']}: column {field['name']} is of type "
                    f"{field['type']!r}, which parley db does not store; run `parley validate`"
                )
    full_text = FullTextIndexes(
        side_file,
        [
            (r["name"], datapackage.parent / r["path"], r["path"], schemas[r["name"]]["fields"])
            for r in descriptor["resources"]
            if r["name"] in FTS_COLUMNS
        ],
    )
    try:
        counts = {}
        for resource in descriptor["resources"]:
            name = resource["name"]
            schema = schemas[name]
            fields = schema["fields"]
            conn.execute(create_table_sql(name, schema))
            rows = TypedRows(datapackage.parent / resource["path"], resource["path"], fields)
            conn.execute("BEGIN")  # one transaction per table
            try:
                counts[name] = conn.executemany(insert_sql(name, fields), rows).rowcount
            except sqlite3.IntegrityError as error:  # an empty required cell, a repeated key
                raise DatabaseError(
                    f"{resource['path']}: row {rows.number}: {error}; run `parley validate` "
                    "for every problem"
                ) from None
            conn.execute("COMMIT")
            for columns, _, _ in _foreign_keys(name, schema):
                conn.execute(index_sql(name, columns))
            for index in EXTRA_INDEXES.get(name, []):
                conn.execute(index_sql(name, index))
            if name in FTS_COLUMNS:
                conn.execute(_fts_sql(name, FTS_COLUMNS[name]))  # filled by `full_text`
        _create_derived_tables(conn)
        problems = list(conn.execute("PRAGMA foreign_key_check"))
        if problems:
            raise DatabaseError(f"{datapackage}: foreign keys do not hold: {problems[:5]}")
        full_text.copy_into(conn)
    finally:
        full_text.stop()  # a failed load does not wait for it
    # Statistics let SQLite's planner pick the indexes above for facets and sorts.
    conn.execute("ANALYZE")
    # No VACUUM: the file was written in one pass, nothing deleted, so it has no free
    # pages; rebuilding it made it 0.7% smaller (10,000 synth articles) for 0.5 s of CPU.
    return counts
