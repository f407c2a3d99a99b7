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
import functools
import hashlib
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from parley.dates import RULES, DateExpression, DateRule, find_dates, resolve_in_tense
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


class ClaimGroup:
    """Claims taken to be about one encounter, while they are being grouped.

    What the candidate test reads (the interval, the place, the kind of contact,
    the articles) is kept up to date as each claim is added (`add`), so a test
    costs the same however many claims the meeting already has.
    """

    def __init__(self, claims: Iterable[MeetingClaim] = ()) -> None:
        self.claims: list[MeetingClaim] = []
        self._interval: DateInterval | None = None
        self._place: Location | None = None
        self._calls: set[bool] = set()
        self._by_article: dict[str, list[MeetingClaim]] = {}
        # The first and last days of the claims' intervals (with repeats), so that the
        # interval the claims of other articles allow is found without re-reading them.
        self._starts: Counter[dt.date] = Counter()
        self._ends: Counter[dt.date] = Counter()
        self._outvoted = False  # a claim's interval missed the others' (it does not count)
        for claim in claims:
            self.add(claim)

    def add(self, claim: MeetingClaim) -> None:
        """Take `claim` into the meeting, updating what the candidate test reads."""
        self.claims.append(claim)
        self._calls.add(claim.kind in CALL_KINDS)
        self._by_article.setdefault(claim.article_id, []).append(claim)
        if claim.interval is not None:
            self._starts[claim.interval.start] += 1
            self._ends[claim.interval.end] += 1
            if self._interval is None:
                self._interval = claim.interval
            else:
                both = self._interval.intersection(claim.interval)
                if both is None:
                    self._outvoted = True
                else:
                    self._interval = both
        location = claim.place
        if location is not None and location.more_specific_than(self._place):
            self._place = location

    @property
    def participants(self) -> tuple[str, ...]:
        return self.claims[0].participants

    @property
    def interval(self) -> DateInterval | None:
        """The sharpest interval the claims allow; a claim that contradicts it is outvoted."""
        return self._interval

    @property
    def article_ids(self) -> list[str]:
        """The articles that report the meeting, in the order of their first claim."""
        return list(self._by_article)

    def claims_of(self, article_id: str) -> list[MeetingClaim]:
        """The claims one article makes about the meeting, in the order they were added."""
        return self._by_article.get(article_id, [])

    def accepts(self, claim: MeetingClaim, reference: Reference) -> bool:
        """Whether `claim` can be about this encounter: same people, kind of contact, day, place."""
        if claim.participants != self.participants:
            return False
        if (claim.kind in CALL_KINDS) not in self._calls:
            return False
        mine = self._interval
        if (
            mine is not None
            and claim.interval is not None
            and not mine.intersection(claim.interval)
        ):
            return False
        return _places_compatible(self._place, claim.place, reference)

    def place(self) -> Location | None:
        """The first place a claim names, or the first city after a country: the sharpest."""
        return self._place

    def interval_without(self, article_id: str) -> DateInterval | None:
        """The interval the claims of the other articles allow (folded as `interval` is)."""
        mine = [c.interval for c in self.claims_of(article_id) if c.interval is not None]
        if not mine:
            return self._interval  # the article's claims narrow nothing
        if self._outvoted:
            # Which claim is outvoted depends on the order: fold the others again.
            target = None
            for c in self.claims:
                if c.article_id != article_id and c.interval:
                    target = (
                        c.interval
                        if target is None
                        else (target.intersection(c.interval) or target)
                    )
            return target
        # All intervals overlap, so the others' fold is their intersection: the latest
        # first day and the earliest last day among the claims left.
        starts, ends = self._starts.copy(), self._ends.copy()
        starts.subtract(i.start for i in mine)
        ends.subtract(i.end for i in mine)
        first = max((d for d, n in starts.items() if n > 0), default=None)
        last = min((d for d, n in ends.items() if n > 0), default=None)
        if first is None or last is None:
            return None
        return DateInterval(first, last)


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


# A meeting whose interval is at most this many days long is indexed under each of its
# days; a claim wider than that is tried against every meeting of its participants.
INDEXED_DAYS = 400


class _Meetings:
    """The meetings of one set of participants and one kind of contact (call or not),
    indexed so that a claim is tested only against those that could take it."""

    def __init__(self) -> None:
        self.all: list[ClaimGroup] = []  # in the order they were made
        self.by_day: dict[int, list[ClaimGroup]] = {}  # the days of their first interval
        self.placeless: dict[int, ClaimGroup] = {}  # id(group) -> group, no place yet
        self.by_country: dict[str, list[ClaimGroup]] = {}
        self.order: dict[int, int] = {}  # id(group) -> position in `all`

    def add(self, group: ClaimGroup, reference: Reference) -> None:
        self.order[id(group)] = len(self.all)
        self.all.append(group)
        interval = group.interval
        # Claims come sharpest first: a meeting too wide to index (or undated) is made
        # only after every claim that looks meetings up by day.
        if interval is not None and interval.days <= INDEXED_DAYS:
            first = interval.start.toordinal()
            for day in range(first, first + interval.days):
                self.by_day.setdefault(day, []).append(group)
        self.placed(group, None, reference)

    def placed(self, group: ClaimGroup, before: Location | None, reference: Reference) -> None:
        """Index the group by the country of its place (once, when it first has one)."""
        place = group.place()
        if place is None:
            self.placeless[id(group)] = group
        elif before is None:
            # Its country is fixed from now on: a claim that makes the place sharper
            # ("Russia", then "Sochi") is of the same country, or it would not join.
            self.placeless.pop(id(group), None)
            country = _country_of_place(place, reference)
            self.by_country.setdefault(country, []).append(group)

    def dated_candidates(self, interval: DateInterval) -> list[ClaimGroup]:
        """The meetings whose interval may meet `interval`, in the order they were made.

        Intervals only narrow as claims join, so the days a meeting was indexed under
        hold every day it can still take (the test itself is `ClaimGroup.accepts`).
        """
        if interval.days > INDEXED_DAYS:
            return self.all
        first = interval.start.toordinal()
        found: dict[int, ClaimGroup] = {}
        for day in range(first, first + interval.days):
            for group in self.by_day.get(day, ()):
                found[id(group)] = group
        return sorted(found.values(), key=lambda g: self.order[id(g)])

    def undated_candidates(self, claim: MeetingClaim, reference: Reference) -> Iterable[ClaimGroup]:
        """The meetings whose place may be the claim's (any, if it names none), each once,
        in no particular order: an undated claim needs only how many there are."""
        location = claim.place
        if location is None:
            return self.all
        country = _country_of_place(location, reference)
        return itertools.chain(self.placeless.values(), self.by_country.get(country, ()))


def _first_accepting(
    candidates: Iterable[ClaimGroup], claim: MeetingClaim, reference: Reference, enough: int
) -> list[ClaimGroup]:
    """The first `enough` candidates that accept the claim (as many as there are, if fewer)."""
    found = []
    for group in candidates:
        if group.accepts(claim, reference):
            found.append(group)
            if len(found) == enough:
                break
    return found


def group_claims(claims: Iterable[MeetingClaim], reference: Reference) -> list[ClaimGroup]:
    """Merge claims into meetings: dated claims first (sharpest first), then undated ones.

    An undated claim joins a meeting only when exactly one meeting of the same
    participants could be it; otherwise it stands alone rather than be guessed.
    Each claim is tested only against the meetings of its participants and kind of
    contact that share a day with it (dated) or could share its place (undated):
    grouping stays linear in the number of claims.
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
    indexes: dict[tuple[tuple[str, ...], bool], _Meetings] = {}

    def meetings_of(claim: MeetingClaim) -> _Meetings:
        key = (claim.participants, claim.kind in CALL_KINDS)
        if key not in indexes:
            indexes[key] = _Meetings()
        return indexes[key]

    def add(claim: MeetingClaim, meetings: _Meetings) -> None:
        group = ClaimGroup([claim])
        groups.append(group)
        meetings.add(group, reference)

    def join(group: ClaimGroup, claim: MeetingClaim, meetings: _Meetings) -> None:
        before = group.place()
        group.add(claim)
        if group.place() is not before:
            meetings.placed(group, before, reference)

    for claim in dated:
        meetings = meetings_of(claim)
        # One candidate is enough for a vague date ("last May"): it joins the sharpest
        # meeting it fits; a day needs to know whether there is exactly one.
        enough = 1 if claim.interval.days > 1 else 2
        candidates = _first_accepting(
            meetings.dated_candidates(claim.interval), claim, reference, enough
        )
        if len(candidates) == 1 or (candidates and claim.interval.days > 1):
            join(candidates[0], claim, meetings)
        else:
            add(claim, meetings)
    for claim in undated:
        meetings = meetings_of(claim)
        candidates = _first_accepting(
            meetings.undated_candidates(claim, reference), claim, reference, 2
        )
        if len(candidates) == 1 and not candidates[0].claims_of(claim.article_id):
            join(candidates[0], claim, meetings)
        else:
            add(claim, meetings)
    return _merge_overlapping(groups, indexes, reference)


def _statuses_compatible(a: set[str], b: set[str]) -> bool:
    """Reports of one encounter may go from planned to held or cancelled, not both.

    >>> _statuses_compatible({"planned"}, {"held"}), _statuses_compatible({"held"}, {"cancelled"})
    (True, False)
    """
    return not {"held", "cancelled"} <= (a | b)


def _merge_overlapping(
    groups: list[ClaimGroup],
    indexes: Mapping[tuple[tuple[str, ...], bool], _Meetings],
    reference: Reference,
) -> list[ClaimGroup]:
    """One row per event: two meetings of the same people and kind of contact whose
    intervals overlap, whose places agree and whose statuses are compatible are one
    meeting, when each is the only such meeting of the other (a claim that two
    meetings could take stays apart rather than be guessed). Meetings are swept in
    order of their first day, so only those that overlap are compared."""
    dropped: set[int] = set()
    for meetings in indexes.values():
        dated = sorted(
            (g for g in meetings.all if g.interval is not None), key=lambda g: g.interval.start
        )
        if len(dated) < 2:
            continue
        statuses = {id(g): {c.reported_status for c in g.claims} for g in dated}
        fits: dict[int, list[ClaimGroup]] = {id(g): [] for g in dated}
        for i, g in enumerate(dated):
            for h in dated[i + 1 :]:
                if h.interval.start > g.interval.end:
                    break
                if _places_compatible(g.place(), h.place(), reference) and _statuses_compatible(
                    statuses[id(g)], statuses[id(h)]
                ):
                    fits[id(g)].append(h)
                    fits[id(h)].append(g)
        for first in dated:
            mates = fits[id(first)]
            if id(first) in dropped or len(mates) != 1:
                continue
            other = mates[0]
            if id(other) in dropped or fits[id(other)] != [first]:
                continue
            for claim in other.claims:
                first.add(claim)
            dropped.add(id(other))
    return [g for g in groups if id(g) not in dropped]


# --- Dating undated articles from the meetings they report -------------------------------


@dataclass(frozen=True)
class InferredPublication:
    """When an undated article was published, as the meetings it reports show, and why."""

    interval: DateInterval
    note: str


def groups_by_article(groups: Iterable[ClaimGroup]) -> dict[str, list[ClaimGroup]]:
    """The meetings each article reports, each once, in the order of `groups`."""
    by_article: dict[str, list[ClaimGroup]] = {}
    for group in groups:
        for article_id in group.article_ids:
            by_article.setdefault(article_id, []).append(group)
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
    days: frozenset[dt.date] | None = None
    notes = []
    upper: dt.date | None = None
    upper_note = ""
    for group in dict.fromkeys(groups):  # a meeting listed twice tells nothing more
        target = _date_from_others(group, article_id)
        if target is None:
            continue
        for claim in group.claims_of(article_id):
            if expressions is None:
                expressions = {}
                for expression in find_dates(text):
                    expressions.setdefault(expression.text, expression)  # the first counts
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
    target = group.interval_without(article_id)
    if target is None or target.days != 1:
        return None
    return target


def _fitting_days(
    claim: MeetingClaim, target: DateInterval, expressions: Mapping[str, DateExpression]
) -> frozenset[dt.date]:
    """The publication days on which the claim's date expression means the `target` day."""
    expression = expressions.get(claim.date_expression)
    if expression is None:
        return frozenset()
    held = claim.reported_status == "held"
    groups = tuple(sorted(expression.groups.items()))
    return _solve(expression.rule, expression.kind, groups, target, held)


@functools.lru_cache(maxsize=65536)
def _solve(
    rule: DateRule | None,
    kind: str,
    groups: tuple[tuple[str, str], ...],
    target: DateInterval,
    held: bool,
) -> frozenset[dt.date]:
    """`_fitting_days` for one date expression (what it means depends only on its rule,
    kind and groups), solved once however many articles use it about the same day."""
    expression = DateExpression(0, 0, "", kind, dict(groups), rule)
    # A report of a held meeting comes after it, a preview before it: only those days
    # are tried.
    last = (target.end - target.start).days
    side = [
        target.start + dt.timedelta(days=offset)
        for offset in _candidate_offsets(expression)
        if (offset >= 0 if held else offset <= last)  # on or after the start, by the end
    ]
    rule = rule or RULES.get(kind)
    if rule is not None and rule.absolute:  # "10 May, 2019" means it on every day tried
        return (
            frozenset(side) if resolve_in_tense(expression, None, held) == target else frozenset()
        )
    return frozenset(day for day in side if resolve_in_tense(expression, day, held) == target)


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
