"""Checks on people: the reference loader's rules, `parley validate`'s office check, and
the US offices against the Office of the Historian's records (issue 12, parts 3 and 4)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import edit

from parley.checks import Package, check_participant_offices_known
from parley.paths import REFERENCE_DIR
from parley.reference import ReferenceDataError, load_reference

POCOM = Path(__file__).resolve().parent.parent.parent / "shared" / "reference" / "pocom"


def _reference_with(tmp_path: Path, mutate) -> Path:
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, directory)
    path = directory / "people.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    people = {p["person_id"]: p for p in document["people"]}
    mutate(people)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return directory


def _error(directory: Path) -> str:
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(directory)
    return str(caught.value)


def test_an_alias_shared_by_two_people_is_rejected(tmp_path):
    directory = _reference_with(
        tmp_path, lambda people: people["mike-pompeo"]["aliases"].append("Antony J. Blinken")
    )
    message = _error(directory)
    assert message.startswith(str(directory / "people.json") + ": people[")
    assert re.search(
        r"people\[\d+\] \(antony-blinken\): alias 'Antony J. Blinken' is also a name of "
        r"people\[\d+\] \(mike-pompeo\) \(rule: an alias names one person",
        message,
    )


def test_an_alias_marked_ambiguous_by_both_people_is_allowed(tmp_path):
    def mutate(people):
        people["mike-pompeo"]["aliases"].append("Antony J. Blinken")
        people["mike-pompeo"]["ambiguous_aliases"] = ["Antony J. Blinken"]
        people["antony-blinken"]["ambiguous_aliases"] = ["Antony J. Blinken"]

    assert "mike-pompeo" in load_reference(_reference_with(tmp_path, mutate)).people


def test_one_person_holding_one_office_twice_at_once_is_rejected(tmp_path):
    def mutate(people):
        offices = people["sergey-lavrov"]["offices"]
        offices.append({**offices[0], "start": "2010-01-01", "end": "2012-01-01"})

    message = _error(_reference_with(tmp_path, mutate))
    assert "(sergey-lavrov): offices[0]" in message
    assert "overlap (rule: one office is held once at a time" in message


def test_a_handover_day_may_be_shared(tmp_path):
    def mutate(people):
        offices = people["john-beyrle"]["offices"]
        moscow = next(o for o in offices if o.get("host_country") == "RU")
        # An earlier term of the same post ending the day the next one begins.
        offices.insert(0, {**moscow, "start": "2008-09-01", "end": moscow["start"]})

    assert "john-beyrle" in load_reference(_reference_with(tmp_path, mutate)).people


def _problems(package: Path) -> list[str]:
    return [str(p) for p in check_participant_offices_known(Package(package / "datapackage.json"))]


def test_the_built_package_has_no_participant_of_unknown_office(built_package):
    assert _problems(built_package) == []


def test_a_participant_without_an_office_is_flagged(package_copy):
    edit(package_copy, "meeting_participants", 2, "role", "other")
    person = (package_copy / "meeting_participants.csv").read_text().splitlines()[1].split(",")[1]
    [problem] = _problems(package_copy)
    assert problem.startswith("meeting_participants.csv: row 2, column role: ")
    assert f"{person} has no office in the data" in problem


def test_a_participant_whose_office_has_no_dates_is_flagged(package_copy):
    offices = (package_copy / "offices.csv").read_text().splitlines()
    row = next(i for i, line in enumerate(offices, start=1) if ",donald-trump," in line)
    edit(package_copy, "offices", row, "date_start", "")
    edit(package_copy, "offices", row, "date_end", "")
    edit(package_copy, "offices", row + 1, "date_start", "")
    found = _problems(package_copy)
    assert found and all("donald-trump has an office without dates" in p for p in found)
    assert all("date the office in reference/people.json" in p for p in found)


@pytest.mark.parametrize(
    ("attested", "flagged"),
    [
        # Seen in office on days around the seed meetings (2017-2019): known then.
        (("2017-01-01", "2019-12-31"), False),
        # Seen in office only later: the rows show the office presumed, not known.
        (("2024-01-01", "2024-06-30"), True),
    ],
)
def test_an_office_known_only_from_attested_days_is_flagged_outside_them(
    package_copy, attested, flagged
):
    offices = (package_copy / "offices.csv").read_text().splitlines()
    rows = [i for i, line in enumerate(offices, start=1) if ",donald-trump," in line]
    for row in rows:
        edit(package_copy, "offices", row, "date_start", "")
        edit(package_copy, "offices", row, "date_end", "")
        edit(package_copy, "offices", row, "attested_start", attested[0])
        edit(package_copy, "offices", row, "attested_end", attested[1])
    found = _problems(package_copy)
    assert bool(found) == flagged
    assert all(
        "donald-trump is known in this office only on the days a source attests "
        f"({attested[0]}..{attested[1]}, {attested[0]}..{attested[1]})"
        in p
        and "give the office its term in reference/people.json" in p
        for p in found
    )


# -- the US offices against the Office of the Historian's records ------------------------

POSITIONS = {"secretary": "Secretary of State", "deputy-secretary": "Deputy Secretary of State"}
# Missions to international bodies whose chiefs the import takes (scripts/import_pocom.py).
BODIES = ("un", "eu", "nato", "au", "asean", "oas", "oecd", "osce", "iaea")


def _day(value: str) -> str | None:
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return value
    if re.fullmatch(r"\d{4}-\d\d", value):
        return value + "-01"
    return None


def _records_since_2000() -> list[tuple[str, str, str, str | None]]:
    """(record id, what, first day, last day or None) of every Secretary, Deputy Secretary
    and chief of mission in office on or after 2000-01-01, read straight from the XML."""
    out = []
    for position, what in POSITIONS.items():
        for item in ET.parse(POCOM / "positions-principals" / f"{position}.xml").iter("principal"):
            start = item.findtext("started/date") or item.findtext("appointed/date") or ""
            end = item.findtext("ended/date") or ""
            out.append((item.findtext("id"), what, start, end))
    paths = sorted((POCOM / "missions-countries").glob("*.xml"))
    paths += [POCOM / "missions-orgs" / f"representative-to-{body}.xml" for body in BODIES]
    for path in paths:
        chiefs = ET.parse(path).getroot().find("chiefs")  # not the other nominees
        for item in chiefs.iter("chief") if chiefs is not None else ():
            start = next(
                (
                    item.findtext(f"{k}/date")
                    for k in ("started", "arrived", "appointed")
                    if item.findtext(f"{k}/date")
                ),
                "",
            )
            out.append(
                (item.findtext("id"), "chief of mission", start, item.findtext("ended/date"))
            )
    return [
        (rid, what, _day(start), _day(end or "") if end else None)
        for rid, what, start, end in out
        if _day(start) and ((end or "") >= "2000" or (not end and start >= "1990"))
    ]


@pytest.mark.skipif(not POCOM.exists(), reason="../shared/reference/pocom is not here")
def test_us_office_dates_agree_with_the_office_of_the_historian():
    document = json.loads((REFERENCE_DIR / "people.json").read_text(encoding="utf-8"))
    offices = {
        o["source"]: (p["person_id"], o)
        for p in document["people"]
        for o in p["offices"]
        if o["source"].startswith("pocom:")
    }
    records = _records_since_2000()
    assert len(records) > 1000
    wrong = []
    for rid, what, start, end in records:
        if f"pocom:{rid}" not in offices:
            wrong.append(f"{rid} ({what}): no office in reference/people.json")
            continue
        person_id, office = offices[f"pocom:{rid}"]
        if office["start"] != start:
            wrong.append(f"{rid} {person_id}: start {office['start']} != record {start}")
        if end and office["end"] != end:
            wrong.append(f"{rid} {person_id}: end {office['end']} != record {end}")
    assert wrong == []


@pytest.mark.skipif(not POCOM.exists(), reason="../shared/reference/pocom is not here")
def test_no_hand_written_us_office_contradicts_a_record():
    """A curated Secretary, Deputy Secretary or ambassador office with no record id must not
    overlap a record of the same post: it would be a second, unsourced copy of it."""
    document = json.loads((REFERENCE_DIR / "people.json").read_text(encoding="utf-8"))
    sourced = [
        (o["title"], o["start"], o["end"] or "9999-12-31")
        for p in document["people"]
        for o in p["offices"]
        if o["source"].startswith("pocom:")
    ]
    clashes = []
    for person in document["people"]:
        for o in person["offices"]:
            if o["country"] != "US" or o["source"].startswith("pocom:"):
                continue
            if o["title"] not in ("Secretary of State", "Deputy Secretary of State") and (
                o["role"] != "ambassador"
            ):
                continue
            for title, start, end in sourced:
                if title == o["title"] and start < (o["end"] or "9999-12-31") and o["start"] < end:
                    if (o["start"], o["end"]) != (start, end):
                        clashes.append(f"{person['person_id']}: {o['title']} {o['start']}")
    assert clashes == []


def test_every_office_says_where_its_dates_come_from():
    reference = json.loads((REFERENCE_DIR / "people.json").read_text(encoding="utf-8"))
    sources = [o["source"] for p in reference["people"] for o in p["offices"]]
    assert all(
        s == "unsourced" or s.startswith(("pocom:", "corpus:")) or "https://" in s for s in sources
    )
