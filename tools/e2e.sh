#!/usr/bin/env bash
# End-to-end tests: a fresh database with the demo organisations and accounts, the built web
# app served by Django on 127.0.0.1:8765, a Celery worker, and Playwright in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
E2E_DB="${E2E_DB:-suiji_e2e}"
eval "$($PY tools/services.py ensure --db-name "$E2E_DB")"
export CELERY_QUEUE="${CELERY_QUEUE:-$E2E_DB}"
export DATABASE_URL REDIS_URL E2E_DB SUIJI_ENV=development DEBUG=false CACHE_KEY_PREFIX=suiji-e2e
PORT="${E2E_PORT:-8765}"
# The tests must reach this run's server, never one left running by someone else: a port in
# use is refused when asked for (E2E_PORT), else the next free one is taken.
port_free() { $PY -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null; }
if ! port_free "$PORT"; then
  if [ -n "${E2E_PORT:-}" ]; then
    echo "e2e: port $PORT (E2E_PORT) is already in use on 127.0.0.1; stop what runs there or choose another" >&2
    exit 1
  fi
  for candidate in $(seq 8766 8799); do
    if port_free "$candidate"; then PORT=$candidate; break; fi
  done
  port_free "$PORT" || { echo "e2e: no free port in 8765-8799 on 127.0.0.1" >&2; exit 1; }
  echo "e2e: port 8765 is in use; this run serves on $PORT"
fi
export E2E_BASE_URL="http://127.0.0.1:$PORT"

$PY - <<'PY'
import os, psycopg2
from urllib.parse import urlparse
# Start from an empty database every run, so the tests see exactly the demo data.
url = urlparse(os.environ["DATABASE_URL"])
conn = psycopg2.connect(dbname="postgres", user=url.username, password=url.password,
                        host=url.hostname, port=url.port or 5432)
conn.autocommit = True
with conn.cursor() as cur:
    name = os.environ["E2E_DB"]
    cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()", [name])
    cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    cur.execute(f'CREATE DATABASE "{name}"')
PY
$PY manage.py setup -v 0
# Without the demo's joint plan: joint.spec.ts builds the prefecture's plan of the year itself.
$PY manage.py seed_demo --quiet --no-joint

mkdir -p .data/logs
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
(cd platform && PYTHONPATH="$PWD:$PWD/../tenants:$PWD/../graphql${PYTHONPATH:+:$PYTHONPATH}" exec ../$PY -m celery -A suiji_platform worker --pool=solo --loglevel=WARNING) \
  >.data/logs/e2e-worker.log 2>&1 & pids+=($!)
$PY manage.py runserver "127.0.0.1:$PORT" --noreload >.data/logs/e2e-web.log 2>&1 & pids+=($!)
web_pid=${pids[-1]}
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "$E2E_BASE_URL/" && break
  kill -0 "$web_pid" 2>/dev/null || break
  sleep 0.5
done
if ! kill -0 "$web_pid" 2>/dev/null; then
  echo "e2e: the web server did not start; its log:" >&2
  tail -n 40 .data/logs/e2e-web.log >&2
  exit 1
fi
# Arguments go to Playwright: `tools/e2e.sh e2e/draws.spec.ts` runs one spec.
status=0
npm --prefix frontend run e2e -- "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- the web server's and the worker's errors, last lines ---"
  grep -hE '" [45][0-9]{2} |Traceback|Error|Exception' .data/logs/e2e-web.log .data/logs/e2e-worker.log | tail -n 20 || true
  # Last, where a log's tail shows it: each failed test and the start of its error.
  $PY tools/e2e_failures.py frontend/test-results/results.json || true
fi
exit "$status"
