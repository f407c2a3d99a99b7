"""parley/rows.py: records -> the rows of each resource, and the maintainer task "add a column"."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from helpers import claim, copy_seeds, rows, tiny_reference

from parley import package
from parley import rows as rows_module
from parley.build import build
from parley.errors import ParleyError
from parley.records import DateInterval, Office, Person
from parley.resolve import Meeting, resolve_meetings
from parley.rows import (
    article_meeting_rows,
    meeting_participant_rows,
    meeting_rows,
    meeting_title,
    meeting_topic_rows,
    office_rows,
    place_rows,
)

D = dt.date
MAR10 = D(2021, 3, 10)
REFERENCE = tiny_reference()
VIENNA = REFERENCE.places["vienna"]
ON_MAR10 = DateInterval.day(MAR10)


def office(role, title, country, start=None, end=None):
    return Office(role, title, country, start, end)


PEOPLE = {
    "anna-berg": Person(
        "anna-berg",
        "Anna Berg",
        "AT",
        True,
        (
            office("foreign_minister", "Foreign Minister", "AT", D(2019, 1, 1), D(2021, 12, 31)),
            office("head_of_government", "Chancellor", "AT", D(2022, 1, 1)),
        ),
    ),
    "tomas-novak": Person("tomas-novak", "Tomas Novak", "CZ", False),
    "li-wei": Person(
        "li-wei", "Li Wei", "CN", True, (office("ambassador", "Ambassador", "CN", D(2015, 1, 1)),)
    ),
}


def meeting(
    interval=ON_MAR10,
    city=VIENNA,
    country="AT",
    people=("anna-berg", "tomas-novak"),
    kind="talks",
):
    return Meeting(
        meeting_id="m-000000000001",
        participants=people,
        interval=interval,
        city=city,
        country=country,
        kind=kind,
        status="held",
        status_as_of=D(2021, 3, 11),
        claims=(claim("a1", "held", MAR10, people=people), claim("a2", "held", people=people)),
    )


def test_a_meeting_row():
    assert meeting_rows([meeting(kind="sidelines")], PEOPLE, REFERENCE) == [
        {
            "meeting_id": "m-000000000001",
            "title": "Berg and Novak, talks on the sidelines in Vienna, 10 March 2021",
            "date_start": MAR10,
            "date_end": MAR10,
            "place_id": "vienna",
            "city": "Vienna",
            "country": "AT",
            "kind": "sidelines",
            "status": "held",
            "status_as_of": D(2021, 3, 11),
            "article_count": 2,
        }
    ]


@pytest.mark.parametrize(
    ("resolved", "title"),
    [
        (meeting(), "Berg and Novak, talks in Vienna, 10 March 2021"),
        (meeting(city=None), "Berg and Novak, talks in Austria, 10 March 2021"),
        (meeting(city=None, country="CZ"), "Berg and Novak, talks, 10 March 2021"),
        (
            meeting(city=None, country=None, kind="phone_call"),
            "Berg and Novak, phone call, 10 March 2021",
        ),
        (meeting(interval=None), "Berg and Novak, talks in Vienna"),
        (
            meeting(interval=DateInterval(D(2021, 3, 1), D(2021, 3, 31))),
            "Berg and Novak, talks in Vienna, March 2021",
        ),
        (
            meeting(people=("anna-berg", "li-wei", "tomas-novak"), kind="multilateral"),
            "Berg, Wei and Novak, multilateral meeting in Vienna, 10 March 2021",
        ),
    ],
)
def test_a_meeting_title_says_who_what_where_and_when(resolved, title):
    assert meeting_title(resolved, PEOPLE, REFERENCE) == title


@pytest.mark.parametrize(
    ("interval", "anna_berg"),
    [
        (DateInterval.day(MAR10), ("foreign_minister", "Foreign Minister", "AT")),
        (DateInterval.day(D(2022, 3, 10)), ("head_of_government", "Chancellor", "AT")),
        # No office covers the day: none, the person's own country.
        (DateInterval.day(D(2018, 3, 10)), ("other", None, "AT")),
        # Undated: the office held on the latest report's day (status_as_of, 11 March 2021).
        (None, ("foreign_minister", "Foreign Minister", "AT")),
    ],
)
def test_each_participant_with_the_office_held_on_the_day(interval, anna_berg):
    found = meeting_participant_rows([meeting(interval=interval)], PEOPLE)
    assert found == [
        {
            "meeting_id": "m-000000000001",
            "person_id": "anna-berg",
            "role": anna_berg[0],
            "title": anna_berg[1],
            "country": anna_berg[2],
        },
        # No office known: "other", and the person's own country.
        {
            "meeting_id": "m-000000000001",
            "person_id": "tomas-novak",
            "role": "other",
            "title": None,
            "country": "CZ",
        },
    ]


def test_each_article_link_and_agenda_topic_of_resolved_claims():
    claims = [
        claim("a2", "held", MAR10, at=80, expression="yesterday", topics=(("iran", "on Iran"),)),
        claim("a2", "held", MAR10, at=10, expression="on Monday"),
        claim("a1", "planned", None, at=30, topics=(("trade", "to discuss trade"),)),
    ]
    [resolved] = resolve_meetings(claims, {"a1": None, "a2": None}, REFERENCE)
    mid = resolved.meeting_id
    assert article_meeting_rows([resolved]) == [
        {
            "article_id": "a2",
            "meeting_id": mid,
            "reported_status": "held",
            "reported_date_start": MAR10,
            "reported_date_end": MAR10,
            "date_expression": "on Monday",
            "quote": "held talks",
            "char_start": 10,
            "char_end": 20,
        },
        {
            "article_id": "a1",
            "meeting_id": mid,
            "reported_status": "planned",
            "reported_date_start": None,
            "reported_date_end": None,
            "date_expression": None,
            "quote": "planned talks",
            "char_start": 30,
            "char_end": 43,
        },
    ]
    assert meeting_topic_rows([resolved]) == [
        {
            "meeting_id": mid,
            "topic_id": "trade",
            "basis": "agenda",
            "article_id": "a1",
            "quote": "to discuss trade",
        },
        {
            "meeting_id": mid,
            "topic_id": "iran",
            "basis": "agenda",
            "article_id": "a2",
            "quote": "on Iran",
        },
    ]


def test_places_are_the_cities_of_meetings_once_each():
    found = place_rows([meeting(), meeting(), meeting(city=None)], REFERENCE)
    assert found == [
        {
            "place_id": "vienna",
            "name": "Vienna",
            "country": "AT",
            "latitude": 0.0,
            "longitude": 0.0,
            "geonames_id": None,
        }
    ]


def test_offices_are_named_by_person_role_and_start():
    assert [r["office_id"] for r in office_rows(PEOPLE.values())] == [
        "anna-berg--foreign_minister--2019-01-01",
        "anna-berg--head_of_government--2022-01-01",
        "li-wei--ambassador--2015-01-01",
    ]
    assert office_rows([Person("x", "X", "AT", False, (office("other", "Envoy", "AT"),))]) == [
        {
            "office_id": "x--other--undated",
            "person_id": "x",
            "role": "other",
            "title": "Envoy",
            "country": "AT",
            "date_start": None,
            "date_end": None,
            "attested_start": None,
            "attested_end": None,
        }
    ]


def test_an_attested_office_gives_its_days_apart_from_a_term():
    seen = Office("head_of_state", "President", "AZ", D(2022, 3, 1), D(2022, 6, 1), "attested")
    term = Office("head_of_state", "President", "AZ", D(2003, 10, 31), None)
    rows = office_rows(
        [Person("a", "A", "AZ", True, (seen,)), Person("b", "B", "AZ", True, (term,))]
    )
    assert [
        (r["date_start"], r["date_end"], r["attested_start"], r["attested_end"]) for r in rows
    ] == [
        (None, None, D(2022, 3, 1), D(2022, 6, 1)),
        (D(2003, 10, 31), None, None, None),
    ]


# --- Rows and schemas agree


# --- The maintainer task "add a column": the schema, and one function of rows.py


@pytest.fixture
def schemas_with_a_new_column(tmp_path, monkeypatch):
    """A copy of schemas/ whose meetings schema has one more column: participant_count."""
    folder = tmp_path / "schemas"
    shutil.copytree(package.SCHEMAS_DIR, folder)
    path = folder / "meetings.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["fields"].append(
        {
            "name": "participant_count",
            "title": "Participants",
            "description": "How many officials took part.",
            "type": "integer",
        }
    )
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    monkeypatch.setattr(package, "SCHEMAS_DIR", folder)
    return folder


def test_a_new_column_in_the_schema_and_in_its_row_function_is_written(
    schemas_with_a_new_column, tmp_path, monkeypatch
):
    original = rows_module.meeting_rows

    def meeting_rows_with_a_count(meetings, people, reference):
        meetings = list(meetings)
        found = original(meetings, people, reference)
        for row, resolved in zip(found, meetings, strict=True):
            row["participant_count"] = len(resolved.participants)
        return found

    monkeypatch.setattr(rows_module, "meeting_rows", meeting_rows_with_a_count)
    out = tmp_path / "out"
    build(copy_seeds(tmp_path), out)
    meetings = rows(out, "meetings")
    counts: dict[str, int] = {}
    for row in rows(out, "meeting_participants"):
        counts[row["meeting_id"]] = counts.get(row["meeting_id"], 0) + 1
    assert meetings and list(meetings[0])[-1] == "participant_count"
    assert {m["meeting_id"]: int(m["participant_count"]) for m in meetings} == counts
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    [resource] = [r for r in descriptor["resources"] if r["name"] == "meetings"]
    assert resource["schema"]["fields"][-1]["name"] == "participant_count"


def test_a_new_column_in_the_schema_alone_is_refused_and_nothing_is_written(
    schemas_with_a_new_column, tmp_path
):
    out = tmp_path / "out"
    with pytest.raises(ParleyError, match="meetings.*'participant_count'"):
        build(copy_seeds(tmp_path), out)
    assert not out.exists()


@pytest.mark.parametrize(
    ("person_id", "name", "expected"),
    [
        ("wang-yi", "Wang Yi", "Wang"),  # a curated short name: the family name first
        ("someone-new", "Surangel Whipps Jr.", "Whipps"),
        ("someone-else", "Ana Ruiz III", "Ruiz"),
        ("one-word", "Munkhjin", "Munkhjin"),
    ],
)
def test_a_title_names_a_person_by_surname(person_id, name, expected, reference):
    from parley.records import Person
    from parley.rows import title_name

    assert title_name(Person(person_id, name, "US", False), reference) == expected
