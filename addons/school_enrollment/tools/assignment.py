"""Automatic school assignment engine (plain Python + numpy/scipy/OR-Tools, no Odoo import).

Rules (SEG Guanajuato, "asignándose automática y equitativamente ... respetando los criterios")
------------------------------------------------------------------------------------------------
Priorities are **per school**.  At a given school ``s`` a child comes in this order:

1. children with a ``disability`` (before everybody, at every school);
2. the child whose parent chose ``s`` in an approved change request (``preferred``, only
   passed by the redistribution of change requests);
3. children with a ``sibling`` already enrolled at ``s``;
4. children whose home colonia is in ``s``'s area of ``influence``;
5. everybody else.

Among children with a disability the same claims (2-5) order them, so there are 8 classes.

Siblings applying together (a *group*: twins, or brothers of different grades) share the best
claim any of them has at ``s`` and are kept in one school; twins (same grade) are never split.
They gain no priority where none of them has a claim.

Fairness = **no justified envy**: no child stays without a school (or in a school where its
claim is weaker) while a school where it has a stronger claim gives one of its seats of that
grade to a child of a weaker class there, or leaves it empty.  The only exceptions are those
forced by keeping siblings together; they are counted in ``AssignmentResult.envy_forced``.

Equity = **as near as possible**: among the assignments without justified envy, the engine
minimises the total home-school distance subject to the smallest achievable bound on the
longest trip of a child placed without a claim (area of influence and sibling schools are
always allowed, whatever their distance).

Method
------
Grades are independent transportation problems, solved as min-cost flows (OR-Tools'
``SimpleMinCostFlow``, C++).  Each child has arcs to its ``k`` nearest schools offering its
grade plus every school where it has a claim, and each school to its ~2 x seats nearest
children; the arc cost is ``P[class] + metres`` with class penalties growing geometrically
(``P[k+1] - P[k]`` larger than any exchange of distances), so an optimal flow can never be
improved by a swap that gives a seat to a child of a better class: that is exactly "no
justified envy".  An *overflow* node reachable by every child (priced above any real trip,
below staying unplaced) and reaching every school with seats makes each solve
non-wasteful at once; the few children routed through it are matched to the seats left by an
exact small min-cost and get real arcs towards them for the next solve.
Sibling groups split by the flow are then fixed in the school that suits the whole group
(fewest forced envies, best shared class, shortest total distance) and the others re-solved.
The longest-trip bound is a bottleneck step: bisection on the distance ``D`` allowed to
non-claim arcs, each probe a max-flow (OR-Tools ``SimpleMaxFlow``, capacities reset in place)
checking that every child placed can still be placed in the same class, then one min-cost
solve under the smallest feasible ``D`` (same placed count per class, so no new envy).
Siblings alone in their grade (brothers of different levels) are ordinary applicants.

Deterministic: the input order does not matter; ``seed`` only breaks exact ties.
"""

import math
import multiprocessing
import os
import random
import zlib
from collections import defaultdict

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow
from scipy.spatial import cKDTree

DISABILITY = "disability"
SIBLING = "sibling"
INFLUENCE = "influence"
DISTANCE = "distance"
UNASSIGNED = "unassigned"
CRITERIA = (DISABILITY, SIBLING, INFLUENCE, DISTANCE, UNASSIGNED)

# priority classes at a school (lower is stronger)
# claim of a child at a school
K_PREFERRED, K_SIBLING, K_AREA, K_OTHER = 0, 1, 2, 3
# priority class at a school = claim, after every child with a disability (0-3 disabled)
NOT_DISABLED = 4
C_OTHER = NOT_DISABLED + K_OTHER
N_CLASSES = 8
C_NONE = N_CLASSES  # unassigned

# why a nearer school was not given (``AssignmentResult.explain``)
R_NEAREST = "nearest"  # placed in the nearest school offering the grade
R_CLAIM = "claim"  # placed where it has a stronger claim (sibling, area) than at the nearer one
R_PRIORITY = "priority"  # the nearer school's seats went to children of a higher priority there
R_EQUAL = "equal_priority"  # went to children of the same priority who live nearer / travel less
R_SIBLINGS = "siblings"  # kept together with its siblings applying now
R_NO_SEAT = "no_seat"  # no seat left for its grade in any school it can be given
REASONS = (R_NEAREST, R_CLAIM, R_PRIORITY, R_EQUAL, R_SIBLINGS, R_NO_SEAT)

# re-solves of the first (individual) solution after the overflow was used (it is already
# without waste; the final solve of the grade gets the arcs the overflow found anyway)
FIRST_ROUNDS = 0

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320


class AssignmentInputError(ValueError):
    """Bad input: ``code`` says which check failed and ``items`` lists the culprits."""

    def __init__(self, code, items, message):
        super().__init__(message)
        self.code = code
        self.items = items


class AssignmentResult:
    """Outcome of :func:`assign`.

    ``assignments`` maps applicant id -> (school id or None, criterion, distance in km or None).
    ``counts`` maps each criterion to the number of applicants with it.  ``explain`` maps
    applicant id -> (reason, nearer school id or None, its distance in km or None).
    ``envy`` / ``envy_forced``: children with justified envy in total / forced by keeping
    siblings together (the engine keeps ``envy == envy_forced``).  ``max_trip_km``: the bound
    used for children placed without a claim.
    """

    __slots__ = (
        "assignments",
        "counts",
        "seed",
        "explain",
        "envy",
        "envy_forced",
        "max_trip_km",
        "stats",
    )

    def __init__(self, seed):
        self.assignments = {}
        self.counts = dict.fromkeys(CRITERIA, 0)
        self.seed = seed
        self.explain = {}
        self.envy = 0
        self.envy_forced = 0
        self.max_trip_km = {}
        self.stats = {}

    def set(self, applicant_id, school_id, criterion, distance):
        self.assignments[applicant_id] = (school_id, criterion, distance)
        self.counts[criterion] += 1

    @property
    def assigned(self):
        return sum(v for k, v in self.counts.items() if k != UNASSIGNED)

    def rows(self):
        """Sorted list of (applicant_id, school_id, criterion, distance)."""
        return [(aid,) + tuple(val) for aid, val in sorted(self.assignments.items())]


# ---------------------------------------------------------------------------------------------
# input checks
# ---------------------------------------------------------------------------------------------
def _seat_count(value):
    """Integer seats or None when ``value`` is not a whole non-negative number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f) or f < 0 or f != int(f):
        return None
    return int(f)


def _has_point(lat, lon):
    if lat is None or lon is None:
        return False
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return False
    if lat == 0 and lon == 0:
        return False
    return -90 <= lat <= 90 and -180 <= lon <= 180


def check_input(schools, applicants=()):
    """Raise :class:`AssignmentInputError` on input the engine refuses.

    * a school offering seats without coordinates (``code='school_without_coordinates'``);
    * seats that are not whole non-negative numbers (``code='fractional_seats'``, never
      truncated);
    * an applicant without grade (``code='applicant_without_grade'``) or duplicated ids.
    """
    bad_seats, nogeo = [], []
    for s in schools:
        free = s.get("free") or {}
        for grade, n in free.items():
            if _seat_count(n) is None:
                bad_seats.append((s["id"], grade, n))
        if any((_seat_count(n) or 0) > 0 for n in free.values()) and not _has_point(
            s.get("lat"), s.get("lon")
        ):
            nogeo.append(s["id"])
    if bad_seats:
        raise AssignmentInputError(
            "fractional_seats",
            bad_seats,
            "seats must be whole non-negative numbers: %s" % bad_seats[:20],
        )
    if nogeo:
        nogeo.sort()
        raise AssignmentInputError(
            "school_without_coordinates",
            nogeo,
            "schools offering seats without coordinates: %s" % nogeo[:50],
        )
    seen = set()
    nograde = []
    for a in applicants:
        if a["id"] in seen:
            raise AssignmentInputError("duplicate_applicant", [a["id"]], "duplicated applicant id")
        seen.add(a["id"])
        if not a.get("grade"):
            nograde.append(a["id"])
    if nograde:
        raise AssignmentInputError(
            "applicant_without_grade", nograde, "applicants without grade: %s" % nograde[:50]
        )


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


# ---------------------------------------------------------------------------------------------
# the engine
# ---------------------------------------------------------------------------------------------
def _int_key(value):
    """A stable small integer for an id (ints as they are, others by CRC32)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value & 0xFFFFFFF
    return zlib.crc32(repr(value).encode()) & 0xFFFFFFF


class _Instance:
    """Schools, applicants and candidate arcs in numpy arrays (one object per run)."""

    def __init__(self, schools, applicants, influence, seed, k_nearest):
        self.seed = int(seed or 0)
        self.k = k_nearest
        schools = sorted(schools, key=lambda s: s["id"])
        applicants = sorted(applicants, key=lambda a: a["id"])
        self.sids = [s["id"] for s in schools]
        self.skey = np.array([_int_key(s) for s in self.sids], dtype=np.int64)
        self.sindex = {sid: i for i, sid in enumerate(self.sids)}
        self.apps = applicants
        self.aindex = {a["id"]: i for i, a in enumerate(applicants)}
        self.akey = np.array([_int_key(a["id"]) for a in applicants], dtype=np.int64)
        n = len(applicants)
        # projection to a km plane around the mean latitude of the schools
        lats = [float(s["lat"]) for s in schools if _has_point(s.get("lat"), s.get("lon"))]
        lat0 = sum(lats) / len(lats) if lats else 0.0
        self.kx = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat0))
        sxy = np.zeros((len(schools), 2))
        for i, s in enumerate(schools):
            if _has_point(s.get("lat"), s.get("lon")):
                sxy[i] = (float(s["lon"]) * self.kx, float(s["lat"]) * KM_PER_DEG_LAT)
        self.sxy = sxy
        centre = sxy.mean(axis=0) if len(schools) else np.zeros(2)
        axy = np.empty((n, 2))
        self.ageo = np.zeros(n, dtype=bool)
        for i, a in enumerate(applicants):
            if _has_point(a.get("lat"), a.get("lon")):
                axy[i] = (float(a["lon"]) * self.kx, float(a["lat"]) * KM_PER_DEG_LAT)
                self.ageo[i] = True
            else:  # unknown home: treated as the centre of the schools, distance not reported
                axy[i] = centre
        self.axy = axy
        # longest possible trip (m): diagonal of the box holding homes and schools
        pts = np.vstack([sxy, axy]) if n or len(schools) else np.zeros((1, 2))
        self.span_m = float(np.hypot(*(pts.max(axis=0) - pts.min(axis=0)))) * 1000.0
        # seats per (grade, school)
        self.grades = sorted({a["grade"] for a in applicants})
        self.cap = {}  # grade -> np.array of seats per school index
        for g in self.grades:
            self.cap[g] = np.array(
                [_seat_count((s.get("free") or {}).get(g, 0)) or 0 for s in schools],
                dtype=np.int64,
            )
        # influence: colonia -> sorted school indexes
        self.influence = {}
        for colonia, sids in (influence or {}).items():
            idxs = sorted({self.sindex[s] for s in sids if s in self.sindex})
            if idxs:
                self.influence[colonia] = idxs
        # groups of siblings applying together
        members = defaultdict(list)
        for i, a in enumerate(applicants):
            if a.get("group") is not None:
                members[a["group"]].append(i)
        self.groups = [m for m in members.values() if len(m) > 1]
        self.groups.sort(key=lambda m: applicants[m[0]]["id"])
        self.group_of = {}
        for gi, m in enumerate(self.groups):
            for i in m:
                self.group_of[i] = gi
        # own claims: applicant index -> {school index: class}
        self.own_claims = [self._own_claims(a) for a in applicants]
        self.disabled = np.array([bool(a.get("disability")) for a in applicants], dtype=bool)
        # shared claims of a group: the best class any member has at each school
        self.claims = list(self.own_claims)
        self.gdisabled = self.disabled.copy()
        for m in self.groups:
            shared = {}
            for i in m:
                for s, c in self.own_claims[i].items():
                    if c < shared.get(s, K_OTHER):
                        shared[s] = c
            dis = any(self.disabled[i] for i in m)
            for i in m:
                self.claims[i] = shared
                self.gdisabled[i] = dis

    def influence_set(self, colonia):
        sets = self.__dict__.setdefault("_influence_sets", {})
        found = sets.get(colonia)
        if found is None:
            found = sets[colonia] = frozenset(self.influence.get(colonia, ()))
        return found

    def _own_claims(self, a):
        claims = {}
        for s in self.influence.get(a.get("colonia_id"), ()):
            claims[s] = K_AREA
        s = self.sindex.get(a.get("sibling_school_id"))
        if s is not None:
            claims[s] = K_SIBLING
        s = self.sindex.get(a.get("preferred_school_id"))
        if s is not None:
            claims[s] = K_PREFERRED
        return claims

    def class_at(self, i, s, shared=True):
        """Priority class of applicant index ``i`` at school index ``s``."""
        base = 0 if (self.gdisabled if shared else self.disabled)[i] else NOT_DISABLED
        return base + (self.claims if shared else self.own_claims)[i].get(s, K_OTHER)

    def base_class(self, i):
        """Class of applicant index ``i`` at a school where it has no claim."""
        return (0 if self.gdisabled[i] else NOT_DISABLED) + K_OTHER

    def dist_km(self, i, s):
        d = self.axy[i] - self.sxy[s]
        return float(math.hypot(d[0], d[1]))


class _GradeProblem:
    """Candidate arcs of one grade; solved as a min-cost flow."""

    def __init__(self, inst, grade, app_idx, cap, build=True):
        self.inst = inst
        self.grade = grade
        self.apps = np.asarray(app_idx, dtype=np.int64)  # global applicant indexes
        self.cap = cap.copy()  # seats per global school index
        self.offer = np.flatnonzero(cap > 0)  # schools offering the grade
        self.tree = cKDTree(inst.sxy[self.offer]) if len(self.offer) else None
        self.pos = {int(a): j for j, a in enumerate(self.apps)}
        self.nsch = len(cap)
        self.ea = np.zeros(0, dtype=np.int64)  # arc tails: local applicant index
        self.es = np.zeros(0, dtype=np.int64)  # arc heads: global school index
        self.ek = np.zeros(0, dtype=np.int64)  # claim level of the arc (K_*)
        self._arr = None
        self.overflowed = 0  # children placed through the overflow node by the last solve
        self.built = False
        if build:
            self.build()

    def build(self):
        """The initial candidate arcs (once)."""
        if not self.built and len(self.apps) and len(self.offer):
            self._initial_arcs()
        self.built = True

    def get_arcs(self):
        """The candidate arcs, compact (sent back by a forked worker)."""
        return (self.ea.astype(np.int32), self.es.astype(np.int32), self.ek.astype(np.int8))

    def set_arcs(self, ea, es, ek):
        self.ea = np.asarray(ea, dtype=np.int64)
        self.es = np.asarray(es, dtype=np.int64)
        self.ek = np.asarray(ek, dtype=np.int64)
        self._arr = None
        self.built = True

    def _merge(self, la, sch, kc):
        """Add arcs (deduplicated, keeping the strongest claim level)."""
        la = np.concatenate([self.ea, np.asarray(la, dtype=np.int64)])
        sch = np.concatenate([self.es, np.asarray(sch, dtype=np.int64)])
        kc = np.concatenate([self.ek, np.asarray(kc, dtype=np.int64)])
        key = la * self.nsch + sch
        order = np.lexsort((kc, key))
        key = key[order]
        first = np.ones(len(key), dtype=bool)
        first[1:] = key[1:] != key[:-1]
        sel = order[first]
        added = len(sel) - len(self.ea)
        self.ea, self.es, self.ek = la[sel], sch[sel], kc[sel]
        self._arr = None
        return added

    def _claim_arcs(self, local_apps):
        inst, cap = self.inst, self.cap
        la_l, s_l, k_l = [], [], []
        for la in local_apps:
            for s, kc in inst.claims[int(self.apps[la])].items():
                if cap[s] > 0:
                    la_l.append(la)
                    s_l.append(s)
                    k_l.append(kc)
        return la_l, s_l, k_l

    def _initial_arcs(self):
        inst = self.inst
        n = len(self.apps)
        k = min(inst.k, len(self.offer))
        _d, nn = self.tree.query(inst.axy[self.apps], k=k)
        nn = np.asarray(nn).reshape(n, k)
        parts_la = [np.repeat(np.arange(n), k)]
        parts_s = [self.offer[nn].ravel()]
        # each school to its nearest applicants (about twice its seats), so that chains of
        # moves towards the schools with seats left exist in the graph
        if n > k:
            atree = cKDTree(inst.axy[self.apps])
            want = np.minimum(2 * self.cap[self.offer] + 4, n)
            for kk in np.unique(want).tolist():
                rows = self.offer[want == kk]
                _d, nn2 = atree.query(inst.sxy[rows], k=int(kk))
                nn2 = np.asarray(nn2).reshape(len(rows), int(kk))
                parts_la.append(nn2.ravel())
                parts_s.append(np.repeat(rows, int(kk)))
        la = np.concatenate(parts_la)
        sch = np.concatenate(parts_s)
        cla, cs, ck = self._claim_arcs(range(n))
        self._merge(
            np.concatenate([la, np.asarray(cla, dtype=np.int64)]),
            np.concatenate([sch, np.asarray(cs, dtype=np.int64)]),
            np.concatenate([np.full(len(la), K_OTHER), np.asarray(ck, dtype=np.int64)]),
        )

    def add_nearest_free(self, local_apps, free_mask, k):
        """Arcs from ``local_apps`` to the ``k`` nearest schools with seats left."""
        free = np.flatnonzero(free_mask)
        if not len(free) or not len(local_apps):
            return 0
        tree = cKDTree(self.inst.sxy[free])
        k = min(k, len(free))
        local_apps = np.asarray(local_apps, dtype=np.int64)
        _d, nn = tree.query(self.inst.axy[self.apps[local_apps]], k=k)
        nn = np.asarray(nn).reshape(len(local_apps), k)
        return self._merge(
            np.repeat(local_apps, k), free[nn].ravel(), np.full(len(local_apps) * k, K_OTHER)
        )

    def arrays(self):
        if self._arr is not None:
            return self._arr
        ea, es = self.ea, self.es
        claim = self.ek < K_OTHER
        ec = self.ek + np.where(self.inst.gdisabled[self.apps[ea]], 0, NOT_DISABLED)
        d = self.inst.axy[self.apps[ea]] - self.inst.sxy[es]
        dm = np.rint(np.hypot(d[:, 0], d[:, 1]) * 1000.0).astype(np.int64)  # metres
        self._arr = (ea, es, ec, claim, dm)
        return self._arr

    def solve(self, cap, active, bound_m=None, overflow=True):
        """Min-cost flow over the active applicants (bool mask over local applicants).

        ``overflow``: every active child also has an arc to an overflow node that reaches
        every school with seats, priced above any real trip (but below staying unplaced):
        no seat is left empty while a child waits, in one solve, even when the sparse arcs
        hold no chain towards the schools with seats left.  The children routed through it
        (a few per thousand) are then matched to those seats by an exact small min-cost.

        Returns (school of each local applicant or -1, class of it or C_NONE)."""
        n = len(self.apps)
        school = np.full(n, -1, dtype=np.int64)
        klass = np.full(n, C_NONE, dtype=np.int64)
        if not n or not len(self.ea):
            return school, klass
        ea, es, ec, claim, dm = self.arrays()
        keep = active[ea] & (cap[es] > 0)
        if bound_m is not None:
            keep &= claim | (dm <= bound_m)
            overflow = False  # the bound probes keep the placed counts, not the overflow
        ea, es, ec, dm = ea[keep], es[keep], ec[keep], dm[keep]
        if not len(ea):
            return school, klass
        # class penalties: P[k+1] - P[k] > any exchange of two distances (see module doc)
        # (powers of two suffice: B[c] - B[c+1] = B[c+1] > B[c+1] - B[last] + 2 * max distance)
        dm = (dm + 5) // 10  # units of 10 m keep the cost range small (faster scaling)
        hub_d = int(self.inst.span_m + 5) // 10 + 1  # farther than any real trip
        gap = 2 * max(int(dm.max()), hub_d if overflow else 0) + 8
        bonus = np.array([gap * 2 ** (N_CLASSES - c) for c in range(N_CLASSES)], np.int64)
        top = int(bonus[0])
        cost = (top - bonus[ec]) * 4 + dm * 4 + self._jitter(ea, es)
        unplaced_cost = top * 4 + 4
        # nodes: local applicants [0, n), used schools [n, n + m), sink, overflow hub
        offer = np.flatnonzero(cap > 0) if overflow else np.zeros(0, np.int64)
        used = np.union1d(np.unique(es), offer)
        snode = np.full(len(self.cap), -1, dtype=np.int64)
        snode[used] = n + np.arange(len(used))
        sink = n + len(used)
        hub = sink + 1
        act = np.flatnonzero(active)
        mcf = min_cost_flow.SimpleMinCostFlow()
        arcs = mcf.add_arcs_with_capacity_and_unit_cost(
            ea, snode[es], np.ones(len(ea), np.int64), cost
        )
        mcf.add_arcs_with_capacity_and_unit_cost(
            act,
            np.full(len(act), sink, np.int64),
            np.ones(len(act), np.int64),
            np.full(len(act), unplaced_cost, np.int64),
        )
        mcf.add_arcs_with_capacity_and_unit_cost(
            n + np.arange(len(used)),
            np.full(len(used), sink, np.int64),
            cap[used],
            np.zeros(len(used), np.int64),
        )
        if overflow and len(offer):
            base = np.where(self.inst.gdisabled[self.apps[act]], 0, NOT_DISABLED) + K_OTHER
            hub_in = mcf.add_arcs_with_capacity_and_unit_cost(
                act,
                np.full(len(act), hub, np.int64),
                np.ones(len(act), np.int64),
                (top - bonus[base]) * 4 + hub_d * 4 + 3,
            )
            hub_out = mcf.add_arcs_with_capacity_and_unit_cost(
                np.full(len(offer), hub, np.int64),
                snode[offer],
                cap[offer],
                np.zeros(len(offer), np.int64),
            )
        supplies = np.zeros(hub + 1, dtype=np.int64)
        supplies[act] = 1
        supplies[sink] = -len(act)
        mcf.set_nodes_supplies(np.arange(hub + 1), supplies)
        status = mcf.solve()
        if status != mcf.OPTIMAL:
            raise RuntimeError("min-cost flow failed with status %s" % status)
        flow = mcf.flows(arcs)
        sel = np.flatnonzero(flow > 0)
        school[ea[sel]] = es[sel]
        klass[ea[sel]] = ec[sel]
        self.overflowed = 0
        if overflow and len(offer):
            routed = act[mcf.flows(hub_in) > 0]
            if len(routed):
                slots = mcf.flows(hub_out)
                self._match_overflow(
                    routed, offer[slots > 0], slots[slots > 0], cap, active, school, klass
                )
        return school, klass

    def _jitter(self, ea, es):
        """Seeded tie-break in [0, 3] independent of the input order."""
        return (
            (
                self.inst.akey[self.apps[ea]] * 2654435761
                + self.inst.skey[es] * 40503
                + self.inst.seed * 97
            )
            >> 7
        ) & 3

    def _match_overflow(self, routed, hub_schools, hub_slots, cap, active, school, klass):
        """The seats the overflow gave (the seats left after the real arcs) go to the children
        ``routed`` through it or to those left unplaced: exact min-cost (class first, then
        distance) over arcs to the nearest schools with seats left plus the overflow's own
        choice (so that everybody routed fits)."""
        inst = self.inst
        waiting = np.union1d(routed, np.flatnonzero(active & (school < 0)))
        m = len(waiting)
        left = cap - np.bincount(school[school >= 0], minlength=len(cap))
        free = np.flatnonzero(left > 0)
        k = min(48, len(free))
        _d, nn = cKDTree(inst.sxy[free]).query(inst.axy[self.apps[waiting]], k=k)
        nn = np.asarray(nn).reshape(m, k)
        # and the schools where they have a claim (a claim never loses to a weaker class)
        c_la, c_s = [], []
        for la, i in zip(waiting.tolist(), self.apps[waiting].tolist(), strict=True):
            for sch in inst.claims[i]:
                if left[sch] > 0:
                    c_la.append(la)
                    c_s.append(sch)
        ea = np.concatenate([np.repeat(waiting, k), routed, np.asarray(c_la, np.int64)])
        es = np.concatenate(
            [free[nn].ravel(), np.repeat(hub_schools, hub_slots), np.asarray(c_s, np.int64)]
        )
        gi = self.apps[ea]
        ek = np.full(len(ea), K_OTHER, dtype=np.int64)
        for j, (i, sch) in enumerate(zip(gi.tolist(), es.tolist(), strict=True)):
            claims = inst.claims[i]
            if claims:
                ek[j] = claims.get(sch, K_OTHER)
        ec = ek + np.where(inst.gdisabled[gi], 0, NOT_DISABLED)
        d = inst.axy[gi] - inst.sxy[es]
        dm = np.rint(np.hypot(d[:, 0], d[:, 1]) * 100.0).astype(np.int64)  # 10 m
        gap = 2 * int(dm.max()) + 8
        bonus = np.array([gap * 2 ** (N_CLASSES - c) for c in range(N_CLASSES)], np.int64)
        cost = (int(bonus[0]) - bonus[ec]) * 4 + dm * 4 + self._jitter(ea, es)
        mcf = min_cost_flow.SimpleMinCostFlow()
        rnode = np.searchsorted(waiting, ea)  # sorted (np.union1d)
        snode = m + np.searchsorted(free, es)
        arcs = mcf.add_arcs_with_capacity_and_unit_cost(
            rnode, snode, np.ones(len(ea), np.int64), cost
        )
        sink = m + len(free)
        mcf.add_arcs_with_capacity_and_unit_cost(
            m + np.arange(len(free)),
            np.full(len(free), sink, np.int64),
            left[free],
            np.zeros(len(free), np.int64),
        )
        # staying unplaced: never for the children routed (their seats exist: no waste)
        out_cost = np.full(m, int(bonus[0]) * 4 + 4, np.int64)
        out_cost[np.searchsorted(waiting, routed)] = int(bonus[0]) * 16
        mcf.add_arcs_with_capacity_and_unit_cost(
            np.arange(m), np.full(m, sink, np.int64), np.ones(m, np.int64), out_cost
        )
        supplies = np.zeros(sink + 1, dtype=np.int64)
        supplies[:m] = 1
        supplies[sink] = -m
        mcf.set_nodes_supplies(np.arange(sink + 1), supplies)
        if mcf.solve() != mcf.OPTIMAL:
            raise RuntimeError("overflow matching failed")
        sel = np.flatnonzero(mcf.flows(arcs) > 0)
        school[ea[sel]] = es[sel]
        klass[ea[sel]] = ec[sel]
        # all those arcs become real arcs for the next solves (chains of moves towards the
        # seats left)
        self._merge(ea, es, ek)
        self.overflowed = len(sel)


def _solve_nonwasteful(prob, cap, active, rounds=2):
    """Solve; while children had to go through the overflow (no chain of real arcs towards
    the seats left), solve again: the arcs their matching found are real arcs now, so the
    next solve may place them, or others, better."""
    school, klass = prob.solve(cap, active)
    for _r in range(rounds):
        if not prob.overflowed:
            break
        school, klass = prob.solve(cap, active)
    return school, klass


def _class_counts(klass, active):
    return np.bincount(klass[active], minlength=N_CLASSES + 1)


def _bounded(prob, cap, active, school, probes):
    """Bottleneck step: the smallest bound ``D`` on the trips of children placed without a
    claim such that every child placed now can still be placed in the same class (a
    max-flow feasibility probe per bisection step, on arcs of equal class or claim arcs),
    then the min-cost solution under ``D`` (same placed count per class, so no new envy).

    Returns (solution, bound in metres or None)."""
    if not len(prob.ea):
        return school, None
    ea, es, ec, claim, dm = prob.arrays()
    placed = np.flatnonzero(active & (school >= 0))
    if not len(placed):
        return school, None
    nsch = len(cap)
    keys = ea * nsch + es
    order = np.argsort(keys)
    used = order[np.searchsorted(keys[order], placed * nsch + school[placed])]
    nonclaim = used[~claim[used]]
    if not len(nonclaim):
        return school, None
    hi = int(dm[nonclaim].max())
    if not probes:
        return school, hi
    klass = np.full(len(school), C_NONE, dtype=np.int64)
    klass[placed] = ec[used]
    ref = _class_counts(klass, active)
    # feasibility network: placed child -> school where its class would be the same
    ok = (klass[ea] == ec) & (cap[es] > 0)
    arc_idx = np.flatnonzero(ok)
    t_la, t_s = ea[arc_idx], es[arc_idx]
    child_node = np.full(len(school), -1, dtype=np.int64)
    child_node[placed] = 1 + np.arange(len(placed))
    snodes = np.unique(t_s)
    school_node = np.full(nsch, -1, dtype=np.int64)
    school_node[snodes] = 1 + len(placed) + np.arange(len(snodes))
    sink = 1 + len(placed) + len(snodes)
    mf = max_flow.SimpleMaxFlow()
    mf.add_arcs_with_capacity(
        np.zeros(len(placed), np.int64), child_node[placed], np.ones(len(placed), np.int64)
    )
    mid_arcs = mf.add_arcs_with_capacity(
        child_node[t_la], school_node[t_s], np.ones(len(t_la), np.int64)
    )
    mf.add_arcs_with_capacity(school_node[snodes], np.full(len(snodes), sink), cap[snodes])
    t_claim, t_dm = claim[arc_idx], dm[arc_idx]

    def feasible(bound):
        caps = (t_claim | (t_dm <= bound)).astype(np.int64)
        mf.set_arcs_capacity(mid_arcs, caps)
        if mf.solve(0, sink) != mf.OPTIMAL:
            return False
        return mf.optimal_flow() == len(placed)

    # warm lower bound: a placed child whose arcs of its class are all without a claim needs
    # at least its shortest one, so any bound below the longest of those is infeasible
    near = np.full(len(school), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(near, t_la[~t_claim], t_dm[~t_claim])
    near[t_la[t_claim]] = 0
    lo = max(0, int(near[placed].max()) - 1)
    for _p in range(probes):
        if hi - lo <= max(10, hi // 1000):  # 10 m or 0.1 %
            break
        mid = (lo + hi) // 2
        if feasible(mid):
            hi = mid
        else:
            lo = mid
    longest = int(dm[nonclaim].max())
    if hi >= longest:  # the optimum's longest trip cannot be shortened
        return school, longest
    s2, k2 = prob.solve(cap, active, bound_m=hi)
    if np.array_equal(_class_counts(k2, active), ref):
        return s2, hi
    return school, longest  # never expected: the optimum stands


def assign(
    schools,
    applicants,
    influence=None,
    seed=0,
    k_nearest=10,
    bound_probes=16,
    timings=None,
    workers=None,
):
    """Distribute ``applicants`` among ``schools``; return :class:`AssignmentResult`.

    ``schools``: dicts with ``id``, ``lat``, ``lon`` and ``free`` (grade -> whole number of
    seats left).  ``applicants``: dicts with ``id``, ``grade``, ``colonia_id``, ``lat``,
    ``lon`` and optionally ``disability`` (bool), ``sibling_school_id`` (school of an enrolled
    sibling), ``group`` (key shared by siblings applying together) and ``preferred_school_id``
    (the parent's choice in an approved change request).  ``influence``: colonia id ->
    school ids whose area of influence covers it.  ``bound_probes``: bisection steps for the
    longest-trip bound (0: minimise the total distance only).

    Raises :class:`AssignmentInputError` (a ``ValueError``) on refused input.
    """
    t0 = _now()
    schools = list(schools)
    applicants = list(applicants)
    check_input(schools, applicants)
    inst = _Instance(schools, applicants, influence, seed, k_nearest)
    result = AssignmentResult(seed)
    n = len(inst.apps)
    nsch = len(inst.sids)
    school_of = np.full(n, -1, dtype=np.int64)
    fixed = np.zeros(n, dtype=bool)
    by_grade = defaultdict(list)
    for i, a in enumerate(inst.apps):
        by_grade[a["grade"]].append(i)
    probs = {g: _GradeProblem(inst, g, by_grade[g], inst.cap[g], build=False) for g in inst.grades}
    sizes = {g: len(by_grade[g]) for g in inst.grades}
    nworkers = _worker_count(workers, n, len(inst.grades))
    result.stats["workers"] = nworkers
    t1 = _now()
    # 1. everybody on its own (group members with the claims of their group); children left
    # without a seat while seats of their grade are left elsewhere get arcs to the nearest of
    # those schools for the final solve (each solve is the costly part: one per grade here).
    # Grades are independent: one process per grade when there are several cores.
    touched = set()
    first = _run_grades(lambda g: _first_pass(probs[g]), inst.grades, sizes, nworkers)
    for g, (sch, moved, arcs) in first.items():
        prob = probs[g]
        prob.set_arcs(*arcs)
        school_of[prob.apps] = sch
        if moved:
            touched.add(g)
    t2 = _now()
    # 2. sibling groups: one school for the group, twins never split (across grades)
    used = {g: np.zeros(nsch, dtype=np.int64) for g in inst.grades}
    if inst.groups:
        result.stats["sibling_groups"] = _fix_groups(inst, probs, school_of, fixed, used, touched)
    t3 = _now()

    # 3. the others with the seats left, then the longest-trip bound (per grade again)
    def final(g):
        prob = probs[g]
        active = ~fixed[prob.apps]
        return _final_pass(
            prob, prob.cap - used[g], active, school_of[prob.apps], g in touched, bound_probes
        )

    bounds = {}
    for g, (sch, bound) in _run_grades(final, inst.grades, sizes, nworkers).items():
        prob = probs[g]
        bounds[g] = None if bound is None else round(bound / 1000.0, 3)
        loc = np.flatnonzero(~fixed[prob.apps])
        school_of[prob.apps[loc]] = sch[loc]
        # last resort (never expected): nearest school with a seat left, exhaustively
        _fill_waste(inst, prob, school_of, fixed)
    t4 = _now()
    result.max_trip_km = {g: bounds[g] for g in inst.grades if g in bounds}
    _report(inst, probs, school_of, fixed, result, sizes, nworkers)
    t5 = _now()
    if timings is not None:
        timings.update(
            {
                "prepare": round(t1 - t0, 2),
                "solve": round(t2 - t1, 2),
                "siblings": round(t3 - t2, 2),
                "resolve_bound": round(t4 - t3, 2),
                "report": round(t5 - t4, 2),
                "workers": nworkers,
            }
        )
    return result


def _first_pass(prob):
    """Step 1 of a grade: arcs, one non-wasteful solve, arcs towards the seats left for the
    children without one.  Returns (school per local applicant, re-solve needed, arcs)."""
    prob.build()
    if not len(prob.apps):
        return np.zeros(0, dtype=np.int64), False, prob.get_arcs()
    active = np.ones(len(prob.apps), dtype=bool)
    sch, _k = _solve_nonwasteful(prob, prob.cap, active, rounds=FIRST_ROUNDS)
    moved = bool(prob.overflowed)  # the final solve uses the arcs found by the overflow
    unplaced = np.flatnonzero(sch < 0)
    if len(unplaced):
        left = prob.cap - np.bincount(sch[sch >= 0], minlength=prob.nsch)
        if (left > 0).any() and prob.add_nearest_free(unplaced, left > 0, 24):
            moved = True
    return sch, moved, prob.get_arcs()


def _final_pass(prob, cap, active, school, touched, bound_probes):
    """Step 3 of a grade: the children not fixed with the seats left (re-solved when the
    grade was touched), then the longest-trip bound.  Returns (school per local applicant,
    bound in metres or None)."""
    if not len(prob.apps):
        return school, None
    if touched:
        sch, _kl = _solve_nonwasteful(prob, cap, active)
    else:  # nothing moved in this grade and nothing was wasted: the first solution stands
        sch = np.where(active, school, -1)
    return _bounded(prob, cap, active, sch, bound_probes)


# grades are solved in forked processes from this many applicants (below it the fork and
# the transfer of the arcs cost more than they save)
PARALLEL_MIN_APPLICANTS = 20000


def _worker_count(workers, n, ngrades):
    """Processes for the per-grade steps: ``workers`` if given (1 = in this process), else
    one per grade up to the cores this process may use, for large runs only."""
    if workers is None:
        if n < PARALLEL_MIN_APPLICANTS:
            return 1
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:  # not Linux
            cores = os.cpu_count() or 1
        workers = cores
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(int(workers), ngrades))


def _run_grades(task, grades, sizes, workers):
    """``{grade: task(grade)}``; with ``workers`` > 1 the grades are shared (largest first,
    each to the least loaded) between this process and ``workers - 1`` forked children, which
    see the state of this one (fork, nothing pickled but the results).  OR-Tools holds the
    GIL, so threads would not help.  Each grade's result depends only on its own input, so
    the outcome is the same whatever the number of workers; a child that dies (killed, out
    of memory) has its grades computed here."""
    grades = list(grades)
    if workers <= 1 or len(grades) <= 1:
        return {g: task(g) for g in grades}
    buckets = [[] for _w in range(min(workers, len(grades)))]
    load = [0] * len(buckets)
    for g in sorted(grades, key=lambda g: (-sizes[g], g)):
        w = load.index(min(load))
        buckets[w].append(g)
        load[w] += sizes[g]
    ctx = multiprocessing.get_context("fork")
    children = []
    for bucket in buckets[1:]:
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(task, bucket, send), daemon=True)
        proc.start()
        send.close()
        children.append((proc, recv, bucket))
    results = {}
    try:
        for g in buckets[0]:
            results[g] = task(g)
        for proc, recv, bucket in children:
            try:
                status, payload = recv.recv()
            except (EOFError, OSError):
                status, payload = "died", None
            if status == "ok":
                results.update(payload)
            elif status == "error":
                raise RuntimeError("assignment worker failed:\n%s" % payload)
            recv.close()
            proc.join()
            for g in bucket:  # a child that died: its grades here
                if g not in results:
                    results[g] = task(g)
    finally:
        for proc, recv, _bucket in children:
            if proc.is_alive():
                proc.kill()
                proc.join()
            recv.close()
    return {g: results[g] for g in grades}


def _child(task, grades, conn):
    """Forked worker: compute ``grades`` and send them back in one message."""
    try:
        payload = {g: task(g) for g in grades}
        conn.send(("ok", payload))
    except BaseException:  # reported to the parent, which raises
        import traceback

        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


def _now():
    import time

    return time.perf_counter()


def _fill_waste(inst, prob, school_of, fixed):
    apps = prob.apps
    if not len(apps):
        return
    sch = school_of[apps]
    unplaced = np.flatnonzero(sch < 0)
    if not len(unplaced):
        return
    used = np.bincount(sch[sch >= 0], minlength=len(prob.cap))
    free = prob.cap - used
    if not (free > 0).any():
        return
    for la in unplaced.tolist():
        i = int(apps[la])
        if fixed[i]:
            continue
        cand = np.flatnonzero(free > 0)
        if not len(cand):
            break
        d = np.hypot(*(inst.sxy[cand] - inst.axy[i]).T)
        s = int(cand[np.argmin(d)])
        school_of[i] = s
        free[s] -= 1


def _fix_groups(inst, probs, school_of, fixed, used, touched):
    """Give every sibling group one school (see module doc); mark its members fixed."""
    # class histogram of the (non-fixed) seat holders per grade and school
    hist = {g: np.zeros((len(inst.sids), N_CLASSES), dtype=np.int64) for g in inst.grades}
    klass_of = np.full(len(inst.apps), C_NONE, dtype=np.int64)
    for i, s in enumerate(school_of.tolist()):
        if s >= 0:
            c = inst.class_at(i, s)
            klass_of[i] = c
            hist[inst.apps[i]["grade"]][s, c] += 1
    # arcs of each applicant (candidate schools)
    cands = {}
    for prob in probs.values():
        if not len(prob.ea):
            continue
        ea = np.asarray(prob.ea)
        es = np.asarray(prob.es)
        order = np.argsort(ea, kind="stable")
        bounds = np.searchsorted(ea[order], np.arange(len(prob.apps) + 1))
        for m in inst.groups:
            for i in m:
                la = prob.pos.get(i)
                if la is not None:
                    cands[i] = es[order[bounds[la] : bounds[la + 1]]].tolist()
    groups = list(inst.groups)
    random.Random(inst.seed).shuffle(groups)

    def grade(i):
        return inst.apps[i]["grade"]

    def evaluate(block, s):
        need = defaultdict(int)
        for i in block:
            need[grade(i)] += 1
        gc = min(inst.class_at(i, s) for i in block)
        forced = 0
        for g, k in need.items():
            cap = int(inst.cap[g][s]) - int(used[g][s])
            if cap < k:
                return None
            h = hist[g][s]
            free = cap - int(h.sum())
            evict = max(0, k - free)
            forced += max(0, evict - int(h[gc:].sum()))
        dist = sum(inst.dist_km(i, s) for i in block)
        return (forced, gc, round(dist, 6), inst.sids[s])

    def fix(block, s):
        for i in block:
            g = grade(i)
            if school_of[i] != s:
                touched.add(g)
            fixed[i] = True
            school_of[i] = s
            if s < 0:
                continue
            used[g][s] += 1
            # the worst holder leaves (it is re-placed by the final solve)
            h = hist[g][s]
            cap = int(inst.cap[g][s]) - int(used[g][s])
            while h.sum() > cap:
                worst = int(np.flatnonzero(h)[-1])
                h[worst] -= 1
                touched.add(g)

    def blocks_of(m):
        blocks = defaultdict(list)
        for i in m:
            blocks[grade(i)].append(i)
        return [blocks[g] for g in sorted(blocks)]

    def release(block):
        """Not fixed: the child is placed by the final solve like any other."""
        for i in block:
            s = int(school_of[i])
            if s >= 0:
                c = inst.class_at(i, s)
                klass_of[i] = c
                hist[grade(i)][s, c] += 1

    stats = {
        "kept": 0,
        "moved": 0,
        "moved_forcing": 0,
        "forced_seats": 0,
        "split_blocks": 0,
        "unplaced": 0,
    }

    def best_for(block):
        sch = set()
        for i in block:
            sch.update(cands.get(i, ()))
        best = None
        for s in sorted(sch):
            key = evaluate(block, s)
            if key is not None and (best is None or key < best[0]):
                best = (key, s)
        return best

    for m in groups:
        entitled = any(school_of[i] >= 0 for i in m)
        # the group leaves its seats while it is decided
        for i in m:
            s = int(school_of[i])
            if s >= 0 and klass_of[i] < C_NONE:
                hist[grade(i)][s, klass_of[i]] -= 1
                klass_of[i] = C_NONE
        places = {int(school_of[i]) for i in m}
        if len(places) == 1 and -1 not in places:
            s = places.pop()
            if evaluate(m, s) is not None:
                stats["kept"] += 1
                fix(m, s)
                continue
        if not entitled:
            stats["unplaced"] += 1
            for block in blocks_of(m):
                if len(block) == 1:
                    release(block)
                    continue
                fix(block, -1)  # twins without any seat in the first solution: out together
            continue
        best = best_for(m)
        if best is not None and best[0][0] == 0:
            stats["moved"] += 1
            fix(m, best[1])
            continue
        # brothers of different grades who cannot be together: each same-grade block alone
        blocks = defaultdict(list)
        for i in m:
            blocks[grade(i)].append(i)
        if len(blocks) == 1 and best is not None:
            stats["moved_forcing"] += 1
            stats["forced_seats"] += best[0][0]
            fix(m, best[1])  # twins together even if it forces envy (counted)
            continue
        stats["split_blocks"] += 1
        for g in sorted(blocks):
            block = blocks[g]
            if len(block) == 1:  # alone in its grade: an ordinary applicant
                release(block)
                continue
            b = best_for(block)
            if b is None or (b[0][0] > 0 and not any(school_of[i] >= 0 for i in block)):
                fix(block, -1)
            else:
                stats["forced_seats"] += b[0][0]
                fix(block, b[1])
    return stats


def justified_envy(inst, school_of, grade_apps=None):
    """(children with justified envy, of them forced by siblings kept together,
    sample of unforced (applicant id, school id or None)).

    ``grade_apps``: grade -> applicant indexes (computed when not given)."""
    if grade_apps is None:
        grade_apps = _grade_apps(inst)
    in_group = _in_group(inst)
    total = forced = 0
    sample = []
    for g in inst.grades:
        t, f, smp = _envy_grade(inst, g, grade_apps.get(g, ()), school_of, in_group)
        total += t
        forced += f
        sample += smp
    sample.sort(key=lambda x: inst.aindex[x[0]])
    return total, forced, sample


def _grade_apps(inst):
    by_grade = defaultdict(list)
    for i, a in enumerate(inst.apps):
        by_grade[a["grade"]].append(i)
    return {g: np.asarray(v, dtype=np.int64) for g, v in by_grade.items()}


def _in_group(inst):
    in_group = np.zeros(len(inst.apps), dtype=bool)
    for m in inst.groups:
        in_group[m] = True
    return in_group


def _envy_grade(inst, g, idx, school_of, in_group):
    """:func:`justified_envy` of the applicants ``idx`` of grade ``g`` (a seat of a grade
    is only wanted by the children of that grade)."""
    nsch = len(inst.sids)
    # worst class of the holders per school, with and without sibling-group members
    worst = np.full(nsch, -1, dtype=np.int64)
    worst_ng = np.full(nsch, -1, dtype=np.int64)
    held = np.zeros(nsch, dtype=np.int64)
    n = len(inst.apps)
    own = np.full(n, C_NONE, dtype=np.int64)
    idx = np.asarray(idx, dtype=np.int64)
    for i, s in zip(idx.tolist(), school_of[idx].tolist(), strict=True):
        if s < 0:
            continue
        c = inst.class_at(i, s)
        own[i] = c
        held[s] += 1
        if c > worst[s]:
            worst[s] = c
        if not in_group[i] and c > worst_ng[s]:
            worst_ng[s] = c
    # a seat a child of class c can claim: free, or held by a child of a weaker class
    big = N_CLASSES + 1
    offer = inst.cap[g] > 0
    free = offer & (inst.cap[g] - held > 0)
    open_w = np.where(free, big, np.where(offer, worst, -1))
    open_ng = np.where(free, big, np.where(offer, worst_ng, -1))
    best_open = int(open_w.max(initial=-1))
    best_open_ng = int(open_ng.max(initial=-1))
    total = forced = 0
    sample = []
    for i in idx.tolist():
        a = inst.apps[i]
        mine = int(own[i])
        base = inst.base_class(i)
        envy = unforced = None
        if base < mine and best_open > base:  # any school, even without a claim
            envy = True
            if best_open_ng > base:
                unforced = (a["id"], None)
        if mine > 0:
            for s, k in inst.claims[i].items():
                c = base - K_OTHER + k
                if c >= mine:
                    continue
                if open_w[s] > c:
                    envy = True
                    if open_ng[s] > c and unforced is None:
                        unforced = (a["id"], inst.sids[s])
        if envy:
            total += 1
            if in_group[i] or unforced is None:
                forced += 1
            else:
                sample.append(unforced)
    return total, forced, sample


def _report(inst, probs, school_of, fixed, result, sizes=None, workers=1):
    """Criterion, distance and explanation of every applicant; envy counts (per grade, in
    ``workers`` processes)."""
    in_group = _in_group(inst)
    sizes = sizes or {g: len(p.apps) for g, p in probs.items()}
    grades = [g for g in inst.grades if g in probs]
    out = _run_grades(
        lambda g: _report_grade(inst, probs[g], school_of, fixed, in_group), grades, sizes, workers
    )
    total = forced = 0
    sample = []
    for g in grades:
        rows, explain, t, f, smp = out[g]
        for aid, sid, crit, dist in rows:
            result.set(aid, sid, crit, dist)
        result.explain.update(explain)
        total += t
        forced += f
        sample += smp
    sample.sort(key=lambda x: inst.aindex[x[0]])
    result.envy = total
    result.envy_forced = forced
    result.stats["envy_unforced_sample"] = sample[:20]


def _report_grade(inst, prob, school_of, fixed, in_group):
    """Rows (applicant id, school id, criterion, km), explanations and envy of one grade."""
    g = prob.grade
    rows, explain = [], {}
    envy = _envy_grade(inst, g, prob.apps, school_of, in_group)
    if not len(prob.apps):
        return (rows, explain) + envy
    sch_g = school_of[prob.apps]
    final = np.bincount(sch_g[sch_g >= 0], minlength=len(inst.sids))
    # holders' worst class per school (for explanations)
    worst = np.full(len(inst.sids), -1, dtype=np.int64)
    for i, s in zip(prob.apps.tolist(), sch_g.tolist(), strict=True):
        if s >= 0:
            c = inst.class_at(i, s)
            if c > worst[s]:
                worst[s] = c
    nearest_d, nearest_j = (None, None)
    if prob.tree is not None:
        nearest_d, nearest_j = prob.tree.query(inst.axy[prob.apps], k=1)
    delta = inst.axy[prob.apps] - inst.sxy[np.maximum(sch_g, 0)]
    dist_g = np.hypot(delta[:, 0], delta[:, 1]).tolist()
    nearest_l = nearest_d.tolist() if prob.tree is not None else None
    for la, i in enumerate(prob.apps.tolist()):
        a = inst.apps[i]
        s = int(sch_g[la])
        geo = bool(inst.ageo[i])
        near = int(prob.offer[nearest_j[la]]) if prob.tree is not None else -1
        near_d = round(nearest_l[la], 3) if prob.tree is not None and geo else None
        near_id = inst.sids[near] if near >= 0 else None
        if s < 0:
            rows.append((a["id"], None, UNASSIGNED, None))
            explain[a["id"]] = (R_NO_SEAT, near_id, near_d)
            continue
        d = dist_g[la]
        own = inst.class_at(i, s, shared=False)
        shared = inst.class_at(i, s)
        if own < NOT_DISABLED:
            crit = DISABILITY
        elif own == NOT_DISABLED + K_SIBLING:
            crit = SIBLING
        elif shared < own and in_group[i]:
            crit = SIBLING
        elif s in inst.influence_set(a.get("colonia_id")):
            crit = INFLUENCE
        else:
            crit = DISTANCE
        rows.append((a["id"], inst.sids[s], crit, round(d, 3) if geo else None))
        if near == s or not geo or d <= nearest_l[la] + 1e-9:
            reason = R_NEAREST
        else:
            cn = inst.class_at(i, near)
            if shared < cn:
                reason = R_CLAIM
            elif fixed[i] and in_group[i]:
                reason = R_SIBLINGS
            elif worst[near] < cn and final[near] >= prob.cap[near]:
                reason = R_PRIORITY
            else:
                reason = R_EQUAL
        explain[a["id"]] = (
            reason,
            None if reason == R_NEAREST else near_id,
            None if reason == R_NEAREST else near_d,
        )
    return (rows, explain) + envy


def envy_report(schools, applicants, influence, assignments, seed=0):
    """Audit any assignment (``assignments``: applicant id -> school id or None, or the
    ``AssignmentResult.assignments`` tuples) with the rules of this module.

    Returns dict: ``envy`` (children with justified envy), ``envy_forced`` (of them, those
    in or caused by a sibling group), ``unforced`` (sample), ``overbooked`` (grade/school
    pairs over capacity), ``split_twins`` (twin groups not in one school)."""
    schools = list(schools)
    applicants = list(applicants)
    inst = _Instance(schools, applicants, influence, seed, 1)
    school_of = np.full(len(inst.apps), -1, dtype=np.int64)
    for i, a in enumerate(inst.apps):
        v = assignments.get(a["id"])
        sid = v[0] if isinstance(v, tuple) else v
        if sid is not None:
            school_of[i] = inst.sindex[sid]
    total, forced, sample = justified_envy(inst, school_of)
    over = 0
    for g in inst.grades:
        mine = school_of[[i for i, a in enumerate(inst.apps) if a["grade"] == g]]
        used = np.bincount(mine[mine >= 0], minlength=len(inst.sids))
        over += int((used > inst.cap[g]).sum())
    split = 0
    for m in inst.groups:
        by_grade = defaultdict(set)
        for i in m:
            by_grade[inst.apps[i]["grade"]].add(int(school_of[i]))
        split += sum(1 for v in by_grade.values() if len(v) > 1)
    return {
        "envy": total,
        "envy_forced": forced,
        "unforced": sample[:20],
        "overbooked": over,
        "split_twins": split,
    }
