#!/usr/bin/env bash
# A production-like Suiji on this machine, 127.0.0.1 only (`make prod-smoke`, `make load`,
# `make faults`). It never touches the machine's own PostgreSQL: it runs a throwaway primary
# cluster and its streaming replica in a temporary directory.
#
#   deploy/smoke/stack.sh up      start everything (idempotent: a running stack is reused)
#   deploy/smoke/stack.sh down    stop everything and remove the directory
#   deploy/smoke/stack.sh env     print the environment the stack's processes use
#
#   nginx (TLS :SMOKE_HTTPS_PORT, static + proxy) → gunicorn (:SMOKE_WEB_PORT, SMOKE_WORKERS)
#     → PgBouncer (session mode, :SMOKE_PGBOUNCER_PORT) → PostgreSQL primary (:SMOKE_PG_PORT)
#                                     streaming replica (:SMOKE_REPLICA_PORT) ← portal reads
#   Celery worker + beat (queue CELERY_QUEUE), Redis from REDIS_URL.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO="$(pwd)"
PY="$REPO/.venv/bin/python"

SMOKE_DIR="${SMOKE_DIR:-/tmp/suiji-prod-smoke}"
PG_PORT="${SMOKE_PG_PORT:-54371}"
REPLICA_PORT="${SMOKE_REPLICA_PORT:-54372}"
BOUNCER_PORT="${SMOKE_PGBOUNCER_PORT:-64371}"
WEB_PORT="${SMOKE_WEB_PORT:-18071}"
HTTPS_PORT="${SMOKE_HTTPS_PORT:-18443}"
WORKERS="${SMOKE_WORKERS:-3}"
THREADS="${SMOKE_THREADS:-4}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
RUN_AS=postgres   # initdb and pgbouncer refuse to run as root
DB=suiji
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$RUN_AS" -- "$@"; else "$@"; fi; }

stack_env() {
  local secret fkey
  secret="$(cat "$SMOKE_DIR/secret_key")"; fkey="$(cat "$SMOKE_DIR/field_key")"
  cat <<ENV
export SUIJI_ENV=production DEBUG=false
export SECRET_KEY='$secret' FIELD_ENCRYPTION_KEY='$fkey' FIELD_HASH_KEY='$secret'
export DATABASE_URL=postgres://postgres@127.0.0.1:$BOUNCER_PORT/$DB
export REPLICA_DATABASE_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/$DB
export DIRECT_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$DB
export REPLICA_REPORT_HEADER=true REPLICA_RETRY_SECONDS=2
# The scripted admins of the smoke, load and fault runs sign in without an authenticator app
# (the second factor has its own tests); SMOKE_SECOND_FACTOR=true keeps it on.
export SECOND_FACTOR_REQUIRED=${SMOKE_SECOND_FACTOR:-false}
# A killed worker's task messages come back after a minute (production default: 15 minutes).
export CELERY_VISIBILITY_TIMEOUT_SECONDS=60
export REDIS_URL='${REDIS_URL:-redis://127.0.0.1:6379/0}' CELERY_QUEUE='${CELERY_QUEUE:-suiji-smoke}'
export CACHE_KEY_PREFIX=suiji-smoke
export ALLOWED_HOSTS=127.0.0.1,localhost CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$HTTPS_PORT
export STATIC_ROOT='$SMOKE_DIR/static' MEDIA_ROOT='$SMOKE_DIR/media'
export SMOKE_URL=https://127.0.0.1:$HTTPS_PORT SMOKE_DIR='$SMOKE_DIR'
# The checkout's own source roots, as PYTHONPATH in production (never an installed copy).
export PYTHONPATH='$REPO/platform:$REPO/tenants:$REPO/graphql'
export SMOKE_PG_PORT=$PG_PORT SMOKE_REPLICA_PORT=$REPLICA_PORT SMOKE_PGBIN='$PGBIN'
ENV
}

wait_for() {  # wait_for <seconds> <command…>
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then echo "timed out waiting for: $*" >&2; return 1; fi
    sleep 0.3
  done
}

pg_up() {  # the throwaway primary and its replica
  if [ ! -d "$SMOKE_DIR/primary" ]; then
    as_pg "$PGBIN/initdb" -D "$SMOKE_DIR/primary" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$SMOKE_DIR/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$SMOKE_DIR'
wal_level = replica
max_wal_senders = 5
max_connections = 200
shared_buffers = 128MB
fsync = on
# A whole-database pg_dump holds a lock on every table and sequence until it ends; the shared
# lock table has max_locks_per_transaction × (max_connections + max_prepared_transactions)
# slots: 1024 × 200 ≈ 204,800, enough for ~3,800 organisations (53 each). See deploy/README.md § 5.
max_locks_per_transaction = 1024
CONF
    echo "host replication postgres 127.0.0.1/32 trust" >>"$SMOKE_DIR/primary/pg_hba.conf"
  fi
  as_pg "$PGBIN/pg_ctl" -D "$SMOKE_DIR/primary" -l "$SMOKE_DIR/logs/primary.log" -w start >/dev/null
  if [ ! -d "$SMOKE_DIR/replica" ]; then
    as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$SMOKE_DIR/replica" -R -X stream
    cat >>"$SMOKE_DIR/replica/postgresql.conf" <<CONF
port = $REPLICA_PORT
hot_standby = on
CONF
  fi
  as_pg "$PGBIN/pg_ctl" -D "$SMOKE_DIR/replica" -l "$SMOKE_DIR/logs/replica.log" -w start >/dev/null
}

pgbouncer_up() {
  cat >"$SMOKE_DIR/pgbouncer.ini" <<INI
[databases]
$DB = host=127.0.0.1 port=$PG_PORT dbname=$DB
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $SMOKE_DIR/userlist.txt
; SESSION mode: a client keeps its server connection, so its search_path (its organisation)
; stays its own. Transaction mode would hand a connection whose search_path another request
; set to the next client: one organisation's queries in another's schema.
pool_mode = session
server_reset_query = DISCARD ALL
max_client_conn = 400
default_pool_size = 60
logfile = $SMOKE_DIR/logs/pgbouncer.log
pidfile = $SMOKE_DIR/pgbouncer.pid
INI
  echo '"postgres" ""' >"$SMOKE_DIR/userlist.txt"
  chown "$RUN_AS" "$SMOKE_DIR/pgbouncer.ini" "$SMOKE_DIR/userlist.txt" 2>/dev/null || true
  as_pg pgbouncer -d "$SMOKE_DIR/pgbouncer.ini"
  wait_for 20 "$PGBIN/pg_isready" -h 127.0.0.1 -p "$BOUNCER_PORT" -d "$DB"
}

nginx_up() {
  if [ ! -f "$SMOKE_DIR/tls/server.crt" ]; then
    mkdir -p "$SMOKE_DIR/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$SMOKE_DIR/tls/server.key" -out "$SMOKE_DIR/tls/server.crt" 2>/dev/null
  fi
  # The production site file, with this stack's ports and paths.
  sed -e "s#server 127.0.0.1:8000;#server 127.0.0.1:$WEB_PORT;#" \
      -e "s#listen 443 ssl;#listen 127.0.0.1:$HTTPS_PORT ssl;#" \
      -e "s#listen 80;#listen 127.0.0.1:$((HTTPS_PORT + 1));#" \
      -e "s#/etc/suiji/tls/#$SMOKE_DIR/tls/#g" \
      -e "s#/opt/suiji/static/#$SMOKE_DIR/static/#" \
      -e "s#https://\$host\$request_uri#https://\$host:$HTTPS_PORT\$request_uri#" \
      deploy/nginx/suiji.conf >"$SMOKE_DIR/site.conf"
  cat >"$SMOKE_DIR/nginx.conf" <<CONF
worker_processes 2;
pid $SMOKE_DIR/nginx.pid;
error_log $SMOKE_DIR/logs/nginx-error.log warn;
user www-data;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $SMOKE_DIR/logs/nginx-access.log;
  client_body_temp_path $SMOKE_DIR/nginx-tmp/body;
  proxy_temp_path $SMOKE_DIR/nginx-tmp/proxy;
  fastcgi_temp_path $SMOKE_DIR/nginx-tmp/fastcgi;
  uwsgi_temp_path $SMOKE_DIR/nginx-tmp/uwsgi;
  scgi_temp_path $SMOKE_DIR/nginx-tmp/scgi;
  include $SMOKE_DIR/site.conf;
}
CONF
  mkdir -p "$SMOKE_DIR/nginx-tmp"
  nginx -t -q -c "$SMOKE_DIR/nginx.conf"
  nginx -c "$SMOKE_DIR/nginx.conf"
}

app_up() {
  eval "$(stack_env)"
  cd "$REPO"
  if [ ! -f "$SMOKE_DIR/seeded" ]; then
    "$PY" manage.py setup -v0
    "$PY" manage.py seed_demo --quiet
    # A county with a pool above the background threshold, so its draws run in the worker.
    "$PY" manage.py shell -c "
from django_tenants.utils import schema_context
from suiji_platform.organisations.models import Organisation
from suiji_tenants.registries.demo import copy_entities
org = Organisation.objects.get(code='533103')
with schema_context(org.schema_name):
    copy_entities(org, 25000, seed=11)
    # Enough officers for the teams of a pool that size.
    import datetime
    from suiji_tenants.registries.models import Inspector
    model = Inspector.objects.filter(kind='officer', active=True).exclude(categories=[]).first()
    Inspector.objects.bulk_create(
        Inspector(kind='officer', name=f'冒烟执法员{i}', department=model.department,
                  categories=model.categories, certificate_no=f'SMOKE{i:05d}',
                  certificate_valid_until=datetime.date(2030, 12, 31))
        for i in range(120))
"
    touch "$SMOKE_DIR/seeded"
  fi
  "$PY" manage.py collectstatic --noinput -v0
  chmod -R a+rX "$SMOKE_DIR/static"
  # gunicorn: the production command of deploy/systemd/suiji-web.service.
  # Persistent connections (one per thread, through PgBouncer in session mode): no new
  # PgBouncer session and DISCARD ALL for every request.
  (cd platform && DATABASE_URL="$DATABASE_URL?conn_max_age=60&conn_health_checks=true" \
     exec "$REPO/.venv/bin/gunicorn" suiji_platform.wsgi -w "$WORKERS" \
     --worker-class gthread --threads "$THREADS" --keep-alive 30 --backlog 2048 \
     -b "127.0.0.1:$WEB_PORT" --timeout 120 --graceful-timeout 10 --max-requests 2000 \
     --max-requests-jitter 200 --access-logfile "$SMOKE_DIR/logs/gunicorn-access.log" \
     --access-logformat '%(h)s "%(r)s" %(s)s %(b)s %(M)sms' \
     --pid "$SMOKE_DIR/gunicorn.pid") >"$SMOKE_DIR/logs/gunicorn.log" 2>&1 &
  (cd platform && exec "$PY" -m celery -A suiji_platform worker -Q "$CELERY_QUEUE" \
     --concurrency=2 --loglevel=INFO -n "smoke@%h" --pidfile "$SMOKE_DIR/worker.pid") \
     >"$SMOKE_DIR/logs/worker.log" 2>&1 &
  (cd platform && exec "$PY" -m celery -A suiji_platform beat --loglevel=INFO \
     --schedule "$SMOKE_DIR/celerybeat-schedule" --pidfile "$SMOKE_DIR/beat.pid") \
     >"$SMOKE_DIR/logs/beat.log" 2>&1 &
  wait_for 120 curl -fs -o /dev/null "http://127.0.0.1:$WEB_PORT/"
}

up() {
  if [ -f "$SMOKE_DIR/up" ]; then echo "stack already up in $SMOKE_DIR"; return; fi
  mkdir -p "$SMOKE_DIR/logs"
  [ -f "$SMOKE_DIR/secret_key" ] || "$PY" -c "import secrets; print(secrets.token_urlsafe(50))" >"$SMOKE_DIR/secret_key"
  [ -f "$SMOKE_DIR/field_key" ] || "$PY" -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" >"$SMOKE_DIR/field_key"
  chown "$RUN_AS" "$SMOKE_DIR" "$SMOKE_DIR/logs" 2>/dev/null || true
  chmod 755 "$SMOKE_DIR"
  pg_up
  pgbouncer_up
  # The database on the primary (through PgBouncer) is created once; the replica follows.
  if ! "$PGBIN/psql" -XAtq -h 127.0.0.1 -p "$PG_PORT" -U postgres -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
    "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB"
  fi
  app_up
  nginx_up
  wait_for 60 curl -fsk -o /dev/null "https://127.0.0.1:$HTTPS_PORT/"
  touch "$SMOKE_DIR/up"
  echo "stack up: https://127.0.0.1:$HTTPS_PORT/ (logs in $SMOKE_DIR/logs)"
}

stop_pidfile() {  # stop_pidfile <file> [signal]
  local file="$1" sig="${2:-TERM}" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file" 2>/dev/null || true)"
  [ -n "$pid" ] || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$file"
}

down() {
  [ -d "$SMOKE_DIR" ] || { echo "no stack in $SMOKE_DIR"; return; }
  [ -f "$SMOKE_DIR/nginx.pid" ] && nginx -c "$SMOKE_DIR/nginx.conf" -s quit 2>/dev/null || true
  stop_pidfile "$SMOKE_DIR/nginx.pid" QUIT
  stop_pidfile "$SMOKE_DIR/gunicorn.pid"
  stop_pidfile "$SMOKE_DIR/beat.pid"
  stop_pidfile "$SMOKE_DIR/worker.pid"
  stop_pidfile "$SMOKE_DIR/pgbouncer.pid"
  for cluster in replica primary; do
    if [ -f "$SMOKE_DIR/$cluster/postmaster.pid" ]; then
      as_pg "$PGBIN/pg_ctl" -D "$SMOKE_DIR/$cluster" -m fast -w stop >/dev/null || true
    fi
  done
  rm -rf "$SMOKE_DIR"
  echo "stack down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) stack_env ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac
