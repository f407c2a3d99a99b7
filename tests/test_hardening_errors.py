"""Faults a user meets, each one line `Error: <file>: <what> (<what to do>)`, a non-zero
exit status, no traceback, and the previous output intact.

Full disks are simulated in-process (an OSError ENOSPC where the write
happens) and, where the test may mount one, on a real tiny tmpfs.
"""

from __future__ import annotations

import errno
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ROOT, copy_seeds, snapshot

from parley import build as build_module
from parley import db as db_module
from parley import package as write_module
from parley.cli import main
from parley.paths import REFERENCE_DIR


@pytest.fixture
def seeds(tmp_path) -> Path:
    return copy_seeds(tmp_path)


@pytest.fixture
def built(seeds, tmp_path) -> Path:
    """A previous package in tmp/out."""
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(seeds), "--out", str(out)]).exit_code == 0
    return out


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    # never a traceback: only a normal end or an exit status
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def error_lines(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("Error: ")]


# --- the disk ------------------------------------------------------------------------


def test_a_full_disk_while_writing_the_package(seeds, built, monkeypatch):
    before = snapshot(built)
    real = build_module.write_csv

    def fill(rows, schema, path):
        if path.name == "meetings.csv":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(rows, schema, path)

    monkeypatch.setattr(build_module, "write_csv", fill)
    result = invoke("build", str(seeds), "--out", str(built))
    assert result.exit_code == 2
    assert error_lines(result) == [
        f"Error: {built}: no space left on the device (free some space and run it again; "
        "the previous package is as it was)"
    ]
    assert snapshot(built) == before
    assert [p.name for p in built.parent.iterdir() if p.name.startswith(".")] == []


def test_a_full_disk_while_writing_the_database(tmp_path, monkeypatch):
    out = tmp_path / "parley.db"
    out.write_bytes(b"the previous database")

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(db_module, "_fill", full)
    result = invoke("db", "--out", str(out), "--package", str(ROOT / "datapackage.json"))
    assert result.exit_code != 0
    assert error_lines(result) == [
        f"Error: {out}: no space left on the device (free some space and run it again; "
        f"{out} is as it was)"
    ]
    assert out.read_bytes() == b"the previous database"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parley.db", "parley.db.lock"]


@pytest.mark.skipif(sys.platform != "linux", reason="tmpfs is Linux")
def test_a_real_full_disk_leaves_the_previous_package(seeds, tmpfs):
    volume = tmpfs("small", "size=1m")
    out = volume / "out"
    assert CliRunner().invoke(main, ["build", str(seeds), "--out", str(out)]).exit_code == 0
    before = snapshot(out)
    filler = volume / "filler"
    with open(filler, "wb", buffering=0) as handle:  # fill the disk, then free a few KB
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    with open(filler, "r+b") as handle:
        handle.truncate(max(0, filler.stat().st_size - 64 * 1024))
    result = invoke("build", str(seeds), "--out", str(out))
    assert result.exit_code == 2
    assert error_lines(result) == [
        f"Error: {out}: no space left on the device (free some space and run it again; "
        "the previous package is as it was)"
    ]
    assert snapshot(out) == before
    assert [p.name for p in volume.iterdir() if p.name.startswith(".")] == []  # no litter


@pytest.mark.skipif(sys.platform != "linux", reason="tmpfs is Linux")
def test_a_real_full_disk_for_the_database(tmpfs):
    volume = tmpfs("tiny", "size=128k")
    out = volume / "parley.db"
    result = invoke("db", "--out", str(out), "--package", str(ROOT / "datapackage.json"))
    assert result.exit_code != 0
    (line,) = error_lines(result)
    assert line == (
        f"Error: {out}: no space left on the device (free some space and run it again; "
        "nothing written)"
    )
    assert [p.name for p in volume.iterdir()] == ["parley.db.lock"]  # `parley db`'s own lock


@pytest.mark.skipif(sys.platform != "linux", reason="tmpfs is Linux")
def test_a_read_only_parent_folder(seeds, tmpfs):
    volume = tmpfs("readonly", "ro,size=64k")
    result = invoke("build", str(seeds), "--out", str(volume / "out"))
    assert result.exit_code == 2
    assert error_lines(result) == [
        f"Error: {volume / 'out'}: read-only file system (choose a folder you can write to; "
        "nothing written)"
    ]


def test_a_folder_the_user_may_not_write(seeds, built, monkeypatch):
    """As root a mode of 0555 does not stop a write, so the refusal is simulated."""
    before = snapshot(built)

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(built.parent))

    monkeypatch.setattr(write_module.tempfile, "mkdtemp", refuse)
    result = invoke("build", str(seeds), "--out", str(built))
    assert result.exit_code == 2
    assert error_lines(result) == [
        f"Error: {built}: permission denied (choose a folder you can write to; "
        "the previous package is as it was)"
    ]
    assert snapshot(built) == before


def test_another_build_making_the_folder_first(seeds, tmp_path, monkeypatch):
    """Two builds into a new folder: the second's rename meets the first's folder."""
    out = tmp_path / "new"
    real = write_module.os.replace
    raced = []

    def race(source, destination):
        if Path(destination) == out and not raced:
            raced.append(True)
            out.mkdir()
            (out / "articles.csv").write_text("the other build's\n")
        return real(source, destination)

    monkeypatch.setattr(write_module.os, "replace", race)
    result = invoke("build", str(seeds), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert raced
    assert "the other build" not in (out / "articles.csv").read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_two_real_builds_racing_into_a_new_folder(seeds, tmp_path):
    out = tmp_path / "new"
    command = [sys.executable, "-m", "parley", "build", str(seeds), "--out", str(out)]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for run in runs:
        _, errors = run.communicate(timeout=120)
        assert run.returncode == 0, errors
        assert "Traceback" not in errors
    assert len(snapshot(out)) == len(write_module.RESOURCES) + 1
    validated = CliRunner().invoke(main, ["validate", str(out / "datapackage.json")])
    assert validated.exit_code == 0, validated.output


# --- files the build is made from ---------------------------------------------------------


def copied_reference(tmp_path: Path) -> Path:
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, directory)
    return directory


def build_with(reference: Path, seeds: Path, out: Path, monkeypatch):
    monkeypatch.setattr(build_module, "REFERENCE_DIR", reference)
    real = build_module.build

    def with_reference(*args, **kwargs):
        kwargs.setdefault("reference_dir", reference)
        return real(*args, **kwargs)

    monkeypatch.setattr("parley.build.build", with_reference)
    return invoke("build", str(seeds), "--out", str(out))


@pytest.mark.parametrize(
    ("file", "offset_text"),
    [("places.json", '"Abuja"'), ("schemas/topics.schema.json", '"title"')],
)
def test_a_byte_that_is_not_utf8_in_a_reference_file(
    seeds, built, tmp_path, monkeypatch, file, offset_text
):
    reference = copied_reference(tmp_path)
    path = reference / file
    data = path.read_bytes()
    at = data.index(offset_text.encode())
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    line = data.count(b"\n", 0, at) + 1
    before = snapshot(built)
    result = build_with(reference, seeds, built, monkeypatch)
    assert result.exit_code == 2
    assert error_lines(result) == [
        f"Error: {path}: line {line}: byte 0xff is not UTF-8 (save the file as UTF-8)"
    ]
    assert snapshot(built) == before


def test_a_byte_that_is_not_utf8_in_trips_csv(seeds, built, tmp_path, monkeypatch):
    reference = copied_reference(tmp_path)
    path = reference / "trips.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b",", b",\xe9", 1)
    path.write_bytes(b"\n".join(lines))
    result = build_with(reference, seeds, built, monkeypatch)
    assert error_lines(result) == [
        f"Error: {path}: line 4: byte 0xe9 is not UTF-8 (save the file as UTF-8)"
    ]


@pytest.mark.parametrize("day", ["1993-02-30", "0000-01-01"])
def test_an_office_date_that_is_no_day(seeds, built, tmp_path, monkeypatch, day):
    reference = copied_reference(tmp_path)
    path = reference / "people.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    person = document["people"][2]
    person["offices"][0]["start"] = day
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    content = path.read_text(encoding="utf-8")
    line = content.count("\n", 0, content.index(f'"person_id": "{person["person_id"]}"')) + 1
    result = build_with(reference, seeds, built, monkeypatch)
    assert result.exit_code == 2
    assert error_lines(result) == [
        f"Error: {path}: line {line}, people[2].offices[0].start: {day!r} is not a real day "
        "(rule: a calendar date)"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b'{"type": "object",', "line 1, column 19: not valid JSON: Expecting property name"),
        (
            b'{"type": 12}',
            "not a valid JSON Schema: 12 is not valid under any of the given schemas "
            "(restore it: git checkout -- reference/schemas/)",
        ),
    ],
)
def test_a_missing_or_broken_reference_schema(
    seeds, built, tmp_path, monkeypatch, content, message
):
    reference = copied_reference(tmp_path)
    path = reference / "schemas" / "places.schema.json"
    if content is None:
        path.unlink()
    else:
        path.write_bytes(content)
    result = build_with(reference, seeds, built, monkeypatch)
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert line.startswith(f"Error: {path}: {message}")


@pytest.mark.parametrize(
    ("target", "content", "message"),
    [
        (
            "package.json",
            None,
            "no such file (restore the package metadata: git checkout -- {path})",
        ),
        (
            "package.json",
            b'{"name": "parley",\n  "title": }',
            "line 2, column 12: not valid JSON: Expecting value (restore the package metadata: "
            "git checkout -- {path})",
        ),
        (
            "package.json",
            b'{"name": "parley"}',
            "not the package metadata: title, licenses, sources missing or wrong "
            "(see docs/publishing.md for what it holds)",
        ),
        (
            "meetings.json",
            b"[1, 2]",
            "not a Table Schema: it needs a list of fields, each with a name and a type, and a "
            "primaryKey (restore it: git checkout -- schemas/)",
        ),
        (
            "meetings.json",
            b"\xfe{}",
            "line 1: byte 0xfe is not UTF-8 (save the file as UTF-8)",
        ),
    ],
)
def test_a_missing_or_broken_package_file(
    seeds, built, tmp_path, monkeypatch, target, content, message
):
    if target == "package.json":
        path = tmp_path / "package.json"
        monkeypatch.setattr(write_module, "PACKAGE_METADATA", path)
    else:
        schemas = tmp_path / "schemas"
        shutil.copytree(ROOT / "schemas", schemas)
        path = schemas / target
        monkeypatch.setattr(write_module, "SCHEMAS_DIR", schemas)
    if content is not None:
        path.write_bytes(content)
    before = snapshot(built)
    result = invoke("build", str(seeds), "--out", str(built))
    assert result.exit_code == 2
    assert error_lines(result) == [f"Error: {path}: {message.format(path=path)}"]
    assert snapshot(built) == before


# --- parley db on a broken package ----------------------------------------------------


def _set_cell(path: Path, column: str, value: str) -> None:
    """Set `column` of the first row of a CSV file (the header is row 1)."""
    import csv
    import io

    csv.field_size_limit(2**31 - 1)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda out: (out / "meetings.csv").unlink(), "{out}/meetings.csv: no such file"),
        (
            lambda out: _set_cell(out / "articles.csv", "word_count", "lots"),
            "articles.csv: row 2, column word_count: 'lots' is not a integer",
        ),
    ],
)
def test_parley_db_on_a_broken_package(built, tmp_path, damage, message):
    db = tmp_path / "db" / "parley.db"
    db.parent.mkdir()
    db.write_bytes(b"the previous database")
    damage(built)
    result = invoke("db", "--out", str(db), "--package", str(built / "datapackage.json"))
    assert result.exit_code != 0
    (line,) = error_lines(result)
    assert line.startswith("Error: ") and message.format(out=built) in line
    assert db.read_bytes() == b"the previous database"
