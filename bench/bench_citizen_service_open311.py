#!/usr/bin/env python3
"""Load test of the Open311 GeoReport v2 endpoint of citizen_service, against a reference.

In one run, against one Odoo with 2 workers:

1. the reference: an authenticated JSON-RPC ``create`` of a ``res.partner`` (the least an
   Odoo request with a write costs), one client, then 8 clients;
2. ``POST /open311/v2/requests.json`` with one client (target: at most 2x the reference);
3. the same with 8 concurrent clients (p50/p95 printed beside the one-client time);
4. the count: every accepted POST is one report in the database with its creation message.

    # against an Odoo already running on port 8312 with citizen_service installed
    python3 bench/bench_citizen_service_open311.py --db ac_bench --port 8312

    # or let the script create the database if missing and start odoo --workers=2 itself
    python3 bench/bench_citizen_service_open311.py --db ac_bench --port 8312 --start

The script registers its own API client through JSON-RPC as the administrator (the key is
generated here and only its SHA-256 is stored), with no rate limit, and uses a petition
of the catalog (the first one with a code, or --service-code).
"""

import argparse
import hashlib
import json
import random
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from odoo_bench_server import (
    Server,
    addons_path,
    ensure_db,
    jsonrpc,
    percentile,
    reference_create,
    run_clients,
)

STREETS = [
    "Calle Madero",
    "Blvd. Adolfo López Mateos",
    "Calle Hidalgo",
    "Blvd. Juan Alonso de Torres",
    "Calle Pedro Moreno",
    "Av. Miguel Alemán",
    "Blvd. Campestre",
    "Calle Hermanos Aldama",
]


def setup(base, db, login, password, service_code):
    uid = jsonrpc(base, "common", "login", db, login, password)
    if not uid:
        raise SystemExit("login failed")

    def call(model, method, *args, **kw):
        return jsonrpc(base, "object", "execute_kw", db, uid, password, model, method, args, kw)

    domain = [["code", "!=", False], ["petition_type", "!=", "information"]]
    if service_code:
        domain.append(["code", "=", service_code])
    petitions = call("helpdesk.ticket.category", "search_read", domain, fields=["code"], limit=1)
    if not petitions:
        raise SystemExit("no petition with a code in the catalog")
    channel = call(
        "helpdesk.ticket.channel", "search_read", [["code", "=", "OPEN311"]], fields=["id"]
    ) or call("helpdesk.ticket.channel", "search_read", [], fields=["id"], limit=1)
    key = "cs_" + secrets.token_urlsafe(32)
    call(
        "citizen.api.client",
        "create",
        {
            "name": f"Bench Open311 {time.strftime('%Y-%m-%d %H:%M:%S')}",
            "channel_id": channel[0]["id"],
            "rate_limit": 0,
            "api_key_hash": hashlib.sha256(key.encode()).hexdigest(),
            "api_key_prefix": key[:8],
        },
    )
    return key, petitions[0]["code"]


def post_data(rnd, key, code, tag):
    phone = f"477{rnd.randint(2000000, 2000199):07d}"  # 200 recurring citizens
    return {
        "api_key": key,
        "service_code": code,
        "lat": f"{21.10 + rnd.random() * 0.06:.6f}",
        "long": f"{-101.72 + rnd.random() * 0.08:.6f}",
        "address_string": f"{rnd.choice(STREETS)} {rnd.randint(1, 2500)}, León, Gto.",
        "description": f"Reporte de prueba de carga {tag}",
        "first_name": "Ciudadano",
        "last_name": f"Prueba {phone[-3:]}",
        "phone": phone,
    }


def open311_run(base, key, code, count, clients, seed):
    """``count`` POSTs over ``clients`` threads, sent like the reference's requests
    (``urllib``, one connection per request), so the ratio compares the server's work and
    not two HTTP client libraries (``requests`` costs the client 1-3 ms more per request)."""
    url = f"{base}/open311/v2/requests.json"
    local = threading.local()
    accepted = []

    def one(client, i):
        if not hasattr(local, "rnd"):
            local.rnd = random.Random(seed * 1000 + client)
        body = urllib.parse.urlencode(post_data(local.rnd, key, code, f"{seed}-{client}-{i}"))
        try:
            with urllib.request.urlopen(url, body.encode(), timeout=60) as response:
                data = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"HTTP {exc.code}: {exc.read()[:200]!r}") from exc
        accepted.append(data[0]["service_request_id"])
        return True

    elapsed, lat, errors = run_clients(clients, count, one)
    return {
        "elapsed": elapsed,
        "rate": count / elapsed,
        "mean": sum(lat) / len(lat),
        "p50": percentile(lat, 0.5),
        "p95": percentile(lat, 0.95),
        "p99": percentile(lat, 0.99),
        "errors": errors,
        "accepted": accepted,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, default=8312)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--requests", type=int, default=2000, help="POSTs with 8 clients")
    parser.add_argument("--single", type=int, default=300, help="POSTs with one client")
    parser.add_argument("--reference", type=int, default=300, help="reference requests")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--service-code")
    parser.add_argument(
        "--start",
        action="store_true",
        help="create --db if missing (or copy --template) and start odoo --workers=2 itself",
    )
    parser.add_argument("--template", help="database copied when --db is missing (--start)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--addons-path")
    args = parser.parse_args()

    server = None
    if args.start:
        paths = addons_path(args.addons_path)
        ensure_db(args.db, "citizen_service", paths, args.template)
        server = Server(args.db, args.port, paths, workers=args.workers)
        print(f"odoo --workers={args.workers} on port {args.port}, log {server.log.name}")
    base = f"http://{args.host}:{args.port}"
    try:
        key, code = setup(base, args.db, args.login, args.password, args.service_code)
        # warm-up (registry, routing map, caches in every worker) not counted
        warm = open311_run(base, key, code, 2 * args.workers, args.workers, 99)
        ref1 = reference_create(base, args.db, args.login, args.password, args.reference, 1)
        one = open311_run(base, key, code, args.single, 1, 1)
        refn = reference_create(
            base, args.db, args.login, args.password, args.reference, args.concurrency
        )
        many = open311_run(base, key, code, args.requests, args.concurrency, 2)
        lost = count_reports(
            base,
            args.db,
            args.login,
            args.password,
            warm["accepted"] + one["accepted"] + many["accepted"],
        )
        respawns = server.respawns() if server else None
    finally:
        if server:
            server.stop()

    print(f"Open311 POST /open311/v2/requests.json  service_code={code}, {args.workers} workers")
    print(
        f"reference (JSON-RPC res.partner create), 1 client : mean {ref1['mean']:.1f} ms  "
        f"p50 {ref1['p50']:.1f}  p95 {ref1['p95']:.1f}  ({ref1['rate']:.0f}/s)"
    )
    print(
        f"Open311 POST, 1 client                            : mean {one['mean']:.1f} ms  "
        f"p50 {one['p50']:.1f}  p95 {one['p95']:.1f}  ({one['rate']:.0f}/s)"
    )
    ratio = one["mean"] / ref1["mean"]
    print(
        f"ratio to the reference, 1 client: {ratio:.2f}x (target <= 2x: {'OK' if ratio <= 2 else 'MISSED'})"
    )
    print(
        f"reference, {args.concurrency} clients : {refn['rate']:.0f} requests/s  "
        f"p50 {refn['p50']:.0f} ms  p95 {refn['p95']:.0f} ms"
    )
    print(
        f"Open311,   {args.concurrency} clients : {many['rate']:.0f} requests/s  "
        f"p50 {many['p50']:.0f} ms  p95 {many['p95']:.0f} ms  p99 {many['p99']:.0f} ms  "
        f"(1 client: {one['mean']:.0f} ms; p95 ratio to the reference "
        f"{many['p95'] / refn['p95']:.2f}x)"
    )
    errors = one["errors"] + many["errors"]
    print(f"requests: {args.single} + {args.requests}  errors: {len(errors)}")
    if errors:
        print(f"first errors: {errors[:3]}")
    print(
        f"reports accepted {lost['accepted']}, in the database {lost['found']}, "
        f"without their creation message {lost['no_message']}: lost {lost['lost']}"
    )
    if respawns is not None:
        print(f"odoo worker respawns during the run: {respawns}")
    return 1 if errors or lost["lost"] or lost["no_message"] else 0


def count_reports(base, db, login, password, folios):
    uid = jsonrpc(base, "common", "login", db, login, password)

    def call(model, method, *a, **kw):
        return jsonrpc(base, "object", "execute_kw", db, uid, password, model, method, a, kw)

    found = no_message = 0
    for i in range(0, len(folios), 1000):
        chunk = folios[i : i + 1000]
        found += call("helpdesk.ticket", "search_count", [["number", "in", chunk]])
        no_message += call(
            "helpdesk.ticket",
            "search_count",
            [["number", "in", chunk], ["message_ids", "=", False]],
        )
    return {
        "accepted": len(folios),
        "found": found,
        "no_message": no_message,
        "lost": len(set(folios)) - found,
    }


if __name__ == "__main__":
    sys.exit(main())
