"""Derive the COW state numbers of reference/country-codes.json from a maintained package.

The Correlates of War (COW) State System Membership List numbers and abbreviates
states (`ccode`, `stateabb`). Neither pycountry nor country_converter carries
them, so this script takes them from the `countrycode` package (Arel-Bundock,
Enevoldsen and Yetman, "countrycode: An R package to convert country names and
country codes", Journal of Open Source Software 3(28), 2018; its Python port),
whose `cown` and `cowc` columns come from that list. Install it once with
`pip install -e '.[country-codes]'`; the build never needs it, because the
output is committed.

For every state of reference/countries.json (the entries that `bodies` of
country-codes.json does not list), `states` gets the `cown` and `cowc` that
`countrycode` joins to its ISO code. The states it cannot join by ISO code,
and the ones whose package value is not COW's current number for that state,
are the hand-written `exceptions` of country-codes.json, each with its reason:
they win over the package (Serbia continues COW's Yugoslavia, 345; Kosovo has
no ISO code; the Holy See is not the Papal States of 1816-1870). A state that
is neither joined nor excepted stops the script with its code.

Usage: python scripts/derive_country_codes.py [--check]
  --check  compare with the committed file instead of writing it (exit 1 on a difference)
"""

from __future__ import annotations

import argparse
import json
import sys

from parley.paths import REFERENCE_DIR
from parley.reference import load_reference_file

OUTPUT = REFERENCE_DIR / "country-codes.json"


def derive_states(country_codes: list[str], document: dict, lookup) -> list[dict]:
    """The `states` entries for the given country codes.

    `lookup(code, column)` answers with countrycode's value for an ISO alpha-2 code.

    >>> table = {("AT", "cown"): 305, ("AT", "cowc"): "AUS"}
    >>> document = {"bodies": [{"code": "EU"}],
    ...             "exceptions": [{"code": "VA", "cow_code": None, "cow_abbr": None}]}
    >>> derive_states(["AT", "EU", "VA"], document, lambda c, col: table.get((c, col)))
    [{'code': 'AT', 'cow_code': 305, 'cow_abbr': 'AUS'}]
    """
    bodies = {body["code"] for body in document["bodies"]}
    exceptions = {entry["code"]: entry for entry in document["exceptions"]}
    states, unjoined = [], []
    for code in sorted(country_codes):
        if code in bodies:
            continue
        if code in exceptions:
            number, abbr = exceptions[code]["cow_code"], exceptions[code]["cow_abbr"]
        else:
            number, abbr = lookup(code, "cown"), lookup(code, "cowc")
        if number is None and code not in exceptions:
            unjoined.append(code)
            continue
        if number is not None:
            states.append({"code": code, "cow_code": int(number), "cow_abbr": abbr})
    if unjoined:
        raise SystemExit(
            f"{OUTPUT}: countrycode gives no COW number for {', '.join(unjoined)}: "
            "add them to `exceptions` with a reason"
        )
    return states


def countrycode_lookup():
    try:
        from countrycode import countrycode
    except ImportError:
        raise SystemExit(
            "derive_country_codes needs the countrycode package: pip install -e '.[country-codes]'"
        ) from None

    def lookup(code: str, column: str):
        value = countrycode([code], origin="iso2c", destination=column)[0]
        return None if value is None or value != value else value  # NaN is no value

    return lookup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    document = load_reference_file("country-codes")
    codes = [entry["code"] for entry in load_reference_file("countries")["countries"]]
    derived = {**document, "states": derive_states(codes, document, countrycode_lookup())}
    text = dumps(derived)
    if args.check:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} differs from what the script derives: run it without --check")
            return 1
        print(f"{OUTPUT}: up to date ({len(derived['states'])} states)")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}: {len(derived['states'])} states")
    return 0


def dumps(document: dict) -> str:
    """JSON with one state or exception per line, so that a change reads as one line."""
    lines = ["{"]
    keys = list(document)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        value = document[key]
        if key in ("states", "exceptions", "bodies") and isinstance(value, list):
            items = [json.dumps(item, ensure_ascii=False) for item in value]
            body = ",\n".join(f"    {item}" for item in items)
            lines.append(f'  "{key}": [\n{body}\n  ]{comma}')
        else:
            rendered = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            lines.append(f'  "{key}": {rendered}{comma}')
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
