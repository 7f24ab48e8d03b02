#!/usr/bin/env bash
# Back up one organisation: its schema org_<code> and its rows of the public schema.
#   DATABASE_URL=postgres://… deploy/backup/backup-org.sh 533103 /var/backups/suiji/533103.tar.gz
set -euo pipefail
source "$(dirname "$0")/_python.sh"
[ $# -eq 2 ] || { echo "usage: $0 <organisation code> <backup file>" >&2; exit 2; }
exec "$SUIJI_PYTHON" "$here/orgbackup.py" backup "$1" "$2"
