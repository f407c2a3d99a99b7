"""Stage 6, write: columns from the schemas, rows sorted by key, UTF-8 and \\n."""

import datetime as dt

import pytest

from parley.errors import ParleyError
from parley.package import RESOURCES, load_schemas
from parley.write import Runs, format_cell, render_csv, sort_key, write_csv

SCHEMA = {
    "fields": [
        {"name": "id", "type": "string"},
        {"name": "n", "type": "integer"},
        {"name": "day", "type": "date"},
        {"name": "ok", "type": "boolean"},
    ],
    "primaryKey": ["id"],
}


def test_columns_follow_the_schema_and_rows_the_key():
    rows = [
        {"ok": True, "id": "b", "n": 2, "day": dt.date(2019, 5, 14)},
        {"id": "a", "n": None, "day": None, "ok": False},
    ]
    assert render_csv(rows, SCHEMA) == b"id,n,day,ok\na,,,false\nb,2,2019-05-14,true\n"


def test_quotes_and_newlines_in_cells_are_escaped_and_utf8():
    data = render_csv(
        [{"id": 'Lavrov said: "yes,\nno" \u2014 ok', "n": 1, "day": None, "ok": None}], SCHEMA
    )
    assert data == 'id,n,day,ok\n"Lavrov said: ""yes,\nno"" \u2014 ok",1,,\n'.encode()


def test_rows_in_sorted_runs_are_merged_into_the_order_one_sort_gives():
    """The Dask workers' part files are runs sorted by `sort_key`; the writer merges them
    with the rows in any order, and writes what sorting every row at once writes."""
    schema = {**SCHEMA, "primaryKey": ["n", "id"]}  # an integer key first: 9 before 10
    rows = [
        {"id": f"r{k:02d}", "n": (k * 37) % 23, "day": dt.date(2021, 1, 1 + k % 28), "ok": k > 9}
        for k in range(60)
    ]
    runs = [sorted(rows[start:60:4], key=sort_key(schema)) for start in (1, 2, 3)]
    merged = render_csv(Runs(rows[0:60:4], runs, count=60), schema)
    assert merged == render_csv(rows, schema)
    # n = 0 for k = 0, 23, 46; then n = 1 for k = 5, 28, 51: by number, then by id.
    assert merged.split(b"\n")[1:5] == [
        b"r00,0,2021-01-01,false",
        b"r23,0,2021-01-24,true",
        b"r46,0,2021-01-19,true",
        b"r05,1,2021-01-06,false",
    ]
    assert len(Runs(rows[:3], [], count=3)) == 3


def test_more_runs_than_the_fan_in_are_merged_in_rounds_never_more_open_at_once(monkeypatch):
    """24 sorted runs with a fan-in of 3: two rounds into temporary runs (8, then 3), a last
    merge of 3; never more than 3 runs read at once, and the rows of one sort, equal keys
    in the order of their runs (the rows in any order first)."""
    from parley import write

    schema = {**SCHEMA, "primaryKey": ["n"]}  # many rows of each key: the order of runs shows
    rows = [
        {"id": f"r{k:03d}", "n": (k * 37) % 23, "day": dt.date(2021, 1, 1 + k % 28), "ok": k > 9}
        for k in range(200)
    ]
    key = sort_key(schema)
    reading, most = [0], [0]

    def part(run):  # read lazily, as the Dask client reads a part file
        reading[0] += 1
        most[0] = max(most[0], reading[0])
        try:
            yield from run
        finally:
            reading[0] -= 1

    made = []

    class Counted(write.TemporaryRun):
        def __init__(self, run):
            super().__init__(run)
            made.append(len(self))

    monkeypatch.setattr(write, "TemporaryRun", Counted)
    runs = [sorted(rows[start:200:25], key=key) for start in range(1, 25)]
    merged = render_csv(Runs(rows[0:200:25], [part(run) for run in runs], 200, fan_in=3), schema)
    in_run_order = rows[0:200:25] + [row for run in runs for row in run]
    assert merged == render_csv(sorted(in_run_order, key=key), schema)
    assert (most[0], reading[0]) == (3, 0)
    assert made == [24] * 8 + [72, 72, 48]
    # n = 0 for every k a multiple of 23: k = 0 in the rows in any order, then by run (run
    # k % 25 - 1): 184 (run 8), 161 (run 10), 138 (run 12), 115 (run 14), not by id.
    assert [line.split(b",")[0] for line in merged.split(b"\n")[1:6]] == [
        b"r000",
        b"r184",
        b"r161",
        b"r138",
        b"r115",
    ]


FULL_ROW = {"id": "a", "n": 1, "day": None, "ok": True}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {**FULL_ROW, "extra": 1},
            "meetings: row has columns not in the schema: ['extra'] "
            "(add them to schemas/meetings.json, or remove them from the rows)",
        ),
        (
            {"id": "a", "n": 1, "ok": True},
            "meetings: a row lacks the schema's column 'day' "
            "(add it to the rows, or remove it from schemas/meetings.json)",
        ),
        (
            {"id": "a", "n": 1},
            "meetings: a row lacks the schema's columns 'day', 'ok' "
            "(add them to the rows, or remove them from schemas/meetings.json)",
        ),
    ],
)
def test_a_row_without_exactly_the_schema_columns_is_refused(row, message):
    with pytest.raises(ParleyError) as caught:
        render_csv([FULL_ROW | {"id": "b"}, row], SCHEMA, "meetings")
    assert str(caught.value) == message


def test_write_csv_names_the_resource_by_its_file(tmp_path):
    with pytest.raises(ParleyError, match=r"^topics: a row lacks the schema's column 'ok' "):
        write_csv([{"id": "a", "n": 1, "day": None}], SCHEMA, tmp_path / "topics.csv")


@pytest.mark.parametrize(
    ("value", "cell"), [(None, ""), (True, "true"), (0, "0"), (55.7558, "55.7558")]
)
def test_format_cell(value, cell):
    assert format_cell(value) == cell


def test_every_resource_has_a_schema_with_titles_descriptions_and_a_key():
    schemas = load_schemas()
    assert set(schemas) == set(RESOURCES)
    for name, schema in schemas.items():
        assert schema["primaryKey"], name
        for field in schema["fields"]:
            assert field["title"] and field["description"] and field["type"], (name, field["name"])
        names = [f["name"] for f in schema["fields"]]
        for key in schema.get("foreignKeys", []):
            assert key["fields"] in names and key["reference"]["resource"] in (*RESOURCES, ""), name
