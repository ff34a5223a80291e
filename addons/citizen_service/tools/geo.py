"""Distances on the Earth for the "already reported nearby" search (plain Python).

The database narrows the candidates with a bounding box on an ordinary btree index
(``latitude``/``longitude`` between two values); the exact great-circle distance of
:func:`haversine_m` then keeps the ones really within the radius.
"""

import math

EARTH_RADIUS_M = 6371008.8  # mean radius (IUGG)
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180.0


def haversine_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat, lon, distance_m):
    """``(min_lat, max_lat, min_lon, max_lon)`` holding every point within ``distance_m``.

    The box is slightly larger than the circle (never smaller); near a pole, or when it
    would cross the antimeridian, it takes every longitude.
    """
    if distance_m < 0:
        raise ValueError("distance_m must not be negative")
    dlat = distance_m / METRES_PER_DEGREE
    min_lat, max_lat = max(lat - dlat, -90.0), min(lat + dlat, 90.0)
    # the widest parallel inside the box decides the longitude span
    widest = max(abs(min_lat), abs(max_lat))
    cos_lat = math.cos(math.radians(widest))
    if cos_lat < 1e-9:
        return min_lat, max_lat, -180.0, 180.0
    # asin formula: exact half-width of the circle's longitude span on the sphere
    ratio = math.sin(distance_m / EARTH_RADIUS_M) / math.cos(math.radians(lat))
    if ratio >= 1 or distance_m / EARTH_RADIUS_M >= math.pi / 2:
        return min_lat, max_lat, -180.0, 180.0
    dlon = math.degrees(math.asin(ratio)) * 1.000001
    min_lon, max_lon = lon - dlon, lon + dlon
    if min_lon < -180 or max_lon > 180:
        return min_lat, max_lat, -180.0, 180.0
    return min_lat, max_lat, min_lon, max_lon


def within(candidates, lat, lon, distance_m, limit=None):
    """``(key, metres)`` of the ``(key, lat, lon)`` candidates within ``distance_m``,
    nearest first (ties by key), at most ``limit``."""
    found = []
    for key, clat, clon in candidates:
        metres = haversine_m(lat, lon, clat, clon)
        if metres <= distance_m:
            found.append((metres, key))
    found.sort()
    if limit is not None:
        found = found[:limit]
    return [(key, metres) for metres, key in found]
