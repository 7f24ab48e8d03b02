"""Registries benchmarks (dev database; every write is rolled back):

  import_100k_seconds   100,000 valid entity rows (.xlsx) validated and written, index included
  import_100k_peak_mb   peak resident memory of the process during that import
  registry_page_queries SQL queries on registry tables for a 100-row page with nested fields
  registry_page_p50_ms  median time of that GraphQL page through the full Django stack
  registry_page_vs_bare median time of a plain Django JSON view serving the same rows and
                        fields, divided by the GraphQL page's (1.0 = as fast as bare Django)

Usage: .venv/bin/python tests/bench/bench_registries.py [--rows 100000] [--entities 1000000]
(--rows 0 skips the import; --entities: first COPY-load that many extra entities into the county, for a big registry).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
for root in ("platform", "tenants", "graphql"):
    sys.path.insert(0, str(REPO / root))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suiji_platform.settings")
# Measure the serving stack as production runs it: with DEBUG on, graphene-django wraps every
# resolver in its debug middleware and Django records every query.
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

import psutil  # noqa: E402
import xlsxwriter  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import clear_url_caches, path  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from suiji_platform import urls_tenant  # noqa: E402
from suiji_platform.accounts.models import User  # noqa: E402
from suiji_platform.demo import ensure_demo_accounts, ensure_demo_organisations  # noqa: E402
from suiji_platform.organisations.models import Organisation  # noqa: E402
from suiji_tenants.registries import crypto  # noqa: E402
from suiji_tenants.registries.demo import copy_entities, entity_rows, seed_demo_registries  # noqa: E402
from suiji_tenants.registries.importer import import_file  # noqa: E402
from suiji_tenants.registries.models import MarketEntity, Project  # noqa: E402
from suiji_tenants.registries.validation import ENTITIES  # noqa: E402

IMPORT_ORG = "533124"
PAGE_ORG = "533103"
PAGE = """query($n: Int) { projects(first: $n) { totalCount edges { node { code name
  constructionStatus contactPhone region responsibleEntity { name uscc creditClass status } } } } }"""

ENTITY_PAGE = """query($n: Int) { marketEntities(first: $n, status: ACTIVE, creditClass: [A, B]) {
  totalCount edges { node { name uscc creditClass region entityType contactPhone } } } }"""


class Rollback(Exception):
    pass


def write_file(target: Path, rows: int) -> None:
    workbook = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    sheet = workbook.add_worksheet("市场主体")
    sheet.write_row(0, 0, [f.label for f in ENTITIES.fields])
    for i, r in enumerate(entity_rows(IMPORT_ORG, rows, seed=424242), 1):
        sheet.write_row(
            i,
            0,
            [
                r["name"],
                r["uscc"],
                r["address"],
                r["legal_representative"],
                r["contact_name"],
                r["contact_phone"],
                r["entity_type"],
                r["nature"],
                r["region"],
                r["credit_class"],
                r["complaint_count"],
                r["violation_count"],
                "存续",
                r["established_on"].isoformat(),
                "",
            ],
        )
    workbook.close()


def bench_import(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "entities.xlsx"
        write_file(source, rows)
        process = psutil.Process()
        peak = [process.memory_info().rss]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], process.memory_info().rss)
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        organisation = Organisation.objects.get(code=IMPORT_ORG)
        sampler.start()
        start = time.perf_counter()
        try:
            with schema_context(organisation.schema_name), transaction.atomic():
                result = import_file("entities", source, write_report=False)
                elapsed = time.perf_counter() - start
                assert result.ok and result.created == rows, result.errors[:5]
                raise Rollback
        except Rollback:
            pass
        done.set()
        sampler.join()
        # Rolled-back rows are dead tuples until vacuumed (and the index rows of the public
        # EntityIndex too): clean up so later measurements see a table of its real size.
        with schema_context(organisation.schema_name), connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE registries_marketentity")
            cursor.execute("VACUUM ANALYZE public.index_entityindex")
    print(f"import_{rows // 1000}k_seconds={elapsed:.1f} s")
    print(f"import_{rows // 1000}k_peak_mb={peak[0] / 1024 / 1024:.0f} MB")


def bare_view(request):  # type: ignore[no-untyped-def]
    """The same rows and fields as the GraphQL page, from plain Django."""
    n = int(request.GET.get("n", 100))
    projects = list(Project.objects.order_by("name", "id")[:n])
    entities = MarketEntity.objects.in_bulk({p.responsible_entity_id for p in projects})
    total = Project.objects.count()
    rows = []
    for p in projects:
        e = entities.get(p.responsible_entity_id)
        rows.append(
            {
                "code": p.code,
                "name": p.name,
                "constructionStatus": p.construction_status,
                "contactPhone": crypto.mask_phone(p.contact_phone),
                "region": p.region,
                "responsibleEntity": e
                and {
                    "name": e.name,
                    "uscc": e.uscc,
                    "creditClass": e.credit_class,
                    "status": e.status,
                },
            }
        )
    return JsonResponse({"totalCount": total, "rows": rows})


def bench_page(runs: int = 60) -> None:
    urls_tenant.urlpatterns.insert(0, path("bench-bare/", bare_view))
    clear_url_caches()
    client = Client()
    client.force_login(User.objects.get(username="mangshi.staff"))
    body = json.dumps({"query": PAGE, "variables": {"n": 100}})
    url = f"/o/{PAGE_ORG}/graphql/"

    def graphql() -> dict:
        response = client.post(url, body, content_type="application/json")
        return json.loads(response.content)

    first = graphql()
    assert "errors" not in first and len(first["data"]["projects"]["edges"]) == 100, first
    with CaptureQueriesContext(connection) as captured:
        graphql()
    queries = list(captured.captured_queries)
    registry = [q for q in queries if "registries_" in q["sql"]]
    times_gql, times_bare = [], []
    for _ in range(runs):
        start = time.perf_counter()
        graphql()
        times_gql.append(time.perf_counter() - start)
        start = time.perf_counter()
        client.get(f"/o/{PAGE_ORG}/bench-bare/?n=100")
        times_bare.append(time.perf_counter() - start)
    gql, bare = statistics.median(times_gql), statistics.median(times_bare)
    entity_body = json.dumps({"query": ENTITY_PAGE, "variables": {"n": 100}})
    times_entities = []
    for _ in range(max(5, runs // 4)):
        start = time.perf_counter()
        response = client.post(url, entity_body, content_type="application/json")
        times_entities.append(time.perf_counter() - start)
    total = json.loads(response.content)["data"]["marketEntities"]["totalCount"]
    print(f"registry_page_queries={len(registry)} queries")
    print(f"registry_page_total_queries={len(queries)} queries")
    print(f"registry_page_p50_ms={gql * 1000:.1f} ms")
    print(f"registry_bare_page_p50_ms={bare * 1000:.1f} ms")
    print(f"registry_page_vs_bare={bare / gql:.2f} ratio")
    print(
        f"registry_entities_page_p50_ms={statistics.median(times_entities) * 1000:.1f} ms"
        f"  # {total} active A/B entities matching, ordered by name"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=0)
    args = parser.parse_args()
    ensure_demo_organisations()
    ensure_demo_accounts()
    seed_demo_registries(Organisation.objects.get(code=PAGE_ORG))
    connection.set_schema_to_public()
    if args.rows:
        bench_import(args.rows)
    if args.entities:
        organisation = Organisation.objects.get(code=PAGE_ORG)
        try:
            with schema_context(organisation.schema_name), transaction.atomic():
                start = time.perf_counter()
                copy_entities(organisation, args.entities, with_index=False)
                print(f"copy_{args.entities}_entities_seconds={time.perf_counter() - start:.1f} s")
                connection.set_schema_to_public()
                bench_page()
                raise Rollback
        except Rollback:
            pass
        # The rolled-back rows stay as dead tuples until vacuumed: without this, later pages
        # (and the next run) would scan a bloated table.
        with schema_context(organisation.schema_name), connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE registries_marketentity")
    else:
        bench_page()


if __name__ == "__main__":
    main()
