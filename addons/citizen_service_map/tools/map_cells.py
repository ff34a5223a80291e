"""Pre-aggregated cells of the map of reports (pure Python, unit-tested in tests/unit).

The table ``citizen_map_cell`` counts the located reports per fine grid cell of a few zoom
levels (:data:`LEVELS`), citizen status, month of creation (in the city's time zone),
company, archived or not and, for the open statuses, deadline. The cells of level ``L``
are the server clusters of zoom ``L`` (:func:`geo.grid_cell`); a coarser zoom ``z`` groups
them by ``index >> (L - z)`` (cell sizes halve from one zoom to the next, so a coarse
cell is exactly 2**k fine ones, also in floating point).

This module decides which level answers a zoom, which integer cell range a view covers
and whether the search of the map can be answered by the cells (:func:`cell_domain`):
only conditions on what the cells know (status, company, archived, creation date on
month boundaries) can; any other condition (petition, department, text...) returns
``None`` and the map counts the reports live.
"""

import math
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import geo

# zoom levels stored: a city-wide view (zoom 12) reads a few thousand rows of level 12,
# a colonia (zoom 16) a few thousand of level 16
LEVELS = (12, 14, 16)
# open statuses whose deadline is kept in the key (traffic light of a cluster)
DEADLINE_STATES = ("captured", "in_process")
# overdue deadlines are stored as max(deadline, today - DEADLINE_SLACK): every past
# deadline of a day merges into one key, and a key before the reader's today is a
# deadline before it whatever the time zones of the server and of the reader
DEADLINE_SLACK = 3
# ticket field -> cell field (same values, same operators)
FIELDS = {"citizen_state": "citizen_state", "company_id": "company_id", "active": "ticket_active"}
DOMAIN_OPERATORS = ("&", "|", "!")
TRUE_LEAF = (1, "=", 1)
FALSE_LEAF = (0, "=", 1)


def level_for_zoom(zoom):
    """The stored level answering clusters of ``zoom`` (the finest level >= zoom), or
    ``None`` above the finest level (the live path then)."""
    zoom = max(0, int(zoom or 0))
    for level in LEVELS:
        if level >= zoom:
            return level
    return None


def cell_index(value, zoom):
    """Index of the grid cell of ``zoom`` holding ``value`` (degrees), as the SQL does:
    ``floor(value::float8 / grid_cell(zoom))``."""
    return math.floor(float(value) / geo.grid_cell(zoom))


def cell_range(bounds, zoom):
    """``(lat_min, lat_max, lng_min, lng_max)`` indexes of the cells of ``zoom`` that
    touch ``bounds`` = [south, west, north, east]."""
    south, west, north, east = (float(b) for b in bounds)
    return (
        cell_index(south, zoom),
        cell_index(north, zoom),
        cell_index(west, zoom),
        cell_index(east, zoom),
    )


def _tz(name):
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return None


def month_start(moment, tz_name):
    """First day of the month (local to ``tz_name``) of the naive UTC ``moment``."""
    local = moment.replace(tzinfo=timezone.utc).astimezone(_tz(tz_name))
    return date(local.year, local.month, 1)


def _to_datetime(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else None
    if isinstance(value, str) and len(value) == 19:
        try:
            return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            return None
    return None


def _month_boundary(moment, tz):
    """The local month starting exactly at the naive UTC ``moment``, else ``None``."""
    local = moment.replace(tzinfo=timezone.utc).astimezone(tz)
    if (local.day, local.hour, local.minute, local.second, local.microsecond) == (1, 0, 0, 0, 0):
        return date(local.year, local.month, 1)
    return None


def month_condition(operator, value, tz_name):
    """``create_date <operator> value`` as a condition on the month of the cells, when
    ``value`` (UTC) falls on a local month boundary, else ``None``.

    ``>= start`` and ``< start`` are exact; ``<= start - 1 s`` and ``> start - 1 s`` (how
    the search's date filters write a period's end) are taken as ``< start`` and
    ``>= start``.
    """
    tz = _tz(tz_name)
    moment = _to_datetime(value)
    if tz is None or moment is None:
        return None
    if operator in (">=", "<"):
        month = _month_boundary(moment, tz)
        return ("month", operator, month) if month else None
    if operator in ("<=", ">"):
        month = _month_boundary(moment + timedelta(seconds=1), tz)
        if month:
            return ("month", "<" if operator == "<=" else ">=", month)
    return None


_TRUE, _FALSE = "TRUE", "FALSE"


def _tree(domain):
    """Normalised prefix ``domain`` as a tree, its leaves translated to the cells:
    ``("&" | "|", a, b)``, ``("!", a)``, a cell leaf, ``_TRUE``/``_FALSE`` or ``None``
    (a condition the cells cannot answer)."""
    items = list(domain)
    if not items:
        return _TRUE
    # implicit AND between top-level terms
    stack = []
    for item in reversed(items):
        if isinstance(item, str):
            if item not in DOMAIN_OPERATORS:
                raise ValueError(item)
            if item == "!":
                stack.append(("!", stack.pop()))
            else:
                stack.append((item, stack.pop(), stack.pop()))
        else:
            stack.append(("leaf", item))
    node = stack.pop()
    while stack:
        node = ("&", node, stack.pop())
    return node


def _translate(node, tz_name):
    if node in (_TRUE, _FALSE):
        return node
    kind = node[0]
    if kind == "leaf":
        item = node[1]
        if not isinstance(item, (list, tuple)) or len(item) != 3:
            return None
        field, operator, value = item
        if (field, operator, value) == TRUE_LEAF:
            return _TRUE
        if (field, operator, value) == FALSE_LEAF:
            return _FALSE
        if field in FIELDS:
            return ("leaf", (FIELDS[field], operator, value))
        if field == "create_date":
            condition = month_condition(operator, value, tz_name)
            return ("leaf", condition) if condition else None
        return None
    if kind == "!":
        inner = _translate(node[1], tz_name)
        if inner in (_TRUE, _FALSE):
            return _FALSE if inner == _TRUE else _TRUE
        return None if inner is None else ("!", inner)
    left, right = _translate(node[1], tz_name), _translate(node[2], tz_name)
    absorbing, neutral = (_TRUE, _FALSE) if kind == "|" else (_FALSE, _TRUE)
    # an OR with a true branch is true, an AND with a false one false, whatever the
    # other branch holds (e.g. the record rules of a group that sees every report)
    if absorbing in (left, right):
        return absorbing
    if left is None or right is None:
        return None
    if left == neutral:
        return right
    if right == neutral:
        return left
    return (kind, left, right)


def _prefix(node):
    if node == _TRUE:
        return [TRUE_LEAF]
    if node == _FALSE:
        return [FALSE_LEAF]
    if node[0] == "leaf":
        return [node[1]]
    if node[0] == "!":
        return ["!", *_prefix(node[1])]
    return [node[0], *_prefix(node[1]), *_prefix(node[2])]


def cell_domain(domain, tz_name=None):
    """``domain`` (prefix notation) on reports translated to the cells, or ``None`` when
    a condition that matters is not one the cells can answer exactly."""
    try:
        node = _translate(_tree(domain or []), tz_name)
    except (IndexError, ValueError):
        return None
    return None if node is None else _prefix(node)


def mentions(domain, field):
    """``domain`` has a condition on ``field``."""
    return any(
        isinstance(item, (list, tuple)) and len(item) == 3 and item[0] == field
        for item in domain or []
    )


def deadline_key(state, deadline, today):
    """Deadline kept in a cell's key (see :data:`DEADLINE_SLACK`), as the SQL does."""
    if state not in DEADLINE_STATES or not deadline:
        return None
    return max(deadline, today - timedelta(days=DEADLINE_SLACK))


def deadline_light(deadline, any_open, today, soon):
    """Worst traffic light of a cluster from the earliest deadline of its open reports
    (the live count)."""
    if not any_open:
        return "closed"
    if deadline and deadline < today:
        return "overdue"
    if deadline and deadline <= soon:
        return "due_soon"
    return "on_time"


def traffic_light(overdue, due_soon, open_count):
    """Worst traffic light of a cluster from its counts of open reports (the cells):
    the same as :func:`deadline_light`."""
    if not open_count:
        return "closed"
    if overdue:
        return "overdue"
    if due_soon:
        return "due_soon"
    return "on_time"
