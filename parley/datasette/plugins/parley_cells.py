"""How the Parley site writes table cells and rows: links, lists, highlights.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone.

- `render_cell`: search highlights as <mark>; the browse tables' JSON lists
  as names, each linking to the rows that include it; in query results, a
  row's ID and its title link to its page; `curated` in words. Dates are
  parley_dates.py's.
- The rows of table pages, query pages and lists of meetings, written in
  Python (`parley_thead`, `parley_tbody`, `parley_query_tbody`,
  `parley_meeting_rows`):
  Datasette renders templates asynchronously, chunk by chunk, and the cells
  of one page were thousands of chunks, a third of the page's time.

Which columns hold a row's ID, which name a row and which are lists comes
from `parley.serve.site_knowledge` (plugins.parley.schema), not from here.
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.parse

from datasette import hookimpl
from datasette.utils import path_with_replaced_args, to_css_class
from markupsafe import Markup, escape

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import HIGHLIGHT_START, highlight, knowledge, list_filters  # noqa: E402

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table == "people" and column == "curated" and value in (0, 1):
        return "curated" if value else "not curated"
    if not isinstance(value, str):
        return None
    if HIGHLIGHT_START in value:
        return highlight(value)
    known = knowledge(datasette)
    if column in known.get("list_columns", {}).get(table, ()) and value.startswith("["):
        return _list_cell(value, table, column, database, datasette)
    if table is not None:
        return None
    # Query results (table None): IDs and titles link to the rows they name.
    id_columns = known.get("id_columns", {})
    if column in id_columns and ID_PATTERN.match(value):
        href = datasette.urls.row(database, id_columns[column], value)
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if row is None:
        return None
    title_links = known.get("title_links", {})
    if column in title_links:
        return _title_link(row, value, title_links[column], column, database, datasette)
    if column == "title":
        # Search results: the title of the meeting (evidence) or article found.
        keys = row.keys()
        for name in ("meeting", "article"):
            id_column, target = title_links.get(name, (None, None))
            if id_column in keys and row[id_column]:
                return _title_link(row, value, (id_column, target), name, database, datasette)
    return None


def _title_link(row, value: str, link, column: str, database: str, datasette) -> Markup | None:
    """A query result's `meeting` (`article`, `person`...) linked to its row, by its ID column."""
    id_column, target = link
    keys = row.keys()
    if id_column not in keys or not row[id_column]:
        return None
    href = datasette.urls.row(database, target, row[id_column])
    if column == "article" and "meeting_id" in keys and row["meeting_id"]:
        href += "#" + row["meeting_id"]  # the article's highlighted words for that meeting
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')


def _list_cell(value: str, table: str, column: str, database: str, datasette) -> Markup | None:
    """A JSON list of a browse table as names, each linking to the rows that include it."""
    try:
        items = json.loads(value)
    except ValueError:
        return None
    if not isinstance(items, list):
        return None
    filters = list_filters(datasette, table)
    if column not in filters:
        return Markup(", ".join(str(escape(item)) for item in items))
    argument = filters[column][0]
    base = datasette.urls.table(database, table)
    links = [
        f'<a href="{escape(base)}?{escape(urllib.parse.urlencode({argument: item}))}">'
        f"{escape(item)}</a>"
        for item in items
    ]
    return Markup(", ".join(links))


# ------------------------------------------------------------------ rows


def table_thead(display_columns, request, sort, sort_desc, fix_path) -> Markup:
    """The header cells of a table page, as Datasette's _table.html (0.65) writes them.

    Each sortable column links to the page sorted by it (descending when it is the sort).
    """
    out = []
    for column in display_columns:
        name = column["name"]
        described = (
            f'data-column-description="{escape(column["description"])}" '
            if column.get("description")
            else ""
        )
        if not column.get("sortable"):
            label = escape(name)
        elif name == sort:
            link = fix_path(
                path_with_replaced_args(request, {"_sort_desc": name, "_sort": None, "_next": None})
            )
            label = f'<a href="{escape(link)}" rel="nofollow">{escape(name)}&nbsp;▼</a>'
        else:
            link = fix_path(
                path_with_replaced_args(request, {"_sort": name, "_sort_desc": None, "_next": None})
            )
            arrow = "&nbsp;▲" if name == sort_desc else ""
            label = f'<a href="{escape(link)}" rel="nofollow">{escape(name)}{arrow}</a>'
        out.append(
            f'<th {described}class="col-{escape(to_css_class(name))}" scope="col" '
            f'data-column="{escape(name)}" data-column-type="{escape(column["type"].lower())}" '
            f'data-column-not-null="{escape(column["notnull"])}" '
            f'data-is-pk="{1 if column.get("is_pk") else 0}">{label}</th>'
        )
    return Markup("".join(out))


def table_tbody(
    display_rows,
    urls=None,
    database: str = "",
    base_table: str = "",
    meeting_counts: dict | None = None,
) -> Markup:
    """The rows of a table page as HTML, as Datasette's _table.html writes them.

    With `base_table` (the browse tables), the ID and title link to that
    table's row, where the evidence is, rather than to the derived row. With
    `meeting_counts` (the people table: person ID -> meetings), a last cell
    gives each row's number of meetings, linked to the person's page.
    """
    out = []
    for row in display_rows:
        cells = row.cells
        href = escape(urls.row(database, base_table, cells[0]["raw"])) if base_table else ""
        out.append("<tr>")
        for index, cell in enumerate(cells):
            css = f"col-{to_css_class(cell['column'])} type-{cell['value_type']}"
            if href and index == 0:
                value = f'<a href="{href}">{escape(cell["raw"])}</a>'
            elif href and cell["column"] == "title":
                value = f'<a href="{href}">{escape(cell["value"])}</a>'
            else:
                value = escape(cell["value"])
            out.append(f'<td class="{css}">{value}</td>')
        if meeting_counts is None:
            out.append("</tr>\n")
            continue
        person_id = cells[0]["raw"]
        n = meeting_counts.get(person_id, 0)
        person = escape(urls.row(database, "people", person_id))
        out.append(f'<td class="col-meetings parley-num"><a href="{person}">{n:,}</a></td></tr>\n')
    return Markup("".join(out))


def query_tbody(columns: list[str], display_rows) -> Markup:
    """The rows of a query page as HTML, as Datasette's query.html writes them (see table_tbody)."""
    classes = [f"col-{to_css_class(column)}" for column in columns]
    out = []
    for row in display_rows:
        cells = "".join(
            f'<td class="{c}">{escape(td)}</td>' for c, td in zip(classes, row, strict=False)
        )
        out.append(f"<tr>{cells}</tr>\n")
    return Markup("".join(out))


def meeting_rows(
    meetings: list[dict], people_key: str, heading: str, urls, database: str
) -> Markup:
    """The rows of a list of meetings (_parley_meetings.html); see table_tbody for why here."""
    out = []
    for m in meetings:
        who = m.get(people_key)
        if isinstance(who, list):
            who_html = ", ".join(
                f'<a href="{escape(urls.row(database, "people", o["id"]))}">{escape(o["name"])}</a>'
                for o in who
            )
        else:
            who_html = str(escape(who or ""))
        if m.get("place_id"):
            place = (
                f'<a href="{escape(urls.row(database, "places", m["place_id"]))}">'
                f"{escape(m.get('place') or m['place_id'])}</a>"
            )
        else:
            place = str(escape(m.get("city") or ""))
        if m.get("country"):
            place += f" ({escape(m['country'])})"
        status = escape(m.get("status") or "")
        out.append(
            "<tr>"
            f'<td class="parley-date" data-label="Date">{escape(m.get("date") or "date unknown")}</td>'
            f'<td class="parley-card-title"><a href="{escape(urls.row(database, "meetings", m["meeting_id"]))}">'
            f"{escape(m['title'])}</a></td>"
            f'<td data-label="{escape(heading)}">{who_html}</td>'
            f'<td data-label="Place">{place}</td>'
            f'<td data-label="Status"><span class="parley-status status-{status}">{status}</span></td>'
            f'<td data-label="Kind">{escape((m.get("kind") or "").replace("_", " "))}</td>'
            f'<td class="parley-num" data-label="Articles">{m.get("article_count") or 0}</td>'
            "</tr>\n"
        )
    return Markup("".join(out))


@hookimpl
def prepare_jinja2_environment(env):
    env.globals["parley_thead"] = table_thead
    env.globals["parley_tbody"] = table_tbody
    env.globals["parley_query_tbody"] = query_tbody
    env.globals["parley_meeting_rows"] = meeting_rows
