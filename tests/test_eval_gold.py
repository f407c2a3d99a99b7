"""The gold format: its JSON Schemas, the dev-set gold files against them, and broken files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from parley.evaluate import (
    GOLD_SCHEMA,
    PEOPLE_SCHEMA,
    EvaluationError,
    gold_problems,
    load_gold,
    load_people,
    schema_problems,
)
from parley.paths import PROJECT_ROOT

DEVSET = PROJECT_ROOT.parent / "shared" / "devset"
needs_devset = pytest.mark.skipif(
    not (DEVSET / "gold").is_dir(), reason=f"no dev set at {DEVSET} (it lives beside the checkout)"
)

PEOPLE = {"Barack Obama": {"country": "US"}, "Angela Merkel": {"country": "DE", "aliases": []}}
VALID = {
    "file": "a1.txt",
    "published": {"earliest": "2020-05-05", "latest": "2020-05-05", "basis": "stated"},
    "publisher": "Test",
    "interactions": [
        {
            "date_earliest": "2020-05-04",
            "date_latest": None,
            "participants": ["Barack Obama", "Angela Merkel"],
            "city": "Berlin",
            "country": "DE",
            "status": "held",
            "kind": "talks",
            "optional": False,
            "evidence": "Obama met Merkel in Berlin on Monday.",
        }
    ],
    "topics": ["trade"],
    "cited_sources": [],
}


@pytest.mark.parametrize("schema", [GOLD_SCHEMA, PEOPLE_SCHEMA], ids=lambda p: p.name)
def test_the_schemas_are_valid_json_schemas(schema):
    jsonschema.Draft202012Validator.check_schema(json.loads(schema.read_text(encoding="utf-8")))


def test_the_schemas_are_not_resource_schemas_of_the_package():
    descriptor = json.loads((PROJECT_ROOT / "datapackage.json").read_text(encoding="utf-8"))
    paths = {
        Path(r["schema"]).name for r in descriptor["resources"] if isinstance(r["schema"], str)
    }
    assert GOLD_SCHEMA.parent != PROJECT_ROOT / "schemas"
    assert not {GOLD_SCHEMA.name, PEOPLE_SCHEMA.name} & paths


def test_a_valid_document_has_no_problems():
    assert gold_problems(VALID) == []


def _broken(**changes) -> dict:
    document = json.loads(json.dumps(VALID))
    for path, value in changes.items():
        node = document
        *parents, last = path.split("__")
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is KeyError:
            del node[last]
        else:
            node[last] = value
    return document


@pytest.mark.parametrize(
    "changes, problem",
    [
        ({"file": KeyError}, "(top level): 'file' is a required property"),
        (
            {"interactions__0__status": "happened"},
            "interactions[0].status: 'happened' is not one of",
        ),
        ({"interactions__0__kind": "dinner"}, "interactions[0].kind: 'dinner' is not one of"),
        (
            {"interactions__0__date_latest": "4 May 2020"},
            "interactions[0].date_latest: '4 May 2020'",
        ),
        ({"interactions__0__country": "Germany"}, "interactions[0].country: 'Germany'"),
        (
            {"interactions__0__participants": "Obama"},
            "interactions[0].participants: 'Obama' is not",
        ),
        ({"interactions__0__evidence": KeyError}, "interactions[0]: 'evidence' is a required"),
        ({"published__earliest": "2020-13-01"}, "published.earliest: '2020-13-01'"),
        ({"published__latest": "2020-05-01"}, "published: earliest is after latest"),
        ({"interactions__0__date_latest": "2020-05-01"}, "interactions[0]: date_earliest is after"),
        (
            {"interactions__0__optinal": True},
            "interactions[0]: Additional properties are not allowed",
        ),
        ({"publishd": {}}, "(top level): Additional properties are not allowed ('publishd'"),
    ],
)
def test_a_broken_document_names_where_and_what(changes, problem):
    problems = gold_problems(_broken(**changes))
    assert problems and problems[0].startswith(problem), problems


def test_a_participant_must_be_in_the_people_file(tmp_path):
    people_file = tmp_path / "people.json"
    people_file.write_text(json.dumps({"Barack Obama": {"country": "US"}}))
    problems = gold_problems(VALID, load_people(people_file))
    assert problems == ["interactions[0]: participant 'Angela Merkel' is not in the people file"]


def test_a_broken_gold_file_is_reported_with_its_file_name(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a1.json").write_text(json.dumps(VALID))
    (gold / "a2.json").write_text(json.dumps(_broken(interactions__0__status="maybe")))
    with pytest.raises(EvaluationError) as caught:
        load_gold(gold)
    assert str(caught.value).startswith(
        f"{gold / 'a2.json'}: not a valid gold file: interactions[0].status: 'maybe' is not one of"
    )


def test_an_empty_gold_folder_is_reported(tmp_path):
    with pytest.raises(EvaluationError, match="no gold files"):
        load_gold(tmp_path)


@pytest.mark.parametrize(
    "document, problem",
    [
        (
            {"Barack Obama": {"aliases": ["Obama"]}},
            "Barack Obama: 'country' is a required property",
        ),
        ({"Barack Obama": {"country": "USA"}}, "Barack Obama.country: 'USA' does not match"),
        ([], "(top level): [] is not of type 'object'"),
    ],
)
def test_a_broken_people_file_is_reported_with_its_name(tmp_path, document, problem):
    path = tmp_path / "people.json"
    path.write_text(json.dumps(document))
    with pytest.raises(EvaluationError) as caught:
        load_people(path)
    assert str(caught.value).startswith(f"{path}: not a valid people file: {problem}")


@needs_devset
def test_every_dev_set_gold_file_is_valid():
    people = load_people(DEVSET / "people.json")
    files = sorted((DEVSET / "gold").glob("*.json"))
    assert len(files) == 30
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert gold_problems(document, people) == [], path.name
    assert len(load_gold(DEVSET / "gold", people)) == 30


@needs_devset
def test_a_broken_copy_of_a_dev_set_gold_file_is_named(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for path in sorted((DEVSET / "gold").glob("*.json")):
        (gold / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    broken = json.loads((gold / "d07.json").read_text(encoding="utf-8"))
    broken["interactions"][0]["status"] = "took place"
    (gold / "d07.json").write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(EvaluationError) as caught:
        load_gold(gold, load_people(DEVSET / "people.json"))
    assert str(caught.value).startswith(f"{gold / 'd07.json'}: not a valid gold file:")
    assert "'took place' is not one of" in str(caught.value)


def test_the_examples_of_the_format_document_are_valid():
    text = (PROJECT_ROOT / "docs" / "gold-format.md").read_text(encoding="utf-8")
    blocks = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.DOTALL)]
    people, gold = blocks
    assert schema_problems(people, PEOPLE_SCHEMA) == []
    assert gold_problems(gold) == []
