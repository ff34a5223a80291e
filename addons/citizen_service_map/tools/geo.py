"""Plain-Python geometry of the city map (no Odoo import, unit-tested in tests/unit).

Points are ``(lat, lng)`` in degrees; GeoJSON stores ``[lng, lat]``. A *shape* is a list of
polygons, a polygon a list of rings (outer ring first, then holes), a ring a list of
``(lng, lat)`` tuples. A city's zones have a few hundred vertices at most: ray casting after a
bounding-box prefilter answers in microseconds (see bench/bench_map.py), so no GEOS/PostGIS.
"""

import functools
import json
import math


class GeoJSONError(ValueError):
    """Invalid GeoJSON; ``code`` says why (the addon turns it into a Spanish message)."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


POLYGON_TYPES = ("Polygon", "MultiPolygon")


def _ring(coords):
    if not isinstance(coords, list) or len(coords) < 3:
        raise GeoJSONError("ring", "a ring needs at least 3 positions")
    ring = []
    for pos in coords:
        if (
            not isinstance(pos, (list, tuple))
            or len(pos) < 2
            or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in pos[:2])
        ):
            raise GeoJSONError("position", repr(pos)[:60])
        lng, lat = float(pos[0]), float(pos[1])
        if not (-180 <= lng <= 180 and -90 <= lat <= 90) or math.isnan(lng + lat):
            raise GeoJSONError("range", f"{lng}, {lat}")
        ring.append((lng, lat))
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    if len(set(ring)) < 3:
        raise GeoJSONError("ring", "a ring needs at least 3 distinct positions")
    return ring


def _polygon(coords):
    if not isinstance(coords, list) or not coords:
        raise GeoJSONError("polygon", "a polygon needs an outer ring")
    return [_ring(ring) for ring in coords]


def _geometry_polygons(geometry):
    if not isinstance(geometry, dict):
        raise GeoJSONError("geometry", "not an object")
    gtype = geometry.get("type")
    if gtype == "Polygon":
        return [_polygon(geometry.get("coordinates"))]
    if gtype == "MultiPolygon":
        coords = geometry.get("coordinates")
        if not isinstance(coords, list) or not coords:
            raise GeoJSONError("polygon", "empty MultiPolygon")
        return [_polygon(p) for p in coords]
    if gtype == "GeometryCollection":
        return [p for g in geometry.get("geometries") or [] for p in _geometry_polygons(g)]
    raise GeoJSONError("type", str(gtype))


def parse_geojson(text):
    """Polygons of a GeoJSON text (Polygon, MultiPolygon, Feature, FeatureCollection).

    Raises :class:`GeoJSONError` when the text is not JSON, has no polygon, or a position
    is not ``[lng, lat]`` within range.
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise GeoJSONError("json", "not UTF-8") from exc
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise GeoJSONError("json", str(exc)[:80]) from exc
    if not isinstance(data, dict):
        raise GeoJSONError("geometry", "not an object")
    if data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise GeoJSONError("geometry", "features is not a list")
        polygons = []
        for feature in features:
            if not isinstance(feature, dict):
                raise GeoJSONError("geometry", "feature is not an object")
            polygons += _geometry_polygons(feature.get("geometry"))
    elif data.get("type") == "Feature":
        polygons = _geometry_polygons(data.get("geometry"))
    else:
        polygons = _geometry_polygons(data)
    if not polygons:
        raise GeoJSONError("empty", "no polygon")
    return polygons


def _orientation(a, b, c):
    cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (cross > 0) - (cross < 0)


def _on_segment(a, b, p):
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def _segments_meet(a, b, c, d):
    """Segments ``ab`` and ``cd`` share at least one point (crossing, touching or overlapping)."""
    o1, o2, o3, o4 = (
        _orientation(a, b, c),
        _orientation(a, b, d),
        _orientation(c, d, a),
        _orientation(c, d, b),
    )
    if o1 != o2 and o3 != o4:
        return True
    return (
        (o1 == 0 and _on_segment(a, b, c))
        or (o2 == 0 and _on_segment(a, b, d))
        or (o3 == 0 and _on_segment(c, d, a))
        or (o4 == 0 and _on_segment(c, d, b))
    )


def _crossing_point(a, b, c, d):
    """A point where ``ab`` meets ``cd`` (their intersection, or a shared end if parallel)."""
    den = (b[0] - a[0]) * (d[1] - c[1]) - (b[1] - a[1]) * (d[0] - c[0])
    if den:
        t = ((c[0] - a[0]) * (d[1] - c[1]) - (c[1] - a[1]) * (d[0] - c[0])) / den
        return a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
    for p in (c, d, a, b):
        if _on_segment(a, b, p) and _on_segment(c, d, p):
            return p
    return a


def self_intersection(polygons):
    """``(lat, lng)`` where a polygon's boundary crosses or touches itself, else ``None``.

    Checks every ring against itself and against the other rings of its polygon (a hole
    crossing the outer ring); consecutive repeated points are ignored. The point-in-polygon
    test of :func:`contains` gives wrong answers inside such a figure. Segments are swept by
    longitude, so a ring of thousands of points is checked in milliseconds.
    """
    for polygon in polygons:
        segments = []
        for ring_index, ring in enumerate(polygon):
            points = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
            count = len(points) - 1
            for i in range(count):
                a, b = points[i], points[i + 1]
                segments.append((min(a[0], b[0]), max(a[0], b[0]), ring_index, i, count, a, b))
        segments.sort()
        total = len(segments)
        for pos, (_min_x, max_x, ring_i, i, count, a, b) in enumerate(segments):
            for nxt in range(pos + 1, total):
                min_x2, _max_x2, ring_j, j, _count, c, d = segments[nxt]
                if min_x2 > max_x:
                    break
                if ring_i == ring_j and (abs(i - j) == 1 or abs(i - j) == count - 1):
                    # neighbours share a corner: wrong only if they fold back over each other
                    shared = b if b in (c, d) else a
                    far1 = a if shared == b else b
                    far2 = d if shared == c else c
                    if _orientation(shared, far1, far2) == 0 and (
                        _on_segment(shared, far1, far2) or _on_segment(shared, far2, far1)
                    ):
                        return shared[1], shared[0]
                    continue
                if _segments_meet(a, b, c, d):
                    lng, lat = _crossing_point(a, b, c, d)
                    return lat, lng
    return None


def check_simple(polygons):
    """Raise :class:`GeoJSONError` (code ``crossing``, detail ``"lat, lng"``) when a
    polygon's boundary crosses itself."""
    point = self_intersection(polygons)
    if point:
        raise GeoJSONError("crossing", f"{point[0]:.6f}, {point[1]:.6f}")


@functools.lru_cache(maxsize=512)
def parse_geojson_cached(text):
    """:func:`parse_geojson` remembered by text (zones are read for every new report);
    the result must not be modified."""
    return parse_geojson(text)


def to_geojson(polygons):
    """Normalised GeoJSON geometry text (Polygon or MultiPolygon) of ``polygons``."""
    coords = [[[list(p) for p in ring] for ring in polygon] for polygon in polygons]
    if len(coords) == 1:
        return json.dumps({"type": "Polygon", "coordinates": coords[0]})
    return json.dumps({"type": "MultiPolygon", "coordinates": coords})


def bbox(polygons):
    """``(min_lat, min_lng, max_lat, max_lng)`` of the outer rings."""
    lngs = [p[0] for polygon in polygons for p in polygon[0]]
    lats = [p[1] for polygon in polygons for p in polygon[0]]
    return min(lats), min(lngs), max(lats), max(lngs)


def centroid(polygons):
    """Area-weighted centre ``(lat, lng)`` of the outer rings (vertex mean if degenerate)."""
    area_sum = cx = cy = 0.0
    for polygon in polygons:
        ring = polygon[0]
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            cross = x1 * y2 - x2 * y1
            area_sum += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
    if abs(area_sum) < 1e-15:
        points = [p for polygon in polygons for p in polygon[0]]
        return sum(p[1] for p in points) / len(points), sum(p[0] for p in points) / len(points)
    return cy / (3 * area_sum), cx / (3 * area_sum)


def _in_ring(lng, lat, ring):
    inside = False
    x1, y1 = ring[0]
    for x2, y2 in ring[1:]:
        if (y1 > lat) != (y2 > lat):
            x = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lng < x:
                inside = not inside
        x1, y1 = x2, y2
    return inside


def contains(polygons, lat, lng):
    """The point is inside one of the polygons (and in none of its holes)."""
    for polygon in polygons:
        if _in_ring(lng, lat, polygon[0]) and not any(
            _in_ring(lng, lat, hole) for hole in polygon[1:]
        ):
            return True
    return False


def in_bbox(box, lat, lng):
    min_lat, min_lng, max_lat, max_lng = box
    return min_lat <= lat <= max_lat and min_lng <= lng <= max_lng


def find_containing(shapes, lat, lng):
    """First key of ``shapes`` (iterable of ``(key, bbox, polygons)``) containing the point."""
    for key, box, polygons in shapes:
        if in_bbox(box, lat, lng) and contains(polygons, lat, lng):
            return key
    return None


def distance2(lat1, lng1, lat2, lng2):
    """Squared equirectangular distance in degrees of latitude (fine within a city)."""
    cos_lat = math.cos(math.radians((lat1 + lat2) / 2))
    return (lat1 - lat2) ** 2 + ((lng1 - lng2) * cos_lat) ** 2


def nearest(centres, lat, lng, max_km=5.0):
    """Key of the nearest ``(key, lat, lng)`` centre within ``max_km``, else ``None``."""
    best, best_d = None, None
    for key, clat, clng in centres:
        d = distance2(lat, lng, clat, clng)
        if best_d is None or d < best_d:
            best, best_d = key, d
    if best is None or best_d > (max_km / 111.0) ** 2:
        return None
    return best


def grid_cell(zoom):
    """Grid cell in degrees for server-side clustering at a Leaflet zoom level.

    About 90 px at that zoom (clusters of neighbouring cells do not overlap): 360° / 2**zoom
    is one 256 px tile.
    """
    zoom = max(0, min(int(zoom or 0), 22))
    return 360.0 / (2**zoom) * 90 / 256
