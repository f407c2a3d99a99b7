"""Stage 1, read: raw input files -> decoded articles, or a reason to skip each.

The file is the unit: one file is at most one article; byte-identical files are
one article (the first by name is kept, the others reported as duplicates).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from parley.records import Article, ReadProblem, SourceFile

MAX_ARTICLE_BYTES = 1_000_000
"""Files larger than this are not news articles (an article is a few KB)."""

# Tried in order after UTF-8; cp1252 covers most Western web pages, latin-1 never fails
# so it only comes last, and only when the text still looks like text.
FALLBACK_ENCODINGS = ("cp1252", "latin-1")


def decode(source: SourceFile) -> Article | ReadProblem:
    """Decode one file, or say why it cannot be an article.

    >>> decode(SourceFile("a.txt", b"Lavrov met Pompeo.")).text
    'Lavrov met Pompeo.'
    >>> decode(SourceFile("b.txt", b"")).reason
    'empty file'
    """
    data = source.data
    if not data:
        return ReadProblem(source.name, "empty file")
    if len(data) > MAX_ARTICLE_BYTES:
        return ReadProblem(
            source.name, f"file is {len(data):,} bytes, over the {MAX_ARTICLE_BYTES:,} byte limit"
        )
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.05:
        return ReadProblem(source.name, "binary file, not text")
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8-sig"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return ReadProblem(
            source.name,
            f"not UTF-8 (invalid byte 0x{data[error.start]:02x} at offset {error.start})",
        )
    if not text.strip():
        return ReadProblem(source.name, "only whitespace")
    return Article(
        seed_file=source.name,
        text=text,
        sha256=hashlib.sha256(source.data).hexdigest(),
        encoding=encoding,
    )


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    controls = sum(1 for byte in data if byte < 32 and byte not in (9, 10, 12, 13))
    return controls / len(data)


def read_articles(sources: Iterable[SourceFile]) -> Iterator[Article | ReadProblem]:
    """Decode files, dropping byte-identical duplicates of an earlier file.

    The caller passes files in name order, so that the kept duplicate, and so
    the output, does not depend on the order the file system lists a folder in.
    Files are consumed one at a time: memory does not grow with the corpus
    beyond one hash per article.
    """
    seen: dict[str, str] = {}
    for source in sources:
        result = decode(source)
        if isinstance(result, ReadProblem):
            yield result
            continue
        first = seen.setdefault(result.sha256, source.name)
        if first != source.name:
            yield ReadProblem(source.name, f"byte-identical duplicate of {first}")
            continue
        yield result
