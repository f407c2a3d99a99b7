"""Curated reference data: people, roles, countries, places, topics, sources (outlets, agencies, governments).

Each lives in `reference/NAME.json`, documented in `docs/reference/NAME.md` and
checked against `reference/schemas/NAME.schema.json` before anything uses it.
A broken file stops the build with the file, the entry and the rule it breaks.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import importlib.metadata
import io
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import jsonschema

from parley.errors import ParleyError
from parley.gazetteer import Gazetteer, GazetteerBundle
from parley.package import parse_json, read_json, read_text
from parley.paths import REFERENCE_DIR
from parley.problems import json_path
from parley.records import Office, Person

REFERENCE_FILES = (
    "people",
    "roles",
    "countries",
    "places",
    "places-geonames",
    "place-exclusions",
    "non-places",
    "topics",
    "sources",
    "cues",
)


@dataclass(frozen=True)
class Travellers:
    """Whose official trips trips.csv records (roles.json "travellers")."""

    country: str
    roles: frozenset[str]

    def covers(self, role: str, country: str) -> bool:
        return country == self.country and role in self.roles


def travellers(directory: Path | None = None) -> Travellers:
    """Whose held meetings abroad the trips check compares with trips.csv."""
    entry = load_reference_file("roles", directory or REFERENCE_DIR)["travellers"]
    return Travellers(entry["country"], frozenset(entry["roles"]))


def cue_words(directory: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The closed word lists of cues.json ("meeting_nouns", "speech_verbs" ...)."""
    words = load_reference_file("cues", directory or REFERENCE_DIR)["words"]
    return {name: tuple(values) for name, values in words.items()}


class ReferenceDataError(ParleyError):
    """A curated reference file is missing, is not JSON, or breaks its schema or a rule."""


_ID_KEYS = ("person_id", "place_id", "topic_id", "source_id", "code")


def _line_of(raw: str, document: Any, path: list) -> int | None:
    """Best-effort line number of an entry: where the id of the innermost entry appears."""
    node, entry_id = document, None
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            entry_id = next((node[k] for k in _ID_KEYS if isinstance(node.get(k), str)), entry_id)
    if entry_id is None:
        return None
    position = raw.find(json.dumps(entry_id))
    return raw.count("\n", 0, position) + 1 if position >= 0 else None


# Validated documents by (file, size, mtime, schema size, schema mtime): checking the
# 1.3 MB people.json against its schema takes seconds, and one process (a test run, a
# server) loads the same unchanged files many times. The documents are shared: read-only.
_VALIDATED: dict[tuple, dict] = {}


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def load_reference_file(name: str, directory: Path = REFERENCE_DIR) -> dict:
    """Read `NAME.json` and check it against `schemas/NAME.schema.json`."""
    path = directory / f"{name}.json"
    schema_path = directory / "schemas" / f"{name}.schema.json"
    key = (str(path.resolve()), _stamp(path), _stamp(schema_path))
    if key[1] is not None and key in _VALIDATED:
        return _VALIDATED[key]
    document = _load_reference_file(path, schema_path)
    if key[1] is not None:
        _VALIDATED[key] = document
    return document


# Bumped when the checks below change: stamps of older checks are then not trusted.
_CHECKS_VERSION = "1"


def checked_stamp(raw: str, schema: Any) -> Path | None:
    """Where a reference file of exactly this text, checked against exactly this schema
    by this version of jsonschema, is recorded as valid: a later process (the next
    build) need not check the same bytes again, a second for people.json. Any edit of
    the file or its schema, or another jsonschema, makes another stamp, so everything
    is checked again. In $XDG_CACHE_HOME/parley (default ~/.cache/parley); none with
    PARLEY_CACHE=off."""
    if os.environ.get("PARLEY_CACHE", "").strip().lower() == "off":
        return None
    try:
        validator_version = importlib.metadata.version("jsonschema")
    except importlib.metadata.PackageNotFoundError:
        return None
    digest = hashlib.sha256()
    for part in (_CHECKS_VERSION, validator_version, json.dumps(schema, sort_keys=True), raw):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "parley" / "checked" / digest.hexdigest()


def _load_reference_file(path: Path, schema_path: Path) -> dict:
    raw = read_text(path, error=ReferenceDataError)
    document = parse_json(path, raw, error=ReferenceDataError)
    schema = read_json(schema_path, error=ReferenceDataError)
    stamp = checked_stamp(raw, schema)
    if stamp is not None and stamp.is_file():
        return document
    document = _checked(path, raw, document, schema_path, schema)
    if stamp is not None:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:  # a read-only home: the next build checks again
            pass
    return document


def _checked(path: Path, raw: str, document: Any, schema_path: Path, schema: Any) -> dict:
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as error:
        raise ReferenceDataError(
            f"{schema_path}: not a valid JSON Schema: {error.message} "
            "(restore it: git checkout -- reference/schemas/)"
        ) from None
    validator = jsonschema.Draft202012Validator(_inline_refs(schema))
    checked = document
    if _is_unchanged_output(raw, document):
        # A file a script derived and validated, byte for byte as it wrote it: the
        # envelope and one entry are checked, not each of thousands of entries again
        # (a second a build). Any edit changes the checksum, and all is checked.
        checked = {**document, "places": document["places"][:1]}
    errors = sorted(validator.iter_errors(checked), key=lambda e: list(e.absolute_path))
    if errors:
        lines = []
        for error in errors[:20]:
            where = json_path(error.absolute_path)
            line = _line_of(raw, document, list(error.absolute_path))
            at = f"line {line}, " if line else ""
            lines.append(f"{path}: {at}{where}: {error.message} (rule: {error.validator})")
        if len(errors) > 20:
            lines.append(f"{path}: ... and {len(errors) - 20} more errors")
        raise ReferenceDataError("\n".join(lines))
    return document


_ANNOTATIONS = frozenset({"description", "title", "$comment", "examples", "default"})


def _inline_refs(schema: Any) -> Any:
    """The schema with each `{"$ref": "#/$defs/NAME"}` (and annotations) replaced by the
    definition itself: the same checks and messages, and about a third faster, since
    resolving a reference costs more than most checks. Recursive definitions stay
    references.

    >>> _inline_refs({"$defs": {"d": {"type": "string"}},
    ...     "items": {"$ref": "#/$defs/d", "description": "a date"}})["items"]
    {'type': 'string'}
    """
    if not isinstance(schema, dict):
        return schema
    definitions = schema.get("$defs", {})

    def inline(node: Any, open_refs: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [inline(item, open_refs) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if (
            isinstance(ref, str)
            and ref.startswith("#/$defs/")
            and ref[8:] in definitions
            and "/" not in ref[8:]
            and ref not in open_refs
            and set(node) - {"$ref"} <= _ANNOTATIONS
        ):
            return inline(definitions[ref[8:]], (*open_refs, ref))
        return {
            key: value if key == "$defs" else inline(value, open_refs)
            for key, value in node.items()
        }

    return inline(schema, ())


PLACES_MARK = '\n  "places": [\n'


def places_checksum(raw: str) -> str:
    """SHA-256 of a derived file's text from its list of places on (see derive_places.py)."""
    return hashlib.sha256(raw[raw.index(PLACES_MARK) :].encode("utf-8")).hexdigest()


def _is_unchanged_output(raw: str, document: Any) -> bool:
    if not isinstance(document, dict) or not isinstance(document.get("generated"), dict):
        return False
    expected = document["generated"].get("places_sha256")
    if not isinstance(expected, str) or PLACES_MARK not in raw:
        return False
    return isinstance(document.get("places"), list) and places_checksum(raw) == expected


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    capital: str | None
    short_forms: tuple[str, ...] = ()  # "US", "U.S.": abbreviations among names and adjectives


@dataclass(frozen=True)
class Place:
    place_id: str
    name: str
    kind: str
    country: str
    latitude: float
    longitude: float
    aliases: tuple[str, ...]
    city_id: str | None
    geonames_id: int | None = None
    derived: bool = False  # from places-geonames.json rather than written by hand


@dataclass(frozen=True)
class NonPlaces:
    """Names with a place in them that are no place, and words that are no place names."""

    codes: frozenset[str]  # codes of countries.json that are bodies: "at an EU summit"
    names: tuple[str, ...]  # "Shanghai Cooperation Organisation", "Paris Agreement"
    head_words: frozenset[str]  # folded: "agreement", "pact": "the Minsk agreements"
    regions: frozenset[str]  # "Europe", "Indo-Pacific": places, but no cities or countries
    words: frozenset[str]  # "Congress", "Parliament": capitalised after "in", no place names


@dataclass(frozen=True)
class Topic:
    topic_id: str
    label: str
    parent_id: str | None
    aliases: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Source:
    source_id: str
    name: str
    kind: str
    country: str | None
    names: tuple[str, ...]
    domains: tuple[str, ...]
    self_references: tuple[str, ...]


@dataclass(frozen=True)
class RolePhrase:
    """A way of naming an office: "Foreign Minister", "Secretary of State" (US)."""

    phrase: str
    role: str
    country: str | None
    weak: bool = False
    named_only: bool = False  # names only the person printed after it, never by office


@dataclass
class Reference:
    """All curated reference data, validated, with matchers built on demand."""

    people: dict[str, Person]
    person_names: dict[str, tuple[str, ...]]
    person_short_names: dict[str, tuple[str, ...]]
    role_phrases: tuple[RolePhrase, ...]
    role_words: dict[str, tuple[str, ...]]
    countries: dict[str, Country]
    places: dict[str, Place]
    topics: dict[str, Topic]
    sources: dict[str, Source]
    non_places: NonPlaces = field(
        default_factory=lambda: NonPlaces(frozenset(), (), frozenset(), frozenset(), frozenset())
    )
    documents: dict[str, dict] = field(default_factory=dict, repr=False)
    trips: list[dict] = field(default_factory=list, repr=False)

    @cached_property
    def trips_by_person(self) -> dict[str, list[tuple[dt.date, dt.date, str, str]]]:
        """Each traveller's official trips (trips.csv): (first day, last day, country code,
        locale as printed)."""
        out: dict[str, list[tuple[dt.date, dt.date, str, str]]] = {}
        for trip in self.trips:
            out.setdefault(trip["person_id"], []).append(
                (
                    dt.date.fromisoformat(trip["date_start"]),
                    dt.date.fromisoformat(trip["date_end"]),
                    trip["country"],
                    trip["locale"],
                )
            )
        return out

    @cached_property
    def name_gazetteer(self) -> Gazetteer[tuple[str, str]]:
        """Full names and short names -> (person_id, "name" | "short_name")."""
        entries: list[tuple[str, tuple[str, str]]] = []
        for person_id, names in self.person_names.items():
            entries += [(name, (person_id, "name")) for name in names]
        for person_id, names in self.person_short_names.items():
            entries += [(name, (person_id, "short_name")) for name in names]
        return Gazetteer(entries)

    @cached_property
    def role_gazetteer(self) -> Gazetteer[RolePhrase]:
        return Gazetteer(((r.phrase, r) for r in self.role_phrases), case_sensitive=False)

    @cached_property
    def body_gazetteer(self) -> Gazetteer[str]:
        """Names of international bodies (roles.json "bodies") -> their code (NATO, AU ...)."""
        bodies = self.documents.get("roles", {}).get("bodies", [])
        return Gazetteer((name, body["code"]) for body in bodies for name in body["names"])

    @cached_property
    def shared_offices(self) -> frozenset[str]:
        """Roles several people of one country hold at once (roles.json "shared_offices")."""
        return frozenset(self.documents.get("roles", {}).get("shared_offices", ()))

    @cached_property
    def office_remits(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """What the curated titles of an office say it is for, by role and country,
        longest first: "Political Affairs" of the "Under Secretary of State for Political
        Affairs" (reference/people.json)."""
        remits: dict[tuple[str, str], set[str]] = {}
        for person in self.people.values():
            for office in person.offices:
                if " for " in office.title:
                    remit = office.title.split(" for ", 1)[1].strip()
                    remits.setdefault((office.role, office.country), set()).add(remit)
        return {
            key: tuple(sorted(values, key=lambda r: (-len(r), r))) for key, values in remits.items()
        }

    @cached_property
    def setting_offices(self) -> tuple[frozenset[str], re.Pattern]:
        """Roles whose uncountried holder is of the country the sentence places the encounter
        in, and the words of a gathering of many countries, where it says nothing
        (roles.json "setting_offices")."""
        entry = self.documents.get("roles", {}).get("setting_offices") or {}
        words = sorted(entry.get("gatherings", ()), key=len, reverse=True)
        gathering = "|".join(re.escape(w) for w in words) or "(?!)"
        return frozenset(entry.get("roles", ())), re.compile(rf"\b(?:{gathering})\b", re.I)

    @cached_property
    def issuers(self) -> dict[str, dict]:
        """Publishers whose releases name their principal by title (roles.json "issuers")."""
        return {i["source_id"]: i for i in self.documents.get("roles", {}).get("issuers", [])}

    @cached_property
    def given_names(self) -> dict[str, frozenset[str]]:
        """person_id -> the folded first words of the person's full names ("sergey", "sergei")."""
        particles = set(self.role_words.get("name_particles", ()))
        out: dict[str, frozenset[str]] = {}
        for person_id, names in self.person_names.items():
            firsts = set()
            for name in names:
                words = [w for w in name.replace(".", ". ").split() if w not in particles]
                if len(words) >= 2:
                    firsts.add(fold(words[0]).rstrip("."))
            out[person_id] = frozenset(firsts)
        return out

    @cached_property
    def country_gazetteer(self) -> Gazetteer[tuple[str, str]]:
        """Country names and adjectives -> (code, "name" | "adjective")."""
        entries: list[tuple[str, tuple[str, str]]] = []
        for country in self.countries.values():
            entries += [(name, (country.code, "name")) for name in country.names]
            entries += [(name + "'s", (country.code, "name")) for name in country.names]
            entries += [(adj, (country.code, "adjective")) for adj in country.adjectives]
        return Gazetteer(entries)

    @cached_property
    def dotted_short_forms(self) -> frozenset[str]:
        """The countries' short forms written with stops ("U.S.", "D.P.R.K."), lower case and
        without the last stop: a stop after them ends no sentence."""
        return frozenset(
            form.lower().rstrip(".")
            for country in self.countries.values()
            for form in country.short_forms
            if "." in form
        )

    @cached_property
    def place_gazetteer(self) -> Gazetteer[str]:
        entries: list[tuple[str, str]] = []
        for place in self.places.values():
            entries += [(name, place.place_id) for name in (place.name, *place.aliases)]
        return Gazetteer(entries)

    @cached_property
    def non_place_gazetteer(self) -> Gazetteer[str]:
        """Names of organisations, treaties and the like that contain a place name."""
        return Gazetteer(((n, n) for n in self.non_places.names), case_sensitive=False)

    @cached_property
    def people_by_office(self) -> dict[tuple[str, str], tuple[Person, ...]]:
        """People by the (role, country) of any of their offices, in the order of
        `people`: who may hold an office, without reading every person."""
        index: dict[tuple[str, str], list[Person]] = {}
        for person in self.people.values():
            for key in dict.fromkeys((o.role, o.country) for o in person.offices):
                index.setdefault(key, []).append(person)
        return {key: tuple(people) for key, people in index.items()}

    @cached_property
    def text_bundles(self) -> tuple[GazetteerBundle, ...]:
        """The vocabularies an article's TextIndex is asked for, one automaton per case
        sensitivity: the text is scanned twice, not once per vocabulary."""
        return (
            GazetteerBundle(
                (
                    self.name_gazetteer,
                    self.place_gazetteer,
                    self.country_gazetteer,
                    self.topic_gazetteer_exact,
                )
            ),
            GazetteerBundle(
                (self.role_gazetteer, self.topic_gazetteer_folded, self.non_place_gazetteer)
            ),
        )

    @cached_property
    def place_by_folded_name(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for place in sorted(self.places.values(), key=lambda p: p.kind != "city"):
            for name in (place.name, *place.aliases):
                out.setdefault(name.casefold(), place.place_id)
        return out

    @cached_property
    def topic_gazetteer_exact(self) -> Gazetteer[str]:
        """All-capital aliases (acronyms such as INF) match case-sensitively."""
        return Gazetteer(
            (a, t.topic_id) for t in self.topics.values() for a in t.aliases if _is_acronym(a)
        )

    @cached_property
    def topic_gazetteer_folded(self) -> Gazetteer[str]:
        """The other aliases, ignoring case, each also with hyphens for its spaces
        ("missile-defense program", "weapons-proliferation issues": the compound written
        as one modifier)."""
        return Gazetteer(
            (
                (form, t.topic_id)
                for t in self.topics.values()
                for a in t.aliases
                if not _is_acronym(a)
                for form in dict.fromkeys((a, a.replace(" ", "-")))
            ),
            case_sensitive=False,
        )

    @cached_property
    def source_gazetteer(self) -> Gazetteer[str]:
        return Gazetteer((name, o.source_id) for o in self.sources.values() for name in o.names)

    @cached_property
    def self_references(self) -> tuple[tuple[str, str], ...]:
        """(folded phrase, source_id) of sources.json self_references, longest first."""
        pairs = {
            (p.casefold(), o.source_id) for o in self.sources.values() for p in o.self_references
        }
        return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair)))

    def self_reference_at(self, line: str) -> tuple[str, int] | None:
        """The outlet a related-story line opens by naming itself ("Also on rt.com: ..."),
        and where its phrase ends: sources.json self_references, ignoring case, as whole
        words."""
        for phrase, source_id in self.self_references:
            end = len(phrase)
            if line[:end].casefold() == phrase and not (line[end : end + 1].isalnum()):
                return source_id, end
        return None

    def city_of(self, place_id: str) -> Place | None:
        """The city a place lies in: itself for a city, its city for a landmark."""
        place = self.places.get(place_id)
        if place and place.kind == "landmark" and place.city_id:
            return self.places.get(place.city_id, place)
        return place


def fold(text: str) -> str:
    """Case and accents folded: "Fernández" and "FERNANDEZ" compare equal."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _people(
    path: Path, entries: list[dict]
) -> tuple[dict[str, Person], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """The curated people by id, with their full names and their short names."""
    people: dict[str, Person] = {}
    names: dict[str, tuple[str, ...]] = {}
    short_names: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        offices = tuple(_office(o) for o in entry["offices"])
        person_id = entry["person_id"]
        if person_id in people:
            raise ReferenceDataError(f"{path}: people: person_id {person_id!r} is used twice")
        people[person_id] = Person(person_id, entry["name"], entry["country"], True, offices)
        names[person_id] = (entry["name"], *entry.get("aliases", []))
        short_names[person_id] = tuple(entry.get("short_names", []))
    return people, names, short_names


def _office(entry: dict) -> Office:
    """An office of people.json: its term, or the days a source attests (`attested`)."""
    if "attested" in entry:
        days = entry["attested"]
        first, last = _date(days["first"]), _date(days["last"])
        return Office(entry["role"], entry["title"], entry["country"], first, last, "attested")
    return Office(
        entry["role"], entry["title"], entry["country"], _date(entry["start"]), _date(entry["end"])
    )


def presume_attested(
    people: dict[str, Person], shared: Iterable[str], reach_days: int
) -> dict[str, Person]:
    """Give each attested office the days it is presumed held: its attested days widened by
    `reach_days` each way, but not into the known days of another holder of the same role
    and country (nor another office of the person's own with them). Roles several people
    hold at once (`shared`) are widened by the reach alone.

    >>> d = dt.date
    >>> term = Office("head_of_state", "President", "AZ", d(2010, 1, 1), d(2021, 6, 30))
    >>> seen = Office("head_of_state", "President", "AZ", d(2022, 3, 1), d(2022, 6, 1), "attested")
    >>> people = {"a": Person("a", "A", "AZ", True, (term,)), "b": Person("b", "B", "AZ", True, (seen,))}
    >>> o = presume_attested(people, (), 365)["b"].offices[0]
    >>> o.presumed_start, o.presumed_end
    (datetime.date(2021, 7, 1), datetime.date(2023, 6, 1))
    """
    shared = set(shared)
    known: dict[tuple[str, str], list[tuple[dt.date, dt.date, Office]]] = {}
    for person in people.values():
        for office in person.offices:
            if office.start is not None:
                key = (office.role, office.country)
                known.setdefault(key, []).append((office.start, office.end or dt.date.max, office))
    reach = dt.timedelta(days=reach_days)
    presumed = {}
    for person_id, person in people.items():
        offices = []
        for office in person.offices:
            if office.basis == "attested":
                low, high = office.start - reach, office.end + reach
                key = (office.role, office.country)
                others = [] if office.role in shared else known.get(key, [])
                for start, end, other in others:
                    if other is office:
                        continue
                    if end < office.start:
                        low = max(low, end + dt.timedelta(days=1))
                    elif start > office.end:
                        high = min(high, start - dt.timedelta(days=1))
                office = replace(office, presumed_start=low, presumed_end=high)
            offices.append(office)
        presumed[person_id] = replace(person, offices=tuple(offices))
    return presumed


def load_reference(directory: Path = REFERENCE_DIR) -> Reference:
    """Load and check every curated file; raise ReferenceDataError naming the first bad one."""
    docs = {name: load_reference_file(name, directory) for name in REFERENCE_FILES}
    _check_documents(directory, docs)
    people, names, short_names = _people(directory / "people.json", docs["people"]["people"])
    _check_people(directory / "people.json", docs["people"]["people"])
    role_phrases = tuple(
        RolePhrase(
            phrase,
            group["role"],
            group.get("country"),
            group.get("weak", False),
            group.get("named_only", False),
        )
        for group in docs["roles"]["roles"]
        for phrase in group["phrases"]
    )
    role_words = {key: tuple(values) for key, values in docs["roles"].get("words", {}).items()}
    countries = {
        c["code"]: Country(
            c["code"],
            c["name"],
            tuple(c["names"]),
            tuple(c["adjectives"]),
            c.get("capital"),
            tuple(c["short_forms"]),
        )
        for c in docs["countries"]["countries"]
    }
    places = _load_places(directory, docs["places"]["places"], docs["places-geonames"]["places"])
    non = docs["non-places"]
    non_places = NonPlaces(
        frozenset(non["codes"]),
        tuple(e["name"] for e in non["names"]),
        frozenset(w.casefold() for w in non["head_words"]),
        frozenset(non["regions"]),
        frozenset(non["words"]),
    )
    topics = {
        t["topic_id"]: Topic(
            t["topic_id"],
            t["label"],
            t.get("parent_id"),
            tuple(t["aliases"]),
            t.get("description", ""),
        )
        for t in docs["topics"]["topics"]
    }
    sources = {
        o["source_id"]: Source(
            o["source_id"],
            o["name"],
            o["kind"],
            o.get("country"),
            tuple(o["names"]),
            tuple(o.get("domains", [])),
            tuple(o.get("self_references", [])),
        )
        for o in docs["sources"]["sources"]
    }
    _check_links(directory, people, countries, places, topics)
    shared = docs["roles"].get("shared_offices", [])
    _check_office_holders(directory, people, shared)
    people = presume_attested(people, shared, docs["people"]["attested_reach_days"])
    trips = load_trips(directory / "trips.csv", set(people))
    return Reference(
        trips=trips,
        people=people,
        person_names=names,
        person_short_names=short_names,
        role_phrases=role_phrases,
        role_words=role_words,
        countries=countries,
        places=places,
        topics=topics,
        sources=sources,
        non_places=non_places,
        documents=docs,
    )


def _place(entry: dict, derived: bool) -> Place:
    return Place(
        entry["place_id"],
        entry["name"],
        entry["kind"],
        entry["country"],
        entry["latitude"],
        entry["longitude"],
        tuple(entry.get("aliases", [])),
        entry.get("city_id"),
        entry.get("geonames_id"),
        derived,
    )


def _load_places(directory: Path, hand: list[dict], derived: list[dict]) -> dict[str, Place]:
    """The derived cities, overridden by the hand-written places (same id or GeoNames id).

    Every country code must be one of ISO 3166-1 (checked with pycountry), or
    one the standard leaves to its users (XA-XZ: Kosovo is XK).
    """
    problems = []
    hand_ids = {e["place_id"] for e in hand}
    hand_geonames = {e["geonames_id"] for e in hand if e.get("geonames_id")}
    places: dict[str, Place] = {}
    for file, entries, is_derived in (
        ("places-geonames.json", derived, True),
        ("places.json", hand, False),
    ):
        seen: set[str] = set()
        for entry in entries:
            place_id = entry["place_id"]
            if place_id in seen:
                problems.append(f"{directory / file}: {place_id}: place_id is used twice")
            seen.add(place_id)
            if not _is_country_code(entry["country"]):
                problems.append(
                    f"{directory / file}: {place_id}: country {entry['country']!r} "
                    "is not an ISO 3166-1 alpha-2 code"
                )
            if is_derived and (place_id in hand_ids or entry["geonames_id"] in hand_geonames):
                continue  # places.json says it by hand
            places[place_id] = _place(entry, is_derived)
    owners: dict[str, Place] = {}
    for place in places.values():
        for name in {n.casefold() for n in (place.name, *place.aliases)}:
            other = owners.setdefault(name, place)
            if other is not place:
                files = [
                    "places-geonames.json" if p.derived else "places.json" for p in (other, place)
                ]
                problems.append(
                    f"{directory / files[1]}: {place.place_id}: name {name!r} is also "
                    f"{other.place_id}'s in {files[0]} (one place per name; run "
                    "scripts/derive_places.py after editing places.json)"
                )
    if problems:
        raise ReferenceDataError("\n".join(problems))
    return places


def _is_country_code(code: str) -> bool:
    if len(code) == 2 and code[0] == "X":
        return True  # ISO 3166-1 leaves XA-XZ to its users; GeoNames and the EU use XK
    return code in _iso_codes()


@functools.cache
def _iso_codes() -> frozenset[str]:
    import pycountry  # imported here: it reads its database on first use

    return frozenset(c.alpha_2 for c in pycountry.countries)


TRIP_COLUMNS = [
    "trip_id",
    "person_id",
    "role",
    "name",
    "date_start",
    "date_end",
    "country",
    "country_name",
    "locale",
    "remarks",
]


def load_trips(path: Path, people: set[str] | None = None) -> list[dict]:
    """The official trips (scripts/import_trips.py writes the file).

    With `people` (the curated person IDs), every trip's person must be one of
    them; trip IDs must be unique.
    """
    text = read_text(path, error=ReferenceDataError)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames != TRIP_COLUMNS:
        raise ReferenceDataError(
            f"{path}: line 1: columns are {reader.fieldnames}, expected {TRIP_COLUMNS}"
        )
    rows = []
    first_line: dict[int, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            try:
                row["trip_id"] = int(row["trip_id"])
                for column in ("date_start", "date_end"):
                    dt.date.fromisoformat(row[column] or "")
            except (ValueError, TypeError) as error:
                raise ReferenceDataError(f"{path}: line {line}: {error}") from None
            if row["trip_id"] in first_line:
                raise ReferenceDataError(
                    f"{path}: line {line}: trip_id {row['trip_id']} is used twice (first on line "
                    f"{first_line[row['trip_id']]}) (rule: trip_id is unique)"
                )
            first_line[row["trip_id"]] = line
            if people is not None and row["person_id"] not in people:
                raise ReferenceDataError(
                    f"{path}: line {line}: trip {row['trip_id']}: person_id "
                    f"{row['person_id']!r} is not in people.json "
                    "(rule: every traveller is a curated person)"
                )
            rows.append(row)
    except csv.Error as error:
        raise ReferenceDataError(
            f"{path}: line {reader.line_num}: not valid CSV: {error}"
        ) from None
    return rows


def _line_in(directory: Path, name: str, key: str, value: Any, occurrence: int = 1) -> str:
    """ "line N, " for the `occurrence`-th `"key": value` in NAME.json ("" when not found)."""
    try:
        raw = (directory / f"{name}.json").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    pattern = re.compile(re.escape(json.dumps(key)) + r"\s*:\s*" + re.escape(json.dumps(value)))
    matches = list(pattern.finditer(raw))
    if len(matches) < occurrence:
        return ""
    return f"line {raw.count(chr(10), 0, matches[occurrence - 1].start()) + 1}, "


# (file, list key, id key) of every curated list whose entries are named by an ID.
_ID_LISTS = (
    ("countries", "countries", "code"),
    ("places", "places", "place_id"),
    ("topics", "topics", "topic_id"),
    ("sources", "sources", "source_id"),
)


def _check_documents(directory: Path, docs: dict[str, dict]) -> None:
    """Rules within the documents that the JSON Schemas cannot express.

    Each ID is used once (a second entry would silently replace the first);
    every country code names a curated country; every office date is a real
    day (the schema's pattern lets 1993-02-30 through).
    """
    problems = []
    for name, list_key, id_key in _ID_LISTS:
        seen: dict[str, int] = {}
        for index, entry in enumerate(docs[name][list_key]):
            value = entry[id_key]
            if value in seen:
                at = _line_in(directory, name, id_key, value, 2)
                problems.append(
                    f"{directory / f'{name}.json'}: {at}{list_key}[{index}]: {id_key} {value!r} "
                    f"is used twice (first at {list_key}[{seen[value]}]) (rule: unique {id_key})"
                )
            seen.setdefault(value, index)
    for index, country in enumerate(docs["countries"]["countries"]):
        for form in country["short_forms"]:
            if form not in country["names"] and form not in country["adjectives"]:
                at = _line_in(directory, "countries", "code", country["code"])
                problems.append(
                    f"{directory / 'countries.json'}: {at}countries[{index}].short_forms: "
                    f"{form!r} is in neither names nor adjectives (rule: a short form is a "
                    "name or an adjective)"
                )
    codes = {c["code"] for c in docs["countries"]["countries"]}
    # People serve countries or international bodies (roles.json `bodies`: NATO, OECD,
    # OIC ...), so their codes may be either; places, sources and role phrases are
    # countries only.
    served = codes | {b["code"] for b in docs["roles"].get("bodies", [])}
    country_fields = [
        ("places", "places", "place_id", codes, lambda e: [("country", e.get("country"))]),
        ("sources", "sources", "source_id", codes, lambda e: [("country", e.get("country"))]),
        (
            "people",
            "people",
            "person_id",
            served,
            lambda e: (
                [("country", e.get("country"))]
                + [
                    (f"offices[{i}].{key}", o.get(key))
                    for i, o in enumerate(e["offices"])
                    for key in ("country", "host_country")
                ]
            ),
        ),
        ("roles", "roles", "role", codes, lambda e: [("country", e.get("country"))]),
    ]
    for name, list_key, id_key, known, fields in country_fields:
        for index, entry in enumerate(docs[name][list_key]):
            for where, code in fields(entry):
                if code is not None and code not in known:
                    at = _line_in(directory, name, id_key, entry[id_key])
                    where_listed = (
                        "countries.json or roles.json bodies"
                        if known is served
                        else "countries.json"
                    )
                    problems.append(
                        f"{directory / f'{name}.json'}: {at}{list_key}[{index}].{where}: "
                        f"{code!r} is not a country code in {where_listed} "
                        "(rule: known country)"
                    )
    for index, entry in enumerate(docs["people"]["people"]):
        for number, office in enumerate(entry["offices"]):
            attested = office.get("attested", {})
            for key, value in (
                ("start", office.get("start")),
                ("end", office.get("end")),
                ("attested.first", attested.get("first")),
                ("attested.last", attested.get("last")),
            ):
                try:
                    _date(value)
                except ValueError:
                    at = _line_in(directory, "people", "person_id", entry["person_id"])
                    problems.append(
                        f"{directory / 'people.json'}: {at}people[{index}].offices[{number}]."
                        f"{key}: {value!r} is not a real day (rule: a calendar date)"
                    )
    if problems:
        raise ReferenceDataError("\n".join(problems[:20]))


_QUALIFIER = re.compile(r"\s*\((?:acting|interim|caretaker)\)\s*$", re.IGNORECASE)


def _check_office_holders(directory: Path, people: dict[str, Person], shared: list[str]) -> None:
    """One holder of an office at a time: two presidents of one country on one day is a typo.

    An office is its role, country and title (an "(acting)" or "(interim)"
    holder holds the same office). Successors may share the day of the
    handover. Roles listed in roles.json's `shared_offices` (a country has
    several deputy foreign ministers) are exempt.
    """
    holders: dict[tuple, list[tuple[dt.date, dt.date, str]]] = {}
    for person in people.values():
        for office in person.offices:
            if office.role in shared or office.start is None:
                continue
            key = (office.role, office.country, _QUALIFIER.sub("", office.title))
            holders.setdefault(key, []).append(
                (office.start, office.end or dt.date.max, person.person_id)
            )
    problems = []
    for (_, country, title), terms in sorted(holders.items(), key=lambda kv: str(kv[0])):
        terms.sort()
        end, holder = terms[0][1], terms[0][2]  # the term that reaches furthest so far
        for next_start, next_end, next_id in terms[1:]:
            if next_id != holder and next_start < end:
                problems.append(
                    f"{directory / 'people.json'}: {next_id}: office {title!r} ({country}) from "
                    f"{next_start}, while {holder} holds it until "
                    f"{end if end != dt.date.max else 'today'} (rule: one holder of an office "
                    "at a time; fix a date, or list the role in roles.json shared_offices)"
                )
            if next_end > end:
                end, holder = next_end, next_id
    if problems:
        raise ReferenceDataError("\n".join(problems[:20]))


def known_days(office: dict) -> tuple[str, str | None]:
    """An office entry's first and last known days: its term, or its attested days."""
    if "attested" in office:
        return office["attested"]["first"], office["attested"]["last"]
    return office["start"], office["end"]


def _check_people(path: Path, entries: list[dict]) -> None:
    """Rules on people.json the schema cannot express: no alias (or name) shared by two
    people unless both mark it in `ambiguous_aliases`; no person holding the same office
    (role, country, host country) twice over more than one day (a handover day, when
    one term ends and the next begins, may be shared)."""
    problems = []
    owners: dict[str, tuple[int, dict]] = {}
    for index, entry in enumerate(entries):
        marked = {fold(a) for a in entry.get("ambiguous_aliases", [])}
        for name in dict.fromkeys([entry["name"], *entry.get("aliases", [])]):
            key = fold(name)
            if key not in owners:
                owners[key] = (index, entry)
                continue
            other_index, other = owners[key]
            if other["person_id"] == entry["person_id"]:
                continue
            if key in marked and key in {fold(a) for a in other.get("ambiguous_aliases", [])}:
                continue
            problems.append(
                f"{path}: people[{index}] ({entry['person_id']}): alias {name!r} is also a "
                f"name of people[{other_index}] ({other['person_id']}) (rule: an alias names "
                "one person; list it in ambiguous_aliases of both if both are right)"
            )
        offices = entry["offices"]
        for i, first in enumerate(offices):
            for j in range(i + 1, len(offices)):
                second = offices[j]
                same = ("role", "country", "host_country")
                if any(first.get(k) != second.get(k) for k in same):
                    continue
                (a, b), (c, d) = known_days(first), known_days(second)
                if max(a, c) < min(b or "9999-12-31", d or "9999-12-31"):  # a day or more
                    problems.append(
                        f"{path}: people[{index}] ({entry['person_id']}): offices[{i}] "
                        f"({first['title']}, {a} to {b}) and offices[{j}] "
                        f"({second['title']}, {c} to {d}) overlap "
                        "(rule: one office is held once at a time; a handover day may be shared)"
                    )
    if problems:
        raise ReferenceDataError("\n".join(problems[:20]))


def _check_links(directory: Path, people, countries, places, topics) -> None:
    """Cross-file references a JSON Schema cannot check."""
    problems = []
    for person in people.values():
        for office in person.offices:
            if office.start and office.end and office.start > office.end:
                problems.append(
                    f"{directory / 'people.json'}: {person.person_id}: office {office.title!r} "
                    f"starts {office.start} after it ends {office.end}"
                )
    for place in places.values():
        if place.city_id and place.city_id not in places:
            problems.append(
                f"{directory / 'places.json'}: {place.place_id}: city_id {place.city_id!r} "
                "is not a place"
            )
    for topic in topics.values():
        if topic.parent_id and topic.parent_id not in topics:
            problems.append(
                f"{directory / 'topics.json'}: {topic.topic_id}: parent_id {topic.parent_id!r} "
                "is not a topic"
            )
        seen, node = set(), topic
        while node and node.parent_id:
            if node.topic_id in seen:
                problems.append(
                    f"{directory / 'topics.json'}: {topic.topic_id}: parent_id forms a cycle"
                )
                break
            seen.add(node.topic_id)
            node = topics.get(node.parent_id)
    for country in countries.values():
        if country.capital and country.capital not in places:
            problems.append(
                f"{directory / 'countries.json'}: {country.code}: capital {country.capital!r} "
                "is not a place"
            )
    if problems:
        raise ReferenceDataError("\n".join(problems))
