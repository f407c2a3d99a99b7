"""Stage 6, write: columns from the schemas, rows sorted by key, UTF-8 and \\n."""

import datetime as dt

import pytest

from parley.errors import ParleyError
from parley.package import RESOURCES, load_schemas
from parley.write import format_cell, render_csv, write_csv

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
