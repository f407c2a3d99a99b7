"""scripts/check_published.py: a build's publication dates against a manifest."""

import csv

import pytest
from helpers import load_script

check_published = load_script("check_published")

COLUMNS = ["seed_file", "published_start", "published_end", "published_basis", "published_note"]


def write_case(tmp_path, built: list[tuple[str, str, str]], truth: list[tuple[str, str]]):
    build = tmp_path / "build"
    build.mkdir()
    with (build / "articles.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for name, start, end in built:
            writer.writerow([name, start, end, "stated" if start else "unknown", ""])
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(
        "file\tpublished\n" + "".join(f"{name}\t{day}\n" for name, day in truth),
        encoding="utf-8",
    )
    return build, manifest


def test_counts_each_kind(tmp_path, capsys):
    build, manifest = write_case(
        tmp_path,
        [
            ("a.txt", "2021-05-20", "2021-05-20"),  # right
            ("b.txt", "2021-05-01", "2021-05-31"),  # vague
            ("c.txt", "2021-05-19", "2021-05-19"),  # wrong
            ("d.txt", "", ""),  # unknown
        ],
        [
            ("a.txt", "2021-05-20"),
            ("b.txt", "2021-05-20"),
            ("c.txt", "2021-05-20"),
            ("d.txt", "2021-05-20"),
            ("e.txt", "2021-05-20"),
        ],
    )
    assert check_published.main([str(build), str(manifest)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "right=1 vague=1 wrong=1 unknown=1 missing=1"
    assert lines[1].startswith("wrong\tc.txt\t2021-05-19..2021-05-19\ttrue 2021-05-20")
    assert len(lines) == 2


@pytest.mark.parametrize(
    ("truth", "message"),
    [
        ("2021-13-01", "line 2: bad published date '2021-13-01'"),
        ("", "line 2: bad published date ''"),
    ],
)
def test_bad_manifest_date_is_one_line_naming_the_row(tmp_path, capsys, truth, message):
    build, manifest = write_case(tmp_path, [("a.txt", "", "")], [("a.txt", truth)])
    assert check_published.main([str(build), str(manifest)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"check_published: {manifest}: {message}"


def test_missing_build_is_named(tmp_path, capsys):
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("file\tpublished\n", encoding="utf-8")
    assert check_published.main([str(tmp_path / "nowhere"), str(manifest)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"check_published: {tmp_path / 'nowhere' / 'articles.csv'}: no such file"
    )


def test_manifest_without_the_columns_is_named(tmp_path, capsys):
    build, _ = write_case(tmp_path, [("a.txt", "", "")], [])
    manifest = tmp_path / "other.tsv"
    manifest.write_text("name\tdate\n", encoding="utf-8")
    assert check_published.main([str(build), str(manifest)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"check_published: {manifest}: line 1: no column file, published"
    )
