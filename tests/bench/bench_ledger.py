"""Ledger benchmarks (issue 11).

burden_view_p50_ms: GraphQL `entityBurden` for an entity with 20 inspections (random and
targeted, county and prefecture, several departments), among 100,000 other ledger rows, asked
by the prefecture administrator through the Django test client; median of 51.

cap_check_concurrent_errors: two draws of one temporary county over overlapping pools (40
entities; A: item BL-1 at 50 %, B: item BL-2 at 50 %, cap of 1 visit), committed, then
executed at the same moment by two OS processes; 50 times (each trial's executed draws are
voided afterwards so the next starts clean). Counted after every trial: entities over their
cap and (entity, item) inspected twice. Goal 0. `cap_check_refused` says in how many trials
the second execution was refused (the draws did overlap).

Usage: .venv/bin/python tests/bench/bench_ledger.py [--trials 50]
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
for root in ("platform", "tenants", "graphql"):
    sys.path.insert(0, str(REPO / root))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suiji_platform.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402
from scaffold import bench_item, bench_officers, remove_county  # noqa: E402

from suiji_platform.accounts.access import Access  # noqa: E402
from suiji_platform.accounts.models import Role, User  # noqa: E402
from suiji_platform.demo import ensure_demo_accounts, ensure_demo_organisations  # noqa: E402
from suiji_platform.ledger.models import LedgerEntry  # noqa: E402
from suiji_platform.ledger.services import LedgerItem, record_draw_visits  # noqa: E402
from suiji_platform.organisations.models import Organisation  # noqa: E402
from suiji_platform.organisations.services import create_organisation  # noqa: E402
from suiji_platform.pgcopy import copy_value  # noqa: E402
from suiji_tenants.draws import services as draws  # noqa: E402
from suiji_tenants.draws.models import Draw  # noqa: E402
from suiji_tenants.plans import services as plans  # noqa: E402
from suiji_tenants.registries.models import MarketEntity  # noqa: E402

CODE = "533191"
ENTITY = "91533100BENCH00020"
WINDOW = (date(2026, 5, 1), date(2026, 5, 31))
ROUNDS = 10

WORKER = """
import sys, time
import django
django.setup()
from django_tenants.utils import schema_context
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.draws.services import execute_draw

org = Organisation.objects.get(code=sys.argv[1])
for line in sys.stdin:
    draw_id, start = line.split()
    with schema_context(org.schema_name):
        time.sleep(max(0.0, float(start) - time.time()))
        try:
            execute_draw(int(draw_id), organisation=org, acting_user=None)
            print("OK", flush=True)
        except FieldError as exc:
            print("ERR", exc.code, flush=True)
"""

QUERY = (
    "query($c:String!){ entityBurden(code:$c, year:2026){ code randomVisits targetedVisits"
    " visitCap visits { visitKey organisationName sourceLabel items departments startsOn } } }"
)


def burden_view(county: Organisation) -> float:
    prefecture = Organisation.objects.get(code="533100")
    orgs = [prefecture, county, *Organisation.objects.filter(parent=prefecture)[:3]]
    deps = ["housing", "market_supervision", "fire", "natural_resources"]
    for n in range(20):
        org = orgs[n % len(orgs)]
        record_draw_visits(
            organisation_id=org.pk,
            entity_codes=[ENTITY],
            items=[LedgerItem(f"BL-{n:02d}", 1, deps[n % len(deps)])],
            inspected_on=date(2026, 1 + n // 2, 1),
            period_end=date(2026, 1 + n // 2, 20),
            plan_year=2026,
            draw_reference=f"{org.code}:BENCH-{n:02d}",
        )
    LedgerEntry.objects.filter(entity_code=ENTITY, item_code__in=["BL-03", "BL-07"]).update(
        source="targeted"
    )
    # 100,000 other rows (5,000 entities × 20) so the index has work to do.
    buf = io.StringIO()
    now = "2026-06-01T00:00:00+00:00"
    for e in range(5000):
        for n in range(20):
            values = (county.pk, f"91533100NOISE{e:05d}", f"BL-{n:02d}", 1, "housing",
                      "2026-05-01", "2026-05-31", 2026, "draw", f"{CODE}:NOISE-{n}",
                      f"{CODE}:NOISE-{n}", None, "f", now)  # fmt: skip
            buf.write("\t".join(copy_value(v) for v in values) + "\n")
    buf.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            "COPY public.ledger_ledgerentry (organisation_id, entity_code, item_code,"
            " item_version, department, inspected_on, period_end, plan_year, source,"
            " draw_reference, visit_key, closed_on, voided, created_at) FROM STDIN",
            buf,
        )
        cursor.execute("ANALYZE public.ledger_ledgerentry")
    client = Client()
    client.force_login(User.objects.get(username="dehong.admin"))
    times = []
    for _ in range(51):
        start = time.perf_counter()
        response = client.post(
            "/o/533100/graphql/",
            data=json.dumps({"query": QUERY, "variables": {"c": ENTITY}}),
            content_type="application/json",
        )
        times.append((time.perf_counter() - start) * 1000)
        body = json.loads(response.content)
    b = body["data"]["entityBurden"]
    assert len(b["visits"]) == 20 and b["targetedVisits"] == 2, body
    LedgerEntry.objects.filter(draw_reference__startswith=f"{CODE}:NOISE-").delete()
    return statistics.median(times)


def setup_tasks(org: Organisation, trials: int) -> list:
    bench_item("BL-1")
    bench_item("BL-2")
    bench_officers(8, "L")
    MarketEntity.objects.bulk_create(
        MarketEntity(
            name=f"基准企业{i}",
            uscc=f"91533191CAP{i:07d}",
            entity_type="建筑业企业",
            region="勐焕街道",
            credit_class="B",
        )
        for i in range(40)
    )
    access = Access(org, frozenset({Role.COUNTY_ADMIN}), read_only=False)
    kw = {"organisation": org, "acting_user": None}
    plan = plans.create_plan(year=2026, title="", **kw)
    # A task has at most 12 rounds a year: pairs of tasks of 10 rounds, one pair per 10 trials.
    pairs = -(-trials // ROUNDS)
    tasks = [
        plans.create_task(
            plan,
            plans.TaskInput(
                title=f"并发任务{item}-{p}",
                item_codes=[item],
                rounds=[plans.RoundInput(*WINDOW) for _ in range(ROUNDS)],
                sampling_mode="ratio",
                ratio_bp=5000,
                officers_per_team=2,
                targets_per_team=100,
            ),
            access=access,
            **kw,
        )
        for p in range(pairs)
        for item in ("BL-1", "BL-2")
    ]
    for action in ("submit", "consolidate", "report", "publish"):
        plan = plans.transition_plan(
            plan, action, access=access, recipient="州住建局" if action == "report" else "", **kw
        )
    return tasks


def errors_now(org: Organisation, cap: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT entity_code FROM public.ledger_ledgerentry"
            " WHERE draw_reference LIKE %s AND NOT voided AND source = 'draw'"
            " GROUP BY entity_code HAVING count(DISTINCT visit_key) > %s) over",
            [f"{CODE}:{CODE}-D%", cap],
        )
        over = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM (SELECT entity_code, item_code FROM public.ledger_ledgerentry"
            " WHERE draw_reference LIKE %s AND NOT voided GROUP BY entity_code, item_code"
            " HAVING count(*) > 1) twice",
            [f"{CODE}:{CODE}-D%"],
        )
        return int(over) + int(cursor.fetchone()[0])


def cap_check(org: Organisation, trials: int) -> tuple[int, int]:
    voider, _ = User.objects.get_or_create(username="bench.ledger.voider")
    with schema_context(org.schema_name):
        tasks = setup_tasks(org, trials)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(str(REPO / r) for r in ("platform", "tenants", "graphql")),
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, CODE],
            env=env,
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    errors = refused = 0
    try:
        for n in range(1, trials + 1):
            with schema_context(org.schema_name):
                committed = []
                pair = tasks[2 * ((n - 1) // ROUNDS) : 2 * ((n - 1) // ROUNDS) + 2]
                for task in pair:
                    d = draws.create_draw(
                        task, (n - 1) % ROUNDS + 1, visit_cap=1, organisation=org, acting_user=None
                    )
                    committed.append(draws.commit_draw(d, organisation=org, acting_user=None))
            start = time.time() + 0.5
            for w, d in zip(workers, committed, strict=True):
                assert w.stdin is not None
                w.stdin.write(f"{d.pk} {start}\n")
                w.stdin.flush()
            results = [w.stdout.readline().strip() for w in workers if w.stdout]
            refused += sum(1 for r in results if r.startswith("ERR ledger_conflict"))
            errors += errors_now(org, 1)
            with schema_context(org.schema_name):
                for d in committed:
                    draws.void_draw(
                        Draw.objects.get(pk=d.pk),
                        reason="基准测试",
                        organisation=org,
                        acting_user=voider,
                    )
    finally:
        for w in workers:
            if w.stdin:
                w.stdin.close()
            w.wait(timeout=60)
    return errors, refused


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=50)
    args = parser.parse_args()
    call_command("setup", verbosity=0)
    ensure_demo_organisations()
    ensure_demo_accounts()
    remove_county(CODE)
    LedgerEntry.objects.filter(entity_code=ENTITY).delete()
    try:
        org = create_organisation(code=CODE, name="台账基准县", kind="county", parent_code="533100")
        print(f"burden_view_p50_ms={burden_view(org):.1f} ms")
        errors, refused = cap_check(org, args.trials)
        print(f"cap_check_concurrent_errors={errors} count  # over {args.trials} trials, goal 0")
        print(f"cap_check_refused={refused} count  # trials whose second execution was refused")
    finally:
        LedgerEntry.objects.filter(entity_code=ENTITY).delete()
        remove_county(CODE)


if __name__ == "__main__":
    main()
