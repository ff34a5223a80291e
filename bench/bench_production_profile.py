#!/usr/bin/env python3
"""Production profile on one machine: nginx in front of two Odoo nodes.

What ``docker compose --profile prod`` runs, without docker: two Odoo processes
(``odoo --workers=2 --proxy-mode --gevent-port=...``, same database, one shared
data_dir: filestore and sessions) behind Debian's nginx started with the project's
``deploy/nginx/odoo.conf`` (rendered to a temporary directory: local upstream
ports, own pid/log/temp paths, current user, no system service).

Then, all at once through nginx:

* P parents (default 50), each logged into the portal with a child applying for the
  same grade, take a seat in the same school that has S seats (default 10): the
  confirmation page, then the confirmed POST ``/my/enrollment/<id>/take``;
* C Open311 clients (default 8) post reports (``/open311/v2/requests.json``).

Prints requests, connection resets, status codes, seats taken (must be S, read
back from the database), p50/p95 per kind of request and the total time.
Exit status 1 if a connection was reset, a request failed or the seats do not add up.

    python3 bench/bench_production_profile.py --db ac_h_prod_bench

The database is created (citizen_service and school_enrollment with demo data) when
it does not exist yet; ``--drop`` drops it at the end.
"""

import argparse
import collections
import getpass
import importlib.util
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta

import requests
from odoo_bench_server import addons_path, db_exists

ROOT = pathlib.Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "deploy" / "nginx" / "odoo.conf"
WORK = pathlib.Path(tempfile.gettempdir()) / "bench_production_profile"


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


curp_lib = _load("bench_curp", ROOT / "addons" / "citizen_service" / "tools" / "curp.py")
open311 = _load("bench_open311", ROOT / "bench" / "bench_citizen_service_open311.py")


def odoo_cmd(args, *extra):
    return [
        args.odoo,
        "-d",
        args.db,
        f"--db-filter=^{args.db}$",
        f"--addons-path={args.addons_path}",
        f"--data-dir={args.data_dir}",
        "--log-level=warn",
        *extra,
    ]


def create_db(args):
    print(f"creating database {args.db} (citizen_service, school_enrollment, demo data)...")
    started = time.perf_counter()
    with open(WORK / "init.log", "w") as log:
        subprocess.run(
            odoo_cmd(
                args,
                "-i",
                "citizen_service,school_enrollment",
                "--stop-after-init",
                "--no-http",
                "--load-language=es_MX",
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=dict(os.environ, TZ="UTC"),
            cwd=WORK,
            check=True,
        )
    print(f"  done in {time.perf_counter() - started:.0f} s")


def wait_http(url, what, proc=None, timeout=180):
    for _i in range(timeout):
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"{what} exited with status {proc.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise SystemExit(f"{what} did not answer {url} in {timeout} s")


def start_node(args, index):
    port, gevent_port = args.ports[index], args.gevent_ports[index]
    log = open(WORK / f"node{index + 1}.log", "w")
    proc = subprocess.Popen(
        odoo_cmd(
            args,
            f"--http-port={port}",
            f"--gevent-port={gevent_port}",
            f"--workers={args.workers}",
            "--proxy-mode",
            "--max-cron-threads=0",
            "--limit-time-real=600",
            "--no-database-list",
            # Odoo alone listens with a backlog of 8 x workers: a burst larger than that is
            # reset or times out (--odoo-backlog to see it)
            "--load=base,web" if args.odoo_backlog else "--load=base,web,server_listen_backlog",
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, TZ="UTC"),
        cwd=WORK,
        start_new_session=True,
    )
    return proc


def render_nginx(args):
    """The project's nginx file with local upstreams and listen port, in a full nginx.conf."""
    text = NGINX_CONF.read_text()

    def upstream(name, ports):
        servers = "".join(f"    server 127.0.0.1:{p};\n" for p in ports)
        pattern = re.compile(r"(upstream %s \{\n(?:[^}]*?;\n)*?)((?:    server [^\n]*\n)+)" % name)
        new, count = pattern.subn(lambda m: m.group(1) + servers, text)
        if count != 1:
            raise SystemExit(f"upstream {name} not found in {NGINX_CONF}")
        return new

    text = upstream("odoo", args.ports)
    text = upstream("odoochat", args.gevent_ports)
    text, count = re.subn(r"listen 80\b", f"listen 127.0.0.1:{args.nginx_port}", text)
    if count != 1:
        raise SystemExit(f"'listen 80' not found in {NGINX_CONF}")
    run = WORK / "nginx"
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir(parents=True)
    (run / "odoo.conf").write_text(text)
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"    {kind}_temp_path {run / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (run / "nginx.conf").write_text(
        f"""{user}daemon off;
worker_processes 2;
pid {run / "nginx.pid"};
error_log {run / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log {run / "access.log"};
{temp}    include {run / "odoo.conf"};
}}
"""
    )
    subprocess.run([args.nginx, "-t", "-p", str(run), "-c", str(run / "nginx.conf")], check=True)
    return run


def start_nginx(args, run):
    log = open(run / "stderr.log", "w")
    return subprocess.Popen(
        [args.nginx, "-p", str(run), "-c", str(run / "nginx.conf")],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(proc, sig=signal.SIGTERM):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=60)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def jsonrpc(base, service, method, *args):
    """JSON-RPC call with a long timeout (first requests load the registry in each worker)."""
    payload = {"jsonrpc": "2.0", "method": "call", "params": {}, "id": 1}
    payload["params"] = {"service": service, "method": method, "args": list(args)}
    data = requests.post(f"{base}/jsonrpc", json=payload, timeout=600).json()
    if data.get("error"):
        raise RuntimeError(json.dumps(data["error"])[:2000])
    return data["result"]


open311.jsonrpc = jsonrpc  # its setup() registers the API client through this


def warm_up(urls, rounds):
    """Every worker process loads the registry on its first request: not counted."""

    def get(url):
        try:
            requests.get(url, timeout=600)
        except requests.RequestException:
            pass

    threads = [threading.Thread(target=get, args=(u,)) for u in urls for _i in range(rounds)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


class Admin:
    def __init__(self, base, db, login, password):
        self.base, self.db, self.password = base, db, password
        self.uid = jsonrpc(base, "common", "login", db, login, password)
        if not self.uid:
            raise SystemExit("administrator login failed")

    def __call__(self, model, method, *args, **kw):
        return jsonrpc(
            self.base,
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            args,
            kw,
        )


def curp(tag, n):
    day = 1 + n % 28
    first = "BEPR15%02d%02dHGTNRR%s" % (1 + tag % 12, day, "BCDFGHJKLMNPQRSTVWXYZ"[n // 28 % 21])
    return first + curp_lib.check_digit(first)


def setup_race(admin, args, tag):
    """A campaign open on the portal, a school with S seats, P parents with a child each."""
    today = date.today()
    campaign = admin(
        "school.enrollment.campaign",
        "create",
        {
            "name": f"Bench {tag}",
            "date_start": str(today - timedelta(days=10)),
            "date_end": str(today + timedelta(days=60)),
            "portal_date_start": str(today - timedelta(days=1)),
            "portal_date_end": str(today + timedelta(days=30)),
            "phone_date_start": str(today - timedelta(days=1)),
            "phone_date_end": str(today + timedelta(days=30)),
        },
    )
    school = admin(
        "school.enrollment.school",
        "create",
        {
            "cct": f"11DPR{tag % 10000:04d}B",
            "name": f"Escuela de prueba {tag}",
            "level": "primary",
            "seat_ids": [[0, 0, {"grade": "pri1", "seats": args.seats}]],
        },
    )
    portal_group = admin("ir.model.data", "check_object_reference", "base", "group_portal")[1]
    parents = [
        {"login": f"bench{tag}_padre{i:03d}", "password": f"Bench-{tag}-{i}"}
        for i in range(args.parents)
    ]
    user_ids = admin(
        "res.users",
        "create",
        [
            {
                "name": f"Madre o padre {i:03d} ({tag})",
                "login": p["login"],
                "password": p["password"],
                "groups_id": [[6, 0, [portal_group]]],
            }
            for i, p in enumerate(parents)
        ],
        context={"no_reset_password": True},
    )
    partners = admin("res.users", "read", user_ids, ["partner_id"])
    applicant_ids = admin(
        "school.enrollment.applicant",
        "create",
        [
            {
                "campaign_id": campaign,
                "name": f"Niña de prueba {i:03d}",
                "curp": curp(tag, i),
                "grade": "pri1",
                "guardian_id": partners[i]["partner_id"][0],
            }
            for i in range(args.parents)
        ],
        context={"tracking_disable": True},
    )
    for parent, applicant_id in zip(parents, applicant_ids, strict=True):
        parent["applicant_id"] = applicant_id
    return campaign, school, parents


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"|csrf_token: "([^"]+)"')


def login_parent(base, db, parent, stats):
    """Portal login and the child's enrollment page (CSRF token for the forms)."""
    session = requests.Session()
    payload = {"db": db, "login": parent["login"], "password": parent["password"]}
    resp = stats.record(
        "parent: log in",
        lambda: session.post(
            f"{base}/web/session/authenticate",
            json={"jsonrpc": "2.0", "params": payload},
            timeout=600,
        ),
    )
    if resp is None or resp.status_code != 200 or not (resp.json().get("result") or {}).get("uid"):
        print(f"login of {parent['login']} failed: {resp and resp.text[:300]}")
        return
    page = stats.record(
        "parent: enrollment page",
        lambda: session.get(f"{base}/my/enrollment/{parent['applicant_id']}", timeout=600),
    )
    match = page is not None and CSRF_RE.search(page.text)
    if not match:
        print(f"enrollment page of {parent['login']}: {page and page.status_code}")
        return
    parent["session"] = session
    parent["csrf"] = match.group(1) or match.group(2)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = collections.defaultdict(list)
        self.statuses = collections.Counter()
        self.resets = 0
        self.errors = []

    def record(self, kind, func):
        started = time.perf_counter()
        try:
            resp = func()
        except requests.ConnectionError as e:
            with self.lock:
                text = repr(e)
                if "ConnectionResetError" in text or "Connection reset" in text:
                    self.resets += 1
                self.statuses["connection error"] += 1
                self.errors.append(f"{kind}: {text[:200]}")
            return None
        except requests.RequestException as e:
            with self.lock:
                self.statuses["exception"] += 1
                self.errors.append(f"{kind}: {e!r}"[:200])
            return None
        with self.lock:
            self.latencies[kind].append(time.perf_counter() - started)
            self.statuses[resp.status_code] += 1
        return resp


def parent_race(base, parent, school, barrier, stats, outcome):
    """Confirmation page, then the confirmed seat: redirect with a message or an error."""
    session, url = parent["session"], f"{base}/my/enrollment/{parent['applicant_id']}/take"
    barrier.wait(timeout=300)
    data = {"school_id": school, "csrf_token": parent["csrf"]}
    resp = stats.record(
        "parent: confirmation page", lambda: session.post(url, data=data, timeout=300)
    )
    if resp is None or resp.status_code != 200:
        outcome["failed"] += 1
        return
    data["confirm"] = "1"
    resp = stats.record(
        "parent: take the seat",
        lambda: session.post(url, data=data, timeout=300, allow_redirects=False),
    )
    location = resp.headers.get("Location", "") if resp is not None else ""
    if resp is not None and resp.status_code in (302, 303) and "message=" in location:
        outcome["taken"] += 1
    elif resp is not None and resp.status_code in (302, 303) and "error=" in location:
        outcome["refused"] += 1
    else:
        outcome["failed"] += 1


def open311_client(base, key, code, count, barrier, stats, seed):
    session = requests.Session()
    url = f"{base}/open311/v2/requests.json"
    barrier.wait(timeout=300)
    for i in range(count):
        data = {
            "api_key": key,
            "service_code": code,
            "lat": f"{21.10 + (seed * 37 + i) % 60 / 1000:.6f}",
            "long": f"{-101.72 + (seed * 53 + i) % 80 / 1000:.6f}",
            "address_string": f"Calle Madero {100 + i}, León, Gto.",
            "description": f"Reporte de prueba del perfil de producción {seed}-{i}",
            "first_name": "Ciudadano",
            "last_name": f"Prueba {seed}{i:03d}",
            "phone": f"47720{seed:02d}{i:03d}",
        }
        stats.record("Open311 POST", lambda data=data: session.post(url, data=data, timeout=300))


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="ac_h_prod_bench")
    parser.add_argument("--ports", default="8330,8331", help="HTTP ports of the Odoo nodes")
    parser.add_argument("--gevent-ports", default="8340,8341")
    parser.add_argument("--nginx-port", type=int, default=8350)
    parser.add_argument("--workers", type=int, default=2, help="HTTP workers per node")
    parser.add_argument("--parents", type=int, default=50)
    parser.add_argument("--seats", type=int, default=10)
    parser.add_argument("--open311-clients", type=int, default=8)
    parser.add_argument("--open311-requests", type=int, default=25, help="per client")
    parser.add_argument("--odoo", default=shutil.which("odoo") or "odoo")
    parser.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    parser.add_argument(
        "--odoo-backlog",
        action="store_true",
        help="nodes without server_listen_backlog (Odoo's own backlog of 8 x workers)",
    )
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = parser.parse_args()
    args.ports = [int(p) for p in args.ports.split(",")]
    args.gevent_ports = [int(p) for p in args.gevent_ports.split(",")]
    if len(args.ports) != len(args.gevent_ports) or len(args.ports) < 2:
        raise SystemExit("give two or more nodes, with as many gevent ports as HTTP ports")
    args.addons_path = addons_path()
    args.data_dir = WORK / "data"  # one filestore and session store for every node
    return args


def main():
    args = parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if not db_exists(args.db):
        shutil.rmtree(args.data_dir, ignore_errors=True)
        create_db(args)
    nodes, nginx = [], None
    base = f"http://127.0.0.1:{args.nginx_port}"
    try:
        nodes = [start_node(args, i) for i in range(len(args.ports))]
        for i, proc in enumerate(nodes):
            wait_http(f"http://127.0.0.1:{args.ports[i]}/web/health", f"odoo node {i + 1}", proc)
        warm_up([f"http://127.0.0.1:{p}/web/login" for p in args.ports], 2 * args.workers)
        run = render_nginx(args)
        nginx = start_nginx(args, run)
        wait_http(f"{base}/web/health", "nginx", nginx, timeout=30)
        tag = int(time.time()) % 100000
        admin = Admin(base, args.db, "admin", "admin")
        campaign, school, parents = setup_race(admin, args, tag)
        key, code = open311.setup(base, args.db, "admin", "admin", None)
        started = time.perf_counter()
        stats = Stats()
        threads = [
            threading.Thread(target=login_parent, args=(base, args.db, p, stats)) for p in parents
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        racing = [p for p in parents if "csrf" in p]
        print(
            f"{len(racing)} of {len(parents)} parents logged in through nginx in "
            f"{time.perf_counter() - started:.1f} s (sessions shared by the nodes)"
        )
        # warm-up of the Open311 route on every worker is not counted
        for _i in range(len(nodes) * args.workers):
            requests.post(
                f"{base}/open311/v2/requests.json",
                data={"api_key": key, "service_code": code, "address_string": "Calle Madero 1"},
                timeout=120,
            )

        outcome = collections.Counter(failed=len(parents) - len(racing))
        barrier = threading.Barrier(len(racing) + args.open311_clients + 1)
        threads = [
            threading.Thread(target=parent_race, args=(base, p, school, barrier, stats, outcome))
            for p in racing
        ] + [
            threading.Thread(
                target=open311_client,
                args=(base, key, code, args.open311_requests, barrier, stats, i),
            )
            for i in range(args.open311_clients)
        ]
        for t in threads:
            t.start()
        barrier.wait(timeout=300)
        started = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started

        seat = admin(
            "school.enrollment.seat",
            "search_read",
            [["school_id", "=", school]],
            fields=["seats", "seats_taken", "seats_free"],
        )[0]
        placed = admin(
            "school.enrollment.applicant",
            "search_count",
            [["campaign_id", "=", campaign], ["school_id", "=", school]],
        )
    finally:
        stop(nginx, signal.SIGQUIT)
        for proc in nodes:
            stop(proc)
        if args.drop:
            subprocess.run(["dropdb", "--if-exists", args.db], check=False)

    errors_in_logs = [
        line.strip()
        for i in range(len(args.ports))
        for line in (WORK / f"node{i + 1}.log").read_text(errors="replace").splitlines()
        if " ERROR " in line or "Traceback" in line
    ]
    total = sum(len(v) for v in stats.latencies.values()) + stats.statuses.get(
        "connection error", 0
    )
    total += stats.statuses.get("exception", 0)
    print(
        f"nginx {args.nginx_port} -> {len(nodes)} Odoo nodes x {args.workers} workers "
        f"(--proxy-mode, shared data_dir {args.data_dir}, listen backlog "
        f"{8 * args.workers if args.odoo_backlog else 'server_listen_backlog'})"
    )
    print(
        f"{len(parents)} parents racing for {args.seats} seats + {args.open311_clients} Open311 "
        f"clients x {args.open311_requests} reports, all at once"
    )
    print(
        f"requests: {total} (log-in phase included)  connection resets: {stats.resets}  "
        f"race time (all at once): {elapsed:.1f} s"
    )
    codes = ", ".join(f"{k}: {v}" for k, v in sorted(stats.statuses.items(), key=str))
    print(f"status codes: {codes}")
    for kind, values in sorted(stats.latencies.items()):
        ms = [v * 1000 for v in values]
        print(
            f"  {kind:<28} n={len(ms):<4} p50 {percentile(ms, 0.5):6.0f} ms  "
            f"p95 {percentile(ms, 0.95):6.0f} ms  max {max(ms):6.0f} ms"
        )
    print(
        f"seats taken: {seat['seats_taken']} of {seat['seats']} (free {seat['seats_free']}), "
        f"children placed: {placed}; parents told 'confirmed': {outcome['taken']}, "
        f"'no seats left': {outcome['refused']}, failed: {outcome['failed']}"
    )
    for line in stats.errors[:10]:
        print(f"  {line}")
    if errors_in_logs:
        print(f"{len(errors_in_logs)} ERROR lines in the nodes' logs ({WORK}/node*.log):")
        for line in errors_in_logs[:10]:
            print(f"  {line[:200]}")
    ok = (
        stats.resets == 0
        and not stats.errors
        and seat["seats_taken"] == args.seats == placed == outcome["taken"]
        and outcome["failed"] == 0
        and not errors_in_logs
        and all(code < 400 for code in stats.statuses if isinstance(code, int))
    )
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
