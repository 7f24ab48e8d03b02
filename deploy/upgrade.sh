#!/usr/bin/env bash
# Bring the database to the installed release and restart the services. Safe to run twice:
# a second run migrates nothing and only restarts.
#   sudo /opt/suiji/upgrade.sh            (MIGRATE_EXECUTOR=standard for one-by-one migration)
set -euo pipefail
PREFIX="${PREFIX:-$(cd "$(dirname "$0")" && pwd)}"
ETC="${ETC:-/etc/suiji}"
NO_SYSTEMD="${NO_SYSTEMD:-0}"
set -a; source "$ETC/suiji.env"; set +a
cd "$PREFIX/app"
PY="$PREFIX/venv/bin/python"
echo "==> checks"
"$PY" manage.py check --deploy --fail-level WARNING
echo "==> migrate: public schema, base schema suiji_base, every organisation (${MIGRATE_EXECUTOR:-multiprocessing})"
"$PY" manage.py setup -v1 --executor="${MIGRATE_EXECUTOR:-multiprocessing}"
echo "==> static files → $STATIC_ROOT"
"$PY" manage.py collectstatic --noinput -v0
if [ "$NO_SYSTEMD" != 1 ]; then
  echo "==> restart"
  systemctl restart suiji-web.service suiji-worker.service suiji-beat.service
  systemctl reload nginx || true
fi
echo "==> done: $(cat "$PREFIX/app/../../VERSION" 2>/dev/null || readlink "$PREFIX/app")"
