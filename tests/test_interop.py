"""Keys for joins with other research data: event codes, visit roles, countries,
place ids, dyad-years, and the PLOVER and CAMEO exports (parley.interop, parley.export)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from helpers import ROOT, edit, load_script, run_build

from parley.cli import main
from parley.export import (
    CAMEO_SCHEMA,
    PLOVER_SCHEMA,
    ExportError,
    cameo_rows,
    export,
    plover_records,
    read_package,
)
from parley.interop import (
    country_rows,
    dyad_year_rows,
    load_event_codes,
    meeting_enums,
    roles_from_quote,
    visit_roles,
)
from parley.package import load_schemas
from parley.paths import REFERENCE_DIR
from parley.reference import ReferenceDataError, load_reference_file
from parley.validate import validate_package


def rows(package: Path, name: str) -> list[dict]:
    with open(package / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- event codes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status", "third", "expected"),
    [
        ("talks", "held", False, ("040", "CONSULT", "", "")),
        ("talks", "held", True, ("044", "CONSULT", "third-party", "")),
        ("summit", "held", True, ("044", "CONSULT", "third-party", "")),
        ("summit", "held", False, ("040", "CONSULT", "", "")),
        ("visit", "held", False, ("042", "CONSULT", "visit", "")),
        ("visit", "held", True, ("042", "CONSULT", "visit", "")),
        ("sidelines", "held", False, ("044", "CONSULT", "multilateral", "")),
        ("multilateral", "held", False, ("044", "CONSULT", "multilateral", "")),
        ("phone_call", "held", False, ("041", "CONSULT", "phone", "")),
        ("video_call", "held", False, ("041", "CONSULT", "phone", "")),
        ("visit", "planned", False, ("036", "AGREE", "", "future")),
        ("phone_call", "planned", False, ("036", "AGREE", "", "future")),
        ("talks", "cancelled", True, ("036", "AGREE", "", "future")),
    ],
)
def test_event_codes_of_kind_and_status(kind, status, third, expected):
    code = load_event_codes().code(kind, status, third)
    assert (code.cameo, code.plover_event, code.plover_mode, code.plover_context) == expected


def test_the_mapping_covers_every_kind_and_status_of_the_schema():
    codes = load_event_codes()
    kinds, statuses = meeting_enums()
    assert set(codes.rules) == {(k, s) for k in kinds for s in statuses}
    assert codes.host_code("visit", "held") == "043"
    assert codes.host_code("talks", "held") is None


def test_the_schemas_allow_exactly_the_codes_of_the_mapping():
    document = load_reference_file("event-codes")
    cameo = {c["code"] for c in document["cameo"]}
    modes = {m for p in document["plover"] for m in p["modes"]}
    schemas = load_schemas()
    for name in ("meetings", "article_meetings"):
        fields = {f["name"]: f.get("constraints", {}) for f in schemas[name]["fields"]}
        assert set(fields["cameo_code"]["enum"]) == cameo
        assert set(fields["plover_event"]["enum"]) == {p["event"] for p in document["plover"]}
        assert set(fields["plover_mode"]["enum"]) == modes


def _broken_mapping(tmp_path: Path, change) -> Path:
    (tmp_path / "schemas").mkdir()
    shutil.copy(REFERENCE_DIR / "schemas" / "event-codes.schema.json", tmp_path / "schemas")
    document = json.loads((REFERENCE_DIR / "event-codes.json").read_text(encoding="utf-8"))
    change(document)
    (tmp_path / "event-codes.json").write_text(json.dumps(document), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["rules"].pop(),
            "no rule maps kind 'talks' with status 'cancelled'",
        ),
        (
            lambda d: d["rules"][0]["kinds"].append("picnic"),
            "rules[0]: kind 'picnic' is not in schemas/meetings.json",
        ),
        (
            lambda d: d["rules"][1].update(cameo="057"),
            "rules[1]: CAMEO code '057' is not listed under 'cameo'",
        ),
        (
            lambda d: d["rules"][3].update(plover_mode="carrier-pigeon"),
            "rules[3]: 'carrier-pigeon' is not a mode of CONSULT",
        ),
        (
            lambda d: d["rules"][5]["statuses"].append("planned"),
            "rules[5]: (talks, planned) is already mapped",
        ),
    ],
)
def test_a_broken_mapping_is_named(tmp_path, change, message):
    directory = _broken_mapping(tmp_path, change)
    with pytest.raises(ReferenceDataError) as error:
        load_event_codes(directory)
    assert f"{directory / 'event-codes.json'}: " in str(error.value)
    assert message in str(error.value)


def test_every_meeting_and_article_link_has_the_codes_of_the_mapping(built_package):
    codes = load_event_codes()
    meetings = {m["meeting_id"]: m for m in rows(built_package, "meetings")}
    countries: dict[str, set[str]] = {}
    for p in rows(built_package, "meeting_participants"):
        countries.setdefault(p["meeting_id"], set()).add(p["country"])
    assert meetings
    for meeting in meetings.values():
        third = (
            bool(meeting["country"]) and meeting["country"] not in countries[meeting["meeting_id"]]
        )
        code = codes.code(meeting["kind"], meeting["status"], third)
        assert meeting["cameo_code"] == code.cameo and meeting["plover_event"] == code.plover_event
        assert meeting["plover_mode"] == code.plover_mode
    for link in rows(built_package, "article_meetings"):
        meeting = meetings[link["meeting_id"]]
        third = (
            bool(meeting["country"]) and meeting["country"] not in countries[meeting["meeting_id"]]
        )
        code = codes.code(meeting["kind"], link["reported_status"], third)
        assert (link["cameo_code"], link["plover_context"]) == (code.cameo, code.plover_context)


def test_validate_names_a_wrong_event_code(package_copy):
    first = rows(package_copy, "meetings")[0]["cameo_code"]
    edit(package_copy, "meetings", 2, "cameo_code", "043")
    problems = [str(p) for p in validate_package(package_copy / "datapackage.json")]
    assert problems == [
        "meetings.csv: row 2, column cameo_code: cameo_code is '043', but "
        f"reference/event-codes.json gives {first!r} for this kind and status"
    ]


# --- visit roles ----------------------------------------------------------------------

NAMES = {
    "anna-berg": ("Anna Berg", "Berg"),
    "jonas-holm": ("Jonas Holm", "Holm"),
}


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        (
            "President Anna Berg received Foreign Minister Jonas Holm on Monday.",
            {"anna-berg": "host"},
        ),
        ("Berg hosted Holm at the palace.", {"anna-berg": "host"}),
        ("Holm, who visited the capital last week, met Berg.", {"jonas-holm": "visitor"}),
        ("Holm will travel to Oslo to meet Berg.", {"jonas-holm": "visitor"}),
        ("Holm is to pay an official visit to Norway.", {"jonas-holm": "visitor"}),
        (
            "Holm was received by President Anna Berg in Oslo.",
            {"jonas-holm": "visitor", "anna-berg": "host"},
        ),
        ("The president may receive Foreign Minister Holm on Friday.", {"jonas-holm": "visitor"}),
        # Nouns and subjects that are not right before the verb say nothing.
        ("Berg praised Holm's visit to Oslo.", {}),
        ("Holm met Berg when the delegation visited Oslo.", {}),
        ("Berg said on Tuesday that talks went well and hosted a dinner.", {}),
    ],
)
def test_roles_from_quote(quote, expected):
    assert roles_from_quote(quote, NAMES) == expected


def participant(person_id, country, role="foreign_minister"):
    return {"person_id": person_id, "country": country, "role": role}


HOST = participant("anna-berg", "NO", "head_of_state")
GUEST = participant("jonas-holm", "SE")


@pytest.mark.parametrize(
    ("people", "quotes", "place", "expected"),
    [
        (
            [HOST, GUEST],
            ["Berg received Holm."],
            None,
            {"anna-berg": "host", "jonas-holm": "visitor"},
        ),
        ([HOST, GUEST], ["They met."], "NO", {"anna-berg": "host", "jonas-holm": "visitor"}),
        # The place's side is no head of state or government: not clear.
        ([participant("anna-berg", "NO"), GUEST], ["They met."], "NO", {}),
        ([HOST, GUEST], ["They met."], None, {}),
        ([HOST, GUEST], ["They met."], "FI", {}),
        # The quotes disagree with each other, or with the place.
        ([HOST, GUEST], ["Berg received Holm.", "Berg visited Holm."], None, {}),
        ([HOST, GUEST], ["Holm hosted Berg."], "NO", {}),
        # Three countries: no two sides.
        ([HOST, GUEST, participant("x-y", "FI")], ["Berg received Holm."], "NO", {}),
    ],
)
def test_visit_roles(people, quotes, place, expected):
    assert visit_roles(people, quotes, NAMES, place) == expected


def test_the_seed_visits_have_their_visitor_and_host(built_package):
    people = {p["person_id"]: p for p in rows(built_package, "people")}
    meetings = {m["meeting_id"]: m for m in rows(built_package, "meetings")}
    roles = {}
    for row in rows(built_package, "meeting_participants"):
        if meetings[row["meeting_id"]]["kind"] != "visit":
            assert row["visit_role"] == ""
        elif row["visit_role"]:
            roles[(meetings[row["meeting_id"]]["title"], people[row["person_id"]]["name"])] = row[
                "visit_role"
            ]
    # Every visit of the seeds is a head of state receiving a foreign minister abroad.
    assert roles and all(
        role == ("host" if name in ("Donald Trump", "Vladimir Putin") else "visitor")
        for (_, name), role in roles.items()
    )


# --- countries ------------------------------------------------------------------------


def test_country_rows_exact(reference):
    by_code = {r["country"]: r for r in country_rows(reference)}
    bodies = {b["code"]: b["name"] for b in reference.documents["roles"]["bodies"]}
    assert set(by_code) == set(reference.countries) | set(bodies)
    # A body code that is also a state's ISO code stays the state's.
    assert by_code["AU"]["name"] == "Australia" and by_code["AU"]["kind"] == "state"
    assert by_code["NATO"] == {
        "country": "NATO",
        "name": "North Atlantic Treaty Organization",
        "kind": "body",
        **dict.fromkeys(("iso_name", "iso_alpha2", "iso_alpha3", "iso_numeric"), None),
        **dict.fromkeys(("cow_code", "cow_abbr", "gw_code"), None),
    }
    assert by_code["US"] == {
        "country": "US",
        "name": "United States",
        "kind": "state",
        "iso_name": "United States",
        "iso_alpha2": "US",
        "iso_alpha3": "USA",
        "iso_numeric": "840",
        "cow_code": 2,
        "cow_abbr": "USA",
        "gw_code": 2,
    }
    assert (by_code["DE"]["cow_code"], by_code["DE"]["cow_abbr"], by_code["DE"]["gw_code"]) == (
        255,
        "GMY",
        260,
    )
    assert by_code["AF"]["iso_numeric"] == "004"
    assert by_code["XK"]["iso_alpha3"] is None and by_code["XK"]["cow_code"] == 347
    assert by_code["VA"]["cow_code"] is None and by_code["VA"]["iso_alpha3"] == "VAT"
    for body in ("EU", "UN"):
        assert by_code[body]["kind"] == "body"
        assert (by_code[body]["iso_alpha3"], by_code[body]["cow_code"]) == (None, None)


def test_cow_numbers_are_what_the_derivation_script_makes():
    """The committed `states` are countrycode's COW numbers plus the documented exceptions:
    a hand edit, or a new country in countries.json without a rerun, fails here."""
    derive = load_script("derive_country_codes")
    document = load_reference_file("country-codes")
    codes = [entry["code"] for entry in load_reference_file("countries")["countries"]]
    assert document["states"] == derive.derive_states(codes, document, derive.countrycode_lookup())
    by_code = {s["code"]: s for s in document["states"]}
    assert (by_code["AT"]["cow_code"], by_code["AT"]["cow_abbr"]) == (305, "AUS")
    assert by_code["RS"]["cow_code"] == 345 and "VA" not in by_code and "PS" not in by_code
    numbers = [s["cow_code"] for s in document["states"]]
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["AT"], [{"code": "AT", "cow_code": 305, "cow_abbr": "AUS"}]),
        # An exception wins over the package's value.
        (["RS"], [{"code": "RS", "cow_code": 345, "cow_abbr": "YUG"}]),
        # A body has no COW number and is skipped; an exception with null is left out.
        (["EU", "VA"], []),
    ],
)
def test_derive_states_joins_by_iso_code_and_applies_exceptions(codes, expected):
    derive = load_script("derive_country_codes")
    document = {
        "bodies": [{"code": "EU"}],
        "exceptions": [
            {"code": "RS", "cow_code": 345, "cow_abbr": "YUG"},
            {"code": "VA", "cow_code": None, "cow_abbr": None},
        ],
    }
    table = {("AT", "cown"): 305, ("AT", "cowc"): "AUS", ("VA", "cown"): 327}
    lookup = lambda code, column: table.get((code, column))  # noqa: E731
    assert derive.derive_states(codes, document, lookup) == expected


def test_derive_states_names_a_state_it_cannot_join():
    derive = load_script("derive_country_codes")
    document = {"bodies": [], "exceptions": []}
    with pytest.raises(SystemExit, match="no COW number for ZZ: add them to `exceptions`"):
        derive.derive_states(["ZZ"], document, lambda code, column: None)


def test_every_country_column_has_a_foreign_key_to_countries():
    schemas = load_schemas()
    for name, schema in schemas.items():
        keys = {fk["fields"]: fk["reference"] for fk in schema.get("foreignKeys", [])}
        for field in schema["fields"]:
            if field["name"] == "country" or field["name"].endswith(
                ("_country", "country_a", "country_b")
            ):
                if name == "countries":
                    continue
                assert keys[field["name"]] == {"resource": "countries", "fields": "country"}, (
                    name,
                    field["name"],
                )


def test_every_country_value_resolves_to_a_countries_row(built_package):
    codes = {r["country"] for r in rows(built_package, "countries")}
    schemas = load_schemas()
    checked = 0
    for name, schema in schemas.items():
        for key in schema.get("foreignKeys", []):
            if key["reference"]["resource"] == "countries":
                values = {r[key["fields"]] for r in rows(built_package, name)} - {""}
                assert values <= codes, (name, values - codes)
                checked += len(values)
    assert checked


def test_validate_rejects_an_unknown_country(package_copy):
    edit(package_copy, "people", 2, "country", "ZZ")
    problems = [str(p) for p in validate_package(package_copy / "datapackage.json")]
    assert "people.csv: row 2, column country: foreign key error" in problems[0]
    assert "'ZZ'" in problems[0]


COUNTRY_COLUMNS = sorted(
    (name, key["fields"])
    for name, schema in load_schemas().items()
    for key in schema.get("foreignKeys", [])
    if key["reference"]["resource"] == "countries"
)


def test_the_country_columns_are_those_of_every_resource_with_a_country():
    assert COUNTRY_COLUMNS == [
        ("articles", "dateline_country"),
        ("dyad_years", "country_a"),
        ("dyad_years", "country_b"),
        ("meeting_participants", "country"),
        ("meetings", "country"),
        ("offices", "country"),
        ("people", "country"),
        ("places", "country"),
        ("sources", "country"),
        ("trips", "country"),
    ]


@pytest.mark.parametrize(("resource", "column"), COUNTRY_COLUMNS)
def test_validate_names_an_unknown_country_in_every_country_column(package_copy, resource, column):
    number = next(n for n, r in enumerate(rows(package_copy, resource), 2) if r[column])
    edit(package_copy, resource, number, column, "ZZ")
    problems = [str(p) for p in validate_package(package_copy / "datapackage.json")]
    named = [p for p in problems if p.startswith(f"{resource}.csv: row {number}, column {column}:")]
    assert named and "foreign key error" in named[0] and "'ZZ'" in named[0], problems


# --- places ---------------------------------------------------------------------------


def test_places_carry_their_geonames_id_and_coordinates_source(built_package, reference):
    for row in rows(built_package, "places"):
        place = reference.places[row["place_id"]]
        geonames_id = getattr(place, "geonames_id", None)
        assert row["geonames_id"] == (str(geonames_id) if geonames_id else "")
        derived = getattr(place, "derived", False)
        assert row["coordinates_source"] == ("geonames" if derived else "curated")


def test_every_place_of_the_seeds_has_a_geonames_id(built_package):
    # The seeds' meetings are in cities (a landmark's meeting is its city's): their own
    # ids, and how far the curated point is from GeoNames'.
    assert {
        r["place_id"]: (
            r["geonames_id"],
            r["geonames_nearest_id"],
            r["geonames_relation"],
            r["geonames_distance_km"],
        )
        for r in rows(built_package, "places")
    } == {
        "helsinki": ("658225", "658225", "same", "0.2"),
        "moscow": ("524901", "524901", "same", "0.4"),
        "new-york": ("5128581", "5128581", "same", "0.2"),
        "sochi": ("491422", "491422", "same", "1.0"),
        "washington": ("4140963", "4140963", "same", "1.3"),
    }


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("geonames_id", "658226", "geonames_id is '658226', but the gazetteer gives '658225' "
         "(its own GeoNames id; reference/places.json, places-geonames.json)"),
        ("geonames_id", "", "geonames_id is '', but the gazetteer gives '658225' "
         "(its own GeoNames id; reference/places.json, places-geonames.json)"),
        ("geonames_nearest_id", "658226", "geonames_nearest_id is '658226', but the gazetteer "
         "gives '658225' (the GeoNames id of the place or of what contains it or is nearest; "
         "reference/places.json, places-geonames.json)"),
        ("geonames_relation", "city", "geonames_relation is 'city', but the gazetteer gives "
         "'same' (what geonames_nearest_id is to the place; reference/places.json, "
         "places-geonames.json)"),
        ("geonames_distance_km", "0.0", "geonames_distance_km is '0.0', but the gazetteer "
         "gives '0.2' (km from the place's point to geonames_nearest_id's; "
         "reference/places.json, places-geonames.json)"),
        ("coordinates_source", "geonames", "coordinates_source is 'geonames', but the "
         "gazetteer gives 'curated' (where its coordinates come from; reference/places.json, "
         "places-geonames.json)"),
    ],
)  # fmt: skip
def test_validate_names_a_wrong_geonames_id(package_copy, column, value, message):
    assert rows(package_copy, "places")[0]["place_id"] == "helsinki"
    edit(package_copy, "places", 2, column, value)
    problems = [str(p) for p in validate_package(package_copy / "datapackage.json")]
    assert problems == [f"places.csv: row 2, column {column}: {message}"]


def test_validate_names_a_place_without_any_geonames_id(package_copy):
    # Every place has an id: the Table Schema requires the column (a cell frictionless
    # names is not named again by check_places).
    edit(package_copy, "places", 2, "geonames_nearest_id", "")
    problems = [str(p) for p in validate_package(package_copy / "datapackage.json")]
    assert problems == [
        "places.csv: row 2, column geonames_nearest_id: constraint error: the cell is empty "
        "but the column is required"
    ]


RETREAT_ARTICLE = """Leaders meet at presidential retreat

WASHINGTON, Aug. 18, 2023 (Reuters) - U.S. President Joe Biden met Japanese Prime Minister \
Fumio Kishida at Camp David on Friday, the White House said.

The two leaders discussed security in the Indo-Pacific during the talks.
"""


def test_a_meeting_outside_any_city_has_the_nearest_town_s_geonames_id(tmp_path):
    # Camp David lies in no listed city: its own row, with Thurmont's id beside its empty own.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "retreat.txt").write_text(RETREAT_ARTICLE, encoding="utf-8")
    result = run_build(tmp_path / "in", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert rows(tmp_path / "out", "places") == [
        {"place_id": "camp-david", "name": "Camp David", "country": "US",
         "latitude": "39.6483", "longitude": "-77.465", "geonames_id": "",
         "geonames_nearest_id": "4371334", "geonames_relation": "nearest",
         "geonames_distance_km": "5.4", "coordinates_source": "curated"},
    ]  # fmt: skip
    assert [str(p) for p in validate_package(tmp_path / "out" / "datapackage.json")] == []


def _places_package(place_rows):
    from types import SimpleNamespace

    return SimpleNamespace(
        rows=lambda name: [{**r, "_row": n} for n, r in enumerate(place_rows, 2)],
        file=lambda name: f"{name}.csv",
    )


def _place_row(place_id, own, nearest, relation, distance, source="curated"):
    return {"place_id": place_id, "geonames_id": own, "geonames_nearest_id": nearest,
            "geonames_relation": relation, "geonames_distance_km": distance,
            "coordinates_source": source}  # fmt: skip


# The committed gazetteer's rows (reference/places-geonames.json, generated.nearest_ids).
CAMP_DAVID = _place_row("camp-david", "", "4371334", "nearest", "5.4")  # Thurmont
PANMUNJOM = _place_row("panmunjom", "", "1840862", "nearest", "14.3")  # Munsan
BALI = _place_row("bali", "1650535", "1650535", "same", "")  # a province: no point
MARIUPOL = _place_row("mariupol", "701822", "701822", "same", "0.0", "geonames")


@pytest.mark.parametrize(
    ("row", "problems"),
    [
        (CAMP_DAVID, []),
        (PANMUNJOM, []),
        (BALI, []),
        (MARIUPOL, []),
        # What a package built before the nearest ids holds for Camp David.
        (
            {"place_id": "camp-david", "geonames_id": "", "coordinates_source": "curated"},
            [
                "places.csv: row 2, column geonames_nearest_id: geonames_nearest_id is '', but "
                "the gazetteer gives '4371334' (the GeoNames id of the place or of what "
                "contains it or is nearest; reference/places.json, places-geonames.json)",
                "places.csv: row 2, column geonames_relation: geonames_relation is '', but the "
                "gazetteer gives 'nearest' (what geonames_nearest_id is to the place; "
                "reference/places.json, places-geonames.json)",
                "places.csv: row 2, column geonames_distance_km: geonames_distance_km is '', "
                "but the gazetteer gives '5.4' (km from the place's point to "
                "geonames_nearest_id's; reference/places.json, places-geonames.json)",
            ],
        ),
        # A landmark passed off as its own GeoNames entry.
        (
            {**CAMP_DAVID, "geonames_id": "4371334", "geonames_relation": "same"},
            [
                "places.csv: row 2, column geonames_id: geonames_id is '4371334', but the "
                "gazetteer gives '' (its own GeoNames id; reference/places.json, "
                "places-geonames.json)",
                "places.csv: row 2, column geonames_relation: geonames_relation is 'same', but "
                "the gazetteer gives 'nearest' (what geonames_nearest_id is to the place; "
                "reference/places.json, places-geonames.json)",
            ],
        ),
        (
            _place_row("atlantis", "", "", "", ""),
            [
                "places.csv: row 2, column place_id: place_id 'atlantis' is in neither "
                "reference/places.json nor reference/places-geonames.json"
            ],
        ),
    ],
)
def test_check_places_on_places_with_and_without_their_own_id(row, problems):
    from parley.interop import check_places

    assert [str(p) for p in check_places(_places_package([row]))] == problems


def _reference_copy(tmp_path, hand, derived, nearest, own):
    """A reference folder with the two place files (envelopes of the committed ones)."""
    (tmp_path / "schemas").mkdir()
    for name in ("places", "places-geonames"):
        shutil.copy(REFERENCE_DIR / "schemas" / f"{name}.schema.json", tmp_path / "schemas")
    document = load_reference_file("places")
    (tmp_path / "places.json").write_text(json.dumps({**document, "places": hand}))
    document = load_reference_file("places-geonames")
    generated = {**document["generated"], "hand_written_ids": own, "nearest_ids": nearest}
    (tmp_path / "places-geonames.json").write_text(
        json.dumps({**document, "generated": generated, "places": derived})
    )
    return tmp_path


def _entry(place_id, gid, kind="city", city_id=None, lat=45.0):
    return {"place_id": place_id, "name": place_id.title(), "kind": kind, "country": "FR",
            "latitude": lat, "longitude": 5.0, "aliases": [], "city_id": city_id,
            "geonames_id": gid}  # fmt: skip


def test_the_relations_are_the_schemas():
    from parley.interop import GEONAMES_RELATIONS

    schema = json.loads((ROOT / "schemas" / "places.json").read_text(encoding="utf-8"))
    field = next(f for f in schema["fields"] if f["name"] == "geonames_relation")
    assert tuple(field["constraints"]["enum"]) == GEONAMES_RELATIONS
    records = json.loads(
        (REFERENCE_DIR / "schemas" / "places-geonames.schema.json").read_text(encoding="utf-8")
    )["$defs"]["nearest_record"]["properties"]["relation"]["enum"]
    assert ("same", *records) == GEONAMES_RELATIONS  # a record is of a place without its own


def test_the_gazetteer_gives_every_place_its_columns_from_the_records(tmp_path):
    from parley.interop import _gazetteer

    hand = [
        _entry("quelmont", 100),
        _entry("palace", None, "landmark", "quelmont", lat=45.01),
        _entry("retreat", None, "landmark"),
        _entry("unrecorded", None, "landmark"),  # places.json edited after the script ran
        _entry("stale", 300),  # its record is of another id
    ]
    derived = [{**_entry("grandville", 200), "population": 200000}]
    own = [
        {"place_id": "quelmont", "geonames_id": 100, "table": "cities15000",
         "geonames_name": "Quelmont", "distance_km": 0.3},
        {"place_id": "stale", "geonames_id": 301, "table": "cities15000",
         "geonames_name": "Stale", "distance_km": 0.1},
    ]  # fmt: skip
    nearest = [
        {"place_id": "palace", "relation": "city", "geonames_id": 100, "table": "cities15000",
         "geonames_name": "Quelmont", "distance_km": 1.1},
        {"place_id": "retreat", "relation": "admin1", "geonames_id": 500, "table": "admin1",
         "geonames_name": "Isle Verte", "distance_km": None},
    ]  # fmt: skip
    directory = _reference_copy(tmp_path, hand, derived, nearest, own)
    columns = ("geonames_id", "geonames_nearest_id", "geonames_relation",
               "geonames_distance_km", "coordinates_source")  # fmt: skip
    got = {pid: tuple(entry[c] for c in columns) for pid, entry in _gazetteer(directory).items()}
    assert got == {
        "grandville": ("200", "200", "same", "0.0", "geonames"),
        "quelmont": ("100", "100", "same", "0.3", "curated"),
        "palace": ("", "100", "city", "1.1", "curated"),
        "retreat": ("", "500", "admin1", "", "curated"),
        "unrecorded": ("", "", "", "", "curated"),
        "stale": ("300", "300", "same", "", "curated"),
    }


def test_check_places_names_a_place_the_records_lack(tmp_path):
    from parley.interop import check_places

    hand = [_entry("quelmont", 100), _entry("lodge", None, "landmark")]
    own = [{"place_id": "quelmont", "geonames_id": 100, "table": "cities15000",
            "geonames_name": "Quelmont", "distance_km": 0.3}]  # fmt: skip
    directory = _reference_copy(tmp_path, hand, [{**_entry("grandville", 200), "population": 1}],
                                [], own)  # fmt: skip
    package = _places_package(
        [_place_row("quelmont", "100", "100", "same", "0.3"), _place_row("lodge", "", "", "", "")]
    )
    assert [str(p) for p in check_places(package, directory)] == [
        "places.csv: row 3, column geonames_nearest_id: place 'lodge' carries no GeoNames id, "
        "and reference/places-geonames.json records none for it: every place needs one; run "
        "scripts/derive_places.py, then parley build"
    ]


@pytest.mark.parametrize(
    ("attributes", "link", "expected"),
    [
        # The gazetteer of reference/places-geonames.json: id and point are GeoNames'.
        (
            {"geonames_id": 524901, "derived": True},
            None,
            (524901, 524901, "same", 0.0, "geonames"),
        ),
        # A hand entry of places.json with a GeoNames id: its coordinates were written by
        # hand, its record says how far from GeoNames' point.
        (
            {"geonames_id": 2988507, "derived": False},
            (2988507, "same", 1.2),
            (2988507, 2988507, "same", 1.2, "curated"),
        ),
        # ... without a record (places.json edited after the script ran), or a stale one.
        (
            {"geonames_id": 2988507, "derived": False},
            None,
            (2988507, 2988507, "same", None, "curated"),
        ),
        (
            {"geonames_id": 2988507, "derived": False},
            (2988507, "city", 1.2),
            (2988507, 2988507, "same", None, "curated"),
        ),
        (
            {"geonames_id": 2988507, "derived": False},
            (2988508, "same", 1.2),
            (2988507, 2988507, "same", None, "curated"),
        ),
        # A landmark: its own id empty, the one of what stands in for it beside it.
        (
            {"geonames_id": None},
            (4371334, "nearest", 5.4),
            (None, 4371334, "nearest", 5.4, "curated"),
        ),
        ({"geonames_id": None}, (1650535, "admin1", None), (None, 1650535, "admin1", None,
                                                             "curated")),
        ({"geonames_id": None}, (4371334, "same", 5.4), (None, None, None, None, "curated")),
        ({}, None, (None, None, None, None, "curated")),
        (
            {"coordinates_source": "geonames"},
            None,
            (None, None, None, None, "geonames"),
        ),
    ],
)  # fmt: skip
def test_place_columns_from_the_gazetteer_entry(attributes, link, expected):
    from types import SimpleNamespace

    from parley.interop import _place_columns

    columns = ("geonames_id", "geonames_nearest_id", "geonames_relation",
               "geonames_distance_km", "coordinates_source")  # fmt: skip
    got = _place_columns(SimpleNamespace(**attributes), link)
    assert list(got) == list(columns)
    assert tuple(got.values()) == expected


# --- dyad-years -----------------------------------------------------------------------


def meeting(meeting_id, start, status="held", kind="talks", end=None):
    start = dt.date.fromisoformat(start) if start else None
    end = dt.date.fromisoformat(end) if end else start
    return {
        "meeting_id": meeting_id,
        "date_start": start,
        "date_end": end,
        "status": status,
        "kind": kind,
    }


def people(meeting_id, *pairs):
    return [
        {"meeting_id": meeting_id, "person_id": f"{meeting_id}-{n}", "country": c, "role": r}
        for n, (c, r) in enumerate(pairs)
    ]


def test_dyad_years_of_hand_made_meetings():
    meetings = [
        meeting("m-000000000001", "2020-03-01", kind="summit"),
        meeting("m-000000000002", "2020-01-05", kind="phone_call"),
        meeting("m-000000000003", "2020-12-30", status="planned", end="2021-01-02"),
        meeting("m-000000000004", "2021-05-01", status="cancelled"),
        meeting("m-000000000005", None),  # undated: not counted
        meeting("m-000000000006", "2020-06-01", kind="multilateral"),
    ]
    participants = [
        *people("m-000000000001", ("US", "head_of_state"), ("RU", "head_of_state")),
        *people("m-000000000002", ("US", "head_of_state"), ("RU", "foreign_minister")),
        *people("m-000000000003", ("RU", "foreign_minister"), ("US", "foreign_minister")),
        *people("m-000000000004", ("RU", "head_of_state"), ("US", "head_of_state")),
        *people("m-000000000005", ("RU", "head_of_state"), ("US", "head_of_state")),
        *people(
            "m-000000000006", ("US", "head_of_state"), ("RU", "head_of_state"), ("FI", "other")
        ),
    ]
    countries = [
        {"country": "US", "cow_code": 2},
        {"country": "RU", "cow_code": 365},
        {"country": "FI", "cow_code": 375},
    ]
    result = [tuple(r.values()) for r in dyad_year_rows(meetings, participants, countries)]
    assert result == [
        ("FI", "RU", 2020, 375, 365, 1, 1, 0, 0, 0, 0, "m-000000000006", "m-000000000006"),
        ("FI", "US", 2020, 375, 2, 1, 1, 0, 0, 0, 0, "m-000000000006", "m-000000000006"),
        ("RU", "US", 2020, 365, 2, 4, 3, 1, 0, 2, 1, "m-000000000002", "m-000000000003"),
        ("RU", "US", 2021, 365, 2, 1, 0, 0, 1, 0, 0, "m-000000000004", "m-000000000004"),
    ]


def test_dyad_years_agree_with_a_recount_from_meetings(built_package):
    """An independent recount from the CSV files, not through parley.interop."""
    meetings = {m["meeting_id"]: m for m in rows(built_package, "meetings")}
    by_meeting: dict[str, list[dict]] = {}
    for p in rows(built_package, "meeting_participants"):
        by_meeting.setdefault(p["meeting_id"], []).append(p)
    expected: dict[tuple, dict] = {}
    for meeting_id, m in meetings.items():
        if not m["date_start"]:
            continue
        countries = sorted({p["country"] for p in by_meeting[meeting_id]})
        for i, a in enumerate(countries):
            for b in countries[i + 1 :]:
                cell = expected.setdefault(
                    (a, b, m["date_start"][:4]),
                    {
                        "meetings": 0,
                        "held": 0,
                        "planned": 0,
                        "cancelled": 0,
                        "held_leaders": 0,
                        "held_calls": 0,
                    },
                )
                cell["meetings"] += 1
                cell[m["status"]] += 1
                if m["status"] == "held":
                    cell["held_calls"] += m["kind"] in ("phone_call", "video_call")
                    leads = {
                        p["country"]
                        for p in by_meeting[meeting_id]
                        if p["role"] in ("head_of_state", "head_of_government")
                    }
                    cell["held_leaders"] += a in leads and b in leads
    got = {
        (r["country_a"], r["country_b"], r["year"]): {
            k: int(r[k]) for k in expected[next(iter(expected))]
        }
        for r in rows(built_package, "dyad_years")
    }
    assert expected and got == expected


def test_validate_names_a_wrong_dyad_count(package_copy):
    held = int(rows(package_copy, "dyad_years")[0]["held"])
    edit(package_copy, "dyad_years", 2, "held", str(held + 1))
    problems = [str(p) for p in validate_package(package_copy / "datapackage.json")]
    assert problems == [
        f"dyad_years.csv: row 2, column held: held is '{held + 1}'; a recount from meetings "
        f"gives '{held}'"
    ]


def test_validate_names_a_cow_code_that_is_not_the_countrys(package_copy):
    row = rows(package_copy, "dyad_years")[0]
    assert (row["country_a"], row["cow_code_a"]) == ("RU", "365")
    edit(package_copy, "dyad_years", 2, "cow_code_a", "366")
    problems = [str(p) for p in validate_package(package_copy / "datapackage.json")]
    assert problems == [
        "dyad_years.csv: row 2, column cow_code_a: cow_code_a is '366', but countries gives "
        "RU the COW number '365'"
    ]


# --- exports --------------------------------------------------------------------------


def test_plover_export_validates_and_round_trips_the_meetings(built_package, tmp_path):
    out = tmp_path / "meetings.jsonl"
    count = export(built_package / "datapackage.json", "plover", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    meetings = rows(built_package, "meetings")
    assert count == len(lines) == len(meetings)
    validator = jsonschema.Draft202012Validator(json.loads(PLOVER_SCHEMA.read_text()))
    records = [json.loads(line) for line in lines]
    for record in records:
        validator.validate(record)
    assert sorted(r["id"] for r in records) == sorted(m["meeting_id"] for m in meetings)
    by_id = {m["meeting_id"]: m for m in meetings}
    for record in records:
        m = by_id[record["id"]]
        assert (record["event_type"], record["cameo_code"], record["status"]) == (
            m["plover_event"],
            m["cameo_code"],
            m["status"],
        )


def test_cameo_csv_export_validates_and_round_trips_the_meetings(built_package, tmp_path):
    from frictionless import Resource, Schema

    out = tmp_path / "meetings.csv"
    count = export(built_package / "datapackage.json", "cameo-csv", out)
    schema = Schema.from_descriptor(json.loads(CAMEO_SCHEMA.read_text(encoding="utf-8")))
    report = Resource(path=out.name, basepath=str(tmp_path), schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    exported = rows(tmp_path, "meetings")
    assert count == len(exported) == len(rows(built_package, "meetings"))
    assert {r["GLOBALEVENTID"] for r in exported} == {
        m["meeting_id"] for m in rows(built_package, "meetings")
    }


def _tiny_package(tmp_path: Path) -> dict[str, list[dict]]:
    """A package of one visit, as export reads it (strings)."""
    tables = {
        "countries": [
            {"country": "NO", "name": "Norway", "iso_alpha3": "NOR", "cow_code": "385"},
            {"country": "SE", "name": "Sweden", "iso_alpha3": "SWE", "cow_code": "380"},
        ],
        "sources": [{"source_id": "wire", "name": "Wire"}],
        "articles": [
            {"article_id": "a-000000000001", "title": "Holm in Oslo", "publisher_id": "wire",
             "published_start": "2021-03-02"},
        ],
        "places": [
            {"place_id": "oslo", "name": "Oslo", "country": "NO", "latitude": "59.9133",
             "longitude": "10.739", "geonames_id": "3143244", "coordinates_source": "geonames"},
        ],
        "meetings": [
            {"meeting_id": "m-000000000001", "title": "Berg and Holm, visit in Oslo, 1 March 2021",
             "date_start": "2021-03-01", "date_end": "2021-03-01", "place_id": "oslo",
             "country": "NO", "kind": "visit", "status": "held", "cameo_code": "042",
             "plover_event": "CONSULT", "plover_mode": "visit", "plover_context": "",
             "status_as_of": "2021-03-02", "article_count": "1"},
        ],
        "meeting_participants": [
            {"meeting_id": "m-000000000001", "person_id": "anna-berg", "role": "head_of_state",
             "title": "Prime Minister", "country": "NO", "visit_role": "host"},
            {"meeting_id": "m-000000000001", "person_id": "jonas-holm", "role": "foreign_minister",
             "title": "", "country": "SE", "visit_role": "visitor"},
        ],
        "article_meetings": [
            {"article_id": "a-000000000001", "meeting_id": "m-000000000001",
             "reported_status": "held", "quote": "Berg received Holm in Oslo.",
             "char_start": "10", "char_end": "37"},
        ],
        "people": [
            {"person_id": "anna-berg", "name": "Anna Berg"},
            {"person_id": "jonas-holm", "name": "Jonas Holm"},
        ],
    }  # fmt: skip
    return tables


def test_plover_record_of_a_hand_made_visit(tmp_path):
    [record] = plover_records(_tiny_package(tmp_path))
    assert record == {
        "id": "m-000000000001",
        "date": "2021-03-01",
        "enddate": "2021-03-01",
        "event_type": "CONSULT",
        "mode": "visit",
        "context": None,
        "cameo_code": "042",
        "status": "held",
        "status_as_of": "2021-03-02",
        "kind": "visit",
        "title": "Berg and Holm, visit in Oslo, 1 March 2021",
        "actor": [
            {"name": "Jonas Holm", "person_id": "jonas-holm", "country": "SE",
             "iso_alpha3": "SWE", "cow_code": 380, "office": "foreign_minister", "title": None,
             "visit_role": "visitor"},
        ],
        "recipient": [
            {"name": "Anna Berg", "person_id": "anna-berg", "country": "NO", "iso_alpha3": "NOR",
             "cow_code": 385, "office": "head_of_state", "title": "Prime Minister",
             "visit_role": "host"},
        ],
        "location": {"place_id": "oslo", "name": "Oslo", "country": "NO", "latitude": 59.9133,
                     "longitude": 10.739, "geonames_id": 3143244, "coordinates_source": "geonames"},
        "evidence": [
            {"article_id": "a-000000000001", "reported_status": "held",
             "text": "Berg received Holm in Oslo.", "char_start": 10, "char_end": 37,
             "citation": 'Wire, "Holm in Oslo", 2021-03-02, Parley article a-000000000001'},
        ],
    }  # fmt: skip
    jsonschema.Draft202012Validator(json.loads(PLOVER_SCHEMA.read_text())).validate(record)


def test_cameo_row_of_a_hand_made_visit(tmp_path):
    [row] = cameo_rows(_tiny_package(tmp_path))
    assert row == {
        "GLOBALEVENTID": "m-000000000001", "SQLDATE": "20210301", "Year": "2021",
        "EventEndDate": "20210301", "EventCode": "042", "EventBaseCode": "042",
        "EventRootCode": "04", "QuadClass": 1, "NumArticles": "1", "ActionGeo_Type": 4,
        "ActionGeo_FullName": "Oslo", "ActionGeo_CountryCode": "NO", "ActionGeo_Lat": 59.9133,
        "ActionGeo_Long": 10.739, "ActionGeo_FeatureID": 3143244, "SOURCEURL": "a-000000000001",
        "ParleyStatus": "held", "ParleyKind": "visit", "PloverEvent": "CONSULT",
        "PloverMode": "visit", "Actor1Name": "Jonas Holm", "Actor1CountryCode": "SWE",
        "Actor1COWCode": "380", "Actor2Name": "Anna Berg", "Actor2CountryCode": "NOR",
        "Actor2COWCode": "385",
    }  # fmt: skip


def _cameo_csv(rows: list[dict]) -> bytes:
    import io

    from parley.export import cameo_fields

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=cameo_fields(), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (None, None, None),
        ("EventCode", "04x", 'row 2, column EventCode: The cell "04x" in row at position "2" '
         'and field "EventCode" at position "11" does not conform to a constraint: constraint '
         '"pattern" is "^[0-9]{3,4}$"'),
        ("GLOBALEVENTID", "", 'row 2, column GLOBALEVENTID: The cell "" in row at position "2" '
         'and field "GLOBALEVENTID" at position "1" does not conform to a constraint: '
         'constraint "required" is "True"'),
    ],
)  # fmt: skip
def test_check_cameo_names_the_first_cell_that_breaks_the_schema(tmp_path, column, value, message):
    from parley.export import check_cameo

    [row] = cameo_rows(_tiny_package(tmp_path))
    if column is None:
        check_cameo(_cameo_csv([row]))
        return
    with pytest.raises(ExportError) as raised:
        check_cameo(_cameo_csv([{**row, column: value}]))
    assert str(raised.value) == f"cameo-csv: {message} (schema cameo-csv.json)"


def test_a_cameo_export_that_breaks_its_schema_writes_nothing(built_package, tmp_path, monkeypatch):
    import parley.export as export_module

    real = export_module.cameo_rows
    monkeypatch.setattr(
        export_module, "cameo_rows", lambda tables: [{**r, "QuadClass": 9} for r in real(tables)]
    )
    out = tmp_path / "m.csv"
    with pytest.raises(ExportError, match=r"^cameo-csv: row 2, column QuadClass: "):
        export(built_package / "datapackage.json", "cameo-csv", out)
    assert not out.exists()


def test_export_cli_writes_nothing_on_a_broken_package(tmp_path):
    package = tmp_path / "datapackage.json"
    package.write_text('{"resources": []}', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main, ["export", "--format", "plover", "--package", str(package), str(out)]
    )
    assert result.exit_code == 2
    assert (
        result.output == f"Error: {package}: no resource 'countries' (rebuild with parley build)\n"
    )
    assert not out.exists()
    with pytest.raises(ExportError, match="unknown format 'gdelt'"):
        export(package, "gdelt", out)


def test_export_cli_on_the_built_package(built_package, tmp_path):
    out = tmp_path / "m.csv"
    result = CliRunner().invoke(
        main,
        [
            "export",
            "--format",
            "cameo-csv",
            "--package",
            str(built_package / "datapackage.json"),
            str(out),
        ],
    )
    count = len(rows(built_package, "meetings"))
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {count} cameo-csv records to {out}\n"
    assert len(read_package(built_package / "datapackage.json")["meetings"]) == count


# --- the README's pandas example ------------------------------------------------------


def test_readme_pandas_example_joins_dyad_years_with_a_cow_panel(tmp_path, monkeypatch):
    pd = pytest.importorskip("pandas")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"<!-- dyad-join:start -->\s*```python\n(.*?)```", readme, re.DOTALL)
    assert snippet, "README has no dyad-join example"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "dyad_years.csv").write_text(
        "country_a,country_b,year,cow_code_a,cow_code_b,meetings,held,planned,cancelled,"
        "held_leaders,held_calls,first_meeting_id,last_meeting_id\n"
        "RU,US,2019,365,2,7,5,2,0,1,1,m-000000000001,m-000000000002\n"
        "EU,US,2019,,2,1,1,0,0,0,0,m-000000000003,m-000000000003\n",
        encoding="utf-8",
    )
    (tmp_path / "panel.csv").write_text(
        "ccode1,ccode2,year,trade\n2,365,2019,30.5\n2,365,2018,28.0\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(snippet.group(1), scope)
    joined = scope["joined"]
    assert isinstance(joined, pd.DataFrame)
    assert joined[["ccode1", "ccode2", "year", "held", "trade"]].to_dict("records") == [
        {"ccode1": 2, "ccode2": 365, "year": 2018, "held": 0, "trade": 28.0},
        {"ccode1": 2, "ccode2": 365, "year": 2019, "held": 5, "trade": 30.5},
    ]
