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

import errno
import hashlib
import html
import json
import os
import re
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from parley import paths
from parley.db import DERIVED_TABLES, read_descriptor_schemas
from parley.errors import ParleyError
from parley.paths import PROJECT_ROOT, README, SITE_DIR

ASSETS = SITE_DIR
TEMPLATES = ASSETS / "templates"
PLUGINS = ASSETS / "plugins"
STATIC = ASSETS / "static"
QUERIES = ASSETS / "queries"

# URL prefixes of the two static mounts (see `datasette_command`).
STATIC_MOUNT = "parley-static"
DOWNLOADS_MOUNT = "downloads"
ZIP_NAME = "parley-datapackage.zip"
ZIP_FOLDER = "parley"

# What the release zip holds beside the package itself, from the project: the
# annotation guide, and the licence texts the README's Licences section cites.
# (As paths inside the zip, the same as in the checkout.)
ANNOTATION_GUIDE = paths.ANNOTATION_GUIDE.relative_to(PROJECT_ROOT).as_posix()
QUALITY_DOC = paths.QUALITY_DOC.relative_to(PROJECT_ROOT).as_posix()
LICENCE_FILES = ("reference/travels-LICENSE.md", "profiles/PROVENANCE.txt")


REBUILD_HINT = "run `parley build` (or `parley serve --rebuild`) to rebuild data/ from seeds/"


class ServeError(ParleyError):
    """The package cannot be served as asked (busy port, an invalid package, wrong options)."""

    def __init__(self, what: str, exit_code: int = 2) -> None:
        super().__init__(what)
        self.exit_code = exit_code


class ReleaseError(Exception):
    """The release zip cannot be made complete (a source it cites is missing)."""


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
    # The browse tables sort by the middle day of each date interval (parley.db).
    "browse_meetings": {
        "sort_desc": "sort_date",
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
        "sort_desc": "sort_date",
        "facets": ["year", "publisher_id", {"list": "people"}, {"list": "topics"}],
        # The derived table keeps the articles' rowids, so it shares their index.
        "fts_table": "articles_fts",
        "fts_pk": "rowid",
    },
    "article_meetings": {"facets": ["reported_status"]},
    "meeting_participants": {"facets": ["person_id", "country"]},
    "meeting_topics": {"facets": ["topic_id"]},
    "article_topics": {"facets": ["topic_id"], "sort_desc": "mentions"},
    # Every pair is there in both orders: one facet finds all of a person's pairs.
    "meeting_pairs": {"sort_desc": "meetings", "facets": ["person_a"]},
    "people": {"facets": ["country", "curated"]},
    "offices": {"facets": ["role", "country"]},
    "sources": {"facets": ["kind"]},
}

# Columns that name a row, in order of preference, for tables others refer to.
LABEL_CANDIDATES = ("title", "name", "label")

# Presentation only: the meeting statuses the charts stack first (held at the base); the
# others follow in the meetings schema's order, so a status added to its enum is drawn too.
STATUSES_FIRST = ("held",)


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
    labels = {table: _label(schemas[table]) for table in sorted(referenced)}
    return {table: label for table, label in labels.items() if label}


def _label(schema: dict) -> str | None:
    """The column that names a table's rows: the first of LABEL_CANDIDATES it has."""
    fields = [f["name"] for f in schema["fields"]]
    return next((c for c in LABEL_CANDIDATES if c in fields), None)


def _key(schema: dict) -> str | None:
    """The primary key column of a table keyed by one column (None for a compound key)."""
    key = schema.get("primaryKey")
    if isinstance(key, list):
        key = key[0] if len(key) == 1 else None
    return key


def _foreign_keys(name: str, schema: dict) -> list[tuple[str, str, str]]:
    """(column, table, column it refers to) of every one-column foreign key of a table."""
    out = []
    for fk in schema.get("foreignKeys", []):
        fields, target = fk["fields"], fk["reference"]["fields"]
        if isinstance(fields, list):
            if len(fields) != 1:
                continue
            fields, target = fields[0], target[0]
        out.append((fields, fk["reference"]["resource"] or name, target))
    return out


def page_tables(templates_dir: Path = TEMPLATES) -> list[str]:
    """The tables the site has a page of its own for (a row-parley-TABLE.html template)."""
    return sorted(
        p.name[len("row-parley-") : -len(".html")] for p in templates_dir.glob("row-parley-*.html")
    )


def meeting_statuses(schemas: dict[str, dict]) -> list[str]:
    """The meetings schema's `status` enum, STATUSES_FIRST first."""
    field = next(f for f in schemas["meetings"]["fields"] if f["name"] == "status")
    enum = field.get("constraints", {}).get("enum", [])
    return [s for s in STATUSES_FIRST if s in enum] + [s for s in enum if s not in STATUSES_FIRST]


def id_columns(schemas: dict[str, dict], pages: list[str]) -> dict[str, str]:
    """Columns that hold the ID of a row with a page, and its table.

    The key of each page table (`meeting_id`), and every foreign key to it
    named after that key (`first_meeting_id`): query results link them.
    """
    out = {_key(schemas[table]): table for table in pages if _key(schemas[table])}
    for name, schema in schemas.items():
        for column, table, target in _foreign_keys(name, schema):
            if table in pages and target == _key(schemas[table]) and column.endswith(target):
                out.setdefault(column, table)
    return out


def _alias(table: str, taken: set[str]) -> str:
    """A table's alias in generated SQL: its words' initials, numbered when taken.

    >>> taken = set()
    >>> _alias("meeting_participants", taken), _alias("meeting_pairs", taken)
    ('mp', 'mp2')
    """
    alias = "".join(word[0] for word in table.split("_"))
    base, n = alias, 1
    while alias in taken:
        n += 1
        alias = f"{base}{n}"
    taken.add(alias)
    return alias


def _link_path(schemas: dict[str, dict], start: str, goal: str) -> list[tuple] | None:
    """The shortest chain of link tables from table `start` to table `goal`.

    A link table is one whose primary key is made of foreign keys: it links
    the tables they refer to (meeting_participants: meetings and people).
    Each step is (link table, its column to the table before, its column to
    the table after); the first shortest chain in resource order wins.
    """
    links = []
    for name, schema in schemas.items():
        key = schema.get("primaryKey")
        key = key if isinstance(key, list) else [key]
        refs = {c: (t, tc) for c, t, tc in _foreign_keys(name, schema) if c in key}
        if len(refs) >= 2:
            links.append((name, refs))
    frontier: list[tuple[str, list]] = [(start, [])]
    seen = {start}
    while frontier:
        following = []
        for table, path in frontier:
            for name, refs in links:
                for here, (source, _) in refs.items():
                    if source != table:
                        continue
                    for there, (target, _) in refs.items():
                        if there == here or target in seen:
                            continue
                        step = [*path, (name, here, there)]
                        if target == goal:
                            return step
                        following.append((target, step))
        seen.update(target for target, _ in following)
        frontier = following
    return None


def list_filter_sql(schemas: dict[str, dict], start: str, goal: str) -> str | None:
    """SQL that keeps the rows of `start` linked to the `goal` row named `:{param}`.

    For the browse tables' list filters (`_person=NAME`): through the link
    tables' indexes rather than each row's JSON list. None when nothing links them.
    """
    path = _link_path(schemas, start, goal)
    label = _label(schemas[goal])
    if path is None or label is None:
        return None
    taken: set[str] = set()
    key = _key(schemas[start])
    first, first_here, _ = path[0]
    previous = _alias(first, taken)
    parts = [f"{key} IN (SELECT {previous}.{first_here} FROM {first} {previous}"]
    for (_, _, before), (name, here, _) in zip(path, path[1:], strict=False):
        alias = _alias(name, taken)
        parts.append(f"JOIN {name} {alias} ON {alias}.{here} = {previous}.{before}")
        previous = alias
    goal_alias = _alias(goal, taken)
    parts.append(
        f"JOIN {goal} {goal_alias} ON {goal_alias}.{_key(schemas[goal])} = {previous}.{path[-1][2]}"
    )
    parts.append(f"WHERE {goal_alias}.{label} = :{{param}})")
    return " ".join(parts)


def intervals(schemas: dict[str, dict]) -> dict[str, list[str | None]]:
    """Columns that start a date interval: [the column that ends it, the one giving its basis].

    Every `X_start` date field of a resource with an `X_end` (and `X_basis`,
    how the date is known, where there is one), and the same text columns of
    the derived tables. Cells are rendered by column name, in every table.
    """
    columns_of = [
        ({f["name"] for f in s["fields"] if f["type"] == "date"}, {f["name"] for f in s["fields"]})
        for s in schemas.values()
    ]
    columns_of += [
        ({c.name for c in t.columns if c.sql_type == "TEXT"}, {c.name for c in t.columns})
        for t in DERIVED_TABLES
    ]
    out: dict[str, list[str | None]] = {}
    for dates, names in columns_of:
        for column in sorted(dates):
            stem = column.removesuffix("_start")
            if column == stem or f"{stem}_end" not in dates:
                continue
            basis = f"{stem}_basis" if f"{stem}_basis" in names else None
            if out.get(column, [None, None])[1] is None:  # a table with a basis says how
                out[column] = [f"{stem}_end", basis]
    return out


def site_knowledge(schemas: dict[str, dict], templates_dir: Path = TEMPLATES) -> dict:
    """What the site plugins know of the data, generated from the Table Schemas.

    Handed to them in the metadata (plugins.parley.schema), so that no plugin
    repeats a schema: the meeting statuses (from the enum), which columns of a
    query result hold a row's ID (`id_columns`) or name a row (`title_links`),
    the browse tables' JSON list columns (derived TEXT columns named after the
    resource they list) and, for those faceted in TABLE_OPTIONS, their
    filters' SQL; which columns start a date interval.
    """
    pages = [t for t in page_tables(templates_dir) if t in schemas]
    ids = id_columns(schemas, pages)
    list_columns: dict[str, list[str]] = {}
    list_filters: dict[str, dict[str, list[str]]] = {}
    for table in DERIVED_TABLES:
        lists = [c.name for c in table.columns if c.sql_type == "TEXT" and c.name in schemas]
        if not lists:
            continue
        list_columns[table.name] = lists
        base = table.columns[0].references[0] if table.columns[0].references else None
        for facet in TABLE_OPTIONS.get(table.name, {}).get("facets", []):
            column = facet.get("list") if isinstance(facet, dict) else None
            goal_key = _key(schemas[column]) if column in schemas else None
            sql = list_filter_sql(schemas, base, column) if base and goal_key else None
            if sql:
                argument = "_" + goal_key.removesuffix("_id")
                list_filters.setdefault(table.name, {})[column] = [argument, sql]
    return {
        "statuses": meeting_statuses(schemas),
        "id_columns": ids,
        "title_links": {
            key.removesuffix("_id"): [key, table]
            for key, table in ids.items()
            if table in pages and key == _key(schemas[table]) and key.endswith("_id")
        },
        "list_columns": list_columns,
        "list_filters": list_filters,
        "intervals": intervals(schemas),
    }


DERIVED_NOTE = (
    "Derived table: computed from the package's resources when the database is built, "
    "for browsing; not part of the data package and not among its downloads."
)


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
        description = f"{DERIVED_NOTE}\n\n{table.description}"
        tables[table.name] = {
            "title": f"{table.title} (derived)",
            "description": description,
            "description_html": _text_html(description),
            "columns": columns,
            "derived": True,
        }
    return tables


def datasette_metadata(
    datapackage: Path, database_name: str = "parley", downloads: dict | None = None
) -> dict:
    """Datasette metadata from the descriptor and Table Schemas.

    `downloads` (from `write_downloads`) adds the links to the package's
    files that the home page shows.
    """
    descriptor, schemas = read_descriptor_schemas(datapackage)
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
                "schema": site_knowledge(schemas),
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


def _section(markdown: str, heading: str) -> str:
    """The body of the `## heading` section of a Markdown text ('' when absent)."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    return match.group(1).strip() + "\n" if match else ""


def release_descriptor(descriptor: dict, homepage: str | None) -> dict:
    """The descriptor users download: the package's, with the instance's `homepage`."""
    release = dict(descriptor)
    if homepage and not release.get("homepage"):
        # Placed with the other package-level properties, before the resources.
        resources = release.pop("resources")
        release["homepage"] = homepage
        release["resources"] = resources
    return release


def release_readme(descriptor: dict, schemas: dict[str, dict], extras: list[str]) -> str:
    """README.md of the release zip: what the package is, its files, its resource tables."""
    from parley.tools.docs import resources_markdown

    lines = [f"# {descriptor['title']}", "", descriptor["description"], ""]
    if descriptor.get("homepage"):
        lines += [f"Home page: {descriptor['homepage']}", ""]
    lines += [
        "## Files",
        "",
        "- `datapackage.json`: the Frictionless Data Package (v2) descriptor; "
        "`parley validate datapackage.json` or `frictionless validate datapackage.json` "
        "checks the files against it.",
        *(f"- `{r['path']}`: {r.get('title', r['name'])}" for r in descriptor["resources"]),
        f"- `{ANNOTATION_GUIDE}`: the annotation guide, what every row means.",
        "- `LICENCES.md`: the licences of the data, the article texts, the trips and the profiles.",
        *(f"- `{extra}`: cited by the descriptor's sources" for extra in extras),
        "",
        "## Resources",
        "",
        resources_markdown(schemas),
    ]
    return "\n".join(lines).rstrip() + "\n"


def release_licences(descriptor: dict) -> str:
    """LICENCES.md of the release zip: the README's Licences section and the descriptor's."""
    readme = README.read_text(encoding="utf-8") if README.is_file() else ""
    lines = ["# Licences", "", _section(readme, "Licences").rstrip(), ""]
    lines += ["## In the descriptor", ""]
    for licence in descriptor.get("licenses", []):
        lines.append(f"- {licence.get('title') or licence['name']}: {licence.get('path', '')}")
    for resource in descriptor["resources"]:
        for licence in resource.get("licenses", []):
            lines.append(
                f"- `{resource['path']}`: {licence.get('title') or licence['name']}: "
                f"{licence.get('path', '')}"
            )
    lines += ["", "Licence texts in this folder: " + ", ".join(f"`{f}`" for f in LICENCE_FILES)]
    return "\n".join(lines).rstrip() + "\n"


def _source_files(descriptor: dict, base: Path) -> tuple[list[str], dict[str, Path]]:
    """The relative paths the descriptor's sources cite, and the files under them.

    A path is taken from the package's folder, else from the project (the
    seeds and reference data a build reads); one found in neither makes the
    release incomplete.
    """
    cited, files = [], {}
    for source in descriptor.get("sources", []):
        path = str(source.get("path", ""))
        if not path or re.match(r"(https?|ftp)://", path):
            continue
        for root in (base, PROJECT_ROOT):
            found = root / path
            if found.exists():
                break
        else:
            raise ReleaseError(f"source {path!r} of the descriptor is neither a URL nor a file")
        cited.append(path)
        members = sorted(p for p in found.rglob("*") if p.is_file()) if found.is_dir() else [found]
        for member in members:
            relative = member.relative_to(root).as_posix()
            if "__pycache__" not in relative:
                files[relative] = member
    return cited, files


def release_files(datapackage: Path, homepage: str | None = None) -> dict[str, bytes]:
    """Every file of the release zip (path inside its folder -> bytes), in zip order.

    The package (descriptor, CSV files, schemas), a README with the resource
    tables, the annotation guide, the licences, and the files the descriptor's
    sources cite, so that every relative path it gives is inside the zip.
    """
    descriptor, schemas = read_descriptor_schemas(datapackage)
    base = datapackage.parent
    release = release_descriptor(descriptor, homepage)
    files: dict[str, bytes] = {"datapackage.json": _json_bytes(release)}
    for resource in descriptor["resources"]:
        files[resource["path"]] = (base / resource["path"]).read_bytes()
        if isinstance(resource.get("schema"), str):
            files[resource["schema"]] = (base / resource["schema"]).read_bytes()
    cited, sources = _source_files(descriptor, base)
    files["README.md"] = release_readme(release, schemas, cited).encode("utf-8")
    files["LICENCES.md"] = release_licences(descriptor).encode("utf-8")
    for relative in (ANNOTATION_GUIDE, *LICENCE_FILES):
        files[relative] = (PROJECT_ROOT / relative).read_bytes()
    for relative, path in sources.items():
        files.setdefault(relative, path.read_bytes())
    return files


def _json_bytes(document: dict) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_downloads(
    datapackage: Path, out_dir: Path, db_name: str = "parley", homepage: str | None = None
) -> dict:
    """The package as users download it: descriptor, each resource's CSV, schemas and a zip.

    The files are copied byte for byte (Datasette's own CSV export writes
    booleans and empty values differently); the zip holds them and the rest
    of `release_files` under one folder, with fixed timestamps so equal
    packages give equal zips. `homepage` (the instance's address) becomes
    the downloaded descriptor's `homepage` when the package has none.
    Returns the URLs (under /downloads/) the home page links to.
    """
    descriptor, _ = read_descriptor_schemas(datapackage)
    base = datapackage.parent
    files = release_files(datapackage, homepage)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    loose = ["datapackage.json"]
    schemas = []
    for resource in descriptor["resources"]:
        loose.append(resource["path"])
        if isinstance(resource.get("schema"), str):
            loose.append(resource["schema"])
            schemas.append(resource["schema"])
    # The documents the Data page links: what a row means, the licences, the quality figures.
    documents = [d for d in (ANNOTATION_GUIDE, "LICENCES.md", "README.md") if d in files]
    quality = PROJECT_ROOT / QUALITY_DOC
    if quality.is_file():
        files.setdefault(QUALITY_DOC, quality.read_bytes())
        documents.append(QUALITY_DOC)
    loose += [d for d in documents if d not in loose]
    for relative in loose:
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[relative])
    with zipfile.ZipFile(out_dir / ZIP_NAME, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative, data in files.items():
            info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{relative}", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    prefix = f"/{DOWNLOADS_MOUNT}/"
    listing = [*loose, ZIP_NAME]
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
                "schema": prefix + r["schema"] if isinstance(r.get("schema"), str) else None,
            }
            for r in descriptor["resources"]
        ],
        "documents": {d: prefix + d for d in documents},
        # Every file under /downloads/, for its index page.
        "files": [
            {"path": f, "url": prefix + f, "bytes": (out_dir / f).stat().st_size} for f in listing
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


def prepare_site(
    db_file: Path, datapackage: Path, site_dir: Path | None = None, homepage: str | None = None
) -> Site:
    """Write metadata, inspect counts and downloads for serving `db_file`.

    They go to `site_dir`, by default `site/` beside the database.
    `homepage` is the instance's public address, for the downloaded descriptor.
    """
    site_dir = site_dir or db_file.parent / "site"
    downloads = write_downloads(datapackage, site_dir / DOWNLOADS_MOUNT, db_file.stem, homepage)
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
    site = prepare_site(db_file, datapackage, homepage=f"http://{host}:{port}/")
    command = datasette_command(db_file, site, host, port)
    print(f"Serving Parley at http://{host}:{port}/  (Ctrl-C to stop)", flush=True)
    if os.name == "posix":
        sys.stderr.flush()
        os.execv(command[0], command)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (None when it can), found before any work.

    Binds the way the server will (SO_REUSEADDR, as uvicorn does) and lets go
    at once: a port another server listens on is refused, one in TIME_WAIT is not.
    """
    try:
        family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        return f"cannot resolve the host {host!r}: {error.strerror}"
    with socket.socket(family, kind) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return f"port {port} on {host} is in use"
            return f"cannot listen on {host}:{port}: {error.strerror}"
    return None


def stale_resources(seeds_dir: Path, datapackage: Path) -> list[str]:
    """Resources whose recorded hash is not what a build of `seeds_dir` gives today.

    The build goes to a temporary folder, never over the package: seeds, code
    or reference data changed since the descriptor was written when the
    list is not empty (hand edits are the validator's to report: it compares
    the files with the recorded hashes). Raises BuildError as `build` does.
    """
    from parley.build import build

    descriptor, _ = read_descriptor_schemas(datapackage)
    recorded = {r["name"]: r.get("hash") for r in descriptor["resources"]}
    with tempfile.TemporaryDirectory(prefix="parley-fresh-") as scratch:
        out = Path(scratch) / "data"
        build(seeds_dir, out)
        rebuilt, _ = read_descriptor_schemas(out / "datapackage.json")
    fresh = {r["name"]: r.get("hash") for r in rebuilt["resources"]}
    return [
        name for name in dict.fromkeys([*fresh, *recorded]) if fresh.get(name) != recorded.get(name)
    ]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def serve_package(
    host: str,
    port: int,
    db_file: Path,
    datapackage: Path | None,
    *,
    rebuild: bool = False,
    project_package: Path,
    seeds: Path,
    data: Path,
    progress=None,
    say: Callable[[str], None] = print,
    warn: Callable[[str], None] = _stderr,
) -> int:
    """Check, load and serve a data package: what `parley serve` does; Datasette's exit status.

    `datapackage` None serves the project's (`project_package`, built from
    `seeds` into `data` when there is none yet or `rebuild` is asked; said to
    be out of date when a build today would differ). Another package is
    served as it is. A busy port is found before anything is done, an invalid
    package is never served, and a database another `parley serve` is serving
    is never rewritten. `say` and `warn` print progress and warnings; failures
    are raised as ParleyError (ServeError, BuildError, DatabaseError).
    """
    from parley.build import BuildError, build
    from parley.db import DatabaseError, build_database, lock_database
    from parley.package import DescriptorError, find_descriptor
    from parley.validate import validate_package

    busy = port_problem(host, port)
    if busy:
        raise ServeError(
            f"{busy}: serve on another one with --port N (make serve: PORT=N make serve)"
        )
    project = datapackage is None
    package = project_package
    if not project:
        if rebuild:
            raise ServeError(
                "--rebuild rebuilds the project's data/ from seeds/; it does not go with --package"
            )
        try:
            package = find_descriptor(datapackage, project_package)
        except DescriptorError as error:
            raise ServeError(str(error)) from None
    lock_database(db_file)  # held until the server ends: it becomes this process
    missing = not package.is_file() or not data.is_dir()
    if project and (rebuild or missing):
        if missing and not rebuild:
            say(f"No {package.name} or data/ yet: building them from seeds/.")
        summary = build(seeds, data, progress=progress)
        say(f"Built data/: {summary.line()}")
    problems = validate_package(package)
    edited = [problem for problem in problems if problem.edited]
    if len(edited) < len(problems):
        for problem in problems:
            warn(str(problem))
        hint = f"; {REBUILD_HINT}" if project else ""
        raise ServeError(f"{package.name} is not valid; not serving it{hint}", 1)
    for problem in edited:
        warn(f"warning: {problem}")
    if edited:
        warn(
            "warning: serving the edited files as they are"
            + (f"; {REBUILD_HINT}, which drops the edits" if project else "")
        )
    elif project and not (rebuild or missing):  # a build just made is up to date
        try:
            stale = stale_resources(seeds, package)
        except BuildError as error:
            stale = []
            warn(f"warning: cannot tell whether data/ is up to date: {error}")
        if stale:
            warn(
                f"warning: data/ is out of date: a build of seeds/ today changes "
                f"{', '.join(stale)} (seeds, code or reference data changed since "
                f"{package.name} was written); serving it as it is; {REBUILD_HINT}, "
                "`parley diff` to see the rows"
            )
    say(
        f"{package.name}: valid"
        + (" but for the recorded hashes of edited files" if edited else "")
    )
    try:
        build_database(package, db_file)
    except DatabaseError as error:
        raise ServeError(str(error), 1) from None
    say(f"Wrote {db_file}")
    return run_datasette(db_file, package, host=host, port=port)
