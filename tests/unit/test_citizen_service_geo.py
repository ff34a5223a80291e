import math
import random

import pytest
from conftest import load_addon_module

geo = load_addon_module("citizen_service", "tools/geo.py")

# Catedral de León and Arco de la Calzada (about 1.2 km apart)
CATEDRAL = (21.1221, -101.6827)
ARCO = (21.1153, -101.6742)


def test_haversine_zero_and_symmetry():
    assert geo.haversine_m(*CATEDRAL, *CATEDRAL) == 0
    assert geo.haversine_m(*CATEDRAL, *ARCO) == pytest.approx(geo.haversine_m(*ARCO, *CATEDRAL))


def test_haversine_known_distances():
    # one degree of latitude is about 111.2 km everywhere
    assert geo.haversine_m(21.0, -101.0, 22.0, -101.0) == pytest.approx(111195, rel=1e-3)
    # one degree of longitude on the equator, and cos(lat) of it further north
    assert geo.haversine_m(0, 0, 0, 1) == pytest.approx(111195, rel=1e-3)
    assert geo.haversine_m(60, 0, 60, 1) == pytest.approx(111195 / 2, rel=1e-2)
    assert 1100 < geo.haversine_m(*CATEDRAL, *ARCO) < 1200


def test_bounding_box_contains_the_circle():
    rng = random.Random(11)
    for _i in range(2000):
        lat = rng.uniform(-80, 80)
        lon = rng.uniform(-170, 170)
        radius = rng.choice([10, 150, 1000, 50000])
        box = geo.bounding_box(lat, lon, radius)
        bearing = rng.uniform(0, 2 * math.pi)
        # a point on the circle (destination formula), just inside it
        delta = radius * 0.999 / geo.EARTH_RADIUS_M
        phi1, lmb1 = math.radians(lat), math.radians(lon)
        phi2 = math.asin(
            math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(bearing)
        )
        lmb2 = lmb1 + math.atan2(
            math.sin(bearing) * math.sin(delta) * math.cos(phi1),
            math.cos(delta) - math.sin(phi1) * math.sin(phi2),
        )
        plat, plon = math.degrees(phi2), math.degrees(lmb2)
        assert geo.haversine_m(lat, lon, plat, plon) <= radius
        assert box[0] <= plat <= box[1]
        assert box[2] <= plon <= box[3], (lat, lon, radius, bearing)


def test_bounding_box_is_tight_in_leon():
    min_lat, max_lat, min_lon, max_lon = geo.bounding_box(*CATEDRAL, 150)
    assert geo.haversine_m(min_lat, CATEDRAL[1], max_lat, CATEDRAL[1]) == pytest.approx(300, 1e-3)
    assert geo.haversine_m(CATEDRAL[0], min_lon, CATEDRAL[0], max_lon) == pytest.approx(300, 1e-3)


def test_bounding_box_poles_and_antimeridian():
    assert geo.bounding_box(89.9999, 10, 1000)[2:] == (-180.0, 180.0)
    assert geo.bounding_box(0, 179.9999, 1000)[2:] == (-180.0, 180.0)
    assert geo.bounding_box(10, 10, 0) == (10, 10, 10, 10)
    with pytest.raises(ValueError):
        geo.bounding_box(10, 10, -1)


def test_within_filters_and_sorts():
    lat, lon = CATEDRAL
    step = 1 / 111195  # about one metre of latitude
    candidates = [
        ("far", lat + 200 * step, lon),
        ("b", lat + 100 * step, lon),
        ("a", lat - 50 * step, lon),
        ("edge", lat + 149.9 * step, lon),
    ]
    found = geo.within(candidates, lat, lon, 150)
    assert [key for key, _m in found] == ["a", "b", "edge"]
    assert found[0][1] == pytest.approx(50, abs=0.5)
    assert geo.within(candidates, lat, lon, 150, limit=1) == found[:1]
    assert geo.within([], lat, lon, 150) == []
