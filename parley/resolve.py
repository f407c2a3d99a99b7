"""Stage 5, resolve: claims from all articles -> one row per real meeting, and all rows.

Claims about the same encounter (same participants, compatible dates and
places) merge into one meeting with the sharpest date interval they allow and
the most specific place. A meeting's status is the one reported by the latest
article. Undated articles get a publication date inferred from the meetings
they report, when other articles pin those down; their relative dates are then
resolved again. IDs derive from content, so adding an unrelated article
changes no existing ID.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from parley.dates import find_dates, resolve_in_tense
from parley.extract import ArticleFindings, analyse_article
from parley.interop import enrich
from parley.records import DateInterval, MeetingClaim, Person
from parley.reference import REFERENCE_DIR, Reference
from parley.write import RESOURCES

KIND_WORDS = {
    "talks": "talks",
    "visit": "visit",
    "summit": "summit",
    "sidelines": "talks on the sidelines",
    "multilateral": "multilateral meeting",
    "phone_call": "phone call",
    "video_call": "video call",
}
STATUS_ORDER = {"planned": 0, "cancelled": 1, "held": 2}


@dataclass
class Meeting:
    claims: list[MeetingClaim] = field(default_factory=list)

    @property
    def participants(self) -> tuple[str, ...]:
        return self.claims[0].participants

    @property
    def interval(self) -> DateInterval | None:
        interval = None
        for claim in self.claims:
            if claim.interval is None:
                continue
            interval = (
                claim.interval
                if interval is None
                else (interval.intersection(claim.interval) or interval)
            )
        return interval

    def accepts(self, claim: MeetingClaim, reference: Reference) -> bool:
        if claim.participants != self.participants:
            return False
        calls = {c.kind in ("phone_call", "video_call") for c in self.claims}
        if (claim.kind in ("phone_call", "video_call")) not in calls:
            return False
        mine = self.interval
        if (
            mine is not None
            and claim.interval is not None
            and not mine.intersection(claim.interval)
        ):
            return False
        return _places_compatible(self.place(reference), claim.place_id, reference)

    def place(self, reference: Reference) -> str:
        best = ""
        for claim in self.claims:
            value = claim.place_id
            if not value:
                continue
            if not best or (best.startswith("country:") and not value.startswith("country:")):
                best = value
        return best


def _country_of_place(value: str, reference: Reference) -> str:
    if value.startswith("country:"):
        return value.split(":", 1)[1]
    place = reference.city_of(value)
    return place.country if place else ""


def _places_compatible(a: str, b: str, reference: Reference) -> bool:
    if not a or not b:
        return True
    if a.startswith("country:") or b.startswith("country:"):
        return _country_of_place(a, reference) == _country_of_place(b, reference)
    city_a, city_b = reference.city_of(a), reference.city_of(b)
    return city_a is not None and city_b is not None and city_a.place_id == city_b.place_id


def _published_day(findings: ArticleFindings) -> dt.date | None:
    return findings.day


def group_claims(all_findings: list[ArticleFindings], reference: Reference) -> list[Meeting]:
    """Merge claims into meetings: dated claims first (sharpest first), then undated ones.

    An undated claim joins a meeting only when exactly one meeting of the same
    participants could be it; otherwise it stands alone rather than be guessed.
    """
    claims = [c for f in all_findings for c in f.claims]
    dated = sorted(
        (c for c in claims if c.interval is not None),
        key=lambda c: (c.interval.days, c.interval.start, c.article_id, c.evidence.start),
    )
    undated = sorted(
        (c for c in claims if c.interval is None), key=lambda c: (c.article_id, c.evidence.start)
    )
    meetings: list[Meeting] = []
    # Only meetings of the same people can take a claim: index them by participants,
    # so that grouping stays linear in the number of claims.
    by_people: dict[tuple[str, ...], list[Meeting]] = {}

    def add(claim: MeetingClaim) -> None:
        meeting = Meeting([claim])
        meetings.append(meeting)
        by_people.setdefault(claim.participants, []).append(meeting)

    for claim in dated:
        candidates = [
            m for m in by_people.get(claim.participants, []) if m.accepts(claim, reference)
        ]
        if len(candidates) == 1 or (candidates and claim.interval.days > 1):
            # A vague date ("last May") joins the sharpest meeting it fits.
            candidates[0].claims.append(claim)
        else:
            add(claim)
    for claim in undated:
        candidates = [
            m for m in by_people.get(claim.participants, []) if m.accepts(claim, reference)
        ]
        same_article = [
            m for m in candidates if any(c.article_id == claim.article_id for c in m.claims)
        ]
        if len(candidates) == 1 and not same_article:
            candidates[0].claims.append(claim)
        else:
            add(claim)
    return meetings


def infer_publication_dates(
    all_findings: list[ArticleFindings], meetings: list[Meeting], reference: Reference
) -> list[ArticleFindings]:
    """Date undated articles from the meetings they report, where others pin those down.

    For each claim of an undated article whose date expression is relative
    ("yesterday", "on Tuesday"), try every day around the meeting's date as
    the publication day; when exactly one makes the expression resolve to the
    meeting's date, that is the day. A previewed meeting dated elsewhere
    bounds the publication from above (it was published before the meeting).
    """
    by_article: dict[str, list[Meeting]] = {}
    for meeting in meetings:
        for claim in meeting.claims:
            by_article.setdefault(claim.article_id, []).append(meeting)
    out = []
    for findings in all_findings:
        if findings.day is not None or findings.parsed.published is not None:
            out.append(findings)
            continue
        days: set[dt.date] | None = None
        notes = []
        upper: dt.date | None = None
        upper_note = ""
        for meeting in by_article.get(findings.article_id, []):
            others = [
                c for c in meeting.claims if c.article_id != findings.article_id and c.interval
            ]
            if not others:
                continue
            target = None
            for c in others:
                target = (
                    c.interval if target is None else (target.intersection(c.interval) or target)
                )
            if target is None or target.days != 1:
                continue
            own = [c for c in meeting.claims if c.article_id == findings.article_id]
            for claim in own:
                expressions = [
                    e
                    for e in find_dates(findings.parsed.article.text)
                    if e.text == claim.date_expression
                ]
                if expressions:
                    expression = expressions[0]
                    fits = {
                        target.start + dt.timedelta(days=offset)
                        for offset in _candidate_offsets(expression)
                        if resolve_in_tense(
                            expression,
                            target.start + dt.timedelta(days=offset),
                            claim.reported_status == "held",
                        )
                        == target
                    }
                    if claim.reported_status == "held":
                        fits = {d for d in fits if d >= target.start}
                    else:
                        fits = {d for d in fits if d <= target.end}
                    if fits and len(fits) <= 370:
                        days = fits if days is None else days & fits
                        if len(fits) == 1:
                            day = next(iter(fits))
                            notes.append(
                                f"reports as {claim.reported_status} {claim.date_expression!r} the "
                                f"meeting other articles date to {target.start.isoformat()}"
                            )
                if claim.reported_status == "planned" and (upper is None or target.start < upper):
                    upper = target.start
                    upper_note = (
                        f"previews as planned the meeting other articles date to "
                        f"{target.start.isoformat()}"
                    )
        if days and len(days) == 1:
            day = next(iter(days))
            parsed = replace(
                findings.parsed,
                published=DateInterval.day(day),
                published_basis="inferred",
                published_note="; ".join(dict.fromkeys(notes)) + f": published {day.isoformat()}",
            )
            out.append(analyse_article(parsed, reference, day))
        elif days and upper:
            candidates = sorted(d for d in days if d <= upper)
            if candidates:
                interval = DateInterval(candidates[0], candidates[-1])
                parsed = replace(
                    findings.parsed,
                    published=interval,
                    published_basis="inferred",
                    published_note=upper_note
                    + f": published between {interval.start} and {interval.end}",
                )
                out.append(analyse_article(parsed, reference))
            else:
                out.append(findings)
        else:
            out.append(findings)
    return out


def _candidate_offsets(expression) -> range:
    """How far from a meeting an article using `expression` can have been published:
    days for "yesterday" or "on Tuesday", weeks for "last week", a year otherwise."""
    if expression.kind in ("relative_day", "weekday"):
        return range(-8, 9)
    if expression.kind == "relative_week" and expression.groups.get("unit", "").lower() == "week":
        return range(-21, 22)
    return range(-370, 371)


def _hash(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:12]


def _meeting_title(
    meeting: Meeting,
    people: dict[str, Person],
    reference: Reference,
    kind: str,
    city: str,
    country: str,
) -> str:
    names = [people[p].name.split()[-1] for p in meeting.participants]
    who = " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
    parts = [who + ", " + KIND_WORDS[kind]]
    if city:
        parts[0] += f" in {city}"
    elif country and country in reference.countries:
        parts[0] += f" in {reference.countries[country].name}"
    interval = meeting.interval
    if interval:
        if interval.days == 1:
            parts.append(f"{interval.start.day} {interval.start:%B %Y}")
        elif (
            interval.start.month == interval.end.month and interval.start.year == interval.end.year
        ):
            if interval.start.day == 1 and (interval.end + dt.timedelta(days=1)).day == 1:
                parts.append(f"{interval.start:%B %Y}")
            else:
                parts.append(f"{interval.start.day}-{interval.end.day} {interval.start:%B %Y}")
        else:
            parts.append(f"{interval.start.isoformat()} to {interval.end.isoformat()}")
    return ", ".join(parts)


def resolve_package(
    all_findings: list[ArticleFindings],
    reference: Reference,
    reference_dir: Path = REFERENCE_DIR,
) -> tuple[dict[str, list[dict]], list[str]]:
    """Rows for every resource, and warnings for the build summary.

    `reference_dir` holds the reference files only the derived columns and
    resources read (event codes, country codes: `parley.interop`).
    """
    warnings: list[str] = []
    meetings = group_claims(all_findings, reference)
    all_findings = infer_publication_dates(all_findings, meetings, reference)
    meetings = group_claims(all_findings, reference)
    findings_by_id = {f.article_id: f for f in all_findings}

    people: dict[str, Person] = dict(reference.people)
    for findings in all_findings:
        for person_id, person in findings.people.items():
            people.setdefault(person_id, person)

    tables: dict[str, list[dict]] = {name: [] for name in RESOURCES}
    tables["trips"] = [dict(row) for row in reference.travels]
    used_sources: set[str] = set()
    for findings in all_findings:
        parsed = findings.parsed
        published = parsed.published
        tables["articles"].append(
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
        if parsed.publisher_id:
            used_sources.add(parsed.publisher_id)
        for mention in parsed.sources:
            used_sources.add(mention.source_id)
            tables["article_sources"].append(
                {
                    "article_id": parsed.article_id,
                    "source_id": mention.source_id,
                    "role": mention.role,
                    "quote": mention.span.quote,
                    "char_start": mention.span.start,
                    "char_end": mention.span.end,
                }
            )
        counts = Counter(t.topic_id for t in findings.topics)
        firsts = {}
        for topic in findings.topics:
            firsts.setdefault(topic.topic_id, topic.span)
        for topic_id, count in counts.items():
            span = firsts[topic_id]
            tables["article_topics"].append(
                {
                    "article_id": parsed.article_id,
                    "topic_id": topic_id,
                    "mentions": count,
                    "quote": span.quote,
                    "char_start": span.start,
                    "char_end": span.end,
                }
            )
    for source_id in sorted(used_sources):
        outlet = reference.outlets[source_id]
        tables["sources"].append(
            {
                "source_id": outlet.source_id,
                "name": outlet.name,
                "kind": outlet.kind,
                "country": outlet.country,
            }
        )

    used_people: set[str] = set()
    used_places: set[str] = set()
    taken_ids: set[str] = set()
    for meeting in sorted(
        meetings, key=lambda m: (m.participants, str(m.interval), m.claims[0].article_id)
    ):
        interval = meeting.interval
        first = min(meeting.claims, key=lambda c: (c.article_id, c.evidence.start))
        key = (
            interval.start.isoformat()
            if interval
            else f"undated:{first.article_id}:{first.evidence.start}"
        )
        meeting_id = "m-" + _hash(*meeting.participants, key)
        if meeting_id in taken_ids:
            meeting_id = "m-" + _hash(
                *meeting.participants, key, first.article_id, str(first.evidence.start)
            )
        taken_ids.add(meeting_id)
        place_value = meeting.place(reference)
        place_id, city, country = None, None, None
        if place_value.startswith("country:"):
            country = place_value.split(":", 1)[1]
        elif place_value:
            place = reference.city_of(place_value)
            place_id, city, country = place.place_id, place.name, place.country
            used_places.add(place.place_id)
        kinds = Counter(c.kind for c in meeting.claims)
        kind = _pick_kind(kinds)
        latest = max(
            meeting.claims,
            key=lambda c: (
                _claim_day(c, findings_by_id) or dt.date.min,
                STATUS_ORDER[c.reported_status],
            ),
        )
        status_day = _claim_day(latest, findings_by_id)
        tables["meetings"].append(
            {
                "meeting_id": meeting_id,
                "title": _meeting_title(
                    meeting, people, reference, kind, city or "", country or ""
                ),
                "date_start": interval.start if interval else None,
                "date_end": interval.end if interval else None,
                "place_id": place_id,
                "city": city,
                "country": country,
                "kind": kind,
                "status": latest.reported_status,
                "status_as_of": status_day,
                "article_count": len({c.article_id for c in meeting.claims}),
            }
        )
        day = interval.start if interval else None
        for person_id in meeting.participants:
            person = people[person_id]
            used_people.add(person_id)
            office = person.office_on(day, or_last=True)
            tables["meeting_participants"].append(
                {
                    "meeting_id": meeting_id,
                    "person_id": person_id,
                    "role": office.role if office else "other",
                    "title": office.title if office else None,
                    "country": office.country if office else person.country,
                }
            )
        by_article: dict[str, list[MeetingClaim]] = {}
        for claim in meeting.claims:
            by_article.setdefault(claim.article_id, []).append(claim)
        for article_id, claims in by_article.items():
            claim = min(claims, key=lambda c: c.evidence.start)
            tables["article_meetings"].append(
                {
                    "article_id": article_id,
                    "meeting_id": meeting_id,
                    "reported_status": claim.reported_status,
                    "reported_date_start": claim.interval.start if claim.interval else None,
                    "reported_date_end": claim.interval.end if claim.interval else None,
                    "date_expression": claim.date_expression or None,
                    "quote": claim.evidence.quote,
                    "char_start": claim.evidence.start,
                    "char_end": claim.evidence.end,
                }
            )
        agenda: dict[str, tuple[str, str]] = {}
        for claim in sorted(meeting.claims, key=lambda c: (c.article_id, c.evidence.start)):
            for topic_id, span in zip(claim.topics, claim.topic_quotes, strict=True):
                agenda.setdefault(topic_id, (claim.article_id, span.quote))
        for topic_id, (article_id, quote) in agenda.items():
            tables["meeting_topics"].append(
                {
                    "meeting_id": meeting_id,
                    "topic_id": topic_id,
                    "basis": "agenda",
                    "article_id": article_id,
                    "quote": quote,
                }
            )
    for findings in all_findings:  # officials an article quotes are people of the package too
        used_people.update(findings.cited_people)
    for person_id in sorted(used_people):
        person = people[person_id]
        tables["people"].append(
            {
                "person_id": person.person_id,
                "name": person.name,
                "country": person.country,
                "curated": person.curated,
            }
        )
        for office in person.offices:
            tables["offices"].append(
                {
                    "office_id": f"{person.person_id}--{office.role}--"
                    + (office.start.isoformat() if office.start else "undated"),
                    "person_id": person.person_id,
                    "role": office.role,
                    "title": office.title,
                    "country": office.country,
                    "date_start": office.start,
                    "date_end": office.end,
                }
            )
        if not person.curated:
            warnings.append(
                f"person not in reference/people.json: {person.name} ({person.country})"
            )
    for place_id in sorted(used_places):
        place = reference.places[place_id]
        tables["places"].append(
            {
                "place_id": place.place_id,
                "name": place.name,
                "country": place.country,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "geonames_id": place.geonames_id,
            }
        )
    for topic in reference.topics.values():
        tables["topics"].append(
            {
                "topic_id": topic.topic_id,
                "label": topic.label,
                "parent_id": topic.parent_id,
                "aliases": "|".join(topic.aliases),
                "description": topic.description or None,
            }
        )
    enrich(tables, reference, reference_dir)  # event codes, countries, place ids, dyad-years
    return tables, warnings


def _pick_kind(kinds: Counter) -> str:
    for preferred in ("summit", "visit", "sidelines", "multilateral", "phone_call", "video_call"):
        if kinds.get(preferred):
            return preferred
    return "talks"


def _claim_day(claim: MeetingClaim, findings_by_id: dict[str, ArticleFindings]) -> dt.date | None:
    published = findings_by_id[claim.article_id].parsed.published
    return published.start if published else None
