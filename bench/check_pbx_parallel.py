#!/usr/bin/env python3
"""Parallel deliveries of the events of ONE call against a real Odoo (workers, real
PostgreSQL transactions, serialization failures and Odoo's retry path included).

For each round, N threads post at the same instant the events of a new call id
(ringing with caller and line, answered with agent, hangup, plus duplicates); each event
must be stored once, and once the queue (channel root.pbx, the server needs
``--load=base,web,queue_job``) has processed them the call record must carry every piece:
start, answer, end, caller, line and operator.
Prints the rounds in which something was lost (the issue measured 5 rounds out of 6
losing an event with 12 parallel events before bodies were cached on the request).

Example (server started with --workers=4 on port 9075, PBX token T, line code L1 and an
operator with extension 201):
  python3 bench/check_pbx_parallel.py --url http://127.0.0.1:9075 --token T --db ac_edges \
      --line L1 --agent 201 --events 12 --rounds 6
"""

import argparse
import json
import subprocess
import threading
import time
import urllib.request


def post(url, token, event):
    req = urllib.request.Request(
        url + "/call_center/pbx/event",
        data=json.dumps(event).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def psql(db, sql):
    return subprocess.run(
        ["psql", "-d", db, "-tAc", sql], capture_output=True, text=True, check=True
    ).stdout.strip()


def wait_processed(db, call_id, timeout=120):
    """Wait until the queue processed the stored events of ``call_id``."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        pending = psql(
            db,
            "SELECT count(*) FROM call_center_pbx_event WHERE state = 'pending' "
            "AND pbx_call_id = %s" % repr(call_id),
        )
        if pending == "0":
            return True
        time.sleep(0.2)
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--line", required=True)
    ap.add_argument("--agent", required=True)
    ap.add_argument("--caller", default="4775550199")
    ap.add_argument("--events", type=int, default=12)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--prefix", default="par")
    a = ap.parse_args()
    lost_rounds = 0
    for rnd in range(a.rounds):
        call_id = f"{a.prefix}-{rnd}"
        base = [
            {
                "event": "ringing",
                "call_id": call_id,
                "timestamp": "2026-01-10T16:00:00Z",
                "caller": a.caller,
                "line": a.line,
            },
            {
                "event": "answered",
                "call_id": call_id,
                "timestamp": "2026-01-10T16:00:12Z",
                "agent": a.agent,
            },
            {"event": "hangup", "call_id": call_id, "timestamp": "2026-01-10T16:05:12Z"},
        ]
        events = [base[i % 3] for i in range(a.events)]
        barrier = threading.Barrier(len(events))
        statuses = []

        def run(event, barrier=barrier, statuses=statuses):
            barrier.wait()
            statuses.append(post(a.url, a.token, event))

        threads = [threading.Thread(target=run, args=(e,)) for e in events]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wait_processed(a.db, call_id)
        row = subprocess.run(
            [
                "psql",
                "-d",
                a.db,
                "-tAc",
                "SELECT count(*), bool_and(c.date_start IS NOT NULL AND c.date_answer IS NOT NULL"
                " AND c.date_end IS NOT NULL AND c.caller_number IS NOT NULL"
                " AND c.operator_id IS NOT NULL AND l.code = %s)"
                " FROM call_center_call c LEFT JOIN call_center_line l ON l.id = c.line_id"
                " WHERE c.pbx_call_id = %s" % (repr(a.line), repr(call_id)),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        count, complete = row.split("|")
        ok = count == "1" and complete == "t" and all(s == 200 for s in statuses)
        lost_rounds += not ok
        print(
            f"round {rnd}: {len(events)} events, statuses {sorted(set(statuses))}, "
            f"records {count}, complete {complete}"
        )
    print(f"rounds with a lost event: {lost_rounds} of {a.rounds}")


if __name__ == "__main__":
    main()
