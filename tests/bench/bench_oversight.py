"""oversight_dashboard_150_p50_ms: the prefecture's dashboard over 150 organisations (a bench
prefecture and 149 counties) with a year of index rows each — registered entities, ledger
visits (some joint), inspections with their publication state, a plan row and referrals. Only
public-schema index rows: the organisations get no schema (the dashboard never opens one).

workbench_p50_ms: the workbench of a county's section staff (芒市, demo data).

The bench organisations and their rows are deleted afterwards.
Usage: .venv/bin/python tests/bench/bench_oversight.py [--orgs 150] [--entities 2000] [--runs 9]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
for root in ("platform", "tenants", "graphql"):
    sys.path.insert(0, str(REPO / root))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suiji_platform.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from suiji_api.oversight.schema import dashboard  # noqa: E402
from suiji_platform.accounts.access import Access, access_to  # noqa: E402
from suiji_platform.accounts.models import Role, User  # noqa: E402
from suiji_platform.demo import ensure_demo_accounts, ensure_demo_organisations  # noqa: E402
from suiji_platform.index.models import EntityIndex  # noqa: E402
from suiji_platform.ledger.models import LedgerEntry  # noqa: E402
from suiji_platform.organisations.models import Organisation  # noqa: E402
from suiji_platform.organisations.schemas import use_public_schema  # noqa: E402
from suiji_platform.oversight.models import InspectionProgress, ReferralIndex  # noqa: E402
from suiji_platform.oversight.workbench import workbench  # noqa: E402
from suiji_platform.plan_index.models import PlanStatusIndex  # noqa: E402

PREFIX = "5990"  # bench organisations 599000 (prefecture) … 599149
YEAR = 2026
STATUSES = ["open", "recorded", "reported", "approved", "published", "published"]


def remove() -> None:
    use_public_schema()
    orgs = Organisation.objects.filter(code__startswith=PREFIX[:3])
    ids = list(orgs.values_list("id", flat=True))
    for model in (EntityIndex, LedgerEntry, InspectionProgress, ReferralIndex, PlanStatusIndex):
        model.objects.filter(organisation_id__in=ids).delete()
    orgs.filter(parent__isnull=False).delete()
    orgs.delete()


def _org(code: str, kind: str, parent: Organisation | None) -> Organisation:
    org = Organisation(
        code=code, name=f"基准{code}", kind=kind, parent=parent, schema_name=f"bench_{code}"
    )
    org.auto_create_schema = False
    org.save()
    return org


def build(n_orgs: int, n_entities: int) -> Organisation:
    now = datetime(YEAR, 1, 2, tzinfo=UTC)
    prefecture = _org(f"{PREFIX}00", "prefecture", None)
    orgs = [prefecture] + [
        _org(f"{int(PREFIX) * 100 + i:06d}", "county", prefecture) for i in range(1, n_orgs)
    ]
    for org in orgs:
        EntityIndex.objects.bulk_create(
            [
                EntityIndex(
                    organisation=org,
                    kind="entity",
                    uscc=f"{org.code}{i:012d}",
                    name=f"主体{i}",
                    status="active",
                    updated_at=now,
                )
                for i in range(n_entities)
            ],
            batch_size=5000,
        )
        visits = max(1, n_entities // 20)
        ledger = []
        progress = []
        for v in range(visits):
            entity = f"{org.code}{v:012d}"
            ref = f"{org.code}-D{v // 50:06d}"
            depts = ["housing", "fire"] if v % 3 == 0 else ["housing"]
            for d in depts:
                ledger.append(
                    LedgerEntry(
                        organisation=org,
                        entity_code=entity,
                        item_code=f"I-{d}",
                        department=d,
                        inspected_on=date(YEAR, 4, 1),
                        plan_year=YEAR,
                        source="draw",
                        draw_reference=ref,
                        visit_key=ref,
                    )
                )
            status = STATUSES[v % len(STATUSES)]
            progress.append(
                InspectionProgress(
                    organisation=org,
                    reference=f"{ref}-{v:04d}",
                    source="draw",
                    draw_reference=ref,
                    plan_year=YEAR,
                    target_code=entity,
                    departments=depts,
                    window_end=date(YEAR, 5, 31),
                    status=status,
                    publication_due_on=date(YEAR, 6, 30)
                    if status in ("approved", "published")
                    else None,
                    published_at=now if status == "published" else None,
                    published_late=status == "published" and v % 4 == 0,
                    problem_found=v % 5 == 0,
                    followed_up=v % 10 == 0,
                )
            )
        LedgerEntry.objects.bulk_create(ledger, batch_size=5000)
        InspectionProgress.objects.bulk_create(progress, batch_size=5000)
        PlanStatusIndex.objects.create(
            organisation=org,
            year=YEAR,
            status="published",
            version=1,
            draft_due=date(YEAR - 1, 12, 31),
            rounds_planned=4,
        )
        ReferralIndex.objects.create(
            organisation=org,
            reference=f"Y-{org.code}",
            plan_year=YEAR,
            opened_on=date(YEAR, 6, 1) - timedelta(days=int(org.code) % 30),
        )
    # What autovacuum does to fresh tables in production: statistics and the visibility map.
    with connection.cursor() as cursor:
        for model in (EntityIndex, LedgerEntry, InspectionProgress, PlanStatusIndex):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return prefecture


def p50(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=150)
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    call_command("setup", verbosity=0)
    ensure_demo_organisations()
    ensure_demo_accounts()
    remove()
    try:
        prefecture = build(args.orgs, args.entities)
        access = Access(prefecture, frozenset({Role.PREFECTURE_ADMIN}), read_only=False)
        dash = dashboard(access, YEAR)
        assert len(dash.rows) == args.orgs, len(dash.rows)
        ms = p50(lambda: dashboard(access, YEAR), args.runs)
        print(f"oversight_dashboard_{args.orgs}_p50_ms={ms:.1f} ms")
    finally:
        remove()

    county = Organisation.objects.get(code="533103")
    user = User.objects.get(username="mangshi.staff")
    county_access = access_to(user, county)
    assert county_access is not None
    with schema_context(county.schema_name):
        ms = p50(lambda: workbench(county_access, user), args.runs)
    print(f"workbench_p50_ms={ms:.1f} ms")


if __name__ == "__main__":
    main()
