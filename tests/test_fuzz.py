"""Property-based tests: parse + extract (+ resolve) on random and mutated article texts.

Whatever the text, the per-article stages never raise, every quote is the
text at its offsets, and the rows of a resolved package fit the Table
Schemas (types, patterns, enums, bounds, primary and foreign keys). Every
CSV written is read back with the csv module and must give exactly the
rows that went in (a bare carriage return once split a row in two).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.build import resolve_corpus
from parley.extract import analyse_article
from parley.parse import parse_article
from parley.read import decode
from parley.records import Article, SourceFile
from parley.reference import load_reference
from parley.write import RESOURCES, format_cell, load_schemas, render_csv

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
REFERENCE = load_reference()
SCHEMAS = load_schemas()

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Words the extractor reacts to, so that random text reaches deep into it.
VOCABULARY = [
    "Lavrov",
    "Pompeo",
    "Putin",
    "Trump",
    "Sergey Lavrov",
    "Mike Pompeo",
    "Tillerson",
    "Russian Foreign Minister",
    "US Secretary of State",
    "President",
    "his counterpart",
    "met",
    "will meet",
    "held talks",
    "is expected to",
    "called off",
    "hosted",
    "phone call",
    "in Washington",
    "in Moscow",
    "in Sochi",
    "at the White House",
    "Helsinki",
    "yesterday",
    "tomorrow",
    "next week",
    "last Friday",
    "on Wednesday",
    "earlier this week",
    "last May",
    "mid-July",
    "in May 2017",
    "December 10",
    "10 May, 2019",
    "2019-05-09",
    "Sept. 5-6",
    "on April 31",
    "February 30, 2019",
    "the end of last year",
    "arms control",
    "New START",
    "INF",
    "sanctions",
    "Photo: Reuters",
    "Also on rt.com",
    "MOSCOW (Sputnik) -",
    "WASHINGTON (Pakistan Point News / Sputnik - 10th December, 2019)",
    "said",
    '"',
    "“",
    "”",
    ".",
    ",",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "0:0\r0",
    " ",
    "(",
    ")",
    "-",
    "—",
    "date 2030-02-28",
    "1 January, 1990",
    "Feb 29, 2020",
    "31 December, 2099 23:59",
    "has met six times",
    "no meeting has been planned",
    "did not meet",
]


def article(text: str, name: str = "fuzz.txt") -> Article:
    return Article(name, text, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())


def analyse(text: str, name: str = "fuzz.txt"):
    return analyse_article(parse_article(article(text, name), REFERENCE), REFERENCE)


# --- strategies -----------------------------------------------------------------------

vocabulary_text = st.lists(st.sampled_from(VOCABULARY), max_size=80).map(" ".join)
unicode_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@st.composite
def mutated_seed(draw) -> str:
    """A seed article with lines deleted, duplicated or swapped, text inserted, or cut."""
    lines = draw(st.sampled_from(SEED_TEXTS)).splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 6))):
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "crlf"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if operation == "delete":
            del lines[i]
        elif operation == "duplicate":
            lines.insert(i, lines[i])
        elif operation == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "insert":
            at = draw(st.integers(0, len(lines[i])))
            noise = draw(st.one_of(unicode_text, vocabulary_text))
            lines[i] = lines[i][:at] + noise + lines[i][at:]
        else:
            lines[i] = lines[i].replace("\n", "\r\n")
    text = "".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


any_text = st.one_of(mutated_seed(), vocabulary_text, unicode_text)


# --- checks ---------------------------------------------------------------------------


def assert_spans_are_quotes(findings) -> None:
    text = findings.parsed.article.text
    spans = [findings.parsed.title_span, findings.parsed.published_span]
    spans += [s.span for s in findings.parsed.sources]
    spans += [t.span for t in findings.topics]
    for claim in findings.claims:
        spans.append(claim.evidence)
        spans += list(claim.topic_quotes)
    for span in spans:
        if span is not None:
            assert 0 <= span.start <= span.end <= len(text), span
            assert text[span.start : span.end] == span.quote, span


def _cell_problem(value: str, spec: dict) -> str | None:
    constraints = spec.get("constraints", {})
    if value == "":
        return "required" if constraints.get("required") else None
    kind = spec["type"]
    number: float | None = None
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            return "not an integer"
        number = int(value)
    elif kind == "number":
        try:
            number = float(value)
        except ValueError:
            return "not a number"
    elif kind == "boolean" and value not in ("true", "false"):
        return "not a boolean"
    elif kind == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return "not a date"
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return "not an ISO date"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        return f"does not match {constraints['pattern']}"
    if "enum" in constraints and value not in constraints["enum"]:
        return f"not one of {constraints['enum']}"
    if number is not None:
        if "minimum" in constraints and number < constraints["minimum"]:
            return "below minimum"
        if "maximum" in constraints and number > constraints["maximum"]:
            return "above maximum"
    return None


def assert_rows_fit_the_schemas(tables: dict[str, list[dict]]) -> None:
    cells: dict[str, list[dict[str, str]]] = {}
    for name in RESOURCES:
        schema = SCHEMAS[name]
        fields = {f["name"]: f for f in schema["fields"]}
        cells[name] = [{k: format_cell(row.get(k)) for k in fields} for row in tables[name]]
        assert_csv_reads_back(render_csv(tables[name], schema), list(fields), cells[name], name)
        for number, row in enumerate(cells[name]):
            for column, spec in fields.items():
                problem = _cell_problem(row[column], spec)
                assert problem is None, f"{name} row {number} {column}={row[column]!r}: {problem}"
        key = schema["primaryKey"]
        key = [key] if isinstance(key, str) else key
        identities = [tuple(row[k] for k in key) for row in cells[name]]
        assert len(identities) == len(set(identities)), f"{name}: duplicate primary key"
    for name in RESOURCES:
        for foreign in SCHEMAS[name].get("foreignKeys", []):
            column, target = foreign["fields"], foreign["reference"]
            known = {row[target["fields"]] for row in cells[target["resource"] or name]}
            for row in cells[name]:
                assert row[column] == "" or row[column] in known, (name, column, row[column])
    texts = {row["article_id"]: row["text"] for row in cells["articles"]}
    for name in ("article_meetings", "article_sources", "article_topics"):
        for row in cells[name]:
            start, end = int(row["char_start"]), int(row["char_end"])
            assert texts[row["article_id"]][start:end] == row["quote"], (name, row)


def assert_csv_reads_back(data: bytes, fields: list[str], cells: list[dict], name: str) -> None:
    """The CSV as any reader sees it: the header, then exactly the rows written (any order)."""
    csv.field_size_limit(2**31 - 1)
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header, *rows = list(reader)
    assert header == fields, name
    read = sorted(tuple(row) for row in rows)
    written = sorted(tuple(row[k] for k in fields) for row in cells)
    assert read == written, f"{name}: the CSV does not read back as written"


# --- properties -----------------------------------------------------------------------


@FUZZ
@given(any_text)
def test_parse_and_extract_never_raise_and_quote_the_text_exactly(text):
    assert_spans_are_quotes(analyse(text))


@FUZZ
@given(st.lists(st.one_of(mutated_seed(), vocabulary_text), min_size=1, max_size=3))
def test_a_package_resolved_from_fuzzed_articles_fits_the_schemas(texts):
    findings = []
    seen = set()
    for number, text in enumerate(texts):
        findings_one = analyse(text, f"fuzz-{number}.txt")
        title = findings_one.parsed.title
        digest = findings_one.parsed.article.sha256
        if not title or digest in seen:  # the build skips these files (see parley.build)
            continue
        seen.add(digest)
        findings.append(findings_one)
    tables, warnings = resolve_corpus(findings, REFERENCE)
    assert all(isinstance(w, str) for w in warnings)
    assert len(tables["articles"]) == len(findings)
    assert_rows_fit_the_schemas(tables)


@pytest.mark.parametrize("index", range(len(SEED_TEXTS)))
def test_the_seeds_themselves_fit_the_schemas(index):
    """The unmutated seeds: the base case every mutation starts from."""
    findings = analyse(SEED_TEXTS[index], f"seed-{index}.txt")
    assert_spans_are_quotes(findings)
    tables, _ = resolve_corpus([findings], REFERENCE)
    assert_rows_fit_the_schemas(tables)


@FUZZ
@given(st.lists(st.one_of(any_text, st.binary(max_size=300)), min_size=1, max_size=3))
def test_files_read_analysed_and_written_read_back_exactly(contents):
    """From the bytes of a file, as the build reads it, to CSV and back."""
    findings = []
    seen = set()
    for number, content in enumerate(contents):
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        result = decode(SourceFile(f"file-{number}.txt", data))
        if not isinstance(result, Article) or result.sha256 in seen:
            continue
        assert "\r" not in result.text.replace("\r\n", ""), "a bare CR is left"
        assert "\x00" not in result.text
        findings_one = analyse_article(parse_article(result, REFERENCE), REFERENCE)
        if findings_one.parsed.title:
            seen.add(result.sha256)
            findings.append(findings_one)
    tables, _ = resolve_corpus(findings, REFERENCE)
    assert_rows_fit_the_schemas(tables)


@pytest.mark.parametrize(
    "text",
    ["0:0\r0", "Lavrov meets Pompeo\rRussian Foreign Minister Lavrov met Pompeo\r", "a\r\nb\rc"],
)
def test_a_cell_with_a_carriage_return_is_quoted_and_reads_back(text):
    schema = {"fields": [{"name": "id", "type": "string"}, {"name": "text", "type": "string"}]}
    schema["primaryKey"] = ["id"]
    data = render_csv([{"id": "x", "text": text}], schema)
    assert data == b'id,text\nx,"' + text.encode() + b'"\n'
    assert list(csv.reader(io.StringIO(data.decode(), newline=""))) == [["id", "text"], ["x", text]]
