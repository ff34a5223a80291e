"""Generated cities for the school assignment bench and unit tests (plain Python).

A city like León, Gto.: colonias clustered around a few centres, schools where people live,
areas of influence of a few kilometres, seats = ``capacity`` x demand spread unevenly among
the schools, a share of the applicants in co-applying sibling groups (twins and brothers of
different grades), enrolled siblings and children with a disability.
"""

import itertools
import math
import random

import numpy as np
from scipy.spatial import cKDTree

LAT0, LAT1, LON0, LON1 = 21.03, 21.22, -101.78, -101.58  # León, Gto.
GRADES = (("pre2", 0.15), ("pre3", 0.25), ("pri1", 0.35), ("sec1", 0.25))
LEVELS = (
    ("preschool", ("pre2", "pre3"), 0.40),
    ("primary", ("pri1",), 0.35),
    ("secondary", ("sec1",), 0.25),
)
KM_LAT = 110.574
KM_LON = 111.320 * math.cos(math.radians(21.12))


def city(
    n_applicants,
    n_schools=None,
    capacity=1.0,
    group_share=0.20,
    twin_share=0.5,
    disability=0.01,
    enrolled_sibling=0.05,
    area_km=1.5,
    seed=1,
):
    """Return (schools, applicants, influence) in the engine's input format."""
    rnd = random.Random(seed)
    n_schools = n_schools or max(8, n_applicants // 60)
    n_colonias = max(6, n_applicants // 200)
    n_centres = max(2, min(25, n_colonias // 20))
    centres = [
        (rnd.uniform(LAT0 + 0.02, LAT1 - 0.02), rnd.uniform(LON0 + 0.02, LON1 - 0.02))
        for _i in range(n_centres)
    ]

    def around(spread):
        c = rnd.choice(centres)
        lat = min(max(rnd.gauss(c[0], spread), LAT0), LAT1)
        lon = min(max(rnd.gauss(c[1], spread), LON0), LON1)
        return lat, lon

    colonias = [around(0.025) for _i in range(n_colonias)]
    weight = [rnd.paretovariate(2.0) for _i in range(n_colonias)]
    cum = list(itertools.accumulate(weight))
    colonia_ids = range(n_colonias)
    # schools: near colonias (people), with a level
    levels = []
    for level, _g, share in LEVELS:
        levels += [level] * round(n_schools * share)
    levels = (levels + ["primary"] * n_schools)[:n_schools]
    rnd.shuffle(levels)
    grade_of_level = {lvl: g for lvl, g, _s in LEVELS}
    sch = []
    for i, level in enumerate(levels):
        c = rnd.choices(colonia_ids, cum_weights=cum)[0]
        lat = colonias[c][0] + rnd.uniform(-0.006, 0.006)
        lon = colonias[c][1] + rnd.uniform(-0.006, 0.006)
        sch.append({"id": 1000 + i, "lat": lat, "lon": lon, "level": level, "free": {}})
    # areas of influence: colonias within area_km of the school (at least the nearest one)
    influence = {}
    cell = area_km / KM_LAT
    grid = {}
    for c, (lat, lon) in enumerate(colonias):
        grid.setdefault((int(lat / cell), int(lon / cell)), []).append(c)
    for s in sch:
        key = (int(s["lat"] / cell), int(s["lon"] / cell))
        best, bd = None, None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for c in grid.get((key[0] + dx, key[1] + dy), ()):
                    d = math.hypot(
                        (colonias[c][0] - s["lat"]) * KM_LAT, (colonias[c][1] - s["lon"]) * KM_LON
                    )
                    if d <= area_km:
                        influence.setdefault(c, []).append(s["id"])
                    if bd is None or d < bd:
                        best, bd = c, d
        if best is not None and s["id"] not in influence.get(best, ()):
            influence.setdefault(best, []).append(s["id"])
    # applicants
    grades = [g for g, _s in GRADES]
    gcum = list(itertools.accumulate(w for _g, w in GRADES))
    apps = []
    aid = 1
    near_school = {}

    trees = {}

    def school_near(c, grade):
        """One of the 4 schools offering ``grade`` nearest to colonia ``c``."""
        key = (c, grade)
        if key not in near_school:
            if grade not in trees:
                offer = [s for s in sch if grade in grade_of_level[s["level"]]]
                pts = [(s["lat"] * KM_LAT, s["lon"] * KM_LON) for s in offer]
                trees[grade] = (offer, cKDTree(pts) if pts else None)
            offer, tree = trees[grade]
            if tree is None:
                near_school[key] = []
            else:
                lat, lon = colonias[c]
                _d, idx = tree.query((lat * KM_LAT, lon * KM_LON), k=min(4, len(offer)))
                near_school[key] = [offer[j] for j in np.atleast_1d(idx)]
        return rnd.choice(near_school[key])["id"] if near_school[key] else None

    while len(apps) < n_applicants:
        c = rnd.choices(colonia_ids, cum_weights=cum)[0]
        lat = colonias[c][0] + rnd.uniform(-0.003, 0.003)
        lon = colonias[c][1] + rnd.uniform(-0.003, 0.003)
        size = 1
        if rnd.random() < group_share / 2.2:
            size = 3 if rnd.random() < 0.15 else 2
        twins = size > 1 and rnd.random() < twin_share
        grade = rnd.choices(grades, cum_weights=gcum)[0]
        enrolled = None
        if rnd.random() < enrolled_sibling:
            enrolled = school_near(c, rnd.choice(grades))
        group = aid if size > 1 else None
        for _k in range(min(size, n_applicants - len(apps))):
            g = grade if twins else rnd.choices(grades, cum_weights=gcum)[0]
            apps.append(
                {
                    "id": aid,
                    "grade": g,
                    "colonia_id": c,
                    "lat": lat,
                    "lon": lon,
                    "disability": rnd.random() < disability,
                    "sibling_school_id": enrolled,
                    "group": group,
                }
            )
            aid += 1
    # seats: capacity x demand of the grade, spread unevenly over the schools offering it
    demand = {g: sum(1 for a in apps if a["grade"] == g) for g in grades}
    for g in grades:
        offer = [s for s in sch if g in grade_of_level[s["level"]]]
        if not offer:
            continue
        w = [rnd.uniform(0.5, 1.5) for _s in offer]
        total = capacity * demand[g]
        tw = sum(w)
        for s, x in zip(offer, w, strict=True):
            s["free"][g] = max(1, int(round(total * x / tw)))
    for s in sch:
        del s["level"]
    return sch, apps, influence
