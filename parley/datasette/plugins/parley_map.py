"""The map (`/map`): the places of meetings on a world outline, as SVG.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone. Drawn on the server: no
script, no network (the outline is the template _parley_world_path.txt,
generated from Natural Earth's 1:110m land). Template: parley_map.html.
"""

from __future__ import annotations

import math
import os
import sys

from datasette import hookimpl
from datasette.utils import escape_sqlite
from datasette.utils.asgi import Response

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import database, database_name, memo, statuses  # noqa: E402


@hookimpl
def register_routes():
    return [(r"^/map$", map_page)]


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
    db = database(datasette)
    name = database_name(datasette)
    status_order = statuses(datasette)
    # One count per status, each a column named after it.
    per_status = "".join(
        f",\n  coalesce(sum(m.status = :status{i}), 0) AS {escape_sqlite(status)}"
        for i, status in enumerate(status_order)
    )
    result = await db.execute(
        f"""SELECT p.place_id, p.name, p.country, p.latitude, p.longitude,
          count(m.meeting_id) AS meetings{per_status}
        FROM places p LEFT JOIN meetings m ON m.place_id = p.place_id
        GROUP BY p.place_id HAVING count(m.meeting_id) > 0
        ORDER BY meetings DESC, p.name""",
        {f"status{i}": status for i, status in enumerate(status_order)},
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
        place["status"] = max(status_order, key=lambda s: place[s], default=None)
        place["href"] = f"{table_url}?place_id={place['place_id']}"
    place_labels(places, font_size=w / 60, view=(x, y, w, h))
    return {
        "places": places,
        "unplaced": unplaced,
        "view_box": f"{x:g} {y:g} {w:g} {h:g}",
        "font_size": round(w / 60, 3),
        "world": world,
        "statuses": status_order,
        "table_url": table_url,
        "database_name": name,
    }


async def map_page(request, datasette):
    world = request.args.get("world") == "1"
    context = await memo(datasette, ("map", world), lambda: _map_context(datasette, world))
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
