"""`parley serve` serves what is there: no rebuild over edits, no work on a busy port,
no database rewritten under another server, and a complete release zip.

The serve flows run in-process on a temporary "project" (seeds and data in
tmp_path, the command's defaults pointed at them) with Datasette replaced by
a recorder; the port and lock checks run the real command in a subprocess.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEEDS, free_port

import parley.serve
from parley import cli
from parley.build import build
from parley.db import lock_database
from parley.serve import ZIP_NAME, write_downloads
from parley.validate import validate_package

REBUILD = "run `parley build` (or `parley serve --rebuild`) to rebuild data/ from seeds/"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def project(tmp_path, monkeypatch):
    """seeds/ and a fresh data/ in tmp_path, as the serve command's defaults; Datasette recorded."""
    seeds, data = tmp_path / "seeds", tmp_path / "data"
    shutil.copytree(SEEDS, seeds)
    build(seeds, data)
    monkeypatch.setattr(cli, "DEFAULT_SEEDS", seeds)
    monkeypatch.setattr(cli, "DEFAULT_DATA", data)
    monkeypatch.setattr(cli, "DEFAULT_PACKAGE", data / "datapackage.json")
    served: list[Path] = []

    def run_datasette(db_file, datapackage, *, host, port):
        served.append(datapackage)
        return 0

    monkeypatch.setattr(parley.serve, "run_datasette", run_datasette)
    return {"seeds": seeds, "data": data, "served": served, "db": tmp_path / "db" / "parley.db"}


def serve(project, *extra: str):
    return CliRunner().invoke(
        cli.main, ["serve", "--port", str(free_port()), "--db", str(project["db"]), *extra]
    )


def test_fresh_data_is_served_without_a_word(project):
    before = snapshot(project["data"])
    result = serve(project)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert project["served"] == [project["data"] / "datapackage.json"]
    assert snapshot(project["data"]) == before
    assert project["db"].is_file()


def test_stale_data_is_served_as_it_is_with_how_to_rebuild(project):
    (project["seeds"] / "004_0e89ee0f3769bdb9.txt").unlink()  # the seeds changed since the build
    before = snapshot(project["data"])
    result = serve(project)
    assert result.exit_code == 0, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(
        "warning: data/ is out of date: a build of seeds/ today changes articles, "
    )
    assert line.endswith(
        "(seeds, code or reference data changed since datapackage.json was written); serving it "
        f"as it is; {REBUILD}, `parley diff` to see the rows"
    )
    assert snapshot(project["data"]) == before
    assert project["served"] == [project["data"] / "datapackage.json"]


def test_hand_edited_data_is_served_as_it_is_and_never_rebuilt(project):
    topics = project["data"] / "topics.csv"
    topics.write_bytes(topics.read_bytes().replace(b"Arms control", b"Arms kontrol", 1))
    before = snapshot(project["data"])
    result = serve(project)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "warning: topics.csv: edited since the build: its SHA-256 is not the one "
        "datapackage.json records; run `parley build` to rebuild it from seeds/ (dropping the "
        "edit), or re-hash it (set its bytes and hash in datapackage.json) to keep the edit",
        f"warning: serving the edited files as they are; {REBUILD}, which drops the edits",
    ]
    assert "datapackage.json: valid but for the recorded hashes of edited files\n" in result.stdout
    assert snapshot(project["data"]) == before
    assert project["served"] == [project["data"] / "datapackage.json"]


def test_an_invalid_edit_is_not_served_and_not_overwritten(project):
    meetings = project["data"] / "meetings.csv"
    lines = meetings.read_bytes().split(b"\n")
    first = lines[1].split(b",")
    kind = first.index(b"phone_call") if b"phone_call" in first else None
    assert kind is not None
    first[kind] = b"picnic"
    lines[1] = b",".join(first)
    meetings.write_bytes(b"\n".join(lines))
    before = snapshot(project["data"])
    result = serve(project)
    assert result.exit_code == 1
    assert "meetings.csv: row 2, column kind: constraint error: 'picnic' is not one of" in (
        result.stderr
    )
    assert result.stderr.endswith(
        f"Error: datapackage.json is not valid; not serving it; {REBUILD}\n"
    )
    assert project["served"] == []
    assert snapshot(project["data"]) == before


def test_rebuild_replaces_edited_data_with_a_fresh_build(project, tmp_path):
    topics = project["data"] / "topics.csv"
    topics.write_bytes(topics.read_bytes().replace(b"Arms control", b"Arms kontrol", 1))
    result = serve(project, "--rebuild")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Built data/: 5 articles read, 0 skipped, 13 meetings")
    fresh = tmp_path / "fresh"
    build(project["seeds"], fresh)
    assert snapshot(project["data"]) == snapshot(fresh)


def test_a_checkout_without_data_builds_it_first(project):
    shutil.rmtree(project["data"])
    result = serve(project)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "No datapackage.json or data/ yet: building them from seeds/.\nBuilt data/: "
    )
    assert (project["data"] / "meetings.csv").is_file()
    assert project["served"] == [project["data"] / "datapackage.json"]


def test_another_package_is_served_from_its_folder(project, built_package):
    result = serve(project, "--package", str(built_package))
    assert result.exit_code == 0, result.output
    assert project["served"] == [built_package / "datapackage.json"]
    refused = serve(project, "--package", str(built_package), "--rebuild")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "Error: --rebuild rebuilds the project's data/ from seeds/; it does not go with --package\n"
    )


# ------------------------------------------------- before anything is done


def test_a_busy_port_is_one_line_before_anything_is_built(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "parley", "serve", "--port", str(port), "--db", "db/parley.db"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: port {port} on 127.0.0.1 is in use: serve on another one with --port N "
        "(make serve: PORT=N make serve)\n"
    )
    assert not (tmp_path / "db").exists()


def test_a_database_another_server_uses_is_never_rewritten(tmp_path):
    db = tmp_path / "db" / "parley.db"
    db.parent.mkdir()
    db.write_bytes(b"the database a running server reads")
    held = lock_database(db)  # what a running `parley serve` holds
    try:
        result = subprocess.run(
            [sys.executable, "-m", "parley", "serve", "--port", str(free_port()), "--db", str(db)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2
        assert result.stderr == (
            f"Error: {db} is being served by another `parley serve` (process {os.getpid()}); "
            "stop it first, or give this one a file of its own with --db\n"
        )
        loaded = CliRunner().invoke(cli.main, ["db", "--out", str(db)])
        assert loaded.exit_code == 1
        assert "is being served by another `parley serve`" in loaded.stderr
        assert db.read_bytes() == b"the database a running server reads"
    finally:
        os.close(held)
    assert CliRunner().invoke(cli.main, ["db", "--out", str(db)]).exit_code == 0
    assert db.read_bytes().startswith(b"SQLite format 3")


# ------------------------------------------------------------ the release zip


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    """The zip offered for download, made from the checkout's package (read only)."""
    out = tmp_path_factory.mktemp("release")
    write_downloads(ROOT / "datapackage.json", out / "downloads", homepage="https://example.org/p/")
    folder = out / "unzipped"
    with zipfile.ZipFile(out / "downloads" / ZIP_NAME) as archive:
        archive.extractall(folder)
    return folder / "parley"


def test_the_zip_holds_readme_guide_and_licences(release):
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    readme = (release / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {descriptor['title']}\n")
    for resource in descriptor["resources"]:
        assert f"### `{resource['name']}`: " in readme, resource["name"]
        assert f"- `{resource['path']}`: " in readme
    guide = ROOT / "docs" / "annotation-guide.md"
    assert (release / "docs" / "annotation-guide.md").read_bytes() == guide.read_bytes()
    licences = (release / "LICENCES.md").read_text(encoding="utf-8")
    for words in (
        "ODC-BY-1.0",  # the data
        "copyright of their publishers",  # the article texts and quotes
        "**Official trips**",  # the trips
        "CC0 1.0",
        "The Unlicense",  # the Data Package profiles
    ):
        assert words in licences, words
    for name in re.findall(r"`([\w./-]+\.(?:md|txt))`", licences):
        assert (release / name).is_file(), name


def test_the_zips_descriptor_has_a_homepage_and_cites_only_what_is_inside(release):
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["homepage"] == "https://example.org/p/"
    for source in descriptor["sources"]:
        path = source["path"]
        assert re.match(r"https?://", path) or (release / path).exists(), path
    mentioned = re.findall(
        r"\b[\w-]+(?:/[\w.-]+)*\.(?:md|json|csv)\b|\b\w+/", descriptor["description"]
    )
    assert mentioned
    for path in mentioned:
        assert (release / path).exists(), path
    assert (release / "seeds" / "SHA256SUMS").is_file()


def test_the_unzipped_package_validates_where_it_was_unzipped(release, monkeypatch):
    assert validate_package(release / "datapackage.json") == []
    monkeypatch.chdir(release)
    result = CliRunner().invoke(cli.main, ["validate"])
    assert (result.exit_code, result.stdout) == (0, "datapackage.json: valid\n")


# ------------------------------------------------ serve_package, without the CLI


def test_serve_package_raises_typed_errors_with_their_exit_status(project, built_package):
    """The CLI maps what serve_package raises; called as a library it says the same."""
    common = {
        "project_package": project["data"] / "datapackage.json",
        "seeds": project["seeds"],
        "data": project["data"],
    }
    with pytest.raises(parley.serve.ServeError) as wrong_options:
        parley.serve.serve_package(
            "127.0.0.1", free_port(), project["db"], built_package, rebuild=True, **common
        )
    assert (wrong_options.value.exit_code, str(wrong_options.value)) == (
        2,
        "--rebuild rebuilds the project's data/ from seeds/; it does not go with --package",
    )
    (project["data"] / "meetings.csv").write_text("meeting_id\n", encoding="utf-8")
    said, warned = [], []
    with pytest.raises(parley.serve.ServeError) as invalid:
        parley.serve.serve_package(
            "127.0.0.1",
            free_port(),
            project["db"],
            None,
            say=said.append,
            warn=warned.append,
            **common,
        )
    assert (invalid.value.exit_code, str(invalid.value)) == (
        1,
        f"datapackage.json is not valid; not serving it; {REBUILD}",
    )
    # Every problem, as the CLI prints it on stderr before the error.
    assert warned[0].startswith("meetings.csv: edited since the build: its size and SHA-256")
    assert (
        "meetings.csv: column title: missing label: There is a missing label in the header's "
        'field "title" at position "2"'
    ) in warned
    assert said == [] and project["served"] == []
