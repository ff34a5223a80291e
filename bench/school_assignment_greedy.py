"""Previous (greedy, lottery-order) school assignment engine, kept only as the baseline of
bench/bench_school_assignment_quality.py. Not used by the addon.

The engine distributes applicants among schools respecting the seats left per
grade and the SEG distribution criteria, in this order:

1. ``disability``  -- children with a disability choose first;
2. ``sibling``     -- children with a sibling already enrolled go to the
   sibling's school; siblings applying together (twins) are placed as one
   block in the same school and a block of the same grade is never split;
3. ``influence``   -- children whose home colonia belongs to the area of
   influence of a school with free seats get the nearest of those schools;
4. ``distance``    -- everybody else gets the nearest school with free seats.

Within each priority class the processing order is an *equitable lottery*: a
pseudo-random permutation drawn from ``seed``, so that re-running with the
same data and the same seed yields exactly the same result.  Distance ties
are broken with a seeded school rank as well.

Nearest-school queries use a uniform grid (one per grade) from which schools
are removed as soon as their seats run out, so 300,000 applicants over 5,000
schools are distributed in a few seconds.
"""

import math
import random
from collections import defaultdict

DISABILITY = "disability"
SIBLING = "sibling"
INFLUENCE = "influence"
DISTANCE = "distance"
UNASSIGNED = "unassigned"
CRITERIA = (DISABILITY, SIBLING, INFLUENCE, DISTANCE, UNASSIGNED)

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320


class AssignmentResult:
    """Outcome of :func:`assign`.

    ``assignments`` maps applicant id -> (school id or None, criterion,
    distance in km or None).  ``counts`` maps each criterion to the number of
    applicants assigned with it.
    """

    __slots__ = ("assignments", "counts", "seed")

    def __init__(self, seed):
        self.assignments = {}
        self.counts = dict.fromkeys(CRITERIA, 0)
        self.seed = seed

    def set(self, applicant_id, school_id, criterion, distance):
        self.assignments[applicant_id] = (school_id, criterion, distance)
        self.counts[criterion] += 1

    @property
    def assigned(self):
        return sum(v for k, v in self.counts.items() if k != UNASSIGNED)

    def rows(self):
        """Sorted list of (applicant_id, school_id, criterion, distance)."""
        return [(aid,) + tuple(val) for aid, val in sorted(self.assignments.items())]


class _Grid:
    """Uniform grid of the schools that still have seats for one grade."""

    __slots__ = ("cell", "cells", "where", "size", "minx", "maxx", "miny", "maxy")

    def __init__(self, cell):
        self.cell = cell
        self.cells = defaultdict(list)
        self.where = {}
        self.size = 0
        self.minx = self.miny = math.inf
        self.maxx = self.maxy = -math.inf

    def key(self, x, y):
        return (int(math.floor(x / self.cell)), int(math.floor(y / self.cell)))

    def add(self, idx, x, y):
        k = self.key(x, y)
        self.cells[k].append(idx)
        self.where[idx] = k
        self.size += 1
        self.minx, self.maxx = min(self.minx, k[0]), max(self.maxx, k[0])
        self.miny, self.maxy = min(self.miny, k[1]), max(self.maxy, k[1])

    def remove(self, idx):
        k = self.where.pop(idx, None)
        if k is not None:
            self.cells[k].remove(idx)
            self.size -= 1

    def __contains__(self, idx):
        return idx in self.where


class Engine:
    """Stateful distribution: seats are consumed as applicants are placed."""

    def __init__(self, schools, influence=None, seed=0):
        """``schools``: iterable of dicts with keys ``id``, ``lat``, ``lon``
        and ``free`` (dict grade -> free seats).  ``influence``: dict colonia
        id -> iterable of school ids whose area of influence covers it."""
        self.seed = seed
        rnd = random.Random(seed)
        schools = sorted(schools, key=lambda s: s["id"])
        self.ids = [s["id"] for s in schools]
        self.index = {sid: i for i, sid in enumerate(self.ids)}
        ranks = list(range(len(schools)))
        rnd.shuffle(ranks)
        self.rank = ranks
        lats = [s.get("lat") for s in schools if s.get("lat") is not None]
        self.lat0 = (sum(lats) / len(lats)) if lats else 0.0
        self.kx = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(self.lat0))
        self.xy = [self.project(s.get("lat"), s.get("lon")) for s in schools]
        self.free = [
            {g: int(n) for g, n in (s.get("free") or {}).items() if n and n > 0} for s in schools
        ]
        # grid cell of about sqrt(area / n) so that each cell holds ~2 schools
        pts = [p for p in self.xy if p is not None]
        if pts:
            w = (max(p[0] for p in pts) - min(p[0] for p in pts)) or 1.0
            h = (max(p[1] for p in pts) - min(p[1] for p in pts)) or 1.0
            cell = max(math.sqrt(w * h * 2.0 / len(pts)), 0.05)
        else:
            cell = 1.0
        self.grids = {}
        self.nogeo = defaultdict(list)  # grade -> school idx without coordinates
        for i, free in enumerate(self.free):
            for grade in free:
                grid = self.grids.get(grade)
                if grid is None:
                    grid = self.grids[grade] = _Grid(cell)
                if self.xy[i] is None:
                    self.nogeo[grade].append(i)
                grid.add(i, *(self.xy[i] or (0.0, 0.0)))
        self.influence = {}
        for colonia, sids in (influence or {}).items():
            idxs = sorted(self.index[s] for s in set(sids) if s in self.index)
            if idxs:
                self.influence[colonia] = idxs
        self.influence_sets = {c: set(v) for c, v in self.influence.items()}

    # -- geometry -----------------------------------------------------------
    def project(self, lat, lon):
        if lat is None or lon is None or (not lat and not lon):
            return None
        return (lon * self.kx, lat * KM_PER_DEG_LAT)

    def dist(self, i, p):
        q = self.xy[i]
        if p is None or q is None:
            return None
        return math.hypot(q[0] - p[0], q[1] - p[1])

    def _key(self, i, p):
        d = self.dist(i, p)
        return (d if d is not None else math.inf, self.rank[i])

    # -- seats ----------------------------------------------------------------
    def fits(self, i, need):
        free = self.free[i]
        return all(free.get(g, 0) >= n for g, n in need.items())

    def take(self, i, grade, n=1):
        free = self.free[i]
        free[grade] -= n
        if free[grade] <= 0:
            del free[grade]
            self.grids[grade].remove(i)

    # -- searches -------------------------------------------------------------
    def nearest(self, need, p, candidates=None):
        """Index of the nearest school that fits ``need`` (grade -> n).

        ``candidates`` restricts the search to a list of school indexes."""
        if candidates is not None:
            best, bkey = None, None
            for i in candidates:
                if self.fits(i, need):
                    k = self._key(i, p)
                    if bkey is None or k < bkey:
                        best, bkey = i, k
            return best
        grade = max(need, key=lambda g: (need[g], g))
        grid = self.grids.get(grade)
        if grid is None or not grid.size:
            return None
        if p is None or grid.size <= 48:
            return self.nearest(need, p, list(grid.where))
        cx, cy = grid.key(*p)
        best, bkey = None, None
        maxr = max(
            abs(cx - grid.minx), abs(cx - grid.maxx), abs(cy - grid.miny), abs(cy - grid.maxy)
        )
        cells, cell = grid.cells, grid.cell
        r = 0
        while r <= maxr:
            if r == 0:
                ring = [(cx, cy)]
            else:
                ring = [(cx + dx, cy - r) for dx in range(-r, r + 1)]
                ring += [(cx + dx, cy + r) for dx in range(-r, r + 1)]
                ring += [(cx - r, cy + dy) for dy in range(-r + 1, r)]
                ring += [(cx + r, cy + dy) for dy in range(-r + 1, r)]
            for c in ring:
                lst = cells.get(c)
                if not lst:
                    continue
                for i in lst:
                    if len(need) > 1 or need[grade] > 1:
                        if not self.fits(i, need):
                            continue
                    k = self._key(i, p)
                    if bkey is None or k < bkey:
                        best, bkey = i, k
            if best is not None and bkey[0] <= r * cell:
                break
            r += 1
        for i in self.nogeo.get(grade, ()):  # schools without coordinates come last
            if best is None and i in grid and self.fits(i, need):
                best = i
        return best


def _units(applicants):
    """Group applicants into placement units (siblings applying together)."""
    groups = defaultdict(list)
    units = []
    for a in applicants:
        g = a.get("group")
        if g is None:
            units.append([a])
        else:
            groups[g].append(a)
    units.extend(groups.values())
    for u in units:
        u.sort(key=lambda a: a["id"])
    units.sort(key=lambda u: u[0]["id"])
    return units


def assign(schools, applicants, influence=None, seed=0):
    """Distribute ``applicants`` among ``schools``; return AssignmentResult.

    ``applicants``: iterable of dicts with keys ``id``, ``grade``,
    ``colonia_id``, ``lat``, ``lon`` and optionally ``disability`` (bool),
    ``sibling_school_id`` (school of an already enrolled sibling) and
    ``group`` (hashable key shared by siblings applying now; members of a
    group with the same grade -- twins -- are never split) and
    ``preferred_school_id`` (a school chosen by the parent, used first when it
    still has seats; the addon only passes it when redistributing change
    requests).
    """
    engine = Engine(schools, influence, seed)
    result = AssignmentResult(seed)
    rnd = random.Random(seed)
    units = _units(applicants)
    rnd.shuffle(units)  # equitable lottery, deterministic for a given seed
    disability, sibling, single = [], [], []
    for u in units:
        if any(a.get("disability") for a in u):
            disability.append(u)
        elif len(u) > 1 or any(a.get("sibling_school_id") for a in u):
            sibling.append(u)
        else:
            single.append(u[0])

    def point(a):
        return engine.project(a.get("lat"), a.get("lon"))

    def place(members, i, criterion):
        for a in members:
            engine.take(i, a["grade"])
            crit = DISABILITY if a.get("disability") else criterion
            d = engine.dist(i, point(a))
            result.set(a["id"], engine.ids[i], crit, None if d is None else round(d, 3))

    def area_criterion(a, i):
        inside = i in engine.influence_sets.get(a.get("colonia_id"), ())
        return INFLUENCE if inside else DISTANCE

    def need_of(members):
        need = defaultdict(int)
        for a in members:
            need[a["grade"]] += 1
        return need

    def place_block(members, default):
        """Place members together: sibling school, influence, nearest."""
        need = need_of(members)
        lead = members[0]
        p = point(lead)
        for a in members:
            pref = engine.index.get(a.get("preferred_school_id"))
            if pref is not None and engine.fits(pref, need):
                place(members, pref, default or area_criterion(lead, pref))
                return True
        for a in members:
            sib = engine.index.get(a.get("sibling_school_id"))
            if sib is not None and engine.fits(sib, need):
                place(members, sib, SIBLING)
                return True
        cands = engine.influence.get(lead.get("colonia_id"))
        if cands:
            i = engine.nearest(need, p, cands)
            if i is not None:
                place(members, i, INFLUENCE if default is None else default)
                return True
        i = engine.nearest(need, p)
        if i is not None:
            place(members, i, DISTANCE if default is None else default)
            return True
        return False

    def place_unit(members, default):
        if place_block(members, default):
            return
        # no school can host the whole family: keep each same-grade block
        # (twins) together, never split it.
        by_grade = defaultdict(list)
        for a in members:
            by_grade[a["grade"]].append(a)
        for grade in sorted(by_grade):
            block = by_grade[grade]
            if not place_block(block, default):
                for a in block:
                    result.set(a["id"], None, UNASSIGNED, None)

    for u in disability:
        place_unit(u, SIBLING if len(u) > 1 else None)
    for u in sibling:
        place_unit(u, SIBLING)

    # criterion 3: area of influence, then 4: nearest school with seats
    later = []
    for a in single:
        pref = engine.index.get(a.get("preferred_school_id"))
        if pref is not None and engine.fits(pref, {a["grade"]: 1}):
            place([a], pref, area_criterion(a, pref))
            continue
        cands = engine.influence.get(a.get("colonia_id"))
        if cands:
            i = engine.nearest({a["grade"]: 1}, point(a), cands)
            if i is not None:
                place([a], i, INFLUENCE)
                continue
        later.append(a)
    for a in later:
        i = engine.nearest({a["grade"]: 1}, point(a))
        if i is None:
            result.set(a["id"], None, UNASSIGNED, None)
        else:
            place([a], i, DISTANCE)
    return result


def union_groups(pairs):
    """Connected components of sibling links: ``pairs`` of (id, sibling_id).

    Returns dict id -> group key (the smallest id of the component)."""
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            if ra < rb:
                parent[rb] = ra
            else:
                parent[ra] = rb
    return {x: find(x) for x in list(parent)}
