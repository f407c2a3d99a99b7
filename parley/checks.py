"""Rules no schema can express, run by `parley validate` after frictionless.

Each check reads the package's rows and returns problems that name the file,
the row (as numbered in the CSV, the header being row 1) and the column:

- evidence: every meeting has an article link, and every quote is the
  article's text at its offsets;
- intervals: `date_start <= date_end` wherever a row has an interval;
- offices: a participant held the office the data gives on the meeting's dates;
- offices known: a participant's office on the meeting's dates is known (its term, or
  days a source attests, covers them);
- chronology: no article reports as held a meeting that starts after the
  article's publication;
- trips: a held meeting abroad of a US President or Secretary of State falls
  inside one of their official trips to that country (Office of the Historian);
- participants: every meeting has at least two participants, of at least two
  countries (an international body, EU or UN, counts as its own);
- counts: `article_count` is the number of the meeting's article links;
- status: `status` and `status_as_of` are those of the meeting's latest
  report (the link whose article was published last);
- reported dates: a link's reported interval holds its meeting's interval
  (the meeting takes the sharpest interval consistent with all its reports);
- publication: an article's `published_start` and `published_end` are both
  set or both empty, and `published_basis` is `unknown` exactly when empty;
- people: every participant has a row in `people`, and a person marked
  `curated` is in the curated list (reference/people.json).
- event codes and dyad-years: as `parley.interop` derives them from the rows
  (checked only when every check above passes: they would echo its problems);
  dyad-years' COW numbers are those of `countries`;
- places: every place has its gazetteer entry's GeoNames id and coordinates
  source: every city and province GeoNames' packaged tables have carries its id;
  landmarks have none and link to their city (docs/reference/places-geonames.md).

Checks read the rows with the package's one CSV reader (`parley.package`), so
a byte-order mark or an article of a million characters is read as
frictionless reads it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from parley.interop import check_dyad_years, check_event_codes, check_places
from parley.package import iter_rows, read_descriptor
from parley.paths import CURATED_PEOPLE
from parley.problems import Problem
from parley.reference import travellers
from parley.resolve import STATUS_ORDER  # of two reports of one day, the later stage wins

# Columns the cached rows leave out: an article's text is read only by the evidence check,
# which streams it, so that a package's texts are never all in memory at once.
UNCACHED_COLUMNS = {"articles": ("text",)}
QUOTED_RESOURCES = ("article_meetings", "article_sources", "article_topics")


class Package:
    """The rows of a data package, read once, with their row numbers."""

    def __init__(self, descriptor_path: Path, curated_people: Path = CURATED_PEOPLE):
        self.descriptor = read_descriptor(descriptor_path)
        self.base = descriptor_path.parent
        self._paths = {r["name"]: r["path"] for r in self.descriptor["resources"]}
        self._rows: dict[str, list[dict]] = {}
        self.curated_people = curated_people

    def file(self, name: str) -> str:
        return self._paths.get(name, f"{name}.csv")

    def by_id(self, name: str, key: str) -> dict[str, dict]:
        """Rows of a resource by the value of their key column."""
        return {row[key]: row for row in self.rows(name)}

    def rows(self, name: str) -> list[dict]:
        """Rows of a resource, each with its CSV row number under the key `_row`.

        A resource the descriptor does not list has no rows (a smaller package).
        """
        if name not in self._rows:
            dropped = UNCACHED_COLUMNS.get(name, ())
            self._rows[name] = [
                {**{k: v for k, v in row.items() if k not in dropped}, "_row": number}
                for number, row in self.stream(name)
            ]
        return self._rows[name]

    def stream(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        """(row number, row) of a resource, read as needed and not kept: for the
        resources whose rows only one check reads (the texts, the topic and source links)."""
        path = self._paths.get(name)
        return iter_rows(self.base / path) if path else iter(())

    def links_by_meeting(self) -> dict[str, list[dict]]:
        """The article_meetings rows of each meeting."""
        links: dict[str, list[dict]] = defaultdict(list)
        for row in self.rows("article_meetings"):
            links[row["meeting_id"]].append(row)
        return links


def check_evidence(package: Package) -> list[Problem]:
    """Each quote against its article's text at its offsets, and a link for every meeting.

    Streams the link rows, keeping only their offsets and quotes by article, then the
    articles one at a time: memory grows with the quotes, not with the texts.
    """
    quoted: dict[str, list[tuple[int, int, int, int, str]]] = defaultdict(list)
    for order, name in enumerate(QUOTED_RESOURCES):
        for number, row in package.stream(name):
            start, end = int(row["char_start"]), int(row["char_end"])
            quoted[row["article_id"]].append((order, number, start, end, row["quote"]))
    wrong = []
    for _, article in package.stream("articles"):
        text = article["text"]
        for order, number, start, end, quote in quoted.pop(article["article_id"], ()):
            if text[start:end] != quote:
                wrong.append((order, number, start, end, quote, article["article_id"]))
    for article_id, quotes in quoted.items():  # links to an article the package lacks
        wrong += [(o, n, s, e, q, article_id) for o, n, s, e, q in quotes if q]
    problems = [
        Problem(
            package.file(QUOTED_RESOURCES[order]),
            f"quote {quote[:40]!r} is not the text of article {article_id} at {start}..{end}",
            number,
            "quote",
            code="evidence",
        )
        for order, number, start, end, quote, article_id in sorted(wrong)
    ]
    linked = {row["meeting_id"] for row in package.rows("article_meetings")}
    for row in package.rows("meetings"):
        if row["meeting_id"] not in linked:
            problems.append(
                Problem(
                    package.file("meetings"),
                    f"meeting {row['meeting_id']} has no article link with evidence in article_meetings",
                    row["_row"],
                    "meeting_id",
                    code="evidence",
                )
            )
    return problems


INTERVALS = (
    ("meetings", "date_start", "date_end"),
    ("offices", "date_start", "date_end"),
    ("offices", "attested_start", "attested_end"),
    ("articles", "published_start", "published_end"),
    ("article_meetings", "reported_date_start", "reported_date_end"),
    ("trips", "date_start", "date_end"),
)


def check_intervals(package: Package) -> list[Problem]:
    problems = []
    for name, start, end in INTERVALS:
        for row in package.rows(name):
            if row[start] and row[end] and row[start] > row[end]:
                problems.append(
                    Problem(
                        package.file(name),
                        f"{start} {row[start]} is after {end} {row[end]}",
                        row["_row"],
                        start,
                        code="interval",
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
                    code="office",
                )
            )
    return problems


def check_participant_offices_known(package: Package) -> list[Problem]:
    """A participant's office on the meeting's dates must be known: a row without an
    office (role "other"), or whose matching offices carry no dates at all (a person
    outside the curated list, known only from a role phrase), is flagged: nobody can
    tell whether they held that office then. So is an office with attested days only
    (no term at hand) on a meeting outside them: the row shows it presumed, not known."""
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
        attested = [o for o in matching if o.get("attested_start")]
        if row["role"] != "other" and (dated or not matching):
            continue  # dated: check_offices compares the dates; none: it flags the row
        seen_then = [
            o
            for o in attested
            if _overlaps(
                meeting["date_start"], meeting["date_end"], o["attested_start"], o["attested_end"]
            )
        ]
        if row["role"] != "other" and seen_then:
            continue  # a source shows the office held on the meeting's dates
        curated = people.get(row["person_id"], {}).get("curated") == "true"
        if row["role"] == "other":
            why = "has no office in the data"
        elif attested:
            days = ", ".join(f"{o['attested_start']}..{o['attested_end']}" for o in attested)
            why = f"is known in this office only on the days a source attests ({days})"
        else:
            why = "has an office without dates"
        hint = (
            "give the office its term in reference/people.json"
            if curated and attested
            else "date the office in reference/people.json"
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
                code="office-unknown",
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
                    code="chronology",
                )
            )
    return problems


def check_trips(package: Package) -> list[Problem]:
    problems = []
    checked = travellers()  # roles.json "travellers": whose trips trips.csv records
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
            or meeting["country"] == checked.country
            or not meeting["date_start"]
            or not checked.covers(row["role"], row["country"])
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
                    code="trip",
                )
            )
    return problems


def check_participants(package: Package) -> list[Problem]:
    problems = []
    countries: dict[str, list[str]] = defaultdict(list)
    for row in package.rows("meeting_participants"):
        countries[row["meeting_id"]].append(row["country"])
    for meeting in package.rows("meetings"):
        found = countries.get(meeting["meeting_id"], [])
        if len(found) < 2:
            message = (
                f"meeting {meeting['meeting_id']} has {len(found)} participant(s) in "
                f"{package.file('meeting_participants')}; a meeting needs at least two"
            )
        elif len(set(found)) < 2:
            message = (
                f"the {len(found)} participants of meeting {meeting['meeting_id']} all represent "
                f"{found[0]}; a meeting needs officials of different countries (or an "
                "international body)"
            )
        else:
            continue
        problems.append(
            Problem(
                package.file("meetings"),
                message,
                meeting["_row"],
                "meeting_id",
                code="participants",
            )
        )
    return problems


def check_article_counts(package: Package) -> list[Problem]:
    problems = []
    links = package.links_by_meeting()
    for meeting in package.rows("meetings"):
        count = len({link["article_id"] for link in links.get(meeting["meeting_id"], [])})
        if meeting["article_count"] != str(count):
            problems.append(
                Problem(
                    package.file("meetings"),
                    f"article_count {meeting['article_count']} is not the number of articles "
                    f"that report meeting {meeting['meeting_id']} in "
                    f"{package.file('article_meetings')} ({count})",
                    meeting["_row"],
                    "article_count",
                    code="article-count",
                )
            )
    return problems


def check_status(package: Package) -> list[Problem]:
    """`status` and `status_as_of` come from the latest report, as `parley.resolve` sets them."""
    problems = []
    published = {a["article_id"]: a["published_start"] for a in package.rows("articles")}
    links = package.links_by_meeting()
    for meeting in package.rows("meetings"):
        reports = links.get(meeting["meeting_id"])
        if not reports:
            continue  # check_evidence reports a meeting without links
        latest = max(
            reports,
            key=lambda r: (
                published.get(r["article_id"], ""),
                STATUS_ORDER.get(r["reported_status"], -1),
            ),
        )
        day = published.get(latest["article_id"], "")
        shown = f"article {latest['article_id']} (published {day or 'on an unknown date'})"
        if meeting["status"] != latest["reported_status"]:
            problems.append(
                Problem(
                    package.file("meetings"),
                    f"status {meeting['status']!r} is not the status of the latest report of "
                    f"meeting {meeting['meeting_id']}: {shown} reports "
                    f"{latest['reported_status']!r}",
                    meeting["_row"],
                    "status",
                    code="status",
                )
            )
        if meeting["status_as_of"] != day:
            problems.append(
                Problem(
                    package.file("meetings"),
                    f"status_as_of {meeting['status_as_of'] or '(empty)'} is not the publication "
                    f"date of the latest report of meeting {meeting['meeting_id']}, {shown}",
                    meeting["_row"],
                    "status_as_of",
                    code="status",
                )
            )
    return problems


def check_reported_dates(package: Package) -> list[Problem]:
    problems = []
    meetings = package.by_id("meetings", "meeting_id")
    for row in package.rows("article_meetings"):
        meeting = meetings.get(row["meeting_id"])
        start, end = row["reported_date_start"], row["reported_date_end"]
        if meeting is None or not (start or end):
            continue
        if not meeting["date_start"]:
            message = (
                f"this report dates meeting {row['meeting_id']} {start}..{end}, "
                "but the meeting has no dates"
            )
        elif (start and meeting["date_start"] < start) or (
            end and meeting["date_end"] and meeting["date_end"] > end
        ):
            message = (
                f"reported dates {start}..{end} do not hold the dates of meeting "
                f"{row['meeting_id']}, {meeting['date_start']}..{meeting['date_end']} (a "
                "meeting takes the sharpest interval consistent with all its reports)"
            )
        else:
            continue
        problems.append(
            Problem(
                package.file("article_meetings"),
                message,
                row["_row"],
                "reported_date_start",
                code="reported-date",
            )
        )
    return problems


def check_publication(package: Package) -> list[Problem]:
    problems = []
    for row in package.rows("articles"):
        start, end, basis = row["published_start"], row["published_end"], row["published_basis"]
        if bool(start) != bool(end):
            column, message = (
                ("published_end", f"published_end is empty but published_start is {start}")
                if start
                else ("published_start", f"published_start is empty but published_end is {end}")
            )
        elif bool(start) == (basis == "unknown"):
            column = "published_basis"
            message = (
                f"published_basis is 'unknown' but the article has dates {start}..{end}"
                if start
                else f"published_basis is {basis!r} but the article has no publication date"
            )
        else:
            continue
        problems.append(
            Problem(package.file("articles"), message, row["_row"], column, code="publication")
        )
    return problems


def _curated_ids(path: Path) -> set[str] | None:
    """IDs of the curated people list; None when it is not there (a downloaded package)."""
    try:
        people = json.loads(path.read_text(encoding="utf-8"))["people"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return {person["person_id"] for person in people if isinstance(person, dict)}


def check_people(package: Package) -> list[Problem]:
    problems = []
    people = package.by_id("people", "person_id")
    for row in package.rows("meeting_participants"):
        if row["person_id"] not in people:
            problems.append(
                Problem(
                    package.file("meeting_participants"),
                    f"participant {row['person_id']} of meeting {row['meeting_id']} has no row "
                    f"in {package.file('people')}",
                    row["_row"],
                    "person_id",
                    code="people",
                )
            )
    curated = _curated_ids(package.curated_people)
    if curated is None:
        return problems
    for person in package.rows("people"):
        if person["curated"] == "true" and person["person_id"] not in curated:
            problems.append(
                Problem(
                    package.file("people"),
                    f"{person['person_id']} is marked curated but is not in the curated list "
                    f"({package.curated_people.name}); set curated to false or add the person",
                    person["_row"],
                    "curated",
                    code="people",
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
    check_participants,
    check_article_counts,
    check_status,
    check_reported_dates,
    check_publication,
    check_people,
)
# Columns and resources the build derives from the rows above (parley.interop): checked
# only once those rows agree, so that one broken cell is one problem, not its echoes.
DERIVED_CHECKS: tuple[Callable[[Package], list[Problem]], ...] = (
    check_event_codes,  # codes as reference/event-codes.json gives them
    check_dyad_years,  # dyad_years agrees with a recount from meetings
    check_places,  # GeoNames ids and coordinates sources as the gazetteer gives them
)


def check_semantics(descriptor_path: Path, curated_people: Path = CURATED_PEOPLE) -> list[Problem]:
    """Every semantic check on the package at `descriptor_path`.

    `curated_people` is the curated list `people.curated` refers to.
    """
    package = Package(descriptor_path, curated_people)
    problems = [problem for check in CHECKS for problem in check(package)]
    if not problems:
        problems = [problem for check in DERIVED_CHECKS for problem in check(package)]
    return problems
