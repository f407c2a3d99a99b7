"""Derive US offices in reference/people.json from the Office of the Historian's records.

    .venv/bin/python scripts/import_pocom.py [--pocom ../shared/reference/pocom] [--check]

The source is "Principal Officers and Chiefs of Mission" (HistoryAtState/pocom: public
domain in the US, CC0 worldwide; see its PROVENANCE.txt and LICENSE.md). Its folder is
read where it lies and never copied into this repository. The script merges into
reference/people.json (docs/reference/people.md describes the rules):

- offices: Secretaries, Deputy Secretaries (also for Management and Resources), Under
  Secretaries, and chiefs of mission to countries and to the main international bodies
  (UN, EU, NATO, AU, ASEAN, OAS, OECD, OSCE, IAEA) that ended on or after FIRST_DAY or
  are still open. Each carries `source: "pocom:<record id>"`.
- dates: start = `started` (for chiefs of mission: presentation of credentials), else the
  arrival, else the appointment; end = `ended`, the last day in office (the project's
  handover convention). A record without an end keeps the end the curated entry had,
  and says so in the note; otherwise the office is open (null).
- acting holders: chargés d'affaires ad interim are offices like the others, with a
  title ending in "(acting)".
- people: a record's person is the curated person with the same first forename and
  surname (accents and case folded) and a US office, remembered as `pocom_id`; anyone
  else becomes a new person found by full name only (no short names: a bare surname
  such as "Rice" or "Jones" would claim too much). An alias another person already
  uses is left out.

Running it twice gives the same file. `--check` writes nothing and exits 1 when the file
is not what the records give (for CI).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from parley.reference import known_days

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = ROOT / "reference" / "people.json"
COUNTRIES = ROOT / "reference" / "countries.json"
DEFAULT_POCOM = ROOT.parent / "shared" / "reference" / "pocom"
FIRST_DAY = "1997-01-01"
OPEN_SINCE = "1990-01-01"  # an open record that started earlier is an incomplete old one

PRINCIPALS = {
    "secretary": ("foreign_minister", "Secretary of State"),
    "deputy-secretary": ("deputy_foreign_minister", "Deputy Secretary of State"),
    "deputy-secretary-for-mgmt-and-resources": (
        "under_secretary",
        "Deputy Secretary of State for Management and Resources",
    ),
    "under-secretary-for-political-affairs": (
        "under_secretary",
        "Under Secretary of State for Political Affairs",
    ),
    "under-secretary-for-arms-control": (
        "under_secretary",
        "Under Secretary of State for Arms Control and International Security",
    ),
    "under-secretary-for-econ-business-ag": (
        "under_secretary",
        "Under Secretary of State for Economic Growth, Energy, and the Environment",
    ),
    "under-secretary-for-global-affairs": (
        "under_secretary",
        "Under Secretary of State for Civilian Security, Democracy, and Human Rights",
    ),
    "under-secretary-for-mgmt": ("under_secretary", "Under Secretary of State for Management"),
    "under-secretary-for-public-diplomacy": (
        "under_secretary",
        "Under Secretary of State for Public Diplomacy and Public Affairs",
    ),
}
ORGANISATIONS = {
    "representative-to-un": ("UN", "the United Nations"),
    "representative-to-eu": ("EU", "the European Union"),
    "representative-to-nato": ("NATO", "NATO"),
    "representative-to-au": ("AFU", "the African Union"),
    "representative-to-asean": ("ASEAN", "ASEAN"),
    "representative-to-oas": ("OAS", "the Organization of American States"),
    "representative-to-oecd": ("OECD", "the OECD"),
    "representative-to-osce": ("OSCE", "the OSCE"),
    "representative-to-iaea": ("IAEA", "the IAEA"),
}
# pocom territory ids that are not a slug of a name in reference/countries.json.
TERRITORIES = {
    "congo-democratic-republic": "CD",
    "cote-divoire": "CI",
    "korea": "KR",
    "saint-kitts-nevis": "KN",
    "saint-vincent-grenadines": "VC",
    "yugoslavia": "RS",
}
ACTING_TITLES = {"charge-daffaires-ad-interim"}
CURATED_END = "The record has no end date: the end is the curated one."


class PocomError(Exception):
    pass


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _text(node: ET.Element, path: str) -> str:
    return " ".join((node.findtext(path) or "").split())


def _parse(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        raise PocomError(f"{path}: cannot read the record: {error}") from None


def country_codes(countries: dict) -> dict[str, str]:
    codes = {}
    for country in countries["countries"]:
        for name in [country["name"], *country["names"]]:
            codes.setdefault(slug(name), country["code"])
    return {**codes, **TERRITORIES}


def pocom_records(pocom: Path, countries: dict) -> list[dict]:
    """Every office the script derives, with its dates, as plain dicts (sorted by id)."""
    if not (pocom / "PROVENANCE.txt").exists():
        raise PocomError(f"{pocom}: no pocom folder here (PROVENANCE.txt is missing)")
    names = {c["code"]: c["name"] for c in countries["countries"]}
    codes = country_codes(countries)
    records = []
    for position, (role, title) in PRINCIPALS.items():
        root = _parse(pocom / "positions-principals" / f"{position}.xml")
        for item in root.iter("principal"):
            start = _text(item, "started/date") or _text(item, "appointed/date")
            records.append(
                {
                    "id": _text(item, "id"),
                    "person": _text(item, "person-id"),
                    "role": role,
                    "title": title,
                    "host": None,
                    "start": start,
                    "end": _text(item, "ended/date") or None,
                    "basis": "started" if _text(item, "started/date") else "appointed",
                }
            )
    missions = sorted((pocom / "missions-countries").glob("*.xml"))
    missions += sorted((pocom / "missions-orgs").glob("*.xml"))
    for path in missions:
        root = _parse(path)
        if root.tag == "org-mission":
            if _text(root, "id") not in ORGANISATIONS:
                continue
            host, host_name = ORGANISATIONS[_text(root, "id")]
        else:
            territory = _text(root, "territory-id")
            host = codes.get(territory)
            if host is None:
                continue  # a state of the past (Texas, Two Sicilies): no office since 1997
            host_name = names[host]
        chiefs = root.find("chiefs")
        for item in chiefs.iter("chief") if chiefs is not None else ():
            start, basis = "", ""
            for field in ("started", "arrived", "appointed"):
                if _text(item, f"{field}/date"):
                    start, basis = _text(item, f"{field}/date"), field
                    break
            acting = _text(item, "role-title-id") in ACTING_TITLES
            title = (
                f"Chargé d'Affaires ad interim to {host_name} (acting)"
                if acting
                else f"Ambassador to {host_name}"
            )
            records.append(
                {
                    "id": _text(item, "id"),
                    "person": _text(item, "person-id"),
                    "role": "ambassador",
                    "title": title,
                    "host": host,
                    "start": start,
                    "end": _text(item, "ended/date") or None,
                    "basis": basis,
                }
            )
    kept = []
    for record in records:
        try:
            start, start_note = _day(record["start"])
            end, end_note = _day(record["end"])
        except PocomError as error:
            raise PocomError(f"{pocom}: record {record['id']}: {error}") from None
        if start is None or (end or "9999") < FIRST_DAY or (end is None and start < OPEN_SINCE):
            continue  # long over, or a record of the distant past that lacks its end
        notes = [
            f"Start: {start_note}." if start_note else "",
            f"End: {end_note}." if end_note else "",
        ]
        kept.append(
            {**record, "start": start, "end": end, "precision": " ".join(n for n in notes if n)}
        )
    return close_open_records(sorted(kept, key=lambda r: r["id"]))


def pocom_person(pocom: Path, person_id: str) -> dict:
    path = pocom / "people" / person_id[0] / f"{person_id}.xml"
    root = _parse(path)
    return {
        "forename": _text(root, "persName/forename"),
        "surname": _text(root, "persName/surname"),
        "generation": _text(root, "persName/genName"),
    }


def _day(value: str | None) -> tuple[str | None, str]:
    """A record's date as a day: month or year precision becomes the 1st (the project's
    convention), with a note saying what the record gives."""
    if not value:
        return None, ""
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return value, ""
    if re.fullmatch(r"\d{4}-\d\d", value):
        return f"{value}-01", f"the record gives the month only ({value}): day set to the 1st"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"the record gives the year only ({value}): set to 1 January"
    raise PocomError(f"date {value!r} is not ISO 8601")


def _office(record: dict, note: str | None = None) -> dict:
    office = {
        "role": record["role"],
        "title": record["title"],
        "country": "US",
    }
    if record["host"]:
        office["host_country"] = record["host"]
    office["start"] = record["start"]
    office["end"] = record["end"]
    office["source"] = f"pocom:{record['id']}"
    if note:
        office["note"] = note
    return office


def _overlap(a_start: str, a_end: str | None, b_start: str, b_end: str | None) -> int:
    """Days two offices share (negative: the gap between them)."""
    start = max(dt.date.fromisoformat(a_start), dt.date.fromisoformat(b_start))
    end = min(
        dt.date.fromisoformat(a_end or "9999-12-31"), dt.date.fromisoformat(b_end or "9999-12-31")
    )
    return (end - start).days


def _middle_initials(person: dict) -> set[str]:
    """First letters of the middle names the curated person's names print ("L" in
    "James L. Jones"): a record with another middle name is somebody else."""
    out = set()
    for name in [person["name"], *person.get("aliases", [])]:
        words = [w for w in name.split() if fold(w).rstrip(".") not in ("jr", "sr", "ii", "iii")]
        out.update(fold(w[0]) for w in words[1:-1] if w[0].isupper())
    return out


def close_open_records(records: list[dict]) -> list[dict]:
    """A chief of mission whose record has no end but whose mission (or who) has a later
    chief's record has left: the end is the day before that later start, and the note
    says so. Principal officers keep an open end (the current holder)."""
    out = []
    by_mission: dict[str, list[dict]] = {}
    by_person: dict[str, list[dict]] = {}
    for record in records:
        if record["role"] == "ambassador":
            by_mission.setdefault(record["host"] + record["title"].split(" to ")[0], []).append(
                record
            )
            by_person.setdefault(record["person"], []).append(record)
    for record in records:
        if record["role"] != "ambassador" or record["end"]:
            out.append(record)
            continue
        later = [
            r
            for r in by_mission[record["host"] + record["title"].split(" to ")[0]]
            + by_person[record["person"]]
            if r is not record and r["start"] > record["start"]
        ]
        if not later:
            out.append(record)
            continue
        first = min(later, key=lambda r: r["start"])
        end = (dt.date.fromisoformat(first["start"]) - dt.timedelta(days=1)).isoformat()
        note = f"End: not in the record; the day before {first['id']} began."
        precision = (record["precision"] + " " + note).strip()
        out.append({**record, "end": end, "precision": precision, "closed": True})
    return out


def merge(document: dict, records: list[dict], pocom: Path) -> dict:
    """reference/people.json with the derived offices merged in (a new document)."""
    people = [dict(p) for p in document["people"]]
    by_pocom = {p["pocom_id"]: p for p in people if p.get("pocom_id")}
    us_people = [
        p for p in people if p["country"] == "US" or any(o["country"] == "US" for o in p["offices"])
    ]
    taken_names = {fold(n) for p in people for n in [p["name"], *p.get("aliases", [])]}
    ids = {p["person_id"] for p in people}

    def key_of(name: str) -> tuple[str, str]:
        words = [w for w in re.split(r"\s+", name.replace(".", ". ")) if w]
        words = [w for w in words if fold(w).rstrip(".") not in ("jr", "sr", "ii", "iii")]
        return fold(words[0]), fold(words[-1])

    new_people: dict[str, dict] = {}
    for record in records:
        person = by_pocom.get(record["person"]) or new_people.get(record["person"])
        if person is None:
            who = pocom_person(pocom, record["person"])
            first = who["forename"].split()[0] if who["forename"] else ""
            wanted = (fold(first), fold(who["surname"]))
            middle = fold(who["forename"].split()[1][0]) if len(who["forename"].split()) > 1 else ""
            matches = [
                p
                for p in us_people
                if not p.get("pocom_id")
                and any(key_of(n) == wanted for n in [p["name"], *p.get("aliases", [])])
                and not (middle and _middle_initials(p) and middle not in _middle_initials(p))
            ]
            if len(matches) == 1:
                person = matches[0]
                person["pocom_id"] = record["person"]
                by_pocom[record["person"]] = person
            else:
                full = f"{who['forename']} {who['surname']}".strip()
                short = f"{first} {who['surname']}".strip()
                person_id = next(
                    candidate
                    for candidate in (slug(short), slug(full), slug(record["person"]))
                    if candidate not in ids
                )
                ids.add(person_id)
                aliases = [
                    n
                    for n in dict.fromkeys([short, f"{full} {who['generation']}".strip()])
                    if n != full and fold(n) not in taken_names
                ]
                taken_names.update(fold(n) for n in [full, *aliases])
                person = {
                    "person_id": person_id,
                    "name": full,
                    "country": "US",
                    "aliases": aliases,
                    "short_names": [],
                    "offices": [],
                    "pocom_id": record["person"],
                }
                new_people[record["person"]] = person
        offices = person["offices"]
        same = [
            i
            for i, o in enumerate(offices)
            if o["role"] == record["role"]
            and o["country"] == "US"
            and o.get("host_country") == record["host"]
            and (
                o.get("source") == f"pocom:{record['id']}"
                or (
                    not str(o.get("source", "")).startswith("pocom:")
                    and _overlap(*known_days(o), record["start"], record["end"]) > -120
                )
            )
        ]
        note = None
        prior = offices[same[0]] if same else None
        curated_end = bool(
            prior
            and prior.get("end")
            and (
                not prior.get("source", "").startswith("pocom:")
                or CURATED_END in prior.get("note", "")
            )
        )
        if (record["end"] is None or record.get("closed")) and curated_end:
            # The record is open, but the curated entry knew the end: keep it, say so.
            note = CURATED_END
            precision = re.sub(r"\s*End: not in the record;[^.]*\.", "", record["precision"])
            record = {**record, "end": prior["end"], "precision": precision.strip()}
        if record["basis"] not in ("started", ""):
            basis = {"arrived": "arrival", "appointed": "appointment"}[record["basis"]]
            note = (note + " " if note else "") + f"Start: the {basis} (no start in the record)."
        if record["precision"]:
            note = (note + " " if note else "") + record["precision"]
        office = _office(record, note)
        if same:
            offices[same[0]] = office
        else:
            offices.append(office)
        offices.sort(key=lambda o: known_days(o)[0])
    for person in [*people, *new_people.values()]:
        # An open chief of mission who took up another office later has left the post.
        for office in person["offices"]:
            if (
                office["role"] != "ambassador"
                or office.get("end")
                or "pocom:" not in office["source"]
            ):
                continue
            later = [o for o in person["offices"] if known_days(o)[0] > office["start"]]
            if later:
                first = min(later, key=lambda o: known_days(o)[0])
                day = dt.date.fromisoformat(known_days(first)[0]) - dt.timedelta(days=1)
                office["end"] = day.isoformat()
                note = (
                    f"End: not in the record; the day before the office {first['title']!r} began."
                )
                office["note"] = f"{office['note']} {note}" if office.get("note") else note
    out = dict(document)
    out["people"] = people + [new_people[k] for k in sorted(new_people)]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pocom", type=Path, default=DEFAULT_POCOM)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    try:
        document = json.loads(PEOPLE.read_text(encoding="utf-8"))
        countries = json.loads(COUNTRIES.read_text(encoding="utf-8"))
        records = pocom_records(args.pocom, countries)
        merged = merge(document, records, args.pocom)
    except (PocomError, OSError, json.JSONDecodeError) as error:
        print(f"import_pocom: {error}", file=sys.stderr)
        return 2
    text = json.dumps(merged, indent=2, ensure_ascii=False) + "\n"
    if args.check:
        stale = text != PEOPLE.read_text(encoding="utf-8")
        print(f"{PEOPLE}: {'stale' if stale else 'up to date'} ({len(records)} pocom offices)")
        return 1 if stale else 0
    PEOPLE.write_text(text, encoding="utf-8")
    added = len(merged["people"]) - len(document["people"])
    print(f"{PEOPLE}: {len(records)} pocom offices merged, {added} new people")
    return 0


if __name__ == "__main__":
    sys.exit(main())
