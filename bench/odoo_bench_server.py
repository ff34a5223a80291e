"""Odoo servers and databases for the benches (``--start`` mode) and the reference request.

* The server is started with the ``odoo`` console script: a multi-worker Odoo started
  through ``python -c``/``python -m odoo`` cannot spawn its gevent (longpolling) child,
  which then dies and is respawned several times a second for the whole run.
* Each server gets a free ``--gevent-port`` and writes its log to a per-run temporary file.
* The database is given with ``-d`` and no ``--db-filter``: with a filter Odoo lists the
  databases of the cluster on every request without a session (each API call), with
  ``-d`` alone it serves that database without asking PostgreSQL.
* The database is created (addons installed) when it does not exist, or copied from
  ``--template`` when one is given and exists.
* ``reference_create`` measures the reference the benches compare with: an authenticated
  JSON-RPC ``create`` of a ``res.partner``, the least an Odoo request with a write costs.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ADDONS = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "addons"))


def addons_path(extra=None):
    if extra:
        return ",".join(p for p in extra.split(",") if p)
    import odoo.addons

    return ",".join([*odoo.addons.__path__, ADDONS])


def odoo_command():
    exe = shutil.which("odoo")
    if not exe:
        raise SystemExit(
            "the `odoo` console script is not on PATH (pip install odoo / setup.py install): "
            "a multi-worker server needs it for its gevent child"
        )
    return [exe]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def db_exists(db):
    out = subprocess.run(
        ["psql", "-d", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{db}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.strip() == "1"


def psql(db, sql):
    """Rows of one query (list of lists of strings)."""
    out = subprocess.run(
        ["psql", "-d", db, "-tAF", "\t", "-c", sql], capture_output=True, text=True, check=True
    ).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def ensure_db(db, modules, paths, template=None):
    """Create ``db`` with ``modules`` installed (or copy ``template``) when it is missing."""
    if db_exists(db):
        return False
    if template and db_exists(template):
        print(f"creating {db} from template {template}", flush=True)
        subprocess.run(["createdb", "-T", template, db], check=True)
        return True
    log = tempfile.NamedTemporaryFile(prefix=f"bench_install_{db}_", suffix=".log", delete=False)
    print(f"creating {db} ({modules}, demo data); log {log.name}", flush=True)
    started = time.time()
    rc = subprocess.run(
        [
            *odoo_command(),
            "-d",
            db,
            f"--addons-path={paths}",
            "-i",
            modules,
            "--stop-after-init",
            "--max-cron-threads=0",
            "--log-level=warn",
            "--http-port",
            str(free_port()),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, TZ="UTC"),
        check=False,
    ).returncode
    if rc:
        raise SystemExit(f"could not create {db}, see {log.name}")
    print(f"created {db} in {time.time() - started:.0f} s", flush=True)
    return True


class Server:
    """``odoo --workers=N`` on ``port``, a free gevent port, its own log file."""

    def __init__(self, db, port, paths, workers=2, queue_job=False, extra=()):
        self.db, self.port, self.workers = db, port, workers
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                raise SystemExit(f"port {port} is already in use: pick another --port")
        self.log = tempfile.NamedTemporaryFile(
            prefix=f"bench_odoo_{db}_{port}_", suffix=".log", delete=False
        )
        cmd = [
            *odoo_command(),
            "-d",
            db,
            f"--addons-path={paths}",
            f"--http-port={port}",
            f"--gevent-port={free_port()}",
            f"--workers={workers}",
            "--max-cron-threads=0",
            "--log-level=warn",
            "--limit-time-real=600",
            "--limit-time-cpu=600",
            "--limit-memory-soft=4000000000",
            "--limit-memory-hard=5000000000",
            *extra,
        ]
        if queue_job:
            cmd.append("--load=base,web,queue_job")
        self.proc = subprocess.Popen(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            cwd=tempfile.gettempdir(),
            start_new_session=True,
            env=dict(os.environ, TZ="UTC"),
        )
        self.base = f"http://127.0.0.1:{port}"
        self._wait()

    def _wait(self):
        deadline = time.time() + 180
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.base}/web/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit(f"odoo did not start, see {self.log.name}")

    def respawns(self):
        """Worker/gevent respawns logged so far (a healthy run has none)."""
        with open(self.log.name, errors="replace") as fh:
            return sum("Worker" in line and "died" in line for line in fh)

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=60)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


def jsonrpc(base, service, method, *args, timeout=60):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"service": service, "method": method, "args": list(args)},
        "id": 1,
    }
    req = urllib.request.Request(
        f"{base}/jsonrpc", json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        data = json.loads(resp.read())
    if data.get("error"):
        raise RuntimeError(json.dumps(data["error"])[:2000])
    return data["result"]


def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(round(q * (len(sorted_values) - 1))))]


def run_clients(clients, count, fn):
    """Call ``fn(client_index, i)`` ``count`` times split over ``clients`` threads.

    Returns (elapsed seconds, sorted latencies in ms, errors).
    """
    latencies, errors = [], []
    per = [count // clients + (1 if i < count % clients else 0) for i in range(clients)]

    def loop(index, n):
        for i in range(n):
            t = time.perf_counter()
            try:
                fn(index, i)
            except Exception as exc:  # counted and reported
                errors.append(repr(exc)[:200])
            latencies.append((time.perf_counter() - t) * 1000)

    threads = [threading.Thread(target=loop, args=(i, n)) for i, n in enumerate(per)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, sorted(latencies), errors


def reference_create(base, db, login, password, count=200, clients=1):
    """The reference: authenticated JSON-RPC ``res.partner.create`` (one per request).

    Returns (mean ms per request with one client or requests/s with several, p50, p95).
    """
    uid = jsonrpc(base, "common", "login", db, login, password)
    if not uid:
        raise SystemExit("login failed")
    created = []

    def one(client, i):
        created.append(
            jsonrpc(
                base,
                "object",
                "execute_kw",
                db,
                uid,
                password,
                "res.partner",
                "create",
                [{"name": f"Bench reference {client}-{i}"}],
            )
        )

    for i in range(5):  # warm-up: every worker loads the registry and the credentials cache
        one(-1, i)
    elapsed, lat, errors = run_clients(clients, count, one)
    ids = [i for i in created if isinstance(i, int)]
    if ids:
        jsonrpc(base, "object", "execute_kw", db, uid, password, "res.partner", "unlink", [ids])
    if errors:
        print(f"reference errors: {errors[:3]}", file=sys.stderr)
    return {
        "count": count,
        "clients": clients,
        "elapsed": elapsed,
        "rate": count / elapsed,
        "mean": sum(lat) / len(lat),
        "p50": percentile(lat, 0.5),
        "p95": percentile(lat, 0.95),
    }
