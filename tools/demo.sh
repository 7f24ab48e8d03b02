#!/usr/bin/env bash
# `make demo`: database and Redis (reachable or embedded), schemas, demo data, then web +
# Celery worker + beat on http://127.0.0.1:8000 until Ctrl-C. A second run reuses the data.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
eval "$($PY tools/services.py ensure)"
export DATABASE_URL REDIS_URL
export SUIJI_ENV="${SUIJI_ENV:-development}"
# A local demo, without Django's debug pages (set DEBUG=true to debug).
export DEBUG="${DEBUG:-false}"
PORT="${PORT:-8000}"

$PY manage.py setup -v 0
$PY manage.py seed_demo --quiet

mkdir -p .data/logs
pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "正在停止 Suiji…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

(cd platform && PYTHONPATH="$PWD:$PWD/../tenants:$PWD/../graphql${PYTHONPATH:+:$PYTHONPATH}" exec ../$PY -m celery -A suiji_platform worker --loglevel=INFO --concurrency=2) \
  >.data/logs/worker.log 2>&1 & pids+=($!)
(cd platform && PYTHONPATH="$PWD:$PWD/../tenants:$PWD/../graphql${PYTHONPATH:+:$PYTHONPATH}" exec ../$PY -m celery -A suiji_platform beat --loglevel=INFO \
  --schedule=../.data/celerybeat-schedule) >.data/logs/beat.log 2>&1 & pids+=($!)
$PY manage.py runserver "127.0.0.1:$PORT" --noreload >.data/logs/web.log 2>&1 & pids+=($!)

for _ in $(seq 1 60); do
  if curl -fs -o /dev/null "http://127.0.0.1:$PORT/"; then break; fi
  sleep 0.5
done

$PY manage.py seed_demo
cat <<TXT

Suiji 已启动 / is running:  http://127.0.0.1:$PORT/
  登录 Log in:               http://127.0.0.1:$PORT/login
  机构工作台 Organisation:    http://127.0.0.1:$PORT/o/533103/
  GraphQL:                   http://127.0.0.1:$PORT/graphql/  and  /o/<code>/graphql/
  日志 Logs:                  .data/logs/{web,worker,beat}.log
按 Ctrl-C 停止 (Ctrl-C stops web, worker and beat).
TXT
wait -n "${pids[@]}"
