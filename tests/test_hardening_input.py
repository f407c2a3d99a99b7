"""What the articles folder may hold besides articles: symlinks, pipes, devices, folders
named *.txt, and file names that would forge lines of the build log.

Each entry is reported by name with its reason, counted in the summary, and
never read when reading it would publish a file from outside the folder.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from helpers import GOOD, SEEDS, copy_seeds, rows, run_build

from parley.errors import printable

ROOT = Path(__file__).resolve().parent.parent
OTHER = "002_850cf3de63addd31.txt"


@pytest.fixture
def seeds(tmp_path) -> Path:
    return copy_seeds(tmp_path)


def _outside(seeds: Path, name: str) -> None:
    secret = seeds.parent / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\nA secret line of a private file.\n")
    (seeds / name).symlink_to(secret)


def _dangling(seeds: Path, name: str) -> None:
    (seeds / name).symlink_to(seeds / "gone.txt")


def _loop(seeds: Path, name: str) -> None:
    (seeds / name).symlink_to(seeds / name)


def _fifo(seeds: Path, name: str) -> None:
    os.mkfifo(seeds / name)


def _folder(seeds: Path, name: str) -> None:
    (seeds / name).mkdir()


def _device(seeds: Path, name: str) -> None:
    try:
        os.mknod(seeds / name, 0o600 | 0o020000, os.makedev(1, 3))  # like /dev/null
    except PermissionError:
        pytest.skip("making a device file needs privileges")


ENTRIES = [
    (
        "passwd.txt",
        _outside,
        "symbolic link to a file outside the articles folder; not read "
        "(copy the article into the folder)",
        "symbolic link",
    ),
    (
        "dangling.txt",
        _dangling,
        "symbolic link to nothing ({seeds}/gone.txt): dangling",
        "symbolic link",
    ),
    ("loop.txt", _loop, "symbolic link loop", "symbolic link"),
    ("pipe.txt", _fifo, "not a regular file (a named pipe) although named *.txt", "not a file"),
    ("folder.txt", _folder, "not a regular file (a folder) although named *.txt", "not a file"),
    (
        "null.txt",
        _device,
        "not a regular file (a character device) although named *.txt",
        "not a file",
    ),
]


@pytest.mark.parametrize(("name", "make", "reason", "category"), ENTRIES)
def test_an_entry_that_is_no_article_file_is_reported_by_name(
    seeds, tmp_path, name, make, reason, category
):
    make(seeds, name)
    out = tmp_path / "out"
    result = run_build(seeds, out)
    assert result.exit_code == 0, result.output
    assert f"skipped {name}: {reason.format(seeds=seeds)}" in result.output
    assert sorted(r["seed_file"] for r in rows(out, "articles")) == sorted(GOOD)
    assert "root:x" not in (out / "articles.csv").read_text()
    assert f", 1 skipped (1 {category})," in result.output


def test_a_socket_named_txt_is_reported(seeds, tmp_path):
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(seeds / "sock.txt"))
    try:
        result = run_build(seeds, tmp_path / "out")
    finally:
        server.close()
    assert "skipped sock.txt: not a regular file (a socket)" in result.output


def test_a_symlink_to_an_article_inside_the_folder_is_read(seeds, tmp_path):
    (seeds / "sub").mkdir()
    shutil.copy(SEEDS / OTHER, seeds / "sub" / "kept.txt")
    (seeds / "alias.txt").symlink_to(Path("sub") / "kept.txt")
    out = tmp_path / "out"
    result = run_build(seeds, out)
    assert result.exit_code == 0
    assert sorted(r["seed_file"] for r in rows(out, "articles")) == sorted([*GOOD, "alias.txt"])


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("evil\nBuilt out: 0 articles.txt", "evil\\nBuilt out: 0 articles.txt"),
        ("\x1b[2K\x1b[1Aclear.txt", "\\x1b[2K\\x1b[1Aclear.txt"),
        ("back\rspace.txt", "back\\rspace.txt"),
    ],
)
def test_file_names_with_control_characters_are_escaped_in_the_log(seeds, tmp_path, name, shown):
    (seeds / name).write_bytes(b"")
    result = run_build(seeds, tmp_path / "out")
    assert result.exit_code == 0
    assert f"skipped {shown}: empty file\n" in result.output
    assert "\x1b" not in result.output and "\r" not in result.output
    assert sum(line.startswith("Built") for line in result.output.splitlines()) == 1


def test_printable_leaves_ordinary_names_alone():
    assert printable("Zürich talks – 2019 (draft).txt") == "Zürich talks – 2019 (draft).txt"
    assert printable("a\u202eb\x85c") == "a\\u202eb\\x85c"
