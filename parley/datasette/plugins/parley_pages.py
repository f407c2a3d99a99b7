"""The Parley site's pages about people, places and topics, the Data page and downloads.

A plugin file beside parley_site.py (Datasette's --plugins-dir loads every
file in the folder as its own module; they share nothing but Datasette and
the plugin settings under plugins.parley in the generated metadata):

- row pages for `people`, `places` and `topics` (templates row-parley-*.html)
  with the data gathered here (`extra_template_vars`);
- the people table's meeting counts and `curated` as a word;
- links from canned query results' titles to the rows they name;
- `/data` (what a row is, the documents, the downloads with their sizes) and
  `/downloads/` (an index instead of a bare 403);
- exports without the search highlight markers, and CSV and text downloads
  served with their charset (`asgi_wrapper`);
- a licence footer that is the same on every page.

Dates go through the SQL functions of parley_dates.py (`parley_date`,
`parley_date_sort`, `parley_date_bucket`), registered on every connection.
"""

from __future__ import annotations

import json
import math
import re

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

PLUGIN = "parley"
STATUSES = ("held", "planned", "cancelled")
HIGHLIGHT_START, HIGHLIGHT_END = "\ue000", "\ue001"  # as in parley_site.py
PAGE_ROWS = 100  # meetings or articles listed on a person's, place's or topic's page
SENTENCE_LIMIT = 400  # characters of a sentence shown around a topic's words

# Query result columns that name a row, and the ID column that says which row.
TITLE_LINKS = {
    "meeting": ("meeting_id", "meetings"),
    "article": ("article_id", "articles"),
    "person": ("person_id", "people"),
    "topic": ("topic_id", "topics"),
    "place": ("place_id", "places"),
}


def _config(datasette) -> dict:
    return datasette.plugin_config(PLUGIN) or {}


def _database_name(datasette) -> str:
    return _config(datasette).get("database", "parley")


# ------------------------------------------------------------ sentences

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds text[start:end], that part between highlight markers.

    Sentences end at . ! ? … (with closing quotes) before a space, or at a line
    break; a very long one is cut to about SENTENCE_LIMIT characters with an ellipsis.

    >>> sentence_around("One. They spoke of arms control at length. Two.", 19, 31)
    'They spoke of \\ue000arms control\\ue001 at length.'
    >>> sentence_around("Title\\nThe Arctic was raised", 10, 16)
    'The \\ue000Arctic\\ue001 was raised'
    """
    if not text or start is None or end is None or not 0 <= start <= end <= len(text):
        return ""
    # Only the text just before the words can hold the sentence's start.
    window = max(0, start - 2 * SENTENCE_LIMIT)
    left = window
    for match in _SENTENCE_END.finditer(text, window, start):
        left = match.end()
    found = _SENTENCE_END.search(text, end)
    right = found.start() + len(found.group().rstrip()) if found else len(text)
    before, quote, after = text[left:start], text[start:end], text[end:right]
    half = SENTENCE_LIMIT // 2
    if len(before) > half:
        before = "…" + before[-half:].split(" ", 1)[-1]
    if len(after) > half:
        after = after[:half].rsplit(" ", 1)[0] + "…"
    return f"{before}{HIGHLIGHT_START}{quote}{HIGHLIGHT_END}{after}".strip()


@hookimpl
def prepare_connection(conn):
    conn.create_function("parley_sentence", 3, sentence_around, deterministic=True)


# --------------------------------------------------------------- cells


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table == "people" and column == "curated" and value in (0, 1):
        return "curated" if value else "not curated"
    if table is None and column in TITLE_LINKS and isinstance(value, str) and row is not None:
        return _title_link(row, value, column, database, datasette)
    if table is None and column == "title" and isinstance(value, str) and row is not None:
        # Search results: the title of the meeting (evidence) or article found.
        keys = row.keys()
        if "meeting_id" in keys and row["meeting_id"]:
            return _title_link(row, value, "meeting", database, datasette)
        if "article_id" in keys and row["article_id"]:
            return _title_link(row, value, "article", database, datasette)
    return None


def _title_link(row, value: str, column: str, database: str, datasette) -> Markup | None:
    id_column, target = TITLE_LINKS[column]
    keys = row.keys()
    if id_column not in keys or not row[id_column] or HIGHLIGHT_START in value:
        return None
    href = datasette.urls.row(database, target, row[id_column])
    if column == "article" and "meeting_id" in keys and row["meeting_id"]:
        href += "#" + row["meeting_id"]  # the article's highlighted words for that meeting
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')


def people_tbody(display_rows, counts: dict, urls, database: str) -> Markup:
    """The people table's rows with a last cell: how many meetings, linked to them."""
    from datasette.utils import to_css_class

    out = []
    for row in display_rows:
        cells = row.cells
        out.append("<tr>")
        for cell in cells:
            css = f"col-{to_css_class(cell['column'])} type-{cell['value_type']}"
            out.append(f'<td class="{css}">{escape(cell["value"])}</td>')
        person_id = cells[0]["raw"]
        n = counts.get(person_id, 0)
        href = escape(urls.row(database, "people", person_id))
        out.append(f'<td class="col-meetings parley-num"><a href="{href}">{n:,}</a></td></tr>\n')
    return Markup("".join(out))


def meeting_rows(
    meetings: list[dict], people_key: str, heading: str, urls, database: str
) -> Markup:
    """The rows of a list of meetings (_parley_meetings.html), written in Python: Datasette
    renders templates chunk by chunk, which made 200 rows most of a page's time."""
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
    env.globals["parley_people_tbody"] = people_tbody
    env.globals["parley_meeting_rows"] = meeting_rows


# ------------------------------------------------------------ row pages

_MEMO: dict[tuple, object] = {}


async def _memo(datasette, key: tuple, compute):
    """Once per server for an immutable database (it cannot change); every time otherwise."""
    db = datasette.get_database(_database_name(datasette))
    if db.is_mutable:
        return await compute()
    full_key = (id(datasette), *key)
    if full_key not in _MEMO:
        value = await compute()
        if value is None:
            return None  # no such row: not kept, so unknown addresses cannot fill the memo
        _MEMO[full_key] = value
    return _MEMO[full_key]


def _rows(result) -> list[dict]:
    return [dict(row) for row in result.rows]


def _office_dates(start: str | None, end: str | None, day_text) -> str:
    """An office's term: its days are exact, so from day to day (or "since")."""
    if not start:
        return "dates not recorded"
    if not end:
        return f"since {day_text(start, start)}"
    return f"{day_text(start, start)} to {day_text(end, end)}"


def year_strip_svg(counts: dict[tuple[int, str], int], href) -> str:
    """A small bar chart of meetings per year, stacked by status; each bar part links.

    `counts` maps (year, status) to a number; `href(year, status)` gives a link.
    Every year from the first to the last gets a slot and a label.
    """
    if not counts:
        return ""
    years = list(range(min(y for y, _ in counts), max(y for y, _ in counts) + 1))
    totals = {y: sum(counts.get((y, s), 0) for s in STATUSES) for y in years}
    peak = max(totals.values()) or 1
    slot = 44
    width, height, top, bottom = max(len(years) * slot, 160), 120, 14, 22
    plot = height - top - bottom
    parts = [
        f'<svg class="parley-strip" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="Meetings per year, by status" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, year in enumerate(years):
        x = index * slot + 6
        y = top + plot
        for status in STATUSES:
            n = counts.get((year, status), 0)
            if not n:
                continue
            h = plot * n / peak
            y -= h
            parts.append(
                f'<a href="{escape(href(year, status))}"><rect class="bar status-{status}" '
                f'x="{x}" y="{y:.1f}" width="{slot - 12}" height="{h:.1f}">'
                f"<title>{year}: {n} {status}</title></rect></a>"
            )
        if totals[year]:
            parts.append(
                f'<text class="count" x="{x + (slot - 12) / 2}" y="{y - 3:.1f}" '
                f'text-anchor="middle">{totals[year]}</text>'
            )
        parts.append(
            f'<text class="axis" x="{x + (slot - 12) / 2}" y="{height - 6}" '
            f'text-anchor="middle">{year}</text>'
        )
    parts.append(
        f'<line class="axis-line" x1="0" x2="{width}" y1="{top + plot}" y2="{top + plot}"/></svg>'
    )
    return "".join(parts)


def _counts_by_year(rows: list[dict]) -> tuple[dict, int]:
    """(year, status) counts of meetings whose interval lies in one year; how many do not."""
    counts: dict[tuple[int, str], int] = {}
    vague = 0
    for row in rows:
        if row["year"] is None:
            vague += 1
            continue
        key = (int(row["year"]), row["status"])
        counts[key] = counts.get(key, 0) + 1
    return counts, vague


MEETING_COLUMNS = """m.meeting_id, m.title, m.date_start, m.date_end,
  parley_date(m.date_start, m.date_end) AS date, m.kind, m.status, m.article_count,
  m.place_id, pl.name AS place, m.city, m.country,
  parley_date_bucket(m.date_start, m.date_end, 'year') AS year"""


async def _person(datasette, person_id: str) -> dict | None:
    db = datasette.get_database(_database_name(datasette))
    rows = _rows(await db.execute("SELECT * FROM people WHERE person_id = ?", [person_id]))
    if not rows:
        return None
    person = rows[0]
    person["offices"] = _rows(
        await db.execute(
            """SELECT role, title, country, date_start, date_end FROM offices
            WHERE person_id = ? ORDER BY date_start IS NULL, date_start""",
            [person_id],
        )
    )
    for office in person["offices"]:
        office["dates"] = _office_dates(
            office["date_start"], office["date_end"], datasette.jinja_env.filters["parley_date"]
        )
    meetings = _rows(
        await db.execute(
            f"""SELECT {MEETING_COLUMNS},
              (SELECT json_group_array(json_object('id', o.person_id, 'name', o.name))
               FROM meeting_participants op JOIN people o ON o.person_id = op.person_id
               WHERE op.meeting_id = m.meeting_id AND op.person_id != :id) AS counterparts
            FROM meeting_participants mp JOIN meetings m ON m.meeting_id = mp.meeting_id
            LEFT JOIN places pl ON pl.place_id = m.place_id
            WHERE mp.person_id = :id
            ORDER BY parley_date_sort(m.date_start, m.date_end) IS NULL,
              parley_date_sort(m.date_start, m.date_end) DESC, m.meeting_id""",
            {"id": person_id},
        )
    )
    for meeting in meetings:
        meeting["counterparts"] = json.loads(meeting["counterparts"] or "[]")
    person["meeting_total"] = len(meetings)
    person["meetings"] = meetings[:PAGE_ROWS]
    person["by_status"] = {s: sum(m["status"] == s for m in meetings) for s in STATUSES}
    person["counterparts"] = _rows(
        await db.execute(
            """SELECT pair.person_b AS person_id, p.name, p.country, pair.meetings, pair.held,
              pair.planned, pair.cancelled,
              parley_date(pair.first_date_start, pair.first_date_end) AS first,
              parley_date(pair.last_date_start, pair.last_date_end) AS last
            FROM meeting_pairs pair JOIN people p ON p.person_id = pair.person_b
            WHERE pair.person_a = ? ORDER BY pair.meetings DESC, p.name LIMIT 100""",
            [person_id],
        )
    )
    counts, vague = _counts_by_year(meetings)
    name = _database_name(datasette)
    base = datasette.urls.table(name, "browse_meetings")
    person["timeline"] = Markup(
        year_strip_svg(
            counts,
            lambda year, status: f"{base}?_person={_q(person['name'])}&year={year}&status={status}",
        )
    )
    person["timeline_vague"] = vague
    return person


def _q(value: str) -> str:
    import urllib.parse

    return urllib.parse.quote(value)


def inset_view(lon: float, lat: float) -> tuple[float, float, float, float]:
    """The part of the (equirectangular) world around a place, in the map's units.

    x = lon + 180, y = 90 - lat, as on the site's map; 60 by 30 degrees,
    kept inside the world.
    """
    width, height = 60.0, 30.0
    x = min(max(lon + 180 - width / 2, 0.0), 360.0 - width)
    y = min(max(90 - lat - height / 2, 0.0), 180.0 - height)
    return x, y, width, height


async def _place(datasette, place_id: str) -> dict | None:
    db = datasette.get_database(_database_name(datasette))
    rows = _rows(await db.execute("SELECT * FROM places WHERE place_id = ?", [place_id]))
    if not rows:
        return None
    place = rows[0]
    meetings = _rows(
        await db.execute(
            f"""SELECT {MEETING_COLUMNS},
              (SELECT json_group_array(json_object('id', o.person_id, 'name', o.name))
               FROM meeting_participants op JOIN people o ON o.person_id = op.person_id
               WHERE op.meeting_id = m.meeting_id) AS people
            FROM meetings m LEFT JOIN places pl ON pl.place_id = m.place_id
            WHERE m.place_id = ?
            ORDER BY parley_date_sort(m.date_start, m.date_end) IS NULL,
              parley_date_sort(m.date_start, m.date_end) DESC, m.meeting_id""",
            [place_id],
        )
    )
    for meeting in meetings:
        meeting["people"] = json.loads(meeting["people"] or "[]")
    place["meeting_total"] = len(meetings)
    place["meetings"] = meetings[:PAGE_ROWS]
    place["by_status"] = {s: sum(m["status"] == s for m in meetings) for s in STATUSES}
    if place.get("latitude") is not None and place.get("longitude") is not None:
        x, y, w, h = inset_view(place["longitude"], place["latitude"])
        place["inset"] = {
            "view_box": f"{x:g} {y:g} {w:g} {h:g}",
            "cx": round(place["longitude"] + 180, 3),
            "cy": round(90 - place["latitude"], 3),
            "r": 1.2,
            "font_size": 2.4,
        }
    return place


async def _topic(datasette, topic_id: str) -> dict | None:
    db = datasette.get_database(_database_name(datasette))
    rows = _rows(await db.execute("SELECT * FROM topics WHERE topic_id = ?", [topic_id]))
    if not rows:
        return None
    topic = rows[0]
    topic["alias_list"] = [a.strip() for a in (topic.get("aliases") or "").split("|") if a.strip()]
    ancestors, seen, parent = [], {topic_id}, topic.get("parent_id")
    while parent and parent not in seen:
        seen.add(parent)
        found = _rows(
            await db.execute(
                "SELECT topic_id, label, parent_id FROM topics WHERE topic_id = ?", [parent]
            )
        )
        if not found:
            break
        ancestors.insert(0, found[0])
        parent = found[0]["parent_id"]
    topic["ancestors"] = ancestors
    topic["children"] = _rows(
        await db.execute(
            "SELECT topic_id, label FROM topics WHERE parent_id = ? ORDER BY label", [topic_id]
        )
    )
    topic["meetings"] = _rows(
        await db.execute(
            f"""SELECT {MEETING_COLUMNS}, mt.basis,
              (SELECT group_concat(o.name, ', ') FROM meeting_participants op
               JOIN people o ON o.person_id = op.person_id
               WHERE op.meeting_id = m.meeting_id) AS people
            FROM meeting_topics mt JOIN meetings m ON m.meeting_id = mt.meeting_id
            LEFT JOIN places pl ON pl.place_id = m.place_id
            WHERE mt.topic_id = ?
            ORDER BY parley_date_sort(m.date_start, m.date_end) IS NULL,
              parley_date_sort(m.date_start, m.date_end) DESC, m.meeting_id
            LIMIT {PAGE_ROWS}""",
            [topic_id],
        )
    )
    topic["meeting_total"] = (
        await db.execute("SELECT count(*) FROM meeting_topics WHERE topic_id = ?", [topic_id])
    ).rows[0][0]
    articles = _rows(
        await db.execute(
            f"""SELECT a.article_id, a.title,
              parley_date(a.published_start, a.published_end, a.published_basis) AS published,
              at.mentions, parley_sentence(a.text, at.char_start, at.char_end) AS sentence
            FROM article_topics at JOIN articles a ON a.article_id = at.article_id
            WHERE at.topic_id = ?
            ORDER BY at.mentions DESC,
              parley_date_sort(a.published_start, a.published_end) DESC, a.article_id
            LIMIT {PAGE_ROWS}""",
            [topic_id],
        )
    )
    for article in articles:
        text = str(escape(article["sentence"] or ""))
        article["sentence_html"] = Markup(
            text.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>")
        )
    topic["articles"] = articles
    topic["article_total"] = (
        await db.execute("SELECT count(*) FROM article_topics WHERE topic_id = ?", [topic_id])
    ).rows[0][0]
    return topic


async def _meeting_counts(datasette) -> dict[str, int]:
    db = datasette.get_database(_database_name(datasette))
    result = await db.execute(
        "SELECT person_id, count(*) FROM meeting_participants GROUP BY person_id"
    )
    return {row[0]: row[1] for row in result.rows}


def footer(datasette) -> dict:
    """The instance's licence, source and about links: the same on every page."""
    metadata = datasette.metadata() or {}
    keys = ("license", "license_url", "source", "source_url", "about", "about_url")
    return {key: metadata.get(key) for key in keys if metadata.get(key)}


ROW_LOADERS = {"people": _person, "places": _place, "topics": _topic}


@hookimpl
def extra_template_vars(view_name, table, request, datasette):
    async def inner():
        context: dict = {"parley_footer": footer(datasette), "parley_data_url": "/data"}
        if view_name == "row" and table in ROW_LOADERS and request is not None:
            pk = request.url_vars.get("pks", "")
            loader = ROW_LOADERS[table]
            context[f"parley_{table}"] = await _memo(
                datasette, (table, pk), lambda: loader(datasette, pk)
            )
        if view_name == "table" and table == "people":
            context["parley_meeting_counts"] = await _memo(
                datasette, ("meeting_counts",), lambda: _meeting_counts(datasette)
            )
        return context

    return inner


# ------------------------------------------------- Data page, downloads


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
    config = _config(datasette)
    name = _database_name(datasette)
    downloads = config.get("downloads", {})
    db = datasette.get_database(name)
    counts = await db.table_counts(limit=50)
    tables = datasette.metadata("tables", database=name) or {}
    sqlite_bytes = None
    if db.path:
        import os

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
    context = await _memo(datasette, ("data",), lambda: _data_context(datasette))
    return Response.html(
        await datasette.render_template("parley_data.html", context, request=request)
    )


async def downloads_page(request, datasette):
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    context = await _memo(datasette, ("data",), lambda: _data_context(datasette))
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


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/data"), "label": "About the data and downloads"}]


@hookimpl
def extra_js_urls(datasette):
    static = _config(datasette).get("static", "/parley-static/")
    return [datasette.urls.path(static + "parley.js")]


# ------------------------------------------------------ response fixes

# The search highlight markers as they appear in a UTF-8 body and in JSON's \u escapes.
MARKERS = (
    HIGHLIGHT_START.encode("utf-8"),
    HIGHLIGHT_END.encode("utf-8"),
    b"\\ue000",
    b"\\ue001",
    b"\\uE000",
    b"\\uE001",
)
CARRY = max(len(m) for m in MARKERS) - 1
TEXT_TYPES = {".csv": "text/csv", ".md": "text/plain", ".txt": "text/plain"}


def strip_markers(data: bytes) -> bytes:
    r"""Remove the highlight markers from an export's bytes.

    >>> strip_markers('a \ue000b\ue001 c'.encode()) == b'a b c'
    True
    >>> strip_markers(b'"a \\ue000b\\ue001"')
    b'"a b"'
    """
    for marker in MARKERS:
        data = data.replace(marker, b"")
    return data


def _is_export(path: str, query: bytes) -> bool:
    return path.endswith((".json", ".csv")) or b"_format=" in query


def _with_header(headers: list, name: bytes, value: bytes) -> list:
    return [(k, v) for k, v in headers if k.lower() != name] + [(name, value)]


@hookimpl
def asgi_wrapper(datasette):
    """Exports without highlight markers; downloads of text files with their charset.

    The markers are how the search query tells the HTML page what to
    highlight; in JSON and CSV they would be stray private-use characters.
    Static files are served as Datasette's static handler guesses them
    (`text/csv`, no charset): a spreadsheet then guesses the encoding.
    """

    def wrap(app):
        async def fixed(scope, receive, send):
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            path = scope.get("path", "")
            export = _is_export(path, scope.get("query_string", b""))
            download_type = None
            if path.startswith("/downloads/"):
                for suffix, content_type in TEXT_TYPES.items():
                    if path.endswith(suffix):
                        download_type = content_type
            if not export and not download_type:
                await app(scope, receive, send)
                return
            state = {"start": None, "carry": b"", "buffer": None}

            async def send_fixed(message):
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers", []))
                    if download_type:
                        headers = _with_header(
                            headers, b"content-type", f"{download_type}; charset=utf-8".encode()
                        )
                    if export and any(k.lower() == b"content-length" for k, _ in headers):
                        state["buffer"] = b""  # the length changes: send it whole, once
                    state["start"] = {**message, "headers": headers}
                    if not export or state["buffer"] is None:
                        await send(state["start"])
                    return
                if message["type"] != "http.response.body" or not export:
                    await send(message)
                    return
                more = message.get("more_body", False)
                data = state["carry"] + message.get("body", b"")
                if state["buffer"] is not None:
                    state["buffer"] += message.get("body", b"")
                    if not more:
                        body = strip_markers(state["buffer"])
                        start = state["start"]
                        start["headers"] = _with_header(
                            start["headers"], b"content-length", str(len(body)).encode()
                        )
                        await send(start)
                        await send({"type": "http.response.body", "body": body})
                    return
                if more:
                    # A marker may be split between chunks: whole ones are gone once
                    # stripped, and the start of a cut one can only be in the last bytes,
                    # which wait for the next chunk.
                    cleaned = strip_markers(data)
                    body, state["carry"] = cleaned[:-CARRY], cleaned[-CARRY:]
                    await send({**message, "body": body})
                    return
                state["carry"] = b""
                await send({**message, "body": strip_markers(data)})

            await app(scope, receive, send_fixed)

        return fixed

    return wrap
