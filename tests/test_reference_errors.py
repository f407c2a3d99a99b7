"""A broken curated file stops the build with the file, the line or entry, and the rule broken.

Each case copies reference/ to a temporary folder, makes one typical
mistake in people, sources, places or topics, and checks the message.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley import build as build_module
from parley.build import BuildError, build
from parley.cli import main
from parley.paths import REFERENCE_DIR
from parley.reference import ReferenceDataError, load_reference

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _set(path: list, value) -> Callable[[dict], None]:
    def mutate(document: dict) -> None:
        node = document
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return mutate


def _delete(path: list) -> Callable[[dict], None]:
    def mutate(document: dict) -> None:
        node = document
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return mutate


def broken_reference(tmp_path: Path, file: str, mutate: Callable[[dict], None]) -> Path:
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, directory)
    path = directory / f"{file}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    mutate(document)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return directory


def line_of(path: Path, text: str) -> int:
    """The line of the first occurrence of `text`: where the loader locates an entry."""
    content = path.read_text(encoding="utf-8")
    return content.count("\n", 0, content.index(text)) + 1


ENTRY_ERRORS = [
    # (file, entry index, id key, mutation, where, message and rule)
    (
        "people",
        3,
        "person_id",
        _delete(["people", 3, "name"]),
        "people[3]",
        "'name' is a required property (rule: required)",
    ),
    (
        "people",
        3,
        "person_id",
        _set(["people", 3, "offices", 0, "start"], "2019-13-01"),
        "people[3].offices[0].start",
        "'2019-13-01' does not match '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' "
        "(rule: pattern)",
    ),
    (
        "people",
        3,
        "person_id",
        _set(["people", 3, "offices", 0, "role"], "king"),
        "people[3].offices[0].role",
        "'king' is not one of ['head_of_state', 'head_of_government', 'foreign_minister', "
        "'national_security_adviser', 'foreign_policy_aide', 'vice_president', "
        "'deputy_foreign_minister', 'defence_minister', 'spokesperson', 'ambassador', "
        "'secretary_general', 'under_secretary', 'assistant_secretary'] (rule: enum)",
    ),
    (
        "people",
        3,
        "person_id",
        # Codes are 2 upper-case letters (countries) or a body's code listed in the schema.
        _set(["people", 3, "country"], "USA"),
        "people[3].country",
        "'USA' does not match '^([A-Z]{2}|NATO|ASEAN|OECD|OSCE|OAS|IAEA|WHO|GCC|ARAB|CARICOM|"
        "ECOWAS|AFU|IMF|WTO|ICRC|OIC)$' (rule: pattern)",
    ),
    (
        "people",
        3,
        "person_id",
        _set(["people", 3, "nickname"], "Bubba"),
        "people[3]",
        "Additional properties are not allowed ('nickname' was unexpected) "
        "(rule: additionalProperties)",
    ),
    (
        "people",
        3,
        "person_id",
        _set(["people", 3, "short_names"], []),
        "people[3].short_names",
        "[] should be non-empty (rule: minItems)",
    ),
    (
        "sources",
        2,
        "source_id",
        _set(["sources", 2, "kind"], "blog"),
        "sources[2].kind",
        "'blog' is not one of ['news_outlet', 'wire_agency', 'photo_agency', 'broadcaster', "
        "'government_body', 'international_body'] (rule: enum)",
    ),
    (
        "sources",
        2,
        "source_id",
        _delete(["sources", 2, "names"]),
        "sources[2]",
        "'names' is a required property (rule: required)",
    ),
    (
        "places",
        5,
        "place_id",
        _set(["places", 5, "latitude"], 123.0),
        "places[5].latitude",
        "123.0 is greater than the maximum of 90 (rule: maximum)",
    ),
    (
        "places",
        5,
        "place_id",
        _set(["places", 5, "kind"], "village"),
        "places[5].kind",
        "'village' is not one of ['city', 'landmark'] (rule: enum)",
    ),
    (
        "topics",
        0,
        "topic_id",
        _set(["topics", 0, "aliases"], []),
        "topics[0].aliases",
        "[] should be non-empty (rule: minItems)",
    ),
]


@pytest.mark.parametrize(
    ("file", "index", "id_key", "mutate", "where", "message"),
    ENTRY_ERRORS,
    ids=[f"{case[0]}-{case[4]}-{case[5].split('(rule: ')[1][:-1]}" for case in ENTRY_ERRORS],
)
def test_a_schema_error_names_the_file_line_entry_and_rule(
    tmp_path, file, index, id_key, mutate, where, message
):
    directory = broken_reference(tmp_path, file, mutate)
    path = directory / f"{file}.json"
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry = entry["people" if file == "people" else "sources" if file == "sources" else file]
    line = line_of(path, json.dumps(entry[index][id_key]))
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(directory)
    assert str(raised.value) == f"{path}: line {line}, {where}: {message}"


def test_an_office_ending_before_it_starts_names_the_person_and_office(tmp_path):
    people = json.loads((REFERENCE_DIR / "people.json").read_text(encoding="utf-8"))["people"]
    person, office = people[3], people[3]["offices"][0]
    directory = broken_reference(
        tmp_path, "people", _set(["people", 3, "offices", 0, "end"], "1900-01-01")
    )
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(directory)
    assert str(raised.value) == (
        f"{directory / 'people.json'}: {person['person_id']}: office {office['title']!r} "
        f"starts {office['start']} after it ends 1900-01-01"
    )


def test_a_person_id_used_twice_is_named(tmp_path):
    people = json.loads((REFERENCE_DIR / "people.json").read_text(encoding="utf-8"))["people"]
    first = people[0]["person_id"]
    directory = broken_reference(tmp_path, "people", _set(["people", 4, "person_id"], first))
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(directory)
    assert str(raised.value) == (
        f"{directory / 'people.json'}: people: person_id {first!r} is used twice"
    )


def test_a_topic_under_an_unknown_parent_is_named(tmp_path):
    topics = json.loads((REFERENCE_DIR / "topics.json").read_text(encoding="utf-8"))["topics"]
    directory = broken_reference(tmp_path, "topics", _set(["topics", 1, "parent_id"], "no-such"))
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(directory)
    assert str(raised.value) == (
        f"{directory / 'topics.json'}: {topics[1]['topic_id']}: parent_id 'no-such' is not a topic"
    )


def test_a_cycle_of_parent_topics_is_named(tmp_path):
    topics = json.loads((REFERENCE_DIR / "topics.json").read_text(encoding="utf-8"))["topics"]
    child = next(t for t in topics if t["parent_id"] == topics[0]["topic_id"])
    directory = broken_reference(
        tmp_path, "topics", _set(["topics", 0, "parent_id"], child["topic_id"])
    )
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(directory)
    assert (
        f"{directory / 'topics.json'}: {topics[0]['topic_id']}: parent_id forms a cycle"
        in str(raised.value).splitlines()
    )


def test_a_landmark_in_an_unknown_city_is_named(tmp_path):
    places = json.loads((REFERENCE_DIR / "places.json").read_text(encoding="utf-8"))["places"]
    index = next(i for i, p in enumerate(places) if p["kind"] == "landmark")
    directory = broken_reference(tmp_path, "places", _set(["places", index, "city_id"], "atlantis"))
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(directory)
    assert str(raised.value) == (
        f"{directory / 'places.json'}: {places[index]['place_id']}: city_id 'atlantis' "
        "is not a place"
    )


@pytest.mark.parametrize(
    ("file", "edit", "message"),
    [
        (
            "places",
            lambda text: text.replace('"abidjan",', '"abidjan"', 1),
            "Expecting ',' delimiter",
        ),
        (
            "sources",
            lambda text: text.rstrip().removesuffix("}").rstrip() + ",\n}\n",
            "Expecting property name enclosed in double quotes",
        ),
    ],
    ids=["missing-comma", "trailing-comma"],
)
def test_a_json_syntax_error_names_the_line_and_column(tmp_path, file, edit, message):
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, directory)
    path = directory / f"{file}.json"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(directory)
    assert str(raised.value).startswith(f"{path}: line ")
    assert str(raised.value).endswith(f": not valid JSON: {message}")


def test_the_build_stops_before_touching_the_output(tmp_path):
    directory = broken_reference(tmp_path, "sources", _set(["sources", 2, "kind"], "blog"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "previous.csv").write_text("kept\n")
    with pytest.raises(BuildError, match=r"sources\.json: line \d+, sources\[2\]\.kind: 'blog'"):
        build(SEEDS, out, reference_dir=directory)
    assert [p.name for p in out.iterdir()] == ["previous.csv"]


def test_the_command_line_reports_it_without_a_traceback(tmp_path, monkeypatch):
    directory = broken_reference(tmp_path, "places", _set(["places", 5, "latitude"], 123.0))
    monkeypatch.setattr(build_module, "load_reference", lambda *_: load_reference(directory))
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {directory / 'places.json'}: line ")
    assert "places[5].latitude: 123.0 is greater than the maximum of 90 (rule: maximum)" in (
        result.stderr
    )
    assert "Traceback" not in result.output


def test_a_short_form_that_is_no_name_of_the_country_is_named(tmp_path):
    countries = json.loads((REFERENCE_DIR / "countries.json").read_text(encoding="utf-8"))
    index = next(i for i, c in enumerate(countries["countries"]) if c["code"] == "US")
    directory = broken_reference(
        tmp_path, "countries", _set(["countries", index, "short_forms"], ["US", "Y.S."])
    )
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(directory)
    line = line_of(directory / "countries.json", '"code": "US"')
    assert str(raised.value) == (
        f"{directory / 'countries.json'}: line {line}, countries[{index}].short_forms: 'Y.S.' is "
        "in neither names nor adjectives (rule: a short form is a name or an adjective)"
    )
