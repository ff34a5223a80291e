#!/usr/bin/env python3
"""Benchmark of the map of reports (citizen_service_map) over a city's history.

Creates (unless it already holds enough reports) a database with ``citizen_service_map``
installed, loads ``--rows`` reports with PostgreSQL ``generate_series`` (the loader of
``bench_citizen_service.py``: three years of reports around León's colonias) and prints how
long ``helpdesk.ticket.citizen_map_markers`` takes to answer what the map view asks when it
moves (only what is in view, grid clusters counted in SQL when many):

* a city-wide view (all of León at zoom 12) — target < 1 s;
* a colonia's view (about 1 km around the busiest colonia at zoom 16) — target < 200 ms;

each with the map's default search (Capturado + Proceso) and with every report, through
the pre-aggregated map cells (``citizen.map.cell``) and through the live count of the
reports (context ``citizen_map_live``), in the same run.

It also measures routing by service zone: one report's point against N zones (pure-Python
ray casting after a bounding-box prefilter; shapely's prepared geometries and STRtree for
comparison when shapely is installed), and ``_citizen_zone_for`` through the ORM with the
zones in the database.

Usage::

    python3 bench/bench_map.py --db bench_map --rows 1000000
    python3 bench/bench_map.py --zones-only      # pure-Python point-in-zone only
    python3 bench/bench_map.py --markers-only    # the map queries of an existing database

Figures of a run on the shared 2-core machine (load average 15-24), 1,000,000 reports:
city-wide Capturado + Proceso 504 ms, colonia 78 ms (targets met); with every report
8.7 s / 1.3 s (not met: a city-wide view counts a million index entries). Point in zone:
34 µs (10 zones x 50 vertices) to 753 µs (1,000 x 100) per report in pure Python. See the
README's benchmark section.
"""

import argparse
import json
import math
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "addons", "citizen_service_map"))

import bench_citizen_service as base  # noqa: E402
from odoo_bench_server import ensure_db, odoo_env, table_count  # noqa: E402
from tools import geo  # noqa: E402

CITY = (21.06, -101.76, 21.20, -101.58)  # south, west, north, east of León


def polygon(lat, lng, radius, vertices, rnd):
    """A star-ish polygon of ``vertices`` points around the centre (a zone's outline)."""
    ring = []
    for i in range(vertices):
        angle = 2 * math.pi * i / vertices
        r = radius * (0.7 + 0.3 * rnd.random())
        ring.append(
            [lng + r * math.cos(angle) / math.cos(math.radians(lat)), lat + r * math.sin(angle)]
        )
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def zone_shapes(n, vertices, rnd):
    """``n`` zones tiling the city in a grid, each of ``vertices`` points."""
    side = max(1, math.ceil(math.sqrt(n)))
    south, west, north, east = CITY
    dlat, dlng = (north - south) / side, (east - west) / side
    shapes = []
    for k in range(n):
        i, j = divmod(k, side)
        lat, lng = south + (i + 0.5) * dlat, west + (j + 0.5) * dlng
        shapes.append(polygon(lat, lng, dlat * 0.75, vertices, rnd))
    return shapes


def bench_point_in_zone(rnd, points=2000):
    print("\nRouting one report against N zones (pure Python: bbox prefilter + ray casting)")
    try:
        import shapely
        from shapely.geometry import Point, shape
        from shapely.strtree import STRtree
    except ImportError:
        shapely = None
        print("  (shapely not installed: no comparison)")
    south, west, north, east = CITY
    pts = [(rnd.uniform(south, north), rnd.uniform(west, east)) for _i in range(points)]
    rows = []
    for n, vertices in ((10, 50), (100, 50), (100, 500), (1000, 100)):
        geojsons = zone_shapes(n, vertices, rnd)
        t0 = time.perf_counter()
        parsed = [geo.parse_geojson(json.dumps(g)) for g in geojsons]
        shapes = [(k, geo.bbox(p), p) for k, p in enumerate(parsed)]
        parse_ms = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        found = [geo.find_containing(shapes, lat, lng) for lat, lng in pts]
        py_us = (time.perf_counter() - t0) / points * 1e6
        line = (
            f"  {n:>5} zones x {vertices:>3} vertices: {py_us:8.1f} µs per report "
            f"(parse {parse_ms:.0f} ms)"
        )
        if shapely:
            geoms = [shape(g) for g in geojsons]
            for g in geoms:
                shapely.prepare(g)
            tree = STRtree(geoms)
            t0 = time.perf_counter()
            found_s = []
            for lat, lng in pts:
                point = Point(lng, lat)
                hits = sorted(int(i) for i in tree.query(point) if geoms[int(i)].contains(point))
                found_s.append(hits[0] if hits else None)
            sh_us = (time.perf_counter() - t0) / points * 1e6
            agree = sum(a == b for a, b in zip(found, found_s, strict=True)) / points
            line += f"; shapely STRtree+prepared {sh_us:8.1f} µs (same zone {agree:.1%})"
        print(line, flush=True)
        rows.append((n, vertices, py_us))
    return rows


def rebuild_cells(db):
    """Recount the map cells after the SQL bulk load (the triggers kept them already;
    this times a full recount, as the install and the nightly cron do)."""
    with odoo_env(db) as env:
        cr = env.cr
        if "citizen.map.cell" not in env:
            return
        t0 = time.perf_counter()
        cells = env["citizen.map.cell"]._citizen_rebuild()
        cr.commit()
        print(f"  map cells recounted: {cells} cells in {time.perf_counter() - t0:.1f} s")
        cr.execute("ANALYZE citizen_map_cell")
        cr.commit()


def measure(db, rnd, skip_orm_zones=False):
    from odoo import api

    with odoo_env(db) as env:
        cr = env.cr
        admin = env.ref("base.user_admin")
        env = api.Environment(cr, admin.id, {"lang": "es_MX", "tz": "America/Mexico_City"})
        Ticket = env["helpdesk.ticket"]
        total = Ticket.sudo().search_count([])
        print(f"\nDatabase {db}: {total} reports", flush=True)
        cr.execute(
            """SELECT c.latitude, c.longitude, c.name, count(*) FROM helpdesk_ticket t
                 JOIN citizen_colonia c ON c.id = t.colonia_id
             GROUP BY c.id ORDER BY count(*) DESC LIMIT 1"""
        )
        clat, clng, cname, ccount = cr.fetchone()
        half = 0.006  # about 1.3 km x 1.3 km
        colonia_bounds = [clat - half, clng - half, clat + half, clng + half]
        default = [("citizen_state", "in", ["captured", "in_process"])]
        cases = [
            ("city-wide, zoom 12, Capturado + Proceso", default, list(CITY), 12, 1.0),
            ("city-wide, zoom 12, all reports", [], list(CITY), 12, 1.0),
            (f"colonia {cname}, zoom 16, Capturado + Proceso", default, colonia_bounds, 16, 0.2),
            (f"colonia {cname}, zoom 16, all reports", [], colonia_bounds, 16, 0.2),
        ]
        print(f"Busiest colonia: {cname} ({ccount} reports)")
        # reference measured in the same run: PostgreSQL counting every report
        ref = []
        for _i in range(5):
            t0 = time.perf_counter()
            cr.execute("SELECT count(*) FROM helpdesk_ticket")
            cr.fetchone()
            ref.append(time.perf_counter() - t0)
        ref.sort()
        reference = ref[len(ref) // 2]
        print(f"  reference: SELECT count(*) of all reports {reference * 1000:7.0f} ms median")
        if "citizen.map.cell" in env:
            cr.execute("SELECT level, count(*) FROM citizen_map_cell GROUP BY level ORDER BY level")
            print("  map cells per level:", dict(cr.fetchall()))
        results = {}
        # the pre-aggregated cells (when the search allows) and the live count of the
        # reports (what the map did before the cells), measured in the same run
        paths = [("cells", Ticket), ("live", Ticket.with_context(citizen_map_live=True))]
        if "citizen.map.cell" not in env:
            paths = paths[1:]
        for label, domain, bounds, zoom, target in cases:
            for path, model in paths:
                times = []
                for _i in range(5):
                    env.invalidate_all()
                    t0 = time.perf_counter()
                    res = model.citizen_map_markers(
                        domain=domain, bounds=bounds, zoom=zoom, with_unlocated=False
                    )
                    times.append(time.perf_counter() - t0)
                times.sort()
                median = times[len(times) // 2]
                results[label, path] = median
                print(
                    f"  {label:50} {path:5} {median * 1000:7.0f} ms median "
                    f"(best {times[0] * 1000:.0f}) - {res['total']} reports in view, "
                    f"{len(res['clusters'])} clusters, {len(res['markers'])} markers, "
                    f"{median / reference:.1f}x the reference [target < {target * 1000:.0f} ms]",
                    flush=True,
                )
        print("Load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)

        if skip_orm_zones:
            cr.rollback()
            return results
        # zone routing through the ORM, N zones in the database
        Zone = env["citizen.service.zone"]
        team = env["helpdesk.ticket.team"].search([], limit=1)
        petition = env["helpdesk.ticket.category"].search([("team_id", "=", team.id)], limit=1)
        for n in (10, 100, 1000):
            Zone.search([("name", "=like", "bench %")]).unlink()
            Zone.create(
                [
                    {"name": f"bench {k}", "department_id": team.id, "geojson": json.dumps(g)}
                    for k, g in enumerate(zone_shapes(n, 100, rnd))
                ]
            )
            env.flush_all()
            south, west, north, east = CITY
            pts = [(rnd.uniform(south, north), rnd.uniform(west, east)) for _i in range(200)]
            env.invalidate_all()
            t0 = time.perf_counter()
            for lat, lng in pts:
                Zone._citizen_zone_for(lat, lng, petition)
            per = (time.perf_counter() - t0) / len(pts) * 1000
            print(f"  _citizen_zone_for with {n:>4} zones in the database: {per:.2f} ms per report")
        print("Load average during the run: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        cr.rollback()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="bench_map")
    parser.add_argument("--rows", type=int, default=1000000)
    parser.add_argument("--citizens", type=int, default=200000)
    parser.add_argument("--drop", action="store_true", help="drop and recreate the database")
    parser.add_argument("--zones-only", action="store_true", help="only the pure-Python zone bench")
    parser.add_argument("--markers-only", action="store_true", help="only the map queries")
    parser.add_argument(
        "--rebuild-cells", action="store_true", help="recount the map cells before measuring"
    )
    args = parser.parse_args()
    rnd = random.Random(7)
    if not args.markers_only:
        bench_point_in_zone(rnd)
    if args.zones_only:
        return
    ensure_db(args.db, "citizen_service_map", lang="es_MX", drop=args.drop)
    if table_count(args.db, "helpdesk_ticket") < args.rows:
        # one municipality (the main company): the map is León's
        companies = base.ensure_companies(args.db, 1)
        base.load(args.db, args.rows, min(args.citizens, args.rows), companies)
        rebuild_cells(args.db)
    elif args.rebuild_cells:
        rebuild_cells(args.db)
    measure(args.db, rnd, skip_orm_zones=args.markers_only)


if __name__ == "__main__":
    main()
