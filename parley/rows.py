"""Records -> rows: one function per resource of the data package.

Each `<resource>_rows` function turns typed records (article findings, resolved
meetings, reference data) into the rows of one resource, as dicts keyed by the
columns of its Table Schema (schemas/<resource>.json). To add a column, add it
to the schema and to the one function here that makes that resource's rows;
the writer (`parley.write`) refuses rows that miss a schema column or carry one
the schema does not have. The interoperability columns and resources (event codes,
`countries`, `dyad_years`) are derived from these rows by `parley.interop.enrich`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Container, Iterable
from pathlib import Path

from parley.extract import ArticleFindings
from parley.interop import enrich
from parley.package import RESOURCES
from parley.paths import REFERENCE_DIR
from parley.records import Person
from parley.reference import Reference
from parley.resolve import KINDS, Meeting


def package_rows(
    findings: list[ArticleFindings],
    meetings: list[Meeting],
    reference: Reference,
    reference_dir: Path = REFERENCE_DIR,
    aside: Container[str] = frozenset(),
) -> tuple[dict[str, list[dict]], list[str]]:
    """The rows of every resource, and warnings for the build summary.

    `reference_dir` holds the reference files only the derived columns and
    resources read (event codes, country codes: `parley.interop`). `aside`:
    the IDs of the articles whose rows of `articles`, `article_sources` and
    `article_topics` wait on disk (`parley.spill`), not made here.
    """
    people = known_people(findings, reference)
    persons = package_people(findings, meetings, people)
    held = [article for article in findings if article.article_id not in aside]
    tables: dict[str, list[dict]] = {name: [] for name in RESOURCES}
    tables.update(
        articles=article_rows(held),
        article_sources=article_source_rows(held),
        article_topics=article_topic_rows(held),
        sources=source_rows(findings, reference),
        meetings=meeting_rows(meetings, people, reference),
        meeting_participants=meeting_participant_rows(meetings, people),
        article_meetings=article_meeting_rows(meetings),
        meeting_topics=meeting_topic_rows(meetings),
        people=people_rows(persons),
        offices=office_rows(persons),
        places=place_rows(meetings, reference),
        topics=topic_rows(reference),
        trips=trip_rows(reference),
    )
    enrich(tables, reference, reference_dir)  # event codes, countries, place ids, dyad-years
    warnings = [
        f"person not in reference/people.json: {p.name} ({p.country})"
        for p in persons
        if not p.curated
    ]
    return tables, warnings


def known_people(findings: Iterable[ArticleFindings], reference: Reference) -> dict[str, Person]:
    """Every person by ID: the curated ones, then those articles name (the first wins)."""
    people: dict[str, Person] = dict(reference.people)
    for article in findings:
        for person_id, person in article.people.items():
            people.setdefault(person_id, person)
    return people


def package_people(
    findings: Iterable[ArticleFindings], meetings: Iterable[Meeting], people: dict[str, Person]
) -> list[Person]:
    """The people of the package, by ID: the participants of meetings and the officials
    articles quote."""
    used = {p for m in meetings for p in m.participants}
    for article in findings:
        used.update(article.cited_people)
    return [people[p] for p in sorted(used)]


# --- Articles and what they cite -----------------------------------------------------------


def article_rows(findings: Iterable[ArticleFindings]) -> list[dict]:
    rows = []
    for article in findings:
        parsed = article.parsed
        published = parsed.published
        rows.append(
            {
                "article_id": parsed.article_id,
                "seed_file": parsed.article.seed_file,
                "title": parsed.title,
                "published_start": published.start if published else None,
                "published_end": published.end if published else None,
                "published_basis": parsed.published_basis,
                "published_note": parsed.published_note,
                "publisher_id": parsed.publisher_id or None,
                "dateline": parsed.dateline or None,
                "dateline_country": parsed.dateline_country or None,
                "word_count": parsed.word_count,
                "sha256": parsed.article.sha256,
                "text": parsed.article.text,
            }
        )
    return rows


def article_source_rows(findings: Iterable[ArticleFindings]) -> list[dict]:
    return [
        {
            "article_id": article.article_id,
            "source_id": mention.source_id,
            "role": mention.role,
            "quote": mention.span.quote,
            "char_start": mention.span.start,
            "char_end": mention.span.end,
        }
        for article in findings
        for mention in article.parsed.sources
    ]


def article_topic_rows(findings: Iterable[ArticleFindings]) -> list[dict]:
    """One row per topic an article mentions: how often, and its first mention."""
    rows = []
    for article in findings:
        counts = Counter(t.topic_id for t in article.topics)
        firsts = {}
        for topic in article.topics:
            firsts.setdefault(topic.topic_id, topic.span)
        for topic_id, count in counts.items():
            span = firsts[topic_id]
            rows.append(
                {
                    "article_id": article.article_id,
                    "topic_id": topic_id,
                    "mentions": count,
                    "quote": span.quote,
                    "char_start": span.start,
                    "char_end": span.end,
                }
            )
    return rows


def source_rows(findings: Iterable[ArticleFindings], reference: Reference) -> list[dict]:
    """The outlets that publish an article or that an article cites."""
    used: set[str] = set()
    for article in findings:
        if article.parsed.publisher_id:
            used.add(article.parsed.publisher_id)
        used.update(mention.source_id for mention in article.parsed.sources)
    return outlet_rows(used, reference)


def outlet_rows(source_ids: Iterable[str], reference: Reference) -> list[dict]:
    """The rows of `sources` for these outlets, by ID."""
    rows = []
    for source_id in sorted(set(source_ids)):
        outlet = reference.sources[source_id]
        rows.append(
            {
                "source_id": outlet.source_id,
                "name": outlet.name,
                "kind": outlet.kind,
                "country": outlet.country,
            }
        )
    return rows


# --- Meetings ------------------------------------------------------------------------------


def meeting_rows(
    meetings: Iterable[Meeting], people: dict[str, Person], reference: Reference
) -> list[dict]:
    """One row per meeting (the event codes are added by `parley.interop.enrich`)."""
    return [
        {
            "meeting_id": meeting.meeting_id,
            "title": meeting_title(meeting, people, reference),
            "date_start": meeting.interval.start if meeting.interval else None,
            "date_end": meeting.interval.end if meeting.interval else None,
            "place_id": meeting.city.place_id if meeting.city else None,
            "city": meeting.city.name if meeting.city else None,
            "country": meeting.country,
            "kind": meeting.kind,
            "status": meeting.status,
            "status_as_of": meeting.status_as_of,
            "article_count": meeting.article_count,
        }
        for meeting in meetings
    ]


def meeting_title(meeting: Meeting, people: dict[str, Person], reference: Reference) -> str:
    """ "Pompeo and Lavrov, talks in Washington, 10 December 2019": who, kind, where, when."""
    names = [title_name(people[p], reference) for p in meeting.participants]
    who = " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
    parts = [who + ", " + KINDS[meeting.kind]]
    country = meeting.country or ""
    if meeting.city:
        parts[0] += f" in {meeting.city.name}"
    elif country and country in reference.countries:
        parts[0] += f" in {reference.countries[country].name}"
    if meeting.interval:
        parts.append(interval_words(meeting.interval.start, meeting.interval.end))
    return ", ".join(parts)


def title_name(person: Person, reference: Reference) -> str:
    """How a title names a person: the first curated short name ("Wang" for Wang Yi,
    "Chung" for Chung Eui-yong), else the last word of the name that is no suffix
    (roles.json "name_suffixes": "Whipps" for Surangel Whipps Jr.)."""
    short = reference.person_short_names.get(person.person_id)
    if short:
        return short[0]
    suffixes = set(reference.role_words.get("name_suffixes", ()))
    words = [w.strip(",") for w in person.name.split()]
    while len(words) > 1 and words[-1] in suffixes:
        words.pop()
    return words[-1]


def interval_words(start: dt.date, end: dt.date) -> str:
    """A date interval as a title says it.

    >>> interval_words(dt.date(2019, 12, 10), dt.date(2019, 12, 10))
    '10 December 2019'
    >>> interval_words(dt.date(2019, 5, 1), dt.date(2019, 5, 31))
    'May 2019'
    >>> interval_words(dt.date(2019, 5, 6), dt.date(2019, 5, 9))
    '6-9 May 2019'
    >>> interval_words(dt.date(2019, 12, 30), dt.date(2020, 1, 2))
    '2019-12-30 to 2020-01-02'
    """
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if start.month == end.month and start.year == end.year:
        if start.day == 1 and (end + dt.timedelta(days=1)).day == 1:
            return f"{start:%B %Y}"
        return f"{start.day}-{end.day} {start:%B %Y}"
    return f"{start.isoformat()} to {end.isoformat()}"


def meeting_participant_rows(meetings: Iterable[Meeting], people: dict[str, Person]) -> list[dict]:
    """Each participant with the office held on the meeting's first day; for an undated
    meeting, on the publication day of its latest report (`status_as_of`). Only an office
    known or presumed held on that day is shown (`Person.office_on`, `presumed=True`):
    out of office, the role is "other"."""
    rows = []
    for meeting in meetings:
        day = meeting.interval.start if meeting.interval else meeting.status_as_of
        for person_id in meeting.participants:
            person = people[person_id]
            office = person.office_on(day, presumed=True)
            rows.append(
                {
                    "meeting_id": meeting.meeting_id,
                    "person_id": person_id,
                    "role": office.role if office else "other",
                    "title": office.title if office else None,
                    "country": office.country if office else person.country,
                }
            )
    return rows


def article_meeting_rows(meetings: Iterable[Meeting]) -> list[dict]:
    """Each article's report of a meeting, as that article gave it."""
    rows = []
    for meeting in meetings:
        for article_id, claim in meeting.reports().items():
            rows.append(
                {
                    "article_id": article_id,
                    "meeting_id": meeting.meeting_id,
                    "reported_status": claim.reported_status,
                    "reported_date_start": claim.interval.start if claim.interval else None,
                    "reported_date_end": claim.interval.end if claim.interval else None,
                    "date_expression": claim.date_expression or None,
                    "quote": claim.evidence.quote,
                    "char_start": claim.evidence.start,
                    "char_end": claim.evidence.end,
                }
            )
    return rows


def meeting_topic_rows(meetings: Iterable[Meeting]) -> list[dict]:
    return [
        {
            "meeting_id": meeting.meeting_id,
            "topic_id": topic_id,
            "basis": "agenda",
            "article_id": article_id,
            "quote": quote,
        }
        for meeting in meetings
        for topic_id, (article_id, quote) in meeting.agenda().items()
    ]


def place_rows(meetings: Iterable[Meeting], reference: Reference) -> list[dict]:
    """The cities meetings took place in (the coordinates' source comes from `enrich`)."""
    rows = []
    for place_id in sorted({m.city.place_id for m in meetings if m.city}):
        place = reference.places[place_id]
        rows.append(
            {
                "place_id": place.place_id,
                "name": place.name,
                "country": place.country,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "geonames_id": place.geonames_id,
            }
        )
    return rows


# --- People --------------------------------------------------------------------------------


def people_rows(persons: Iterable[Person]) -> list[dict]:
    return [
        {
            "person_id": person.person_id,
            "name": person.name,
            "country": person.country,
            "curated": person.curated,
        }
        for person in persons
    ]


def office_rows(persons: Iterable[Person]) -> list[dict]:
    return [
        {
            "office_id": f"{person.person_id}--{office.role}--"
            + (office.start.isoformat() if office.start else "undated"),
            "person_id": person.person_id,
            "role": office.role,
            "title": office.title,
            "country": office.country,
            "date_start": office.start if office.basis == "term" else None,
            "date_end": office.end if office.basis == "term" else None,
            "attested_start": office.start if office.basis == "attested" else None,
            "attested_end": office.end if office.basis == "attested" else None,
        }
        for person in persons
        for office in person.offices
    ]


# --- Reference resources -------------------------------------------------------------------


def topic_rows(reference: Reference) -> list[dict]:
    return [
        {
            "topic_id": topic.topic_id,
            "label": topic.label,
            "parent_id": topic.parent_id,
            "aliases": "|".join(topic.aliases),
            "description": topic.description or None,
        }
        for topic in reference.topics.values()
    ]


def trip_rows(reference: Reference) -> list[dict]:
    """The official trips of reference/trips.csv, as they are."""
    return [dict(row) for row in reference.trips]
