"""Exports for event-data pipelines: PLOVER JSON records and GDELT-like CAMEO CSV.

Both read a built data package (its CSV files, through the descriptor) and
write one record per meeting. Before anything is written, the PLOVER records
are checked against `schemas/exports/plover.schema.json` and the CAMEO CSV
against its Table Schema `schemas/exports/cameo-csv.json`. See the README
("Exports") and docs/reference/event-codes.md.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from parley.errors import ParleyError
from parley.package import iter_rows, read_descriptor, write_atomic
from parley.paths import EXPORT_SCHEMAS_DIR as EXPORT_SCHEMAS

PLOVER_SCHEMA = EXPORT_SCHEMAS / "plover.schema.json"
CAMEO_SCHEMA = EXPORT_SCHEMAS / "cameo-csv.json"
FORMATS = ("plover", "cameo-csv")
NEEDED = (
    "countries",
    "sources",
    "articles",
    "places",
    "meetings",
    "meeting_participants",
    "article_meetings",
    "people",
)


class ExportError(ParleyError):
    """The package cannot be read or an exported record breaks its schema."""


def read_package(datapackage: Path) -> dict[str, list[dict[str, str]]]:
    """The rows (as strings, empty cells as '') of the resources an export needs."""
    descriptor = read_descriptor(datapackage)  # a DescriptorError names the file
    resources = descriptor.get("resources", []) if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        raise ExportError(f"{datapackage}: no list of resources (rebuild with parley build)")
    paths = {r.get("name"): r.get("path") for r in resources if isinstance(r, dict)}
    tables = {}
    for name in NEEDED:
        if not paths.get(name):
            raise ExportError(f"{datapackage}: no resource {name!r} (rebuild with parley build)")
        # The package's one CSV reader: a TableError (a ParleyError) names the file.
        tables[name] = [row for _, row in iter_rows(datapackage.parent / paths[name])]
    return tables


def _int(value: str) -> int | None:
    return int(value) if value else None


def _sides(participants: list[dict]) -> tuple[list[dict], list[dict]]:
    """(actor, recipient): visitors and hosts of a visit where known; otherwise the
    participants of the country with the smallest code, and the others."""
    visitors = [p for p in participants if p.get("visit_role") == "visitor"]
    hosts = [p for p in participants if p.get("visit_role") == "host"]
    if visitors and hosts:
        return visitors, hosts
    first = min(p["country"] for p in participants)
    return (
        [p for p in participants if p["country"] == first],
        [p for p in participants if p["country"] != first],
    )


class _Index:
    """The package's rows indexed by key, for building export records."""

    def __init__(self, tables: dict[str, list[dict[str, str]]]) -> None:
        self.tables = tables
        self.countries = {r["country"]: r for r in tables["countries"]}
        self.people = {r["person_id"]: r for r in tables["people"]}
        self.places = {r["place_id"]: r for r in tables["places"]}
        self.articles = {r["article_id"]: r for r in tables["articles"]}
        self.sources = {r["source_id"]: r for r in tables["sources"]}
        self.participants: dict[str, list[dict]] = {}
        for row in tables["meeting_participants"]:
            self.participants.setdefault(row["meeting_id"], []).append(row)
        self.links: dict[str, list[dict]] = {}
        for row in tables["article_meetings"]:
            self.links.setdefault(row["meeting_id"], []).append(row)
        for links in self.links.values():
            links.sort(
                key=lambda r: (self.articles[r["article_id"]]["published_start"], r["article_id"])
            )

    def actor(self, participant: dict) -> dict:
        country = self.countries.get(participant["country"], {})
        return {
            "name": self.people[participant["person_id"]]["name"],
            "person_id": participant["person_id"],
            "country": participant["country"],
            "iso_alpha3": country.get("iso_alpha3") or None,
            "cow_code": _int(country.get("cow_code", "")),
            "office": participant["role"],
            "title": participant["title"] or None,
            "visit_role": participant.get("visit_role") or None,
        }

    def location(self, meeting: dict) -> dict | None:
        place = self.places.get(meeting["place_id"])
        if place:
            return {
                "place_id": place["place_id"],
                "name": place["name"],
                "country": place["country"],
                "latitude": float(place["latitude"]),
                "longitude": float(place["longitude"]),
                "geonames_id": _int(place.get("geonames_id", "")),
                "coordinates_source": place.get("coordinates_source") or None,
            }
        if meeting["country"]:
            return {"place_id": None, "name": self.countries[meeting["country"]]["name"],
                    "country": meeting["country"], "latitude": None, "longitude": None,
                    "geonames_id": None, "coordinates_source": None}  # fmt: skip
        return None

    def citation(self, article_id: str) -> str:
        article = self.articles[article_id]
        publisher = self.sources.get(article["publisher_id"], {}).get("name")
        date = article["published_start"] or "undated"
        parts = [publisher, f'"{article["title"]}"', date, f"Parley article {article_id}"]
        return ", ".join(p for p in parts if p)


def plover_records(tables: dict[str, list[dict[str, str]]]) -> list[dict]:
    """One PLOVER record per meeting, in meeting_id order."""
    index = _Index(tables)
    records = []
    for meeting in sorted(tables["meetings"], key=lambda m: m["meeting_id"]):
        actor, recipient = _sides(index.participants[meeting["meeting_id"]])
        records.append(
            {
                "id": meeting["meeting_id"],
                "date": meeting["date_start"] or None,
                "enddate": meeting["date_end"] or None,
                "event_type": meeting["plover_event"],
                "mode": meeting["plover_mode"] or None,
                "context": meeting["plover_context"] or None,
                "cameo_code": meeting["cameo_code"],
                "status": meeting["status"],
                "status_as_of": meeting["status_as_of"] or None,
                "kind": meeting["kind"],
                "title": meeting["title"],
                "actor": [index.actor(p) for p in actor],
                "recipient": [index.actor(p) for p in recipient],
                "location": index.location(meeting),
                "evidence": [
                    {
                        "article_id": link["article_id"],
                        "reported_status": link["reported_status"],
                        "text": link["quote"],
                        "char_start": int(link["char_start"]),
                        "char_end": int(link["char_end"]),
                        "citation": index.citation(link["article_id"]),
                    }
                    for link in index.links[meeting["meeting_id"]]
                ],
            }
        )
    return records


def check_plover(records: list[dict], schema_path: Path = PLOVER_SCHEMA) -> None:
    """Raise ExportError naming the first record that breaks the schema."""
    import jsonschema  # here, not at the top: `parley.cli` imports FORMATS at start-up

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for number, record in enumerate(records, start=1):
        error = next(iter(validator.iter_errors(record)), None)
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "(record)"
            raise ExportError(
                f"record {number} ({record.get('id')}): {where}: {error.message} "
                f"(schema {schema_path.name})"
            )


def check_cameo(data: bytes, schema_path: Path = CAMEO_SCHEMA) -> None:
    """Raise ExportError naming the first cell of the CSV `data` that breaks the schema."""
    from frictionless import Resource, Schema  # imported here: slow to import

    schema = Schema.from_descriptor(json.loads(schema_path.read_text(encoding="utf-8")))
    report = Resource(data=data, format="csv", schema=schema).validate()
    if not report.valid:
        row, field, message = report.flatten(["rowNumber", "fieldName", "message"])[0]
        where = f"row {row}, column {field}: " if row else ""
        raise ExportError(f"cameo-csv: {where}{message} (schema {schema_path.name})")


def cameo_fields(schema_path: Path = CAMEO_SCHEMA) -> list[str]:
    return [f["name"] for f in json.loads(schema_path.read_text(encoding="utf-8"))["fields"]]


def cameo_rows(tables: dict[str, list[dict[str, str]]]) -> list[dict]:
    """One GDELT-like row per meeting, in meeting_id order (see schemas/exports/cameo-csv.json)."""
    index = _Index(tables)
    # Each CAMEO code's quad class as reference/event-codes.json gives it (all verbal
    # cooperation, 1, today).
    from parley.interop import load_event_codes  # the reference data: only when exporting

    quad_classes = load_event_codes().quad_classes
    rows = []
    for meeting in sorted(tables["meetings"], key=lambda m: m["meeting_id"]):
        actor, recipient = _sides(index.participants[meeting["meeting_id"]])
        code = meeting["cameo_code"]
        if code not in quad_classes:
            raise ExportError(
                f"meetings: {meeting['meeting_id']}: CAMEO code {code!r} is not in "
                "reference/event-codes.json (rebuild with parley build)"
            )
        location = index.location(meeting)
        links = index.links[meeting["meeting_id"]]
        row = {
            "GLOBALEVENTID": meeting["meeting_id"],
            "SQLDATE": meeting["date_start"].replace("-", ""),
            "Year": meeting["date_start"][:4],
            "EventEndDate": meeting["date_end"].replace("-", ""),
            "EventCode": code,
            "EventBaseCode": code[:3],
            "EventRootCode": code[:2],
            "QuadClass": quad_classes[code],
            "NumArticles": meeting["article_count"],
            "ActionGeo_Type": "" if location is None else (4 if location["place_id"] else 1),
            "ActionGeo_FullName": "" if location is None else location["name"],
            "ActionGeo_CountryCode": meeting["country"],
            "ActionGeo_Lat": "" if location is None or location["latitude"] is None else location["latitude"],
            "ActionGeo_Long": "" if location is None or location["longitude"] is None else location["longitude"],
            "ActionGeo_FeatureID": "" if location is None or location["geonames_id"] is None else location["geonames_id"],
            "SOURCEURL": links[0]["article_id"],
            "ParleyStatus": meeting["status"],
            "ParleyKind": meeting["kind"],
            "PloverEvent": meeting["plover_event"],
            "PloverMode": meeting["plover_mode"],
        }  # fmt: skip
        for number, side in ((1, actor), (2, recipient)):
            actors = [index.actor(p) for p in side]
            countries = list(dict.fromkeys(a["country"] for a in actors))
            row[f"Actor{number}Name"] = "; ".join(a["name"] for a in actors)
            row[f"Actor{number}CountryCode"] = ";".join(
                index.countries[c]["iso_alpha3"] or c for c in countries
            )
            row[f"Actor{number}COWCode"] = ";".join(
                index.countries[c]["cow_code"] for c in countries if index.countries[c]["cow_code"]
            )
        rows.append(row)
    return rows


def export(datapackage: Path, fmt: str, out: Path) -> int:
    """Write the export `fmt` of the package to `out`; return the number of records.

    The whole output is made and checked in memory first and then renamed into
    place, so a failure leaves no half-written file.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    if out.is_dir():
        raise ExportError(f"{out}: is a folder; give a file name")
    tables = read_package(datapackage)
    if fmt == "plover":
        records = plover_records(tables)
        check_plover(records)
        data = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
        write_atomic(out, data.encode("utf-8"))
        return len(records)
    rows = cameo_rows(tables)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=cameo_fields(), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    check_cameo(data)
    write_atomic(out, data)
    return len(rows)
