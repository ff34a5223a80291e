#!/usr/bin/env python3
"""Server time of one PBX event request, against the reference, in one process.

The requests go straight into Odoo's WSGI application (``odoo.http.root``, no socket, no
other client), one at a time, so the figures are the server's own time per request,
which the load of a shared machine disturbs much less than a throughput. For each kind:
mean and p50 ms per request, SQL queries per request; with ``--profile`` the functions
that dominate (cProfile, cumulative time, Odoo's request stages grouped).

Kinds: ``event`` (POST /call_center/pbx/event, one event), ``batch`` (100 events per
request) and the reference: JSON-RPC ``res.partner.create`` (``/jsonrpc`` execute_kw),
the least an Odoo request with a write costs, as in ``bench_call_center.py``.

The database needs call_center (e.g. the one ``bench_call_center.py`` creates); a PBX
with a random token is added, its events are left pending (they are not processed).

Example:  python3 bench/profile_pbx_request.py --db cc_bench --requests 300 --profile
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import sys
import time

from odoo_bench_server import addons_path


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="cc_bench")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative, tottime")
    parser.add_argument("--kinds", default="reference,event,batch")
    parser.add_argument(
        "--addons-path",
        default=os.environ.get("ODOO_ADDONS_PATH", ""),
        help="defaults to the installed odoo.addons paths plus this repository's addons",
    )
    args = parser.parse_args()

    from werkzeug.test import Client

    import odoo
    from odoo import sql_db

    odoo.tools.config.parse_config(
        ["-d", args.db, f"--addons-path={addons_path(args.addons_path)}", "--log-level=warn"]
    )
    odoo.service.server.load_server_wide_modules()
    client = Client(odoo.http.root)

    registry = odoo.modules.registry.Registry(args.db)
    token = secrets.token_urlsafe(24)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["call.center.pbx"].create({"name": f"profile {time.time():.0f}", "token": token})
        uid = env["res.users"].search([("login", "=", args.login)]).id

    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    run = f"{os.getpid()}-{time.time():.0f}"

    def event(i):
        return {
            "event": ("ringing", "answered", "hangup")[i % 3],
            "call_id": f"profile-{run}-{i // 3}",
            "timestamp": "2022-01-06T15:00:00Z",
            "caller": "4771234567",
            "line": "L01",
            "event_id": f"profile-{run}-{i}",
        }

    def post_event(i):
        resp = client.post("/call_center/pbx/event", data=json.dumps(event(i)), headers=headers)
        assert resp.status_code == 200, resp.get_data()[:300]

    def post_batch(i):
        body = {"events": [event(i * 100 + k + 10**7) for k in range(100)]}
        resp = client.post("/call_center/pbx/events", data=json.dumps(body), headers=headers)
        assert resp.status_code == 200, resp.get_data()[:300]

    def reference(i):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    args.db,
                    uid,
                    args.password,
                    "res.partner",
                    "create",
                    [{"name": f"Profile reference {run}-{i}"}],
                ],
            },
            "id": i,
        }
        resp = client.post(
            "/jsonrpc", data=json.dumps(payload), headers={"Content-Type": "application/json"}
        )
        data = json.loads(resp.get_data())
        assert "result" in data, str(data)[:300]

    kinds = [
        ("reference", reference, args.requests, 1),
        ("event", post_event, args.requests, 1),
        ("batch", post_batch, max(args.requests // 10, 5), 100),
    ]
    print(f"database {args.db}, {args.requests} requests per kind, one at a time, in process")
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}")
    results = {}
    for name, fn, n, per in kinds:
        if name not in args.kinds.split(","):
            continue
        for i in range(10):  # warm-up (registry, caches, credentials)
            fn(10**6 + i)
        lat = []
        queries0 = sql_db.sql_counter
        cpu0 = time.process_time()
        profiler = cProfile.Profile() if args.profile else None
        for i in range(n):
            t = time.perf_counter()
            if profiler:
                profiler.enable()
            fn(i)
            if profiler:
                profiler.disable()
            lat.append((time.perf_counter() - t) * 1000)
        cpu = (time.process_time() - cpu0) * 1000 / n
        queries = (sql_db.sql_counter - queries0) / n
        lat.sort()
        mean = sum(lat) / n
        results[name] = mean
        print(
            f"{name:9}: {mean:6.2f} ms per request (p50 {lat[n // 2]:.2f}, CPU {cpu:.2f} ms), "
            f"{queries:.1f} SQL queries per request, {per} event(s) per request"
            + (f" = {mean / per:.3f} ms per event" if per > 1 else "")
        )
        if profiler:
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats(args.sort).print_stats(args.top)
            print("\n".join(out.getvalue().splitlines()[: args.top + 12]))
    if len(results) < 3:
        return
    print(
        f"ratios: one event per request {results['reference'] / results['event']:.1f}x the "
        f"reference; batch of 100: {100 * results['reference'] / results['batch']:.0f}x"
    )


if __name__ == "__main__":
    sys.exit(main())
