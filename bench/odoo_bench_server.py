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
* The volume benches (citizen_service, map, nearby) share the rest: ``odoo_env`` opens the
  database in this process, ``table_count`` tells whether a load is needed, ``load_batches``
  runs an ``INSERT ... generate_series`` loader in batches and ``vacuum_analyze`` finishes it.
"""

import contextlib
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

    # only folders holding addons (once the config is parsed, odoo.addons.__path__ also
    # lists the empty data-dir folder, which a second parse_config refuses)
    paths = [
        p
        for p in odoo.addons.__path__
        if os.path.isdir(p)
        and any(os.path.isfile(os.path.join(p, d, "__manifest__.py")) for d in os.listdir(p))
    ]
    return ",".join(dict.fromkeys([*paths, ADDONS]))


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


def modules_installed(db, modules):
    """Whether every addon of ``modules`` ("a,b") is installed in the existing ``db``."""
    names = [m for m in modules.split(",") if m]
    quoted = ", ".join(f"'{m}'" for m in names)
    if table_count(db, "ir_module_module") < 0:
        return False
    sql = f"SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name IN ({quoted})"
    return int(psql(db, sql)[0][0]) == len(names)


def install(db, modules, paths=None, lang=None):
    """Install ``modules`` in ``db`` (created by Odoo when missing), with demo data."""
    log = tempfile.NamedTemporaryFile(prefix=f"bench_install_{db}_", suffix=".log", delete=False)
    print(f"installing {modules} in {db} (demo data); log {log.name}", flush=True)
    started = time.time()
    rc = subprocess.run(
        [
            *odoo_command(),
            "-d",
            db,
            f"--addons-path={paths or addons_path()}",
            "-i",
            modules,
            "--stop-after-init",
            "--max-cron-threads=0",
            "--log-level=warn",
            "--http-port",
            str(free_port()),
            *([f"--load-language={lang}"] if lang else []),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, TZ="UTC"),
        check=False,
    ).returncode
    if rc:
        raise SystemExit(f"could not install {modules} in {db}, see {log.name}")
    print(f"installed in {time.time() - started:.0f} s", flush=True)


def ensure_db(db, modules, paths=None, template=None, lang=None, drop=False):
    """Make ``db`` hold ``modules``: copy ``template`` or install them when they are missing.

    ``drop`` drops the database first. Returns whether the database was created or changed.
    """
    if drop and db_exists(db):
        subprocess.run(["dropdb", db], check=True)
    if db_exists(db):
        if modules_installed(db, modules):
            return False
    elif template and db_exists(template):
        print(f"creating {db} from template {template}", flush=True)
        subprocess.run(["createdb", "-T", template, db], check=True)
        return True
    install(db, modules, paths, lang)
    return True


def table_count(db, table):
    """Rows of ``table`` in ``db``, -1 when the table does not exist."""
    ((exists,),) = psql(db, f"SELECT to_regclass('{table}') IS NOT NULL")
    if exists != "t":
        return -1
    return int(psql(db, f"SELECT count(*) FROM {table}")[0][0])


_CONFIG_PARSED = []


@contextlib.contextmanager
def odoo_env(db, paths=None):
    """An Odoo environment (superuser) on ``db`` in this process; the cursor is yielded
    with it and closed at the end (commit or roll back explicitly)."""
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry

    # the configuration is parsed once per process: loading a registry pops options
    # (load_language) that a second parse_config then misses
    if not _CONFIG_PARSED:
        odoo.tools.config.parse_config([f"--addons-path={paths or addons_path()}", "-d", db])
        _CONFIG_PARSED.append(db)
    with Registry(db).cursor() as cr:
        yield api.Environment(cr, odoo.SUPERUSER_ID, {})


def load_batches(conn, sql, first, last, params, label="reports", step=200000):
    """Run the loader ``sql`` for ``first``..``last`` in batches of ``step`` (its
    ``%(first)s`` and ``%(last)s``), committing each batch."""
    cr = conn.cursor()
    while first <= last:
        end = min(first + step - 1, last)
        started = time.time()
        cr.execute(sql, dict(params, first=first, last=end))
        conn.commit()
        print(f"  {label} {first}..{end} loaded in {time.time() - started:.1f} s", flush=True)
        first = end + 1


def reindex_unusable(cr, table="helpdesk_ticket"):
    """Rebuild the indexes of ``table`` PostgreSQL flags ``indcheckxmin``.

    An index created on a table with HOT-updated rows (the install adds the citizen
    fields to a table that already has rows) cannot be used while any older transaction
    of the cluster is open; on a shared server that can last minutes.
    """
    cr.execute(
        "SELECT indexrelid::regclass::text FROM pg_index "
        "WHERE indrelid = %s::regclass AND indcheckxmin",
        [table],
    )
    for (index,) in cr.fetchall():
        cr.execute(f'REINDEX INDEX "{index}"')
        print(f"  reindexed {index}", flush=True)


def vacuum_analyze(conn, table="helpdesk_ticket", also=()):
    """``VACUUM ANALYZE`` of a freshly loaded ``table`` (``ANALYZE`` of the tables in
    ``also``), then its unusable indexes rebuilt."""
    conn.commit()
    conn.autocommit = True
    started = time.time()
    cr = conn.cursor()
    cr.execute(f"VACUUM ANALYZE {table}")
    for other in also:
        cr.execute(f"ANALYZE {other}")
    reindex_unusable(cr, table)
    print(f"  VACUUM ANALYZE in {time.time() - started:.1f} s", flush=True)


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
