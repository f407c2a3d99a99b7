"""Stage 5, resolve: the claims of all articles -> one record per real meeting.

Claims about the same encounter (same participants, compatible dates and
places) merge into one meeting with the sharpest date interval they allow and
the most specific place (`group_claims`). A meeting's status is the one
reported by the latest article (`resolve_meetings`). IDs derive from content,
so adding an unrelated article changes no existing ID.

An undated article can be dated from the meetings it reports, when other
articles pin those down (`infer_publication`); the build then analyses it
again with that date and resolves once more (parley/build.py). Resolve reads
claims and publication dates (and, to date an article, finds its claims' date
expressions in its text again): it extracts nothing, builds no rows
(parley/rows.py) and touches no files.

The meeting kinds and statuses are those of schemas/meetings.json; the rules
below say how they rank; `check_vocabulary` (called by the build with the
schema's enums) refuses a kind or status they do not rank.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from parley.dates import DateExpression, find_dates, resolve_in_tense
from parley.errors import ParleyError
from parley.interop import CALL_KINDS
from parley.records import DateInterval, Location, MeetingClaim
from parley.reference import Place, Reference

# Every kind of schemas/meetings.json, most specific first: of the kinds the claims of one
# meeting report, the first names it (a summit reported by one article and "talks" by
# another is a summit). The value is how a meeting's title says it (parley/rows.py).
KINDS = {
    "summit": "summit",
    "visit": "visit",
    "sidelines": "talks on the sidelines",
    "multilateral": "multilateral meeting",
    "phone_call": "phone call",
    "video_call": "video call",
    "talks": "talks",
}
DEFAULT_KIND = "talks"
# Every status of schemas/meetings.json: of two reports of the same day, the later stage
# of a meeting's life wins.
STATUS_ORDER = {"planned": 0, "cancelled": 1, "held": 2}


def check_vocabulary(kinds: Iterable[str], statuses: Iterable[str]) -> None:
    """Refuse kinds or statuses (from the Table Schema) that the rules above do not rank.

    >>> check_vocabulary(["talks", "summit"], ["planned", "held"])
    >>> check_vocabulary(["talks", "banquet"], ["held"])
    Traceback (most recent call last):
    ...
    parley.errors.ParleyError: schemas/meetings.json: kind 'banquet' has no rank in parley/resolve.py (add it to KINDS)
    """
    for word, ranked, label, rule in (
        *((k, KINDS, "kind", "KINDS") for k in kinds),
        *((s, STATUS_ORDER, "status", "STATUS_ORDER") for s in statuses),
    ):
        if word not in ranked:
            raise ParleyError(
                f"{label} {word!r} has no rank in parley/resolve.py",
                file="schemas/meetings.json",
                hint=f"add it to {rule}",
            )


@dataclass
class ClaimGroup:
    """Claims taken to be about one encounter, while they are being grouped."""

    claims: list[MeetingClaim] = field(default_factory=list)

    @property
    def participants(self) -> tuple[str, ...]:
        return self.claims[0].participants

    @property
    def interval(self) -> DateInterval | None:
        """The sharpest interval the claims allow; a claim that contradicts it is outvoted."""
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
        """Whether `claim` can be about this encounter: same people, kind of contact, day, place."""
        if claim.participants != self.participants:
            return False
        calls = {c.kind in CALL_KINDS for c in self.claims}
        if (claim.kind in CALL_KINDS) not in calls:
            return False
        mine = self.interval
        if (
            mine is not None
            and claim.interval is not None
            and not mine.intersection(claim.interval)
        ):
            return False
        return _places_compatible(self.place(), claim.place, reference)

    def place(self) -> Location | None:
        """The first place a claim names, or the first city after a country: the sharpest."""
        best = None
        for claim in self.claims:
            location = claim.place
            if location is not None and location.more_specific_than(best):
                best = location
        return best


def _country_of_place(location: Location, reference: Reference) -> str:
    if location.is_country:
        return location.code
    place = reference.city_of(location.code)
    return place.country if place else ""


def _places_compatible(a: Location | None, b: Location | None, reference: Reference) -> bool:
    if a is None or b is None:
        return True
    if a.is_country or b.is_country:
        return _country_of_place(a, reference) == _country_of_place(b, reference)
    city_a, city_b = reference.city_of(a.code), reference.city_of(b.code)
    return city_a is not None and city_b is not None and city_a.place_id == city_b.place_id


def group_claims(claims: Iterable[MeetingClaim], reference: Reference) -> list[ClaimGroup]:
    """Merge claims into meetings: dated claims first (sharpest first), then undated ones.

    An undated claim joins a meeting only when exactly one meeting of the same
    participants could be it; otherwise it stands alone rather than be guessed.
    """
    claims = list(claims)
    dated = sorted(
        (c for c in claims if c.interval is not None),
        key=lambda c: (c.interval.days, c.interval.start, c.article_id, c.evidence.start),
    )
    undated = sorted(
        (c for c in claims if c.interval is None), key=lambda c: (c.article_id, c.evidence.start)
    )
    groups: list[ClaimGroup] = []
    # Only meetings of the same people can take a claim: index them by participants,
    # so that grouping stays linear in the number of claims.
    by_people: dict[tuple[str, ...], list[ClaimGroup]] = {}

    def add(claim: MeetingClaim) -> None:
        group = ClaimGroup([claim])
        groups.append(group)
        by_people.setdefault(claim.participants, []).append(group)

    for claim in dated:
        candidates = [
            g for g in by_people.get(claim.participants, []) if g.accepts(claim, reference)
        ]
        if len(candidates) == 1 or (candidates and claim.interval.days > 1):
            # A vague date ("last May") joins the sharpest meeting it fits.
            candidates[0].claims.append(claim)
        else:
            add(claim)
    for claim in undated:
        candidates = [
            g for g in by_people.get(claim.participants, []) if g.accepts(claim, reference)
        ]
        same_article = [
            g for g in candidates if any(c.article_id == claim.article_id for c in g.claims)
        ]
        if len(candidates) == 1 and not same_article:
            candidates[0].claims.append(claim)
        else:
            add(claim)
    return groups


# --- Dating undated articles from the meetings they report -------------------------------


@dataclass(frozen=True)
class InferredPublication:
    """When an undated article was published, as the meetings it reports show, and why."""

    interval: DateInterval
    note: str


def groups_by_article(groups: Iterable[ClaimGroup]) -> dict[str, list[ClaimGroup]]:
    """The meetings each article reports (a meeting once per claim of the article)."""
    by_article: dict[str, list[ClaimGroup]] = {}
    for group in groups:
        for claim in group.claims:
            by_article.setdefault(claim.article_id, []).append(group)
    return by_article


def infer_publication(
    article_id: str, text: str, groups: Iterable[ClaimGroup]
) -> InferredPublication | None:
    """Date an undated article from the meetings it reports, where others pin those down.

    For each claim of the article whose date expression is relative
    ("yesterday", "on Tuesday"), try every day around the meeting's date as
    the publication day; when exactly one makes the expression resolve to the
    meeting's date, that is the day. A previewed meeting dated elsewhere
    bounds the publication from above (it was published before the meeting).
    None when the meetings do not tell.
    """
    expressions = None  # found in the text only when a meeting can date the article
    days: set[dt.date] | None = None
    notes = []
    upper: dt.date | None = None
    upper_note = ""
    for group in groups:
        target = _date_from_others(group, article_id)
        if target is None:
            continue
        for claim in (c for c in group.claims if c.article_id == article_id):
            if expressions is None:
                expressions = find_dates(text)
            fits = _fitting_days(claim, target, expressions)
            if fits and len(fits) <= 370:
                days = fits if days is None else days & fits
                if len(fits) == 1:
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
        note = "; ".join(dict.fromkeys(notes)) + f": published {day.isoformat()}"
        return InferredPublication(DateInterval.day(day), note)
    if days and upper:
        candidates = sorted(d for d in days if d <= upper)
        if candidates:
            interval = DateInterval(candidates[0], candidates[-1])
            note = upper_note + f": published between {interval.start} and {interval.end}"
            return InferredPublication(interval, note)
    return None


def _date_from_others(group: ClaimGroup, article_id: str) -> DateInterval | None:
    """The day other articles give the meeting, when together they pin it to one day."""
    target = None
    for c in group.claims:
        if c.article_id != article_id and c.interval:
            target = c.interval if target is None else (target.intersection(c.interval) or target)
    if target is None or target.days != 1:
        return None
    return target


def _fitting_days(
    claim: MeetingClaim, target: DateInterval, expressions: list[DateExpression]
) -> set[dt.date]:
    """The publication days on which the claim's date expression means the `target` day."""
    matching = [e for e in expressions if e.text == claim.date_expression]
    if not matching:
        return set()
    expression = matching[0]
    held = claim.reported_status == "held"
    fits = {
        target.start + dt.timedelta(days=offset)
        for offset in _candidate_offsets(expression)
        if resolve_in_tense(expression, target.start + dt.timedelta(days=offset), held) == target
    }
    # A report of a held meeting comes after it, a preview before it.
    if held:
        return {d for d in fits if d >= target.start}
    return {d for d in fits if d <= target.end}


def _candidate_offsets(expression: DateExpression) -> range:
    """How far from a meeting an article using `expression` can have been published:
    days for "yesterday" or "on Tuesday", weeks for "last week", a year otherwise."""
    if expression.kind in ("relative_day", "weekday"):
        return range(-8, 9)
    if expression.kind == "relative_week" and expression.groups.get("unit", "").lower() == "week":
        return range(-21, 22)
    return range(-370, 371)


# --- Resolved meetings ---------------------------------------------------------------------


@dataclass(frozen=True)
class Meeting:
    """One real meeting: what all the claims about it say, taken together."""

    meeting_id: str
    participants: tuple[str, ...]
    interval: DateInterval | None
    city: Place | None  # where it took place, when a city is known (its city, for a landmark)
    country: str | None  # where it took place, when known
    kind: str
    status: str  # as the latest report gives it
    status_as_of: dt.date | None  # the publication day of that report
    claims: tuple[MeetingClaim, ...]

    @property
    def article_count(self) -> int:
        return len({c.article_id for c in self.claims})

    def reports(self) -> dict[str, MeetingClaim]:
        """Each article's report of the meeting: its first claim about it, by article."""
        by_article: dict[str, list[MeetingClaim]] = {}
        for claim in self.claims:
            by_article.setdefault(claim.article_id, []).append(claim)
        return {a: min(claims, key=lambda c: c.evidence.start) for a, claims in by_article.items()}

    def agenda(self) -> dict[str, tuple[str, str]]:
        """Topics the reports say were or will be discussed: topic -> (article, quote).

        The first article (by ID, then position) to name a topic gives its quote.
        """
        agenda: dict[str, tuple[str, str]] = {}
        for claim in sorted(self.claims, key=lambda c: (c.article_id, c.evidence.start)):
            for topic_id, span in zip(claim.topics, claim.topic_quotes, strict=True):
                agenda.setdefault(topic_id, (claim.article_id, span.quote))
        return agenda


def resolve_meetings(
    claims: Iterable[MeetingClaim],
    published: Mapping[str, DateInterval | None],
    reference: Reference,
) -> list[Meeting]:
    """The meetings the claims report, in ID order of their participants and dates.

    `published` gives each article's publication date (None when unknown): the
    latest report of a meeting gives its status.
    """
    taken_ids: set[str] = set()
    meetings = []
    for group in sorted(
        group_claims(claims, reference),
        key=lambda g: (g.participants, str(g.interval), g.claims[0].article_id),
    ):
        city, country = _where(group.place(), reference)
        latest = _latest_report(group.claims, published)
        meetings.append(
            Meeting(
                meeting_id=_meeting_id(group, taken_ids),
                participants=group.participants,
                interval=group.interval,
                city=city,
                country=country,
                kind=pick_kind(c.kind for c in group.claims),
                status=latest.reported_status,
                status_as_of=_day(published, latest.article_id),
                claims=tuple(group.claims),
            )
        )
    return meetings


def _hash(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:12]


def _meeting_id(group: ClaimGroup, taken_ids: set[str]) -> str:
    """`m-` and a hash of the participants and the first day (or, undated, the first report).

    Two meetings with the same key (the same people twice on one day) get the
    first report in the hash as well; `taken_ids` holds the IDs given so far.
    """
    interval = group.interval
    first = min(group.claims, key=lambda c: (c.article_id, c.evidence.start))
    key = (
        interval.start.isoformat()
        if interval
        else f"undated:{first.article_id}:{first.evidence.start}"
    )
    meeting_id = "m-" + _hash(*group.participants, key)
    if meeting_id in taken_ids:
        meeting_id = "m-" + _hash(
            *group.participants, key, first.article_id, str(first.evidence.start)
        )
    taken_ids.add(meeting_id)
    return meeting_id


def _where(location: Location | None, reference: Reference) -> tuple[Place | None, str | None]:
    """The city and country of a location (a country location names only a country)."""
    if location is None:
        return None, None
    if location.is_country:
        return None, location.code
    city = reference.city_of(location.code)
    return city, city.country


def pick_kind(kinds: Iterable[str]) -> str:
    """The kind of a meeting from the kinds its claims report: the first of KINDS.

    >>> pick_kind(["talks", "visit", "talks"])
    'visit'
    >>> pick_kind(["talks"])
    'talks'
    """
    reported = set(kinds)
    return next((k for k in KINDS if k in reported), DEFAULT_KIND)


def _day(published: Mapping[str, DateInterval | None], article_id: str) -> dt.date | None:
    interval = published[article_id]
    return interval.start if interval else None


def _latest_report(
    claims: list[MeetingClaim], published: Mapping[str, DateInterval | None]
) -> MeetingClaim:
    """The claim of the latest article; of one day's, the one of the latest stage."""
    return max(
        claims,
        key=lambda c: (
            _day(published, c.article_id) or dt.date.min,
            STATUS_ORDER[c.reported_status],
        ),
    )
