"""Stage 1, read: which files become articles, and why others are skipped."""

import hashlib

import pytest

from parley.read import MAX_ARTICLE_BYTES, decode, read_articles
from parley.records import Article, ReadProblem, SourceFile

TEXT = b"Lavrov met Pompeo in Washington.\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        (
            b"x" * (MAX_ARTICLE_BYTES + 1),
            f"file is {MAX_ARTICLE_BYTES + 1:,} bytes, over the {MAX_ARTICLE_BYTES:,} byte limit",
        ),
    ],
    ids=["empty", "whitespace", "binary", "huge"],
)
def test_bad_files_are_reported_with_a_reason(data, reason):
    assert decode(SourceFile("bad.txt", data)) == ReadProblem("bad.txt", reason)


def test_a_text_file_is_an_article_with_its_hash():
    article = decode(SourceFile("good.txt", TEXT))
    assert article == Article("good.txt", TEXT.decode(), hashlib.sha256(TEXT).hexdigest())
    assert article.article_id == "a-" + hashlib.sha256(TEXT).hexdigest()[:12]


def test_a_western_file_that_is_not_utf8_is_read_with_a_fallback_encoding():
    article = decode(SourceFile("koeln.txt", "Lavrov traf Pompeo in K\u00f6ln.".encode("cp1252")))
    assert (article.text, article.encoding) == ("Lavrov traf Pompeo in K\u00f6ln.", "cp1252")


def test_a_bom_is_dropped_but_the_hash_is_of_the_file():
    article = decode(SourceFile("bom.txt", b"\xef\xbb\xbf" + TEXT))
    assert article.text == TEXT.decode()
    assert article.encoding == "utf-8-sig"
    assert article.sha256 == hashlib.sha256(b"\xef\xbb\xbf" + TEXT).hexdigest()


def test_a_byte_identical_duplicate_keeps_the_first_by_name():
    results = list(
        read_articles(
            [SourceFile("a.txt", TEXT), SourceFile("b.txt", TEXT), SourceFile("c.txt", b"")]
        )
    )
    assert [type(r).__name__ for r in results] == ["Article", "ReadProblem", "ReadProblem"]
    assert results[1] == ReadProblem("b.txt", "byte-identical duplicate of a.txt")
    assert results[2] == ReadProblem("c.txt", "empty file")
