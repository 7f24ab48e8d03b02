"""plan_simulation_100k_ms: pre-draw simulation of one task round over 100,000 active entities
(one aggregate query by region × type × credit class, inspector counts, integer quotas).

A temporary county schema is created, filled with COPY, measured and dropped afterwards.
Usage: .venv/bin/python tests/bench/bench_plans.py [--entities 100000] [--runs 5]
"""

import argparse
import os
import statistics
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
from django_tenants.utils import schema_context  # noqa: E402
from scaffold import bench_item, bench_officers, remove_county  # noqa: E402

from suiji_platform.accounts.access import Access  # noqa: E402
from suiji_platform.accounts.models import Role  # noqa: E402
from suiji_platform.demo import ensure_demo_organisations  # noqa: E402
from suiji_platform.organisations.services import create_organisation  # noqa: E402
from suiji_tenants.plans import services  # noqa: E402
from suiji_tenants.registries.demo import copy_entities  # noqa: E402

CODE = "533192"


def remove() -> None:
    remove_county(CODE)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("setup", verbosity=0)
    ensure_demo_organisations()
    remove()
    try:
        org = create_organisation(
            code=CODE, name="计划模拟基准县", kind="county", parent_code="533100"
        )
        with schema_context(org.schema_name):
            copy_entities(org, args.entities, with_index=False)
            bench_item("BENCH-1")
            bench_officers(300, "B")
            access = Access(org, frozenset({Role.COUNTY_ADMIN}), read_only=False)
            plan = services.create_plan(year=2026, title="", organisation=org, acting_user=None)
            task = services.create_task(
                plan,
                services.TaskInput(
                    title="基准任务",
                    item_codes=["BENCH-1"],
                    rounds=[services.RoundInput(date(2026, 3, 1), date(2026, 4, 30))],
                    ratio_bp=300,
                    credit_ratios_bp={"A": 100, "C": 1000, "D": 3000},
                ),
                organisation=org,
                access=access,
                acting_user=None,
            )
            connection.cursor().execute("ANALYZE registries_marketentity")
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                result = services.simulate_task_round(task, 1)
                times.append((time.perf_counter() - start) * 1000)
        print(
            f"# pool={result.pool} strata={len(result.strata)} targets={result.targets} "
            f"teams={result.teams}"
        )
        print(f"plan_simulation_100k_ms={statistics.median(times):.1f} ms")
    finally:
        remove()


if __name__ == "__main__":
    main()
