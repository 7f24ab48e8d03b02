#!/usr/bin/env bash
# Whole-database backup (every schema, one consistent snapshot), custom format.
#   DATABASE_URL=postgres://… deploy/backup/backup-all.sh /var/backups/suiji/suiji-$(date +%F).dump
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}"
[ $# -eq 1 ] || { echo "usage: $0 <backup file>" >&2; exit 2; }
umask 077
pg_dump --format=custom --no-owner --dbname "$DATABASE_URL" --file "$1"
echo "backed up the whole database → $1 ($(du -h "$1" | cut -f1))"
