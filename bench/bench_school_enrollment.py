#!/usr/bin/env python3
"""Benchmark of the school_enrollment automatic assignment.

Creates (with bulk SQL, not timed) N schools, their seats and areas of
influence, synthetic León colonias and M applicants in a database where
``school_enrollment`` is installed, then times the real code path of the
"Distribute" button: ``school.enrollment.assignment.run._execute`` = pre-check + load +
engine + bulk ``UPDATE ... FROM (VALUES ...)`` + seat recount.  Everything is
rolled back at the end unless ``--commit`` is given.

Usage (target: 300,000 applicants over 5,000 schools in under 60 s)::

    odoo -d se_bench -i school_enrollment --without-demo=all --stop-after-init
    python3 bench/bench_school_enrollment.py -d se_bench
    python3 bench/bench_school_enrollment.py -d se_bench --applicants 30000 --schools 500
    python3 bench/bench_school_enrollment.py --engine-only   # no database at all
"""

import argparse
import importlib.util
import json
import os
import pathlib
import random
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
ADDON = ROOT / "addons" / "school_enrollment"
ADDONS_PATH = ",".join(
    [
        "/opt/odoo18/odoo/addons",
        "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/odoo/addons",
        str(ROOT / "addons"),
    ]
)

LAT0, LAT1, LON0, LON1 = 21.03, 21.22, -101.78, -101.58  # León, Gto.
LEVEL_GRADES = {"preschool": ("pre2", "pre3"), "primary": ("pri1",), "secondary": ("sec1",)}
GRADE_SHARE = (("pre2", 0.15), ("pre3", 0.25), ("pri1", 0.35), ("sec1", 0.25))
LEVEL_SHARE = (("preschool", 0.40), ("primary", 0.35), ("secondary", 0.25))


def synthetic_data(n_schools, n_applicants, n_colonias, seed=1, group_share=0.07):
    """Plain Python lists describing colonias, schools, seats and applicants."""
    rnd = random.Random(seed)
    colonias = [(rnd.uniform(LAT0, LAT1), rnd.uniform(LON0, LON1)) for _i in range(n_colonias)]
    levels = []
    for level, share in LEVEL_SHARE:
        levels += [level] * round(n_schools * share)
    levels = (levels + ["primary"] * n_schools)[:n_schools]
    rnd.shuffle(levels)
    demand = {g: n_applicants * s for g, s in GRADE_SHARE}
    offer = {g: sum(1 for lvl in levels if g in LEVEL_GRADES[lvl]) for g, _s in GRADE_SHARE}
    schools = []
    for i, level in enumerate(levels):
        lat, lon = rnd.uniform(LAT0, LAT1), rnd.uniform(LON0, LON1)
        seats = {
            g: max(1, round(1.1 * demand[g] / max(offer[g], 1) * rnd.uniform(0.7, 1.3)))
            for g in LEVEL_GRADES[level]
        }
        # area of influence: the 3 nearest colonias
        near = (
            sorted(
                range(n_colonias),
                key=lambda c: (colonias[c][0] - lat) ** 2 + (colonias[c][1] - lon) ** 2,
            )[:3]
            if n_colonias <= 2000
            else []
        )
        schools.append(
            {"i": i, "level": level, "lat": lat, "lon": lon, "seats": seats, "influence": near}
        )
    grades = [g for g, _s in GRADE_SHARE]
    weights = [s for _g, s in GRADE_SHARE]
    applicants = []
    for i in range(n_applicants):
        c = rnd.randrange(n_colonias)
        applicants.append(
            {
                "i": i,
                "grade": rnd.choices(grades, weights)[0],
                "colonia": c,
                "lat": colonias[c][0] + rnd.uniform(-0.004, 0.004),
                "lon": colonias[c][1] + rnd.uniform(-0.004, 0.004),
                "disability": rnd.random() < 0.01,
                "sibling_school": rnd.randrange(n_schools) if rnd.random() < 0.04 else None,
                # pairs of co-applying siblings (half of them twins): ``group_share`` of all
                "twin_of": i - 1 if i and rnd.random() < group_share / 2 else None,
            }
        )
    for a in applicants:
        if a["twin_of"] is not None and a["i"] % 2 == 0:
            prev = applicants[a["twin_of"]]
            if prev["twin_of"] is None:
                a.update(
                    grade=prev["grade"], colonia=prev["colonia"], lat=prev["lat"], lon=prev["lon"]
                )
    return colonias, schools, applicants


def cpu_now():
    """CPU seconds of this process and of its reaped children (the engine's forked workers)."""
    t = os.times()
    return t.user + t.system, t.children_user + t.children_system


def cpu_line(c0, label):
    own, kids = cpu_now()
    own -= c0[0]
    kids -= c0[1]
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{label}: {own + kids:.1f} s CPU (this process {own:.1f} s + worker processes "
        f"{kids:.1f} s); load average {load} (1 / 5 / 15 min, {os.cpu_count()} cores)"
    )


def engine_only(args):
    spec = importlib.util.spec_from_file_location(
        "se_assignment", ADDON / "tools" / "assignment.py"
    )
    engine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(engine)
    colonias, schools, applicants = synthetic_data(
        args.schools, args.applicants, args.colonias, group_share=args.group_share
    )
    influence = {}
    for s in schools:
        for c in s["influence"]:
            influence.setdefault(c, []).append(s["i"])
    groups = engine.union_groups(
        [(a["i"], a["twin_of"]) for a in applicants if a["twin_of"] is not None]
    )
    print(f"load average before: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    timings = {}
    t0, c0 = time.time(), cpu_now()
    result = engine.assign(
        [{"id": s["i"], "lat": s["lat"], "lon": s["lon"], "free": s["seats"]} for s in schools],
        [
            {
                "id": a["i"],
                "grade": a["grade"],
                "colonia_id": a["colonia"],
                "lat": a["lat"],
                "lon": a["lon"],
                "disability": a["disability"],
                "sibling_school_id": a["sibling_school"],
                "group": groups.get(a["i"]),
            }
            for a in applicants
        ],
        influence,
        seed=args.seed,
        timings=timings,
        workers=args.workers,
    )
    elapsed = time.time() - t0
    sets = {c: set(v) for c, v in influence.items()}
    inside = sum(
        1
        for aid, (sid, _c, _d) in result.assignments.items()
        if sid is not None and sid in sets.get(applicants[aid]["colonia"], ())
    )
    print(
        f"engine only: {args.applicants} applicants / {args.schools} schools in {elapsed:.2f} s "
        f"wall, {timings.get('workers')} worker process(es)"
    )
    print(cpu_line(c0, "engine CPU"))
    print(f"engine steps (s wall): {timings}; bounds (km): {result.max_trip_km}")
    print(f"justified envy: {result.envy} (forced by siblings: {result.envy_forced})")
    print(f"counts: {result.counts}")
    print(
        f"assigned within their area of influence: {100.0 * inside / max(result.assigned, 1):.1f} %"
    )


def with_database(args):
    sys.path.insert(0, "/opt/odoo18")
    from psycopg2.extras import execute_values

    import odoo

    odoo.tools.config.parse_config(
        [f"--addons-path={ADDONS_PATH}", "-d", args.db, "--log-level=warn"]
    )
    from odoo import SUPERUSER_ID, api, fields
    from odoo.modules.registry import Registry

    registry = Registry(args.db)
    colonias, schools, applicants = synthetic_data(
        args.schools, args.applicants, args.colonias, group_share=args.group_share
    )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        t_setup = time.time()
        today = fields.Date.today()
        env["school.enrollment.school"].search([]).write({"active": False})
        campaign = env["school.enrollment.campaign"].create(
            {
                "name": "Bench",
                "date_start": today,
                "date_end": today,
                "portal_date_start": today,
                "portal_date_end": today,
                "phone_date_start": today,
                "phone_date_end": today,
            }
        )
        guardian = env["res.partner"].create({"name": "Bench guardian"})
        env.flush_all()
        uid, now = SUPERUSER_ID, fields.Datetime.now()
        rows = execute_values(
            cr._obj,
            """
            INSERT INTO citizen_colonia (name, zip, city, latitude, longitude, active, create_uid, write_uid,
                                         create_date, write_date)
            VALUES %s RETURNING id""",
            [
                (f"Bench colonia {i}", f"B{i:05d}", "León", lat, lon, True, uid, uid, now, now)
                for i, (lat, lon) in enumerate(colonias)
            ],
            page_size=5000,
            fetch=True,
        )
        colonia_ids = [r[0] for r in rows]
        rows = execute_values(
            cr._obj,
            """
            INSERT INTO school_enrollment_school (cct, name, level, shift, active, latitude, longitude,
                                                  colonia_id, create_uid, write_uid, create_date, write_date)
            VALUES %s RETURNING id""",
            [
                (
                    f"BENCH{s['i']:06d}",
                    f"Escuela {s['i']}",
                    s["level"],
                    "morning",
                    True,
                    s["lat"],
                    s["lon"],
                    colonia_ids[s["influence"][0]] if s["influence"] else None,
                    uid,
                    uid,
                    now,
                    now,
                )
                for s in schools
            ],
            page_size=5000,
            fetch=True,
        )
        school_ids = [r[0] for r in rows]
        execute_values(
            cr._obj,
            """
            INSERT INTO school_enrollment_seat (school_id, grade, seats, seats_taken, seats_free, level, shift,
                                                active, create_uid, write_uid, create_date, write_date)
            VALUES %s""",
            [
                (school_ids[s["i"]], g, n, 0, n, s["level"], "morning", True, uid, uid, now, now)
                for s in schools
                for g, n in s["seats"].items()
            ],
            page_size=10000,
        )
        execute_values(
            cr._obj,
            """
            INSERT INTO school_enrollment_school_influence_rel (school_id, colonia_id) VALUES %s
            ON CONFLICT DO NOTHING""",
            [(school_ids[s["i"]], colonia_ids[c]) for s in schools for c in s["influence"]],
            page_size=10000,
        )
        level_of = {
            "pre2": "preschool",
            "pre3": "preschool",
            "pri1": "primary",
            "sec1": "secondary",
        }
        rows = execute_values(
            cr._obj,
            """
            INSERT INTO school_enrollment_applicant (folio, rua, campaign_id, name, curp, grade, level, disability,
                colonia_id, latitude, longitude, guardian_id, sibling_school_id, state, active,
                create_uid, write_uid, create_date, write_date)
            VALUES %s RETURNING id""",
            [
                (
                    f"BENCH{a['i']:07d}",
                    f"RUABENCH{a['i']:07d}",
                    campaign.id,
                    f"Niño {a['i']}",
                    f"BENCH{a['i']:013d}",
                    a["grade"],
                    level_of[a["grade"]],
                    a["disability"],
                    colonia_ids[a["colonia"]],
                    a["lat"],
                    a["lon"],
                    guardian.id,
                    school_ids[a["sibling_school"]] if a["sibling_school"] is not None else None,
                    "draft",
                    True,
                    uid,
                    uid,
                    now,
                    now,
                )
                for a in applicants
            ],
            page_size=10000,
            fetch=True,
        )
        app_ids = [r[0] for r in rows]
        twins = [
            (app_ids[a["i"]], app_ids[a["twin_of"]]) for a in applicants if a["twin_of"] is not None
        ]
        if twins:
            execute_values(
                cr._obj,
                """
                UPDATE school_enrollment_applicant a SET sibling_applicant_id = v.sib, is_twin = true
                  FROM (VALUES %s) AS v(id, sib) WHERE a.id = v.id""",
                twins,
                page_size=10000,
            )
        cr.execute("ANALYZE school_enrollment_applicant")
        print(
            f"setup (not timed): {time.time() - t_setup:.1f} s - {len(school_ids)} schools, "
            f"{len(app_ids)} applicants, {len(colonia_ids)} colonias"
        )

        env.invalidate_all()
        print(f"load average before: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
        t0, c0 = time.time(), cpu_now()
        run = env["school.enrollment.assignment.run"]._execute(campaign, "initial", seed=args.seed)
        env.flush_all()
        elapsed = time.time() - t0
        print(cpu_line(c0, "CPU of the run without PostgreSQL (engine + Python side)"))
        cr.execute("SELECT count(*) FROM school_enrollment_seat WHERE seats_taken > seats")
        overbooked = cr.fetchone()[0]
        print(
            f"assigned and written: {run.applicant_count} applicants over {len(school_ids)} schools "
            f"in {elapsed:.2f} s (target < 60 s)"
        )
        print(
            f"per criterion: disability={run.count_disability} sibling={run.count_sibling} "
            f"influence={run.count_influence} distance={run.count_distance} unassigned={run.count_unassigned}"
        )
        print(f"share assigned within their area of influence: {run.influence_share:.1f} %")
        print(f"overbooked seat rows: {overbooked}")
        params = json.loads(run.parameters)
        print(f"breakdown (s): {params['timings_s']}")
        print(
            f"justified envy: {params['envy']} (forced by siblings kept together: "
            f"{params['envy_forced']}); total {run.total_distance_km:.0f} km, "
            f"longest trip {run.max_distance_km:.1f} km"
        )
        if args.commit:
            cr.commit()
        else:
            cr.rollback()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-d", "--db", default="se_bench")
    parser.add_argument("--applicants", type=int, default=300_000)
    parser.add_argument("--schools", type=int, default=5_000)
    parser.add_argument("--colonias", type=int, default=1_500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--group-share", type=float, default=0.07, help="share of applicants in sibling groups"
    )
    parser.add_argument(
        "--engine-only", action="store_true", help="time the pure engine, no database"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="engine processes for --engine-only (default: one per grade up to the cores)",
    )
    parser.add_argument("--commit", action="store_true", help="keep the generated data")
    args = parser.parse_args()
    if args.engine_only:
        engine_only(args)
    else:
        with_database(args)


if __name__ == "__main__":
    main()
