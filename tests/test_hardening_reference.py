"""Bad reference data the loader once accepted silently: each is rejected with the file,
the entry and the rule it breaks (and the build stops before touching its output).
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from parley.paths import REFERENCE_DIR
from parley.reference import ReferenceDataError, load_reference


def copied(tmp_path: Path) -> Path:
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, directory)
    return directory


def edit(directory: Path, name: str, change) -> Path:
    path = directory / f"{name}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    content = path.read_text(encoding="utf-8")
    at = -1
    for _ in range(occurrence):
        at = content.index(text, at + 1)
    return content.count("\n", 0, at) + 1


def message(directory: Path) -> str:
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(directory)
    return str(raised.value)


def _index(entries: list[dict], key: str, value: str) -> int:
    return next(i for i, e in enumerate(entries) if e[key] == value)


@pytest.mark.parametrize(
    ("name", "list_key", "id_key", "value"),
    [
        ("countries", "countries", "code", "RU"),
        ("places", "places", "place_id", "moscow"),
        ("topics", "topics", "topic_id", "arms-control"),
        ("sources", "sources", "source_id", "reuters"),
    ],
)
def test_an_id_used_twice_is_rejected(tmp_path, name, list_key, id_key, value):
    directory = copied(tmp_path)

    def duplicate(document):
        entries = document[list_key]
        twin = copy.deepcopy(entries[_index(entries, id_key, value)])
        if "name" in twin:
            twin["name"] = "Shadow " + twin["name"]
        entries.append(twin)

    path = edit(directory, name, duplicate)
    document = json.loads(path.read_text(encoding="utf-8"))
    first = _index(document[list_key], id_key, value)
    last = len(document[list_key]) - 1
    line = line_of(path, f'"{id_key}": "{value}"', 2)
    assert message(directory) == (
        f"{path}: line {line}, {list_key}[{last}]: {id_key} {value!r} is used twice "
        f"(first at {list_key}[{first}]) (rule: unique {id_key})"
    )


@pytest.mark.parametrize(
    ("name", "list_key", "id_key", "field"),
    [
        ("places", "places", "place_id", "country"),
        ("sources", "sources", "source_id", "country"),
        ("people", "people", "person_id", "country"),
        ("people", "people", "person_id", "offices[0].country"),
    ],
)
def test_an_unknown_country_code_is_rejected(tmp_path, name, list_key, id_key, field):
    directory = copied(tmp_path)
    holder = {}

    def unknown(document):
        entries = document[list_key]
        index = next(i for i, e in enumerate(entries) if e.get("country"))
        entry = entries[index]
        target = entry["offices"][0] if field.startswith("offices") else entry
        target["country"] = "XQ"
        holder.update(index=index, id=entry[id_key])

    path = edit(directory, name, unknown)
    line = line_of(path, f'"{id_key}": "{holder["id"]}"')
    listed = "countries.json or roles.json bodies" if name == "people" else "countries.json"
    assert message(directory).splitlines()[0] == (
        f"{path}: line {line}, {list_key}[{holder['index']}].{field}: 'XQ' is not a country "
        f"code in {listed} (rule: known country)"
    )


def test_two_holders_of_one_office_at_once_are_rejected(tmp_path):
    directory = copied(tmp_path)

    def second_president(document):
        people = document["people"]
        trump = people[_index(people, "person_id", "donald-trump")]
        term = next(o for o in trump["offices"] if o["start"] == "2017-01-20")
        pence = people[_index(people, "person_id", "mike-pence")]
        pence["offices"].append(dict(term, start="2019-03-01", end="2019-04-01"))

    path = edit(directory, "people", second_president)
    assert message(directory) == (
        f"{path}: mike-pence: office 'President' (US) from 2019-03-01, while donald-trump "
        "holds it until 2021-01-20 (rule: one holder of an office at a time; fix a date, or "
        "list the role in roles.json shared_offices)"
    )


def test_an_acting_holder_overlapping_the_holder_is_rejected_and_handover_days_are_not(
    tmp_path,
):
    directory = copied(tmp_path)

    def acting(document):
        people = document["people"]
        pompeo = people[_index(people, "person_id", "mike-pompeo")]
        office = next(o for o in pompeo["offices"] if o["title"] == "Secretary of State")
        office["start"] = "2018-04-20"  # six days before the acting secretary left

    path = edit(directory, "people", acting)
    assert message(directory) == (
        f"{path}: mike-pompeo: office 'Secretary of State' (US) from 2018-04-20, while "
        "john-j-sullivan holds it until 2018-04-26 (rule: one holder of an office at a time; "
        "fix a date, or list the role in roles.json shared_offices)"
    )


def test_shared_offices_may_have_several_holders(tmp_path):
    directory = copied(tmp_path)
    edit(directory, "roles", lambda d: d.update(shared_offices=[]))
    assert "office 'Deputy Minister of Foreign Affairs' (RU)" in message(directory)
    assert load_reference(REFERENCE_DIR).people["sergei-ryabkov"]  # listed in the real file


def _trips(directory: Path, change) -> Path:
    path = directory / "trips.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    change(lines)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_an_unknown_traveller_is_rejected(tmp_path):
    directory = copied(tmp_path)
    path = _trips(
        directory,
        lambda lines: lines.__setitem__(
            5, lines[5].replace(lines[5].split(",")[1], "nobody-known", 1)
        ),
    )
    trip = path.read_text(encoding="utf-8").split("\n")[5].split(",")[0]
    assert message(directory) == (
        f"{path}: line 6: trip {trip}: person_id 'nobody-known' is not in people.json "
        "(rule: every traveller is a curated person)"
    )


def test_a_trip_id_used_twice_is_rejected(tmp_path):
    directory = copied(tmp_path)

    def twice(lines):
        lines.insert(8, lines[3])

    path = _trips(directory, twice)
    trip = path.read_text(encoding="utf-8").split("\n")[3].split(",")[0]
    assert message(directory) == (
        f"{path}: line 9: trip_id {trip} is used twice (first on line 4) (rule: trip_id is unique)"
    )
