"""Rules no schema can express, run by `parley validate` after frictionless.

Each check reads the package's rows and returns problems that name the file,
the row (as numbered in the CSV, the header being row 1) and the column:

- evidence: every meeting has an article link, and every quote is the
  article's text at its offsets;
- intervals: `date_start <= date_end` wherever a row has an interval;
- offices: a participant held the office the data gives on the meeting's dates;
- offices known: a participant's office on the meeting's dates is known (dated);
- chronology: no article reports as held a meeting that starts after the
  article's publication;
- trips: a held meeting abroad of a US President or Secretary of State falls
  inside one of their official trips to that country (Office of the Historian).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from parley.validate import Problem

US_TRAVELLING_ROLES = {"head_of_state", "foreign_minister"}


class Package:
    """The rows of a data package, read once, with their row numbers."""

    def __init__(self, descriptor_path: Path):
        self.descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        self.base = descriptor_path.parent
        self._paths = {r["name"]: r["path"] for r in self.descriptor["resources"]}
        self._rows: dict[str, list[dict]] = {}

    def file(self, name: str) -> str:
        return self._paths[name]

    def by_id(self, name: str, key: str) -> dict[str, dict]:
        """Rows of a resource by the value of their key column."""
        return {row[key]: row for row in self.rows(name)}

    def rows(self, name: str) -> list[dict]:
        """Rows of a resource, each with its CSV row number under the key `_row`."""
        if name not in self._rows:
            with open(self.base / self._paths[name], encoding="utf-8", newline="") as handle:
                self._rows[name] = [
                    {**row, "_row": number}
                    for number, row in enumerate(csv.DictReader(handle), start=2)
                ]
        return self._rows[name]


def check_evidence(package: Package) -> list[Problem]:
    problems = []
    texts = {a["article_id"]: a["text"] for a in package.rows("articles")}
    for name in ("article_meetings", "article_sources", "article_topics"):
        for row in package.rows(name):
            start, end = int(row["char_start"]), int(row["char_end"])
            if texts.get(row["article_id"], "")[start:end] != row["quote"]:
                problems.append(
                    Problem(
                        package.file(name),
                        f"quote {row['quote'][:40]!r} is not the text of article "
                        f"{row['article_id']} at {start}..{end}",
                        row["_row"],
                        "quote",
                    )
                )
    linked = {row["meeting_id"] for row in package.rows("article_meetings")}
    for row in package.rows("meetings"):
        if row["meeting_id"] not in linked:
            problems.append(
                Problem(
                    package.file("meetings"),
                    f"meeting {row['meeting_id']} has no article link with evidence in article_meetings",
                    row["_row"],
                    "meeting_id",
                )
            )
    return problems


INTERVALS = {
    "meetings": ("date_start", "date_end"),
    "offices": ("date_start", "date_end"),
    "articles": ("published_start", "published_end"),
    "article_meetings": ("reported_date_start", "reported_date_end"),
    "trips": ("date_start", "date_end"),
}


def check_intervals(package: Package) -> list[Problem]:
    problems = []
    for name, (start, end) in INTERVALS.items():
        for row in package.rows(name):
            if row[start] and row[end] and row[start] > row[end]:
                problems.append(
                    Problem(
                        package.file(name),
                        f"{start} {row[start]} is after {end} {row[end]}",
                        row["_row"],
                        start,
                    )
                )
    return problems


def _overlaps(start: str, end: str, other_start: str, other_end: str) -> bool:
    """Closed ISO-date intervals overlap; an empty bound is open."""
    return (not other_start or not end or other_start <= end) and (
        not other_end or not start or start <= other_end
    )


def check_offices(package: Package) -> list[Problem]:
    problems = []
    meetings = package.by_id("meetings", "meeting_id")
    offices = defaultdict(list)
    for office in package.rows("offices"):
        offices[office["person_id"]].append(office)
    for row in package.rows("meeting_participants"):
        meeting = meetings.get(row["meeting_id"])
        if meeting is None or row["role"] == "other":
            continue
        held = [
            o
            for o in offices[row["person_id"]]
            if o["role"] == row["role"]
            and o["country"] == row["country"]
            and (not row["title"] or o["title"] == row["title"])
            and _overlaps(
                meeting["date_start"], meeting["date_end"], o["date_start"], o["date_end"]
            )
        ]
        if not held:
            when = (
                f"{meeting['date_start']}..{meeting['date_end']}"
                if meeting["date_start"]
                else "any date"
            )
            problems.append(
                Problem(
                    package.file("meeting_participants"),
                    f"{row['person_id']} held no office as {row['title'] or row['role']} "
                    f"({row['country']}) on {when}, the dates of meeting {row['meeting_id']}",
                    row["_row"],
                    "role",
                )
            )
    return problems


def check_participant_offices_known(package: Package) -> list[Problem]:
    """A participant's office on the meeting's dates must be known: a row without an
    office (role "other"), or whose matching offices carry no dates at all (a person
    outside the curated list, known only from a role phrase), is flagged: nobody can
    tell whether they held that office then."""
    problems = []
    meetings = package.by_id("meetings", "meeting_id")
    people = package.by_id("people", "person_id")
    offices = defaultdict(list)
    for office in package.rows("offices"):
        offices[office["person_id"]].append(office)
    for row in package.rows("meeting_participants"):
        meeting = meetings.get(row["meeting_id"])
        if meeting is None:
            continue
        matching = [
            o
            for o in offices[row["person_id"]]
            if o["role"] == row["role"] and o["country"] == row["country"]
        ]
        dated = [o for o in matching if o["date_start"] or o["date_end"]]
        if row["role"] != "other" and dated:
            continue
        curated = people.get(row["person_id"], {}).get("curated") == "true"
        why = (
            "has no office in the data"
            if row["role"] == "other" or not matching
            else "has an office without dates"
        )
        hint = (
            "date the office in reference/people.json"
            if curated
            else "curate them in reference/people.json (see the build's unknown-people.csv)"
        )
        problems.append(
            Problem(
                package.file("meeting_participants"),
                f"{row['person_id']} {why}, so the office held on the dates of meeting "
                f"{row['meeting_id']} is unknown: {hint}",
                row["_row"],
                "role",
            )
        )
    return problems


def check_chronology(package: Package) -> list[Problem]:
    problems = []
    meetings = package.by_id("meetings", "meeting_id")
    articles = package.by_id("articles", "article_id")
    for row in package.rows("article_meetings"):
        meeting, article = meetings.get(row["meeting_id"]), articles.get(row["article_id"])
        if not meeting or not article or row["reported_status"] != "held":
            continue
        if (
            meeting["date_start"]
            and article["published_end"]
            and meeting["date_start"] > article["published_end"]
        ):
            problems.append(
                Problem(
                    package.file("article_meetings"),
                    f"article {row['article_id']} (published by {article['published_end']}) reports "
                    f"as held meeting {row['meeting_id']}, which starts {meeting['date_start']}",
                    row["_row"],
                    "reported_status",
                )
            )
    return problems


def check_trips(package: Package) -> list[Problem]:
    problems = []
    trips = defaultdict(list)
    covered_until: dict[str, str] = {}
    for trip in package.rows("trips"):
        trips[trip["person_id"]].append(trip)
        covered_until[trip["person_id"]] = max(
            covered_until.get(trip["person_id"], ""), trip["date_end"]
        )
    meetings = package.by_id("meetings", "meeting_id")
    for row in package.rows("meeting_participants"):
        meeting = meetings.get(row["meeting_id"])
        if (
            meeting is None
            or meeting["status"] != "held"
            or not meeting["country"]
            or meeting["country"] == "US"
            or not meeting["date_start"]
            or row["country"] != "US"
            or row["role"] not in US_TRAVELLING_ROLES
            or row["person_id"] not in covered_until
            or meeting["date_start"] > covered_until[row["person_id"]]
        ):
            continue
        inside = [
            t
            for t in trips[row["person_id"]]
            if t["country"] == meeting["country"]
            and _overlaps(
                meeting["date_start"], meeting["date_end"], t["date_start"], t["date_end"]
            )
        ]
        if not inside:
            problems.append(
                Problem(
                    package.file("meetings"),
                    f"held meeting {meeting['meeting_id']} of {row['person_id']} in {meeting['country']} "
                    f"on {meeting['date_start']}..{meeting['date_end']} falls inside none of their "
                    f"official trips to {meeting['country']} (trips.csv)",
                    meeting["_row"],
                    "date_start",
                )
            )
    return problems


CHECKS: tuple[Callable[[Package], list[Problem]], ...] = (
    check_evidence,
    check_intervals,
    check_offices,
    check_participant_offices_known,
    check_chronology,
    check_trips,
)


def check_semantics(descriptor_path: Path) -> list[Problem]:
    """Every semantic check on the package at `descriptor_path`."""
    package = Package(descriptor_path)
    return [problem for check in CHECKS for problem in check(package)]
