#!/usr/bin/env bash
# Build the offline bundle on a machine WITH internet (`make bundle`):
#   dist/suiji-<version>-<commit>.tar.gz
#     wheels/            every Python dependency (incl. gunicorn) as wheels, for pip --no-index
#     requirements.txt   the exact versions in wheels/
#     app/               manage.py, platform/ tenants/ graphql/ (the source roots), frontend/dist/
#     deploy/            install.sh, upgrade.sh, systemd units, nginx site, backup scripts, README
# The target must have the same Python minor version (3.11) and architecture (e.g. x86_64 or
# aarch64 for Kylin on Kunpeng/Phytium: build the bundle on that architecture).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo local)"
name="suiji-$version-$commit"
out="dist/$name"
rm -rf "$out" && mkdir -p "$out/app" "$out/wheels"

[ -f frontend/dist/index.html ] || { echo "build the web app first: make frontend" >&2; exit 1; }

# Wheels of every runtime dependency, resolved from pyproject.toml (suiji's own wheel is built
# too, only to resolve them; the app runs from app/ so its settings find frontend/dist).
"$PY" -m pip wheel --quiet --wheel-dir "$out/wheels" .
rm -f "$out/wheels"/suiji-*.whl
# The installer's own tools, so the target's pip/venv need nothing from the internet.
"$PY" -m pip download --quiet --only-binary=:all: --dest "$out/wheels" pip setuptools wheel
for w in "$out/wheels"/*.whl; do
  basename "$w" | awk -F- '{ gsub("_", "-", $1); print $1 "==" $2 }'
done | grep -viE '^(pip|setuptools|wheel)==' | sort -f >"$out/requirements.txt"

cp manage.py pyproject.toml README.md "$out/app/"
for root in platform tenants graphql; do
  tar -C . --exclude='__pycache__' --exclude='*.pyc' -cf - "$root" | tar -C "$out/app" -xf -
done
mkdir -p "$out/app/frontend" && cp -r frontend/dist "$out/app/frontend/dist"
mkdir -p "$out/deploy"
cp -r deploy/README.md deploy/install.sh deploy/upgrade.sh deploy/suiji.env.example \
      deploy/systemd deploy/nginx deploy/backup "$out/deploy/"
echo "$version $commit $(date -u +%FT%TZ)" >"$out/VERSION"
tar -C dist -czf "dist/$name.tar.gz" "$name"
rm -rf "$out"
echo "bundle: dist/$name.tar.gz ($(du -h "dist/$name.tar.gz" | cut -f1), $(tar -xzOf "dist/$name.tar.gz" "$name/requirements.txt" | wc -l) packages)"
