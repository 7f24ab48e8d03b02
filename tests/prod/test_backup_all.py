"""The whole-database backup's preflight (deploy/backup/backup-all.sh): it refuses, before
pg_dump starts, when PostgreSQL's lock table cannot hold a lock on every table and sequence,
and names the max_locks_per_transaction to set; otherwise it dumps."""

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "deploy" / "backup" / "backup-all.sh"
_base = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/suiji"))


def _url(db: str) -> str:
    return urlunsplit(_base._replace(path=f"/{db}"))


@pytest.fixture
def scratch_db() -> Iterator[str]:
    name = f"{os.environ.get('TEST_DATABASE_NAME', 'test_suiji')}_locks_{uuid.uuid4().hex[:6]}"
    admin = psycopg2.connect(_url("postgres"))
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield _url(name)
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _lock_slots(url: str) -> int:
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT current_setting('max_locks_per_transaction')::int * "
            "(current_setting('max_connections')::int + "
            "current_setting('max_prepared_transactions')::int)"
        )
        return int(cur.fetchone()[0])


def _backup(url: str, target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), str(target)],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_small_database_is_dumped(scratch_db: str, tmp_path: Path) -> None:
    with psycopg2.connect(scratch_db) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE kept (id serial PRIMARY KEY, name text)")
        cur.execute("INSERT INTO kept (name) VALUES ('甲'), ('乙')")
    target = tmp_path / "all.dump"
    result = _backup(scratch_db, target)
    assert result.returncode == 0, result.stderr
    assert "relations locked of" in result.stdout
    assert target.stat().st_size > 0
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)
    listing = subprocess.run(["pg_restore", "--list", str(target)], capture_output=True, text=True)
    assert "TABLE DATA public kept" in listing.stdout


def test_refuses_before_dumping_when_the_lock_table_is_too_small(
    scratch_db: str, tmp_path: Path
) -> None:
    slots = _lock_slots(scratch_db)
    if slots > 20_000:
        pytest.skip(f"this server's lock table ({slots} slots) would need too many relations")
    # As many sequences as there are slots: the dump (plus the margin) cannot fit.
    with psycopg2.connect(scratch_db) as conn:
        conn.autocommit = True
        cur = conn.cursor()
        for start in range(0, slots, 2000):
            stop = min(start + 2000, slots)
            cur.execute(
                "DO $$ BEGIN FOR i IN %s..%s LOOP "
                "EXECUTE format('CREATE SEQUENCE s%%s', i); END LOOP; END $$",
                (start + 1, stop),
            )
    target = tmp_path / "all.dump"
    result = _backup(scratch_db, target)
    assert result.returncode == 3, (result.returncode, result.stdout, result.stderr)
    assert not target.exists()  # pg_dump never started
    assert f"pg_dump needs about {slots} locks" in result.stderr
    assert f"has only {slots} slots" in result.stderr
    suggested = int(result.stderr.split("max_locks_per_transaction = ")[1].split()[0])
    backends = slots // int(result.stderr.split("max_locks_per_transaction ")[1].split()[0])
    # The value it names holds the dump with its margin.
    assert suggested * backends >= slots * 1.25
