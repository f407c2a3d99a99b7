"""What users break: hand edits, folders, byte-order marks, huge cells, the wrong file.

Each reproduction of issue 9 is here: every one ended in a traceback or a
package wrongly called valid before.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ROOT, SEEDS, cell, refresh

from parley.build import build
from parley.cli import DEFAULT_PACKAGE, main
from parley.db import build_database
from parley.diff import diff_packages
from parley.package import find_descriptor
from parley.validate import validate_package


def problems(path: Path) -> list[str]:
    return [str(p) for p in validate_package(path)]


def rewrite(package: Path, resource: str, change, *, rehash: bool = False) -> None:
    """Apply `change` to the rows (header first) of a resource, as a hand edit would."""
    path = package / f"{resource}.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table = change(table)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    if rehash:
        refresh(package, resource, path.read_bytes())


def set_cell(row_number: int, column: str, value: str):
    def change(table):
        table[row_number - 1][table[0].index(column)] = value
        return table

    return change


def edited_line(resource: str, what: str = "size and SHA-256 are", s: str = "s") -> str:
    return (
        f"{resource}.csv: edited since the build: its {what} not the one{s} datapackage.json "
        "records; run `parley build` to rebuild it from seeds/ (dropping the edit), or re-hash it "
        "(set its bytes and hash in datapackage.json) to keep the edit"
    )


@pytest.fixture(autouse=True)
def in_package_folder(package_copy, monkeypatch):
    """Problems name files relative to the current folder: work in the package's."""
    monkeypatch.chdir(package_copy)


# ------------------------------------------------- hand edits, not re-hashed


def test_a_meeting_left_with_one_participant_is_named_with_file_row_and_column(package_copy):
    meeting = cell(package_copy, "meeting_participants", 2, "meeting_id")
    rewrite(package_copy, "meeting_participants", lambda t: t[:1] + t[2:])
    assert problems(package_copy / "datapackage.json") == [
        edited_line("meeting_participants"),
        f"meetings.csv: row 2, column meeting_id: meeting {meeting} has 1 participant(s) in "
        "meeting_participants.csv; a meeting needs at least two",
    ]


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (
            "article_count",
            "2",
            "meetings.csv: row 2, column article_count: article_count 2 is not the number of "
            "articles that report meeting {meeting} in article_meetings.csv (1)",
        ),
        (
            "status",
            "planned",
            "meetings.csv: row 2, column status: status 'planned' is not the status of the latest "
            "report of meeting {meeting}: article a-09302aa9882a (published 2019-05-10) reports 'held'",
        ),
        (
            "status_as_of",
            "2019-05-11",
            "meetings.csv: row 2, column status_as_of: status_as_of 2019-05-11 is not the "
            "publication date of the latest report of meeting {meeting}, article a-09302aa9882a "
            "(published 2019-05-10)",
        ),
    ],
    ids=["article-count", "status", "status-as-of"],
)
def test_an_inconsistent_meeting_is_named_with_file_row_and_column(
    package_copy, column, value, expected
):
    meeting = cell(package_copy, "meetings", 2, "meeting_id")
    rewrite(package_copy, "meetings", set_cell(2, column, value))
    found = problems(package_copy / "datapackage.json")
    assert found[1:] == [expected.format(meeting=meeting)]
    assert found[0].startswith("meetings.csv: edited since the build: its ")


def test_a_deleted_meeting_is_reported_by_the_foreign_keys_it_breaks(package_copy):
    meeting = cell(package_copy, "meetings", 2, "meeting_id")
    rewrite(package_copy, "meetings", lambda t: t[:1] + t[2:])
    found = problems(package_copy / "datapackage.json")
    assert found[0] == edited_line("meetings")
    assert (
        f"meeting_participants.csv: row 2, column meeting_id: foreign key error: {meeting!r} is "
        "not a meeting_id in meetings"
    ) in found
    assert any(
        p.startswith("article_meetings.csv: row ") and f"{meeting!r} is not a meeting_id" in p
        for p in found
    )
    assert not any("hash count" in p or "byte count" in p for p in found)


def test_an_edited_file_is_one_line_saying_what_to_do(package_copy):
    path = package_copy / "topics.csv"
    path.write_bytes(path.read_bytes().replace(b"Arms control", b"Arms kontrol", 1))
    assert problems(package_copy / "datapackage.json") == [edited_line("topics", "SHA-256 is", "")]


# --------------------------------------------------- what is given to validate


def test_a_folder_is_validated_through_its_descriptor(package_copy):
    result = CliRunner().invoke(main, ["validate", str(package_copy)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{package_copy / 'datapackage.json'}: valid\n"


def test_the_projects_data_folder_is_validated_through_the_descriptor_beside_it(tmp_path):
    """`parley validate data/` (the issue's IsADirectoryError), in a copy of the checkout."""
    shutil.copy2(ROOT / "datapackage.json", tmp_path / "datapackage.json")
    for folder in ("data", "schemas"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    assert find_descriptor(tmp_path / "data", DEFAULT_PACKAGE) == tmp_path / "datapackage.json"
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "data")])
    assert "Traceback" not in result.output
    assert result.output.splitlines()[-1].startswith(str(tmp_path / "datapackage.json"))


def test_a_folder_without_a_descriptor_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout == f"{tmp_path}: a folder without a datapackage.json\n"


def test_a_csv_given_instead_of_the_descriptor_names_the_descriptor(package_copy):
    result = CliRunner().invoke(main, ["validate", str(package_copy / "meetings.csv")])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{package_copy / 'meetings.csv'}: a CSV file, not a data package descriptor "
        f"(datapackage.json); give {package_copy / 'datapackage.json'}, which describes it\n"
    )


def test_a_missing_file_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nothing.json")])
    assert (result.exit_code, result.stdout) == (1, f"{tmp_path / 'nothing.json'}: no such file\n")


def test_without_argument_the_current_folders_package_is_validated(package_copy):
    rewrite(package_copy, "meetings", set_cell(2, "kind", "picnic"), rehash=True)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert result.stdout.startswith("meetings.csv: row 2, column kind: constraint error: 'picnic'")


def test_without_argument_or_local_package_the_projects_is_validated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert str(DEFAULT_PACKAGE) in result.output
    assert "Traceback" not in result.output


# ----------------------------------------------------- byte-order mark, huge cells


def test_a_byte_order_mark_is_accepted_by_validate_db_and_diff(package_copy, built_package):
    path = package_copy / "meetings.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    refresh(package_copy, "meetings", path.read_bytes())
    assert problems(package_copy / "datapackage.json") == []
    counts = build_database(package_copy / "datapackage.json", package_copy.parent / "bom.db")
    assert counts["meetings"] == 13
    diff = diff_packages(built_package / "datapackage.json", package_copy / "datapackage.json")
    assert {r.name for r in diff.resources if r.has_changes} == set()


@pytest.fixture
def default_field_limit():
    """The csv module's default limit, as a fresh process has it (frictionless raises it)."""
    previous = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(previous)


def test_an_article_over_the_csv_field_limit_loads_validates_and_diffs(
    package_copy, built_package, default_field_limit
):
    text = "Filler text. " * 12_000  # 156,000 characters, past the default 131,072
    rewrite(
        package_copy,
        "articles",
        lambda t: [t[0], t[1][:-1] + [t[1][-1] + text], *t[2:]],
        rehash=True,
    )
    counts = build_database(package_copy / "datapackage.json", package_copy.parent / "big.db")
    assert counts["articles"] == 5
    diff = diff_packages(built_package / "datapackage.json", package_copy / "datapackage.json")
    [changed] = [r for r in diff.resources if r.has_changes]
    assert (changed.name, [c.column for c in changed.changed[0].cells]) == ("articles", ["text"])
    csv.field_size_limit(131_072)
    assert problems(package_copy / "datapackage.json") == []


def test_a_database_from_a_broken_cell_is_one_line_not_a_traceback(package_copy):
    rewrite(package_copy, "meetings", set_cell(3, "article_count", "many"), rehash=True)
    result = CliRunner().invoke(
        main, ["db", "--package", str(package_copy), "--out", str(package_copy.parent / "x.db")]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: meetings.csv: row 3, column article_count: 'many' is not a integer; run "
        "`parley validate` for every problem\n"
    )


# ----------------------------------------------------------------- permissions


def test_a_build_writes_ordinary_permissions(tmp_path):
    out = tmp_path / "data"
    build(SEEDS, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    modes = {stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()}
    assert modes == {0o644}


def test_a_build_into_the_projects_data_writes_ordinary_permissions(tmp_path):
    """The project's own data/ and datapackage.json, in a temporary copy of the project."""
    import subprocess
    import sys

    project = tmp_path / "project"
    for name in ("parley", "seeds", "reference", "schemas"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run(
        [sys.executable, "-m", "parley", "build"],
        cwd=project,
        env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((project / "data").stat().st_mode) == 0o755
    assert stat.S_IMODE((project / "datapackage.json").stat().st_mode) == 0o644
    committed = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    rebuilt = json.loads((project / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["hash"] for r in rebuilt["resources"]] == [
        "sha256:" + hashlib.sha256((project / r["path"]).read_bytes()).hexdigest()
        for r in committed["resources"]
    ]
