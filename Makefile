# Suiji — the two commands: `make demo` and `make test` (plus `make bench`).
# Both work on a fresh machine: they install what they need and start embedded PostgreSQL /
# Redis when none is reachable (tools/services.py).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
SERVICES := eval "$$($(PY) tools/services.py ensure)" &&
NPM := npm --prefix frontend --no-audit --no-fund
# A process started without SUIJI_ENV is a production process (settings.py): the targets here
# run a developer's checkout and say so.
export SUIJI_ENV ?= development

.PHONY: demo test bench install system-deps python-deps node-deps frontend schema lint \
        check pytest frontend-test e2e clean-data \
        bundle bundle-check prod-deps prod-smoke load faults bench-scale bench-scale-2000

demo: install frontend
	bash tools/demo.sh

test: install
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory lint check pytest frontend-test e2e; \
	echo "make test wall time: $$(( $$(date +%s) - start )) s"

bench: install
	$(SERVICES) $(PY) tests/bench/run.py

install: system-deps python-deps node-deps

# Debian's Chromium and a CJK font for the browser tests (never a test tool's browser download);
# the same font is embedded in the PDFs (笔录, 告知书, public notices).
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qiE 'wqy|noto.*cjk'; then \
	  echo "Installing chromium and fonts-wqy-microhei (apt-get)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] && echo "" || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi

python-deps: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

node-deps: frontend/node_modules/.installed
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	$(NPM) ci
	@touch $@

frontend: node-deps
	$(NPM) run build

schema: python-deps
	$(PY) manage.py graphql_schema --schema suiji_api.schema.schema --out schema.graphql
	$(NPM) run codegen

lint: python-deps
	$(PY) -m ruff check platform tenants graphql tests tools deploy
	$(PY) -m ruff format --check platform tenants graphql tests tools deploy
	$(PY) -m mypy platform tenants graphql

check: python-deps
	$(SERVICES) $(PY) manage.py check && $(PY) manage.py makemigrations --check --dry-run

# pytest exits 5 when it collects no test: reported, not mistaken for a failure of the code.
pytest: python-deps
	@$(SERVICES) rc=0; SUIJI_ENV=test CACHE_KEY_PREFIX=suiji-test $(PY) -m pytest tests -q -p no:cacheprovider --create-db || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: no tests were collected"; rc=0; fi; exit $$rc

frontend-test: node-deps
	$(NPM) run typecheck
	$(NPM) test

e2e: install frontend
	bash tools/e2e.sh

clean-data:
	$(PY) tools/services.py stop || true
	rm -rf .data

# --- production (deploy/README.md) -------------------------------------------------------------
# Offline bundle: dist/suiji-<version>-<commit>.tar.gz (wheels, web app, scripts, units).
bundle: python-deps frontend
	bash deploy/bundle.sh

# Install the newest bundle into a temporary prefix without network; upgrade twice = no-op.
bundle-check: bundle
	$(SERVICES) bash tests/prod/install_check.sh

# Debian's nginx and PgBouncer for the production-like stack (like system-deps).
prod-deps:
	@if ! command -v nginx >/dev/null || ! command -v pgbouncer >/dev/null; then \
	  echo "Installing nginx and pgbouncer (apt-get)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] && echo "" || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx pgbouncer >/dev/null; \
	fi

# nginx + gunicorn + Celery + PgBouncer (session) + PostgreSQL primary and streaming replica on
# 127.0.0.1, smoke-tested through nginx, then taken down (also when a check fails).
prod-smoke: install prod-deps frontend
	@start=$$(date +%s); rc=0; \
	bash deploy/smoke/stack.sh up || rc=$$?; \
	if [ $$rc -eq 0 ]; then eval "$$(bash deploy/smoke/stack.sh env)"; $(PY) tests/prod/smoke_checks.py || rc=$$?; fi; \
	bash deploy/smoke/stack.sh down; \
	echo "prod_smoke_wall_seconds=$$(( $$(date +%s) - start )) s"; exit $$rc

# 200 users for 5 minutes against the same stack (LOAD_USERS, LOAD_TIME to change).
load: install prod-deps frontend
	@rc=0; bash deploy/smoke/stack.sh up || rc=$$?; \
	if [ $$rc -eq 0 ]; then eval "$$(bash deploy/smoke/stack.sh env)"; \
	  bash tests/prod/load.sh || rc=$$?; fi; \
	bash deploy/smoke/stack.sh down; exit $$rc

# kill -9 of a gunicorn worker, the Celery worker mid-import and mid-draw, the primary mid-request.
faults: install prod-deps frontend
	@rc=0; bash deploy/smoke/stack.sh up || rc=$$?; \
	if [ $$rc -eq 0 ]; then eval "$$(bash deploy/smoke/stack.sh env)"; $(PY) tests/prod/faults.py || rc=$$?; fi; \
	bash deploy/smoke/stack.sh down; exit $$rc

# N organisations in a database of their own (dropped afterwards): BENCH_SCALE_N=150 by default.
bench-scale: python-deps
	$(SERVICES) $(PY) tests/bench/bench_scale.py

bench-scale-2000: python-deps
	$(SERVICES) BENCH_SCALE_N=2000 $(PY) tests/bench/bench_scale.py
