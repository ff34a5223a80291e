"""Pure-Python tests of addons/call_center/lib/erlang.py (no Odoo import)."""

import importlib.util
import math
from fractions import Fraction
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[2] / "addons" / "call_center" / "lib" / "erlang.py"
_spec = importlib.util.spec_from_file_location("call_center_erlang", _PATH)
erlang = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(erlang)


def _erlang_c_exact(n, a):
    """Textbook closed form evaluated with exact fractions."""
    a = Fraction(a)
    top = a**n / math.factorial(n) * Fraction(n) / (n - a)
    bottom = sum(a**k / math.factorial(k) for k in range(n)) + top
    return float(top / bottom)


# Published table (callcentrehelper.com / Koole "Call center optimization"):
# 10 Erlangs (100 calls / 30 min, AHT 180 s), target 20 s.
TABLE_10_ERLANGS = {
    # agents: (P(wait), service level, ASA seconds)
    11: (0.6821, 0.3896, 122.8),
    12: (0.4494, 0.6402, 40.4),
    13: (0.2853, 0.7956, 17.1),
    14: (0.1741, 0.8884, 7.8),
    15: (0.1020, 0.9415, 3.7),
}


@pytest.mark.parametrize("agents", sorted(TABLE_10_ERLANGS))
def test_erlang_c_textbook_table(agents):
    pw, sl, asa = TABLE_10_ERLANGS[agents]
    assert erlang.erlang_c(agents, 10.0) == pytest.approx(pw, abs=5e-5)
    assert erlang.service_level(agents, 10.0, 180, 20) == pytest.approx(sl, abs=5e-5)
    assert erlang.average_speed_of_answer(agents, 10.0, 180) == pytest.approx(asa, abs=0.05)


@pytest.mark.parametrize("n,a", [(1, 0.5), (2, 1.0), (5, 3.2), (13, 10), (30, 25.5), (60, 52)])
def test_erlang_c_matches_closed_form(n, a):
    assert erlang.erlang_c(n, a) == pytest.approx(_erlang_c_exact(n, a), rel=1e-9)


def test_mm1_and_mm2_analytic():
    # M/M/1: P(wait) = rho
    assert erlang.erlang_c(1, 0.7) == pytest.approx(0.7)
    # M/M/2 with A = 1 (rho = .5): C = 2 rho^2 / (1 + rho) = 1/3
    assert erlang.erlang_c(2, 1.0) == pytest.approx(1 / 3)


def test_erlang_b_table_values():
    # Classic Erlang B table: 5 Erlangs on 10 trunks -> 1.84 % blocking,
    # 1 Erlang on 1 trunk -> 50 %.
    assert erlang.erlang_b(10, 5.0) == pytest.approx(0.01838, abs=1e-5)
    assert erlang.erlang_b(1, 1.0) == pytest.approx(0.5)
    assert erlang.erlang_b(0, 3.0) == 1.0


def test_unstable_and_empty_queues():
    assert erlang.erlang_c(10, 10) == 1.0
    assert erlang.erlang_c(5, 12) == 1.0
    assert erlang.service_level(5, 12, 180, 20) == 0.0
    assert math.isinf(erlang.average_speed_of_answer(5, 12, 180))
    assert erlang.erlang_c(3, 0) == 0.0
    assert erlang.service_level(0, 0, 180, 20) == 1.0


def test_offered_traffic():
    assert erlang.offered_traffic(100, 180, 1800) == pytest.approx(10.0)
    assert erlang.offered_traffic(60, 300) == pytest.approx(5.0)
    with pytest.raises(ValueError):
        erlang.offered_traffic(10, 100, 0)
    with pytest.raises(ValueError):
        erlang.offered_traffic(-1, 100)


def test_agents_needed_textbook():
    # 80/20 on 10 Erlangs needs 14 agents (13 only gives 79.6 %).
    assert erlang.agents_needed(10.0, 180, 20, 0.8) == 14
    # 90/20 needs 15
    assert erlang.agents_needed(10.0, 180, 20, 0.9) == 15
    assert erlang.agents_needed(0.0, 180, 20, 0.8) == 0
    with pytest.raises(ValueError):
        erlang.agents_needed(10.0, 180, 20, 1.5)


def test_agents_needed_is_monotonic_in_volume():
    previous = 0
    for calls in range(0, 400, 20):
        n = erlang.staffing(calls, 240, target=20, sl_goal=0.8)["agents"]
        assert n >= previous
        previous = n


def test_max_occupancy_constraint():
    # With a large volume the SL goal is met at high occupancy; capping
    # occupancy to 85 % forces more agents.
    free = erlang.agents_needed(100.0, 180, 20, 0.8)
    capped = erlang.agents_needed(100.0, 180, 20, 0.8, max_occupancy=0.85)
    assert capped >= free
    assert 100.0 / capped <= 0.85


def test_abandon_estimate():
    # bounded by P(wait), decreasing with more agents and with lower patience sensitivity
    a13 = erlang.abandon_probability(13, 10.0, 180, 120)
    a14 = erlang.abandon_probability(14, 10.0, 180, 120)
    assert 0 < a14 < a13 < erlang.erlang_c(13, 10.0)
    # closed form: C * aht / (aht + patience*(N-A))
    assert a14 == pytest.approx(0.17413 * 180 / (180 + 120 * 4), abs=1e-4)
    assert erlang.abandon_probability(14, 10.0, 180, 0) == pytest.approx(erlang.erlang_c(14, 10.0))
    assert erlang.abandon_probability(9, 10.0, 180, 60) == 1.0


def test_staffing_dict():
    res = erlang.staffing(200, 180, target=20, sl_goal=0.8)  # 10 Erlangs
    assert res["agents"] == 14
    assert res["traffic"] == pytest.approx(10.0)
    assert res["service_level"] == pytest.approx(0.8884, abs=1e-4)
    assert res["occupancy"] == pytest.approx(10 / 14)
    empty = erlang.staffing(0, 180)
    assert empty["agents"] == 0 and empty["service_level"] == 1.0
