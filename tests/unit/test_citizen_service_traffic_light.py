"""The traffic-light rule and its search domains agree on every deadline around today."""

import datetime
import itertools

import pytest
from conftest import load_addon_module

tl = load_addon_module("citizen_service", "tools/traffic_light.py")

TODAY = datetime.date(2026, 12, 7)


def _match(domain, record):
    """Evaluate a plain domain (leaves, '&' implicit, prefix '|') on a dict."""

    def leaf(term):
        field, op, value = term
        current = record[field]
        if op == "=":
            return current == value if value is not False else not current
        if current is None or current is False:
            return False
        return {
            ">": current > value,
            ">=": current >= value,
            "<": current < value,
            "<=": current <= value,
        }[op]

    def parse(i):
        token = domain[i]
        if token == "|":
            left, i = parse(i + 1)
            right, i = parse(i)
            return left or right, i
        return leaf(token), i + 1

    result, i = True, 0
    while i < len(domain):
        value, i = parse(i)
        result = result and value
    return result


@pytest.mark.parametrize("due_soon_days", [0, 2, 5])
def test_rule_and_domains_agree(due_soon_days):
    soon = tl.due_soon_limit(TODAY, due_soon_days)
    domains = tl.traffic_light_domains(TODAY, soon)
    deadlines = [False] + [TODAY + datetime.timedelta(days=d) for d in range(-4, 9)]
    for closed, deadline in itertools.product([True, False], deadlines):
        light = tl.traffic_light(closed, deadline, TODAY, soon)
        record = {"closed": closed, "date_deadline": deadline}
        matching = [name for name, dom in domains.items() if _match(dom, record)]
        assert matching == [light], (closed, deadline, matching, light)


def test_lights():
    soon = tl.due_soon_limit(TODAY, 2)
    assert tl.traffic_light(False, TODAY - datetime.timedelta(days=1), TODAY, soon) == "overdue"
    assert tl.traffic_light(False, TODAY, TODAY, soon) == "due_soon"
    assert tl.traffic_light(False, soon, TODAY, soon) == "due_soon"
    assert tl.traffic_light(False, soon + datetime.timedelta(days=1), TODAY, soon) == "on_time"
    assert tl.traffic_light(False, False, TODAY, soon) == "on_time"
    assert tl.traffic_light(True, TODAY - datetime.timedelta(days=9), TODAY, soon) == "closed"
    assert set(tl.LIGHTS) == {"on_time", "due_soon", "overdue", "closed"}
