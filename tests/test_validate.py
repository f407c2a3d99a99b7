"""Stage 7, validate: a valid package passes; each broken cell is one exact error."""

import json

import pytest
from helpers import cell, edit

from parley.validate import validate_package


def problems(package):
    return [str(p) for p in validate_package(package / "datapackage.json")]


def test_the_built_package_is_valid(built_package):
    assert problems(built_package) == []


@pytest.mark.parametrize(
    ("resource", "column", "value", "expected"),
    [
        (
            "meetings",
            "date_start",
            "2019-13-03",
            "meetings.csv: row 2, column date_start: type error: '2019-13-03' is not a date",
        ),
        (
            "meeting_participants",
            "person_id",
            "nobody-known",
            "meeting_participants.csv: row 2, column person_id: foreign key error: 'nobody-known' is not a person_id in people",
        ),
        (
            "meetings",
            "kind",
            "picnic",
            "meetings.csv: row 2, column kind: constraint error: 'picnic' is not one of talks, visit, summit, sidelines, multilateral, phone_call, video_call",
        ),
        (
            "articles",
            "sha256",
            "not-a-hash",
            "articles.csv: row 2, column sha256: constraint error: 'not-a-hash' does not match the pattern ^[0-9a-f]{64}$",
        ),
    ],
    ids=["bad-date", "dangling-foreign-key", "unknown-category", "bad-pattern"],
)
def test_one_broken_cell_is_one_exact_error(package_copy, resource, column, value, expected):
    edit(package_copy, resource, 2, column, value)
    assert problems(package_copy) == [expected]


def test_a_duplicate_primary_key_names_both_rows(package_copy):
    first = cell(package_copy, "meetings", 2, "meeting_id")
    edit(package_copy, "meetings", 3, "meeting_id", first)
    found = problems(package_copy)
    assert found[0] == (
        f"meetings.csv: row 3, column meeting_id: primary key error: '{first}' is also the key of row 2"
    )


def test_a_broken_descriptor_is_reported_against_the_profile(package_copy):
    path = package_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["encoding"] = 5
    del descriptor["resources"][1]["path"]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    found = problems(package_copy)
    assert found[0] == f"{path}: resources[0].encoding: 5 is not of type 'string' (rule: type)"
    assert found[1].startswith(
        f"{path}: resources[1]: the entry is not valid under any of the given schemas"
    )
    assert len(found) == 2


def test_a_changed_file_without_a_new_hash_is_reported(package_copy):
    path = package_copy / "topics.csv"
    path.write_bytes(path.read_bytes() + b"")
    data = path.read_bytes().replace(b"Arms control", b"Arms kontrol", 1)
    path.write_bytes(data)
    assert [p for p in problems(package_copy) if "edited" in p] == [
        "topics.csv: edited since the build: its SHA-256 is not the one datapackage.json records; "
        "run `parley build` to rebuild it from seeds/ (dropping the edit), or re-hash it (set its "
        "bytes and hash in datapackage.json) to keep the edit"
    ]


def codes(package):
    return [p.code for p in validate_package(package / "datapackage.json")]


@pytest.mark.parametrize(
    ("resource", "row", "column", "value", "expected"),
    [
        ("meetings", 2, "date_start", "2019-13-03", ["type-error"]),
        ("meeting_participants", 2, "person_id", "nobody-known", ["foreign-key"]),
        ("meetings", 2, "kind", "picnic", ["constraint-error"]),
    ],
)
def test_each_problem_carries_its_type_code(package_copy, resource, row, column, value, expected):
    edit(package_copy, resource, row, column, value)
    assert codes(package_copy) == expected


def test_a_duplicate_key_an_edit_and_a_broken_descriptor_have_their_codes(package_copy):
    edit(package_copy, "meetings", 3, "meeting_id", cell(package_copy, "meetings", 2, "meeting_id"))
    assert codes(package_copy)[0] == "primary-key"
    (package_copy / "topics.csv").write_bytes(b"topic_id,label,aliases\n")
    assert [p.edited for p in validate_package(package_copy / "datapackage.json")][:1] == [True]
    assert codes(package_copy)[0] == "edited"
    (package_copy / "datapackage.json").write_text("{", encoding="utf-8")
    assert codes(package_copy) == ["descriptor-error"]
