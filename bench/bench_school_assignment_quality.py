#!/usr/bin/env python3
"""Greedy (previous engine) vs optimal (min-cost flow) school assignment, side by side.

Generated cities (bench/school_city.py: clustered colonias, areas of influence, co-applying
sibling groups with twins, enrolled siblings, disabilities) at several sizes and capacity
ratios.  For each engine it prints the total, mean, p95 and max home-school distance of the
children placed, the share placed within their area of influence, the children with
justified envy (audited with the same rules for both engines: lib/assignment.envy_report),
the unplaced, split twins, overbooked seats, and the engine time (wall and CPU: the machine
may be shared).

Usage::

    python3 bench/bench_school_assignment_quality.py                       # 1k and 10k
    python3 bench/bench_school_assignment_quality.py --sizes 1000 10000 --capacity 0.8 1.0 1.5
    python3 bench/bench_school_assignment_quality.py --sizes 300000 --group-share 0.07 --capacity 1.0
"""

import argparse
import importlib.util
import pathlib
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import school_city  # noqa: E402


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


OPT = _load("se_assignment", ROOT / "addons" / "school_enrollment" / "tools" / "assignment.py")
GREEDY = _load("se_assignment_greedy", ROOT / "bench" / "school_assignment_greedy.py")


def metrics(name, assignments, apps, infl, schools, elapsed, cpu, audit=True):
    placed = [(a, assignments[a["id"]]) for a in apps if assignments[a["id"]][0] is not None]
    d = np.array([v[2] for _a, v in placed if v[2] is not None])
    inside = sum(1 for a, v in placed if v[0] in infl.get(a["colonia_id"], ()))
    out = {
        "engine": name,
        "placed": len(placed),
        "unplaced": len(apps) - len(placed),
        "total_km": float(d.sum()),
        "mean_km": float(d.mean()) if len(d) else 0.0,
        "p95_km": float(np.percentile(d, 95)) if len(d) else 0.0,
        "max_km": float(d.max()) if len(d) else 0.0,
        "in_area_pct": 100.0 * inside / max(len(placed), 1),
        "wall_s": elapsed,
        "cpu_s": cpu,
    }
    if audit:
        rep = OPT.envy_report(schools, apps, infl, assignments)
        out.update(
            envy=rep["envy"],
            envy_forced=rep["envy_forced"],
            split_twins=rep["split_twins"],
            overbooked=rep["overbooked"],
        )
    return out


def run(n, capacity, group_share, seed, audit):
    schools, apps, infl = school_city.city(n, capacity=capacity, group_share=group_share, seed=seed)
    groups = sum(1 for a in apps if a["group"] is not None)
    print(
        f"\n## {n} applicants, {len(schools)} schools, capacity {capacity:.1f}x demand, "
        f"{100.0 * groups / n:.0f} % in sibling groups"
    )
    rows = []
    for name, mod in (("greedy", GREEDY), ("optimal", OPT)):
        t0, c0 = time.perf_counter(), time.process_time()
        res = mod.assign(schools, apps, infl, seed=seed)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        rows.append(metrics(name, res.assignments, apps, infl, schools, elapsed, cpu, audit))
        if name == "optimal":
            rows[-1]["engine_envy_forced"] = res.envy_forced
            bounds = [b for b in res.max_trip_km.values() if b is not None]
            rows[-1]["bound_km"] = max(bounds) if bounds else 0.0
    keys = [
        ("total_km", "total distance (km)", "{:.0f}"),
        ("mean_km", "mean distance (km)", "{:.2f}"),
        ("p95_km", "p95 distance (km)", "{:.2f}"),
        ("max_km", "max distance (km)", "{:.2f}"),
        ("in_area_pct", "placed within area (%)", "{:.1f}"),
        ("envy", "children with justified envy", "{}"),
        ("envy_forced", "  of them in or by sibling groups", "{}"),
        ("unplaced", "without seat", "{}"),
        ("split_twins", "split twins", "{}"),
        ("overbooked", "overbooked grade-schools", "{}"),
        ("wall_s", "engine wall time (s)", "{:.2f}"),
        ("cpu_s", "engine CPU time (s)", "{:.2f}"),
    ]
    print(f"{'':32s}{'greedy':>12s}{'optimal':>12s}")
    for key, label, fmt in keys:
        if key not in rows[0]:
            continue
        print(f"{label:32s}" + "".join(f"{fmt.format(r[key]):>12s}" for r in rows))
    g, o = rows
    print(
        f"bottleneck bound on trips without a claim (optimal, longest grade): "
        f"{o.get('bound_km', 0.0):.2f} km"
    )
    if g["total_km"]:
        print(
            f"greedy travels {100.0 * (g['total_km'] / o['total_km'] - 1):.1f} % farther in total; "
            f"longest trip {g['max_km']:.1f} km vs {o['max_km']:.1f} km"
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--capacity", type=float, nargs="+", default=[0.8, 1.0, 1.5])
    parser.add_argument("--group-share", type=float, default=0.20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-audit", action="store_true", help="skip the envy audit")
    args = parser.parse_args()
    for n in args.sizes:
        for cap in args.capacity:
            run(n, cap, args.group_share, args.seed, not args.no_audit)


if __name__ == "__main__":
    main()
