"""Results benchmarks (dev database; every row written is rolled back, then vacuumed):

  results_export_100k_seconds   exporting 100,000 published results (national exchange fields,
                                one row per item: 200,000 lines) to .xlsx; `_cpu_seconds`: the
                                process's CPU alone
  public_results_search_p50_ms  median `publicResults` GraphQL search (anonymous, full Django
                                stack) over 1,000,000 published results: half by USCC (exact),
                                half by the start of the entity name
  public_results_search_p95_ms  the same, 95th percentile
  record_pdf_seconds            one 现场检查笔录 PDF (20 checklist points, findings, CJK font)

Usage: .venv/bin/python tests/bench/bench_results.py [--rows 1000000] [--export 100000]
"""

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
for root in ("platform", "tenants", "graphql"):
    sys.path.insert(0, str(REPO / root))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suiji_platform.settings")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from suiji_platform.demo import ensure_demo_organisations  # noqa: E402
from suiji_platform.organisations.models import Organisation  # noqa: E402
from suiji_platform.pgcopy import copy_value  # noqa: E402
from suiji_tenants.inspections.documents import record_pdf  # noqa: E402
from suiji_tenants.inspections.exports import write_results_export  # noqa: E402
from suiji_tenants.inspections.models import Inspection, OnSiteRecord  # noqa: E402

SEARCH_ORG = "533103"
EXPORT_ORG = "533124"
REGIONS = ["芒市", "瑞丽", "陇川", "盈江", "梁河", "德宏", "勐焕", "遮放", "弄璋", "畹町"]
WORDS = ["恒泰", "金城", "宏达", "永兴", "华建", "鑫源", "通达", "安居", "云岭", "盛世"]
ITEMS = '[{"code": "ZJ-001", "name": "建筑业企业资质检查", "result": ["no_problem"]}, {"code": "ZJ-002", "name": "安全生产许可检查", "result": ["corrected"]}]'
QUERY = """query($q: String, $o: String) { publicResults(query: $q, organisationCode: $o, first: 20) {
  reference entityName uscc planTitle taskTitle inspectedOn inspectingBody resultLabels
  items { name resultLabels } } }"""


class Rollback(Exception):
    pass


def name_of(n: int) -> str:
    return f"{REGIONS[n % 10]}{WORDS[(n // 10) % 10]}{n // 100 % 1000:03d}建筑工程有限公司"


def uscc_of(n: int) -> str:
    return f"91533{n:012d}X"


def copy_results(org_id: int, start: int, count: int, published: datetime) -> None:
    columns = (
        "organisation_id, reference, target_kind, entity_name, uscc, plan_year, plan_title, "
        "task_title, draw_reference, plan_code, task_code, inspection_type, items, inspected_on, "
        "inspecting_body, result_categories, published_at"
    )
    buffer = io.StringIO()
    for n in range(start, start + count):
        day = date(2026, 1, 1) + timedelta(days=n % 330)
        values = (
            org_id,
            f"BENCH-{n:08d}",
            "entity",
            name_of(n),
            uscc_of(n),
            2026,
            "2026年度建筑市场双随机抽查计划",
            "建筑业企业资质抽查",
            f"BENCH-D{n // 1000:05d}",
            "BENCH-2026-P1",
            "BENCH-2026-T1",
            "双随机抽查（市场主体）",
            ITEMS,
            day.isoformat(),
            "芒市住房和城乡建设局",
            '["no_problem", "corrected"]' if n % 7 == 0 else '["no_problem"]',
            (published + timedelta(seconds=n)).isoformat(),
        )
        buffer.write("\t".join(copy_value(v) for v in values) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY results_index_publishedresult ({columns}) FROM STDIN", buffer)


def bench_search(rows: int) -> None:
    client = Client()
    rng = random.Random(7)
    timings = []
    for i in range(200):
        n = rng.randrange(rows)
        if i % 2 == 0:
            variables = {"q": uscc_of(n), "o": None}
        else:
            variables = {"q": name_of(n)[: rng.choice((2, 4, 7))], "o": SEARCH_ORG}
        start = time.perf_counter()
        response = client.post(
            "/graphql/",
            data={"query": QUERY, "variables": variables},
            content_type="application/json",
        )
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        assert "errors" not in body and body["data"]["publicResults"], (variables, body)
    timings.sort()
    print(f"public_results_search_p50_ms={statistics.median(timings):.1f} ms")
    print(f"public_results_search_p95_ms={timings[int(len(timings) * 0.95)]:.1f} ms")


def bench_export(org: Organisation) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start, cpu = time.perf_counter(), time.process_time()
        count = write_results_export(org.pk, Path(tmp) / "export.xlsx")
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        size = (Path(tmp) / "export.xlsx").stat().st_size
    print(f"results_export_{count // 1000}k_seconds={elapsed:.1f} s")
    # the CPU of this process alone (the wall time above includes waiting on a loaded machine)
    print(f"results_export_{count // 1000}k_cpu_seconds={cpu:.1f} s")
    print(f"results_export_file_mb={size / 1e6:.1f} MB")


def bench_pdf(org: Organisation) -> None:
    inspection = Inspection(
        reference="BENCH-PDF-001",
        plan_year=2026,
        target_code=uscc_of(1),
        target_name=name_of(1),
        target_address="德宏州芒市勇罕街道团结大街1号",
        items=[
            {"code": f"ZJ-{i:03d}", "name": f"检查事项{i}", "legal_basis": "《建筑法》第十三条"}
            for i in range(1, 5)
        ],
        window_start=date(2026, 12, 1),
        window_end=date(2026, 12, 31),
    )
    record = OnSiteRecord(
        inspection=inspection,
        status="confirmed",
        started_at=datetime(2026, 12, 3, 1, 30, tzinfo=UTC),
        ended_at=datetime(2026, 12, 3, 3, 0, tzinfo=UTC),
        place="施工现场项目部",
        officers=[
            {"name": "李检查", "certificate_no": "53310300001"},
            {"name": "王检查", "certificate_no": "53310300002"},
        ],
        notices=dict.fromkeys(["certificates_shown", "basis_told", "content_told"], True),
        checklist=[
            {
                "item_code": f"ZJ-{i % 4 + 1:03d}",
                "point": f"第{i}项：资质证书、安全生产许可证及注册人员是否满足资质标准要求",
                "answer": "conform" if i % 5 else "nonconform",
                "note": "现场核查原件" if i % 3 == 0 else "",
            }
            for i in range(1, 21)
        ],
        findings=[
            {"description": "项目负责人未在岗", "item_code": "ZJ-002", "handling": "on_spot"}
        ],
        party_present="项目经理",
        signed_name="赵某",
    )
    record_pdf(record, org)  # font loading once, as a running worker has it
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        record_pdf(record, org)
        timings.append(time.perf_counter() - start)
    print(f"record_pdf_seconds={statistics.median(timings):.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--export", type=int, default=100_000)
    args = parser.parse_args()
    ensure_demo_organisations()
    connection.set_schema_to_public()
    search_org = Organisation.objects.get(code=SEARCH_ORG)
    export_org = Organisation.objects.get(code=EXPORT_ORG)
    bench_pdf(search_org)
    published = datetime(2026, 1, 5, tzinfo=UTC)
    try:
        with transaction.atomic():
            start = time.perf_counter()
            search_rows = max(args.rows - args.export, 0)
            for offset in range(0, search_rows, 100_000):
                copy_results(search_org.pk, offset, min(100_000, search_rows - offset), published)
            copy_results(export_org.pk, search_rows, args.export, published)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE results_index_publishedresult")
            print(f"copy_{args.rows // 1000}k_results_seconds={time.perf_counter() - start:.1f} s")
            bench_export(export_org)
            bench_search(search_rows)
            raise Rollback
    except Rollback:
        pass
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE results_index_publishedresult")


if __name__ == "__main__":
    main()
