"""Faults on the production-like stack (`make faults`, run with the stack's environment).

1. kill -9 of a gunicorn worker while requests run: the master replaces it, service answers.
2. kill -9 of the Celery worker mid-import: no partial rows; the job must end FAILED (or run
   again) once a worker is back — not stay RUNNING.
3. kill -9 of the Celery worker while a draw runs: made deterministic by holding a SHARE lock
   on the targets table, so the worker's draw (job RUNNING) waits inside its transaction on its
   first INSERT of targets; killed there. Nothing is written (draw COMMITTED, no targets), the
   job ends FAILED with a message (not RUNNING), and executing the draw again completes it.
4. kill -9 of PostgreSQL's primary mid-request, then restart: the request fails cleanly (no
   partial write), and the service answers again by itself.
Prints `ok`/`FAIL`/`FINDING` lines; exit status = number of FAIL lines.
"""

import base64
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import requests
from smoke_checks import TLS_CERT, Client, check, failures, pg_ctl

SMOKE_DIR = Path(os.environ.get("SMOKE_DIR", "/tmp/suiji-prod-smoke"))
REPO = Path(__file__).resolve().parents[2]
PGBIN = os.environ.get("SMOKE_PGBIN", "/usr/lib/postgresql/15/bin")
PG_PORT = os.environ.get("SMOKE_PG_PORT", "54371")
findings: list[str] = []


def pid_of(name: str) -> int:
    return int((SMOKE_DIR / f"{name}.pid").read_text().strip())


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def sql(query: str) -> str:
    return subprocess.run(
        [
            f"{PGBIN}/psql",
            "-XAt",
            "-h",
            "127.0.0.1",
            "-p",
            PG_PORT,
            "-U",
            "postgres",
            "-d",
            "suiji",
            "-c",
            query,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def answers(client: Client, timeout: float = 60) -> float:
    """Seconds until the service answers a signed-in query again."""
    start = time.time()
    while True:
        try:
            client.gql("{ me { username } }")
            return time.time() - start
        except Exception:  # noqa: BLE001 - still down
            if time.time() - start > timeout:
                raise
            time.sleep(0.5)


def restart_worker() -> None:
    env = dict(os.environ)
    log = open(SMOKE_DIR / "logs" / "worker.log", "a")  # noqa: SIM115 - handed to the child
    subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "suiji_platform",
            "worker",
            "-Q",
            env.get("CELERY_QUEUE", "suiji-smoke"),
            "--concurrency=2",
            "--loglevel=INFO",
            "-n",
            "smoke@%h",
            "--pidfile",
            str(SMOKE_DIR / "worker.pid"),
        ],
        cwd=REPO / "platform",
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while not (SMOKE_DIR / "worker.pid").exists() and time.time() < deadline:
        time.sleep(0.5)
    time.sleep(5)


def kill_worker() -> None:
    main = pid_of("worker")
    for pid in [*children(main), main]:
        os.kill(pid, signal.SIGKILL)
    (SMOKE_DIR / "worker.pid").unlink(missing_ok=True)


def job_status(client: Client, org: str, job_id: str) -> dict:
    return client.gql(
        "query($j:ID!){ job(id:$j){ status progress message } }", {"j": job_id}, org=org
    )["job"]


def wait_job(
    client: Client, org: str, job_id: str, want: set[str], timeout: float, every: float = 1.0
) -> dict:
    deadline = time.time() + timeout
    while True:
        job = job_status(client, org, job_id)
        if job["status"] in want or time.time() > deadline:
            return job
        time.sleep(every)


@check("kill -9 of a gunicorn worker: replaced, service answers")
def gunicorn_worker() -> None:
    client = Client()
    client.login("mangshi.staff")
    master = pid_of("gunicorn")
    before = children(master)
    errors: list[str] = []
    stop = threading.Event()

    def traffic() -> None:
        me = Client()
        me.s.cookies.update(client.s.cookies)
        while not stop.is_set():
            try:
                me.gql("{ marketEntities(first: 5) { totalCount } }", org="533103")
            except Exception as exc:  # noqa: BLE001 - counted
                errors.append(str(exc)[:100])

    threads = [threading.Thread(target=traffic) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(2)
    os.kill(before[0], signal.SIGKILL)
    time.sleep(5)
    stop.set()
    for t in threads:
        t.join()
    after = children(master)
    assert len(after) == len(before) and before[0] not in after, (before, after)
    answers(client)
    # Requests that were inside the killed worker fail (the client sees a 502); no others.
    print(f"     requests failed during the kill: {len(errors)}")


def _upload_import(client: Client, org: str) -> str:
    exported = client.s.get(f"{client_base()}/o/{org}/registries/export/entities.xlsx", timeout=300)
    assert exported.status_code == 200, exported.status_code
    response = client.s.post(
        f"{client_base()}/o/{org}/registries/uploads/",
        files={"file": ("entities.xlsx", io.BytesIO(exported.content))},
        headers={
            "X-CSRFToken": client.s.cookies.get("csrftoken", ""),
            "Referer": f"{client_base()}/",
        },
        timeout=300,
    )
    assert response.status_code == 200, response.text[:300]
    return response.json()["token"]


def client_base() -> str:
    return os.environ.get("SMOKE_URL", "https://127.0.0.1:18443")


@check("kill -9 of the Celery worker mid-import: no partial data (job state: see FINDING)")
def worker_mid_import() -> None:
    org = "533103"
    client = Client()
    client.login("mangshi.admin")
    token = _upload_import(client, org)
    count_before = sql(f"SELECT count(*), max(updated_at) FROM org_{org}.registries_marketentity")
    out = client.gql(
        "mutation($t:String!){ startRegistryImport(fileToken:$t, kind:ENTITIES, updateExisting:true)"
        "{ errors { message } job { id } } }",
        {"t": token},
        org=org,
    )["startRegistryImport"]
    assert not out["errors"], out["errors"]
    job_id = out["job"]["id"]
    job = wait_job(client, org, job_id, {"RUNNING", "SUCCEEDED", "FAILED"}, 120)
    assert job["status"] == "RUNNING", f"the import was not caught running: {job}"
    kill_worker()
    count_after = sql(f"SELECT count(*), max(updated_at) FROM org_{org}.registries_marketentity")
    assert count_after == count_before, f"partial import: {count_before} → {count_after}"
    restart_worker()
    job = wait_job(client, org, job_id, {"SUCCEEDED", "FAILED"}, 90)
    print(f"     import job after the restart: {job['status']} — {job['message']}", flush=True)
    if job["status"] not in ("SUCCEEDED", "FAILED"):
        findings.append(
            f"import job whose worker was killed stays {job['status']}: {job['message']}"
        )
        print(f"FINDING import job stays {job['status']} after its worker was killed", flush=True)


@check(
    "kill -9 of the Celery worker while a draw RUNS (writing its targets): nothing written, job failed, draw re-run"
)
def worker_mid_draw() -> None:
    org = "533103"
    client = Client()
    client.login("mangshi.staff")
    plans = client.gql(
        "{ annualPlans(year: 2026, first: 5) { edges { node { tasks { id targetKind rounds { number } } } } } }",
        org=org,
    )
    tasks = [
        t
        for e in plans["annualPlans"]["edges"]
        for t in e["node"]["tasks"]
        if t["targetKind"] == "ENTITY"
    ]
    # Round 2 was drawn by the smoke checks: a second person voids that draw (with a reason),
    # which is the only way a round may be drawn again.
    drawn = client.gql(
        "{ draws(first: 50) { edges { node { id status roundNumber reference } } } }", org=org
    )["draws"]["edges"]
    live = [e["node"] for e in drawn if e["node"]["status"] in ("EXECUTED", "PUBLISHED")]
    rnd = max(r["number"] for r in tasks[0]["rounds"])
    admin = Client()
    admin.login("mangshi.admin")
    for d in live:
        if d["roundNumber"] == rnd:
            out = admin.gql(
                'mutation($d:ID!){ voidDraw(id:$d, reason:"故障演练：重新抽取"){ errors { message } } }',
                {"d": d["id"]},
                org=org,
            )["voidDraw"]
            assert not out["errors"], out["errors"]
    created = client.gql(
        "mutation($t:ID!,$r:Int!){ createDraw(taskId:$t, round:$r){ draw { id } errors { message } } }",
        {"t": tasks[0]["id"], "r": rnd},
        org=org,
    )["createDraw"]
    assert not created["errors"], created["errors"]
    draw_id = created["draw"]["id"]
    client.gql(
        "mutation($d:ID!){ commitDraw(id:$d){ errors { message } } }", {"d": draw_id}, org=org
    )
    # Deterministic "mid-draw": a session of ours holds a SHARE lock on the targets table, so
    # the worker runs the draw (job RUNNING, the engine done) and then waits inside the draw's
    # transaction on its first INSERT of targets. It is killed there, then the lock is released.
    hold = psycopg2.connect(os.environ["DIRECT_DATABASE_URL"])
    hold.cursor().execute(f"LOCK TABLE org_{org}.draws_drawtarget IN SHARE MODE")
    try:
        out = client.gql(
            "mutation($d:ID!){ executeDraw(id:$d){ errors { message } job { id } } }",
            {"d": draw_id},
            org=org,
        )["executeDraw"]
        assert out["job"], out
        job_id = out["job"]["id"]
        waiting = _wait_for_lock_wait(hold, "draws_drawtarget", timeout=180)
        # The side thread writes progress at most twice a second: give it a moment.
        job = wait_job(client, org, job_id, {"SUCCEEDED", "FAILED"}, 3, every=0.5)
        blocked = sql(
            "SELECT string_agg(pid || ': ' || left(query, 60), '; ') FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock'"
        )
        print(f"     backends waiting for a lock: {blocked}", flush=True)
        print(
            f"     the draw job is {job['status']} at {job['progress']} % ({job['message']}); "
            f"its backend {waiting} waits to write the targets: worker killed",
            flush=True,
        )
        assert job["status"] == "RUNNING", f"the draw was not caught running: {job}"
        kill_worker()
    finally:
        hold.rollback()
    # The killed worker's backend gets its lock, then finds its client gone and rolls back.
    deadline = time.time() + 60
    while sql(f"SELECT count(*) FROM pg_stat_activity WHERE pid = {waiting}") != "0":
        assert time.time() < deadline, f"the killed worker's backend {waiting} is still there"
        time.sleep(0.5)
    hold.close()
    state = client.gql("query($d:ID!){ draw(id:$d){ status } }", {"d": draw_id}, org=org)["draw"]
    assert state["status"] == "COMMITTED", f"draw after the kill: {state}"
    targets = _targets_of(org, draw_id)
    assert targets == "0", f"targets written for a draw killed mid-write: {targets}"
    print(f"     after the kill: draw {state['status']}, {targets} targets written", flush=True)
    restart_worker()
    # Claimed and killed: failed by the sweeper (heartbeat older than a minute), or at once by
    # the pool's parent when only the child died.
    job = wait_job(client, org, job_id, {"SUCCEEDED", "FAILED"}, 180, every=3)
    state = client.gql("query($d:ID!){ draw(id:$d){ status } }", {"d": draw_id}, org=org)["draw"]
    print(
        f"     draw job after the restart: {job['status']} — {job['message']}; "
        f"draw {state['status']}",
        flush=True,
    )
    if job["status"] not in ("SUCCEEDED", "FAILED"):
        findings.append(
            f"draw job whose worker was killed stays {job['status']} (draw {state['status']})"
        )
        print(f"FINDING draw job stays {job['status']} after its worker was killed", flush=True)
        return
    if job["status"] == "FAILED":
        assert state["status"] == "COMMITTED", state
        # Nothing was written: the same committed draw is executed again, and completes.
        again = client.gql(
            "mutation($d:ID!){ executeDraw(id:$d){ errors { message } job { id } } }",
            {"d": draw_id},
            org=org,
        )["executeDraw"]
        assert again["job"] and not again["errors"], again
        job = wait_job(client, org, again["job"]["id"], {"SUCCEEDED", "FAILED"}, 180)
        state = client.gql(
            "query($d:ID!){ draw(id:$d){ status targetCount } }", {"d": draw_id}, org=org
        )["draw"]
        print(
            f"     executed again: job {job['status']} — {job['message']}; draw {state['status']}",
            flush=True,
        )
        assert job["status"] == "SUCCEEDED", job
    assert state["status"] == "EXECUTED", state
    targets = _targets_of(org, draw_id)
    draw_row = sql(f"SELECT target_count FROM org_{org}.draws_draw WHERE id = {_pk(draw_id)}")
    assert targets == draw_row and int(targets) > 0, (targets, draw_row)


def _pk(node_id: str) -> int:
    return int(base64.b64decode(node_id).decode().split(":")[1])


def _targets_of(org: str, draw_id: str) -> str:
    return sql(f"SELECT count(*) FROM org_{org}.draws_drawtarget WHERE draw_id = {_pk(draw_id)}")


def _wait_for_lock_wait(hold: "psycopg2.extensions.connection", table: str, timeout: float) -> int:
    """The pid of a backend waiting for a lock on `table` (the one `hold` keeps)."""
    deadline = time.time() + timeout
    # Autocommit: pg_stat_activity is read afresh by every statement, not once per transaction.
    watch = psycopg2.connect(os.environ["DIRECT_DATABASE_URL"])
    watch.autocommit = True
    try:
        while True:
            cur = watch.cursor()
            cur.execute(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query ILIKE %s AND %s = ANY(pg_blocking_pids(pid))",
                (f"%{table}%", hold.get_backend_pid()),
            )
            row = cur.fetchone()
            if row:
                return int(row[0])
            assert time.time() < deadline, f"no backend came to wait on {table}"
            time.sleep(0.2)
    finally:
        watch.close()


@check("kill -9 of the PostgreSQL primary mid-request, restart: no partial write, service returns")
def primary_killed() -> None:
    client = Client()
    client.login("mangshi.staff")
    audit_before = sql("SELECT count(*) FROM org_533103.audit_auditrecord")
    result: dict[str, object] = {}

    def slow_request() -> None:
        try:
            result["data"] = client.gql(
                "{ marketEntities(first: 500) { totalCount edges { node { id name uscc } } } }",
                org="533103",
            )
        except Exception as exc:  # noqa: BLE001 - expected while the primary is down
            result["error"] = str(exc)[:200]

    t = threading.Thread(target=slow_request)
    t.start()
    time.sleep(0.3)
    postmaster = int((SMOKE_DIR / "primary" / "postmaster.pid").read_text().split()[0])
    os.kill(postmaster, signal.SIGKILL)
    t.join(timeout=120)
    # The orphaned backends exit once the postmaster is gone; then start it again (recovery).
    time.sleep(2)
    for pid in subprocess.run(
        ["pgrep", "-f", f"postgres.*{SMOKE_DIR}/primary"], capture_output=True, text=True
    ).stdout.split():
        os.kill(int(pid), signal.SIGKILL)
    (SMOKE_DIR / "primary" / "postmaster.pid").unlink(missing_ok=True)
    pg_ctl("start", "primary")
    took = answers(client, timeout=90)
    print(
        f"     service answered {took:.1f} s after the primary restarted; in-flight: "
        f"{'error' if 'error' in result else 'completed'}"
    )
    from subprocess import run  # noqa: PLC0415

    verify = run(
        [sys.executable, "manage.py", "verify_audit", "--org", "533103"],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": os.environ["DIRECT_DATABASE_URL"]},
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert int(sql("SELECT count(*) FROM org_533103.audit_auditrecord")) >= int(audit_before)
    # The replica follows the restarted primary again.
    requests.get(f"{client_base()}/", verify=TLS_CERT, timeout=30).raise_for_status()


def main() -> int:
    chosen = set(sys.argv[1:])
    for fn in (gunicorn_worker, worker_mid_import, worker_mid_draw, primary_killed):
        if chosen and fn.__name__ not in chosen:
            continue
        fn()
    for finding in findings:
        print(f"finding: {finding}")
    print(f"faults_failures={len(failures)}")
    print(f"faults_findings={len(findings)}")
    return len(failures)


if __name__ == "__main__":
    sys.exit(main())
