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
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "$E2E_BASE_URL/" && break
  sleep 0.5
done
# Arguments go to Playwright: `tools/e2e.sh e2e/draws.spec.ts` runs one spec.
npm --prefix frontend run e2e -- "$@"
