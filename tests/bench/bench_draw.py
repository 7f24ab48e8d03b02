"""Draw benchmark on 1,000,000 entities in one temporary county (issue 5, "Measure").

Prints medians of 5 runs (`name=value unit`):

* ``draw_1m_seconds``: the service calls end to end — create_draw + commit_draw (one snapshot
  statement with the ledger exclusions, validation and canonical form, pool and exclusion
  digests, secret and commitment, frozen pool stored) + execute_draw (frozen pool read back and
  its digests checked; engine: seed, keys of every candidate, quotas, selection, teams,
  matching, recusals; targets, teams, ledger rows and the record saved — its body, its pool
  and exclusion lists being the frozen pool's);
* ``draw_floor_1m_seconds``: one SQL pass that only hashes every candidate's canonical line
  (no sort, no selection);
* ``draw_naive_1m_seconds``: one ``ORDER BY random() LIMIT quota`` query per stratum, with an
  index on the stratum columns;
* ``verify_1m_seconds``: the verifier on the last draw's record (parse + re-derive + compare);
* informational: ``draw_commit_1m_seconds`` and ``draw_execute_1m_seconds`` (the two service
  calls inside ``draw_1m_seconds``), ``draw_cpu_1m_seconds`` and
  ``draw_execute_cpu_1m_seconds`` (CPU time of this process, all threads, over the draw and
  over its execution: PostgreSQL's share is not in it, and a loaded machine disturbs it less), ``draw_engine_1m_seconds`` (the engine's share on the
  same pool, no database: validation, canonical form and digests, then ``run_draw``), and
  ``draw_engine_v1_1m_seconds`` (the same under the rules of suiji-draw/1, largest remainder)
  with ``rounding_overhead_percent``: what the systematic rounding of suiji-draw/2 costs;
* ``fairness_max_deviation`` (issue 9): over 10,000 seeds, on a pool of 300 strata of 1–5
  entities beside four big ones, the largest gap between a stratum's observed frequency of an
  extra target and its exact fractional quota, in standard errors (a correct method: ≤ 4).

Strata: region × entity type × credit class of the generated registry; 1 % drawn; about 5 %
of the entities carry a ledger row for the draw's item this year (excluded as inspected).
Each measured draw is voided afterwards (not timed), so every run sees the same pool.

Usage: .venv/bin/python tests/bench/bench_draw.py [--entities 1000000] [--runs 5]
       [--fairness-seeds 10000] [--fairness-only]
"""

import argparse
import dataclasses
import gc
import hashlib
import math
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
from suiji_platform.accounts.models import Role, User  # noqa: E402
from suiji_platform.demo import ensure_demo_accounts, ensure_demo_organisations  # noqa: E402
from suiji_platform.ledger.models import LedgerEntry  # noqa: E402
from suiji_platform.organisations.models import Organisation  # noqa: E402
from suiji_platform.organisations.services import create_organisation  # noqa: E402
from suiji_tenants.draws import engine  # noqa: E402
from suiji_tenants.draws import services as draws  # noqa: E402
from suiji_tenants.draws.engine import run_draw  # noqa: E402
from suiji_tenants.draws.verify import load_record, verify_record  # noqa: E402
from suiji_tenants.plans import services as plans  # noqa: E402
from suiji_tenants.registries.demo import copy_entities  # noqa: E402

CODE = "533191"
ITEM = "BENCH-DRAW-1"


def remove() -> None:
    remove_county(CODE, ledger_items=[ITEM])


def setup(org: Organisation, entities: int) -> object:
    copy_entities(org, entities, with_index=False)
    bench_item(ITEM)
    bench_officers(800, "BD")
    access = Access(org, frozenset({Role.COUNTY_ADMIN}), read_only=False)
    kw = {"organisation": org, "acting_user": None}
    plan = plans.create_plan(year=2026, title="", **kw)
    task = plans.create_task(
        plan,
        plans.TaskInput(
            title="基准抽取任务",
            item_codes=[ITEM],
            rounds=[plans.RoundInput(date(2026, 12, 1), date(2026, 12, 31))],
            ratio_bp=100,
            officers_per_team=2,
            targets_per_team=50,
        ),
        access=access,
        **kw,
    )
    for action in ("submit", "consolidate", "report", "publish"):
        plan = plans.transition_plan(
            plan, action, access=access, recipient="州住建局" if action == "report" else "", **kw
        )
    with connection.cursor() as cursor:
        # ~5 % of the entities were already inspected this year for the item (ledger rows).
        cursor.execute(
            f"""INSERT INTO public.{LedgerEntry._meta.db_table} (organisation_id, entity_code,
                item_code, item_version, department, inspected_on, plan_year, source,
                draw_reference, visit_key, voided, created_at)
            SELECT %s, uscc, %s, 1, 'housing', '2026-05-01', 2026, 'draw', 'bench:earlier',
                   'bench:earlier', false, now()
            FROM registries_marketentity WHERE abs(hashtext(uscc)) %% 20 = 0""",  # noqa: S608
            [org.pk, ITEM],
        )
        cursor.execute(
            "CREATE INDEX bench_entity_stratum ON registries_marketentity"
            " (region, entity_type, credit_class) WHERE status = 'active'"
        )
        # What autovacuum does after a bulk load (statistics, visibility map).
        cursor.execute("VACUUM (ANALYZE) registries_marketentity")
        cursor.execute(f"ANALYZE public.{LedgerEntry._meta.db_table}")
    return task


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def fairness_max_deviation(seeds: int) -> float:
    """Largest |observed frequency of an extra target − exact fractional quota| of any stratum,
    in standard errors, over ``seeds`` seeds (docs/draw-record.md §6, systematic rounding)."""
    sizes = [((f"乡镇{i:03d}", "施工", "ABCD"[i % 4]), 1 + i % 5) for i in range(300)]
    sizes += [(("勐焕街道", "施工", c), 4000 + 137 * k) for k, c in enumerate("ABCD")]
    sizes.sort(key=lambda s: engine.stratum_bytes(s[0]))
    params = engine.DrawParams(
        strata_fields=("region", "type", "credit_class"),
        quota=engine.QuotaSpec.ratio(
            engine.Ratio.basis_points(300),
            [
                engine.RatioRule((("credit_class", "A"),), engine.Ratio.basis_points(100)),
                engine.RatioRule((("credit_class", "D"),), engine.Ratio.basis_points(3000)),
            ],
        ),
        window=engine.Window("2026-01-01", "2026-12-31"),
    )
    exact = engine.exact_quotas(sizes, params)
    assert exact is not None
    scaled, denom = exact
    base = [x // denom for x in scaled]
    extra = [0] * len(sizes)
    for i in range(seeds):
        seed = hashlib.sha256(b"fairness %d" % i).digest()
        for j, q in enumerate(engine.allocate_quotas(sizes, params, seed)):
            extra[j] += q - base[j]
    worst = 0.0
    for j, x in enumerate(scaled):
        p = (x % denom) / denom
        if 0 < p < 1:
            worst = max(worst, abs(extra[j] / seeds - p) / math.sqrt(p * (1 - p) / seeds))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fairness-seeds", type=int, default=10_000)
    parser.add_argument("--fairness-only", action="store_true")
    args = parser.parse_args()
    t0 = time.perf_counter()
    deviation = fairness_max_deviation(args.fairness_seeds)
    print(f"# fairness over {args.fairness_seeds} seeds in {time.perf_counter() - t0:.1f} s")
    print(f"fairness_max_deviation={deviation:.2f} se")
    if args.fairness_only:
        return
    call_command("setup", verbosity=0)
    ensure_demo_organisations()
    ensure_demo_accounts()
    staff = User.objects.get(username="mangshi.staff")
    admin = User.objects.get(username="mangshi.admin")
    remove()
    try:
        t0 = time.perf_counter()
        org = create_organisation(code=CODE, name="抽取基准县", kind="county", parent_code="533100")
        with schema_context(org.schema_name):
            task = setup(org, args.entities)
            print(f"# setup {args.entities} entities in {time.perf_counter() - t0:.1f} s")
            kw = {"organisation": org, "acting_user": staff}
            draw_times, commit_times, execute_times, last = [], [], [], None
            cpu_times: list[float] = []
            cpu_execute_times: list[float] = []
            for _ in range(args.runs):
                gc.collect()
                start, cpu_start = time.perf_counter(), time.process_time()
                draw = draws.create_draw(task, 1, **kw)
                committing = time.perf_counter()
                draws.commit_draw(draw, **kw)
                executing, cpu_executing = time.perf_counter(), time.process_time()
                draw = draws.execute_draw(draw, **kw)
                end, cpu_end = time.perf_counter(), time.process_time()
                cpu_times.append(cpu_end - cpu_start)
                cpu_execute_times.append(cpu_end - cpu_executing)
                draw_times.append(end - start)
                commit_times.append(executing - committing)
                execute_times.append(end - executing)
                last = draw
                draws.void_draw(draw, reason="基准测试", organisation=org, acting_user=admin)
            assert last is not None
            # The engine's share on the same pool: validation, canonical form and digests (as
            # at commit) plus run_draw (as at execution), without the database.
            snapshot = draws._snapshot(last.parameters)
            inputs = draws.draw_inputs(last, org)
            engine_times = []
            for _ in range(args.runs):
                gc.collect()
                start = time.perf_counter()
                run_draw(inputs, snapshot.canonical(org.code))
                engine_times.append(time.perf_counter() - start)
            # The same under suiji-draw/1 rules (largest remainder): the rounding's cost.
            quota_v1 = dataclasses.replace(inputs.params.quota, rounding="half_up")
            inputs_v1 = dataclasses.replace(
                inputs,
                format=engine.FORMAT_V1,
                params=dataclasses.replace(inputs.params, quota=quota_v1, cap=None),
            )
            engine_v1_times = []
            for _ in range(args.runs):
                gc.collect()
                start = time.perf_counter()
                run_draw(inputs_v1, snapshot.canonical(org.code))
                engine_v1_times.append(time.perf_counter() - start)
            del snapshot
            print(
                f"# pool={last.pool_size} excluded={last.excluded_count} "
                f"targets={last.target_count} teams={last.team_count}"
            )
            floor_sql = (
                "SELECT sum(length(sha256(convert_to(COALESCE(NULLIF(region,''),'（未填）')"
                " || chr(31) || COALESCE(NULLIF(entity_type,''),'（未填）') || chr(31) ||"
                " credit_class || chr(31) || %s || chr(31) || uscc || chr(10), 'UTF8'))))"
                " FROM registries_marketentity WHERE status = 'active'"
            )
            floor_times = []
            with connection.cursor() as cursor:
                for _ in range(args.runs):
                    start = time.perf_counter()
                    cursor.execute(floor_sql, [CODE])
                    cursor.fetchone()
                    floor_times.append(time.perf_counter() - start)
            preview = draws.draw_preview(last)
            strata = [(s.stratum, s.quota) for s in preview.strata if s.quota]
            naive_times = []
            with connection.cursor() as cursor:
                for _ in range(args.runs):
                    start = time.perf_counter()
                    for (region, etype, credit), quota in strata:
                        cursor.execute(
                            "SELECT uscc FROM registries_marketentity WHERE status = 'active'"
                            " AND region = %s AND entity_type = %s AND credit_class = %s"
                            " ORDER BY random() LIMIT %s",
                            [region, etype, credit, quota],
                        )
                        cursor.fetchall()
                    naive_times.append(time.perf_counter() - start)
            data = draws.read_record(last)
            assert data is not None
            verify_times = []
            for _ in range(args.runs):
                gc.collect()
                start = time.perf_counter()
                report = verify_record(load_record(data))
                verify_times.append(time.perf_counter() - start)
                assert report.ok, report.line()
        print(f"# record {len(data) / 1e6:.1f} MB, {len(strata)} strata with a quota")
        print(f"draw_1m_seconds={median(draw_times):.3f} s")
        print(f"draw_floor_1m_seconds={median(floor_times):.3f} s")
        print(f"draw_naive_1m_seconds={median(naive_times):.3f} s")
        print(f"verify_1m_seconds={median(verify_times):.3f} s")
        print(f"draw_commit_1m_seconds={median(commit_times):.3f} s")
        print(f"draw_execute_1m_seconds={median(execute_times):.3f} s")
        print(f"draw_cpu_1m_seconds={median(cpu_times):.3f} s")
        print(f"draw_execute_cpu_1m_seconds={median(cpu_execute_times):.3f} s")
        print(f"draw_engine_1m_seconds={median(engine_times):.3f} s")
        print(f"draw_engine_v1_1m_seconds={median(engine_v1_times):.3f} s")
        overhead = 100 * (median(engine_times) - median(engine_v1_times)) / median(engine_v1_times)
        print(f"rounding_overhead_percent={overhead:.1f} %")
        print(f"# draw runs: {', '.join(f'{t:.2f}' for t in draw_times)}")
    finally:
        remove()


if __name__ == "__main__":
    main()
