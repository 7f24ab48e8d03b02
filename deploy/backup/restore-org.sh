#!/usr/bin/env bash
# Restore one organisation from backup-org.sh's file into DATABASE_URL (one transaction).
# The target must hold the public schema at the same release (`manage.py setup`) and must not
# hold the organisation already.
#   DATABASE_URL=postgres://…/suiji_restore deploy/backup/restore-org.sh 533103.tar.gz
set -euo pipefail
source "$(dirname "$0")/_python.sh"
[ $# -eq 1 ] || { echo "usage: $0 <backup file>" >&2; exit 2; }
exec "$SUIJI_PYTHON" "$here/orgbackup.py" restore "$1"
