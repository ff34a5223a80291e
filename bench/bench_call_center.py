#!/usr/bin/env python3
"""Ingest PBX events through /call_center/pbx/event and print events/second.

Two modes:

* ``--url http://host:port --token T``: send to an already running Odoo with
  call_center installed and a PBX whose token is T.
* default: prepare the database (``--db``, created from ``--template`` if
  missing), insert a PBX with a random token, start ``odoo --workers=N`` on
  ``--port`` and stop it at the end.

Each simulated call sends ringing, answered and hangup (10 % of the events are
retried duplicates and 10 % of the calls deliver hangup before answered), so
the run also checks idempotency: at the end the number of calls created must
equal the number of distinct call ids.

Example:  python3 bench/bench_call_center.py --events 100000 --clients 8
"""

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from datetime import datetime, timedelta, timezone

ADDONS = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "addons"))


def build_calls(n_events, seed=1):
    """List of calls, each a list of events (about ``n_events`` in total)."""
    rnd = random.Random(seed)
    calls = []
    total = 0
    base = datetime(2022, 1, 6, 15, 0, tzinfo=timezone.utc)
    i = 0
    while total < n_events:
        cid = f"bench-{os.getpid()}-{i}"
        start = base + timedelta(seconds=i)
        answer = start + timedelta(seconds=rnd.randint(1, 60))
        end = answer + timedelta(seconds=rnd.randint(30, 900))
        caller = f"+52477{rnd.randrange(2000000, 8000000)}"
        events = [
            {
                "event": "ringing",
                "call_id": cid,
                "timestamp": start.isoformat(),
                "caller": caller,
                "line": f"B{i % 10:02d}",
            },
            {
                "event": "answered",
                "call_id": cid,
                "timestamp": answer.isoformat(),
                "agent": "bench",
            },
            {"event": "hangup", "call_id": cid, "timestamp": end.isoformat()},
        ]
        if rnd.random() < 0.1:  # out of order
            events[1], events[2] = events[2], events[1]
        if rnd.random() < 0.3:  # a retried (duplicated) event
            events.append(dict(rnd.choice(events)))
        calls.append(events)
        total += len(events)
        i += 1
    return calls


def worker(args):
    url, token, calls, queue, batch = args
    parsed = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=60)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    ok = errors = 0
    latencies = []
    if batch > 1:  # group the events of several calls in one request
        flat = [e for events in calls for e in events]
        requests_ = [
            (json.dumps({"events": flat[i : i + batch]}), len(flat[i : i + batch]))
            for i in range(0, len(flat), batch)
        ]
    else:
        requests_ = [(json.dumps(e), 1) for events in calls for e in events]
    for body, count in requests_:
        t = time.perf_counter()
        for attempt in range(3):
            try:
                conn.request("POST", "/call_center/pbx/event", body, headers)
                resp = conn.getresponse()
                resp.read()
                break
            except (http.client.HTTPException, OSError):
                conn.close()
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=60)
                if attempt == 2:
                    raise
        latencies.append(time.perf_counter() - t)
        if resp.status == 200:
            ok += count
        else:
            errors += count
    queue.put((ok, errors, latencies))


def psql(db, sql, *params):
    import psycopg2

    with psycopg2.connect(dbname=db) as cnx, cnx.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall() if cr.description else None


def prepare_db(db, template):
    import psycopg2

    cnx = psycopg2.connect(dbname="postgres")
    cnx.autocommit = True
    with cnx.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
        if not cr.fetchone():
            print(f"creating {db} from {template}", flush=True)
            cr.execute(f'CREATE DATABASE "{db}" TEMPLATE "{template}"')
    cnx.close()
    token = secrets.token_urlsafe(24)
    (pbx_id,) = psql(
        db,
        "INSERT INTO call_center_pbx (name, token, active, create_date, write_date) "
        "VALUES (%s, %s, true, now(), now()) RETURNING id",
        f"bench {datetime.now():%H:%M:%S}",
        token,
    )[0]
    for n in range(10):
        psql(
            db,
            "INSERT INTO call_center_line (name, code, pbx_id, sequence, active, "
            "service_level_seconds) VALUES (%s, %s, %s, %s, true, 20)",
            json.dumps({"en_US": f"Bench {n}"}),
            f"B{n:02d}",
            pbx_id,
            n,
        )
    return pbx_id, token


def start_server(args):
    addons = ",".join(p for p in args.addons_path.split(",") if p)
    launcher = "import os; os.environ['TZ'] = 'UTC'; import odoo; odoo.cli.main()"
    cmd = [
        sys.executable,
        "-c",
        launcher,
        "-d",
        args.db,
        f"--db-filter=^{args.db}$",
        f"--addons-path={addons}",
        f"--http-port={args.port}",
        f"--workers={args.workers}",
        "--max-cron-threads=0",
        "--log-level=warn",
        "--limit-time-real=600",
        "--limit-time-cpu=600",
        "--limit-memory-soft=4000000000",
        "--limit-memory-hard=5000000000",
    ]
    log = open("/tmp/bench_call_center_odoo.log", "w")
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=log, cwd="/tmp", start_new_session=True
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
            conn.request("GET", "/web/health")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(1)
    os.killpg(proc.pid, signal.SIGTERM)
    raise SystemExit("odoo did not start, see /tmp/bench_call_center_odoo.log")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--url", help="running server, e.g. http://127.0.0.1:8172")
    parser.add_argument("--token", help="PBX token (with --url)")
    parser.add_argument("--db", default="cc_bench")
    parser.add_argument(
        "--template", default="cc_main", help="database copied when --db is missing"
    )
    parser.add_argument("--port", type=int, default=8172)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--batch",
        type=int,
        default=1,
        help="events per request ({'events': [...]}); 1 = one event per POST",
    )
    parser.add_argument(
        "--addons-path",
        default=os.environ.get("ODOO_ADDONS_PATH", ""),
        help="defaults to the installed odoo.addons paths plus this repository's addons",
    )
    args = parser.parse_args()
    if not args.addons_path:
        import odoo.addons

        args.addons_path = ",".join([*odoo.addons.__path__, ADDONS])

    proc = None
    pbx_id = None
    if args.url:
        if not args.token:
            raise SystemExit("--token is required with --url")
        url, token = args.url, args.token
    else:
        pbx_id, token = prepare_db(args.db, args.template)
        proc = start_server(args)
        url = f"http://127.0.0.1:{args.port}"
    try:
        calls = build_calls(args.events)
        n_events = sum(len(c) for c in calls)
        chunks = [calls[i :: args.clients] for i in range(args.clients)]
        queue = mp.Queue()
        # warm-up (load registry in every worker)
        worker(
            (
                url,
                token,
                [[{"event": "ringing", "call_id": f"warm-{i}"}] for i in range(20)],
                queue,
                1,
            )
        )
        queue.get()
        t0 = time.perf_counter()
        procs = [
            mp.Process(target=worker, args=((url, token, chunk, queue, args.batch),))
            for chunk in chunks
        ]
        for p in procs:
            p.start()
        results = [queue.get() for _ in procs]
        for p in procs:
            p.join()
        elapsed = time.perf_counter() - t0
        ok = sum(r[0] for r in results)
        errors = sum(r[1] for r in results)
        lat = sorted(x for r in results for x in r[2])
        print(
            f"events sent     : {n_events} ({len(calls)} calls, {args.clients} clients, "
            f"{args.workers} odoo workers, {args.batch} event(s) per request)"
        )
        print(f"accepted / errors: {ok} / {errors}")
        print(f"elapsed         : {elapsed:.1f} s")
        print(f"throughput      : {n_events / elapsed:.0f} events/s")
        print(
            f"request latency p50/p95/p99: {lat[len(lat) // 2] * 1000:.1f} / "
            f"{lat[int(len(lat) * 0.95)] * 1000:.1f} / {lat[int(len(lat) * 0.99)] * 1000:.1f} ms"
        )
        if pbx_id:
            (created, dup) = psql(
                args.db,
                "SELECT count(*), count(*) - count(DISTINCT pbx_call_id) FROM call_center_call "
                "WHERE pbx_id = %s AND pbx_call_id LIKE 'bench-%%'",
                pbx_id,
            )[0]
            print(f"calls in db     : {created} (expected {len(calls)}, duplicates {dup})")
    finally:
        if proc:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)


if __name__ == "__main__":
    sys.exit(main())
