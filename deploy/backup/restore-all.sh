#!/usr/bin/env bash
# Restore backup-all.sh's file into DATABASE_URL, an EMPTY database (create it first:
# createdb suiji_restored). Parallel jobs: RESTORE_JOBS (default 2). Stops at the first error.
#   DATABASE_URL=postgres://…/suiji_restored deploy/backup/restore-all.sh suiji-2026-12-03.dump
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}"
[ $# -eq 1 ] || { echo "usage: $0 <backup file>" >&2; exit 2; }
pg_restore --no-owner --exit-on-error --jobs "${RESTORE_JOBS:-2}" --dbname "$DATABASE_URL" "$1"
echo "restored $1 into $DATABASE_URL"
