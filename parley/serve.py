"""Stage 8b, publish: Datasette over the SQLite file, with generated metadata.

The metadata (title, description, licence, source, a description for every
table and column) is generated from datapackage.json and the Table Schemas,
never written twice. The database is opened immutable: nothing can write.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from parley.db import load_package

SETTINGS = {
    "sql_time_limit_ms": 1000,
    "max_returned_rows": 1000,
    "facet_time_limit_ms": 200,
    "facet_suggest_time_limit_ms": 100,
    "allow_download": True,
    "default_page_size": 50,
}


def datasette_metadata(datapackage: Path, database_name: str = "parley") -> dict:
    """Datasette metadata from the descriptor and Table Schemas."""
    descriptor = json.loads(datapackage.read_text(encoding="utf-8"))
    _, schemas, _ = load_package(datapackage)
    licence = descriptor["licenses"][0]
    source = descriptor["sources"][0]
    tables = {}
    for resource in descriptor["resources"]:
        schema = schemas[resource["name"]]
        tables[resource["name"]] = {
            "title": schema["title"],
            "description": schema["description"],
            "columns": {f["name"]: f["description"] for f in schema["fields"]},
        }
    return {
        "title": descriptor["title"],
        "description": descriptor["description"],
        "license": licence["name"],
        "license_url": licence["path"],
        "source": source["title"],
        "source_url": source["path"],
        "databases": {database_name: {"tables": tables}},
    }


def write_metadata(datapackage: Path, out_file: Path, database_name: str = "parley") -> Path:
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(json.dumps(datasette_metadata(datapackage, database_name), indent=2) + "\n")
    return out_file


def datasette_command(db_file: Path, metadata_file: Path, host: str, port: int) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "-i",
        str(db_file),
        "--metadata",
        str(metadata_file),
        "--host",
        host,
        "--port",
        str(port),
    ]
    for name, value in SETTINGS.items():
        command += ["--setting", name, json.dumps(value) if isinstance(value, bool) else str(value)]
    return command


def run_datasette(db_file: Path, datapackage: Path, *, host: str, port: int) -> int:
    """Serve until interrupted; print the address to open first."""
    metadata_file = write_metadata(datapackage, db_file.with_name("metadata.json"), db_file.stem)
    print(f"Serving Parley at http://{host}:{port}/  (Ctrl-C to stop)", flush=True)
    try:
        return subprocess.call(datasette_command(db_file, metadata_file, host, port))
    except KeyboardInterrupt:
        return 0
