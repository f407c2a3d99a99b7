"""Synthetic news articles for benchmarks and scale tests (`parley synth`).

Each article looks like a copy-pasted news page: a headline, often a printed
date line, a dateline with an outlet ("MOSCOW (Sputnik) - "), a lead sentence
about a meeting between officials of two countries, and paragraphs that are
not meetings (quotes, background, negations, aggregates, related-story links,
photo captions). Everything is drawn from the curated reference data: people
in office on the meeting's date with their role phrases and country
adjectives, places, topics and outlets. About 2.5 KB per article.

Most articles come in groups of three reporting one event (a preview, a
report, a follow-up). As in real news, a few meetings are reported by very
many articles: a fifth of the articles report one of a few "big" events (a
summit every outlet covers), each of them by hundreds of articles in a large
corpus. And as on real pages (the State Department corpus: 43% print a date),
most articles print no publication date at all (`UNDATED_SHARE`): the
cross-article resolve stage has the work real text gives it.

Generation is deterministic: article `i` of seed `s` depends only on `(s, i)`
(its event only on `(s, i // 3)`, or on the big event it draws), so
`synth 100` is the first hundred files of `synth 100000` and any slice can be
generated on its own.

This is a load generator, not an oracle: it does not record what the
extractor should find, and must never be used to write expected test results.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from parley.errors import ParleyError
from parley.extract import HEADS
from parley.package import write_atomic
from parley.records import Office, Person
from parley.reference import Place, Reference, Topic, travellers

ARTICLES_PER_EVENT = 3
# A fifth of the articles report one of a few big events, the first ones most often.
BIG_EVENT_SHARE = 0.2
BIG_EVENTS = 12
# The share of articles that print no publication date (no stamp, no dated dateline).
UNDATED_SHARE = 0.57
FIRST_DAY = dt.date(2001, 3, 1)
LAST_DAY = dt.date(2024, 10, 31)
TARGET_BYTES = (1900, 3200)  # uniform: about 2.5 KB, like the seeds

# Roles that take part in meetings; spokespeople, aides and ambassadors speak about them.
PARTICIPANT_ROLES = {
    "head_of_state": 4,
    "head_of_government": 3,
    "foreign_minister": 5,
    "vice_president": 1,
    "defence_minister": 1,
    "national_security_adviser": 1,
    "deputy_foreign_minister": 1,
    "secretary_general": 1,
}
OUTLET_KINDS = ("news_outlet", "wire_agency", "broadcaster")
LANDMARK_ARTICLE_WORDS = ("House", "Palace", "Office", "Department", "Chancellery", "headquarters")
TRIP_SHARE = 0.15
NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "eleven", "twelve")


@dataclass(frozen=True)
class SynthArticle:
    """One generated article: a file name and its text."""

    name: str
    text: str


@dataclass(frozen=True)
class _Official:
    """A person in one office, and the words an article uses for them."""

    person: Person
    office: Office
    names: tuple[str, ...]
    short_names: tuple[str, ...]
    phrases: tuple[str, ...]
    adjective: str
    country_name: str


@dataclass(frozen=True)
class _Event:
    day: dt.date
    a: _Official  # the host, when there is a place
    b: _Official
    place: Place | None  # None for a phone call
    kind: str  # talks | visit | phone_call
    cancelled: bool
    topics: tuple[Topic, ...]


class _Pools:
    """Lookups built once from the reference data."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self.officials: list[tuple[_Official, int]] = []
        for person in sorted(reference.people.values(), key=lambda p: p.person_id):
            for office in person.offices:
                official = self._official(person, office)
                if official is not None and office.role in PARTICIPANT_ROLES:
                    self.officials.append((official, PARTICIPANT_ROLES[office.role]))
        self.cities_by_country: dict[str, list[Place]] = {}
        self.landmarks_by_city: dict[str, list[Place]] = {}
        for place in sorted(reference.places.values(), key=lambda p: p.place_id):
            if place.kind == "city":
                self.cities_by_country.setdefault(place.country, []).append(place)
            elif place.city_id:
                self.landmarks_by_city.setdefault(place.city_id, []).append(place)
        self.topics = sorted(reference.topics.values(), key=lambda t: t.topic_id)
        outlets = sorted(reference.sources.values(), key=lambda o: o.source_id)
        self.outlets = [o for o in outlets if o.kind in OUTLET_KINDS]
        self.agencies = [o for o in outlets if o.kind in ("wire_agency", "photo_agency")]
        self.web_outlets = [o for o in self.outlets if o.domains]
        self.trips: dict[str, list[tuple[dt.date, dt.date, str]]] = {}
        for row in reference.trips:
            self.trips.setdefault(row["person_id"], []).append(
                (
                    dt.date.fromisoformat(row["date_start"]),
                    dt.date.fromisoformat(row["date_end"]),
                    row["country"],
                )
            )
        self.travellers = [
            o for o, _ in self.officials if _has_trips(o, self) and o.office.start >= FIRST_DAY
        ]

    def _official(self, person: Person, office: Office) -> _Official | None:
        reference = self.reference
        country = reference.countries.get(office.country)
        if country is None or not country.adjectives or office.start is None:
            return None
        title = office.title.casefold()
        usable = [r for r in reference.role_phrases if r.role == office.role and not r.weak]
        in_title = [
            r.phrase
            for r in usable
            if r.country in (None, office.country) and r.phrase.casefold() in title
        ]
        specific = [r.phrase for r in usable if r.country == office.country]
        phrases = in_title or specific
        generic = [r.phrase for r in usable if r.country is None]
        # "Foreign Minister" is a fair synonym of "Minister of Foreign Affairs", but "President"
        # is not one of "Supreme Leader", nor "Foreign Minister" of "Secretary of State".
        if phrases and generic and not specific and office.role not in HEADS:
            phrases.append(generic[0])
        phrases = [p for p in dict.fromkeys(phrases) if not p.isupper()]  # not "FM", "PM"
        if not phrases:
            return None  # an office no role phrase names ("Emperor"): not a synth participant
        return _Official(
            person=person,
            office=office,
            names=reference.person_names[person.person_id],
            short_names=reference.person_short_names[person.person_id] or (person.name,),
            phrases=tuple(phrases),
            adjective=country.adjectives[0],
            country_name=_with_article(country.name),
        )

    def in_office(self, day: dt.date) -> list[tuple[_Official, int]]:
        return [(o, w) for o, w in self.officials if o.office.covers(day)]


def _with_article(name: str) -> str:
    """ "the United States", "the Netherlands": country names that take an article."""
    plural = name.endswith(("lands", "ines", "amas", "ives", "oros", "elles", "Islands"))
    return f"the {name}" if name.startswith("United ") or plural else name


def _pick(rng: random.Random, weighted: list[tuple[_Official, int]]) -> _Official:
    return rng.choices([o for o, _ in weighted], weights=[w for _, w in weighted])[0]


def _has_trips(official: _Official, pools: _Pools) -> bool:
    """True for an official whose trips abroad are on record (US President, Secretary of State).

    Their meetings abroad must fall inside a recorded trip (`parley validate`
    checks it), so synthetic ones do too.
    """
    return (
        travellers().covers(official.office.role, official.office.country)
        and official.person.person_id in pools.trips
    )


def _ever_trips(person: Person) -> bool:
    """Whether any office of the person has their trips abroad checked by `parley validate`."""
    return any(travellers().covers(o.role, o.country) for o in person.offices)


def _trip_event(pools: _Pools, rng: random.Random) -> tuple[_Official, _Official, dt.date] | None:
    """A meeting during a recorded trip: a US official abroad, and a host of that country."""
    traveller = rng.choice(pools.travellers)
    trips = [t for t in pools.trips[traveller.person.person_id] if traveller.office.covers(t[0])]
    if not trips:
        return None
    start, end, country = rng.choice(trips)
    day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
    hosts = [(o, w) for o, w in pools.in_office(day) if o.office.country == country]
    if not hosts or not traveller.office.covers(day):
        return None
    return traveller, _pick(rng, hosts), day


def _event(pools: _Pools, rng: random.Random) -> _Event:
    span = (LAST_DAY - FIRST_DAY).days
    while True:
        if pools.travellers and rng.random() < TRIP_SHARE:
            trip = _trip_event(pools, rng)
            if trip is None:
                continue
            a, b, day = trip
            host_is_b = True
            break
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        candidates = pools.in_office(day)
        if len(candidates) < 2:
            continue
        a = _pick(rng, candidates)
        others = [
            (o, w)
            for o, w in candidates
            if o.office.country != a.office.country and o.person.person_id != a.person.person_id
        ]
        if not others:
            continue
        b = _pick(rng, others)
        # A US President or Secretary of State meets at home outside a recorded trip.
        if _has_trips(a, pools) or _has_trips(b, pools):
            host_is_b = _has_trips(b, pools)
        else:
            host_is_b = rng.random() < 0.5
        break
    roll = rng.random()
    kind = "phone_call" if roll < 0.12 else "visit" if roll < 0.4 else "talks"
    if host_is_b:
        a, b = b, a  # the host comes first: "A hosted B", "A will host B"
    place = None
    if kind != "phone_call":
        host = a
        cities = pools.cities_by_country.get(host.office.country) or [
            pools.reference.places[c]
            for c in (pools.reference.countries[host.office.country].capital,)
            if c in pools.reference.places
        ]
        capital_id = pools.reference.countries[host.office.country].capital
        if cities:
            capital = [c for c in cities if c.place_id == capital_id]
            place = capital[0] if capital and rng.random() < 0.7 else rng.choice(cities)
            landmarks = pools.landmarks_by_city.get(place.place_id, [])
            if landmarks and rng.random() < 0.15:
                place = rng.choice(landmarks)
        else:
            kind = "phone_call"
    return _Event(
        day=day,
        a=a,
        b=b,
        place=place,
        kind=kind,
        cancelled=rng.random() < 0.06,
        topics=tuple(rng.sample(pools.topics, k=3)),
    )


# --- words -------------------------------------------------------------------


def _month(day: dt.date) -> str:
    return calendar.month_name[day.month]


def _weekday(day: dt.date) -> str:
    return calendar.day_name[day.weekday()]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _full(rng: random.Random, official: _Official) -> str:
    """ "Russian Foreign Minister Sergey Lavrov"."""
    name = official.names[0] if rng.random() < 0.75 else rng.choice(official.names)
    return f"{official.adjective} {rng.choice(official.phrases)} {name}"


def _short(rng: random.Random, official: _Official) -> str:
    return official.short_names[0] if rng.random() < 0.8 else rng.choice(official.short_names)


def _role(rng: random.Random, official: _Official) -> str:
    """ "the Russian Foreign Minister": resolved through the date, not the name."""
    return f"the {official.adjective} {rng.choice(official.phrases)}"


def _place_words(place: Place | None) -> str:
    if place is None:
        return ""
    if place.kind == "landmark":
        the = "the " if place.name.split()[-1] in LANDMARK_ARTICLE_WORDS else ""
        return f"at {the}{place.name}"
    return f"in {place.name}"


def _city(place: Place | None, reference: Reference) -> Place | None:
    return reference.city_of(place.place_id) if place else None


def _planned_date(rng: random.Random, published: dt.date, day: dt.date) -> str:
    days = (day - published).days
    options = [f"on {_month(day)} {day.day}", f"on {day.day} {_month(day)}, {day.year}"]
    if days == 1:
        options.append("tomorrow")
    if 1 <= days <= 6:
        options += [f"on {_weekday(day)}", f"on {_weekday(day)}"]
    monday = published - dt.timedelta(days=published.weekday())
    if 7 <= (day - monday).days < 14:
        options.append("next week")
    if day.year != published.year:
        options = [o for o in options if not o.startswith(f"on {_month(day)} ")]
    return rng.choice(options)


def _held_date(rng: random.Random, published: dt.date, day: dt.date) -> str:
    days = (published - day).days
    options = [f"in {_month(day)} {day.year}", f"on {_month(day)} {day.day}, {day.year}"]
    if days == 1:
        options += ["yesterday", "yesterday"]
    if 1 <= days <= 7:
        options += [f"last {_weekday(day)}", f"on {_weekday(day)}"]
    if day.isocalendar()[:2] == published.isocalendar()[:2] and days >= 1:
        options.append("earlier this week")
    if day.year == published.year:
        options.append(f"on {_month(day)} {day.day}")
        if day.month < published.month:
            options.append(f"last {_month(day)}")
            if 12 <= day.day <= 18:  # inside the middle third of any month
                options.append(f"mid-{_month(day)}")
    elif day.year == published.year - 1 and day.month >= published.month:
        options.append(f"last {_month(day)}")
    return rng.choice(options)


def _printed_date(rng: random.Random, published: dt.date) -> str:
    hour, minute = rng.randrange(24), rng.randrange(60)
    return rng.choice(
        (
            f"{published.day} {_month(published)}, {published.year} {hour:02d}:{minute:02d}",
            f" date {published.isoformat()} Register",
            f"{_month(published)} {published.day}, {published.year}",
            f"Published {published.day} {_month(published)} {published.year}",
        )
    )


# --- sentences -----------------------------------------------------------------


def _meeting_sentence(rng: random.Random, event: _Event, status: str, published: dt.date) -> str:
    a, b = _full(rng, event.a), _full(rng, event.b)
    place = _place_words(event.place)
    where = f" {place}" if place else ""
    if status == "planned":
        when = _planned_date(rng, published, event.day)
        if event.kind == "phone_call":
            templates = (
                f"{a} will hold a phone conversation with {b} {when}.",
                f"{a} is expected to speak by phone with {b} {when}.",
            )
        else:
            templates = (
                f"{a} will meet {b}{where} {when}.",
                f"{a} is expected to meet {b}{where} {when}, officials said.",
                f"{a} is scheduled to hold talks with {b}{where} {when}.",
                f"{a} will host {b}{where} {when}.",
            )
    elif status == "held":
        when = _held_date(rng, published, event.day)
        if event.kind == "phone_call":
            templates = (
                f"{a} held a phone conversation with {b} {when}.",
                f"{a} spoke by phone with {b} {when}.",
            )
        else:
            templates = (
                f"{a} met {b}{where} {when}.",
                f"{a} and {b} held talks{where} {when}.",
                f"{a} hosted {b}{where} {when}.",
                f"{a} met with {b}{where} {when}, discussing {rng.choice(event.topics[0].aliases)}.",
            )
    else:
        when = f"{_month(event.day)} {event.day.day}"
        templates = (
            f"{a} has called off a planned meeting with {b}{where}, which had been scheduled "
            f"for {when}.",
            f"A meeting between {a} and {b}{where}, planned for {when}, was called off.",
        )
    return rng.choice(templates)


def _headline(rng: random.Random, event: _Event, status: str, reference: Reference) -> str:
    a, b = _short(rng, event.a), _short(rng, event.b)
    city = _city(event.place, reference)
    at = f" in {city.name}" if city else ""
    if status == "planned":
        options = (
            f"{a} to meet {b}{at}",
            f"{event.a.adjective} {event.a.phrases[0]} to hold talks with {b}{at}",
            f"PREVIEW - {a} Comes To {city.name if city else 'Talks'} For Meetings With {b}",
        )
    elif status == "held":
        options = (
            f"{a} holds meeting with {b}{at}",
            f"{a}, {b} discuss {event.topics[0].label}{at}",
            f"{a} and {b} hold talks{at}",
        )
    else:
        options = (f"{a} calls off meeting with {b}", f"{a}-{b} talks called off")
    return rng.choice(options)


def _topic(rng: random.Random, event: _Event, n: int = 0) -> str:
    """A way of naming one of the event's topics: mostly its main alias, else a phrase."""
    topic = event.topics[n % len(event.topics)]
    phrases = [a for a in topic.aliases[1:] if " " in a]  # not adjectives such as "Syrian"
    return rng.choice(phrases) if phrases and rng.random() < 0.4 else topic.aliases[0]


FILLER_KINDS = 12


def _filler(
    rng: random.Random, event: _Event, pools: _Pools, published: dt.date, outlet: str, kind: int
) -> str:
    """A paragraph that is not a claim about this event's meeting."""
    ref = pools.reference
    a, b = _short(rng, event.a), _short(rng, event.b)
    ca, cb = event.a.country_name, event.b.country_name
    t0, t1, t2 = _topic(rng, event, 0), _topic(rng, event, 1), _topic(rng, event, 2)
    year = published.year - rng.randrange(1, 12)
    n = rng.choice(NUMBERS)
    if kind == 0:
        return (
            f'"We are ready to discuss {t0} with our partners, but not at the expense of our '
            f'interests," {a} told reporters. "Dialogue is always better than confrontation."'
        )
    if kind == 1:
        return (
            f"Relations between {ca} and {cb} have been strained for years over {t1}, and "
            f"neither side expects a breakthrough soon. Officials in both capitals have "
            f"repeatedly said that {t2} must also be part of any settlement."
        )
    if kind == 2:
        return (
            f"No meeting between {a} and {_role(rng, event.b)} "
            f"has been planned beyond this one, a spokesperson said. {b} did not meet "
            f"opposition leaders during the previous trip."
        )
    if kind == 3:
        return (
            f"{a} has met {b} {n} times since {year} and had {rng.choice(NUMBERS)} phone "
            f"conversations with {ca if rng.random() < 0.5 else cb}'s leadership."
        )
    if kind == 4:
        return (
            f"According to {outlet}, the agenda includes {t0}, {t1} and {t2}. "
            f"The two delegations are expected to issue a joint statement, although diplomats "
            f"cautioned that the talks could last longer than planned."
        )
    if kind == 5:
        earlier = event.day - dt.timedelta(days=rng.randrange(60, 900))
        month_start = earlier.replace(day=1)
        month_end = month_start + dt.timedelta(
            days=calendar.monthrange(earlier.year, earlier.month)[1] - 1
        )
        # "in May 2017" is the whole month: both must hold their office all month.
        in_office = all(
            o.office.covers(month_start) and o.office.covers(month_end) for o in (event.a, event.b)
        )
        if in_office:
            # Without a recorded trip, a US President or Secretary of State meets at home.
            travellers = [o for o in (event.a, event.b) if _ever_trips(o.person)]
            home = travellers[0] if travellers else event.b
            city = rng.choice(pools.cities_by_country.get(home.office.country) or [None])
            where = f" in {city.name}" if city else ""
            return (
                f"The two last met{where} in {_month(earlier)} {earlier.year}, when they "
                f"agreed to keep channels of communication open on {t1}."
            )
        return f"The issue of {t1} has dominated contacts between {ca} and {cb} since {year}."
    if kind == 6:
        trip = [c.name for c in rng.sample(list(ref.places.values()), 2) if c.kind == "city"]
        stops = " and ".join(trip) if trip else "other capitals"
        return (
            f"The trip will also take {a} to {stops}, where talks on trade and {t2} are "
            f"planned at the level of deputies."
        )
    if kind == 7:
        return (
            f'"There is no alternative to diplomacy on {t0}," {b} said in an interview, '
            f'adding that {cb} would not accept ultimatums. "We expect concrete proposals, '
            f'not statements," {b} said.'
        )
    if kind == 8:
        pct = rng.randrange(3, 60)
        return (
            f"Trade between {ca} and {cb} fell by {pct}% in {year}, according to official "
            f"figures, amid sanctions and disputes over {t1}. Business groups in both countries "
            f"have urged the governments to settle their differences."
        )
    if kind == 9:
        return (
            f"Critics of the talks say that {ca} has given little in return for earlier "
            f"concessions. Others argue that without contacts at the highest level, the "
            f"risk of misunderstandings over {t2} would only grow."
        )
    if kind == 10:
        return (
            f"{a} invited the {event.b.adjective} side to continue the dialogue at any convenient time. "
            f"No date for further consultations has been set."
        )
    return (
        f"Experts note that the positions of the two sides on {t0} remain far apart. "
        f"Still, the fact that the talks are taking place at all is seen as a sign that both "
        f"want to stop relations from deteriorating further."
    )


def _status_and_published(rng: random.Random, event: _Event, position: int) -> tuple[str, dt.date]:
    """What the article at `position` in its event's group reports, and when it appeared."""
    if position == 0 or (event.cancelled and position == 1):
        status = "planned"
    elif event.cancelled:
        status = "cancelled"
    else:
        status = "held" if position == 1 or rng.random() < 0.7 else "planned"
    if status == "planned":
        published = event.day - dt.timedelta(days=rng.randrange(1, 15))
    elif status == "held":
        published = event.day + dt.timedelta(days=rng.choice((1, 1, 2, 3, 5, 8, 20, 45)))
    else:
        published = event.day - dt.timedelta(days=rng.randrange(1, 4))
    return status, published


def event_of(seed: int, index: int) -> tuple[str, int]:
    """Which event article `index` reports, and its place in that event's reports:
    ("big:K", position) for one of the big events, ("event:N", position) otherwise.

    >>> [event_of(0, i) for i in range(4)]
    [('event:0', 0), ('event:0', 1), ('big:1', 0), ('event:1', 0)]
    """
    rng = random.Random(f"parley-synth:{seed}:which:{index}")
    if rng.random() < BIG_EVENT_SHARE:
        # Zipf-like: the first big event is reported twice as often as the second...
        weights = [1 / (k + 1) for k in range(BIG_EVENTS)]
        big = rng.choices(range(BIG_EVENTS), weights=weights)[0]
        return f"big:{big}", rng.randrange(ARTICLES_PER_EVENT)
    return f"event:{index // ARTICLES_PER_EVENT}", index % ARTICLES_PER_EVENT


def _article(pools: _Pools, seed: int, index: int) -> str:
    reference = pools.reference
    which, position = event_of(seed, index)
    event = _event(pools, random.Random(f"parley-synth:{seed}:{which}"))
    rng = random.Random(f"parley-synth:{seed}:article:{index}")
    status, published = _status_and_published(rng, event, position)
    outlet = rng.choice(pools.outlets)
    outlet_name = outlet.names[0]
    agency = rng.choice(pools.agencies)
    dateline_city = _city(event.place, reference) or rng.choice(
        pools.cities_by_country.get(event.a.office.country, []) or [reference.places["washington"]]
    )
    headline = _headline(rng, event, status, reference)
    lead = _meeting_sentence(rng, event, status, published)
    # Styles 3 and 5 print no date: drawn for UNDATED_SHARE of the articles.
    style = rng.choice((3, 5)) if rng.random() < UNDATED_SHARE else rng.choice((0, 1, 2, 4))
    header: list[str] = []
    if style == 0:
        header = [headline, _printed_date(rng, published)]
        lead = f"{dateline_city.name.upper()} ({outlet_name}) - {lead}"
    elif style == 1:
        paren = f"{outlet_name} / {agency.names[0]} - {_ordinal(published.day)} "
        paren += f"{_month(published)}, {published.year}"
        header = [headline]
        lead = f"{dateline_city.name.upper()} ({paren}) {lead}"
    elif style == 2:
        header = [_printed_date(rng, published), headline, "Politics"]
        lead = f"{dateline_city.name.upper()} ({outlet_name}) — {lead}"
    elif style == 3:
        header = [headline, headline]  # copy-pasted pages often repeat the headline
    elif style == 4:
        header = [headline, _printed_date(rng, published)]
    else:
        header = [headline]
        lead = f"{dateline_city.name.upper()} ({outlet_name}) - {lead}"  # a dateline, no date
    if status == "planned":
        topic_line = (
            f"The talks are expected to focus on {_topic(rng, event, 0)} "
            f"and {_topic(rng, event, 1)}."
        )
    elif status == "held":
        topic_line = (
            f"During the meeting, the officials discussed {_topic(rng, event, 0)}, "
            f"{_topic(rng, event, 1)} and other issues."
        )
    else:
        topic_line = (
            f"No reason was given. {_topic(rng, event, 0).capitalize()} was to top the agenda."
        )
    paragraphs = [f"{lead} {topic_line}"]
    target = rng.randint(*TARGET_BYTES)
    size = sum(len(p) + 2 for p in header + paragraphs)
    extras = 0
    fillers = rng.sample(range(FILLER_KINDS), FILLER_KINDS)
    while size < target:
        roll = rng.random()
        if roll < 0.08 and extras < 2:
            extras += 1
            city = _city(event.place, reference)
            where = f" in {city.name}" if city else ""
            paragraph = (
                f"{_full(rng, event.a)} at a meeting{where} Photo: {agency.names[0]}"
                if rng.random() < 0.5
                else f"{_full(rng, event.b)}\n© {agency.names[0]}"
            )
        elif roll < 0.14 and extras < 2 and pools.web_outlets:
            extras += 1
            web = rng.choice(pools.web_outlets)
            paragraph = f"Also on {web.domains[0]} {_short(rng, event.b)} warns of new sanctions"
        elif roll < 0.22:
            paragraph = _meeting_sentence(rng, event, status, published)
            paragraph = (
                f"{paragraph.rstrip('.')}, {outlet_name} reported, citing a source in the "
                f"{event.a.adjective} delegation."
            )
        else:
            paragraph = _filler(rng, event, pools, published, outlet_name, fillers.pop())
            if not fillers:
                fillers = rng.sample(range(FILLER_KINDS), FILLER_KINDS)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(header + paragraphs) + "\n"


def file_name(index: int, total: int) -> str:
    """Zero-padded so that name order is generation order."""
    return f"synth-{index:0{max(6, len(str(max(total - 1, 0))))}d}.txt"


def generate(n: int, reference: Reference, seed: int = 0, start: int = 0) -> Iterator[SynthArticle]:
    """Articles `start` .. `start + n - 1` of the corpus for `seed`, one at a time."""
    pools = _Pools(reference)
    total = start + n
    for index in range(start, total):
        yield SynthArticle(file_name(index, total), _article(pools, seed, index))


def write_corpus(n: int, out_dir: Path, reference: Reference, seed: int = 0) -> int:
    """Write `n` articles into `out_dir` (created if needed); return the bytes written.

    Each file is written to a temporary name and renamed (`write_atomic`), so
    that a reader (or an interrupted run) never sees half an article. A
    ParleyError naming `out_dir` when it is a file or cannot be written.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise ParleyError("not a folder", file=out_dir)
    written = 0
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for article in generate(n, reference, seed):
            data = article.text.encode("utf-8")
            write_atomic(out_dir / article.name, data)
            written += len(data)
    except OSError as error:
        raise ParleyError(str(error.strerror or error), file=out_dir) from None
    return written
