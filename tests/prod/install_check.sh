#!/usr/bin/env bash
# The offline bundle installs from local files only, and an upgrade run twice is a no-op.
#   bash tests/prod/install_check.sh [bundle.tar.gz]    (default: the newest dist/suiji-*.tar.gz)
# Installs into a temporary PREFIX/ETC (NO_SYSTEMD=1: unit files are written, not started),
# against a temporary database on DATABASE_URL's server, with pip's network disabled.
set -euo pipefail
cd "$(dirname "$0")/../.."
bundle="${1:-$(ls -t dist/suiji-*.tar.gz | head -1)}"
work="$(mktemp -d /tmp/suiji-install-check.XXXXXX)"
base="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/suiji}"
db="suiji_install_check_$$"
url="${base%/*}/$db"
cleanup() { dropdb --if-exists --force -d "${base%/*}/postgres" "$db" 2>/dev/null || dropdb --if-exists --force "$db" -h 127.0.0.1 -U postgres || true; rm -rf "$work"; }
trap cleanup EXIT
tar -C "$work" -xzf "$bundle"
src="$(ls -d "$work"/suiji-*/)"
# No network for pip: an unreachable proxy and index make any download fail.
export PIP_INDEX_URL=http://127.0.0.1:9/ PIP_NO_INDEX=1 HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9
PREFIX="$work/opt" ETC="$work/etc" SYSTEMD_DIR="$work/systemd" NGINX_SITES="$work/nginx" \
  NO_SYSTEMD=1 SUIJI_USER="$(id -un)" bash "$src/deploy/install.sh"
for unit in suiji-web.service suiji-worker.service suiji-beat.service; do
  grep -q "$work/opt/venv/bin/" "$work/systemd/$unit"
done
grep -q "proxy_pass http://suiji_web" "$work/nginx/suiji"
createdb -h 127.0.0.1 -U postgres "$db"
sed -i -e "s#^DATABASE_URL=.*#DATABASE_URL=$url#" -e "s#^ALLOWED_HOSTS=.*#ALLOWED_HOSTS=127.0.0.1#" \
    -e "s#^REDIS_URL=.*#REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}#" "$work/etc/suiji.env"
run_upgrade() { PREFIX="$work/opt" ETC="$work/etc" NO_SYSTEMD=1 bash "$work/opt/upgrade.sh"; }
snapshot() {
  psql -XAt "$url" -c "SELECT count(*) FROM pg_class" -c "SELECT count(*) FROM public.django_migrations" \
    -c "SELECT count(*) FROM suiji_base.django_migrations"
  # (pg_dump's \restrict lines carry a random key: left out)
  pg_dump --schema-only "$url" | grep -vE '^(--|\\(un)?restrict )' | md5sum
}
run_upgrade >"$work/first.log"
before="$(snapshot)"
run_upgrade >"$work/second.log"
after="$(snapshot)"
if grep -q "Applying " "$work/second.log"; then echo "FAIL: the second upgrade applied migrations"; exit 1; fi
if [ "$before" != "$after" ]; then
  echo "FAIL: the second upgrade changed the database"; diff <(echo "$before") <(echo "$after"); exit 1
fi
grep -c "Applying " "$work/first.log" | sed 's/^/first upgrade: migrations applied: /'
echo "ok: installed from local wheels only; the second upgrade changed nothing"
