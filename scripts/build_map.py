"""Build the directory's map of France (centres/data/map.json) from the départements' outlines.

    python scripts/build_map.py ../shared/data/geo/departements-avec-outre-mer.geojson

Reads the 101 départements (GeoJSON, WGS84), projects them (a plain equirectangular projection
scaled by the cosine of each area's mean latitude, which at this scale is indistinguishable from
a conic one), simplifies them (Douglas-Peucker, integer coordinates), and places five overseas
insets along the bottom and a zoom on Paris and its inner suburbs in the Channel corner. The
output holds one SVG path per département (its zoom, if any, as a second sub-path in the same
path so that one link covers both), its bounding box (for the cropped map of a centre's page),
the inset frames, and which départements touch (to give neighbouring centres different colours).

Outlines: IGN Admin Express, INSEE COG — Licence Ouverte (via gregoiredavid/france-geojson).
"""

import json
import math
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "centres" / "data" / "map.json"

WIDTH = 800
METRO_HEIGHT = 790  # the metropolitan map's box; the overseas row sits below it
INSET_TOP = 800
INSET_SIZE = 150
HEIGHT = INSET_TOP + INSET_SIZE + 10
TOLERANCE = 0.9  # Douglas-Peucker tolerance, in output units
MIN_AREA = 6.0  # rings smaller than this (in square output units) are dropped, islets mostly

OVERSEAS = ("971", "972", "973", "974", "976")
ZOOM = ("75", "92", "93", "94")  # Paris and its inner suburbs, too small on the main map
ZOOM_BOX = (10, 10, 170, 150)
ATTRIBUTION = "Contours : IGN Admin Express, INSEE COG — Licence Ouverte"


def rings_of(geometry):
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    return [ring for polygon in polygons for ring in polygon]


def project(rings, box):
    """Fit rings (lon, lat) into box (x, y, width, height), keeping the aspect ratio."""
    lats = [lat for ring in rings for _, lat in ring]
    lons = [lon for ring in rings for lon, _ in ring]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    x0, y0, width, height = box
    scale = min(width / ((east - west) * k), height / (north - south))
    # Centre the drawing in its box.
    dx = x0 + (width - (east - west) * k * scale) / 2
    dy = y0 + (height - (north - south) * scale) / 2

    def transform(ring):
        return [((lon - west) * k * scale + dx, (north - lat) * scale + dy) for lon, lat in ring]

    return transform


def simplify(points, tolerance):
    """Douglas-Peucker, iterative (rings have thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if norm:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            else:
                distance = math.hypot(px - x1, py - y1)
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def area(points):
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def path_data(rings):
    """Return compact SVG path data: absolute move, then relative integer line segments."""
    parts = []
    for ring in rings:
        points = [(round(x), round(y)) for x, y in ring]
        deduplicated = [points[0]]
        for point in points[1:]:
            if point != deduplicated[-1]:
                deduplicated.append(point)
        if deduplicated[-1] == deduplicated[0]:
            deduplicated.pop()
        if len(deduplicated) < 3:
            continue
        x, y = deduplicated[0]
        segments = [f"M{x} {y}l"]
        coordinates = []
        for nx, ny in deduplicated[1:]:
            coordinates.append(f"{nx - x} {ny - y}")
            x, y = nx, ny
        segments.append(" ".join(coordinates).replace(" -", "-"))
        parts.append("".join(segments) + "z")
    return "".join(parts)


def draw(rings, transform, keep_largest=True):
    projected = [simplify(transform(ring), TOLERANCE) for ring in rings]
    kept = [ring for ring in projected if len(ring) >= 4 and area(ring) >= MIN_AREA]
    if not kept and keep_largest:
        kept = [max(projected, key=area)]
    return kept


def bounding_box(rings):
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return [round(min(xs)), round(min(ys)), round(max(xs) - min(xs)), round(max(ys) - min(ys))]


def neighbours(features):
    """Return, for each département, the départements sharing at least two outline vertices."""
    owners = {}
    for feature in features:
        code = feature["properties"]["code"]
        for ring in rings_of(feature["geometry"]):
            for lon, lat in ring:
                owners.setdefault((round(lon, 4), round(lat, 4)), set()).add(code)
    shared = {}
    for codes in owners.values():
        for a in codes:
            for b in codes:
                if a != b:
                    shared[(a, b)] = shared.get((a, b), 0) + 1
    result = {}
    for (a, b), count in shared.items():
        if count >= 2:
            result.setdefault(a, []).append(b)
    return {code: sorted(codes) for code, codes in sorted(result.items())}


def build(source):
    features = json.loads(Path(source).read_text(encoding="utf-8"))["features"]
    by_code = {f["properties"]["code"]: f for f in features}
    metro = [f for code, f in by_code.items() if code not in OVERSEAS]
    metro_rings = [ring for f in metro for ring in rings_of(f["geometry"])]
    metro_transform = project(metro_rings, (0, 0, WIDTH, METRO_HEIGHT))
    zoom_rings = [ring for code in ZOOM for ring in rings_of(by_code[code]["geometry"])]
    zoom_transform = project(zoom_rings, ZOOM_BOX)

    departements = {}
    for code, feature in sorted(by_code.items()):
        rings = rings_of(feature["geometry"])
        if code in OVERSEAS:
            continue
        main = draw(rings, metro_transform)
        extra = draw(rings, zoom_transform) if code in ZOOM else []
        departements[code] = {
            "name": feature["properties"]["nom"],
            "d": path_data(main + extra),
            "box": bounding_box(main),
        }

    gap = (WIDTH - len(OVERSEAS) * INSET_SIZE) / (len(OVERSEAS) + 1)
    insets = [{"label": "Paris et petite couronne", "box": list(ZOOM_BOX)}]
    for i, code in enumerate(OVERSEAS):
        feature = by_code[code]
        rings = rings_of(feature["geometry"])
        box = (round(gap + i * (INSET_SIZE + gap)), INSET_TOP, INSET_SIZE, INSET_SIZE)
        # Leave room for the label under the drawing.
        transform = project(rings, (box[0] + 5, box[1] + 5, box[2] - 10, box[3] - 30))
        drawn = draw(rings, transform)
        departements[code] = {
            "name": feature["properties"]["nom"],
            "d": path_data(drawn),
            "box": list(box),
        }
        insets.append({"label": feature["properties"]["nom"], "box": list(box)})

    return {
        "viewBox": f"0 0 {WIDTH} {HEIGHT}",
        "attribution": ATTRIBUTION,
        "insets": insets,
        "departements": departements,
        "neighbours": neighbours(features),
    }


def main(argv):
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} path/to/departements-avec-outre-mer.geojson")
    data = build(argv[1])
    OUTPUT.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{OUTPUT}: {len(data['departements'])} départements, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv)
