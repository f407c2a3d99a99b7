"""Keys that join Parley with the rest of international-relations research.

Derived in the build from the resolved rows and reference data, never from
article text alone:

- event codes (CAMEO, PLOVER) of every meeting and article link, from the
  mapping in `reference/event-codes.json` (docs/reference/event-codes.md);
- `visit_role` (visitor or host) of the participants of a visit, where the
  evidence quotes or the place make it clear;
- the `countries` resource: ISO 3166-1 codes (pycountry), Gleditsch-Ward
  numbers (country_converter) and Correlates of War numbers
  (`reference/country-codes.json`, docs/reference/country-codes.md);
- GeoNames ids and the source of the coordinates of `places` (from the gazetteer:
  every city GeoNames' packaged tables have; landmarks link to their city);
- the `dyad_years` resource, counted from `meetings` and `meeting_participants`.

The meeting kinds and statuses come from `schemas/meetings.json`: the mapping
must cover every pair of them, which the loader checks.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from types import SimpleNamespace

from parley.paths import REFERENCE_DIR, SCHEMAS_DIR
from parley.problems import Problem
from parley.reference import Reference, ReferenceDataError, load_reference_file
from parley.vocabulary import field_values
from parley.write import format_cell

LEADER_ROLES = frozenset({"head_of_state", "head_of_government"})
CALL_KINDS = frozenset({"phone_call", "video_call"})


@dataclass(frozen=True)
class EventCode:
    """The codes of one meeting (or one article's report of it)."""

    cameo: str
    plover_event: str
    plover_mode: str
    plover_context: str

    def columns(self) -> dict[str, str | None]:
        return {
            "cameo_code": self.cameo,
            "plover_event": self.plover_event,
            "plover_mode": self.plover_mode or None,
            "plover_context": self.plover_context or None,
        }


@dataclass(frozen=True)
class EventCodes:
    """The mapping of reference/event-codes.json, indexed by (kind, status)."""

    rules: dict[tuple[str, str], dict]
    quad_classes: dict[str, int]

    def code(self, kind: str, status: str, third_country: bool = False) -> EventCode:
        """The codes of a meeting of `kind` reported as `status`.

        `third_country`: the meeting's place is known and is in none of its
        participants' countries (used by the rules that say so).
        """
        rule = self.rules[(kind, status)]
        cameo, mode = rule["cameo"], rule["plover_mode"]
        override = rule.get("third_country")
        if third_country and override:
            cameo, mode = override["cameo"], override["plover_mode"]
        return EventCode(cameo, rule["plover_event"], mode, rule["plover_context"])

    def host_code(self, kind: str, status: str) -> str | None:
        """The CAMEO code of the same event from the host's side (043 for a visit)."""
        return self.rules[(kind, status)].get("cameo_host")


def meeting_enums(schemas_dir: Path = SCHEMAS_DIR) -> tuple[list[str], list[str]]:
    """The meeting kinds and statuses the Table Schema allows, in its order."""
    return (
        list(field_values("meetings", "kind", schemas_dir)),
        list(field_values("meetings", "status", schemas_dir)),
    )


def load_event_codes(
    directory: Path = REFERENCE_DIR, schemas_dir: Path = SCHEMAS_DIR
) -> EventCodes:
    """Read the mapping and check it covers every (kind, status) pair exactly once."""
    document = load_reference_file("event-codes", directory)
    path = directory / "event-codes.json"
    kinds, statuses = meeting_enums(schemas_dir)
    cameo = {c["code"]: c for c in document["cameo"]}
    plover = {p["event"]: p for p in document["plover"]}
    rules: dict[tuple[str, str], dict] = {}
    problems = []
    for number, rule in enumerate(document["rules"]):
        where = f"{path}: rules[{number}]"
        for word, allowed, label in (
            *((k, kinds, "kind") for k in rule["kinds"]),
            *((s, statuses, "status") for s in rule["statuses"]),
        ):
            if word not in allowed:
                problems.append(f"{where}: {label} {word!r} is not in schemas/meetings.json")
        codes = [rule["cameo"], rule.get("cameo_host"), rule.get("third_country", {}).get("cameo")]
        for code in filter(None, codes):
            if code not in cameo:
                problems.append(f"{where}: CAMEO code {code!r} is not listed under 'cameo'")
        event = plover.get(rule["plover_event"])
        if event is None:
            problems.append(f"{where}: PLOVER event {rule['plover_event']!r} is not listed")
        else:
            modes = [rule["plover_mode"], rule.get("third_country", {}).get("plover_mode", "")]
            for mode in filter(None, modes):
                if mode not in event["modes"]:
                    problems.append(f"{where}: {mode!r} is not a mode of {event['event']}")
        for kind in rule["kinds"]:
            for status in rule["statuses"]:
                if (kind, status) in rules:
                    problems.append(f"{where}: ({kind}, {status}) is already mapped")
                rules[(kind, status)] = rule
    for kind in kinds:
        for status in statuses:
            if (kind, status) not in rules:
                problems.append(f"{path}: no rule maps kind {kind!r} with status {status!r}")
    if problems:
        raise ReferenceDataError("\n".join(problems))
    return EventCodes(
        rules,
        {code: entry["quad_class"] for code, entry in cameo.items()},
    )


# --- countries ---------------------------------------------------------------------------


def _converter_table() -> dict[str, dict[str, str]]:
    """country_converter's classification table, by ISO alpha-3.

    Read as the plain tab-separated file the package ships rather than through
    `CountryConverter`, which needs pandas and takes a second to start: the
    table is all the build needs (its GWcode column).
    """
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        raise ReferenceDataError("country_converter is not installed (pip install -e .)")
    path = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["ISO3"]: row for row in rows if row.get("ISO3")}


def country_rows(reference: Reference, directory: Path = REFERENCE_DIR) -> list[dict]:
    """One row per entry of countries.json, and per international body of roles.json,
    with their ISO, COW and Gleditsch-Ward codes (a body has none of them)."""
    import pycountry  # imported here: it reads its database on first use

    document = load_reference_file("country-codes", directory)
    cow = {entry["code"]: entry for entry in document["states"]}
    bodies = {entry["code"]: entry["name"] for entry in document["bodies"]}
    converter = _converter_table()
    unknown = sorted((set(cow) | set(bodies)) - set(reference.countries))
    if unknown:
        raise ReferenceDataError(
            f"{directory / 'country-codes.json'}: codes not in countries.json: {', '.join(unknown)}"
        )
    names = {code: country.name for code, country in reference.countries.items()}
    # The bodies whose officials roles.json recognises (NATO, ASEAN ...). A body code
    # that countries.json gives a state keeps the state (AU is Australia's ISO code).
    for body in reference.documents.get("roles", {}).get("bodies", []):
        if body["code"] not in names:
            names[body["code"]] = body["name"]
            bodies[body["code"]] = body["name"]
    rows = []
    for code, name in sorted(names.items()):
        iso = None if code in bodies else pycountry.countries.get(alpha_2=code)
        gw = converter.get(iso.alpha_3, {}).get("GWcode", "") if iso else ""
        if code == "XK":  # no ISO entry; country_converter keys Kosovo by XKX
            gw = converter.get("XKX", {}).get("GWcode", "")
        state = cow.get(code, {})
        rows.append(
            {
                "country": code,
                "name": name,
                "kind": "body" if code in bodies else "state",
                "iso_name": iso.name if iso else None,
                "iso_alpha2": iso.alpha_2 if iso else None,
                "iso_alpha3": iso.alpha_3 if iso else None,
                "iso_numeric": iso.numeric if iso else None,
                "cow_code": state.get("cow_code"),
                "cow_abbr": state.get("cow_abbr"),
                "gw_code": int(gw) if gw.strip().isdigit() else None,
            }
        )
    return rows


# --- visit roles -------------------------------------------------------------------------

_PASSIVE_HOST = re.compile(
    r"\b(?:is|was|were|be|been|being)\s+(?:\w+\s+)?(?:received|hosted|welcomed)\s+by\b"
)
_HOST = re.compile(r"\b(?:receive[sd]?|receiving|host(?:s|ed|ing)?|welcome[sd]?|welcoming)\b")
_VISITOR = re.compile(
    r"\b(?:visit(?:s|ed|ing)?|travell?(?:s|ed|ing)?\s+to|arriv(?:e[sd]?|ing)\s+in|fl(?:ew|ies|y)\s+to"
    r"|pa(?:y|ys|id|ying)\s+an?\s+(?:[\w-]+\s+){0,2}visit)\b"
)
_NOUN_BEFORE = re.compile(r"(?:\b(?:a|an|the|his|her|their|its|this|that|of|for)|'s)\s+$")


def _mentions(quote: str, names: dict[str, tuple[str, ...]]) -> list[tuple[int, int, str]]:
    """(start, end, person_id) of every whole-word mention of a participant's names."""
    out = []
    for person_id, person_names in names.items():
        for name in person_names:
            for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", quote):
                out.append((match.start(), match.end(), person_id))
    return sorted(out)


# What may stand between a subject and its verb: "Pompeo, who visited", "Putin is to
# receive", "Trump on Tuesday hosted", "Lavrov will also travel to".
_GAP = re.compile(
    r"(?:\s*,\s*who|\s+(?:who|is|are|was|were|will|would|may|might|could|can|has|have|had"
    r"|to|be|been|also|then|later|first|expected|due|set|plans?|planned|on\s+\w+day|\w+ly))*\s*"
)
# What may stand between a verb and its object: titles and adjectives ("received
# Russian Foreign Minister Sergey Lavrov", "welcomed his US counterpart").
_OBJECT_GAP = re.compile(r"\s+(?:(?:the|his|her|their|visiting|[A-Z][\w.-]*|[a-z]+)\s+){0,5}?")


def _subject(mentions: list[tuple[int, int, str]], quote: str, before: int) -> str | None:
    """The participant named right before offset `before` (only auxiliaries between)."""
    for _start, end, person_id in reversed(mentions):
        if end <= before:
            return person_id if _GAP.fullmatch(quote, end, before) else None
    return None


def _object(mentions: list[tuple[int, int, str]], quote: str, after: int) -> str | None:
    """The participant named right after offset `after` (only titles between)."""
    for start, _end, person_id in mentions:
        if start >= after:
            return person_id if _OBJECT_GAP.fullmatch(quote, after, start) else None
    return None


def roles_from_quote(quote: str, names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Who the quote says visits ('visitor') or receives ('host'), by person_id.

    "A received B", "A hosted B", "A welcomed B": A is host. "B visited ...",
    "B travelled to ...", "B paid a visit to ...": B is visitor. "B was received
    by A": B visitor, A host. A subject is a participant named right before the
    verb (with at most auxiliaries between: "Pompeo, who visited", "Putin is to
    receive"); an object one named right after it (with at most titles
    between). The rest of the meeting follows by country (see `visit_roles`).
    """
    mentions = _mentions(quote, names)
    found: dict[str, set[str]] = {}
    taken: list[tuple[int, int]] = []
    for match in _PASSIVE_HOST.finditer(quote):
        taken.append(match.span())
        subject = _subject(mentions, quote, match.start())
        agent = _object(mentions, quote, match.end())
        if subject:
            found.setdefault(subject, set()).add("visitor")
        if agent:
            found.setdefault(agent, set()).add("host")
    for pattern, role in ((_HOST, "host"), (_VISITOR, "visitor")):
        for match in pattern.finditer(quote):
            if any(a <= match.start() < b for a, b in taken):
                continue
            if role == "visitor" and _NOUN_BEFORE.search(quote, 0, match.start()):
                continue  # "his visit to Moscow", "the visit": a noun with no subject
            subject = _subject(mentions, quote, match.start())
            if subject:
                found.setdefault(subject, set()).add(role)
            elif role == "host":  # "The US president may receive Lavrov": Lavrov visits
                guest = _object(mentions, quote, match.end())
                if guest:
                    found.setdefault(guest, set()).add("visitor")
    return {person: roles.pop() for person, roles in found.items() if len(roles) == 1}


def visit_roles(
    participants: list[dict],
    quotes: Iterable[str],
    names: dict[str, tuple[str, ...]],
    place_country: str | None,
) -> dict[str, str]:
    """visitor/host of each participant of a visit, or {} when the data does not make it clear.

    The two sides are the participants' two countries. A side's role comes
    from the quotes (`roles_from_quote`) or, failing those, from the place:
    the side whose country the meeting took place in hosts, provided a head
    of state or government is on that side (the definition of a visit). Any
    disagreement (between quotes, or quotes and place) leaves every role empty.
    """
    country_of = {p["person_id"]: p["country"] for p in participants}
    countries = sorted(set(country_of.values()))
    if len(countries) != 2:
        return {}
    side_roles: dict[str, set[str]] = {c: set() for c in countries}
    for quote in quotes:
        for person_id, role in roles_from_quote(quote, names).items():
            side_roles[country_of[person_id]].add(role)
    other = {countries[0]: countries[1], countries[1]: countries[0]}
    for country in countries:  # a role of one side is the opposite role of the other
        for role in list(side_roles[country]):
            side_roles[other[country]].add("host" if role == "visitor" else "visitor")
    if not any(side_roles.values()) and place_country in side_roles:
        hosts_lead = any(
            p["role"] in LEADER_ROLES for p in participants if p["country"] == place_country
        )
        if hosts_lead:
            side_roles[place_country] = {"host"}
            side_roles[other[place_country]] = {"visitor"}
    elif place_country in side_roles and side_roles[place_country] == {"visitor"}:
        # The text says the side whose country it took place in was the visitor: a
        # contradiction (or a misread), so say nothing.
        return {}
    if any(len(roles) != 1 for roles in side_roles.values()):
        return {}
    return {p: next(iter(side_roles[c])) for p, c in country_of.items()}


# --- dyad-years --------------------------------------------------------------------------


def dyad_year_rows(
    meetings: list[dict], participants: list[dict], countries: list[dict] | None = None
) -> list[dict]:
    """One row per pair of countries and year of date_start: counts of their meetings.

    A meeting counts once for every pair of distinct countries among its
    participants; undated meetings are not counted.
    """
    cow = {c["country"]: c.get("cow_code") for c in countries or []}
    by_meeting: dict[str, list[dict]] = {}
    for row in participants:
        by_meeting.setdefault(row["meeting_id"], []).append(row)
    cells: dict[tuple[str, str, int], list[dict]] = {}
    for meeting in meetings:
        start = meeting.get("date_start")
        if start is None:
            continue
        people = by_meeting.get(meeting["meeting_id"], [])
        for a, b in combinations(sorted({p["country"] for p in people}), 2):
            cells.setdefault((a, b, start.year), []).append(meeting)
    rows = []
    for (a, b, year), group in sorted(cells.items()):
        group.sort(
            key=lambda m: (m["date_start"], m["date_end"] or m["date_start"], m["meeting_id"])
        )
        held = [m for m in group if m["status"] == "held"]

        def leaders(meeting: dict, a: str = a, b: str = b) -> bool:
            roles = {(p["country"], p["role"]) for p in by_meeting[meeting["meeting_id"]]}
            return all(any((c, r) in roles for r in LEADER_ROLES) for c in (a, b))

        rows.append(
            {
                "country_a": a,
                "country_b": b,
                "year": year,
                "cow_code_a": cow.get(a),
                "cow_code_b": cow.get(b),
                "meetings": len(group),
                "held": len(held),
                "planned": sum(m["status"] == "planned" for m in group),
                "cancelled": sum(m["status"] == "cancelled" for m in group),
                "held_leaders": sum(leaders(m) for m in held),
                "held_calls": sum(m["kind"] in CALL_KINDS for m in held),
                "first_meeting_id": group[0]["meeting_id"],
                "last_meeting_id": group[-1]["meeting_id"],
            }
        )
    return rows


# --- the build step ----------------------------------------------------------------------


@functools.cache
def _event_codes(directory: Path) -> EventCodes:
    return load_event_codes(directory)


def check_reference(directory: Path = REFERENCE_DIR) -> None:
    """Load the files this module reads; raise ReferenceDataError naming a bad one."""
    _event_codes(directory)
    load_reference_file("country-codes", directory)


def third_country(place_country: str | None, participant_countries: Iterable[str]) -> bool:
    return bool(place_country) and place_country not in set(participant_countries)


def _names(people_rows: list[dict], reference: Reference) -> dict[str, tuple[str, ...]]:
    """Every name a quote may use for each person: curated names and short names, or
    the name as printed and its last word."""
    out = {}
    for row in people_rows:
        person_id = row["person_id"]
        if person_id in reference.person_names:
            names = (
                *reference.person_names[person_id],
                *reference.person_short_names.get(person_id, ()),
            )
        else:
            names = (row["name"], row["name"].split()[-1])
        out[person_id] = tuple(dict.fromkeys(names))
    return out


# How a place's geonames_nearest_id relates to it (docs/reference/places-geonames.md):
# its own id, its city's, the nearest populated place's, or its first-level division's.
GEONAMES_RELATIONS = ("same", "city", "nearest", "admin1")

# (GeoNames id, relation, distance in km or None) of a place, as recorded in
# places-geonames.json's generated block.
GeoNamesLink = tuple[int, str, float | None]


@functools.cache
def _geonames_links(directory: Path) -> dict[str, GeoNamesLink]:
    """place_id -> the GeoNames link of every hand-written place, from the records
    scripts/derive_places.py wrote: `same` for a place's own id (hand_written_ids, with
    the distance between its curated point and GeoNames'), and the city, nearest
    populated place or division standing in for a place without one (nearest_ids)."""
    generated = load_reference_file("places-geonames", directory)["generated"]
    links = {
        r["place_id"]: (r["geonames_id"], "same", r["distance_km"])
        for r in generated["hand_written_ids"]
    }
    for record in generated.get("nearest_ids", []):
        links[record["place_id"]] = (
            record["geonames_id"],
            record["relation"],
            record["distance_km"],
        )
    return links


def _place_columns(place, link: GeoNamesLink | None = None) -> dict:
    """The GeoNames and coordinates columns of a place's row.

    `geonames_id` stays the place's own id (empty for a landmark): a join on it never
    gives a palace a town's population. `geonames_nearest_id` is filled for every place
    the records cover, with `geonames_relation` saying what it is. A derived city's
    point is GeoNames' own (0 km); a record that contradicts the place's own id (a file
    edited after the script ran) is not used, and `parley validate` reports the gap.
    """
    geonames_id = getattr(place, "geonames_id", None) or None
    derived = getattr(place, "derived", False)
    source = getattr(place, "coordinates_source", None)
    if source is None:
        source = "geonames" if derived else "curated"
    if geonames_id and derived:
        link = (geonames_id, "same", 0.0)
    elif link is not None and not (
        link[0] == geonames_id if link[1] == "same" else not geonames_id
    ):
        link = None
    if link is None:
        link = (geonames_id, "same", None) if geonames_id else (None, None, None)
    nearest_id, relation, distance = link
    return {
        "geonames_id": geonames_id,
        "geonames_nearest_id": nearest_id,
        "geonames_relation": relation,
        "geonames_distance_km": distance,
        "coordinates_source": source,
    }


def enrich(
    tables: dict[str, list[dict]], reference: Reference, directory: Path = REFERENCE_DIR
) -> None:
    """Add the interoperability columns and resources to the resolved rows, in place."""
    codes = _event_codes(directory)
    participants: dict[str, list[dict]] = {}
    for row in tables["meeting_participants"]:
        participants.setdefault(row["meeting_id"], []).append(row)
    quotes: dict[str, list[str]] = {}
    for row in tables["article_meetings"]:
        quotes.setdefault(row["meeting_id"], []).append(row["quote"])
    names = _names(tables["people"], reference)
    meetings = {}
    for meeting in tables["meetings"]:
        meeting_id = meeting["meeting_id"]
        meetings[meeting_id] = meeting
        people = participants.get(meeting_id, [])
        third = third_country(meeting["country"], (p["country"] for p in people))
        meeting.update(codes.code(meeting["kind"], meeting["status"], third).columns())
        roles = {}
        if meeting["kind"] == "visit":
            roles = visit_roles(
                people,
                sorted(quotes.get(meeting_id, [])),
                {p["person_id"]: names.get(p["person_id"], ()) for p in people},
                meeting["country"],
            )
        for person in people:
            person["visit_role"] = roles.get(person["person_id"])
    for link in tables["article_meetings"]:
        meeting = meetings[link["meeting_id"]]
        people = participants.get(link["meeting_id"], [])
        third = third_country(meeting["country"], (p["country"] for p in people))
        link.update(codes.code(meeting["kind"], link["reported_status"], third).columns())
    links = _geonames_links(directory)
    for row in tables["places"]:
        row.update(_place_columns(reference.places[row["place_id"]], links.get(row["place_id"])))
    tables["countries"] = country_rows(reference, directory)
    tables["dyad_years"] = dyad_year_rows(
        tables["meetings"], tables["meeting_participants"], tables["countries"]
    )


# --- checks run by `parley validate` ----------------------------------------------------
# They take the rows of a built package as strings (parley.checks.Package) and
# recompute what the build derived, so that a package edited by hand, or built
# by an older Parley, is caught.

DYAD_COUNTS = ("meetings", "held", "planned", "cancelled", "held_leaders", "held_calls")


def _problem(
    package, code: str, name: str, message: str, row: int | None = None, column: str | None = None
) -> Problem:
    return Problem(package.file(name), message, row, column, code=code)


def check_event_codes(package) -> list[Problem]:
    """Every meeting and article link carries the codes the mapping gives it."""
    codes = _event_codes(REFERENCE_DIR)
    countries: dict[str, set[str]] = {}
    for row in package.rows("meeting_participants"):
        countries.setdefault(row["meeting_id"], set()).add(row["country"])
    problems = []
    meetings = {}
    for row in package.rows("meetings"):
        meetings[row["meeting_id"]] = row
        third = third_country(row["country"], countries.get(row["meeting_id"], ()))
        expected = codes.code(row["kind"], row["status"], third).columns()
        problems += _code_problems(package, "meetings", row, expected)
    for row in package.rows("article_meetings"):
        meeting = meetings.get(row["meeting_id"])
        if meeting is None:
            continue  # a foreign-key error, reported by frictionless
        third = third_country(meeting["country"], countries.get(row["meeting_id"], ()))
        expected = codes.code(meeting["kind"], row["reported_status"], third).columns()
        problems += _code_problems(package, "article_meetings", row, expected)
    return problems


def _code_problems(package, name: str, row: dict, expected: dict) -> list[Problem]:
    out = []
    for column, value in expected.items():
        if row.get(column, "") != (value or ""):
            out.append(
                _problem(
                    package,
                    "event-code",
                    name,
                    f"{column} is {row.get(column, '')!r}, but reference/event-codes.json "
                    f"gives {value or ''!r} for this kind and status",
                    row["_row"],
                    column,
                )
            )
    return out


@functools.cache
def _gazetteer(directory: Path) -> dict[str, dict[str, str]]:
    """place_id -> the GeoNames and coordinates columns (as CSV cells) of every place
    of the gazetteer, as the build writes them (`_place_columns`).

    Read from the two files rather than through `load_reference` (which builds every
    index the extraction needs): a hand-written entry of places.json overrides a
    derived city with its place_id or its GeoNames id, as the loader merges them.
    """
    hand = load_reference_file("places", directory)["places"]
    derived = load_reference_file("places-geonames", directory)["places"]
    links = _geonames_links(directory)
    hand_ids = {p["geonames_id"] for p in hand if p["geonames_id"]}
    entries = [
        (p["place_id"], SimpleNamespace(geonames_id=p["geonames_id"], derived=True))
        for p in derived
        if p["geonames_id"] not in hand_ids
    ]
    entries += [
        (p["place_id"], SimpleNamespace(geonames_id=p["geonames_id"], derived=False)) for p in hand
    ]
    return {
        place_id: {
            column: format_cell(value)
            for column, value in _place_columns(place, links.get(place_id)).items()
        }
        for place_id, place in entries
    }


_PLACE_COLUMNS = {
    "geonames_id": "its own GeoNames id",
    "geonames_nearest_id": "the GeoNames id of the place or of what contains it or is nearest",
    "geonames_relation": "what geonames_nearest_id is to the place",
    "geonames_distance_km": "km from the place's point to geonames_nearest_id's",
    "coordinates_source": "where its coordinates come from",
}


def check_places(package, directory: Path = REFERENCE_DIR) -> list[Problem]:
    """Every place carries a GeoNames id, with the columns its gazetteer entry gives.

    `geonames_id` is the place's own id: every city GeoNames' packaged tables have
    (and Bali's province); none for landmarks, which no installable package holds,
    nor for Panmunjom. `geonames_nearest_id` is filled for every row, with
    `geonames_relation` (same, city, nearest, admin1) and `geonames_distance_km` as
    scripts/derive_places.py recorded them (docs/reference/places-geonames.md). A
    meeting's place is its city, so a landmark is a row here only when it lies in no
    listed city (Camp David, Schloss Elmau: relation `nearest`).
    """
    gazetteer = _gazetteer(directory)
    problems = []
    for row in package.rows("places"):
        entry = gazetteer.get(row["place_id"])
        if entry is None:
            problems.append(
                _problem(
                    package,
                    "place",
                    "places",
                    f"place_id {row['place_id']!r} is in neither reference/places.json nor "
                    "reference/places-geonames.json",
                    row["_row"],
                    "place_id",
                )
            )
            continue
        for column, why in _PLACE_COLUMNS.items():
            want = entry[column]
            if row.get(column, "") != want:
                problems.append(
                    _problem(
                        package,
                        "place",
                        "places",
                        f"{column} is {row.get(column, '')!r}, but the gazetteer gives "
                        f"{want!r} ({why}; reference/places.json, places-geonames.json)",
                        row["_row"],
                        column,
                    )
                )
        if not row.get("geonames_nearest_id", "") and not entry["geonames_nearest_id"]:
            # The records lack the place (places.json edited after the script ran).
            problems.append(
                _problem(
                    package,
                    "place",
                    "places",
                    f"place {row['place_id']!r} carries no GeoNames id, and "
                    "reference/places-geonames.json records none for it: every place needs "
                    "one; run scripts/derive_places.py, then parley build",
                    row["_row"],
                    "geonames_nearest_id",
                )
            )
    return problems


def check_dyad_years(package) -> list[Problem]:
    """dyad_years holds exactly the counts of a recount from meetings and participants,
    and the COW numbers `countries` gives its two countries."""
    import datetime as dt

    if not any(r.get("name") == "dyad_years" for r in package.descriptor["resources"]):
        return []  # a smaller package, without the derived resource

    meetings = []
    for row in package.rows("meetings"):
        try:
            start = dt.date.fromisoformat(row["date_start"]) if row["date_start"] else None
            end = dt.date.fromisoformat(row["date_end"]) if row["date_end"] else None
        except ValueError:
            continue  # a type error, reported by frictionless
        meetings.append({**row, "date_start": start, "date_end": end})
    expected = {
        (r["country_a"], r["country_b"], str(r["year"])): r
        for r in dyad_year_rows(meetings, package.rows("meeting_participants"))
    }
    cow = {
        code: row.get("cow_code", "") for code, row in package.by_id("countries", "country").items()
    }
    problems = []
    seen = set()
    for row in package.rows("dyad_years"):
        key = (row["country_a"], row["country_b"], row["year"])
        seen.add(key)
        for side in ("a", "b"):
            want = cow.get(row[f"country_{side}"])
            if want is not None and row[f"cow_code_{side}"] != want:
                problems.append(
                    _problem(
                        package,
                        "dyad-years",
                        "dyad_years",
                        f"cow_code_{side} is {row[f'cow_code_{side}']!r}, but countries gives "
                        f"{row[f'country_{side}']} the COW number {want!r}",
                        row["_row"],
                        f"cow_code_{side}",
                    )
                )
        want = expected.get(key)
        if want is None:
            problems.append(
                _problem(
                    package,
                    "dyad-years",
                    "dyad_years",
                    f"{'-'.join(key)}: no dated meeting of these countries in that year",
                    row["_row"],
                    "year",
                )
            )
            continue
        for column in (*DYAD_COUNTS, "first_meeting_id", "last_meeting_id"):
            if row[column] != str(want[column]):
                problems.append(
                    _problem(
                        package,
                        "dyad-years",
                        "dyad_years",
                        f"{column} is {row[column]!r}; a recount from meetings gives "
                        f"{str(want[column])!r}",
                        row["_row"],
                        column,
                    )
                )
    for key in sorted(set(expected) - seen):
        problems.append(
            _problem(
                package,
                "dyad-years",
                "dyad_years",
                f"no row for {'-'.join(key)}, which has meetings",
            )
        )
    return problems
