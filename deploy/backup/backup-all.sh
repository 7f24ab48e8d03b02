#!/usr/bin/env bash
# Whole-database backup (every schema, one consistent snapshot), custom format.
#   DATABASE_URL=postgres://… deploy/backup/backup-all.sh /var/backups/suiji/suiji-$(date +%F).dump
# Preflight: pg_dump holds a lock on every table and sequence it dumps until it ends, all in
# PostgreSQL's shared lock table of max_locks_per_transaction × (max_connections +
# max_prepared_transactions) slots. Too few slots and it fails midway with "out of shared
# memory"; this script says so before it starts (deploy/README.md § 5).
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}"
[ $# -eq 1 ] || { echo "usage: $0 <backup file>" >&2; exit 2; }
umask 077
read -r needed per_tx connections prepared < <(psql -XAtq -F ' ' --dbname "$DATABASE_URL" -c "
  SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm', 'f')
             AND n.nspname NOT IN ('pg_catalog', 'information_schema')
             AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'),
         current_setting('max_locks_per_transaction')::int,
         current_setting('max_connections')::int,
         current_setting('max_prepared_transactions')::int")
slots=$((per_tx * (connections + prepared)))
# A quarter more than the dump's own locks: the application's sessions hold locks too.
want=$((needed + needed / 4 + 1000))
if [ "$slots" -lt "$want" ]; then
  backends=$((connections + prepared))
  suggest=$(( (want + backends - 1) / backends ))
  suggest=$(( (suggest + 63) / 64 * 64 ))
  cat >&2 <<MSG
refusing to start: pg_dump needs about $needed locks (tables and sequences of every
organisation) but PostgreSQL's lock table has only $slots slots
(max_locks_per_transaction $per_tx × (max_connections $connections + max_prepared_transactions $prepared)).
The dump would fail with "out of shared memory". Set in postgresql.conf (and on every replica,
which must have at least the primary's value) and restart PostgreSQL:
    max_locks_per_transaction = $suggest
or back up organisation by organisation (backup-org.sh). See deploy/README.md § 5.
MSG
  exit 3
fi
pg_dump --format=custom --no-owner --dbname "$DATABASE_URL" --file "$1"
echo "backed up the whole database → $1 ($(du -h "$1" | cut -f1); $needed relations locked of $slots lock slots)"
