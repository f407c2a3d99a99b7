"""Check the people a build holds outside the curated list (issue 12): honorifics,
truncated names and surname-only duplicates.

Usage:
    python scripts/check_people.py --data BUILD_DIR [--articles ARTICLES_DIR]
                                   [--report REPORTS_DIR/unknown-people.csv]

BUILD_DIR is the output of `parley build` (people.csv, meetings.csv,
meeting_participants.csv, article_meetings.csv, articles.csv). The report defaults to
where the build wrote it: BUILD_DIR-reports/unknown-people.csv beside BUILD_DIR
(build/unknown-people.csv for the project's data/). The texts are articles.csv's `text`
column; with --articles they are read from the seed files in ARTICLES_DIR instead
(decoded as `parley build` decodes them).

For every person with curated = false it checks:

- honorific: the name starts with, or holds as a whole word, one of the honorifics of
  reference/roles.json (`words.honorifics`, case-sensitive): "Dr Jane Roe".
- truncated: the name (or the name without its middle initials: "Monica P. Medina" as
  "Monica Medina") does not occur whole (whole words, case-sensitive, any whitespace
  between its words) in any of the person's articles: the articles of their meetings and
  the report's first article for them (every text when neither is known). "Jane Ro" for
  "Jane Roe".
- duplicate: the name's words are all words of another person's name in the package,
  curated or not: a proper subset ("Roe" or "Jane Roe" beside "Jane Mary Roe") or the
  same words in another form ("ROE Jane", "Jane Röe" beside "Jane Roe"); words compared
  case-insensitively, without diacritics, in any order, hyphenated parts as words. Also
  a name that is all uppercase (a transcript's speaker label, "ROE").

It prints the number of people not curated and of meetings, then each check's count and
the people it found (check, id, name, country, articles), and exits 1 when a check found
someone, 0 when none did, 2 for input it cannot read (one line naming the file).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from parley.build import unknown_people_path
from parley.errors import ParleyError
from parley.paths import DATA_DIR, REFERENCE_DIR
from parley.read import decode
from parley.records import Person, ReadProblem, SourceFile
from parley.reference import fold, load_reference_file

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

CHECKS = ("honorific", "truncated", "duplicate")
SHOWN_ARTICLES = 5  # seed files printed per person; the count says how many there are


class InputError(Exception):
    """Input the check cannot read: the message names the file."""


@dataclass(frozen=True)
class Finding:
    check: str
    person: Person
    why: str  # what the check saw: the honorific, the other person's name


@dataclass
class Result:
    uncurated: list[Person]
    meetings: int
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    articles: dict[str, list[str]] = field(default_factory=dict)  # person_id -> seed files
    report_counts: dict[str, int] = field(default_factory=dict)  # person_id -> articles

    def offenders(self, check: str) -> list[str]:
        """The person IDs a check found, in the order printed."""
        return [finding.person.person_id for finding in self.findings[check]]


def read_table(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a CSV file that must have `columns`; InputError naming the file."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(f"{path}: line 1: no column {', '.join(missing)}")
            return list(reader)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except csv.Error as error:
        raise InputError(f"{path}: not a readable CSV file: {error}") from None


def honorifics(reference_dir: Path = REFERENCE_DIR) -> list[str]:
    """The honorifics of reference/roles.json, longest first (so "His Royal Highness" is
    named rather than a shorter one inside it)."""
    try:
        words = load_reference_file("roles", reference_dir)["words"]["honorifics"]
    except ParleyError as error:
        raise InputError(str(error).splitlines()[0]) from None
    return sorted(words, key=len, reverse=True)


def _whole(phrase: str) -> re.Pattern[str]:
    """`phrase` as whole words, its words separated by any whitespace."""
    words = (re.escape(word) for word in phrase.split())
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def name_words(name: str) -> frozenset[str]:
    """The words of a name as compared for duplicates: case-folded, diacritics dropped,
    hyphenated parts apart ("Al-Thani" is "al" and "thani"), periods dropped.

    >>> sorted(name_words("José Al-Thani Jr."))
    ['al', 'jose', 'jr', 'thani']
    """
    return frozenset(w for w in re.split(r"[\s\-‐‑–]+|\.", fold(name)) if w)


def is_uppercase(name: str) -> bool:
    """Every letter a capital, and more than one of them ("ROE", not "U")."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def check_honorific(person: Person, patterns: list[tuple[str, re.Pattern[str]]]) -> str:
    for honorific, pattern in patterns:
        if pattern.search(person.name):
            return f"honorific {honorific!r}"
    return ""


def check_truncated(person: Person, texts: list[str]) -> str:
    """The name, or the name without its middle initials (a fuller form another article
    gives: "Monica P. Medina" where a text prints "Monica Medina"), whole in a text.

    >>> person = Person("m", "Monica P. Medina", "US", False, ())
    >>> check_truncated(person, ["Monica Medina spoke."]), check_truncated(person, ["Monica spoke."])
    ('', 'not whole in 1 text')
    """
    name = unicodedata.normalize("NFC", person.name)
    forms = {name, " ".join(w for w in name.split() if not re.fullmatch(r"\w\.", w))}
    patterns = [_whole(form) for form in forms if form]
    if any(p.search(text) for p in patterns for text in texts):
        return ""
    return f"not whole in {len(texts)} text{'s' if len(texts) != 1 else ''}"


def check_duplicate(person: Person, people: list[Person]) -> str:
    if is_uppercase(person.name):
        return "all uppercase"
    words = name_words(person.name)
    fuller = [
        other
        for other in people
        # <=, not <: the same words under another ID are the same name written otherwise.
        if other.person_id != person.person_id and words <= name_words(other.name)
    ]
    if fuller:
        return "words of " + "; ".join(f"{o.name} ({o.person_id})" for o in fuller)
    return ""


def read_texts(data: Path, articles_dir: Path | None) -> tuple[dict[str, str], dict[str, str]]:
    """(article_id -> seed file, seed file -> text), texts in NFC so that a name compares
    with its text whatever form either was written in."""
    columns = ("article_id", "seed_file") + (() if articles_dir else ("text",))
    rows = read_table(data / "articles.csv", columns)
    seed_files = {row["article_id"]: row["seed_file"] for row in rows}
    texts = {}
    for row in rows:
        if articles_dir is None:
            text = row["text"]
        else:
            path = articles_dir / row["seed_file"]
            try:
                article = decode(SourceFile(row["seed_file"], path.read_bytes()))
            except OSError as error:
                raise InputError(f"{path}: cannot read: {error.strerror}") from None
            if isinstance(article, ReadProblem):
                raise InputError(f"{path}: {article.reason}")
            text = article.text
        texts[row["seed_file"]] = unicodedata.normalize("NFC", text)
    return seed_files, texts


def check(
    data: Path,
    report: Path | None = None,
    articles_dir: Path | None = None,
    reference_dir: Path = REFERENCE_DIR,
) -> Result:
    """Run the three checks on a build. `report` None: the build's default report, skipped
    when it is not there (the people's articles then come from their meetings alone)."""
    if report is None:
        report = unknown_people_path(data, data.resolve() == DATA_DIR.resolve())
        if not report.is_file():
            print(f"check_people: {report}: no report, using meetings only", file=sys.stderr)
            report = None
    people = [
        Person(row["person_id"], row["name"], row["country"], row["curated"] == "true")
        for row in read_table(data / "people.csv", ("person_id", "name", "country", "curated"))
    ]
    meetings = len(read_table(data / "meetings.csv", ("meeting_id",)))
    seed_files, texts = read_texts(data, articles_dir)
    meetings_of: dict[str, set[str]] = defaultdict(set)
    for row in read_table(data / "meeting_participants.csv", ("meeting_id", "person_id")):
        meetings_of[row["person_id"]].add(row["meeting_id"])
    articles_of_meeting: dict[str, set[str]] = defaultdict(set)
    for row in read_table(data / "article_meetings.csv", ("article_id", "meeting_id")):
        articles_of_meeting[row["meeting_id"]].add(seed_files.get(row["article_id"], ""))
    articles: dict[str, set[str]] = defaultdict(set)
    for person_id, meeting_ids in meetings_of.items():
        for meeting_id in meeting_ids:
            articles[person_id] |= articles_of_meeting[meeting_id]
    report_counts = {}
    if report is not None:
        table = read_table(report, ("person_id", "articles", "first_article"))
        for line, row in enumerate(table, start=2):
            if not row["articles"].isdigit():
                raise InputError(f"{report}: line {line}: articles {row['articles']!r} is no count")
            articles[row["person_id"]].add(row["first_article"])
            report_counts[row["person_id"]] = int(row["articles"])

    uncurated = sorted((p for p in people if not p.curated), key=lambda p: p.person_id)
    patterns = [(h, _whole(h)) for h in honorifics(reference_dir)]
    result = Result(uncurated, meetings, {c: [] for c in CHECKS}, report_counts=report_counts)
    for person in uncurated:
        files = sorted(f for f in articles.get(person.person_id, ()) if f in texts)
        result.articles[person.person_id] = files
        # A person no meeting or report places in an article is looked for everywhere.
        person_texts = [texts[f] for f in files] if files else list(texts.values())
        whys = {
            "honorific": check_honorific(person, patterns),
            "truncated": check_truncated(person, person_texts),
            "duplicate": check_duplicate(person, people),
        }
        for name, why in whys.items():
            if why:
                result.findings[name].append(Finding(name, person, why))
    return result


def print_result(result: Result) -> None:
    print(f"people not curated: {len(result.uncurated)}")
    print(f"meetings: {result.meetings}")
    for name in CHECKS:
        print(f"{name}: {len(result.findings[name])}")
    for name in CHECKS:
        for finding in result.findings[name]:
            person = finding.person
            files = result.articles[person.person_id]
            count = result.report_counts.get(person.person_id, len(files))
            shown = ", ".join(files[:SHOWN_ARTICLES]) + (
                ", ..." if len(files) > SHOWN_ARTICLES else ""
            )
            print(
                f"{name}\t{person.person_id}\t{person.name}\t{person.country}"
                f"\tarticles={count} ({shown})\t{finding.why}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder written by parley build")
    parser.add_argument("--articles", type=Path, help="folder of the seed files (texts)")
    parser.add_argument("--report", type=Path, help="the build's unknown-people.csv")
    args = parser.parse_args(argv)
    try:
        result = check(args.data, args.report, args.articles)
    except InputError as error:
        print(f"check_people: {error}", file=sys.stderr)
        return 2
    print_result(result)
    return 1 if any(result.findings.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
