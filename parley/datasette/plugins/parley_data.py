"""The Data page (`/data`: what a row is, the documents, the downloads and their sizes)
and `/downloads/` (an index of the downloads instead of a bare 403).

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone. The downloads themselves are
static files written by `parley.serve.write_downloads`, listed in
plugins.parley.downloads. Templates: parley_data.html, parley_downloads.html.
"""

from __future__ import annotations

import math
import os
import sys

from datasette import hookimpl
from datasette.utils.asgi import Response

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import config, database, database_name, memo  # noqa: E402


def _size(n: int | None) -> str:
    """A file size for people.

    >>> _size(512), _size(2048), _size(3_500_000)
    ('512 bytes', '2 KB', '3.3 MB')
    """
    if n is None:
        return ""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{math.ceil(n / 1024):,} KB"
    return f"{n / 1024 / 1024:.1f} MB"


async def _data_context(datasette) -> dict:
    settings = config(datasette)
    name = database_name(datasette)
    downloads = settings.get("downloads", {})
    db = database(datasette)
    counts = await db.table_counts(limit=50)
    tables = datasette.metadata("tables", database=name) or {}
    sqlite_bytes = None
    if db.path:
        sqlite_bytes = os.path.getsize(db.path)
    return {
        "database_name": name,
        "downloads": downloads,
        "documents": downloads.get("documents", {}),
        "resources": [
            {
                **r,
                "size": _size(r.get("bytes")),
                "rows": counts.get(r["name"]),
                "description": tables.get(r["name"], {}).get("description", ""),
            }
            for r in downloads.get("resources", [])
        ],
        "derived": [
            {"name": t, "title": meta.get("title", t), "rows": counts.get(t)}
            for t, meta in tables.items()
            if meta.get("derived")
        ],
        "zip_size": _size(downloads.get("zip_bytes")),
        "sqlite_size": _size(sqlite_bytes),
        "files": [{**f, "size": _size(f.get("bytes"))} for f in downloads.get("files", [])],
        "metadata": datasette.metadata(),
    }


async def data_page(request, datasette):
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    context = await memo(datasette, ("data",), lambda: _data_context(datasette))
    return Response.html(
        await datasette.render_template("parley_data.html", context, request=request)
    )


async def downloads_page(request, datasette):
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    context = await memo(datasette, ("data",), lambda: _data_context(datasette))
    return Response.html(
        await datasette.render_template("parley_downloads.html", context, request=request)
    )


async def downloads_redirect(request, datasette):
    return Response.redirect(datasette.urls.path("/downloads/"))


@hookimpl
def register_routes():
    return [
        (r"^/data$", data_page),
        (r"^/downloads/$", downloads_page),
        (r"^/downloads$", downloads_redirect),
    ]
