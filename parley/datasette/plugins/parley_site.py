"""The Parley site plugin for Datasette: home page, meeting pages, timeline and map.

Loaded with `datasette --plugins-dir parley/datasette/plugins`, by
`parley serve` and by `datasette publish`. It depends on Datasette alone (not
on the parley package) so that a published instance needs nothing else.
Its settings (database name, URL of the static files, download links) are
written into the generated metadata by `parley.serve`, under plugins.parley.

Everything it draws is rendered on the server as SVG: the timeline and map
need no script and no network access (the world outline is a template,
`_parley_world_path.txt`, generated from Natural Earth's 1:110m land).
"""

from __future__ import annotations

import calendar
import json
import math
import re
import sys
import traceback
import urllib.parse

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ArrayFacet
from datasette.filters import FilterArguments
from datasette.plugins import pm
from datasette.utils import (
    add_cors_headers,
    escape_sqlite,
    path_with_added_args,
    path_with_removed_args,
    to_css_class,
)
from datasette.utils.asgi import Base400, NotFound, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup, escape

PLUGIN = "parley"
STATUSES = ("held", "planned", "cancelled")
HIGHLIGHT_START, HIGHLIGHT_END = "\ue000", "\ue001"  # snippet() markers in canned queries

# Columns of canned query results that hold a row's ID, and the table it is in:
# query results get links like table pages get them for foreign keys.
ID_COLUMNS = {
    "meeting_id": "meetings",
    "first_meeting_id": "meetings",
    "last_meeting_id": "meetings",
    "article_id": "articles",
    "person_id": "people",
    "topic_id": "topics",
    "place_id": "places",
}
BROWSE_TABLES = {"browse_meetings", "browse_articles"}
LIST_COLUMNS = {"people", "countries", "topics"}
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CONTEXT_CHARS = 280  # article text shown around an evidence quote


def _config(datasette) -> dict:
    return datasette.plugin_config(PLUGIN) or {}


def _database_name(datasette) -> str:
    return _config(datasette).get("database", "parley")


def _database(datasette):
    try:
        return datasette.get_database(_database_name(datasette))
    except KeyError:
        raise NotFound("The Parley database is not being served") from None


READ_METHODS = {"GET", "HEAD", "OPTIONS"}

# What the home page, timeline and map compute from the database, per server
# and key. The database is served immutable, so it never goes stale; the keys
# are few (a page and its one option).
_MEMO: dict[tuple, dict] = {}


async def _memo(datasette, key: tuple, compute) -> dict:
    """`await compute()` once per server for an immutable database; every time otherwise."""
    if _database(datasette).is_mutable:
        return await compute()
    full_key = (id(datasette), *key)
    if full_key not in _MEMO:
        _MEMO[full_key] = await compute()
    return _MEMO[full_key]


@hookimpl
def asgi_wrapper(datasette):
    """Refuse every request that could write, before Datasette routes it.

    The database is immutable anyway; this makes a write attempt a clean 405
    rather than whatever a route does with a method it does not expect
    (Datasette 0.65 answers a POST to a read-only canned query with a 500).
    """

    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope.get("method", "GET") not in READ_METHODS:
                response = Response.text(
                    "This Parley instance is read-only: only GET requests are allowed.\n",
                    status=405,
                    headers={"Allow": "GET, HEAD, OPTIONS"},
                )
                await response.asgi_send(send)
                return
            await app(scope, receive, send)

        return read_only

    return wrap


@hookimpl
def handle_exception(datasette, request, exception):
    """Error pages like Datasette's, without its slow console report.

    Datasette's own handler prints every error, even a query over the time
    limit or a 404, as a traceback with all local variables: that took longer
    than the time limit itself and flooded the log. It is unregistered at startup;
    this one logs one line for expected errors (bad SQL, time limit, not
    found) and a plain traceback for unexpected ones.
    """

    async def inner():
        title = None
        if isinstance(exception, Base400):
            status, info, message = exception.status, {}, exception.args[0]
        elif isinstance(exception, DatasetteError):
            status, info, message = exception.status, dict(exception.error_dict), exception.message
            if exception.message_is_html:
                message = Markup(message)
            title = exception.title
        else:
            status, info, message = 500, {}, str(exception)
            traceback.print_exception(exception)
        if status != 404:
            print(f"{status} {request.path}: {type(exception).__name__}", file=sys.stderr)
        info.update({"ok": False, "error": message, "status": status, "title": title})
        headers: dict = {}
        if datasette.cors:
            add_cors_headers(headers)
        if request.path.split("?")[0].endswith(".json"):
            return Response.json(info, status=status, headers=headers)
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        context = dict(
            info,
            urls=datasette.urls,
            app_css_hash=datasette.app_css_hash(),
            menu_links=lambda: [],
        )
        return Response.html(await template.render_async(context), status=status, headers=headers)

    return inner


@hookimpl
def startup(datasette):
    # Datasette's own handler would still run (and print) beside this one.
    if pm.has_plugin("datasette.handle_exception"):
        pm.unregister(name="datasette.handle_exception")


# Filters for the list columns of the browse tables, as (URL argument, SQL).
# They go through the link tables' indexes instead of reading every row's
# JSON list (`people__arraycontains` does that): selecting a person among
# 6,000 meetings took 74 ms at p50 that way, since the page's count, rows and
# every facet repeat the filter.
LIST_FILTERS = {
    ("browse_meetings", "people"): (
        "_person",
        "meeting_id IN (SELECT mp.meeting_id FROM meeting_participants mp "
        "JOIN people p ON p.person_id = mp.person_id WHERE p.name = :{param})",
    ),
    ("browse_meetings", "topics"): (
        "_topic",
        "meeting_id IN (SELECT mt.meeting_id FROM meeting_topics mt "
        "JOIN topics t ON t.topic_id = mt.topic_id WHERE t.label = :{param})",
    ),
    ("browse_articles", "people"): (
        "_person",
        "article_id IN (SELECT am.article_id FROM article_meetings am "
        "JOIN meeting_participants mp ON mp.meeting_id = am.meeting_id "
        "JOIN people p ON p.person_id = mp.person_id WHERE p.name = :{param})",
    ),
    ("browse_articles", "topics"): (
        "_topic",
        "article_id IN (SELECT at.article_id FROM article_topics at "
        "JOIN topics t ON t.topic_id = at.topic_id WHERE t.label = :{param})",
    ),
}


@hookimpl
def filters_from_request(request, table):
    clauses, params, descriptions = [], {}, []
    for (list_table, column), (argument, sql) in LIST_FILTERS.items():
        if list_table != table:
            continue
        for index, value in enumerate(request.args.getlist(argument)):
            param = f"parley{argument}{index}"
            clauses.append(sql.format(param=param))
            params[param] = value
            descriptions.append(f'{column} include "{value}"')
    if not clauses:
        return None
    return FilterArguments(clauses, params=params, human_descriptions=descriptions)


def _list_argument(table: str, column: str) -> str:
    """The URL argument that selects one value of a list column."""
    return LIST_FILTERS.get((table, column), (f"{column}__arraycontains",))[0]


class ListFacet(ArrayFacet):
    """Facet a JSON list column whose lists never repeat a value (people, topics).

    Datasette's array facet removes repeated values first by making every
    (value, whole row) pair distinct, which took 25-35 ms per facet on 6,000
    meetings; Parley's lists are built without repeats (parley.db), so a plain
    count over json_each gives the same numbers in a fifth of the time.
    Selecting a value uses `LIST_FILTERS` where there is one, Datasette's
    `COLUMN__arraycontains=VALUE` otherwise.
    Configured as `{"list": "people"}`; `_facet_list=COLUMN` in a URL.
    """

    type = "list"

    async def suggest(self):
        return []

    async def facet_results(self):
        facet_results, timed_out = [], []
        facet_size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        for source_and_config in self.get_configs():
            config, source = source_and_config["config"], source_and_config["source"]
            column = config.get("column") or config["simple"]
            facet_sql = f"""
                with inner as ({self.sql})
                select j.value as value, count(*) as count
                from inner, json_each(inner.{escape_sqlite(column)}) j
                group by j.value order by count(*) desc, j.value limit {facet_size + 1}"""
            try:
                rows = await self.ds.execute(
                    self.database,
                    facet_sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            argument = _list_argument(self.table, column)
            for row in rows.rows[:facet_size]:
                value = str(row["value"])
                arg = {argument: value}
                selected = (argument, value) in pairs
                toggle = (
                    path_with_removed_args(self.request, arg)
                    if selected
                    else path_with_added_args(self.request, arg)
                )
                values.append(
                    {
                        "value": value,
                        "label": value,
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, toggle),
                        "selected": selected,
                    }
                )
            facet_results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": source != "metadata",
                    "toggle_url": self.ds.urls.path(
                        path_with_removed_args(self.request, {"_facet_list": column})
                    ),
                    "truncated": len(rows.rows) > facet_size,
                }
            )
        return facet_results, timed_out


@hookimpl
def register_facet_classes():
    return [ListFacet]


@hookimpl
def extra_css_urls(datasette):
    static = _config(datasette).get("static", "/parley-static/")
    return [datasette.urls.path(static + "parley.css")]


@hookimpl
def menu_links(datasette):
    database = _database_name(datasette)
    return [
        {"href": datasette.urls.path("/"), "label": "Parley home"},
        {"href": datasette.urls.path("/timeline"), "label": "Timeline of meetings"},
        {"href": datasette.urls.path("/map"), "label": "Map of meeting places"},
        {"href": datasette.urls.query(database, "search"), "label": "Search"},
    ]


def highlight(text: str) -> Markup:
    """Text with snippet() markers -> escaped HTML with <mark> highlights."""
    escaped = str(escape(text))
    return Markup(escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>"))


def table_tbody(display_rows, urls=None, database: str = "", base_table: str = "") -> Markup:
    """The rows of a table page as HTML, as Datasette's _table.html writes them.

    Built in Python rather than in the template: Datasette renders templates
    asynchronously, chunk by chunk, and the cells of one page were thousands
    of chunks, a third of the page's time. With `base_table` (the browse
    tables), the ID and title link to that table's row, where the evidence
    is, rather than to the derived row.
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
        out.append("</tr>\n")
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


@hookimpl
def prepare_jinja2_environment(env):
    env.globals["parley_tbody"] = table_tbody
    env.globals["parley_query_tbody"] = query_tbody


def _list_cell(value: str, table: str, column: str, database: str, datasette) -> Markup | None:
    """A JSON list of a browse table as names, each linking to the rows that include it."""
    try:
        items = json.loads(value)
    except ValueError:
        return None
    if not isinstance(items, list):
        return None
    if (table, column) not in LIST_FILTERS:
        return Markup(", ".join(str(escape(item)) for item in items))
    argument = LIST_FILTERS[(table, column)][0]
    base = datasette.urls.table(database, table)
    links = [
        f'<a href="{escape(base)}?{escape(urllib.parse.urlencode({argument: item}))}">'
        f"{escape(item)}</a>"
        for item in items
    ]
    return Markup(", ".join(links))


@hookimpl
def render_cell(value, column, table, database, datasette):
    if not isinstance(value, str):
        return None
    if HIGHLIGHT_START in value:
        return highlight(value)
    if table in BROWSE_TABLES and column in LIST_COLUMNS and value.startswith("["):
        return _list_cell(value, table, column, database, datasette)
    if table is None and column in ID_COLUMNS and ID_PATTERN.match(value):
        href = datasette.urls.row(database, ID_COLUMNS[column], value)
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    return None


@hookimpl
def register_routes():
    # Plugin routes come before Datasette's own, so "/" is the Parley home page;
    # "/.json" stays Datasette's instance summary.
    return [(r"^/$", home_page), (r"^/timeline$", timeline_page), (r"^/map$", map_page)]


@hookimpl
def extra_template_vars(view_name, table, request, datasette):
    if view_name == "row" and table == "meetings":

        async def meeting_vars():
            meeting_id = request.url_vars.get("pks", "")
            return {"parley_meeting": await _meeting(datasette, meeting_id)}

        return meeting_vars
    if view_name == "row" and table == "articles":

        async def article_vars():
            article_id = request.url_vars.get("pks", "")
            return {"parley_article": await _article(datasette, article_id)}

        return article_vars
    return None


# ---------------------------------------------------------------- home page


async def home_page(request, datasette):
    """Every question, picture, table and download one click away.

    Datasette's own index page inspects every table of every database on each
    request; this page asks the database only what it shows.
    """
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    return Response.html(
        await datasette.render_template(
            "parley_home.html",
            {
                "parley": await _memo(datasette, ("home",), lambda: _home(datasette, request)),
                "metadata": datasette.metadata(),
            },
            request=request,
            view_name="index",
        )
    )


async def _home(datasette, request) -> dict:
    config = _config(datasette)
    name = _database_name(datasette)
    db = _database(datasette)
    counts = await db.table_counts(limit=50)
    tables = datasette.metadata("tables", database=name) or {}
    queries = await datasette.get_canned_queries(name, request.actor)
    top_people = await db.execute(
        """SELECT p.person_id, p.name, count(*) AS meetings FROM meeting_participants mp
        JOIN people p ON p.person_id = mp.person_id
        GROUP BY p.person_id ORDER BY meetings DESC, p.name LIMIT 8"""
    )
    top_topics = await db.execute(
        """SELECT t.topic_id, t.label, count(*) AS meetings FROM meeting_topics mt
        JOIN topics t ON t.topic_id = mt.topic_id
        GROUP BY t.topic_id ORDER BY meetings DESC, t.label LIMIT 8"""
    )
    years = await db.execute(
        """SELECT year, count(*) FROM browse_meetings WHERE year IS NOT NULL
        GROUP BY year ORDER BY year DESC LIMIT 12"""
    )
    browse = [
        ("browse_meetings", "Meetings", "by year, country, kind, status, person and topic"),
        ("browse_articles", "Articles", "by year, publisher, person and topic; searchable"),
        ("article_meetings", "Evidence", "each article's words for each meeting; searchable"),
        ("people", "People", "participants and the countries they served"),
        ("places", "Places", "with coordinates"),
        ("topics", "Topics", "the controlled vocabulary"),
    ]
    return {
        "database": name,
        "counts": counts,
        "browse": [
            {
                "table": table,
                "label": label,
                "note": note,
                "count": counts.get(table),
                "title": tables.get(table, {}).get("title", label),
            }
            for table, label, note in browse
            if table in counts
        ],
        "resources": [
            {
                **r,
                "description": tables.get(r["name"], {}).get("description", ""),
                # Generated by parley.serve from the Table Schema (escaped there).
                "description_html": Markup(tables.get(r["name"], {}).get("description_html", "")),
            }
            for r in config.get("resources", [])
        ],
        "queries": [
            {"name": key, "title": q.get("title", key), "description": q.get("description", "")}
            for key, q in queries.items()
        ],
        "downloads": config.get("downloads", {}),
        "top_people": [dict(row) for row in top_people.rows],
        "top_topics": [dict(row) for row in top_topics.rows],
        "years": [row[0] for row in years.rows],
    }


# ------------------------------------------------------------- meeting page


def _evidence_context(before: str, after: str) -> tuple[str, str]:
    """The rest of the quote's paragraph around it, cut at whole words with an ellipsis."""
    if "\n" in before:
        before = before.rsplit("\n", 1)[1]
    elif len(before) >= CONTEXT_CHARS:
        before = "…" + before.split(" ", 1)[-1]
    if "\n" in after:
        after = after.split("\n", 1)[0]
    elif len(after) >= CONTEXT_CHARS:
        after = after.rsplit(" ", 1)[0] + "…"
    return before, after


async def _meeting(datasette, meeting_id: str) -> dict | None:
    db = _database(datasette)
    rows = (
        await db.execute(
            """SELECT m.*, p.name AS place_name, p.latitude, p.longitude
            FROM meetings m LEFT JOIN places p ON p.place_id = m.place_id
            WHERE m.meeting_id = ?""",
            [meeting_id],
        )
    ).rows
    if not rows:
        return None
    meeting = dict(rows[0])
    participants = await db.execute(
        """SELECT p.person_id, p.name, mp.role, mp.title, mp.country
        FROM meeting_participants mp JOIN people p ON p.person_id = mp.person_id
        WHERE mp.meeting_id = ? ORDER BY p.name""",
        [meeting_id],
    )
    evidence = await db.execute(
        f"""SELECT am.article_id, a.title AS article, a.published_start, a.published_end,
          a.published_basis, s.name AS publisher,
          am.reported_status, am.date_expression, am.quote,
          substr(a.text, max(1, am.char_start + 1 - {CONTEXT_CHARS}),
                 am.char_start - max(0, am.char_start - {CONTEXT_CHARS})) AS before,
          substr(a.text, am.char_end + 1, {CONTEXT_CHARS}) AS after
        FROM article_meetings am
        JOIN articles a ON a.article_id = am.article_id
        LEFT JOIN sources s ON s.source_id = a.publisher_id
        WHERE am.meeting_id = ?
        ORDER BY a.published_start IS NULL,
          parley_date_sort(a.published_start, a.published_end), a.article_id""",
        [meeting_id],
    )
    topics = await db.execute(
        """SELECT t.topic_id, t.label, mt.basis FROM meeting_topics mt
        JOIN topics t ON t.topic_id = mt.topic_id WHERE mt.meeting_id = ? ORDER BY t.label""",
        [meeting_id],
    )
    quotes = []
    for row in evidence.rows:
        item = dict(row)
        item["before"], item["after"] = _evidence_context(item["before"] or "", item["after"] or "")
        quotes.append(item)
    meeting["participants"] = [dict(row) for row in participants.rows]
    meeting["evidence"] = quotes
    meeting["topics"] = [dict(row) for row in topics.rows]
    return meeting


# ------------------------------------------------------------- article page


def marked_text(text: str, spans: list[dict]) -> Markup:
    """The article's text, escaped, with each evidence quote in a <mark>.

    `spans` have char_start, char_end (code points, as in the package),
    meeting_id and meeting (its title). Each meeting gets an anchor (its ID)
    at its quote; a quote that overlaps one already marked (several meetings
    reported in one sentence) shares that mark rather than nesting marks.
    """
    groups: list[tuple[int, int, list[dict]]] = []
    for span in sorted(spans, key=lambda s: (s["char_start"], s["char_end"])):
        if groups and span["char_start"] < groups[-1][1]:
            groups[-1][2].append(span)
        elif span["char_end"] <= len(text):
            groups.append((span["char_start"], span["char_end"], [span]))
    out, position = [], 0
    for start, end, members in groups:
        anchors = "".join(f'<span id="{escape(m["meeting_id"])}"></span>' for m in members)
        titles = escape("; ".join(m["meeting"] for m in members))
        out.append(str(escape(text[position:start])))
        out.append(
            f'{anchors}<mark class="parley-evidence-quote" title="{titles}">'
            f"{escape(text[start:end])}</mark>"
        )
        position = end
    out.append(str(escape(text[position:])))
    return Markup("".join(out))


async def _article(datasette, article_id: str) -> dict | None:
    db = _database(datasette)
    rows = (
        await db.execute(
            """SELECT a.*, s.name AS publisher FROM articles a
            LEFT JOIN sources s ON s.source_id = a.publisher_id WHERE a.article_id = ?""",
            [article_id],
        )
    ).rows
    if not rows:
        return None
    article = dict(rows[0])
    meetings = await db.execute(
        """SELECT am.meeting_id, m.title AS meeting, am.reported_status, am.date_expression,
          am.char_start, am.char_end, m.status
        FROM article_meetings am JOIN meetings m ON m.meeting_id = am.meeting_id
        WHERE am.article_id = ? ORDER BY am.char_start""",
        [article_id],
    )
    topics = await db.execute(
        """SELECT t.topic_id, t.label, at.mentions FROM article_topics at
        JOIN topics t ON t.topic_id = at.topic_id
        WHERE at.article_id = ? ORDER BY at.mentions DESC, t.label""",
        [article_id],
    )
    sources = await db.execute(
        """SELECT s.source_id, s.name, ars.role FROM article_sources ars
        JOIN sources s ON s.source_id = ars.source_id
        WHERE ars.article_id = ? ORDER BY ars.role, s.name""",
        [article_id],
    )
    article["meetings"] = [dict(row) for row in meetings.rows]
    article["topics"] = [dict(row) for row in topics.rows]
    article["sources"] = [dict(row) for row in sources.rows]
    article["marked_text"] = marked_text(article.get("text") or "", article["meetings"])
    return article


# ----------------------------------------------------------------- timeline


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _bucket_label(bucket: str) -> str:
    if len(bucket) == 4:
        return bucket
    return f"{calendar.month_name[int(bucket[5:7])]} {bucket[:4]}"


LABEL_STEPS = {"month": (1, 2, 3, 6, 12), "year": (1, 2, 5, 10, 20, 50)}
MAX_LABELS = 40  # on the 960-unit axis: about 24 units (3 letters) apart at the most


def label_step(buckets: int, by: str) -> int:
    """Label every month (year), or every 2nd, 3rd, 6th or 12th: the smallest regular step
    that leaves room for each label."""
    for step in LABEL_STEPS[by]:
        if buckets / step <= MAX_LABELS:
            return step
    return LABEL_STEPS[by][-1]


def axis_labels(bucket: str, index: int, by: str, step: int) -> list[tuple[int, str]]:
    """The labels under one bar, as (line, text): month names on line 0 at a regular step
    (months 1, 1+step, ...), and the year on line 1 under January and under the first bar."""
    if by == "year":
        return [(0, bucket)] if int(bucket) % step == 0 or index == 0 else []
    month = int(bucket[5:7])
    out = []
    if step < 12 and (month - 1) % step == 0:
        out.append((0, calendar.month_abbr[month]))
    if month == 1 or index == 0:
        out.append((1 if step < 12 else 0, bucket[:4]))
    return out


def timeline_svg(counts: dict[tuple[str, str], int], by: str, table_url: str) -> tuple[str, list]:
    """Stacked bars per month or year, one colour per status; each part links to its meetings."""
    if not counts:
        return "", []
    keys = sorted({bucket for bucket, _ in counts})
    if by == "year":
        buckets = [str(y) for y in range(int(keys[0]), int(keys[-1]) + 1)]
    else:
        buckets = _months(keys[0], keys[-1])
    totals = {b: sum(counts.get((b, s), 0) for s in STATUSES) for b in buckets}
    peak = max(totals.values()) or 1
    width, height, left, bottom, top = 960, 300, 40, 44, 10
    step = label_step(len(buckets), by)
    plot_h = height - bottom - top
    slot = (width - left - 10) / len(buckets)
    bar = max(slot * 0.8, 1)
    parts = [
        f'<svg class="parley-timeline" viewBox="0 0 {width} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="Meetings per {by}, by status">'
    ]
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        value = peak * fraction
        label = f"{value:g}" if value == int(value) else f"{value:.1f}"
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>'
        )
    rows = []
    for index, bucket in enumerate(buckets):
        x = left + index * slot + (slot - bar) / 2
        y = top + plot_h
        row = {"bucket": bucket, "label": _bucket_label(bucket), "total": totals[bucket]}
        for status in STATUSES:
            n = counts.get((bucket, status), 0)
            row[status] = n
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            href = f"{table_url}?{by}={bucket}&status={status}"
            title = f"{_bucket_label(bucket)}: {n} {status}"
            parts.append(
                f'<a href="{escape(href)}"><rect class="bar status-{status}" x="{x:.1f}" '
                f'y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}"><title>{escape(title)}'
                "</title></rect></a>"
            )
        rows.append(row)
        for line, label in axis_labels(bucket, index, by, step):
            parts.append(
                f'<text class="axis" x="{x + bar / 2:.1f}" y="{height - bottom + 15 + 14 * line}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    parts.append(
        f'<line class="axis-line" x1="{left}" x2="{width - 10}" '
        f'y1="{top + plot_h}" y2="{top + plot_h}"/></svg>'
    )
    return "".join(parts), rows


async def _timeline_context(datasette, by: str | None) -> dict:
    db = _database(datasette)
    name = _database_name(datasette)
    # A meeting is counted in a month (year) only when its whole date interval lies in it
    # (parley_date_bucket, from parley_dates.py): "between May and July" is in no month.
    result = await db.execute(
        """SELECT parley_date_bucket(date_start, date_end, 'month') AS month,
          parley_date_bucket(date_start, date_end, 'year') AS year, status, count(*) AS n
        FROM meetings WHERE date_start IS NOT NULL GROUP BY 1, 2, 3"""
    )
    undated = (await db.execute("SELECT count(*) FROM meetings WHERE date_start IS NULL")).rows[0][
        0
    ]
    rows_by = [dict(row) for row in result.rows]
    months = [row["month"] for row in rows_by if row["month"]]
    span = len(_months(min(months), max(months))) if months else 0
    by = by or ("month" if span <= 96 else "year")
    counts: dict[tuple[str, str], int] = {}
    vague = 0
    for row in rows_by:
        if row[by] is None:
            vague += row["n"]
            continue
        key = (row[by], row["status"])
        counts[key] = counts.get(key, 0) + row["n"]
    table_url = datasette.urls.table(name, "browse_meetings")
    svg, rows = timeline_svg(counts, by, table_url)
    return {
        "svg": Markup(svg),
        "rows": rows,
        "by": by,
        "undated": undated,
        "vague": vague,
        "total": sum(counts.values()),
        "statuses": STATUSES,
        "table_url": table_url,
        "database_name": name,
    }


async def timeline_page(request, datasette):
    by = request.args.get("by")
    by = by if by in ("month", "year") else None
    context = await _memo(datasette, ("timeline", by), lambda: _timeline_context(datasette, by))
    return Response.html(
        await datasette.render_template("parley_timeline.html", context, request=request)
    )


# ---------------------------------------------------------------------- map


def map_view_box(
    points: list[tuple[float, float]], world: bool
) -> tuple[float, float, float, float]:
    """The part of the world to show, in projected units (x = lon + 180, y = 90 - lat)."""
    if world or not points:
        return 0.0, 5.0, 360.0, 150.0  # -60° to 85° latitude: no Antarctica
    xs = [lon + 180 for lon, _ in points]
    ys = [90 - lat for _, lat in points]
    min_w, min_h = 70.0, 35.0
    x0, x1 = min(xs) - 15, max(xs) + 25  # room for the labels, right of the dots
    y0, y1 = min(ys) - 8, max(ys) + 8
    if x1 - x0 < min_w:
        middle = (x0 + x1) / 2
        x0, x1 = middle - min_w / 2, middle + min_w / 2
    if y1 - y0 < min_h:
        middle = (y0 + y1) / 2
        y0, y1 = middle - min_h / 2, middle + min_h / 2
    # Keep a landscape page shape so labels stay legible.
    if (x1 - x0) < 2 * (y1 - y0):
        middle, half = (x0 + x1) / 2, (y1 - y0)
        x0, x1 = middle - half, middle + half
    x0, x1 = max(0.0, x0), min(360.0, x1)
    y0, y1 = max(0.0, y0), min(180.0, y1)
    return x0, y0, x1 - x0, y1 - y0


def place_labels(
    places: list[dict], font_size: float, view: tuple[float, float, float, float]
) -> None:
    """Put each place's name beside its dot where it overlaps no dot and no other name.

    Busiest places first; tries right, left, above and below the dot. A name
    that fits nowhere is left out (the dot's tooltip and the table below the
    map still give it). Sets label_x, label_y and anchor, or label_x None.
    """
    x0, y0, width_view, height_view = view
    taken = [
        (p["cx"] - p["r"], p["cy"] - p["r"], p["cx"] + p["r"], p["cy"] + p["r"]) for p in places
    ]
    for place in places:
        width = len(place["name"]) * font_size * 0.6
        cx, cy, r = place["cx"], place["cy"], place["r"]
        gap = r + font_size * 0.3
        candidates = [
            (cx + gap, cy + font_size * 0.35, "start"),
            (cx - gap, cy + font_size * 0.35, "end"),
            (cx + gap * 0.7, cy - gap, "start"),
            (cx + gap * 0.7, cy + gap + font_size * 0.7, "start"),
            (cx - gap * 0.7, cy - gap, "end"),
            (cx - gap * 0.7, cy + gap + font_size * 0.7, "end"),
        ]
        place["label_x"] = place["label_y"] = place["anchor"] = None
        for x, y, anchor in candidates:
            left = x if anchor == "start" else x - width
            box = (left, y - font_size, left + width, y + font_size * 0.25)
            inside = (
                box[0] >= x0
                and box[2] <= x0 + width_view
                and box[1] >= y0
                and box[3] <= y0 + height_view
            )
            free = not any(
                box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
                for other in taken
                if other != (cx - r, cy - r, cx + r, cy + r)
            )
            if inside and free:
                place["label_x"], place["label_y"], place["anchor"] = (
                    round(x, 3),
                    round(y, 3),
                    anchor,
                )
                taken.append(box)
                break


async def _map_context(datasette, world: bool) -> dict:
    db = _database(datasette)
    name = _database_name(datasette)
    result = await db.execute(
        """SELECT p.place_id, p.name, p.country, p.latitude, p.longitude,
          count(m.meeting_id) AS meetings,
          coalesce(sum(m.status = 'held'), 0) AS held,
          coalesce(sum(m.status = 'planned'), 0) AS planned,
          coalesce(sum(m.status = 'cancelled'), 0) AS cancelled
        FROM places p LEFT JOIN meetings m ON m.place_id = p.place_id
        GROUP BY p.place_id HAVING count(m.meeting_id) > 0
        ORDER BY meetings DESC, p.name"""
    )
    places = [dict(row) for row in result.rows]
    unplaced = (await db.execute("SELECT count(*) FROM meetings WHERE place_id IS NULL")).rows[0][0]
    x, y, w, h = map_view_box([(p["longitude"], p["latitude"]) for p in places], world)
    peak = max((p["meetings"] for p in places), default=1)
    r_max = max(w / 60, 0.8)
    table_url = datasette.urls.table(name, "browse_meetings")
    for place in places:
        place["cx"] = round(place["longitude"] + 180, 3)
        place["cy"] = round(90 - place["latitude"], 3)
        place["r"] = round(max(r_max * math.sqrt(place["meetings"] / peak), r_max / 4), 3)
        place["status"] = max(STATUSES, key=lambda s: place[s])
        place["href"] = f"{table_url}?place_id={place['place_id']}"
    place_labels(places, font_size=w / 60, view=(x, y, w, h))
    return {
        "places": places,
        "unplaced": unplaced,
        "view_box": f"{x:g} {y:g} {w:g} {h:g}",
        "font_size": round(w / 60, 3),
        "world": world,
        "statuses": STATUSES,
        "table_url": table_url,
        "database_name": name,
    }


async def map_page(request, datasette):
    world = request.args.get("world") == "1"
    context = await _memo(datasette, ("map", world), lambda: _map_context(datasette, world))
    selected = request.args.get("place")
    if selected:
        # The place a meeting or place page links to stands out, named even where the
        # labels had no room for it; the memoised context is shared, so copy what changes.
        context = {**context, "selected": selected}
        context["places"] = [
            {**p, "selected": True} if p["place_id"] == selected else p for p in context["places"]
        ]
        context["selected_place"] = next(
            (p for p in context["places"] if p["place_id"] == selected), None
        )
    return Response.html(
        await datasette.render_template("parley_map.html", context, request=request)
    )
