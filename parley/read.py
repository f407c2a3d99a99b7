"""Stage 1, read: raw input files -> decoded articles, or a reason to skip each.

The file is the unit: one file is at most one article; byte-identical files are
one article (the first by name is kept, the others reported as duplicates).

How input is read (each rule has a test in tests/test_robustness.py):

- **Size**: a file over `MAX_ARTICLE_BYTES` (1 MB; a news article is a few
  KB) is skipped unread, so one stray data dump cannot exhaust memory.
- **Empty or whitespace only**: skipped.
- **Binary** (a NUL byte or more than 5% control characters in the first
  8 KB): skipped. So is a file with a NUL byte further on: SQLite's
  `length()` and `substr()` stop at one, and no text holds one.
- **Encoding**: UTF-8. A UTF-8 byte order mark is dropped; offsets count
  characters of the text *after* the BOM. UTF-16 with a BOM (Windows
  Notepad's "Unicode") is decoded, with a warning. Bytes that are not UTF-8
  are tried as cp1252, then latin-1, but only when the result looks like
  text (no control characters, mostly ASCII) and the file holds no valid
  UTF-8 multi-byte sequence (that would be mixed encodings, which no
  fallback decodes correctly). A file decoded by fallback is an article; the
  build warns, naming the encoding used. Otherwise the file is skipped.
- **Line ends**: LF and CRLF are kept as they are. Offsets count characters
  of the decoded text, so a CRLF counts as two characters, and every
  evidence quote is still exactly `text[char_start:char_end]`. A bare CR
  (old Mac line ends) becomes an LF, with a warning: one character for one,
  so offsets into the stored text are offsets into the file's text too, and
  no CSV reader can take the CR for the end of a row.
- **HTML** (a saved web page rather than its text): skipped, not stripped.
  Stripping tags would give offsets into a text that is not the file, so
  quotes could not be checked against the seed; save the page as text.
- **Duplicates**: a byte-identical copy under another name is skipped, and
  so is a file whose decoded text is the same as an earlier file's apart
  from its encoding, BOM, line ends or surrounding whitespace.
- **File names** may hold spaces and any Unicode; a name that is not valid
  UTF-8 (possible on Linux) is skipped, since it cannot be written in a CSV.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator

from parley.records import Article, ReadProblem, SourceFile

MAX_ARTICLE_BYTES = 1_000_000
"""Files larger than this are not news articles (an article is a few KB)."""

# Tried in order after UTF-8; cp1252 covers most Western web pages, latin-1 never fails
# so it only comes last, and only when the text still looks like text.
FALLBACK_ENCODINGS = ("cp1252", "latin-1")
MAX_NON_ASCII_SHARE = 0.2  # Western text in cp1252 has a few accents and quotes, not a fifth
BINARY_CONTROL_SHARE = 0.05
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HTML_DOCUMENT = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<\?xml)", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|span|p|a|br|script|style|meta|link|li|ul|ol|h[1-6]|table|tr|td|"
    r"img|section|article|header|footer|nav|iframe)\b[^<>]{0,500}>",
    re.IGNORECASE,
)
MIN_HTML_TAGS = 5

# The first words of every reason this module gives, and the category the build summary
# counts them under ("3 skipped (1 binary, 2 duplicate)").
REASON_CATEGORIES = (
    ("empty file", "empty"),
    ("only whitespace", "whitespace only"),
    ("binary file", "binary"),
    ("symbolic link", "symbolic link"),
    ("not a regular file", "not a file"),
    ("not UTF-8", "not UTF-8"),
    ("file is ", "too large"),
    ("HTML", "HTML"),
    ("byte-identical duplicate", "duplicate"),
    ("same text as", "duplicate"),
    ("cannot read", "unreadable"),
    ("file name", "bad file name"),
    ("no headline", "no text"),
    ("could not be analysed", "internal error"),
)


def reason_category(reason: str) -> str:
    """The short category of a skip reason, for counting in the build summary.

    >>> reason_category("file is 2,000,000 bytes, over the 1,000,000 byte limit")
    'too large'
    """
    for prefix, category in REASON_CATEGORIES:
        if reason.startswith(prefix):
            return category
    return reason.split(" (")[0].split(":")[0]


def too_large(name: str, size: int) -> ReadProblem:
    """The problem for a file over the size limit (the build checks the size before reading)."""
    return ReadProblem(name, f"file is {size:,} bytes, over the {MAX_ARTICLE_BYTES:,} byte limit")


def decode(source: SourceFile) -> Article | ReadProblem:
    """Decode one file, or say why it cannot be an article.

    >>> decode(SourceFile("a.txt", b"Lavrov met Pompeo.")).text
    'Lavrov met Pompeo.'
    >>> decode(SourceFile("b.txt", b"")).reason
    'empty file'
    >>> decode(SourceFile("c.txt", "Lavrov traf Pompeo in K\\u00f6ln.".encode("cp1252"))).encoding
    'cp1252'
    """
    data = source.data
    if not data:
        return ReadProblem(source.name, "empty file")
    if len(data) > MAX_ARTICLE_BYTES:
        return too_large(source.name, len(data))
    if data.startswith(UTF16_BOMS):
        return _decode_utf16(source)
    if b"\x00" in data[:8192] or _control_share(data[:8192]) > BINARY_CONTROL_SHARE:
        return ReadProblem(source.name, "binary file, not text")
    encoding = "utf-8"
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
        encoding = "utf-8-sig"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        decoded = _fallback(source.name, data, error)
        if isinstance(decoded, ReadProblem):
            return decoded
        text, encoding = decoded
    return _article(source, text, encoding)


def _decode_utf16(source: SourceFile) -> Article | ReadProblem:
    try:
        text = source.data.decode("utf-16")  # the BOM gives the byte order and is dropped
    except UnicodeDecodeError as error:
        return ReadProblem(
            source.name,
            f"not UTF-8, and not valid UTF-16 despite its byte order mark ({error.reason})",
        )
    if _control_share_text(text) > BINARY_CONTROL_SHARE:
        return ReadProblem(source.name, "binary file, not text")
    return _article(source, text, "utf-16")


def _article(source: SourceFile, text: str, encoding: str) -> Article | ReadProblem:
    if not text.strip():
        return ReadProblem(source.name, "only whitespace")
    nul = text.find("\x00")
    if nul >= 0:
        return ReadProblem(
            source.name, f"binary file, not text (a NUL character at character {nul:,})"
        )
    notes: tuple[str, ...] = ()
    bare = len(_BARE_CR.findall(text))
    if bare:
        text = _BARE_CR.sub("\n", text)
        notes = (
            f"{source.name}: {bare:,} bare carriage return(s) (old Mac line ends) read as "
            "line feeds; save the file with LF or CRLF line ends",
        )
    tags = _html_tags(text)
    if tags:
        return ReadProblem(
            source.name,
            f"HTML, not plain text ({tags} tags); save the article's text, not the web page",
        )
    return Article(
        seed_file=source.name,
        text=text,
        sha256=hashlib.sha256(source.data).hexdigest(),
        encoding=encoding,
        notes=notes,
    )


def _fallback(name: str, data: bytes, error: UnicodeDecodeError) -> tuple[str, str] | ReadProblem:
    """Decode bytes that are not UTF-8 with the first fallback that gives plausible text."""
    where = f"invalid byte 0x{data[error.start]:02x} at offset {error.start}"
    if _UTF8_MULTIBYTE.search(data):
        return ReadProblem(
            name,
            f"not UTF-8 ({where}) although other parts are UTF-8: mixed encodings; "
            "save the file as UTF-8",
        )
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, encoding
    return ReadProblem(
        name, f"not UTF-8 ({where}), and not plausible text in {' or '.join(FALLBACK_ENCODINGS)}"
    )


def _looks_like_text(text: str) -> bool:
    """Mostly ASCII, and (almost) no control characters: what a mis-saved article looks like.

    latin-1 maps the five bytes cp1252 leaves undefined to control characters,
    so it is accepted only with a stray such byte or one per thousand characters.
    """
    if not text:
        return False
    controls = sum(
        1 for c in text if unicodedata.category(c) in ("Cc", "Cn", "Co") and c not in "\t\n\r\f"
    )
    non_ascii = sum(1 for c in text if ord(c) > 127)
    return controls <= max(1, len(text) // 1000) and non_ascii <= MAX_NON_ASCII_SHARE * len(text)


def _html_tags(text: str) -> int:
    """How many HTML tags the text holds, when it is HTML; 0 for plain text.

    A plain-text article may quote one tag; a saved web page has dozens.

    >>> _html_tags("<html><body><p>Lavrov met Pompeo.</p></body></html>")
    6
    >>> _html_tags("Use the <b> tag for bold.")
    0
    """
    head = text[:200_000]
    if _HTML_DOCUMENT.match(head):
        return max(len(_HTML_TAG.findall(head)), 1)
    tags = len(_HTML_TAG.findall(head))
    return tags if tags >= MIN_HTML_TAGS else 0


_BARE_CR = re.compile(r"\r(?!\n)")

_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _control_share(data: bytes) -> float:
    if not data:
        return 0.0
    # translate() deletes the control bytes in C: a per-byte Python loop cost a quarter
    # of a millisecond per file, more than reading it.
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)


def _control_share_text(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\f\r")
    return controls / len(sample)


def encoding_warning(article: Article) -> str | None:
    """A warning for the build summary when an article was not read as UTF-8."""
    if article.encoding in ("utf-8", "utf-8-sig"):
        return None
    return (
        f"{article.seed_file}: not UTF-8; read as {article.encoding}. "
        "Check its accented letters and quotes, and save it as UTF-8."
    )


def read_warnings(article: Article) -> list[str]:
    """Every warning reading an article gave: its encoding, its line ends."""
    warning = encoding_warning(article)
    return ([warning] if warning else []) + list(article.notes)


def _normalised_text_key(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class DuplicateFilter:
    """Remembers the articles seen so far, to report later copies of them.

    Fed in file-name order, so that the copy kept (and so the output) does not
    depend on the order a file system lists a folder in. Memory: two hashes
    per article.
    """

    def __init__(self) -> None:
        self._by_bytes: dict[str, str] = {}
        self._by_text: dict[str, str] = {}

    def check(self, article: Article, text_key: str | None = None) -> ReadProblem | None:
        """None for a new article; a problem naming the earlier file for a copy.

        `text_key`: the normalised text's hash (`_normalised_text_key`), for an
        article whose text is not at hand (a Dask worker kept it).

        >>> duplicates = DuplicateFilter()
        >>> duplicates.check(decode(SourceFile("a.txt", b"Lavrov met Pompeo.")))
        >>> copy = decode(SourceFile("b.txt", b"Lavrov met Pompeo.\\r\\n"))
        >>> duplicates.check(copy).reason.split(" (")[0]
        'same text as a.txt'
        """
        first = self._by_bytes.setdefault(article.sha256, article.seed_file)
        if first != article.seed_file:
            return ReadProblem(article.seed_file, f"byte-identical duplicate of {first}")
        key = text_key if text_key is not None else _normalised_text_key(article.text)
        first = self._by_text.setdefault(key, article.seed_file)
        if first != article.seed_file:
            return ReadProblem(
                article.seed_file,
                f"same text as {first} (differs only in encoding, byte order mark, line ends "
                "or surrounding whitespace)",
            )
        return None


def read_articles(sources: Iterable[SourceFile]) -> Iterator[Article | ReadProblem]:
    """Decode files, dropping duplicates of an earlier file.

    The caller passes files in name order, so that the kept duplicate, and so
    the output, does not depend on the order the file system lists a folder in.
    Files are consumed one at a time: memory does not grow with the corpus
    beyond two hashes per article.
    """
    duplicates = DuplicateFilter()
    for source in sources:
        result = decode(source)
        if isinstance(result, ReadProblem):
            yield result
            continue
        yield duplicates.check(result) or result
