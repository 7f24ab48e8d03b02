"""Tests for tools/services.py (run with ``pytest tests/tools -p no:django``).

The embedded-server test is slow and only runs with ``SUIJI_SLOW_TESTS=1``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "tools" / "services.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("suiji_tools_services", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


services = _load()

# Nothing listens on these (privileged, unassigned) ports.
DEAD_PG_URL = "postgres://postgres@127.0.0.1:1/suiji"
DEAD_REDIS_URL = "redis://127.0.0.1:2/0"


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=REPO_ROOT,
        timeout=timeout,
        check=False,
    )


def parse_exports(stdout: str) -> dict[str, str]:
    """Evaluate the export lines with a real shell and return the variables."""
    script = stdout + 'printf "%s\\n%s\\n" "$DATABASE_URL" "$REDIS_URL"\n'
    out = subprocess.run(
        ["sh", "-c", script], capture_output=True, text=True, check=True, env={}
    ).stdout
    database_url, redis_url = out.splitlines()
    return {"DATABASE_URL": database_url, "REDIS_URL": redis_url}


# ------------------------------------------------------------------------------------------
# URL parsing / formatting
# ------------------------------------------------------------------------------------------


def test_parse_default_database_url() -> None:
    pg = services.parse_database_url(services.DEFAULT_DATABASE_URL)
    assert (pg.user, pg.password, pg.host, pg.port, pg.dbname) == (
        "postgres",
        None,
        "127.0.0.1",
        5432,
        "suiji",
    )
    assert pg.connect_kwargs()["connect_timeout"] == 3
    assert "password" not in pg.connect_kwargs()


def test_parse_database_url_with_credentials_and_options() -> None:
    pg = services.parse_database_url(
        "postgresql://app%40x:p%40ss%3Aw%2Frd@db.example.com:6543/my%20db"
        "?sslmode=require&conn_max_age=60"
    )
    assert pg.user == "app@x"
    assert pg.password == "p@ss:w/rd"
    assert (pg.host, pg.port, pg.dbname) == ("db.example.com", 6543, "my db")
    kwargs = pg.connect_kwargs("other")
    assert kwargs["dbname"] == "other"
    assert kwargs["sslmode"] == "require"
    assert "conn_max_age" not in kwargs  # django-environ option, not a libpq one


@pytest.mark.parametrize(
    ("url", "host", "port"),
    [
        ("postgres://postgres@/suiji?host=/work/Main/.data/pg", "/work/Main/.data/pg", 5432),
        ("postgres://postgres@%2Fvar%2Frun%2FPG:5433/suiji", "/var/run/PG", 5433),
        ("postgres://postgres@[::1]:5434/suiji", "::1", 5434),
        ("pgsql://postgres@localhost/suiji", "localhost", 5432),
        ("postgis://postgres@/suiji", None, 5432),
    ],
)
def test_parse_database_url_hosts(url: str, host: str | None, port: int) -> None:
    pg = services.parse_database_url(url)
    assert (pg.host, pg.port, pg.dbname) == (host, port, "suiji")


@pytest.mark.parametrize(
    "url",
    ["mysql://root@localhost/suiji", "postgres://postgres@localhost:99999/suiji", "suiji"],
)
def test_parse_database_url_rejects(url: str) -> None:
    with pytest.raises(ValueError):
        services.parse_database_url(url)


def test_with_dbname_keeps_everything_else() -> None:
    url = "postgres://u:p%40w@h:5433/suiji?sslmode=disable"
    assert services.with_dbname(url, "test suiji") == (
        "postgres://u:p%40w@h:5433/test%20suiji?sslmode=disable"
    )


def test_format_pg_url_round_trips() -> None:
    url = services.format_pg_url("postgres", "127.0.0.1", 55432, "suiji")
    assert url == "postgres://postgres@127.0.0.1:55432/suiji"
    pg = services.parse_database_url(url)
    assert (pg.user, pg.host, pg.port, pg.dbname) == ("postgres", "127.0.0.1", 55432, "suiji")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("redis://127.0.0.1:6379/0", ("redis", "127.0.0.1", 6379, None, None, None, 0)),
        ("redis://localhost", ("redis", "localhost", 6379, None, None, None, 0)),
        ("redis://:s3cret@h:7000/2", ("redis", "h", 7000, None, None, "s3cret", 2)),
        ("rediss://bob:pw@h/1", ("rediss", "h", 6379, None, "bob", "pw", 1)),
        ("unix:///run/redis.sock?db=3", ("unix", None, 0, "/run/redis.sock", None, None, 3)),
    ],
)
def test_parse_redis_url(url: str, expected: tuple[object, ...]) -> None:
    r = services.parse_redis_url(url)
    assert (r.scheme, r.host, r.port, r.path, r.username, r.password, r.db) == expected


@pytest.mark.parametrize("url", ["http://localhost", "redis://h:port/0", "redis://h/x"])
def test_parse_redis_url_rejects(url: str) -> None:
    with pytest.raises(ValueError):
        services.parse_redis_url(url)


def test_redact_hides_passwords_only() -> None:
    assert services.redact("redis://:pw@h:1/0") == "redis://:***@h:1/0"
    assert services.redact("postgres://u:pw@h/db") == "postgres://u:***@h/db"
    assert services.redact("postgres://u@h/db") == "postgres://u@h/db"


def test_export_lines_survive_a_real_shell() -> None:
    env = {
        "DATABASE_URL": "postgres://u:it's%20$HOME`x`@h:1/db",
        "REDIS_URL": "redis://127.0.0.1:56379/0",
    }
    text = services.export_lines(env)
    assert text.splitlines()[1] == "export REDIS_URL='redis://127.0.0.1:56379/0'"
    assert all(line.startswith("export ") for line in text.splitlines())
    assert parse_exports(text) == env


def test_env_file_lines_readable_by_django_environ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    environ = pytest.importorskip("environ")
    env = {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:55432/suiji",
        "REDIS_URL": "redis://:p%23w@127.0.0.1:56379/0",
    }
    path = tmp_path / "svc.env"
    services.write_env_file(path, env)
    assert path.read_text() == (
        "DATABASE_URL=postgres://postgres@127.0.0.1:55432/suiji\n"
        "REDIS_URL=redis://:p%23w@127.0.0.1:56379/0\n"
    )
    assert path.stat().st_mode & 0o077 == 0  # contains a password
    target: dict[str, str] = {}
    monkeypatch.setattr(environ.Env, "ENVIRON", target)
    environ.Env.read_env(str(path))
    assert target == env
    assert services.env_file_lines({"A": "x"}) == "A=x\n"
    with pytest.raises(services.ServiceError):
        services.env_file_lines({"A": "x\ny"})


# ------------------------------------------------------------------------------------------
# Probes against fake servers
# ------------------------------------------------------------------------------------------


@pytest.fixture
def fake_server() -> Iterator[Callable[[Callable[[socket.socket], None]], int]]:
    listeners: list[socket.socket] = []

    def start(handler: Callable[[socket.socket], None]) -> int:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        listeners.append(listener)

        def serve() -> None:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                handler(conn)

        threading.Thread(target=serve, daemon=True).start()
        return listener.getsockname()[1]

    yield start
    for listener in listeners:
        listener.close()


def _reply(*responses: bytes) -> Callable[[socket.socket], None]:
    def handler(conn: socket.socket) -> None:
        conn.settimeout(2)
        with conn.makefile("rb") as reader:
            for response in responses:
                # read one RESP array: *N, then N x ($len, data)
                header = reader.readline()
                for _ in range(int(header[1:])):
                    reader.readline()
                    reader.readline()
                conn.sendall(response)

    return handler


def test_probe_redis_ok_with_auth_and_select(fake_server) -> None:
    port = fake_server(_reply(b"+OK\r\n", b"+OK\r\n", b"+PONG\r\n"))
    probe = services.probe_redis(services.parse_redis_url(f"redis://:pw@127.0.0.1:{port}/3"))
    assert probe.ok, probe


def test_probe_redis_auth_error_is_unusable(fake_server) -> None:
    port = fake_server(_reply(b"-WRONGPASS invalid password\r\n"))
    probe = services.probe_redis(services.parse_redis_url(f"redis://:pw@127.0.0.1:{port}/0"))
    assert probe.state == services.UNUSABLE
    assert "WRONGPASS" in probe.detail


def test_probe_redis_not_redis_is_unusable(fake_server) -> None:
    port = fake_server(lambda conn: conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n"))
    probe = services.probe_redis(services.parse_redis_url(f"redis://127.0.0.1:{port}/0"))
    assert probe.state == services.UNUSABLE


def test_probe_redis_closed_port_is_unreachable() -> None:
    probe = services.probe_redis(services.parse_redis_url(DEAD_REDIS_URL), timeout=1)
    assert probe.state == services.UNREACHABLE


def test_resp_command_encoding() -> None:
    assert services.resp_command("AUTH", "pä") == b"*2\r\n$4\r\nAUTH\r\n$3\r\np\xc3\xa4\r\n"


def test_prepare_postgres_unreachable() -> None:
    probe = services.prepare_postgres(services.parse_database_url(DEAD_PG_URL), "suiji")
    assert probe.state == services.UNREACHABLE


def test_pick_port_skips_busy_ports() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert not services.port_is_free(port)
        picked = services.pick_port(port, "test")
        assert picked != port
        assert port < picked < port + services.PORT_SCAN


def test_read_postmaster_pid(tmp_path: Path) -> None:
    (tmp_path / "postmaster.pid").write_text(
        "123\n/x/pg\n1700000000\n55432\n/x/pg\n127.0.0.1\n  0 1\nready   \n"
    )
    info = services.read_postmaster_pid(tmp_path)
    assert (info.pid, info.port, info.listen, info.status) == (123, 55432, "127.0.0.1", "ready")
    assert services.read_postmaster_pid(tmp_path / "missing") is None


# ------------------------------------------------------------------------------------------
# CLI against the services that are configured/reachable on this machine
# ------------------------------------------------------------------------------------------


def _configured_urls() -> tuple[str, str]:
    return (
        os.environ.get("DATABASE_URL") or services.DEFAULT_DATABASE_URL,
        os.environ.get("REDIS_URL") or services.DEFAULT_REDIS_URL,
    )


@pytest.fixture
def reachable_services() -> tuple[str, str]:
    database_url, redis_url = _configured_urls()
    pg = services.parse_database_url(database_url)
    if not services.prepare_postgres(pg, pg.dbname).ok:
        pytest.skip(f"PostgreSQL {pg.display} not usable here")
    if not services.probe_redis(services.parse_redis_url(redis_url)).ok:
        pytest.skip("Redis not reachable here")
    return database_url, redis_url


def test_cli_reachable_services_creates_database(reachable_services, tmp_path: Path) -> None:
    psycopg2 = pytest.importorskip("psycopg2")
    database_url, redis_url = reachable_services
    dbname = f"suiji_svc_test_{uuid.uuid4().hex[:8]}"
    env = {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "SUIJI_DATA_DIR": str(tmp_path)}
    pg = services.parse_database_url(database_url)
    try:
        started = time.monotonic()
        result = run_cli("ensure", "--db-name", dbname, "--no-embedded", env=env)
        elapsed = time.monotonic() - started
        assert result.returncode == 0, result.stderr
        expected_db_url = services.with_dbname(database_url, dbname)
        assert result.stdout == (
            f"export DATABASE_URL='{expected_db_url}'\nexport REDIS_URL='{redis_url}'\n"
        )
        assert f"created database '{dbname}'" in result.stderr
        assert elapsed < 10
        with psycopg2.connect(**pg.connect_kwargs(dbname)) as conn, conn.cursor() as cur:
            cur.execute("SELECT current_database()")
            assert cur.fetchone()[0] == dbname
        conn.close()

        again = run_cli("ensure", "--db-name", dbname, env=env)  # idempotent, nothing created
        assert again.returncode == 0, again.stderr
        assert again.stdout == result.stdout
        assert "created" not in again.stderr

        env_file = tmp_path / "services.env"
        written = run_cli("env-file", str(env_file), "--db-name", dbname, env=env)
        assert written.returncode == 0, written.stderr
        assert written.stdout == ""
        assert env_file.read_text() == (f"DATABASE_URL={expected_db_url}\nREDIS_URL={redis_url}\n")
        assert not (tmp_path / "pg").exists()  # no embedded server was involved
    finally:
        admin = psycopg2.connect(**pg.connect_kwargs(services.MAINTENANCE_DB))
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
        admin.close()


def test_cli_default_urls_without_env(reachable_services, tmp_path: Path) -> None:
    database_url, redis_url = reachable_services
    if (database_url, redis_url) != (services.DEFAULT_DATABASE_URL, services.DEFAULT_REDIS_URL):
        pytest.skip("DATABASE_URL/REDIS_URL point elsewhere")
    result = run_cli("ensure", "--no-embedded", env={"SUIJI_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert parse_exports(result.stdout) == {
        "DATABASE_URL": services.DEFAULT_DATABASE_URL,
        "REDIS_URL": services.DEFAULT_REDIS_URL,
    }


def test_cli_explicit_unusable_database_fails(reachable_services, tmp_path: Path) -> None:
    database_url, _ = reachable_services
    pg = services.parse_database_url(database_url)
    if pg.host is None or pg.host.startswith("/"):
        pytest.skip("needs a TCP DATABASE_URL")
    bad = f"postgres://no_such_role_{uuid.uuid4().hex[:6]}@{pg.host}:{pg.port}/suiji"
    result = run_cli("ensure", env={"DATABASE_URL": bad, "SUIJI_DATA_DIR": str(tmp_path / "d")})
    assert result.returncode == 1
    assert result.stdout == "false\n"
    assert "set explicitly" in result.stderr
    assert not (tmp_path / "d" / "pg").exists()


def test_cli_unreachable_without_embedded_fails_loudly(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": DEAD_PG_URL,
        "REDIS_URL": DEAD_REDIS_URL,
        "SUIJI_DATA_DIR": str(tmp_path),
        "SUIJI_NO_EMBEDDED": "1",
    }
    result = run_cli("ensure", env=env)
    assert result.returncode == 1
    assert result.stdout == "false\n"  # makes `eval "$(...)" && cmd` fail
    assert "PostgreSQL 127.0.0.1:1 not reachable" in result.stderr
    assert "error:" in result.stderr


def test_cli_stop_without_data_dir(tmp_path: Path) -> None:
    result = run_cli("--data-dir", str(tmp_path / "none"), "stop")
    assert result.returncode == 0
    assert result.stdout == ""
    assert "nothing to stop" in result.stderr


def test_cli_usage_error() -> None:
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert result.stdout == ""


# ------------------------------------------------------------------------------------------
# Embedded servers (slow: initdb + server start)
# ------------------------------------------------------------------------------------------


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("SUIJI_SLOW_TESTS") != "1", reason="set SUIJI_SLOW_TESTS=1")
def test_embedded_servers_start_reuse_stop() -> None:
    psycopg2 = pytest.importorskip("psycopg2")
    # mkdtemp is 0700: as root this also exercises making the dir reachable for the pg user.
    data_dir = Path(tempfile.mkdtemp(prefix="suiji-services-"))
    env = {
        "DATABASE_URL": DEAD_PG_URL,
        "REDIS_URL": DEAD_REDIS_URL,
        "SUIJI_DATA_DIR": str(data_dir),
        # different preferred ports than a developer's .data servers (busy ones are skipped)
        "SUIJI_EMBEDDED_PG_PORT": "55462",
        "SUIJI_EMBEDDED_REDIS_PORT": "56462",
    }
    try:
        first = run_cli("ensure", "--db-name", "suiji_embedded", env=env)
        assert first.returncode == 0, first.stderr
        urls = parse_exports(first.stdout)
        assert "embedded PostgreSQL started" in first.stderr
        assert "embedded Redis started" in first.stderr

        pg = services.parse_database_url(urls["DATABASE_URL"])
        assert pg.host == "127.0.0.1" and pg.dbname == "suiji_embedded"
        conn = psycopg2.connect(urls["DATABASE_URL"])
        with conn.cursor() as cur:
            cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            assert cur.fetchone()[0] is True  # pytest-django can create test_<name>
            cur.execute("SHOW server_version_num")
            assert int(cur.fetchone()[0]) >= 180000
        conn.close()
        redis = services.parse_redis_url(urls["REDIS_URL"])
        assert redis.host == "127.0.0.1"
        assert services.probe_redis(redis).ok

        started = time.monotonic()
        second = run_cli("ensure", "--db-name", "suiji_embedded", env=env)
        assert second.returncode == 0, second.stderr
        assert time.monotonic() - started < 5
        assert second.stdout == first.stdout
        assert "reusing embedded PostgreSQL" in second.stderr
        assert "reusing embedded Redis" in second.stderr

        stopped = run_cli("stop", env=env)
        assert stopped.returncode == 0, stopped.stderr
        assert "stopped embedded PostgreSQL" in stopped.stderr
        assert "stopped embedded Redis" in stopped.stderr
        assert not _port_open(pg.port)
        assert not _port_open(redis.port)

        restarted = run_cli("ensure", "--db-name", "suiji_embedded", env=env)  # stopped -> start
        assert restarted.returncode == 0, restarted.stderr
        assert "initialising" not in restarted.stderr
        assert "embedded PostgreSQL started" in restarted.stderr
    finally:
        run_cli("stop", env=env)
        shutil.rmtree(data_dir, ignore_errors=True)
