"""Stage 8a, publish: the data package -> one SQLite file (sqlite-utils).

Tables are named after the resources, with the Table Schemas' column types,
primary keys and foreign keys, an index on every foreign key, and full-text
search on article titles and texts. The file is written beside its target
and renamed into place, so a failed load never leaves half a database.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

import sqlite_utils

SQLITE_TYPES = {"string": str, "integer": int, "number": float, "boolean": int, "date": str}
FTS_COLUMNS = {"articles": ["title", "text"], "article_meetings": ["quote"]}


class DatabaseError(Exception):
    """The data package cannot be loaded."""


def _schema(resource: dict, base: Path) -> dict:
    schema = resource["schema"]
    if isinstance(schema, str):
        return json.loads((base / schema).read_text(encoding="utf-8"))
    return schema


def _convert(value: str, field_type: str):
    if value == "":
        return None
    if field_type == "integer":
        return int(value)
    if field_type == "number":
        return float(value)
    if field_type == "boolean":
        return 1 if value == "true" else 0
    return value


def load_package(datapackage: Path) -> tuple[dict, dict[str, dict], dict[str, list[dict]]]:
    """Descriptor, schemas and typed rows of every resource."""
    try:
        descriptor = json.loads(datapackage.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise DatabaseError(f"{datapackage}: cannot read the descriptor: {error}") from None
    base = datapackage.parent
    schemas, rows = {}, {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        schema = _schema(resource, base)
        types = {f["name"]: f["type"] for f in schema["fields"]}
        with open(base / resource["path"], encoding="utf-8", newline="") as handle:
            rows[name] = [
                {key: _convert(value, types[key]) for key, value in row.items()}
                for row in csv.DictReader(handle)
            ]
        schemas[name] = schema
    return descriptor, schemas, rows


def build_database(datapackage: Path, out_file: Path) -> dict[str, int]:
    """Write the SQLite file; return the row count of each table."""
    descriptor, schemas, rows = load_package(datapackage)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(
        dir=out_file.parent, prefix=f".{out_file.name}.", suffix=".tmp"
    )
    os.close(fd)
    os.unlink(temporary)
    try:
        db = sqlite_utils.Database(temporary)
        for resource in descriptor["resources"]:
            name = resource["name"]
            schema = schemas[name]
            columns = {f["name"]: SQLITE_TYPES[f["type"]] for f in schema["fields"]}
            key = schema["primaryKey"]
            not_null = {
                f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")
            }
            foreign_keys = [
                (fk["fields"], fk["reference"]["resource"] or name, fk["reference"]["fields"])
                for fk in schema.get("foreignKeys", [])
            ]
            db[name].create(
                columns,
                pk=key if isinstance(key, str) else tuple(key) if len(key) > 1 else key[0],
                not_null=not_null,
                foreign_keys=foreign_keys,
            )
            db[name].insert_all(rows[name], batch_size=1000)
            for column, _, _ in foreign_keys:
                db[name].create_index([column], if_not_exists=True)
            if name in FTS_COLUMNS:
                db[name].enable_fts(FTS_COLUMNS[name], create_triggers=False, tokenize="porter")
        db.execute("PRAGMA foreign_keys = ON")
        problems = list(db.execute("PRAGMA foreign_key_check"))
        if problems:
            raise DatabaseError(f"{datapackage}: foreign keys do not hold: {problems[:5]}")
        db.vacuum()
        db.close()
        os.replace(temporary, out_file)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return {name: len(table_rows) for name, table_rows in rows.items()}
