"""`parley db`: the data package as one SQLite file, checked in the real file."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from parley.db import (
    DERIVED_TABLES,
    EXTRA_INDEXES,
    FTS_COLUMNS,
    FTS_SHADOW_TABLES,
    DatabaseError,
    build_database,
    read_descriptor_schemas,
)


@pytest.fixture(scope="module")
def database(built_package, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("db") / "parley.db"
    build_database(built_package / "datapackage.json", out)
    return out


@pytest.fixture(scope="module")
def conn(database):
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def schemas(built_package) -> dict[str, dict]:
    return read_descriptor_schemas(built_package / "datapackage.json")[1]


def csv_path(package: Path, name: str) -> Path:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    return package / next(r["path"] for r in descriptor["resources"] if r["name"] == name)


def csv_rows(package: Path, name: str) -> list[dict]:
    with open(csv_path(package, name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_resource_is_a_table_with_its_columns_in_order(conn, schemas):
    for name, schema in schemas.items():
        columns = [row["name"] for row in conn.execute(f"PRAGMA table_info([{name}])")]
        assert columns == [f["name"] for f in schema["fields"]], name


def test_row_counts_match_the_csv_files(conn, schemas, built_package):
    for name in schemas:
        count = conn.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]
        assert count == len(csv_rows(built_package, name)), name


def test_primary_keys_match_the_schemas(conn, schemas):
    for name, schema in schemas.items():
        key = schema["primaryKey"]
        key = [key] if isinstance(key, str) else key
        info = sorted(
            (row["pk"], row["name"]) for row in conn.execute(f"PRAGMA table_info([{name}])")
        )
        assert [column for pk, column in info if pk] == key, name


def test_foreign_keys_match_the_schemas_and_each_has_an_index(conn, schemas):
    for name, schema in schemas.items():
        declared = {
            (fk["fields"], fk["reference"]["resource"] or name, fk["reference"]["fields"])
            for fk in schema.get("foreignKeys", [])
        }
        actual = {
            (row["from"], row["table"], row["to"])
            for row in conn.execute(f"PRAGMA foreign_key_list([{name}])")
        }
        assert actual == declared, name
        indexed = {
            tuple(r["name"] for r in conn.execute(f"PRAGMA index_info([{index['name']}])"))[0]
            for index in conn.execute(f"PRAGMA index_list([{name}])")
        }
        for column, _, _ in declared:
            assert column in indexed, f"{name}.{column} has no index"


def test_foreign_keys_hold(conn):
    assert list(conn.execute("PRAGMA foreign_key_check")) == []


def test_values_keep_their_types(conn, built_package):
    people = {r["person_id"]: r for r in csv_rows(built_package, "people")}
    for row in conn.execute("SELECT person_id, curated FROM people"):
        assert row["curated"] == (1 if people[row["person_id"]]["curated"] == "true" else 0)
    for row in conn.execute("SELECT typeof(latitude) AS t FROM places"):
        assert row["t"] == "real"
    for row in conn.execute("SELECT typeof(char_start) AS t FROM article_meetings"):
        assert row["t"] == "integer"
    # Empty CSV cells are NULL, not empty strings.
    empty = conn.execute("SELECT count(*) FROM meetings WHERE place_id = ''").fetchone()[0]
    assert empty == 0


def _typed(value: str, field_type: str):
    """A CSV cell as the table should hold it (written apart from parley.db's converters)."""
    if value == "":
        return None
    return {"integer": int, "number": float, "boolean": ("false", "true").index}.get(
        field_type, str
    )(value)


def _table_as_csv(connection, name: str, schema: dict) -> list[tuple]:
    columns = ", ".join(f'"{f["name"]}"' for f in schema["fields"])
    return list(map(tuple, connection.execute(f'SELECT {columns} FROM "{name}" ORDER BY rowid')))


def test_every_cell_is_the_csv_cell_typed_by_its_schema(conn, schemas, built_package):
    for name, schema in schemas.items():
        fields = schema["fields"]
        expected = [
            tuple(_typed(row[f["name"]], f["type"]) for f in fields)
            for row in csv_rows(built_package, name)
        ]
        assert _table_as_csv(conn, name, schema) == expected, name


def test_a_csv_with_its_columns_in_another_order_loads_the_same_rows(
    package_copy, conn, schemas, tmp_path
):
    path = csv_path(package_copy, "meetings")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([row[::-1] for row in rows])
    out = tmp_path / "reordered.db"
    build_database(package_copy / "datapackage.json", out)
    with sqlite3.connect(out) as reordered:
        loaded = _table_as_csv(reordered, "meetings", schemas["meetings"])
    assert loaded == _table_as_csv(conn, "meetings", schemas["meetings"])
    assert loaded  # the seeds have meetings


def test_the_file_is_written_without_free_pages(conn):
    # Why `parley db` does not VACUUM: there is nothing to reclaim.
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0


def test_full_text_search_finds_an_article_by_a_word_of_its_title(conn):
    article = conn.execute("SELECT rowid, title FROM articles ORDER BY article_id").fetchone()
    word = max(article["title"].replace("'", " ").split(), key=len).strip('.,:;!?"“”')
    found = [
        row[0]
        for row in conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [f'"{word}"']
        )
    ]
    assert article["rowid"] in found


def test_full_text_search_covers_evidence_quotes(conn):
    quote = conn.execute("SELECT rowid, quote FROM article_meetings LIMIT 1").fetchone()
    word = max(quote["quote"].split(), key=len).strip(".,:;!?\"“”'’")
    found = [
        row[0]
        for row in conn.execute(
            "SELECT rowid FROM article_meetings_fts WHERE article_meetings_fts MATCH ?",
            [f'"{word}"'],
        )
    ]
    assert quote["rowid"] in found


def _shadow_rows(connection, index: str) -> dict[str, list[tuple]]:
    return {
        suffix: [
            tuple(row)
            for row in connection.execute(f"SELECT * FROM [{index}_{suffix}] ORDER BY 1, 2")
        ]
        for suffix in FTS_SHADOW_TABLES
    }


def _index_from_the_loaded_table(database: Path, tmp_path: Path, name: str) -> dict:
    """The index as one INSERT ... SELECT from the loaded table makes it, in a copy."""
    copy = tmp_path / "copy.db"
    copy.write_bytes(database.read_bytes())
    connection = sqlite3.connect(copy)
    columns = ", ".join(f"[{c}]" for c in FTS_COLUMNS[name])
    connection.execute(
        f"CREATE VIRTUAL TABLE [{name}_check] USING FTS5 ({columns}, tokenize='porter', "
        f"content=[{name}])"
    )
    connection.execute(
        f"INSERT INTO [{name}_check] (rowid, {columns}) SELECT rowid, {columns} FROM [{name}]"
    )
    rows = _shadow_rows(connection, f"{name}_check")
    connection.close()
    return rows


@pytest.mark.parametrize("name", sorted(FTS_COLUMNS))
def test_the_full_text_index_made_beside_the_load_is_the_one_made_from_the_table(
    database, conn, tmp_path, name
):
    built = _shadow_rows(conn, f"{name}_fts")
    assert len(built["docsize"]) == conn.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]
    assert built == _index_from_the_loaded_table(database, tmp_path, name)


@pytest.mark.parametrize("name", sorted(FTS_COLUMNS))
def test_the_full_text_index_passes_fts5s_integrity_check(database, name):
    connection = sqlite3.connect(database)
    # Raises sqlite3.DatabaseError ("database disk image is malformed") on a bad index.
    connection.execute(f"INSERT INTO [{name}_fts] ([{name}_fts]) VALUES ('integrity-check')")
    connection.close()


def test_without_fork_the_indexes_are_filled_in_the_process_the_same(
    built_package, database, tmp_path, monkeypatch
):
    monkeypatch.setattr("multiprocessing.get_all_start_methods", lambda: ["spawn"])
    out = tmp_path / "parley.db"
    build_database(built_package / "datapackage.json", out)
    with sqlite3.connect(out) as mine, sqlite3.connect(database) as forked:
        for name in FTS_COLUMNS:
            assert _shadow_rows(mine, f"{name}_fts") == _shadow_rows(forked, f"{name}_fts")


def test_a_row_sqlite_refuses_is_named_and_leaves_no_file(package_copy, tmp_path):
    # A last line with one cell: its required cells are empty. The indexing process
    # reads the same file; the load's error is the one reported, and nothing is left.
    path = csv_path(package_copy, "articles")
    count = len(csv_rows(package_copy, "articles"))
    path.write_bytes(path.read_bytes() + b"lonely\n")
    out = tmp_path / "out" / "parley.db"
    with pytest.raises(DatabaseError) as raised:
        build_database(package_copy / "datapackage.json", out)
    assert str(raised.value) == (
        f"articles.csv: row {count + 2}: NOT NULL constraint failed: articles.seed_file; "
        "run `parley validate` for every problem"
    )
    assert list(out.parent.iterdir()) == []


def test_indexes_serve_the_default_sorts(conn):
    for table, indexes in EXTRA_INDEXES.items():
        for columns in indexes:
            plan = " ".join(
                row[3]
                for row in conn.execute(
                    f"EXPLAIN QUERY PLAN SELECT * FROM [{table}] "
                    f"ORDER BY [{columns[0]}] DESC LIMIT 51"
                )
            )
            assert "USING INDEX" in plan and "TEMP B-TREE" not in plan, (table, columns, plan)


def test_browse_meetings_has_one_row_per_meeting_with_its_people_and_topics(conn):
    meetings = {r["meeting_id"]: dict(r) for r in conn.execute("SELECT * FROM meetings")}
    browse = {r["meeting_id"]: dict(r) for r in conn.execute("SELECT * FROM browse_meetings")}
    assert browse.keys() == meetings.keys()
    for meeting_id, row in browse.items():
        meeting = meetings[meeting_id]
        assert row["status"] == meeting["status"]
        start, end = meeting["date_start"], meeting["date_end"]
        within_a_year = start is not None and start[:4] == end[:4]
        assert row["year"] == (int(start[:4]) if within_a_year else None)
        within_a_month = start is not None and start[:7] == end[:7]
        assert row["month"] == (start[:7] if within_a_month else None)
        assert (row["date_start"], row["date_end"]) == (start, end)
        people = sorted(
            r[0]
            for r in conn.execute(
                "SELECT p.name FROM meeting_participants mp JOIN people p USING (person_id) "
                "WHERE mp.meeting_id = ?",
                [meeting_id],
            )
        )
        assert sorted(json.loads(row["people"])) == people
        topics = sorted(
            r[0]
            for r in conn.execute(
                "SELECT t.label FROM meeting_topics mt JOIN topics t USING (topic_id) "
                "WHERE mt.meeting_id = ?",
                [meeting_id],
            )
        )
        assert sorted(json.loads(row["topics"])) == topics


def test_browse_articles_shares_the_articles_rowids_so_it_can_use_their_search_index(conn):
    pairs = conn.execute(
        "SELECT a.rowid, b.rowid FROM articles a JOIN browse_articles b USING (article_id)"
    ).fetchall()
    assert len(pairs) == conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert all(a == b for a, b in pairs)


def test_meeting_pairs_count_shared_meetings(conn):
    pairs = conn.execute("SELECT * FROM meeting_pairs").fetchall()
    assert pairs, "the seeds hold meetings with two participants"
    keyed = {(p["person_a"], p["person_b"]): dict(p) for p in pairs}
    for pair in pairs:
        # Both orders, with the same figures: a facet on person_a finds every pair.
        mirror = keyed[(pair["person_b"], pair["person_a"])]
        assert {k: v for k, v in mirror.items() if not k.startswith("person_")} == {
            k: v for k, v in dict(pair).items() if not k.startswith("person_")
        }
        shared = conn.execute(
            "SELECT count(*) FROM meeting_participants a JOIN meeting_participants b "
            "USING (meeting_id) WHERE a.person_id = ? AND b.person_id = ?",
            [pair["person_a"], pair["person_b"]],
        ).fetchone()[0]
        assert pair["meetings"] == shared
        assert pair["held"] + pair["planned"] + pair["cancelled"] == shared
        assert pair["first_date_start"] is None or (
            pair["first_date_start"] <= pair["first_date_end"] <= pair["last_date_end"]
        )


def test_derived_tables_are_declared_with_their_columns(conn):
    for table in DERIVED_TABLES:
        columns = [row["name"] for row in conn.execute(f"PRAGMA table_info([{table.name}])")]
        assert columns == [c.name for c in table.columns]
        assert table.title and table.description


def test_a_package_whose_foreign_keys_break_leaves_no_database(package_copy, tmp_path):
    meetings = csv_path(package_copy, "meeting_participants")
    lines = meetings.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    row = next(csv.reader([lines[1]]))
    row[header.index("person_id")] = "nobody-at-all"
    lines[1] = ",".join(f'"{v}"' if "," in v else v for v in row) + "\n"
    meetings.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out" / "parley.db"
    with pytest.raises(DatabaseError, match="foreign keys"):
        build_database(package_copy / "datapackage.json", out)
    assert not out.exists()
    assert list(out.parent.iterdir()) == []  # no temporary file left behind either


def test_an_unreadable_descriptor_is_a_clear_error(tmp_path):
    bad = tmp_path / "datapackage.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DatabaseError, match="line 1, column 2: not valid JSON"):
        build_database(bad, tmp_path / "parley.db")
