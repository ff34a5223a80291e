"""Pure-Python tests of addons/citizen_service_map/tools/geo.py (no Odoo import)."""

import importlib.util
import json
import math
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[2] / "addons" / "citizen_service_map" / "tools" / "geo.py"
_spec = importlib.util.spec_from_file_location("citizen_service_map_geo", _PATH)
geo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(geo)

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[-101.70, 21.10], [-101.66, 21.10], [-101.66, 21.14], [-101.70, 21.14], [-101.70, 21.10]],
        # a hole in the middle
        [[-101.69, 21.11], [-101.67, 21.11], [-101.67, 21.13], [-101.69, 21.13], [-101.69, 21.11]],
    ],
}


def test_polygon_with_hole():
    polygons = geo.parse_geojson(json.dumps(SQUARE))
    assert geo.contains(polygons, 21.105, -101.695)
    assert not geo.contains(polygons, 21.12, -101.68)  # in the hole
    assert not geo.contains(polygons, 21.2, -101.68)  # outside
    assert geo.bbox(polygons) == (21.10, -101.70, 21.14, -101.66)


def test_feature_collection_and_multipolygon():
    other = [[[-101.60, 21.0], [-101.59, 21.0], [-101.59, 21.01], [-101.60, 21.0]]]
    text = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {}, "geometry": SQUARE},
                {
                    "type": "Feature",
                    "geometry": {"type": "MultiPolygon", "coordinates": [other]},
                },
            ],
        }
    )
    polygons = geo.parse_geojson(text)
    assert len(polygons) == 2
    assert geo.contains(polygons, 21.003, -101.595)
    again = geo.parse_geojson(geo.to_geojson(polygons))
    assert again == polygons


def test_unclosed_ring_is_closed():
    polygons = geo.parse_geojson(
        '{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}'
    )
    assert polygons[0][0][0] == polygons[0][0][-1]
    assert geo.contains(polygons, 0.5, 0.5)
    assert geo.centroid(polygons) == pytest.approx((0.5, 0.5))


@pytest.mark.parametrize(
    "text, code",
    [
        ("not json", "json"),
        (b"\xff\xfe", "json"),
        ("[1, 2]", "geometry"),
        ('{"type": "Point", "coordinates": [1, 2]}', "type"),
        ('{"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}', "ring"),
        ('{"type": "Polygon", "coordinates": [[[0, 0], [1, "a"], [1, 1]]]}', "position"),
        ('{"type": "Polygon", "coordinates": [[[0, 0], [1, 95], [1, 1]]]}', "range"),
        ('{"type": "Polygon", "coordinates": []}', "polygon"),
        ('{"type": "FeatureCollection", "features": []}', "empty"),
        ('{"type": "Polygon", "coordinates": [[[0, 0], [0, 0], [1, 1], [0, 0]]]}', "ring"),
    ],
)
def test_bad_geojson(text, code):
    with pytest.raises(geo.GeoJSONError) as err:
        geo.parse_geojson(text)
    assert err.value.code == code


def test_find_containing_uses_bbox_and_order():
    inner = geo.parse_geojson(json.dumps(SQUARE))
    big = geo.parse_geojson(
        '{"type": "Polygon", "coordinates": [[[-102, 21], [-101, 21], [-101, 22], [-102, 22]]]}'
    )
    shapes = [("inner", geo.bbox(inner), inner), ("big", geo.bbox(big), big)]
    assert geo.find_containing(shapes, 21.105, -101.695) == "inner"
    assert geo.find_containing(shapes, 21.12, -101.68) == "big"  # inner's hole
    assert geo.find_containing(shapes, 20.5, -101.5) is None


def test_nearest_within_radius():
    centres = [("centro", 21.1221, -101.6824), ("obregon", 21.1302, -101.676)]
    assert geo.nearest(centres, 21.123, -101.681) == "centro"
    assert geo.nearest(centres, 21.131, -101.675) == "obregon"
    assert geo.nearest(centres, 22.0, -101.0) is None
    assert geo.nearest([], 21.0, -101.0) is None


def test_grid_cell_halves_with_zoom():
    assert geo.grid_cell(12) == pytest.approx(geo.grid_cell(11) / 2)
    assert geo.grid_cell(-3) == geo.grid_cell(0)
    assert geo.grid_cell(None) == geo.grid_cell(0)


def _poly(*rings):
    return geo.parse_geojson(json.dumps({"type": "Polygon", "coordinates": list(rings)}))


@pytest.mark.parametrize(
    "rings",
    [
        SQUARE["coordinates"],  # outer ring and a hole inside it
        [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
        [[[0, 0], [1, 0], [1, 0], [1, 1], [0, 1]]],  # a repeated corner (double click)
        [[[0, 0], [2, 0], [2, 2], [1, 1], [0, 2], [0, 0]]],  # concave
        [[[0, 0], [1, 0], [2, 0], [2, 1], [0, 1]]],  # three corners in a straight line
    ],
)
def test_simple_polygons_pass(rings):
    assert geo.self_intersection(_poly(*rings)) is None
    geo.check_simple(_poly(*rings))


@pytest.mark.parametrize(
    "rings, point",
    [
        # a bow tie: the border crosses itself at (0.5, 0.5)
        ([[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]], (0.5, 0.5)),
        # a figure of eight through one shared corner
        ([[[0, 0], [1, 1], [2, 0], [2, 2], [1, 1], [0, 2], [0, 0]]], (1, 1)),
        # a spike folding back over its own side
        ([[[0, 0], [2, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], None),
        # a hole sticking out of the outer ring
        (
            [
                [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]],
                [[1, 1], [3, 1], [3, 1.5], [1, 1.5], [1, 1]],
            ],
            (1, 2),
        ),
    ],
)
def test_crossing_borders_found(rings, point):
    found = geo.self_intersection(_poly(*rings))
    assert found is not None
    if point:
        assert found == pytest.approx(point)
    with pytest.raises(geo.GeoJSONError) as err:
        geo.check_simple(_poly(*rings))
    assert err.value.code == "crossing"


def test_crossing_check_is_fast_on_big_rings():
    """A colonia exported from QGIS can have thousands of points: the sweep stays fast."""
    import time

    n = 5000
    ring = [
        [
            math.cos(2 * math.pi * i / n) * 0.05 - 101.68,
            math.sin(2 * math.pi * i / n) * 0.05 + 21.12,
        ]
        for i in range(n)
    ]
    polygons = _poly(ring + [ring[0]])
    start = time.perf_counter()
    assert geo.self_intersection(polygons) is None
    assert time.perf_counter() - start < 2.0
