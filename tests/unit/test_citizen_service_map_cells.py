"""Pure-Python tests of addons/citizen_service_map/tools/map_cells.py (no Odoo import)."""

import importlib
import importlib.util
import math
import sys
from datetime import date, datetime
from pathlib import Path

_DIR = Path(__file__).resolve().parents[2] / "addons" / "citizen_service_map" / "tools"
_spec = importlib.util.spec_from_file_location(
    "citizen_service_map_tools", _DIR / "__init__.py", submodule_search_locations=[str(_DIR)]
)
_package = importlib.util.module_from_spec(_spec)
sys.modules["citizen_service_map_tools"] = _package
_spec.loader.exec_module(_package)
map_cells = importlib.import_module("citizen_service_map_tools.map_cells")
geo = importlib.import_module("citizen_service_map_tools.geo")

TZ = "America/Mexico_City"


def test_level_for_zoom():
    assert [map_cells.level_for_zoom(z) for z in (None, 3, 12, 13, 14, 15, 16, 17, 19)] == [
        12,
        12,
        12,
        14,
        14,
        16,
        16,
        None,
        None,
    ]


def test_fine_cells_group_exactly_into_coarse_ones():
    # cell sizes halve per zoom: index >> k of the fine cell is the coarse cell's index
    for value in (21.1234567, -101.6543210, 21.06, -101.76, 0.0000001, -0.0000001):
        for level in map_cells.LEVELS:
            for zoom in range(level + 1):
                fine = map_cells.cell_index(value, level)
                assert fine >> (level - zoom) == map_cells.cell_index(value, zoom)
    assert map_cells.cell_index(-101.7, 12) == math.floor(-101.7 / geo.grid_cell(12))


def test_cell_range_covers_the_view():
    lat0, lat1, lng0, lng1 = map_cells.cell_range([21.06, -101.76, 21.20, -101.58], 12)
    cell = geo.grid_cell(12)
    assert lat0 * cell <= 21.06 < (lat1 + 1) * cell
    assert lng0 * cell <= -101.76 and -101.58 < (lng1 + 1) * cell


def test_month_conditions_on_local_boundaries():
    # León is UTC-6: a local month starts at 06:00 UTC
    assert map_cells.month_condition(">=", "2026-03-01 06:00:00", TZ) == (
        "month",
        ">=",
        date(2026, 3, 1),
    )
    assert map_cells.month_condition("<", "2026-04-01 06:00:00", TZ) == (
        "month",
        "<",
        date(2026, 4, 1),
    )
    # the search's period filters end at the last second of the month
    assert map_cells.month_condition("<=", "2026-04-01 05:59:59", TZ) == (
        "month",
        "<",
        date(2026, 4, 1),
    )
    assert map_cells.month_condition(">", "2026-03-01 05:59:59", TZ) == (
        "month",
        ">=",
        date(2026, 3, 1),
    )
    assert map_cells.month_condition(">=", datetime(2026, 3, 1, 6), TZ)
    # not on a boundary, other operators, other values: no cells
    assert map_cells.month_condition(">=", "2026-03-02 06:00:00", TZ) is None
    assert map_cells.month_condition(">=", "2026-03-01 00:00:00", TZ) is None
    assert map_cells.month_condition("=", "2026-03-01 06:00:00", TZ) is None
    assert map_cells.month_condition(">=", False, TZ) is None
    assert map_cells.month_condition(">=", "2026-03-01", TZ) is None
    assert map_cells.month_condition(">=", "2026-03-01 06:00:00", "Nowhere/Nothing") is None
    # the summer time of 2020: April started at 05:00 UTC
    assert map_cells.month_start(datetime(2020, 4, 30, 4, 59), TZ) == date(2020, 4, 1)
    assert map_cells.month_start(datetime(2020, 3, 1, 5, 59), TZ) == date(2020, 2, 1)


def test_cell_domain_translates_what_the_cells_know():
    default = ["|", ("citizen_state", "=", "captured"), ("citizen_state", "=", "in_process")]
    assert map_cells.cell_domain(default) == default
    assert map_cells.cell_domain([("active", "=", True), ("company_id", "in", [1, 2])]) == [
        "&",
        ("ticket_active", "=", True),
        ("company_id", "in", [1, 2]),
    ]
    period = [
        "&",
        ("create_date", ">=", "2026-11-01 06:00:00"),
        ("create_date", "<=", "2026-12-01 05:59:59"),
    ]
    assert map_cells.cell_domain(period, TZ) == [
        "&",
        ("month", ">=", date(2026, 11, 1)),
        ("month", "<", date(2026, 12, 1)),
    ]
    assert map_cells.cell_domain(["!", ("citizen_state", "=", "finished")]) == [
        "!",
        ("citizen_state", "=", "finished"),
    ]


def test_cell_domain_refuses_other_conditions():
    for domain in (
        [("team_id", "=", 3)],
        [("citizen_state", "=", "captured"), ("category_id", "=", 1)],
        ["|", ("name", "ilike", "x"), ("citizen_state", "=", "captured")],
        [("company_id.name", "=", "León")],
        [("create_date", ">=", "2026-11-03 06:00:00")],
        ["|", ("citizen_state", "=", "captured")],  # malformed
        ["^", ("citizen_state", "=", "captured"), (1, "=", 1)],
    ):
        assert map_cells.cell_domain(domain, TZ) is None, domain


def test_cell_domain_simplifies_rules_that_see_everything():
    # the record rules of a coordinator: (departments OR all) AND company
    rules = [
        "&",
        "|",
        ("team_id", "in", [1, 2]),
        (1, "=", 1),
        "|",
        ("company_id", "=", False),
        ("company_id", "in", [1]),
    ]
    assert map_cells.cell_domain(rules) == [
        "|",
        ("company_id", "=", False),
        ("company_id", "in", [1]),
    ]
    assert map_cells.cell_domain(["&", ("team_id", "=", 1), (0, "=", 1)]) == [(0, "=", 1)]
    assert map_cells.cell_domain(["!", (0, "=", 1)]) == [(1, "=", 1)]
    assert map_cells.cell_domain([]) == [(1, "=", 1)]
    assert map_cells.mentions([("active", "=", False)], "active")
    assert not map_cells.mentions(["|", (1, "=", 1), ("x", "=", 1)], "active")


def test_deadline_keys_and_lights():
    today = date(2026, 12, 7)
    assert map_cells.deadline_key("finished", date(2026, 12, 1), today) is None
    assert map_cells.deadline_key("captured", None, today) is None
    assert map_cells.deadline_key("captured", date(2026, 1, 1), today) == date(2026, 12, 4)
    assert map_cells.deadline_key("in_process", date(2026, 12, 20), today) == date(2026, 12, 20)
    assert map_cells.traffic_light(0, 0, 0) == "closed"
    assert map_cells.traffic_light(None, None, None) == "closed"
    assert map_cells.traffic_light(1, 1, 3) == "overdue"
    assert map_cells.traffic_light(0, 2, 3) == "due_soon"
    assert map_cells.traffic_light(0, 0, 3) == "on_time"
    soon = date(2026, 12, 10)
    assert map_cells.deadline_light(date(2026, 12, 6), True, today, soon) == "overdue"
    assert map_cells.deadline_light(date(2026, 12, 9), True, today, soon) == "due_soon"
    assert map_cells.deadline_light(None, True, today, soon) == "on_time"
    assert map_cells.deadline_light(date(2026, 12, 1), False, today, soon) == "closed"
