"""Stage 8b, publish: Datasette over the SQLite file, with generated metadata.

Everything Datasette shows about the data (title, description, licence,
source, a description for every table and column, which column labels a
row) is generated from datapackage.json and the Table Schemas, never written
twice; the derived tables' descriptions come from `parley.db.DERIVED_TABLES`.
What is only about presentation lives here (default sorts and facets) or in
`parley/datasette/` (templates, the site plugin, stylesheet, canned queries
as SQL files).

The database is opened immutable and read-only: Datasette offers no route
that writes, only SELECT runs, and every query is bounded in time and rows
(`SETTINGS`), and in memory and response size by the guard plugin
(`parley/datasette/plugins/parley_guard.py`, see docs/publishing.md). It
binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from parley.db import DERIVED_TABLES, load_schemas

ASSETS = Path(__file__).resolve().parent / "datasette"
TEMPLATES = ASSETS / "templates"
PLUGINS = ASSETS / "plugins"
STATIC = ASSETS / "static"
QUERIES = ASSETS / "queries"

# URL prefixes of the two static mounts (see `datasette_command`).
STATIC_MOUNT = "parley-static"
DOWNLOADS_MOUNT = "downloads"
ZIP_NAME = "parley-datapackage.zip"

# Bounds that make the instance safe to put on the public internet, and fast:
# a query that runs past sql_time_limit_ms is cut off with an error page; no
# page returns more than max_returned_rows rows; facets are cut off rather
# than slowing a page down. Facet *suggestions* are off: they run one query
# per column on every table page; the facets users need are configured in
# TABLE_OPTIONS, and any column can still be faceted from its menu. Pages of
# 30 rows and facets of 15 values: rendering the HTML, not SQL, is most of a
# table page's time, and these sizes cut it by 40% on the 10,000-article
# database (docs/benchmarks.md); "next page" and "…" links show the rest.
SETTINGS: dict[str, int | bool] = {
    "sql_time_limit_ms": 1000,
    "max_returned_rows": 1000,
    "facet_time_limit_ms": 200,
    "facet_suggest_time_limit_ms": 50,
    "suggest_facets": False,
    "allow_download": True,
    "allow_csv_stream": True,
    "default_page_size": 30,
    "default_facet_size": 15,
    "default_cache_ttl": 300,
}

# Presentation only: how each table opens. Facets name columns; {"list": c}
# facets a JSON list column (people, topics) one value at a time (the site
# plugin's faster version of Datasette's {"array": c}).
TABLE_OPTIONS: dict[str, dict] = {
    "meetings": {"sort_desc": "date_start", "facets": ["status", "kind", "country"]},
    "browse_meetings": {
        "sort_desc": "date_start",
        "facets": [
            "year",
            "status",
            "kind",
            "country",
            {"list": "people"},
            {"list": "topics"},
        ],
    },
    "articles": {"sort_desc": "published_start", "facets": ["publisher_id", "published_basis"]},
    "browse_articles": {
        "sort_desc": "published_start",
        "facets": ["year", "publisher_id", {"list": "people"}, {"list": "topics"}],
        # The derived table keeps the articles' rowids, so it shares their index.
        "fts_table": "articles_fts",
        "fts_pk": "rowid",
    },
    "article_meetings": {"facets": ["reported_status"]},
    "meeting_participants": {"facets": ["person_id", "country"]},
    "meeting_topics": {"facets": ["topic_id"]},
    "article_topics": {"facets": ["topic_id"], "sort_desc": "mentions"},
    "meeting_pairs": {"sort_desc": "meetings", "facets": ["person_a", "person_b"]},
    "people": {"facets": ["country", "curated"]},
    "offices": {"facets": ["role", "country"]},
    "sources": {"facets": ["kind"]},
}

# Columns that name a row, in order of preference, for tables others refer to.
LABEL_CANDIDATES = ("title", "name", "label")


@dataclass(frozen=True)
class Site:
    """The generated files one Datasette instance needs beside the database."""

    metadata: Path
    inspect: Path
    downloads: Path


def _text_html(text: str) -> str:
    """Plain descriptions -> HTML: paragraphs, and `code` spans as in the Table Schemas."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    out = []
    for paragraph in paragraphs:
        escaped = html.escape(paragraph, quote=False)
        out.append("<p>" + re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped) + "</p>")
    return "\n".join(out)


def canned_queries(queries_dir: Path = QUERIES) -> dict[str, dict]:
    """The canned queries: one SQL file each, title and description in its leading comments.

    Files are named `NN_name.sql`; NN orders them on the pages, `name` is the
    query's URL.
    """
    queries = {}
    for path in sorted(queries_dir.glob("*.sql")):
        name = path.stem.split("_", 1)[1] if re.match(r"\d+_", path.stem) else path.stem
        fields: dict[str, str] = {}
        sql_lines = []
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"--\s*(title|description):\s*(.*)", line)
            if match and not sql_lines:
                fields[match.group(1)] = match.group(2).strip()
            elif line.startswith("--") and not sql_lines:
                continue  # a comment for maintainers, not for the page
            else:
                sql_lines.append(line)
        queries[name] = {
            "title": fields.get("title", name),
            "description": fields.get("description", ""),
            "sql": "\n".join(sql_lines).strip(),
            # The question and its answer matter to readers; the SQL is one click away.
            "hide_sql": True,
        }
    return queries


def label_columns(schemas: dict[str, dict]) -> dict[str, str]:
    """For every table another table refers to, the column that names its rows."""
    referenced = {
        fk["reference"]["resource"] or name
        for name, schema in schemas.items()
        for fk in schema.get("foreignKeys", [])
    }
    referenced |= {c.references[0] for t in DERIVED_TABLES for c in t.columns if c.references}
    labels = {}
    for table in sorted(referenced):
        fields = [f["name"] for f in schemas[table]["fields"]]
        for candidate in LABEL_CANDIDATES:
            if candidate in fields:
                labels[table] = candidate
                break
    return labels


def _derived_metadata(schemas: dict[str, dict]) -> dict[str, dict]:
    tables = {}
    for table in DERIVED_TABLES:
        columns = {}
        for column in table.columns:
            description = column.description
            if description.startswith("="):
                resource, field = description[1:].split(".")
                description = next(
                    f["description"] for f in schemas[resource]["fields"] if f["name"] == field
                )
            columns[column.name] = description
        tables[table.name] = {
            "title": table.title,
            "description": table.description,
            "description_html": _text_html(table.description),
            "columns": columns,
        }
    return tables


def datasette_metadata(
    datapackage: Path, database_name: str = "parley", downloads: dict | None = None
) -> dict:
    """Datasette metadata from the descriptor and Table Schemas.

    `downloads` (from `write_downloads`) adds the links to the package's
    files that the home page shows.
    """
    descriptor, schemas = load_schemas(datapackage)
    licence = descriptor["licenses"][0]
    source = descriptor["sources"][0]
    labels = label_columns(schemas)
    tables = {}
    for resource in descriptor["resources"]:
        schema = schemas[resource["name"]]
        tables[resource["name"]] = {
            "title": schema["title"],
            "description": schema["description"],
            "description_html": _text_html(schema["description"]),
            "columns": {f["name"]: f["description"] for f in schema["fields"]},
        }
    tables.update(_derived_metadata(schemas))
    for name, options in TABLE_OPTIONS.items():
        if name in tables:
            tables[name].update(options)
    for name, column in labels.items():
        tables[name]["label_column"] = column
    metadata = {
        "title": descriptor["title"],
        "description": descriptor["description"],
        "description_html": _text_html(descriptor["description"]),
        "license": licence.get("title") or licence["name"],
        "license_url": licence.get("path"),
        "source": "; ".join(s["title"] for s in descriptor["sources"][:2]),
        "databases": {
            database_name: {
                "title": descriptor["title"],
                "description": descriptor["description"],
                "description_html": _text_html(descriptor["description"]),
                "tables": tables,
                "queries": canned_queries(),
            }
        },
        "plugins": {
            "parley": {
                "database": database_name,
                "static": f"/{STATIC_MOUNT}/",
                "resources": [
                    {"name": r["name"], "title": r.get("title", r["name"])}
                    for r in descriptor["resources"]
                ],
                "downloads": downloads or {},
            }
        },
    }
    if str(source.get("path", "")).startswith(("http://", "https://")):
        metadata["source_url"] = source["path"]
    if downloads:
        metadata["about"] = "the data package (datapackage.json)"
        metadata["about_url"] = downloads["datapackage"]
    return metadata


def write_metadata(
    datapackage: Path,
    out_file: Path,
    database_name: str = "parley",
    downloads: dict | None = None,
) -> Path:
    """Write the generated metadata as JSON; return its path."""
    out_file.parent.mkdir(parents=True, exist_ok=True)
    metadata = datasette_metadata(datapackage, database_name, downloads)
    out_file.write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out_file


def write_downloads(datapackage: Path, out_dir: Path, db_name: str = "parley") -> dict:
    """The package as users download it: descriptor, each resource's CSV, schemas and a zip.

    The files are copied byte for byte (Datasette's own CSV export writes
    booleans and empty values differently); the zip holds the same files
    under one folder, with fixed timestamps so equal packages give equal zips.
    Returns the URLs (under /downloads/) the home page links to.
    """
    descriptor, _ = load_schemas(datapackage)
    base = datapackage.parent
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    files = ["datapackage.json"]
    for resource in descriptor["resources"]:
        files.append(resource["path"])
        if isinstance(resource.get("schema"), str):
            files.append(resource["schema"])
    with zipfile.ZipFile(out_dir / ZIP_NAME, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative in files:
            target = out_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(base / relative, target)
            info = zipfile.ZipInfo(f"parley/{relative}", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (base / relative).read_bytes())
    prefix = f"/{DOWNLOADS_MOUNT}/"
    return {
        "datapackage": prefix + "datapackage.json",
        "zip": prefix + ZIP_NAME,
        "zip_bytes": (out_dir / ZIP_NAME).stat().st_size,
        "sqlite": f"/{db_name}.db",
        "resources": [
            {
                "name": r["name"],
                "title": r.get("title", r["name"]),
                "csv": prefix + r["path"],
                "bytes": (base / r["path"]).stat().st_size,
            }
            for r in descriptor["resources"]
        ],
    }


def write_inspect(db_file: Path, out_file: Path) -> Path:
    """What `datasette inspect` writes: hash, size and row count of every table.

    With it an immutable database never counts rows at request time (the
    home page and unfiltered table pages read the counts from here).
    """
    digest = hashlib.sha256()
    with db_file.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    connection = sqlite3.connect(f"file:{db_file}?mode=ro&immutable=1", uri=True)
    try:
        names = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        counts = {
            name: {"count": connection.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]}
            for name in names
        }
    finally:
        connection.close()
    data = {
        db_file.stem: {
            "hash": digest.hexdigest(),
            "size": db_file.stat().st_size,
            "file": str(db_file),
            "tables": counts,
        }
    }
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return out_file


def prepare_site(db_file: Path, datapackage: Path, site_dir: Path | None = None) -> Site:
    """Write metadata, inspect counts and downloads for serving `db_file`.

    They go to `site_dir`, by default `site/` beside the database.
    """
    site_dir = site_dir or db_file.parent / "site"
    downloads = write_downloads(datapackage, site_dir / DOWNLOADS_MOUNT, db_file.stem)
    return Site(
        metadata=write_metadata(datapackage, site_dir / "metadata.json", db_file.stem, downloads),
        inspect=write_inspect(db_file, site_dir / "inspect-data.json"),
        downloads=site_dir / DOWNLOADS_MOUNT,
    )


def _setting_value(value: int | bool) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def setting_options() -> list[str]:
    """`--setting NAME VALUE` for every entry of `SETTINGS`."""
    options = []
    for name, value in SETTINGS.items():
        options += ["--setting", name, _setting_value(value)]
    return options


def datasette_command(db_file: Path, site: Site, host: str, port: int) -> list[str]:
    """The `datasette serve` command line for the instance."""
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "-i",
        str(db_file),
        "--metadata",
        str(site.metadata),
        "--inspect-file",
        str(site.inspect),
        "--template-dir",
        str(TEMPLATES),
        "--plugins-dir",
        str(PLUGINS),
        "--static",
        f"{STATIC_MOUNT}:{STATIC}",
        "--static",
        f"{DOWNLOADS_MOUNT}:{site.downloads}",
        "--host",
        host,
        "--port",
        str(port),
        *setting_options(),
    ]


def publish_command(
    target: str = "cloudrun",
    db_file: str = "build/parley.db",
    site_dir: str = "build/site",
    assets: str = "parley/datasette",
) -> list[str]:
    """The `datasette publish TARGET` (or `datasette package`) command for the same instance.

    Paths are relative to the repository, as docs/publishing.md runs them.
    """
    if target == "package":
        head = ["datasette", "package", db_file, "--tag", "parley"]
    elif target == "cloudrun":
        head = ["datasette", "publish", "cloudrun", db_file, "--service", "parley"]
    else:
        head = ["datasette", "publish", target, db_file]
    return [
        *head,
        "--metadata",
        f"{site_dir}/metadata.json",
        "--template-dir",
        f"{assets}/templates",
        "--plugins-dir",
        f"{assets}/plugins",
        "--static",
        f"{STATIC_MOUNT}:{assets}/static",
        "--static",
        f"{DOWNLOADS_MOUNT}:{site_dir}/{DOWNLOADS_MOUNT}",
        # The Dockerfile runs `pip install` unquoted: no < or > in the specifier.
        "--install",
        "datasette~=0.65.0",
        "--extra-options",
        " ".join(setting_options()),
    ]


def shell_line(command: list[str]) -> str:
    """A command as one shell line (for docs and messages)."""
    return " ".join(shlex.quote(part) for part in command)


def run_datasette(db_file: Path, datapackage: Path, *, host: str, port: int) -> int:
    """Serve until interrupted; print the address to open first.

    On POSIX the process becomes Datasette (exec), so a signal that stops
    `parley serve` stops the server too and never leaves it running orphaned.
    """
    site = prepare_site(db_file, datapackage)
    command = datasette_command(db_file, site, host, port)
    print(f"Serving Parley at http://{host}:{port}/  (Ctrl-C to stop)", flush=True)
    if os.name == "posix":
        sys.stderr.flush()
        os.execv(command[0], command)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0
