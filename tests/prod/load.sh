#!/usr/bin/env bash
# `make load`: locust headless against the stack (run with the stack's environment), stops by
# itself after LOAD_TIME. LOAD_USERS=200 LOAD_TIME=5m by default; 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
export LOAD_USERS="${LOAD_USERS:-200}" LOAD_REPORT="${LOAD_REPORT:-${SMOKE_DIR:-/tmp}/load-report.txt}"
.venv/bin/locust -f tests/prod/locustfile.py --headless --host "${SMOKE_URL:?run with the stack env}" \
  --users "$LOAD_USERS" --spawn-rate "${LOAD_SPAWN_RATE:-10}" --run-time "${LOAD_TIME:-5m}" \
  --stop-timeout 20 --only-summary --exit-code-on-error 0 --web-host 127.0.0.1 \
  ${LOAD_CSV:+--csv "$LOAD_CSV"}
cp "$LOAD_REPORT" "${LOAD_KEEP:-/tmp/suiji-load-report.txt}" 2>/dev/null || true
