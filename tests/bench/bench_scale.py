"""Scale: N organisations with small registries in one database, measured.

    BENCH_SCALE_N=150 python tests/bench/bench_scale.py      (default N = 150)
    BENCH_SCALE_N=2000 python tests/bench/bench_scale.py     (`make bench-scale-2000`, heavy)

It uses its own database (`suiji_bench_scale_<N>` on the server of DATABASE_URL, or
BENCH_SCALE_DB) and drops it at the end (BENCH_SCALE_KEEP=1 keeps it). Prints `name=value unit`:
- tenant_create_seconds_{first,median,last10}: creating one organisation (clone of the base
  schema), all created one after another in this one long-lived process;
- tenants_<N>_setup_noop_seconds_{serial,parallel}: `manage.py setup` when nothing is left to do;
- catalog_relations / catalog_bytes: size of pg_class and of the whole system catalog;
- oversight_plan_status_ms / oversight_index_ms: the prefecture's reads over all its counties;
- pg_dump_seconds: whole-database dump (custom format);
- restore_org_seconds: per-organisation backup + restore of a county with
  BENCH_SCALE_RESTORE_ENTITIES (default 100,000) entities into a fresh database.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[2]
N = int(os.environ.get("BENCH_SCALE_N", "150"))
ENTITIES_PER_ORG = int(os.environ.get("BENCH_SCALE_ENTITIES", "20"))
RESTORE_ENTITIES = int(os.environ.get("BENCH_SCALE_RESTORE_ENTITIES", "100000"))
# Bounds for the big runs: continue in a kept database (BENCH_SCALE_RESUME=1, with
# BENCH_SCALE_KEEP=1 before), and stop creating after BENCH_SCALE_MAX_CREATE_SECONDS; the
# figures are then named after the number of organisations reached.
RESUME = os.environ.get("BENCH_SCALE_RESUME") == "1"
MAX_CREATE_SECONDS = float(os.environ.get("BENCH_SCALE_MAX_CREATE_SECONDS", "0") or 0)
_base = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/suiji"))
DB = os.environ.get("BENCH_SCALE_DB", f"suiji_bench_scale_{N}")
DB_URL = urlunsplit(_base._replace(path=f"/{DB}"))
PG = ["-h", _base.hostname or "127.0.0.1", "-p", str(_base.port or 5432)]
PG += ["-U", _base.username or "postgres"]

os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suiji_platform.settings")
for root in ("platform", "tenants", "graphql"):
    sys.path.insert(0, str(REPO / root))


def out(name: str, value: float, unit: str) -> None:
    print(f"{name}={value:.3f} {unit}" if isinstance(value, float) else f"{name}={value} {unit}")
    sys.stdout.flush()


def note(text: str) -> None:
    print(f"# {text}", file=sys.stderr, flush=True)


def codes(n: int) -> list[tuple[str, str | None]]:
    """(code, parent) for n organisations: prefectures XXYY00, each with up to 99 counties."""
    result: list[tuple[str, str | None]] = []
    p = 0
    while len(result) < n:
        prefix = f"{71 + p // 90}{10 + p % 90:02d}"
        pref = f"{prefix}00"
        result.append((pref, None))
        for j in range(1, 100):
            if len(result) >= n:
                break
            result.append((f"{prefix}{j:02d}", pref))
        p += 1
    return result


def manage(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def main() -> None:
    if not RESUME:
        subprocess.run(["dropdb", *PG, "--if-exists", "--force", DB], check=True)
        subprocess.run(["createdb", *PG, DB], check=True)
    try:
        run()
    finally:
        if os.environ.get("BENCH_SCALE_KEEP") != "1":
            subprocess.run(["dropdb", *PG, "--if-exists", "--force", DB], check=False)


def run() -> None:
    import django

    started = time.perf_counter()
    out("load_average_1m_at_start", round(os.getloadavg()[0], 2), "")

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from suiji_platform.organisations.models import Organisation
    from suiji_platform.organisations.schemas import use_public_schema
    from suiji_platform.organisations.services import create_organisation
    from suiji_tenants.registries.demo import copy_entities

    call_command("setup", verbosity=0)
    times: list[float] = []
    existing = set(Organisation.objects.values_list("code", flat=True))
    if existing:
        note(f"resuming with {len(existing)} organisations")
    for i, (code, parent) in enumerate(codes(N)):
        if code in existing:
            continue
        if MAX_CREATE_SECONDS and time.perf_counter() - started > MAX_CREATE_SECONDS:
            note(f"creation stopped after {MAX_CREATE_SECONDS:.0f} s at {i} organisations")
            break
        start = time.perf_counter()
        org = create_organisation(
            code=code,
            name=f"基准{'县' if parent else '州'}{code}",
            kind="county" if parent else "prefecture",
            parent_code=parent,
        )
        times.append(time.perf_counter() - start)
        with connection.cursor():
            from django_tenants.utils import schema_context

            with schema_context(org.schema_name):
                copy_entities(org, ENTITIES_PER_ORG, seed=i)
        use_public_schema()
        if i % 25 == 0 or i == N - 1:
            note(f"organisation {i + 1}/{N}: created in {times[-1]:.2f} s")
    reached = Organisation.objects.count()
    out("organisations", reached, "organisations")
    if times:
        out("tenant_create_seconds_first", times[0], "s")
        out("tenant_create_seconds_median", statistics.median(times), "s")
        out(f"tenant_create_seconds_at_{reached}", statistics.median(times[-10:]), "s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'accounts_user'::regclass")
        out("accounts_user_triggers", cursor.fetchone()[0], "triggers")
    connection.close()

    out("create_all_seconds", time.perf_counter() - started, "s")
    out("load_average_1m_after_create", round(os.getloadavg()[0], 2), "")
    out(f"tenants_{reached}_setup_noop_seconds_serial", manage("setup", "-v0"), "s")
    out(
        f"tenants_{reached}_setup_noop_seconds_parallel",
        manage("setup", "-v0", "--executor=multiprocessing"),
        "s",
    )

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class")
        out("catalog_relations", cursor.fetchone()[0], "relations")
        cursor.execute(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'pg_catalog'"
        )
        out("catalog_bytes", int(cursor.fetchone()[0]), "B")
        cursor.execute("SELECT pg_database_size(current_database())")
        out("database_bytes", int(cursor.fetchone()[0]), "B")

    from suiji_platform.accounts.access import Access
    from suiji_platform.index.models import EntityIndex
    from suiji_platform.plan_index.services import plan_statuses_for

    prefecture = Organisation.objects.get(code=codes(1)[0][0])
    start = time.perf_counter()
    for _ in range(5):
        list(
            plan_statuses_for(Access(prefecture, frozenset({"prefecture_admin"}), read_only=False))
        )
    out("oversight_plan_status_ms", (time.perf_counter() - start) / 5 * 1000, "ms")
    county_ids = list(prefecture.children.values_list("id", flat=True))
    start = time.perf_counter()
    for _ in range(5):
        qs = EntityIndex.objects.filter(organisation__in=county_ids)
        list(qs.order_by("organisation_id", "uscc")[:200])
        qs.count()
    out("oversight_index_ms", (time.perf_counter() - start) / 5 * 1000, "ms")

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        dump = subprocess.run(
            ["pg_dump", *PG, "-Fc", "-f", f"{tmp}/all.dump", DB], capture_output=True, text=True
        )
        if dump.returncode == 0:
            out("pg_dump_seconds", time.perf_counter() - start, "s")
        else:  # e.g. out of lock slots: max_locks_per_transaction × max_connections < tables
            note(f"pg_dump failed after {time.perf_counter() - start:.0f} s: {dump.stderr[-300:]}")
        restore_org(tmp)
    out("load_average_1m_at_end", round(os.getloadavg()[0], 2), "")


def restore_org(tmp: str) -> None:
    """A county with RESTORE_ENTITIES entities: back it up alone, restore into a fresh database."""
    from django_tenants.utils import schema_context

    from suiji_platform.organisations.models import Organisation
    from suiji_platform.organisations.schemas import use_public_schema
    from suiji_tenants.registries.demo import copy_entities

    county = Organisation.objects.filter(kind="county").order_by("code").first()
    if county is None or RESTORE_ENTITIES <= 0:
        return
    with schema_context(county.schema_name):
        copy_entities(county, RESTORE_ENTITIES, seed=99)
    use_public_schema()
    target = f"{DB}_restore"
    backup = f"{tmp}/org.tar"
    env = {**os.environ, "DATABASE_URL": DB_URL}
    subprocess.run(
        ["bash", "deploy/backup/backup-org.sh", county.code, backup],
        cwd=REPO,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    target_url = urlunsplit(_base._replace(path=f"/{target}"))
    subprocess.run(["dropdb", *PG, "--if-exists", "--force", target], check=True)
    subprocess.run(["createdb", *PG, target], check=True)
    try:
        # The target holds the public schema of this release, as restore-org.sh requires.
        subprocess.run(
            [sys.executable, "manage.py", "setup", "-v0"],
            cwd=REPO,
            env={**env, "DATABASE_URL": target_url},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        start = time.perf_counter()
        subprocess.run(
            ["bash", "deploy/backup/restore-org.sh", backup],
            cwd=REPO,
            env={**env, "DATABASE_URL": target_url},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        out(f"restore_org_seconds_{RESTORE_ENTITIES}_entities", time.perf_counter() - start, "s")
    finally:
        subprocess.run(["dropdb", *PG, "--if-exists", "--force", target], check=False)


if __name__ == "__main__":
    main()
