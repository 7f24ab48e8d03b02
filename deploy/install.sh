#!/usr/bin/env bash
# Install (or upgrade) Suiji from an unpacked offline bundle, with NO network access.
#   tar xzf suiji-<version>.tar.gz && sudo suiji-<version>/deploy/install.sh
# Needs on the host (from the OS media): python3.11 (+ venv), nginx, systemd, and a reachable
# PostgreSQL 15+ and Redis 6+. Paths: PREFIX (default /opt/suiji), ETC (default /etc/suiji).
# Re-running it on the same release changes nothing (see upgrade.sh for migrations).
set -euo pipefail
BUNDLE="$(cd "$(dirname "$0")/.." && pwd)"
PREFIX="${PREFIX:-/opt/suiji}"
ETC="${ETC:-/etc/suiji}"
SUIJI_USER="${SUIJI_USER:-suiji}"
PYTHON="${PYTHON:-python3.11}"
SYSTEMD_DIR="${SYSTEMD_DIR:-/etc/systemd/system}"
NGINX_SITES="${NGINX_SITES:-/etc/nginx/sites-available}"
NO_SYSTEMD="${NO_SYSTEMD:-0}"   # 1: write files only (containers, tests)
step() { echo "==> $*"; }

step "user $SUIJI_USER"
if [ "$(id -u)" = 0 ] && ! id "$SUIJI_USER" >/dev/null 2>&1; then
  useradd --system --home-dir "$PREFIX" --shell /usr/sbin/nologin "$SUIJI_USER"
fi

step "application → $PREFIX/app (release $(cat "$BUNDLE/VERSION"))"
mkdir -p "$PREFIX" "$PREFIX/static" "$PREFIX/media" "$PREFIX/releases"
release="$PREFIX/releases/$(cut -d' ' -f1,2 "$BUNDLE/VERSION" | tr ' ' '-')"
rm -rf "$release.tmp" && cp -r "$BUNDLE/app" "$release.tmp"
rm -rf "$release" && mv "$release.tmp" "$release"
# The previous release stays in releases/ for a rollback; `app` points at the current one.
if [ -L "$PREFIX/app" ] && [ "$(readlink "$PREFIX/app")" != "$release" ]; then
  ln -sfn "$(readlink "$PREFIX/app")" "$PREFIX/app.previous"
fi
ln -sfn "$release" "$PREFIX/app"

step "virtualenv $PREFIX/venv from local wheels only (pip --no-index)"
[ -x "$PREFIX/venv/bin/python" ] || "$PYTHON" -m venv "$PREFIX/venv"
"$PREFIX/venv/bin/python" -m pip install --quiet --no-index --find-links "$BUNDLE/wheels" --upgrade pip setuptools wheel
"$PREFIX/venv/bin/python" -m pip install --quiet --no-index --find-links "$BUNDLE/wheels" -r "$BUNDLE/requirements.txt"

step "configuration $ETC/suiji.env (kept if present)"
mkdir -p "$ETC"
if [ ! -f "$ETC/suiji.env" ]; then
  secret="$("$PREFIX/venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
  fkey="$("$PREFIX/venv/bin/python" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
  hkey="$("$PREFIX/venv/bin/python" -c 'import secrets; print(secrets.token_hex(32))')"
  sed -e "s#^SECRET_KEY=.*#SECRET_KEY=$secret#" -e "s#^FIELD_ENCRYPTION_KEY=.*#FIELD_ENCRYPTION_KEY=$fkey#" \
      -e "s#^FIELD_HASH_KEY=.*#FIELD_HASH_KEY=$hkey#" -e "s#/opt/suiji#$PREFIX#g" \
      "$BUNDLE/deploy/suiji.env.example" >"$ETC/suiji.env"
  chmod 640 "$ETC/suiji.env"
  echo "    wrote $ETC/suiji.env with new keys: set DATABASE_URL, REDIS_URL, ALLOWED_HOSTS, then run upgrade.sh"
fi
cp "$BUNDLE/deploy/upgrade.sh" "$PREFIX/upgrade.sh"
cp -r "$BUNDLE/deploy/backup" "$PREFIX/"
chmod +x "$PREFIX/upgrade.sh" "$PREFIX"/backup/*.sh
if [ "$(id -u)" = 0 ]; then
  chown -R "$SUIJI_USER:" "$PREFIX/static" "$PREFIX/media"
  chgrp "$SUIJI_USER" "$ETC/suiji.env" 2>/dev/null || true
fi

step "systemd units → $SYSTEMD_DIR, nginx site → $NGINX_SITES/suiji"
mkdir -p "$SYSTEMD_DIR" "$NGINX_SITES"
for unit in "$BUNDLE"/deploy/systemd/*; do
  sed -e "s#/opt/suiji#$PREFIX#g" -e "s#/etc/suiji#$ETC#g" -e "s#^User=suiji#User=$SUIJI_USER#" \
      -e "s#^Group=suiji#Group=$SUIJI_USER#" "$unit" >"$SYSTEMD_DIR/$(basename "$unit")"
done
[ -f "$NGINX_SITES/suiji" ] || sed -e "s#/opt/suiji#$PREFIX#g" -e "s#/etc/suiji#$ETC#g" \
  "$BUNDLE/deploy/nginx/suiji.conf" >"$NGINX_SITES/suiji"
if [ "$NO_SYSTEMD" != 1 ]; then
  systemctl daemon-reload
  systemctl enable suiji-web.service suiji-worker.service suiji-beat.service >/dev/null
fi
cat <<TXT
Installed. Next (first install): edit $ETC/suiji.env, put the TLS certificate in $ETC/tls/,
enable the nginx site ($NGINX_SITES/suiji), then: $PREFIX/upgrade.sh
TXT
