"""`parley diff`: row-level changes between a package and a rebuild, by primary key."""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.diff import diff_packages, format_diff

csv.field_size_limit(sys.maxsize)


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def edited(package_copy) -> Path:
    """The built package with hand edits: a cell changed, a row removed, a row added."""
    fields, meetings = read(package_copy / "meetings.csv")
    meetings[0]["status"] = "cancelled" if meetings[0]["status"] != "cancelled" else "held"
    write(package_copy / "meetings.csv", fields, meetings)
    fields, people = read(package_copy / "people.csv")
    people.append({**people[0], "person_id": "zz-invented-person", "name": "Invented Person"})
    write(package_copy / "people.csv", fields, people[1:])
    return package_copy


def test_identical_packages_have_no_differences(built_package):
    diff = diff_packages(built_package / "datapackage.json", built_package / "datapackage.json")
    assert not diff.has_changes
    assert format_diff(diff).endswith("No differences.\n")


def test_a_changed_cell_an_added_and_a_removed_row_are_found_by_primary_key(built_package, edited):
    _, original_meetings = read(built_package / "meetings.csv")
    _, original_people = read(built_package / "people.csv")
    diff = diff_packages(built_package / "datapackage.json", edited / "datapackage.json")
    by_name = {r.name: r for r in diff.resources}

    meetings = by_name["meetings"]
    assert (meetings.added, meetings.removed) == ([], [])
    [change] = meetings.changed
    assert change.key == (original_meetings[0]["meeting_id"],)
    assert [(c.column, c.old) for c in change.cells] == [("status", original_meetings[0]["status"])]

    people = by_name["people"]
    assert [r["person_id"] for r in people.added] == ["zz-invented-person"]
    assert [r["person_id"] for r in people.removed] == [original_people[0]["person_id"]]
    assert people.changed == []
    assert {r.name for r in diff.resources if r.has_changes} == {"meetings", "people"}


def test_the_report_shows_each_change_with_its_key(built_package, edited):
    _, original_meetings = read(built_package / "meetings.csv")
    first = original_meetings[0]
    new_status = "cancelled" if first["status"] != "cancelled" else "held"
    result = CliRunner().invoke(
        main,
        [
            "diff",
            str(built_package / "datapackage.json"),
            "--against",
            str(edited / "datapackage.json"),
        ],
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "meetings: 0 added, 0 removed, 1 changed" in lines
    assert f"  ~ {first['meeting_id']}" in lines
    assert f"      status: {first['status']!r} -> {new_status!r}" in lines
    assert "people: 1 added, 1 removed, 0 changed" in lines
    assert "  + zz-invented-person: Invented Person" in lines
    assert lines[-1].startswith("2 resource(s) changed, ")


@pytest.mark.parametrize(("edit", "code"), [(False, 0), (True, 1)])
def test_exit_code_flag_reports_whether_there_are_differences(built_package, edited, edit, code):
    other = edited if edit else built_package
    result = CliRunner().invoke(
        main,
        [
            "diff",
            str(built_package / "datapackage.json"),
            "--against",
            str(other / "datapackage.json"),
            "--exit-code",
        ],
    )
    assert result.exit_code == code


def test_diff_against_a_rebuild_shows_a_hand_edit_the_rebuild_would_undo(edited, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", seeds)
    result = CliRunner().invoke(
        main, ["diff", str(edited / "datapackage.json"), "--seeds", str(seeds)]
    )
    assert result.exit_code == 0, result.output
    assert "(committed)" in result.stdout.splitlines()[0]
    assert "meetings: 0 added, 0 removed, 1 changed" in result.stdout
    assert "people: 1 added, 1 removed, 0 changed" in result.stdout
    assert "  - zz-invented-person: Invented Person" in result.stdout


def test_a_long_cell_is_shown_around_its_change(built_package, package_copy):
    fields, articles = read(package_copy / "articles.csv")
    text = articles[0]["text"]
    articles[0]["text"] = text[:1000] + "EDITED" + text[1000:]
    write(package_copy / "articles.csv", fields, articles)
    report = format_diff(
        diff_packages(built_package / "datapackage.json", package_copy / "datapackage.json")
    )
    [line] = [line for line in report.splitlines() if line.startswith("      text: ")]
    assert "EDITED" in line
    assert len(line) < 250


def test_a_duplicated_primary_key_from_a_hand_edit_is_reported(built_package, package_copy):
    fields, topics = read(package_copy / "topics.csv")
    write(package_copy / "topics.csv", fields, [*topics, topics[0]])
    diff = diff_packages(built_package / "datapackage.json", package_copy / "datapackage.json")
    [topics_diff] = [r for r in diff.resources if r.name == "topics"]
    assert topics_diff.duplicate_keys == (topics[0]["topic_id"],)
    assert f"  duplicate primary keys: {topics[0]['topic_id']}" in format_diff(diff)


def test_a_removed_resource_and_a_removed_column_are_reported(built_package, package_copy):
    import json

    descriptor = json.loads((package_copy / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "meeting_topics"]
    (package_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    fields, places = read(package_copy / "places.csv")
    write(
        package_copy / "places.csv",
        [f for f in fields if f != "longitude"],
        [{k: v for k, v in row.items() if k != "longitude"} for row in places],
    )
    report = format_diff(
        diff_packages(built_package / "datapackage.json", package_copy / "datapackage.json")
    )
    assert "meeting_topics: resource removed (" in report
    assert "  columns removed: longitude" in report
