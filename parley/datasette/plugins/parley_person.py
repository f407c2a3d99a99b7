"""A person's page: offices, meetings per year, meetings and the people they met.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone. Datasette's row page of
`people` with the data gathered here (template row-parley-people.html), and
the people table's count of meetings per person (_table-parley-people.html).
"""

from __future__ import annotations

import json
import os
import sys
import urllib.parse

from datasette import hookimpl
from markupsafe import Markup, escape

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import (  # noqa: E402
    MEETING_COLUMNS,
    PAGE_ROWS,
    database,
    database_name,
    dict_rows,
    memo,
    statuses,
)


@hookimpl
def extra_template_vars(view_name, table, request, datasette):
    if view_name == "row" and table == "people" and request is not None:
        pk = request.url_vars.get("pks", "")

        async def person_vars():
            return {
                "parley_people": await memo(
                    datasette, ("people", pk), lambda: _person(datasette, pk)
                )
            }

        return person_vars
    if view_name == "table" and table == "people":

        async def count_vars():
            counts = await memo(datasette, ("meeting_counts",), lambda: _meeting_counts(datasette))
            return {"parley_meeting_counts": counts}

        return count_vars
    return None


def _office_dates(start: str | None, end: str | None, day_text) -> str:
    """An office's term: its days are exact, so from day to day (or "since")."""
    if not start:
        return "dates not recorded"
    if not end:
        return f"since {day_text(start, start)}"
    return f"{day_text(start, start)} to {day_text(end, end)}"


def year_strip_svg(counts: dict[tuple[int, str], int], href, statuses: list[str]) -> str:
    """A small bar chart of meetings per year, stacked by status; each bar part links.

    `counts` maps (year, status) to a number; `href(year, status)` gives a link;
    `statuses` are stacked in their order.
    Every year from the first to the last gets a slot and a label.
    """
    if not counts:
        return ""
    years = list(range(min(y for y, _ in counts), max(y for y, _ in counts) + 1))
    totals = {y: sum(counts.get((y, s), 0) for s in statuses) for y in years}
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
        for status in statuses:
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


async def _person(datasette, person_id: str) -> dict | None:
    db = database(datasette)
    found = dict_rows(await db.execute("SELECT * FROM people WHERE person_id = ?", [person_id]))
    if not found:
        return None
    person = found[0]
    person["offices"] = dict_rows(
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
    meetings = dict_rows(
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
    order = statuses(datasette)
    person["by_status"] = {s: sum(m["status"] == s for m in meetings) for s in order}
    person["counterparts"] = dict_rows(
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
    name = database_name(datasette)
    base = datasette.urls.table(name, "browse_meetings")
    person["timeline"] = Markup(
        year_strip_svg(
            counts,
            lambda year, status: f"{base}?_person={_q(person['name'])}&year={year}&status={status}",
            order,
        )
    )
    person["timeline_vague"] = vague
    return person


def _q(value: str) -> str:
    return urllib.parse.quote(value)


async def _meeting_counts(datasette) -> dict[str, int]:
    db = database(datasette)
    result = await db.execute(
        "SELECT person_id, count(*) FROM meeting_participants GROUP BY person_id"
    )
    return {row[0]: row[1] for row in result.rows}
