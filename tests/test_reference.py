"""Curated reference data: every file valid against its JSON Schema and documented."""

import json

import jsonschema
import pytest
from conftest import ROOT

from parley.reference import REFERENCE_FILES, load_reference_file


@pytest.mark.parametrize("name", REFERENCE_FILES)
def test_reference_file_is_valid_and_documented(name):
    document = load_reference_file(name)
    schema = json.loads((ROOT / "reference" / "schemas" / f"{name}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert document["description"]
    assert (ROOT / "docs" / "reference" / f"{name}.md").exists()


def test_role_phrases_cover_the_offices_the_people_file_uses(reference):
    roles_with_phrases = {phrase.role for phrase in reference.role_phrases}
    used = {o.role for p in reference.people.values() for o in p.offices}
    assert used <= roles_with_phrases


def test_coverage_of_people_the_issue_asks_for(reference):
    import datetime as dt

    from parley.records import DateInterval

    def holders(role, country, year):
        interval = DateInterval(dt.date(year, 1, 1), dt.date(year, 12, 31))
        return {
            p.person_id
            for p in reference.people.values()
            for o in p.offices
            if o.role == role and o.country == country and o.overlaps(interval)
        }

    for year in range(2000, 2026):
        day = year
        for country in ("US", "RU"):
            assert holders("head_of_state", country, day), (country, year)
            assert holders("foreign_minister", country, day), (country, year)
    for year in range(2009, 2026):
        day = year
        for country in ("CN", "FR", "GB", "UA", "IN", "DE", "JP", "BR", "TR", "SA", "ZA"):
            assert holders("foreign_minister", country, day), (country, year)
        assert holders("foreign_minister", "EU", day), year


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Also on rt.com Ukraine says talks will go on", ("rt", 14)),
        ("ALSO ON SPUTNIKNEWS.COM: a story", ("sputnik", 23)),
        ("Also on rt.community pages", None),
        ("Read more: talks in Geneva", None),
    ],
)
def test_an_outlet_names_itself_by_its_self_references(line, expected):
    from parley.reference import load_reference

    assert load_reference().self_reference_at(line) == expected


def test_whose_trips_are_checked_is_read_from_roles_json(tmp_path):
    import shutil

    from parley.reference import REFERENCE_DIR, Travellers, travellers

    assert travellers() == Travellers("US", frozenset({"head_of_state", "foreign_minister"}))
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, directory)
    roles = json.loads((directory / "roles.json").read_text(encoding="utf-8"))
    roles["travellers"]["roles"].append("vice_president")
    (directory / "roles.json").write_text(json.dumps(roles), encoding="utf-8")
    changed = travellers(directory)
    assert changed.covers("vice_president", "US") and not changed.covers("vice_president", "GB")
