"""Bad input through the real `parley build` command: reported by name, skipped, counted.

Each case puts one bad (or unusual) file beside two real seed articles and
runs `parley build SEEDS --out OUT` in-process. The file is reported with
its name and the exact reason, the build summary counts it, and the two good
articles still build.
"""

from __future__ import annotations

import csv
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley import build as build_module
from parley.cli import main
from parley.read import MAX_ARTICLE_BYTES

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOOD = ("000_fb82a6c145586567.txt", "004_0e89ee0f3769bdb9.txt")
OTHER = "002_850cf3de63addd31.txt"  # a third seed, used in altered forms

csv.field_size_limit(sys.maxsize)


def rows(out: Path, resource: str) -> list[dict[str, str]]:
    with open(out / f"{resource}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def seeds(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(SEEDS / name, folder / name)
    return folder


def run_build(seeds: Path, out: Path, *extra: str):
    result = CliRunner().invoke(main, ["build", str(seeds), "--out", str(out), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def assert_good_articles_built(out: Path, *also: str) -> None:
    assert sorted(r["seed_file"] for r in rows(out, "articles")) == sorted([*GOOD, *also])


ARTICLE = (SEEDS / OTHER).read_bytes()
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Lavrov meets Pompeo</title></head>\n<body>\n"
    b"<div class='story'><p>Russian Foreign Minister Sergei Lavrov met US Secretary of State "
    b"Mike Pompeo in Washington.</p>\n<p>They discussed arms control.</p></div>\n</body></html>\n"
)
HTML_FRAGMENT = (
    b"<div><h1>Lavrov meets Pompeo</h1>\n<p>Russian Foreign Minister Sergei Lavrov met Pompeo."
    b"</p>\n<p>They discussed arms control.</p><br></div>\n"
)
MIXED = "Lavrov met Pompeo in Zürich.\n".encode() + b"\x93Quote\x94 from a cp1252 page.\n"

SKIPPED = [
    ("empty.txt", b"", "empty file", "empty"),
    ("blank.txt", b"  \n\t\r\n   \n", "only whitespace", "whitespace only"),
    (
        "photo.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        "binary file, not text",
        "binary",
    ),
    (
        "noise.txt",
        bytes(range(0x80, 0x100)) * 4,
        "not UTF-8 (invalid byte 0x80 at offset 0), and not plausible text in cp1252 or latin-1",
        "not UTF-8",
    ),
    (
        "mixed.txt",
        MIXED,
        "not UTF-8 (invalid byte 0x93 at offset 30) although other parts are UTF-8: "
        "mixed encodings; save the file as UTF-8",
        "not UTF-8",
    ),
    (
        "huge.txt",
        b"Lavrov met Pompeo. " * (MAX_ARTICLE_BYTES // 19 + 1),
        f"file is {19 * (MAX_ARTICLE_BYTES // 19 + 1):,} bytes, "
        f"over the {MAX_ARTICLE_BYTES:,} byte limit",
        "too large",
    ),
    (
        "page.txt",
        HTML_PAGE,
        "HTML, not plain text (12 tags); save the article's text, not the web page",
        "HTML",
    ),
    (
        "fragment.txt",
        HTML_FRAGMENT,
        "HTML, not plain text (9 tags); save the article's text, not the web page",
        "HTML",
    ),
    (
        "furniture.txt",
        b"Like this story? Share it with a friend!\n\nprint\n",
        "no headline and no body text",
        "no text",
    ),
    (
        "zz-copy.txt",
        (SEEDS / GOOD[0]).read_bytes(),
        f"byte-identical duplicate of {GOOD[0]}",
        "duplicate",
    ),
    (
        "zz-crlf-copy.txt",
        (SEEDS / GOOD[1]).read_bytes().replace(b"\n", b"\r\n"),
        f"same text as {GOOD[1]} (differs only in encoding, byte order mark, line ends "
        "or surrounding whitespace)",
        "duplicate",
    ),
    (
        "zz-bom-copy.txt",
        b"\xef\xbb\xbf" + (SEEDS / GOOD[1]).read_bytes(),
        f"same text as {GOOD[1]} (differs only in encoding, byte order mark, line ends "
        "or surrounding whitespace)",
        "duplicate",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "reason", "category"), SKIPPED, ids=[case[0] for case in SKIPPED]
)
def test_a_bad_file_is_reported_skipped_and_counted(seeds, tmp_path, name, data, reason, category):
    (seeds / name).write_bytes(data)
    out = tmp_path / "out"
    result = run_build(seeds, out)
    assert result.exit_code == 0, result.stderr
    assert f"skipped {name}: {reason}\n" in result.stderr
    assert f"2 articles read, 1 skipped (1 {category})," in result.stdout
    assert_good_articles_built(out)


def test_every_kind_of_bad_file_at_once_is_counted_by_reason(seeds, tmp_path):
    for name, data, _, _ in SKIPPED:
        (seeds / name).write_bytes(data)
    result = run_build(seeds, tmp_path / "out")
    assert result.exit_code == 0
    assert (
        "2 articles read, 12 skipped (2 HTML, 1 binary, 3 duplicate, 1 empty, 1 no text, "
        "2 not UTF-8, 1 too large, 1 whitespace only)" in result.stdout
    )
    assert_good_articles_built(tmp_path / "out")


def test_a_missing_folder_is_exit_2_naming_it(tmp_path):
    missing = tmp_path / "no-such-seeds"
    result = CliRunner().invoke(main, ["build", str(missing), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {missing}: no such folder\n"
    assert not (tmp_path / "out").exists()


def test_a_file_instead_of_a_folder_is_exit_2(tmp_path):
    file = tmp_path / "seeds.txt"
    file.write_text("Lavrov met Pompeo.")
    result = CliRunner().invoke(main, ["build", str(file), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {file}: not a folder\n"


@pytest.mark.parametrize("where", ["seeds", "parent", "has-folders"])
def test_an_output_folder_whose_replacement_would_destroy_files_is_refused(seeds, where):
    """`--out` names a folder that is replaced as a whole: never the articles or a project."""
    if where == "seeds":
        out, message = seeds, "the output folder must not be or contain the articles folder"
    elif where == "parent":
        out, message = seeds.parent, "the output folder must not be or contain the articles folder"
    else:
        out = seeds.parent / "busy"
        (out / "keep-me").mkdir(parents=True)
        message = "holds folders (keep-me); the output folder is replaced as a whole"
    result = CliRunner().invoke(main, ["build", str(seeds), "--out", str(out)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert sorted(p.name for p in seeds.iterdir()) == sorted(GOOD)


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("cp1252", "\u201cLavrov\u2019s visit\u201d to K\u00f6ln \u2013 arms control.\n"),
        (
            "latin-1",
            "Lavrov traf Pompeo in K\u00f6ln.\x81 Sie sprachen \u00fcber Abr\u00fcstung.\n",
        ),
    ],
)
def test_a_file_in_a_fallback_encoding_is_an_article_with_a_warning(
    seeds, tmp_path, encoding, data
):
    raw = ("Lavrov and Pompeo meet\n\n" + data).encode(encoding)
    (seeds / "legacy.txt").write_bytes(raw)
    out = tmp_path / "out"
    result = run_build(seeds, out)
    assert result.exit_code == 0
    assert (
        f"warning: legacy.txt: not UTF-8; read as {encoding}. "
        "Check its accented letters and quotes, and save it as UTF-8.\n" in result.stderr
    )
    assert "3 articles read, 0 skipped," in result.stdout
    texts = {r["seed_file"]: r["text"] for r in rows(out, "articles")}
    assert texts["legacy.txt"] == raw.decode(encoding)


def quotes_match_offsets(out: Path) -> list[tuple[str, int, int]]:
    """(seed file, start, end) of every quote; asserts each equals the text at its offsets."""
    texts = {r["article_id"]: (r["seed_file"], r["text"]) for r in rows(out, "articles")}
    found = []
    for resource in ("article_meetings", "article_sources", "article_topics"):
        for row in rows(out, resource):
            seed_file, text = texts[row["article_id"]]
            start, end = int(row["char_start"]), int(row["char_end"])
            assert text[start:end] == row["quote"], (resource, row)
            found.append((seed_file, start, end))
    return found


def test_a_byte_order_mark_is_dropped_and_offsets_count_from_the_text_after_it(seeds, tmp_path):
    (seeds / "bom.txt").write_bytes(b"\xef\xbb\xbf" + ARTICLE)
    out = tmp_path / "out"
    result = run_build(seeds, out)
    assert result.exit_code == 0 and "3 articles read, 0 skipped" in result.stdout
    texts = {r["seed_file"]: r["text"] for r in rows(out, "articles")}
    assert texts["bom.txt"] == ARTICLE.decode("utf-8")  # no U+FEFF in the text
    offsets = [q for q in quotes_match_offsets(out) if q[0] == "bom.txt"]
    assert offsets, "the article yields quotes"


def test_crlf_line_ends_are_kept_and_quotes_still_match_their_offsets(seeds, tmp_path):
    crlf = ARTICLE.replace(b"\n", b"\r\n")
    (seeds / "windows.txt").write_bytes(crlf)
    out = tmp_path / "out"
    result = run_build(seeds, out)
    assert result.exit_code == 0 and "3 articles read, 0 skipped" in result.stdout
    texts = {r["seed_file"]: r["text"] for r in rows(out, "articles")}
    assert texts["windows.txt"] == crlf.decode("utf-8")  # offsets count "\r\n" as two
    assert [q for q in quotes_match_offsets(out) if q[0] == "windows.txt"]
    validated = CliRunner().invoke(main, ["validate", str(out / "datapackage.json")])
    assert validated.exit_code == 0, validated.output


def test_an_article_without_a_headline_is_titled_by_its_first_sentence(seeds, tmp_path):
    body = (
        "Russian Foreign Minister Sergei Lavrov met US Secretary of State Mike Pompeo in "
        "Washington on 10 December 2019. They discussed arms control and trade.\n"
    )
    (seeds / "no-headline.txt").write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    result = run_build(seeds, out)
    assert result.exit_code == 0 and "3 articles read, 0 skipped" in result.stdout
    titles = {r["seed_file"]: r["title"] for r in rows(out, "articles")}
    assert titles["no-headline.txt"] == body.split(" They")[0]


@pytest.mark.parametrize(
    "name",
    ["with spaces in it.txt", "Лавров и Помпео.txt", "café – été ✓.txt", "'quoted', name.txt"],
)
def test_file_names_with_spaces_and_non_ascii_characters_are_kept_as_they_are(
    seeds, tmp_path, name
):
    (seeds / name).write_bytes(ARTICLE)
    out = tmp_path / "out"
    result = run_build(seeds, out)
    assert result.exit_code == 0 and "3 articles read, 0 skipped" in result.stdout
    assert_good_articles_built(out, name)


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux allows file names of any bytes")
def test_a_file_name_that_is_not_utf8_is_reported(seeds, tmp_path):
    with open(os.path.join(os.fsencode(seeds), b"caf\xe9.txt"), "wb") as handle:
        handle.write(ARTICLE)
    out = tmp_path / "out"
    result = run_build(seeds, out)
    assert result.exit_code == 0
    assert "skipped caf\ufffd.txt: file name is not valid UTF-8; rename the file\n" in result.stderr
    assert "(1 bad file name)" in result.stdout
    assert_good_articles_built(out)


def test_an_article_the_extractor_fails_on_is_reported_and_the_rest_builds(
    seeds, tmp_path, monkeypatch
):
    real = build_module.analyse_article

    def failing(parsed, reference, *args, **kwargs):
        if parsed.article.seed_file == GOOD[0]:
            raise ValueError("an extractor bug")
        return real(parsed, reference, *args, **kwargs)

    monkeypatch.setattr(build_module, "analyse_article", failing)
    out = tmp_path / "out"
    result = run_build(seeds, out)
    assert result.exit_code == 0
    assert (
        f"skipped {GOOD[0]}: could not be analysed: ValueError: an extractor bug "
        "(a bug in parley: please report it with this file)\n" in result.stderr
    )
    assert "1 articles read, 1 skipped (1 internal error)" in result.stdout
    assert [r["seed_file"] for r in rows(out, "articles")] == [GOOD[1]]
