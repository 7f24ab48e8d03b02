# Sourced by the backup scripts: the Python that has psycopg2 (the installed venv, else the
# checkout's .venv, else python3) — override with SUIJI_PYTHON.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -z "${SUIJI_PYTHON:-}" ]; then
  for candidate in /opt/suiji/venv/bin/python "$here/../../.venv/bin/python" python3; do
    if command -v "$candidate" >/dev/null 2>&1; then SUIJI_PYTHON="$candidate"; break; fi
  done
fi
: "${DATABASE_URL:?set DATABASE_URL (e.g. postgres://suiji@127.0.0.1:5432/suiji)}"
