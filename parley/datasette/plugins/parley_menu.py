"""What every page of the Parley site carries: stylesheet, script, menu and licence footer.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone. The stylesheet and script are
parley/datasette/static/, served under the URL in plugins.parley.static.
"""

from __future__ import annotations

import os
import sys

from datasette import hookimpl

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import config, database_name  # noqa: E402

DATA_PAGE = "/data"  # parley_data.py


@hookimpl
def extra_css_urls(datasette):
    static = config(datasette).get("static", "/parley-static/")
    return [datasette.urls.path(static + "parley.css")]


@hookimpl
def extra_js_urls(datasette):
    static = config(datasette).get("static", "/parley-static/")
    return [datasette.urls.path(static + "parley.js")]


@hookimpl
def menu_links(datasette):
    database = database_name(datasette)
    return [
        {"href": datasette.urls.path("/"), "label": "Parley home"},
        {"href": datasette.urls.path("/timeline"), "label": "Timeline of meetings"},
        {"href": datasette.urls.path("/map"), "label": "Map of meeting places"},
        {"href": datasette.urls.query(database, "search"), "label": "Search"},
        {"href": datasette.urls.path(DATA_PAGE), "label": "About the data and downloads"},
    ]


def footer(datasette) -> dict:
    """The instance's licence, source and about links: the same on every page."""
    metadata = datasette.metadata() or {}
    keys = ("license", "license_url", "source", "source_url", "about", "about_url")
    return {key: metadata.get(key) for key in keys if metadata.get(key)}


@hookimpl
def extra_template_vars(datasette):
    return {"parley_footer": footer(datasette), "parley_data_url": DATA_PAGE}
