"""Joint cross-department draw benchmark (issue 11, "Measure").

A temporary prefecture with 5 temporary counties × 200,000 generated entities (their public
index rows, as the registries write them), 3 departments (housing, market supervision, fire)
with their items and officers, and one joint task at 1 % with mixed teams (one officer of each
department). About 5 % of the entities carry a ledger row for a joint item this year.

Prints, medians of ``--runs`` runs each, interleaved in the same process so both see the same
machine load (`name=value unit`):

* ``joint_draw_1m_seconds``: create_draw + commit_draw (ONE statement over the public index
  and ledger, validation, canonical form with each id's county, digests, frozen pool) +
  execute_draw (frozen pool checked, engine with mixed teams, targets, teams, ledger rows,
  joint visits, record) on the 1,000,000-entity joint pool;
* ``draw_1m_seconds``: the county draw of ``bench_draw.py`` (one temporary county of
  1,000,000 entities), measured in the same run;
* ``joint_draw_ratio``: their ratio (goal ≤ 1.3).

Each measured draw is voided afterwards (not timed), so every run sees the same pool.

Usage: .venv/bin/python tests/bench/bench_joint.py [--per-county 200000] [--runs 3]
"""

import argparse
import gc
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
for root in ("platform", "tenants", "graphql"):
    sys.path.insert(0, str(REPO / root))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suiji_platform.settings")

import django  # noqa: E402

django.setup()

import bench_draw  # noqa: E402  # the county draw of the same run (its setup, same sizes)
from django.db import connection  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402
from scaffold import remove_county  # noqa: E402

from suiji_platform.accounts.access import Access  # noqa: E402
from suiji_platform.accounts.models import Role, User  # noqa: E402
from suiji_platform.index.models import EntityIndex, JointVisit  # noqa: E402
from suiji_platform.ledger.models import LedgerEntry  # noqa: E402
from suiji_platform.organisations.models import Organisation  # noqa: E402
from suiji_platform.organisations.services import create_organisation  # noqa: E402
from suiji_tenants.draws import services as draws  # noqa: E402
from suiji_tenants.plans import joint  # noqa: E402
from suiji_tenants.plans import services as plans  # noqa: E402
from suiji_tenants.registries.demo import copy_entities  # noqa: E402
from suiji_tenants.registries.models import (  # noqa: E402
    InspectionItem,
    InspectionItemVersion,
    Inspector,
)

PREFECTURE = "533190"
COUNTIES = ("533181", "533182", "533183", "533184", "533185")
DEPARTMENTS = {"housing": "建筑市场", "market_supervision": "市场监管", "fire": "消防安全"}
ITEMS = {
    "BENCH-JOINT-ZJ": "housing",
    "BENCH-JOINT-SJ": "market_supervision",
    "BENCH-JOINT-XF": "fire",
}


def remove() -> None:
    JointVisit.objects.filter(prefecture__code=PREFECTURE).delete()
    for code in COUNTIES:
        remove_county(code, ledger_items=list(ITEMS))
    remove_county(PREFECTURE, ledger_items=list(ITEMS))


def setup_counties(per_county: int) -> None:
    for n, code in enumerate(COUNTIES):
        county = create_organisation(
            code=code, name=f"联合基准县{n + 1}", kind="county", parent_code=PREFECTURE
        )
        with schema_context(county.schema_name):
            copy_entities(county, per_county, seed=100 + n, with_index=True)
    with connection.cursor() as cursor:
        # ~5 % already inspected this year for a joint item (ledger rows).
        cursor.execute(
            f"""INSERT INTO public.{LedgerEntry._meta.db_table} (organisation_id, entity_code,
                item_code, item_version, department, inspected_on, plan_year, source,
                draw_reference, visit_key, voided, created_at)
            SELECT i.organisation_id, i.uscc, 'BENCH-JOINT-SJ', 1, 'market_supervision',
                   '2026-05-01', 2026, 'draw', 'bench:joint-earlier', 'bench:joint-earlier',
                   false, now()
            FROM public.{EntityIndex._meta.db_table} i
            JOIN public.organisations_organisation o ON o.id = i.organisation_id
            WHERE o.code = ANY(%s) AND abs(hashtext(i.uscc)) %% 20 = 0""",  # noqa: S608
            [list(COUNTIES)],
        )
        cursor.execute(f"VACUUM (ANALYZE) public.{EntityIndex._meta.db_table}")
        cursor.execute(f"ANALYZE public.{LedgerEntry._meta.db_table}")


def setup_prefecture(org: Organisation) -> object:
    for code, dept in ITEMS.items():
        item = InspectionItem.objects.create(
            code=code,
            name=f"{DEPARTMENTS[dept]}联合检查",
            legal_basis="《中华人民共和国行政处罚法》",
            responsible_body="基准州",
            content="检查",
            method="现场检查",
            department=dept,
            enforcement_category=DEPARTMENTS[dept],
            effective_from=date(2026, 1, 1),
        )
        InspectionItemVersion.objects.create(
            item=item,
            version=1,
            name=item.name,
            legal_basis=item.legal_basis,
            responsible_body=item.responsible_body,
            content=item.content,
            method=item.method,
            department=dept,
            enforcement_category=item.enforcement_category,
            effective_from=item.effective_from,
        )
    for d, (dept, category) in enumerate(DEPARTMENTS.items()):
        Inspector.objects.bulk_create(
            Inspector(
                name=f"执法员{d}-{i}",
                certificate_no=f"BJ{d}{i:05d}",
                certificate_valid_until=date(2027, 12, 31),
                department=dept,
                categories=[category],
            )
            for i in range(400)
        )
    access = Access(org, frozenset({Role.PREFECTURE_ADMIN}), read_only=False)
    kw = {"organisation": org, "acting_user": None}
    plan = plans.create_plan(year=2026, title="", **kw)
    jp = joint.create_joint_plan(plan, title="基准联合抽查计划", access=access, **kw)
    task = plans.create_task(
        plan,
        plans.TaskInput(
            title="基准联合抽取任务",
            item_codes=list(ITEMS),
            rounds=[plans.RoundInput(date(2026, 12, 1), date(2026, 12, 31))],
            ratio_bp=100,
            officers_per_team=3,
            targets_per_team=50,
            departments=["market_supervision", "fire"],
            joint_plan_id=jp.pk,
            lead_department="housing",
            counties=list(COUNTIES),
            joint_mode="prefecture",
        ),
        access=access,
        **kw,
    )
    for action in ("submit", "consolidate", "report", "publish"):
        plan = plans.transition_plan(
            plan,
            action,
            access=access,
            recipient="司法局" if action == "report" else "",
            on_date=date(2025, 12, 20) if action == "report" else None,
            **kw,
        )
    return task


def timed_draw(task: object, org: Organisation, staff: User, admin: User) -> tuple[float, object]:
    kw = {"organisation": org, "acting_user": staff}
    gc.collect()
    start = time.perf_counter()
    draw = draws.create_draw(task, 1, **kw)  # type: ignore[arg-type]
    draws.commit_draw(draw, **kw)
    draw = draws.execute_draw(draw, **kw)
    elapsed = time.perf_counter() - start
    draws.void_draw(draw, reason="基准测试", organisation=org, acting_user=admin)
    return elapsed, draw


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-county", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from suiji_platform.demo import ensure_demo_accounts, ensure_demo_organisations

    ensure_demo_organisations()
    ensure_demo_accounts()
    staff = User.objects.get(username="dehong.staff")
    admin = User.objects.get(username="dehong.admin")
    county_staff = User.objects.get(username="mangshi.staff")
    county_admin = User.objects.get(username="mangshi.admin")
    remove()
    bench_draw.remove()
    try:
        t0 = time.perf_counter()
        prefecture = create_organisation(code=PREFECTURE, name="联合基准州", kind="prefecture")
        setup_counties(args.per_county)
        with schema_context(prefecture.schema_name):
            joint_task = setup_prefecture(prefecture)
        county = create_organisation(
            code=bench_draw.CODE, name="抽取基准县", kind="county", parent_code="533100"
        )
        with schema_context(county.schema_name):
            county_task = bench_draw.setup(county, len(COUNTIES) * args.per_county)
        print(f"# setup in {time.perf_counter() - t0:.1f} s")
        joint_times, county_times = [], []
        last = None
        for _ in range(args.runs):
            with schema_context(prefecture.schema_name):
                elapsed, last = timed_draw(joint_task, prefecture, staff, admin)
                joint_times.append(elapsed)
            with schema_context(county.schema_name):
                county_times.append(timed_draw(county_task, county, county_staff, county_admin)[0])
        assert last is not None
        j, c = statistics.median(joint_times), statistics.median(county_times)
        print(
            f"# joint pool {last.pool_size} candidates ({last.excluded_count} excluded), "  # type: ignore[attr-defined]
            f"{last.target_count} targets, {last.team_count} mixed teams"  # type: ignore[attr-defined]
        )
        print(f"joint_draw_1m_seconds={j:.3f} s")
        print(f"draw_1m_seconds={c:.3f} s")
        print(f"joint_draw_ratio={j / c:.2f} x")
        print(f"# joint runs: {', '.join(f'{t:.2f}' for t in joint_times)}")
        print(f"# county runs: {', '.join(f'{t:.2f}' for t in county_times)}")
    finally:
        remove()
        bench_draw.remove()


if __name__ == "__main__":
    main()
