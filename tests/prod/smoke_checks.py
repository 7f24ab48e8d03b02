"""Smoke checks against the production-like stack (deploy/smoke/stack.sh), through nginx.

Run by `make prod-smoke` with the stack's environment (`eval "$(deploy/smoke/stack.sh env)"`).
Each check prints `ok <name>` or `FAIL <name>: why`; the exit status is the number of failures.
"""

import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

REPO = Path(__file__).resolve().parents[2]
BASE = os.environ.get("SMOKE_URL", "https://127.0.0.1:18443")
SMOKE_DIR = Path(os.environ.get("SMOKE_DIR", "/tmp/suiji-prod-smoke"))
PGBIN = os.environ.get("SMOKE_PGBIN", "/usr/lib/postgresql/15/bin")
REPLICA_PORT = os.environ.get("SMOKE_REPLICA_PORT", "54372")
PASSWORD = "suiji-demo-2026"
# The stack's self-signed certificate (for 127.0.0.1): TLS is verified against it.
TLS_CERT = str(SMOKE_DIR / "tls" / "server.crt")
failures: list[str] = []


def check(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    def wrap(fn: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            start = time.perf_counter()
            try:
                fn()
            except Exception as exc:  # noqa: BLE001 - every failure is reported, then counted
                failures.append(name)
                print(f"FAIL {name}: {type(exc).__name__}: {exc}", flush=True)
            else:
                print(f"ok   {name} ({time.perf_counter() - start:.1f} s)", flush=True)

        run.__name__ = fn.__name__
        return run

    return wrap


class Client:
    """A browser-like session: CSRF cookie from the page, then GraphQL posts."""

    def __init__(self) -> None:
        self.s = requests.Session()
        self.s.verify = TLS_CERT
        self.s.trust_env = False  # REQUESTS_CA_BUNDLE would replace the stack certificate
        response = self.s.get(f"{BASE}/", timeout=30)
        response.raise_for_status()
        self.last: requests.Response = response

    def gql(self, query: str, variables: dict | None = None, org: str | None = None) -> dict:
        url = f"{BASE}/o/{org}/graphql/" if org else f"{BASE}/graphql/"
        response = self.s.post(
            url,
            data=json.dumps({"query": query, "variables": variables or {}}),
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": self.s.cookies.get("csrftoken", ""),
                "Referer": f"{BASE}/",
            },
            timeout=120,
        )
        self.last = response
        assert response.status_code == 200, (
            f"{url}: HTTP {response.status_code} {response.text[:300]}"
        )
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def login(self, username: str) -> requests.Response:
        data = self.gql(
            "mutation($u:String!,$p:String!){ login(username:$u,password:$p){"
            " me { username } errors { field message } } }",
            {"u": username, "p": PASSWORD},
        )
        assert data["login"]["me"], data
        return self.last


def assert_security_headers(response: requests.Response, what: str) -> None:
    h = response.headers
    assert "max-age=" in h.get("Strict-Transport-Security", ""), f"{what}: no HSTS"
    assert h.get("X-Frame-Options") == "DENY", f"{what}: X-Frame-Options {h.get('X-Frame-Options')}"
    assert h.get("X-Content-Type-Options") == "nosniff", f"{what}: no nosniff"
    csp = h.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, f"{what}: CSP {csp!r}"


@check("security headers on the app page (HSTS, CSP, X-Frame-Options, nosniff)")
def page_headers() -> None:
    response = requests.get(f"{BASE}/", verify=TLS_CERT, timeout=30)
    assert response.status_code == 200
    assert_security_headers(response, "/")
    cookie = response.headers.get("Set-Cookie", "")
    assert "csrftoken=" in cookie and "Secure" in cookie, f"CSRF cookie not Secure: {cookie}"


@check("http redirects to https")
def http_redirect() -> None:
    port = int(BASE.rsplit(":", 1)[1]) + 1
    response = requests.get(f"http://127.0.0.1:{port}/o/533103/", allow_redirects=False, timeout=10)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://"), response.headers["Location"]


@check("nginx serves the web app's static files itself")
def static_by_nginx() -> None:
    page = requests.get(f"{BASE}/", verify=TLS_CERT, timeout=30).text
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page)
    assert assets, "the page references no /static/ asset (is the web app built?)"
    response = requests.get(f"{BASE}{assets[0]}", verify=TLS_CERT, timeout=30)
    assert response.status_code == 200, response.status_code
    assert_security_headers(response, assets[0])
    access_log = (SMOKE_DIR / "logs" / "gunicorn-access.log").read_text()
    assert assets[0] not in access_log, "a static file went to gunicorn"


@check("log in through nginx: secure, HttpOnly session cookie")
def login_cookie() -> None:
    client = Client()
    response = client.login("mangshi.staff")
    cookie = response.headers.get("Set-Cookie", "")
    session = next((c for c in response.raw.headers.getlist("Set-Cookie") if "sessionid=" in c), "")
    assert session, f"no session cookie: {cookie}"
    assert "Secure" in session and "HttpOnly" in session, session
    assert_security_headers(response, "graphql")


state: dict[str, Any] = {}


@check("a draw runs in the Celery worker and is published")
def draw_through_worker() -> None:
    client = Client()
    client.login("mangshi.staff")
    org = "533103"
    plans = client.gql(
        "{ annualPlans(year: 2026) { edges { node { tasks { id title targetKind } } } } }", org=org
    )
    tasks = [t for e in plans["annualPlans"]["edges"] for t in e["node"]["tasks"]]
    task = next(t for t in tasks if t["targetKind"] == "ENTITY")
    created = client.gql(
        "mutation($t:ID!){ createDraw(taskId:$t, round:2){ draw { id poolSize } errors { field message } } }",
        {"t": task["id"]},
        org=org,
    )["createDraw"]
    if created["errors"]:
        raise AssertionError(created["errors"])
    draw_id = created["draw"]["id"]
    out = client.gql(
        "mutation($d:ID!){ commitDraw(id:$d){ errors { message } draw { poolSize } } }",
        {"d": draw_id},
        org=org,
    )["commitDraw"]
    assert not out["errors"], out["errors"]
    assert out["draw"]["poolSize"] > 20000, (
        f"pool {out['draw']['poolSize']} would not use the worker"
    )
    out = client.gql(
        'mutation($d:ID!){ addWitnessInput(id:$d, name:"冒烟测试公证处", value:"4711"){ errors { message } } }',
        {"d": draw_id},
        org=org,
    )["addWitnessInput"]
    assert not out["errors"], out["errors"]
    out = client.gql(
        "mutation($d:ID!){ executeDraw(id:$d){ errors { message } job { id status } } }",
        {"d": draw_id},
        org=org,
    )["executeDraw"]
    assert not out["errors"] and out["job"], out
    job_id = out["job"]["id"]
    deadline = time.time() + 300
    while True:
        job = client.gql(
            "query($j:ID!){ job(id:$j){ status progress message } }", {"j": job_id}, org=org
        )["job"]
        if job["status"] in ("SUCCEEDED", "FAILED") or time.time() > deadline:
            break
        time.sleep(1)
    assert job["status"] == "SUCCEEDED", job
    out = client.gql(
        "mutation($d:ID!){ publishDraw(id:$d){ errors { message } draw { reference } } }",
        {"d": draw_id},
        org=org,
    )["publishDraw"]
    assert not out["errors"], out["errors"]
    state["reference"] = out["draw"]["reference"]


def replica_commits() -> int:
    result = subprocess.run(
        [
            f"{PGBIN}/psql",
            "-XAt",
            "-h",
            "127.0.0.1",
            "-p",
            REPLICA_PORT,
            "-U",
            "postgres",
            "-d",
            "suiji",
            "-c",
            "SELECT xact_commit FROM pg_stat_database WHERE datname = 'suiji'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip())


PORTAL = '{ publicDraws(organisationCode: "533103") { reference } publicOrganisations { code } }'


@check("the public portal reads from the replica (and sees the new draw)")
def portal_from_replica() -> None:
    anonymous = Client()
    reference = state.get("reference")
    deadline = time.time() + 20
    while True:
        data = anonymous.gql(PORTAL)
        assert anonymous.last.headers.get("X-Suiji-Read-DB") == "replica", anonymous.last.headers
        if reference is None or reference in {d["reference"] for d in data["publicDraws"]}:
            break
        assert time.time() < deadline, f"draw {reference} never reached the replica"
        time.sleep(0.5)
    before = replica_commits()
    for _ in range(10):
        anonymous.gql(PORTAL)
    time.sleep(1)  # statistics are flushed by the backend at the end of its session
    assert replica_commits() - before >= 10, "the replica did not serve the portal reads"
    # A signed-in user reads the primary (read-your-writes): no replica header.
    staff = Client()
    staff.login("mangshi.staff")
    staff.gql(PORTAL)
    assert "X-Suiji-Read-DB" not in staff.last.headers


def pg_ctl(action: str, cluster: str) -> None:
    cmd = [f"{PGBIN}/pg_ctl", "-D", str(SMOKE_DIR / cluster), "-w", "-m", "fast", action]
    if action == "start":
        cmd += ["-l", str(SMOKE_DIR / "logs" / f"{cluster}.log")]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


@check("replica down: the portal falls back to the primary, logs it, and returns to the replica")
def replica_down() -> None:
    anonymous = Client()
    pg_ctl("stop", "replica")
    try:
        data = anonymous.gql(PORTAL)
        assert anonymous.last.headers.get("X-Suiji-Read-DB") == "primary", anonymous.last.headers
        assert data["publicOrganisations"], data
        log = (SMOKE_DIR / "logs" / "gunicorn.log").read_text()
        assert "portal reads fall back to the primary" in log, "the fallback was not logged"
    finally:
        pg_ctl("start", "replica")
    deadline = time.time() + 30
    while True:
        anonymous.gql(PORTAL)
        if anonymous.last.headers.get("X-Suiji-Read-DB") == "replica":
            break
        assert time.time() < deadline, "the portal never went back to the replica"
        time.sleep(1)


@check("PgBouncer (session mode): concurrent requests to two organisations never mix schemas")
def pgbouncer_isolation() -> None:
    query = "{ currentOrganisation { code } marketEntities(first: 20) { edges { node { uscc } } } }"
    client = Client()
    client.login("multi.admin")
    orgs = ("533103", "533102")
    baseline = {}
    for org in orgs:
        data = client.gql(query, org=org)
        baseline[org] = sorted(e["node"]["uscc"] for e in data["marketEntities"]["edges"])
    assert baseline[orgs[0]] != baseline[orgs[1]]
    mixed: list[str] = []

    def hammer(org: str) -> None:
        me = Client()
        me.s.cookies.update(client.s.cookies)
        for _ in range(15):
            data = me.gql(query, org=org)
            got = sorted(e["node"]["uscc"] for e in data["marketEntities"]["edges"])
            if data["currentOrganisation"]["code"] != org or got != baseline[org]:
                mixed.append(org)

    threads = [threading.Thread(target=hammer, args=(orgs[i % 2],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not mixed, f"{len(mixed)} responses showed another organisation's data"


@check("manage.py check --deploy is clean (production settings)")
def check_deploy() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def main() -> int:
    start = time.perf_counter()
    for fn in (
        page_headers,
        http_redirect,
        static_by_nginx,
        login_cookie,
        draw_through_worker,
        portal_from_replica,
        replica_down,
        pgbouncer_isolation,
        check_deploy,
    ):
        fn()
    print(f"prod_smoke_checks_seconds={time.perf_counter() - start:.1f} s")
    print(f"prod_smoke_failures={len(failures)}")
    return len(failures)


if __name__ == "__main__":
    sys.exit(main())
