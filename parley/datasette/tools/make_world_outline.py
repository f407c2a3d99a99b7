"""Regenerate templates/_parley_world_path.txt, the map's offline world outline.

The outline is Natural Earth's 1:110m land polygons (public domain), taken
from the `world-atlas` npm package (2.0.2, ISC licence, file `land-110m.json`,
TopoJSON). It is projected equirectangularly (x = longitude + 180,
y = 90 - latitude) and rounded to 0.1 degree, which is plenty for a
page-sized map and keeps the file small. It is shipped, never fetched at run
time, so the map renders with no network access.

Usage: python parley/datasette/tools/make_world_outline.py land-110m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "templates" / "_parley_world_path.txt"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs (quantized, delta-encoded) -> lists of (longitude, latitude)."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(
    ring: list[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their joining point: keep it once.
        points.extend(arc[1:] if points else arc)
    return points


def outline_path(topology: dict) -> str:
    arcs = decode_arcs(topology)
    parts = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                projected = []
                previous = None
                for lon, lat in ring_points(ring, arcs):
                    # A ring that crosses the antimeridian jumps from +180 to -180:
                    # keep it continuous (it runs off the edge, where the map clips it)
                    # instead of drawing a line across the whole world.
                    if previous is not None:
                        while lon - previous > 180:
                            lon -= 360
                        while previous - lon > 180:
                            lon += 360
                    previous = lon
                    point = (round(lon + 180, 1), round(90 - lat, 1))
                    if not projected or projected[-1] != point:
                        projected.append(point)
                if len(projected) < 4:
                    continue
                # Unwrapping may have moved a whole ring (Eurasia starts in Chukotka)
                # off the map: bring most of it back.
                middle = sum(x for x, _ in projected) / len(projected)
                shift = -360 if middle > 360 else 360 if middle < 0 else 0
                projected = [(round(x + shift, 1), y) for x, y in projected]
                head, *tail = projected
                parts.append(
                    f"M{head[0]:g} {head[1]:g}" + "".join(f"L{x:g} {y:g}" for x, y in tail) + "Z"
                )
    return "".join(parts)


if __name__ == "__main__":
    topology = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    TARGET.write_text(outline_path(topology) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")
