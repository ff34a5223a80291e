#!/usr/bin/env bash
# Runs the whole test suite of the Atención Ciudadana addons:
#   1. pure-Python unit tests (tests/unit, no Odoo needed);
#   2. every addon under addons/ installed together in a fresh PostgreSQL database with
#      --test-enable, running the addons' own Odoo tests.
# Environment: ODOO_TEST_DB (database name), ODOO_TEST_PORT (HTTP port for HttpCase tests),
# ODOO_ARGS (extra odoo options, e.g. "--db_host=db --db_user=odoo --db_password=odoo"),
# KEEP_DB=1 to keep the database afterwards, ADDONS="a,b" to restrict the addons.
# queue_job is loaded server-wide as in config/odoo.conf; its job runner does not start with
# --stop-after-init: the tests trap the jobs (queue_job's trap_jobs) and perform them.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
status=0

echo "=== 0/2 lint: the OCA hooks of .pre-commit-config.yaml (versions pinned in requirements.txt) ==="
if "$PY" -m ruff --version >/dev/null 2>&1 && "$PY" -c "import pylint_odoo" >/dev/null 2>&1 \
  && command -v oca-checks-odoo-module >/dev/null 2>&1 && command -v oca-checks-po >/dev/null 2>&1; then
  lint_ok=1
  if "$PY" -m pre_commit --version >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # any finding (or a file a hook would change) fails the run
    "$PY" -m pre_commit run --all-files --show-diff-on-failure --color=never || lint_ok=0
  else
    # no git checkout (e.g. a read-only mount in the container): the same checks, read-only
    "$PY" -m ruff check . || lint_ok=0
    "$PY" -m ruff format --check . || lint_ok=0
    "$PY" -m pylint --rcfile=.pylintrc addons/*/ || lint_ok=0
    oca-checks-odoo-module addons/*/__manifest__.py || lint_ok=0
    # shellcheck disable=SC2046
    oca-checks-po --disable=po-pretty-format $(ls addons/*/i18n/*.po addons/*/i18n/*.pot addons/*/i18n_extra/*.po 2>/dev/null) \
      || lint_ok=0
  fi
  if [ "$lint_ok" = 1 ]; then
    echo "lint: OK"
  else
    echo "lint: FAILED"
    status=1
  fi
else
  echo "lint: FAILED (ruff, pylint-odoo or the OCA pre-commit hooks are not installed: pip install -r requirements.txt)"
  status=1
fi

echo "=== 1/2 pure-Python unit tests (tests/unit) ==="
UNIT_LOG="$(mktemp /tmp/ac_unit_tests.XXXXXX.log)"
if "$PY" -m pytest -q tests/unit 2>&1 | tee "$UNIT_LOG"; then
  echo "unit: OK"
else
  echo "unit: FAILED"
  status=1
fi

echo "=== 2/2 Odoo tests (install in a fresh database) ==="
if ! "$PY" -c "import odoo" >/dev/null 2>&1; then
  cat <<'MSG'
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  ODOO TESTS NOT RUN: `import odoo` FAILS IN THIS PYTHON.                        !!
!!  Install Odoo 18 (or use `docker compose run --rm odoo ...`, see README) and    !!
!!  run this command again. This part of the suite counts as FAILED.               !!
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
MSG
  exit 1
fi

# Browser tours (HttpCase.start_tour) need Chromium and websocket-client; Odoo would silently
# skip them without, so their absence fails the run here.
CHROME="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$CHROME" ] || ! "$PY" -c "import websocket" >/dev/null 2>&1; then
  cat <<'MSG'
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  BROWSER TOURS CANNOT RUN: Chromium or the websocket-client module is missing.  !!
!!  Install them (`apt-get install chromium`, `pip install websocket-client`;      !!
!!  .ci/run does it) and run this command again. The suite counts as FAILED.      !!
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
MSG
  exit 1
fi

# The addons run their notifications and assignment runs through OCA queue_job
# (requirements.txt); without it nothing installs.
if ! "$PY" -c "import odoo.addons.queue_job" >/dev/null 2>&1; then
  echo "!!! OCA queue_job is not installed (pip install -r requirements.txt). FAILED"
  exit 1
fi

ADDONS="${ADDONS:-$(ls -d addons/*/ | xargs -n1 basename | paste -sd, -)}"
TAGS="${TEST_TAGS:-$(echo "$ADDONS" | tr ',' '\n' | sed 's#^#/#' | paste -sd, -)}"
DB="${ODOO_TEST_DB:-ac_test_$$}"
PORT="${ODOO_TEST_PORT:-8969}"
ADDONS_PATH="$("$PY" -c 'import odoo.addons as a; print(",".join(a.__path__))'),$ROOT/addons"
LOG="$(mktemp /tmp/ac_odoo_tests.XXXXXX.log)"

echo "addons: $ADDONS"
echo "database: $DB  log: $LOG"
dropdb --if-exists "$DB" >/dev/null 2>&1 || true
if psql -d postgres -Atc "select 1 from pg_database where datname = '$DB'" 2>/dev/null | grep -q 1; then
  echo "!!! database $DB still exists (a server holds it open?): the tests need a fresh one. FAILED"
  exit 1
fi
# shellcheck disable=SC2086
"$PY" -m odoo -d "$DB" --addons-path="$ADDONS_PATH" -i "$ADDONS" \
  --test-enable --test-tags "$TAGS" --stop-after-init --log-level=test \
  --http-port="$PORT" --max-cron-threads=0 --load=base,web,queue_job ${ODOO_ARGS:-} >"$LOG" 2>&1
rc=$?
[ "${KEEP_DB:-0}" = "1" ] || dropdb --if-exists "$DB" >/dev/null 2>&1 || true

pattern="$(echo "$ADDONS" | tr ',' '|')"
errors="$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$LOG" || true)"
warnings="$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ WARNING ' "$LOG" | grep -E "$pattern" || true)"
summary="$(grep -E 'odoo.tests.result: ' "$LOG" | tail -1)"
ran="$(grep -cE 'Starting .*\.test_' "$LOG")"
# a skipped test is a test that did not run: tours skip themselves when Chrome fails
skipped="$(grep -E ' INFO [^ ]+ odoo\.addons\.[a-z_]+\.tests[^ ]*: skipped ' "$LOG" || true)"

echo "$summary"
if [ -n "$errors" ]; then
  echo "--- ERROR lines ---"; echo "$errors" | head -80
fi
if [ -n "$warnings" ]; then
  echo "--- WARNING lines from our addons ---"; echo "$warnings" | head -80
fi
if [ -n "$skipped" ]; then
  echo "!!! SKIPPED TESTS (they count as failures) !!!"; echo "$skipped" | head -40
fi
if [ "$rc" -ne 0 ] || [ -n "$errors" ] || [ -n "$warnings" ] || [ -n "$skipped" ] || [ "$ran" -eq 0 ]; then
  echo "odoo: FAILED (exit code $rc, tests started: $ran); full log: $LOG"
  tail -40 "$LOG"
  status=1
else
  echo "odoo: OK ($ran test methods started)"
fi

# one closing line for the whole run: unit tests and Odoo tests together
unit_passed="$(grep -oE '[0-9]+ passed' "$UNIT_LOG" | tail -1 | grep -oE '[0-9]+' || echo 0)"
unit_failed="$(grep -oE '[0-9]+ (failed|errors?)' "$UNIT_LOG" | awk '{s += $1} END {print s + 0}')"
odoo_total="$(echo "$summary" | grep -oE 'of [0-9]+ tests' | grep -oE '[0-9]+' || echo 0)"
odoo_failed="$(echo "$summary" | grep -oE '[0-9]+ failed, [0-9]+ error' | grep -oE '[0-9]+' | awk '{s += $1} END {print s + 0}')"
passed=$(( unit_passed + odoo_total - ${odoo_failed:-0} ))
failed=$(( ${unit_failed:-0} + ${odoo_failed:-0} ))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # lint, a skipped tour or an install error: the run failed all the same
fi
echo "total: $passed passed, $failed failed"
exit $status
