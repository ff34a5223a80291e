#!/usr/bin/env python3
"""Ingest PBX events through /call_center/pbx/event(s) and print events/second.

In one run, against one Odoo (``--workers``, 2 by default, with the queue_job runner):

1. the reference: authenticated JSON-RPC ``res.partner.create``, ``--clients`` clients;
2. one event per request, ``--clients`` clients (target >= 400 events/s);
3. batches of ``--batch`` events per request (target >= 2,000 events/s);
4. the queue drains the stored events into calls; then the count: events stored once
   each, none pending or failed, one call per call id with its answer and end.

Each simulated call sends ringing, answered and hangup (30 % of the calls have a retried
duplicate event and 10 % deliver hangup before answered), so the run also checks
idempotency.

Modes:

* ``--url http://host:port --token T``: send to an already running Odoo with
  call_center installed and a PBX whose token is T (no reference, no count).
* default: create ``--db`` if missing (``-i call_center`` with demo data, or a copy of
  ``--template``), insert a PBX with a random token, start ``odoo --workers=N`` on
  ``--port`` with a free gevent port and a per-run log, and stop it at the end.

Example:  python3 bench/bench_call_center.py --db ac_bench --port 8312
"""

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import secrets
import sys
import time
import urllib.parse
from datetime import datetime, timedelta, timezone

from odoo_bench_server import Server, addons_path, ensure_db, jsonrpc, reference_create


def build_calls(n_events, seed=1, prefix="bench"):
    """List of calls, each a list of events (about ``n_events`` in total)."""
    rnd = random.Random(seed)
    calls = []
    total = 0
    base = datetime(2022, 1, 6, 15, 0, tzinfo=timezone.utc)
    i = 0
    while total < n_events:
        cid = f"{prefix}-{os.getpid()}-{i}"
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
    path = "/call_center/pbx/events" if batch > 1 else "/call_center/pbx/event"
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
                conn.request("POST", path, body, headers)
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


def prepare_db(db):
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


def send(url, token, calls, clients, batch):
    """Post the events of ``calls`` from ``clients`` processes; returns the figures."""
    n_events = sum(len(c) for c in calls)
    chunks = [calls[i::clients] for i in range(clients)]
    queue = mp.Queue()
    t0 = time.perf_counter()
    procs = [
        mp.Process(target=worker, args=((url, token, chunk, queue, batch),)) for chunk in chunks
    ]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - t0
    lat = sorted(x for r in results for x in r[2])
    return {
        "events": n_events,
        "calls": len(calls),
        "ok": sum(r[0] for r in results),
        "errors": sum(r[1] for r in results),
        "elapsed": elapsed,
        "rate": n_events / elapsed,
        "p50": lat[len(lat) // 2] * 1000,
        "p95": lat[int(len(lat) * 0.95)] * 1000,
    }


def pause_pbx_channel(url, db, login, password, paused):
    """Pause / resume the queue channel root.pbx (applied live by the job runner)."""
    uid = jsonrpc(url, "common", "login", db, login, password)
    ids = jsonrpc(
        url,
        "object",
        "execute_kw",
        db,
        uid,
        password,
        "queue.job.channel",
        "search",
        [[["complete_name", "=", "root.pbx"]]],
    )
    jsonrpc(
        url,
        "object",
        "execute_kw",
        db,
        uid,
        password,
        "queue.job.channel",
        "write",
        [ids, {"paused": paused}],
    )


def wait_drained(db, pbx_id, timeout):
    """Wait until the queue processed every stored event; returns seconds waited."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        (pending,) = psql(
            db,
            "SELECT count(*) FROM call_center_pbx_event WHERE pbx_id = %s AND state = 'pending'",
            pbx_id,
        )[0]
        if not pending:
            break
        time.sleep(0.5)
    return time.perf_counter() - t0


def count(db, pbx_id, prefix, calls):
    """What the database holds for the calls of one phase, against what was sent."""
    distinct = {
        json.dumps(e, sort_keys=True) for events in calls for e in events
    }  # retried duplicates are the same JSON
    rows = dict(
        psql(
            db,
            "SELECT state, count(*) FROM call_center_pbx_event WHERE pbx_id = %s "
            "AND pbx_call_id LIKE %s GROUP BY state",
            pbx_id,
            prefix + "-%",
        )
    )
    (n_calls, dup, incomplete) = psql(
        db,
        "SELECT count(*), count(*) - count(DISTINCT pbx_call_id), "
        "count(*) FILTER (WHERE date_answer IS NULL OR date_end IS NULL OR line_id IS NULL) "
        "FROM call_center_call WHERE pbx_id = %s AND pbx_call_id LIKE %s",
        pbx_id,
        prefix + "-%",
    )[0]
    stored = sum(rows.values())
    return {
        "distinct": len(distinct),
        "stored": stored,
        "done": rows.get("done", 0),
        "pending": rows.get("pending", 0),
        "failed": rows.get("failed", 0),
        "calls": n_calls,
        "expected_calls": len(calls),
        "duplicates": dup,
        "incomplete": incomplete,
        "lost": len(distinct) - rows.get("done", 0),
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=20000, help="one event per request")
    parser.add_argument("--batch-events", type=int, default=100000, help="in batches")
    parser.add_argument("--batch", type=int, default=100, help="events per batched request")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--url", help="running server, e.g. http://127.0.0.1:8172")
    parser.add_argument("--token", help="PBX token (with --url)")
    parser.add_argument("--db", default="cc_bench")
    parser.add_argument("--template", help="database copied when --db is missing")
    parser.add_argument("--port", type=int, default=8312)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reference", type=int, default=1000, help="reference requests")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--drain-timeout", type=int, default=900)
    parser.add_argument(
        "--drain-during",
        action="store_true",
        help="let the queue process the events while they are sent (default: the channel "
        "root.pbx is paused while sending, then the processing is timed on its own)",
    )
    parser.add_argument(
        "--addons-path",
        default=os.environ.get("ODOO_ADDONS_PATH", ""),
        help="defaults to the installed odoo.addons paths plus this repository's addons",
    )
    args = parser.parse_args()

    server = None
    pbx_id = None
    if args.url:
        if not args.token:
            raise SystemExit("--token is required with --url")
        url, token = args.url, args.token
    else:
        paths = addons_path(args.addons_path)
        ensure_db(args.db, "call_center", paths, args.template)
        pbx_id, token = prepare_db(args.db)
        server = Server(args.db, args.port, paths, workers=args.workers, queue_job=True)
        print(f"odoo --workers={args.workers} on port {args.port}, log {server.log.name}")
        url = server.base
    phases = []
    try:
        # warm-up (load registry in every worker)
        queue = mp.Queue()
        warm = [[{"event": "ringing", "call_id": f"warm-{os.getpid()}-{i}"}] for i in range(20)]
        worker((url, token, warm, queue, 1))
        queue.get()
        ref = None
        if server:
            ref = reference_create(
                url, args.db, args.login, args.password, args.reference, args.clients
            )
        if server and not args.drain_during:
            pause_pbx_channel(url, args.db, args.login, args.password, True)
        for prefix, n, batch in (
            ("single", args.events, 1),
            ("batch", args.batch_events, args.batch),
        ):
            if not n:
                continue
            calls = build_calls(n, seed=len(phases) + 1, prefix=prefix)
            phases.append((prefix, batch, calls, send(url, token, calls, args.clients, batch)))
        drained = None
        if server:
            if not args.drain_during:
                pause_pbx_channel(url, args.db, args.login, args.password, False)
            drained = wait_drained(args.db, pbx_id, args.drain_timeout)
        respawns = server.respawns() if server else None
    finally:
        if server:
            server.stop()

    print(f"PBX events, {args.clients} clients, {args.workers} odoo workers")
    if ref:
        print(
            f"reference (JSON-RPC res.partner create, {args.clients} clients): "
            f"{ref['rate']:.0f} requests/s  p50 {ref['p50']:.1f} ms  p95 {ref['p95']:.1f} ms"
        )
    status = 0
    for prefix, batch, _calls, res in phases:
        target = 400 if batch == 1 else 2000
        print(
            f"{prefix:6}: {res['events']} events ({res['calls']} calls, {batch} per request): "
            f"{res['rate']:.0f} events/s (target {target}: "
            f"{'OK' if res['rate'] >= target else 'MISSED'})  accepted/errors "
            f"{res['ok']}/{res['errors']}  request p50/p95 {res['p50']:.1f}/{res['p95']:.1f} ms"
            + (f"  ({res['rate'] / ref['rate']:.2f}x the reference)" if ref and batch == 1 else "")
        )
        status |= bool(res["errors"])
    if drained is not None:
        total = sum(res["events"] for _p, _b, _c, res in phases)
        stored = sum(count(args.db, pbx_id, p, c)["stored"] for p, _b, c, _r in phases)
        print(
            f"queue drained {drained:.1f} s after the last request ({total} events sent, "
            f"{stored} distinct stored"
            + (
                f"; processing alone: {stored / drained:.0f} events/s into calls)"
                if not args.drain_during and drained
                else ")"
            )
        )
        for prefix, _batch, calls, _res in phases:
            c = count(args.db, pbx_id, prefix, calls)
            print(
                f"{prefix:6}: distinct events {c['distinct']}, stored {c['stored']}, processed "
                f"{c['done']}, pending {c['pending']}, failed {c['failed']}, lost {c['lost']}; "
                f"calls {c['calls']} (expected {c['expected_calls']}, duplicates "
                f"{c['duplicates']}, incomplete {c['incomplete']})"
            )
            status |= bool(
                c["lost"]
                or c["failed"]
                or c["duplicates"]
                or c["incomplete"]
                or c["calls"] != c["expected_calls"]
            )
        print(f"odoo worker respawns during the run: {respawns}")
    return status


if __name__ == "__main__":
    sys.exit(main())
