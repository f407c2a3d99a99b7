"""Import the Office of the Historian's travel records into reference/trips.csv.

The records (public domain, CC0) list the official foreign trips of US
Presidents and Secretaries of State. Parley ships the trips since 2000 of the
people in reference/people.json, for the check that every held meeting abroad
of a US President or Secretary of State falls inside one of their trips.

Usage: python scripts/import_trips.py [../shared/reference/history-state-travels]
"""

from __future__ import annotations

import csv
import json
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from parley.paths import REFERENCE_DIR
from parley.reference import TRIP_COLUMNS, load_reference

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared/reference/history-state-travels"
SINCE = "2000-01-01"


def main(source: Path) -> int:
    reference = load_reference()
    by_name = {
        name.casefold(): person_id
        for person_id, names in reference.person_names.items()
        for name in names
    }
    by_country = {}
    for country in reference.countries.values():
        for name in (country.name, *country.names):
            by_country[name.casefold()] = country.code
    extra = json.loads((REFERENCE_DIR / "trip-country-names.json").read_text(encoding="utf-8"))
    by_country.update({name.casefold(): code for name, code in extra["names"].items()})
    rows, unknown_countries = [], set()
    for path in sorted(
        [*source.glob("secretary-travels/*.xml"), *source.glob("president-travels/*.xml")]
    ):
        for trip in ElementTree.parse(path).getroot().iter("trip"):
            start = trip.findtext("start-date")
            person_id = by_name.get(" ".join(trip.findtext("name").split()).casefold())
            if start < SINCE or person_id is None:
                continue
            country_name = trip.findtext("country").strip()
            code = by_country.get(country_name.casefold())
            if code is None:
                unknown_countries.add(country_name)
                continue
            rows.append(
                {
                    "trip_id": int(trip.findtext("id")),
                    "person_id": person_id,
                    "role": trip.findtext("role"),
                    "name": " ".join(trip.findtext("name").split()),
                    "date_start": start,
                    "date_end": trip.findtext("end-date"),
                    "country": code,
                    "country_name": country_name,
                    "locale": " ".join(trip.findtext("locale").split()),
                    "remarks": " ".join((trip.findtext("remarks") or "").split()),
                }
            )
    rows.sort(key=lambda r: r["trip_id"])
    out = REFERENCE_DIR / "trips.csv"
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, TRIP_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} trips to {out}")
    for name in sorted(unknown_countries):
        print(
            f"warning: country not in reference/countries.json, trips skipped: {name}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE))
