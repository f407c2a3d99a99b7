"""Small typed records that flow between the pipeline stages.

Every stage is a function from records to records; none of them touches files.
Offsets are character offsets into `Article.text` (the decoded seed file).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article's text: `text[start:end] == quote`."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True)
class DateInterval:
    """A closed interval of days; `start == end` when the day is known."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"date interval starts after it ends: {self.start} > {self.end}")

    @classmethod
    def day(cls, day: dt.date) -> DateInterval:
        return cls(day, day)

    def intersection(self, other: DateInterval) -> DateInterval | None:
        start, end = max(self.start, other.start), min(self.end, other.end)
        return DateInterval(start, end) if start <= end else None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file as found in the seeds folder, before decoding."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Article:
    """A decoded article: one per distinct input file."""

    seed_file: str
    text: str
    sha256: str
    encoding: str = "utf-8"
    # What reading changed or noticed (bare carriage returns read as line feeds), for
    # the build's warnings.
    notes: tuple[str, ...] = ()

    @property
    def article_id(self) -> str:
        return "a-" + self.sha256[:12]


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """An input file that was skipped, and why."""

    seed_file: str
    reason: str


@dataclass(frozen=True, slots=True)
class SourceMention:
    """An organisation an article relies on, with its role there."""

    source_id: str
    role: str  # publisher | originator | photo_credit | cited
    span: Span


@dataclass(frozen=True, slots=True)
class Segment:
    """A line of the article and what it is: body text or page furniture."""

    start: int
    end: int
    kind: str  # headline | dateline_date | section | body | caption | credit | related | furniture


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    article: Article
    title: str
    title_span: Span | None
    published: DateInterval | None
    published_basis: str  # stated | inferred | unknown
    published_note: str
    published_span: Span | None  # the printed date (also a year-less dateline left unknown)
    dateline: str
    dateline_country: str
    publisher_id: str
    sources: tuple[SourceMention, ...]
    segments: tuple[Segment, ...]
    word_count: int
    dateline_span: Span | None = None  # "MOSCOW (Sputnik) —": not part of the first sentence

    @property
    def article_id(self) -> str:
        return self.article.article_id


@dataclass(frozen=True, slots=True)
class Office:
    """An office a person held, and the days it is known held.

    `start`..`end` are the days known: the term (`basis` "term": `end` None while in
    office), or, where no record of the term is at hand, the first and last days a
    source shows the person in it (`basis` "attested": the term is at least that long).
    An attested office also carries the days it is presumed held (`presumed_start`..
    `presumed_end`, set by the reference loader: the attested days widened up to the
    neighbouring holders), used only to describe someone already identified, never to
    decide who someone is.

    >>> o = Office("president", "President", "AZ", dt.date(2022, 3, 1), dt.date(2022, 6, 1),
    ...            "attested", dt.date(2021, 3, 1), dt.date(2023, 6, 1))
    >>> o.covers(dt.date(2021, 12, 1)), o.covers(dt.date(2021, 12, 1), presumed=True)
    (False, True)
    """

    role: str
    title: str
    country: str
    start: dt.date | None
    end: dt.date | None
    basis: str = "term"  # term | attested
    presumed_start: dt.date | None = None
    presumed_end: dt.date | None = None

    def covers(self, day: dt.date, *, presumed: bool = False) -> bool:
        if presumed and self.basis == "attested":
            return self.presumed_start <= day <= self.presumed_end
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, interval: DateInterval) -> bool:
        return (self.start is None or self.start <= interval.end) and (
            self.end is None or interval.start <= self.end
        )


@dataclass(frozen=True, slots=True)
class Person:
    person_id: str
    name: str
    country: str
    curated: bool
    offices: tuple[Office, ...] = ()

    def office_on(
        self, day: dt.date | None, *, or_last: bool = False, presumed: bool = False
    ) -> Office | None:
        """The office the person held on `day`: the first listed that covers it.

        The one rule, for every stage: without a day, the office begun last (of
        offices begun the same day, the last listed; with no start dates, the last
        listed). On a known day no office covers, the person holds none (None):
        "Macron's predecessor" is out of office. `or_last=True` instead falls back
        to the last listed office, for callers that describe a person by the office
        they are known for (a counterpart's role). `presumed=True`, for describing
        someone already identified, falls back to an attested office presumed held on
        that day (`Office`). A participants row passes the meeting's day, or an undated
        meeting's latest report day, with it: it shows an office known or presumed held
        on that day (`rows.meeting_participant_rows`).

        >>> a = Office("foreign_minister", "Foreign Minister", "RU", dt.date(2004, 3, 9), None)
        >>> p = Person("x", "X", "RU", True, (a,))
        >>> p.office_on(dt.date(2020, 1, 1)).title, p.office_on(dt.date(2000, 1, 1))
        ('Foreign Minister', None)
        >>> p.office_on(dt.date(2000, 1, 1), or_last=True).title, p.office_on(None).title
        ('Foreign Minister', 'Foreign Minister')
        """
        if day is not None:
            for office in self.offices:
                if office.covers(day):
                    return office
            if presumed:
                for office in self.offices:
                    if office.covers(day, presumed=True):
                        return office
            return self.offices[-1] if or_last and self.offices else None
        dated = [o for o in self.offices if o.start is not None]
        if dated:
            latest = max(o.start for o in dated)
            return [o for o in dated if o.start == latest][-1]
        return self.offices[-1] if self.offices else None


@dataclass(frozen=True, slots=True)
class Location:
    """Where something happens: a place of the gazetteer ("place", a place_id) or, when
    only a country is named ("country", its code in countries.json).

    Its text form, `str(location)`, is what a claim's `place_id` carries ("sochi",
    "country:RU"); `Location.parse` reads it back.

    >>> Location.country("RU"), str(Location.country("RU")), Location.parse("sochi")
    (Location(kind='country', code='RU'), 'country:RU', Location(kind='place', code='sochi'))
    >>> Location.place("sochi").more_specific_than(Location.country("RU"))
    True
    """

    kind: str  # place | country
    code: str

    @classmethod
    def place(cls, place_id: str) -> Location:
        return cls("place", place_id)

    @classmethod
    def country(cls, code: str) -> Location:
        return cls("country", code)

    @classmethod
    def parse(cls, value: str) -> Location | None:
        """The location a claim's `place_id` names; None for ""."""
        if not value:
            return None
        if value.startswith("country:"):
            return cls.country(value.split(":", 1)[1])
        return cls.place(value)

    @property
    def is_country(self) -> bool:
        return self.kind == "country"

    def more_specific_than(self, other: Location | None) -> bool:
        """A city (or landmark) beats a country; otherwise the one found first stays."""
        return other is None or (other.is_country and not self.is_country)

    def __str__(self) -> str:
        return f"country:{self.code}" if self.is_country else self.code


@dataclass(frozen=True, slots=True)
class MeetingClaim:
    """What one article says about one encounter."""

    article_id: str
    participants: tuple[str, ...]  # person_ids, sorted
    kind: str
    reported_status: str
    interval: DateInterval | None
    date_expression: str
    place_id: str  # str(Location), "" when no place is said; see `place`
    evidence: Span
    topics: tuple[str, ...] = ()
    topic_quotes: tuple[Span, ...] = ()
    sentences: tuple[int, ...] = ()  # start offsets of every sentence about this encounter

    @property
    def place(self) -> Location | None:
        return Location.parse(self.place_id)


@dataclass(frozen=True, slots=True)
class TopicMention:
    topic_id: str
    span: Span
