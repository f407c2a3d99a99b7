"""Hardening of the build: text that once corrupted a CSV, files the build must keep, the
litter of killed runs, mount points, and what the articles folder may hold.

Each test reproduces one finding of issue 13 through the real `parley build`
command (in-process) and checks the exact outcome.
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import stat
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import GOOD, SEEDS, copy_seeds, rows, run_build

from parley import package as write_module
from parley.cli import main
from parley.read import decode
from parley.records import Article, SourceFile

ROOT = Path(__file__).resolve().parent.parent
MADE = sorted(
    [f"{name}.csv" for name in write_module.RESOURCES] + ["datapackage.json"]
)  # what a build into a folder of its own makes


@pytest.fixture
def seeds(tmp_path) -> Path:
    return copy_seeds(tmp_path)


# --- text that broke the CSV --------------------------------------------------------------

OLD_MAC = (
    b"Lavrov meets Pompeo\rRussian Foreign Minister Sergei Lavrov met US Secretary of State "
    b"Mike Pompeo in Moscow on May 14 2019\r"
)


def test_bare_carriage_returns_are_read_as_line_feeds_with_a_warning(seeds, tmp_path):
    (seeds / "cr.txt").write_bytes(OLD_MAC)
    out = tmp_path / "out"
    result = run_build(seeds, out)
    assert result.exit_code == 0
    assert (
        "warning: cr.txt: 2 bare carriage return(s) (old Mac line ends) read as line feeds; "
        "save the file with LF or CRLF line ends" in result.output
    )
    article = next(r for r in rows(out, "articles") if r["seed_file"] == "cr.txt")
    assert article["text"] == OLD_MAC.decode().replace("\r", "\n")
    assert article["title"] == "Lavrov meets Pompeo"
    assert len(rows(out, "articles")) == 3  # the CR no longer splits a row
    validated = CliRunner().invoke(main, ["validate", str(out / "datapackage.json")])
    assert validated.exit_code == 0, validated.output


def test_a_bare_cr_keeps_every_offset_and_crlf_stays_as_it_is():
    text = "Lavrov met Pompeo\r\nin Moscow.\rThey talked.\r"
    article = decode(SourceFile("a.txt", text.encode()))
    assert isinstance(article, Article)
    assert article.text == "Lavrov met Pompeo\r\nin Moscow.\nThey talked.\n"
    assert len(article.text) == len(text)
    assert article.notes == (
        "a.txt: 2 bare carriage return(s) (old Mac line ends) read as line feeds; "
        "save the file with LF or CRLF line ends",
    )


@pytest.mark.parametrize("offset", [8192, 20_000])
def test_a_nul_byte_after_the_first_8_kb_is_skipped_as_binary(seeds, tmp_path, offset):
    text = (SEEDS / GOOD[0]).read_bytes()
    body = (text + b"\n" + b"More of the same text. " * 1000)[:offset]
    (seeds / "nul.txt").write_bytes(body + b"\x00" + b"tail of the text.\n")
    out = tmp_path / "out"
    result = run_build(seeds, out)
    assert result.exit_code == 0
    assert f"skipped nul.txt: binary file, not text (a NUL character at character {offset:,})" in (
        result.output
    )
    assert sorted(r["seed_file"] for r in rows(out, "articles")) == sorted(GOOD)


# --- files the build did not make ---------------------------------------------------------


def test_files_the_build_did_not_make_are_kept_exactly(seeds, tmp_path):
    out = tmp_path / "out"
    assert run_build(seeds, out).exit_code == 0
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("a file outside\n")
    (out / "README.md").write_text("notes\n")
    os.link(out / "README.md", tmp_path / "readme-link")  # a second name for it
    os.chown(out / "README.md", 4321, 4321)
    (out / "link").symlink_to(elsewhere)
    (out / "dangling").symlink_to(tmp_path / "nothing")
    os.mkfifo(out / "pipe")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(out / "sock"))
    before = {p.name: p.lstat() for p in out.iterdir() if p.name not in MADE}
    try:
        result = run_build(seeds, out)
    finally:
        server.close()
    assert result.exit_code == 0, result.output
    after = {p.name: p.lstat() for p in out.iterdir() if p.name not in MADE}
    assert sorted(after) == ["README.md", "dangling", "link", "pipe", "sock"]
    for name, info in before.items():
        kept = after[name]
        assert (kept.st_ino, kept.st_mode, kept.st_uid, kept.st_gid) == (
            info.st_ino,
            info.st_mode,
            info.st_uid,
            info.st_gid,
        ), name
    assert os.readlink(out / "link") == str(elsewhere)
    assert stat.S_ISFIFO(after["pipe"].st_mode) and stat.S_ISSOCK(after["sock"].st_mode)
    assert after["README.md"].st_nlink == 2  # still shared with readme-link
    assert sorted(p.name for p in out.iterdir() if p.name in MADE) == MADE


def test_a_file_that_cannot_be_hard_linked_is_kept_by_swapping_the_files(
    seeds, tmp_path, monkeypatch
):
    out = tmp_path / "out"
    assert run_build(seeds, out).exit_code == 0
    (out / "README.md").write_text("notes\n")
    inode = (out / "README.md").stat().st_ino

    def refuse(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(write_module.os, "link", refuse)
    (seeds / GOOD[1]).unlink()
    assert run_build(seeds, out).exit_code == 0
    assert (out / "README.md").stat().st_ino == inode
    assert [r["seed_file"] for r in rows(out, "articles")] == [GOOD[0]]


def _dead_litter(parent: Path, names: list[str]) -> list[Path]:
    made = []
    for name in names:
        path = parent / name
        if name.endswith(".tmp") or "-journal" in name:
            path.write_bytes(b"half written")
        else:
            path.mkdir()
            (path / "articles.csv").write_text("half,written\n")
        old = time.time() - 60
        os.utime(path, (old, old))
        made.append(path)
    return made


def test_the_litter_of_killed_runs_is_removed_by_the_next_run(seeds, tmp_path):
    out = tmp_path / "out"
    litter = _dead_litter(tmp_path, [".out.new-abc123", ".out.old-def456", ".out.x1y2.tmp"])
    unrelated = tmp_path / ".other.new-abc"
    unrelated.mkdir()
    assert run_build(seeds, out).exit_code == 0
    assert [p for p in litter if os.path.lexists(p)] == []
    assert unrelated.is_dir()  # another folder's temporaries are not ours to remove


def test_a_killed_runs_half_written_people_report_is_removed_by_the_next_build(seeds, tmp_path):
    out = tmp_path / "out"
    reports = tmp_path / "out-reports"
    reports.mkdir()
    litter = _dead_litter(reports, [".unknown-people.csv.k1ll3d.tmp"])
    assert run_build(seeds, out).exit_code == 0
    assert [p for p in litter if os.path.lexists(p)] == []
    assert sorted(p.name for p in reports.iterdir()) == ["unknown-people.csv"]
    assert (reports / "unknown-people.csv").read_text().startswith("person_id,name,")


def test_a_live_runs_temporaries_are_left_alone(tmp_path):
    (live,) = _dead_litter(tmp_path, [".out.new-live"])
    fd = write_module._hold_path(live)  # as a running build holds its staging folder
    try:
        assert write_module.clean_litter(tmp_path, "out") == []
    finally:
        os.close(fd)
    assert write_module.clean_litter(tmp_path, "out") == [live]


def test_a_run_killed_between_its_two_renames_gets_its_package_back(tmp_path):
    aside = tmp_path / ".out.old-abc" / "out"
    aside.mkdir(parents=True)
    (aside / "articles.csv").write_text("the previous package\n")
    old = time.time() - 60
    os.utime(tmp_path / ".out.old-abc", (old, old))
    write_module.clean_litter(tmp_path, "out")
    assert (tmp_path / "out" / "articles.csv").read_text() == "the previous package\n"
    assert not (tmp_path / ".out.old-abc").exists()


def test_a_killed_parley_db_leaves_nothing_the_next_one_keeps(tmp_path):
    build = tmp_path / "build"
    build.mkdir()
    litter = _dead_litter(build, [".parley.db.abc.tmp", ".parley.db.abc.tmp-journal"])
    result = CliRunner().invoke(
        main, ["db", "--out", str(build / "parley.db"), "--package", str(ROOT / "datapackage.json")]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in build.iterdir()) == ["parley.db", "parley.db.lock"]
    assert [p for p in litter if p.exists()] == []


def test_the_descriptor_is_renamed_before_the_old_folder_is_removed(tmp_path, monkeypatch):
    """The window between data/ and its descriptor is the two renames, not the rmtree."""
    target = tmp_path / "data"
    target.mkdir()
    (target / "a.csv").write_text("old\n")
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_text("old\n")
    seen = []
    real_rmtree = shutil.rmtree

    def spy(path, *args, **kwargs):
        seen.append(descriptor.read_text())
        return real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(write_module.shutil, "rmtree", spy)
    renames: list[tuple[Path, Path]] = []
    with write_module.staged_directory(target, also=renames) as staging:
        (staging / "a.csv").write_text("new\n")
        pending = tmp_path / ".datapackage.json.x.tmp"
        pending.write_text("new\n")
        renames.append((pending, descriptor))
    assert seen and set(seen) == {"new\n"}
    assert (target / "a.csv").read_text() == "new\n"


# --- mount points ---------------------------------------------------------------------


def test_an_output_folder_that_cannot_be_renamed_gets_its_files_swapped(
    seeds, tmp_path, monkeypatch
):
    """A Docker volume or tmpfs: rename(2) of a mount point fails with EBUSY."""
    out = tmp_path / "volume"
    assert run_build(seeds, out).exit_code == 0
    (out / "README.md").write_text("kept\n")
    folder_inode = out.stat().st_ino

    def busy(a, b):
        raise OSError(errno.EBUSY, "Device or resource busy", str(b))

    monkeypatch.setattr(write_module, "_exchange", busy)
    (seeds / GOOD[1]).unlink()
    result = run_build(seeds, out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_ino == folder_inode  # the same folder, new files in it
    assert [r["seed_file"] for r in rows(out, "articles")] == [GOOD[0]]
    assert (out / "README.md").read_text() == "kept\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no litter


@pytest.mark.skipif(sys.platform != "linux", reason="tmpfs is Linux")
def test_a_real_mount_point_as_output_folder(seeds, tmpfs):
    out = tmpfs("volume")
    (out / "README.md").write_text("kept\n")
    result = run_build(seeds, out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([*MADE, "README.md"])
    assert sorted(r["seed_file"] for r in rows(out, "articles")) == sorted(GOOD)
    assert os.path.ismount(out)
