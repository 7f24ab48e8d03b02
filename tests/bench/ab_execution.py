"""The registry page with Suiji's execution shortcuts and with graphql-core's own execution,
interleaved in one process (so both see the same machine load), beside the bare Django view.

  registry_page_cpu_ms            process CPU time of the GraphQL page (shortcuts on)
  registry_page_cpu_ms_plain      the same with graphql-core's execute_field/complete_value
  registry_bare_page_cpu_ms       the plain Django JSON view of bench_registries.py
  registry_page_vs_bare_cpu       bare / GraphQL (shortcuts on); _plain: shortcuts off

CPU time leaves out the database server's time and most of a loaded machine's noise.
Usage: .venv/bin/python tests/bench/ab_execution.py [--runs 100] [--wall]
(not a bench_*.py: `make bench` runs bench_registries.py, which measures wall time)
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.argv, _args = sys.argv[:1], sys.argv[1:]

import bench_registries as b  # noqa: E402 - sets up Django
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import clear_url_caches, path  # noqa: E402

from graphql import ExecutionContext  # noqa: E402
from suiji_api.core import views  # noqa: E402
from suiji_platform import urls_tenant  # noqa: E402
from suiji_platform.accounts.models import User  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--wall", action="store_true", help="wall time instead of CPU time")
    args = parser.parse_args(_args)
    clock = time.perf_counter if args.wall else time.process_time
    b.ensure_demo_organisations()
    b.ensure_demo_accounts()
    b.seed_demo_registries(b.Organisation.objects.get(code=b.PAGE_ORG))
    connection.set_schema_to_public()
    urls_tenant.urlpatterns.insert(0, path("bench-bare/", b.bare_view))
    clear_url_caches()
    client = Client()
    client.force_login(User.objects.get(username="mangshi.staff"))
    body = json.dumps({"query": b.PAGE, "variables": {"n": 100}})
    url = f"/o/{b.PAGE_ORG}/graphql/"
    context = views.SyncExecutionContext
    fast = (context.execute_field, context.complete_value)
    plain = (ExecutionContext.execute_field, ExecutionContext.complete_value)

    def use(pair: tuple) -> None:
        context.execute_field, context.complete_value = pair  # type: ignore[method-assign]

    times: dict[str, list[float]] = {"fast": [], "plain": [], "bare": []}
    answers = []
    for pair in (fast, plain):
        use(pair)
        answers.append(json.loads(client.post(url, body, content_type="application/json").content))
    assert answers[0] == answers[1] and "errors" not in answers[0]
    for _ in range(args.runs):
        for name, pair in (("fast", fast), ("plain", plain)):
            use(pair)
            start = clock()
            client.post(url, body, content_type="application/json")
            times[name].append(clock() - start)
        start = clock()
        client.get(f"/o/{b.PAGE_ORG}/bench-bare/?n=100")
        times["bare"].append(clock() - start)
    use(fast)
    m = {k: statistics.median(v) * 1000 for k, v in times.items()}
    unit = "wall" if args.wall else "cpu"
    print(f"registry_page_{unit}_ms={m['fast']:.1f} ms")
    print(f"registry_page_{unit}_ms_plain={m['plain']:.1f} ms")
    print(f"registry_bare_page_{unit}_ms={m['bare']:.1f} ms")
    print(f"registry_page_vs_bare_{unit}={m['bare'] / m['fast']:.2f} ratio")
    print(f"registry_page_vs_bare_{unit}_plain={m['bare'] / m['plain']:.2f} ratio")


if __name__ == "__main__":
    main()
