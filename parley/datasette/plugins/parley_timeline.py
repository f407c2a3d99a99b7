"""The timeline (`/timeline`): meetings per month or year, stacked by status, as SVG.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone. Drawn on the server: no
script, no network. Template: parley_timeline.html. The statuses, and their
order, come from the meetings schema (plugins.parley.schema.statuses).
"""

from __future__ import annotations

import calendar
import os
import sys

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import database, database_name, memo, statuses  # noqa: E402


@hookimpl
def register_routes():
    return [(r"^/timeline$", timeline_page)]


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


def timeline_svg(
    counts: dict[tuple[str, str], int], by: str, table_url: str, statuses: list[str]
) -> tuple[str, list]:
    """Stacked bars per month or year, one colour per status; each part links to its meetings.

    `counts` maps (bucket, status) to a number; `statuses` are stacked in their order.
    """
    if not counts:
        return "", []
    keys = sorted({bucket for bucket, _ in counts})
    if by == "year":
        buckets = [str(y) for y in range(int(keys[0]), int(keys[-1]) + 1)]
    else:
        buckets = _months(keys[0], keys[-1])
    totals = {b: sum(counts.get((b, s), 0) for s in statuses) for b in buckets}
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
        for status in statuses:
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
    db = database(datasette)
    name = database_name(datasette)
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
    svg, rows = timeline_svg(counts, by, table_url, statuses(datasette))
    return {
        "svg": Markup(svg),
        "rows": rows,
        "by": by,
        "undated": undated,
        "vague": vague,
        "total": sum(counts.values()),
        "statuses": statuses(datasette),
        "table_url": table_url,
        "database_name": name,
    }


async def timeline_page(request, datasette):
    by = request.args.get("by")
    by = by if by in ("month", "year") else None
    context = await memo(datasette, ("timeline", by), lambda: _timeline_context(datasette, by))
    return Response.html(
        await datasette.render_template("parley_timeline.html", context, request=request)
    )
