#!/usr/bin/env python3
"""Benchmark of the "already reported nearby" search over a million citizen reports.

Creates (unless it already holds enough reports) a database with ``citizen_service``
installed, loads ``--rows`` reports with PostgreSQL ``generate_series``: coordinates over
León (a dense centre and a uniform spread over the urban area), the petitions of the demo
catalog with a skewed distribution, and ``--open-share`` of them still open (captured or
in process), the rest closed. Then ``ANALYZE`` and it times
``helpdesk.ticket._citizen_nearby`` (what the capture screen, the portal, Open311 and the
chatbot call) at ``--lookups`` random points of the city for random petitions:

* p50 / p95 / max in milliseconds (target p95 < 50 ms);
* the same query without the nearby index (``enable_indexscan``/``bitmapscan`` off: the
  planner reads the table) as the reference measured in the same run.

Usage::

    python3 bench/bench_nearby.py --db bench_nearby --rows 1000000

Figures of a run on the 2-core development machine, shared with other jobs (load average
15-20): 1,000,508 reports, 149,691 open, 50 petitions (the largest 142,893 reports);
load ~7.5 min.

* nearby search: p50 8.1 ms, p95 23.9 ms, max 53 ms over 1,000 searches (3.1 reports found
  on average);
* reference, the same query reading the table: p50 734 ms (the index: x91).
"""

import argparse
import random
import statistics
import time

import psycopg2
from odoo_bench_server import ensure_db, load_batches, odoo_env, percentile, vacuum_analyze

# León, Gto.: urban area and its centre
LAT_MIN, LAT_MAX = 21.05, 21.20
LNG_MIN, LNG_MAX = -101.78, -101.60
CENTRE = (21.1221, -101.6827)


LOAD = """
WITH cat AS (
    SELECT array_agg(id ORDER BY id) AS ids, array_agg(team_id ORDER BY id) AS teams,
           array_agg(petition_type ORDER BY id) AS types, count(*) AS n
      FROM helpdesk_ticket_category WHERE team_id IS NOT NULL AND active
), st AS (
    SELECT (SELECT res_id FROM ir_model_data WHERE module = 'helpdesk_mgmt'
               AND name = 'helpdesk_ticket_stage_new') AS captured,
           (SELECT res_id FROM ir_model_data WHERE module = 'helpdesk_mgmt'
               AND name = 'helpdesk_ticket_stage_in_progress') AS in_process,
           (SELECT res_id FROM ir_model_data WHERE module = 'helpdesk_mgmt'
               AND name = 'helpdesk_ticket_stage_done') AS finished
), base AS (
    SELECT g, 1 + floor(power(random(), 2.0) * cat.n)::int AS ci,
           random() AS r_open, random() AS r_where, random() AS r1, random() AS r2
      FROM generate_series(%(first)s, %(last)s) g, cat
)
INSERT INTO helpdesk_ticket (
    number, name, description, stage_id, team_id, category_id, company_id, create_uid, write_uid,
    create_date, write_date, last_stage_update, citizen_state, petition_type, priority,
    kanban_state, active, unattended, reassigned, closed_on_time, latitude, longitude,
    location_source, supporter_count)
SELECT 'N' || lpad(b.g::text, 8, '0'), 'Reporte de prueba ' || b.g,
       '<p>Reporte de prueba de volumen.</p>',
       CASE WHEN b.r_open < %(open)s / 2 THEN st.captured
            WHEN b.r_open < %(open)s THEN st.in_process ELSE st.finished END,
       cat.teams[b.ci], cat.ids[b.ci], 1, 1, 1, now(), now(), now(),
       CASE WHEN b.r_open < %(open)s / 2 THEN 'captured'
            WHEN b.r_open < %(open)s THEN 'in_process' ELSE 'finished' END,
       cat.types[b.ci], '1', 'normal', TRUE, FALSE, FALSE, FALSE,
       -- 40 %% in a dense centre (about 2 km around the cathedral), the rest over the city
       CASE WHEN b.r_where < 0.4 THEN %(clat)s + (b.r1 - 0.5) * 0.036
            ELSE %(lat_min)s + b.r1 * (%(lat_max)s - %(lat_min)s) END,
       CASE WHEN b.r_where < 0.4 THEN %(clng)s + (b.r2 - 0.5) * 0.038
            ELSE %(lng_min)s + b.r2 * (%(lng_max)s - %(lng_min)s) END,
       'point', 0
  FROM base b, cat, st
"""


def load(db, rows, open_share):
    conn = psycopg2.connect(dbname=db)
    cr = conn.cursor()
    cr.execute("SELECT count(*) FROM helpdesk_ticket WHERE number LIKE 'N%%'")
    done = cr.fetchone()[0]
    t0 = time.time()
    load_batches(
        conn,
        LOAD,
        done + 1,
        rows,
        {
            "open": open_share,
            "clat": CENTRE[0],
            "clng": CENTRE[1],
            "lat_min": LAT_MIN,
            "lat_max": LAT_MAX,
            "lng_min": LNG_MIN,
            "lng_max": LNG_MAX,
        },
    )
    vacuum_analyze(conn, "helpdesk_ticket")
    print(f"  load total {time.time() - t0:.1f} s", flush=True)
    conn.close()


def measure(db, lookups, reference_lookups, seed):
    rng = random.Random(seed)
    with odoo_env(db) as env:
        cr = env.cr
        Ticket = env["helpdesk.ticket"]
        cr.execute(
            "SELECT count(*), count(*) FILTER (WHERE citizen_state IN "
            "('captured', 'in_process')) FROM helpdesk_ticket"
        )
        total, open_count = cr.fetchone()
        cr.execute(
            "SELECT category_id, count(*) FROM helpdesk_ticket GROUP BY category_id "
            "ORDER BY count(*) DESC"
        )
        weights = cr.fetchall()
        petitions = Ticket.category_id.browse([pid for pid, _n in weights if pid])
        counts = [n for pid, n in weights if pid]
        print(
            f"\nDatabase {db}: {total} reports, {open_count} open, {len(petitions)} petitions "
            f"(largest: {counts[0]} reports)",
            flush=True,
        )

        def run(samples, label):
            times, found = [], []
            for _i in range(samples):
                petition = rng.choices(petitions, weights=counts)[0]
                if rng.random() < 0.4:
                    lat = CENTRE[0] + rng.uniform(-0.018, 0.018)
                    lng = CENTRE[1] + rng.uniform(-0.019, 0.019)
                else:
                    lat = rng.uniform(LAT_MIN, LAT_MAX)
                    lng = rng.uniform(LNG_MIN, LNG_MAX)
                env.invalidate_all()
                t0 = time.perf_counter()
                result = Ticket._citizen_nearby(petition, lat, lng)
                times.append((time.perf_counter() - t0) * 1000)
                found.append(len(result))
            print(
                f"{label}: p50 {statistics.median(times):.2f} ms, p95 "
                f"{percentile(sorted(times), 0.95):.2f} ms, max {max(times):.2f} ms over {samples} "
                f"searches; {statistics.mean(found):.2f} reports found on average, "
                f"{sum(1 for n in found if n)} searches found some",
                flush=True,
            )
            return times

        run(20, "Warm-up")
        indexed = run(lookups, "Nearby search (150 m, open reports, index)")
        cr.execute("SET LOCAL enable_indexscan = off")
        cr.execute("SET LOCAL enable_bitmapscan = off")
        cr.execute("SET LOCAL enable_indexonlyscan = off")
        reference = run(reference_lookups, "Reference: same search reading the table")
        ratio = statistics.median(reference) / max(statistics.median(indexed), 1e-6)
        print(f"Index speed-up (p50): x{ratio:.0f}  [target p95 < 50 ms]")
        cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", default="bench_nearby")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--open-share", type=float, default=0.15)
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--reference-lookups", type=int, default=10)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    ensure_db(args.db, "citizen_service")
    load(args.db, args.rows, args.open_share)
    measure(args.db, args.lookups, args.reference_lookups, args.seed)


if __name__ == "__main__":
    main()
