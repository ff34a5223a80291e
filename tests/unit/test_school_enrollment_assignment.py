"""Pure-Python tests of school_enrollment/lib (no Odoo import)."""

import importlib.util
import pathlib
import random

import pytest

LIB = pathlib.Path(__file__).resolve().parents[2] / "addons" / "school_enrollment" / "lib"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"se_lib_{name}", LIB / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


A = _load("assignment")
CURP = _load("curp")

LAT, LON = 21.1250, -101.6860  # León centre


def school(sid, dlat=0.0, dlon=0.0, **free):
    return {"id": sid, "lat": LAT + dlat, "lon": LON + dlon, "free": free or {"pri1": 1}}


def app(aid, grade="pri1", dlat=0.0, dlon=0.0, colonia=None, **kw):
    d = {"id": aid, "grade": grade, "lat": LAT + dlat, "lon": LON + dlon, "colonia_id": colonia}
    d.update(kw)
    return d


def test_nearest_school_by_distance():
    schools = [school(1, 0.05), school(2, 0.01), school(3, -0.03)]
    res = A.assign(schools, [app(10)])
    assert res.assignments[10][0] == 2
    assert res.assignments[10][1] == A.DISTANCE
    assert res.assignments[10][2] == pytest.approx(1.106, abs=0.01)


def test_seats_respected_and_unassigned_when_full():
    schools = [school(1, pri1=2), school(2, 0.5, pri1=1)]
    res = A.assign(schools, [app(i) for i in range(1, 6)])
    taken = [v[0] for v in res.assignments.values()]
    assert taken.count(1) == 2 and taken.count(2) == 1
    assert res.counts[A.UNASSIGNED] == 2
    assert res.assigned == 3


def test_grade_must_be_offered():
    schools = [school(1, pre3=5), school(2, 0.2, pri1=5)]
    res = A.assign(schools, [app(1, "pri1"), app(2, "pre3")])
    assert res.assignments[1][0] == 2
    assert res.assignments[2][0] == 1


def test_influence_beats_distance():
    # school 1 is nearer but school 2 covers the child's colonia
    schools = [school(1, 0.001), school(2, 0.05)]
    res = A.assign(schools, [app(1, colonia=7)], influence={7: [2]})
    assert res.assignments[1][:2] == (2, A.INFLUENCE)


def test_influence_full_falls_back_to_distance():
    schools = [school(1, 0.001), school(2, 0.05, pri1=1)]
    res = A.assign(schools, [app(1, colonia=7), app(2, colonia=7)], influence={7: [2]})
    crits = sorted(v[1] for v in res.assignments.values())
    assert crits == [A.DISTANCE, A.INFLUENCE]


def test_influence_applicants_served_before_distance_ones():
    # one seat in the influence school; the outsider is nearer but has no influence
    schools = [school(1, pri1=1), school(2, 1.0, pri1=1)]
    res = A.assign(schools, [app(1, dlat=0.0001), app(2, colonia=3, dlat=0.2)], influence={3: [1]})
    assert res.assignments[2][:2] == (1, A.INFLUENCE)
    assert res.assignments[1][:2] == (2, A.DISTANCE)


def test_disability_has_first_priority():
    schools = [school(1, pri1=1), school(2, 1.0, pri1=1)]
    apps = [app(i, colonia=3) for i in range(1, 4)] + [app(9, colonia=3, disability=True)]
    res = A.assign(schools, apps, influence={3: [1]})
    assert res.assignments[9][:2] == (1, A.DISABILITY)


def test_sibling_school_priority():
    schools = [school(1, pri1=1), school(2, 0.3, pri1=1)]
    apps = [app(1, colonia=3), app(2, colonia=3, sibling_school_id=2)]
    res = A.assign(schools, apps, influence={3: [1, 2]})
    assert res.assignments[2][:2] == (2, A.SIBLING)
    assert res.assignments[1][:2] == (1, A.INFLUENCE)


def test_twins_never_split():
    # nearest school has a single seat: the twins must go together elsewhere
    schools = [school(1, pri1=1), school(2, 0.1, pri1=1), school(3, 0.3, pri1=2)]
    res = A.assign(schools, [app(1, group="t"), app(2, group="t")])
    assert res.assignments[1][0] == res.assignments[2][0] == 3
    assert res.counts[A.SIBLING] == 2


def test_twins_unassigned_together_rather_than_split():
    schools = [school(1, pri1=1), school(2, 0.1, pri1=1)]
    res = A.assign(schools, [app(1, group="t"), app(2, group="t")])
    assert res.counts[A.UNASSIGNED] == 2


def test_siblings_different_grades_same_school_when_possible():
    schools = [school(1, pre3=1), school(2, 0.2, pre3=1, pre2=1)]
    res = A.assign(schools, [app(1, "pre3", group=5), app(2, "pre2", group=5)])
    assert res.assignments[1][0] == res.assignments[2][0] == 2


def test_deterministic_with_seed_and_equitable_lottery():
    rnd = random.Random(1)
    schools = [
        school(i, rnd.uniform(-0.1, 0.1), rnd.uniform(-0.1, 0.1), pri1=rnd.randint(1, 5))
        for i in range(1, 40)
    ]
    apps = [
        app(i, dlat=rnd.uniform(-0.1, 0.1), dlon=rnd.uniform(-0.1, 0.1), colonia=i % 7)
        for i in range(1, 200)
    ]
    infl = {c: [c * 3 + 1, c * 3 + 2] for c in range(7)}
    r1 = A.assign(schools, apps, infl, seed=42)
    r2 = A.assign(schools, list(reversed(apps)), infl, seed=42)
    assert r1.rows() == r2.rows()
    r3 = A.assign(schools, apps, infl, seed=43)
    assert r3.rows() != r1.rows()
    assert r1.assigned == min(len(apps), sum(s["free"]["pri1"] for s in schools))


def test_grid_search_matches_brute_force():
    rnd = random.Random(7)
    schools = [
        school(i, rnd.uniform(-0.2, 0.2), rnd.uniform(-0.2, 0.2), pri1=rnd.randint(1, 3))
        for i in range(1, 400)
    ]
    apps = [
        app(i, dlat=rnd.uniform(-0.25, 0.25), dlon=rnd.uniform(-0.25, 0.25)) for i in range(1, 600)
    ]
    res = A.assign(schools, apps, seed=3)
    # replay: each placement must be the nearest school still free at that moment
    eng = A.Engine(schools, seed=3)
    order = []
    units = A._units([dict(a) for a in apps])
    random.Random(3).shuffle(units)
    for u in units:
        order.append(u[0])
    for a in order:
        p = eng.project(a["lat"], a["lon"])
        free = [i for i in range(len(eng.ids)) if eng.free[i].get("pri1", 0) > 0]
        if not free:
            assert res.assignments[a["id"]][1] == A.UNASSIGNED
            continue
        best = min(free, key=lambda i: eng._key(i, p))
        assert res.assignments[a["id"]][0] == eng.ids[best]
        eng.take(best, "pri1")


def test_applicant_without_coordinates_still_placed():
    schools = [school(1, 0.01), {"id": 2, "lat": None, "lon": None, "free": {"pri1": 1}}]
    res = A.assign(schools, [{"id": 1, "grade": "pri1", "lat": None, "lon": None}])
    assert res.assignments[1][0] in (1, 2)
    assert res.assignments[1][2] is None
    # a school without coordinates is still used once the others are full
    res = A.assign(schools, [app(1), app(2)])
    assert {v[0] for v in res.assignments.values()} == {1, 2}


def test_siblings_with_enrolled_sibling_and_disability_in_unit():
    schools = [school(1, pri1=2), school(2, 0.5, pri1=2)]
    apps = [
        app(1, group="g", disability=True),
        app(2, group="g", sibling_school_id=2),
    ]
    res = A.assign(schools, apps)
    assert res.assignments[1][0] == res.assignments[2][0] == 2
    assert res.assignments[1][1] == A.DISABILITY
    assert res.assignments[2][1] == A.SIBLING


def test_union_groups():
    groups = A.union_groups([(1, 2), (3, 2), (5, 6)])
    assert groups[1] == groups[2] == groups[3] == 1
    assert groups[5] == groups[6] == 5


def test_curp_validation():
    good = "GOMC150312HGTNRR0"
    good += CURP.check_digit(good)
    assert CURP.is_valid(good)
    assert CURP.is_valid(good.lower())
    assert not CURP.is_valid(good[:-1] + str((int(good[-1]) + 1) % 10))
    assert not CURP.is_valid("XXXX")
    assert not CURP.is_valid("GOMC151312HGTNRR01")  # month 13


def test_preferred_school_used_when_it_has_seats():
    schools = [school(1, pri1=1), school(2, 0.3, pri1=1), school(3, 0.6, pri1=1)]
    res = A.assign(schools, [app(1, colonia=4, preferred_school_id=3)], influence={4: [1]})
    # the parent's choice beats the area of influence; recorded as distance
    assert res.assignments[1][:2] == (3, A.DISTANCE)
    # preferred school full: the normal criteria apply
    apps = [app(1, colonia=4, preferred_school_id=3), app(2, colonia=4, preferred_school_id=3)]
    res = A.assign(schools, apps, influence={4: [1]})
    assert sorted(v[0] for v in res.assignments.values()) == [1, 3]
    # twins keep together at their preferred school when it fits both
    schools = [school(1, pri1=1), school(3, 0.6, pri1=2)]
    res = A.assign(schools, [app(1, group="t", preferred_school_id=3), app(2, group="t")])
    assert res.assignments[1][0] == res.assignments[2][0] == 3
