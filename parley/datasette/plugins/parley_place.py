"""A place's page: where it is (a map inset) and the meetings held or planned there.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone. Datasette's row page of
`places` with the data gathered here; template row-parley-places.html.
"""

from __future__ import annotations

import json
import os
import sys

from datasette import hookimpl

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import MEETING_COLUMNS, PAGE_ROWS, database, dict_rows, memo, statuses  # noqa: E402


@hookimpl
def extra_template_vars(view_name, table, request, datasette):
    if view_name != "row" or table != "places" or request is None:
        return None

    async def inner():
        pk = request.url_vars.get("pks", "")
        return {
            "parley_places": await memo(datasette, ("places", pk), lambda: _place(datasette, pk))
        }

    return inner


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
    db = database(datasette)
    found = dict_rows(await db.execute("SELECT * FROM places WHERE place_id = ?", [place_id]))
    if not found:
        return None
    place = found[0]
    meetings = dict_rows(
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
    place["by_status"] = {s: sum(m["status"] == s for m in meetings) for s in statuses(datasette)}
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
