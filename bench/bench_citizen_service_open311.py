#!/usr/bin/env python3
"""Load test of the Open311 GeoReport v2 endpoint of citizen_service.

Sends N ``POST /open311/v2/requests.json`` (default 10,000) from C concurrent clients
(default 8) against a running Odoo and prints requests/second and latency percentiles
(target: p95 under 300 ms).

    # against an Odoo already running on port 8174 with citizen_service installed
    python3 bench/bench_citizen_service_open311.py --db om_h --port 8174

    # or let the script start Odoo itself (--workers=2) and stop it at the end
    python3 bench/bench_citizen_service_open311.py --db om_h --port 8174 --start \
        --addons-path /path/odoo/addons,/path/site-packages/odoo/addons,addons

The script registers its own API client through JSON-RPC as the administrator (the key is
generated here and only its SHA-256 is stored), with no rate limit, and uses a petition
of the catalog (the first one with a code, or --service-code).
"""

import argparse
import hashlib
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from urllib import request as urlrequest

import requests

LOG = "/tmp/bench_citizen_service_open311_odoo.log"
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


def jsonrpc(base, service, method, *args):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"service": service, "method": method, "args": list(args)},
        "id": 1,
    }
    req = urlrequest.Request(
        f"{base}/jsonrpc", json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    with urlrequest.urlopen(req, timeout=60) as resp:
        data = json.loads(resp.read())
    if data.get("error"):
        raise RuntimeError(json.dumps(data["error"])[:2000])
    return data["result"]


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


def start_odoo(args):
    launcher = "import os; os.environ['TZ'] = 'UTC'; import odoo; odoo.cli.main()"
    cmd = [
        sys.executable,
        "-c",
        launcher,
        "-d",
        args.db,
        f"--db-filter=^{args.db}$",
        f"--http-port={args.port}",
        f"--gevent-port={args.port + 1000}",
        "--workers=2",
        "--max-cron-threads=0",
        "--log-level=warn",
        "--limit-time-real=600",
    ]
    if args.addons_path:
        cmd.append(f"--addons-path={args.addons_path}")
    log = open(LOG, "w")
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=log, cwd="/tmp", start_new_session=True
    )
    base = f"http://127.0.0.1:{args.port}"
    for _i in range(120):
        time.sleep(1)
        try:
            if requests.get(f"{base}/web/health", timeout=2).status_code == 200:
                return proc
        except requests.RequestException:
            pass
    stop_odoo(proc)
    raise SystemExit(f"odoo did not start in 120 s, see {LOG}")


def stop_odoo(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def worker(base, key, code, count, latencies, errors, seed):
    rnd = random.Random(seed)
    session = requests.Session()
    url = f"{base}/open311/v2/requests.json"
    for i in range(count):
        phone = f"477{rnd.randint(2000000, 2000199):07d}"  # 200 recurring citizens
        data = {
            "api_key": key,
            "service_code": code,
            "lat": f"{21.10 + rnd.random() * 0.06:.6f}",
            "long": f"{-101.72 + rnd.random() * 0.08:.6f}",
            "address_string": f"{rnd.choice(STREETS)} {rnd.randint(1, 2500)}, León, Gto.",
            "description": f"Reporte de prueba de carga {seed}-{i}",
            "first_name": "Ciudadano",
            "last_name": f"Prueba {phone[-3:]}",
            "phone": phone,
        }
        start = time.perf_counter()
        try:
            status = session.post(url, data=data, timeout=60).status_code
        except requests.RequestException:
            status = "exception"
        latencies.append(time.perf_counter() - start)
        if status != 200:
            errors.append(status)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, default=8174)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--service-code")
    parser.add_argument("--start", action="store_true", help="start odoo --workers=2 itself")
    parser.add_argument("--addons-path")
    args = parser.parse_args()

    proc = start_odoo(args) if args.start else None
    base = f"http://{args.host}:{args.port}"
    try:
        key, code = setup(base, args.db, args.login, args.password, args.service_code)
        # warm-up (registry, routing map, caches) not counted
        requests.post(
            f"{base}/open311/v2/requests.json",
            data={"api_key": key, "service_code": code, "address_string": "Calle Madero 1"},
            timeout=60,
        )
        per_client = [args.requests // args.concurrency] * args.concurrency
        for i in range(args.requests % args.concurrency):
            per_client[i] += 1
        latencies, errors = [], []
        threads = [
            threading.Thread(target=worker, args=(base, key, code, n, latencies, errors, index))
            for index, n in enumerate(per_client)
        ]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        if proc:
            stop_odoo(proc)

    lat = sorted(x * 1000 for x in latencies)
    p = lambda q: lat[min(len(lat) - 1, int(round(q * (len(lat) - 1))))]  # noqa: E731
    print(f"Open311 POST /open311/v2/requests.json  service_code={code}")
    print(f"requests: {len(lat)}  concurrency: {args.concurrency}  errors: {len(errors)}")
    if errors:
        print(f"error statuses: {sorted(set(map(str, errors)))}")
    print(f"elapsed: {elapsed:.1f} s  throughput: {len(lat) / elapsed:.1f} requests/s")
    print(
        f"latency ms: mean {statistics.mean(lat):.0f}  p50 {p(0.5):.0f}  "
        f"p95 {p(0.95):.0f}  p99 {p(0.99):.0f}  max {lat[-1]:.0f}"
    )
    print(f"p95 target 300 ms: {'OK' if p(0.95) < 300 else 'MISSED'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
