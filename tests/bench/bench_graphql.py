"""GraphQL limits benchmarks (dev database; nothing is written):

  graphql_cost_limit_ms      median time to refuse 100 aliases of a 500-row entity list with
                             history (issue #10: it ran 163 s before the cost limit); goal < 50 ms
  graphql_public_cost_ms     median time to refuse 200 aliased publicDraws for an anonymous visitor
  graphql_checks_overhead_ms median time of the pre-execution checks (input values, page
                             arguments, cost) on the registry page query
  graphql_lone_surrogate_error_ms  median time to answer a lone surrogate echoed in an error
                             (a named error; it took 4 s and answered 500 before)
  graphql_repeated_fields_refusal_ms  median time to refuse 300 aliased fields (cost limit)
  graphql_nested_fields_check_ms  median time to validate 8 × 8 × 8 nested repeated fields
                             (graphql-core's pairwise merge rule took over 10 s)

Usage: .venv/bin/python tests/bench/bench_graphql.py
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
for root in ("platform", "tenants", "graphql"):
    sys.path.insert(0, str(REPO / root))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suiji_platform.settings")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from graphql import get_operation_ast  # noqa: E402
from suiji_api.core.inputs import check_inputs  # noqa: E402
from suiji_api.core.limits import check_price  # noqa: E402
from suiji_api.core.views import _parse  # noqa: E402
from suiji_api.schema import schema  # noqa: E402
from suiji_platform.accounts.models import User  # noqa: E402
from suiji_platform.demo import ensure_demo_accounts, ensure_demo_organisations  # noqa: E402

ORG = "533103"
FIELDS = "id name uscc entityType region creditClass status contactPhone updatedAt"
HEAVY = (
    "{ "
    + " ".join(
        f"a{i}: marketEntities(first: 500) {{ edges {{ node {{ {FIELDS}"
        " history { seq at actor operation before after } } } }"
        for i in range(100)
    )
    + " }"
)
PUBLIC_HEAVY = (
    "{ "
    + " ".join(
        f'p{i}:publicDraws(organisationCode:"{ORG}"){{targets(limit:500){{items{{code}}}} teams{{number}}}}'
        for i in range(200)
    )
    + " }"
)
PAGE = """query($n: Int) { projects(first: $n) { totalCount edges { node { code name
  constructionStatus contactPhone region responsibleEntity { name uscc creditClass status } } } } }"""


def refuse_ms(client: Client, query: str, runs: int = 21) -> float:
    """Median time to refuse ``query`` by the cost limit."""
    return answer_ms(client, json.dumps({"query": query}), "QUERY_TOO_COMPLEX", runs)


# As tests/graphql/test_robustness.py sends it: the JSON body carries the escape.
SURROGATE = '{"query": "{ marketEntities(creditClass: \\"\\ud800\\") { totalCount } }"}'
REPEATED = "{ " + "a: me { id } " * 300 + "}"
_INNER = " ".join(["parent { " + " ".join(["parent { id }"] * 8) + " }"] * 8)
NESTED = "{ " + " ".join(["... on Query { publicOrganisations { " + _INNER + " } }"] * 8) + " }"


def answer_ms(client: Client, body: str, code: str | None, runs: int = 21) -> float:
    """Median time of one POST of ``body``; ``code``: the error code it must answer (None: no
    error). The validation cache is cleared before each run, so every run validates."""
    from suiji_api.core import views

    times = []
    for _ in range(runs):
        views._validate.cache_clear()
        start = time.perf_counter()
        response = client.post(f"/o/{ORG}/graphql/", data=body, content_type="application/json")
        times.append(time.perf_counter() - start)
        errors = json.loads(response.content).get("errors") or []
        codes = {e["extensions"]["code"] for e in errors}
        assert codes == ({code} if code else set()), response.content[:300]
    return statistics.median(times) * 1000


def checks_ms(runs: int = 201) -> float:
    document = _parse(PAGE)
    operation = get_operation_ast(document)
    assert operation is not None
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check_inputs(document, operation, {"n": 100})
        check_price(schema.graphql_schema, document, operation, {"n": 100})
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    ensure_demo_organisations()
    ensure_demo_accounts()
    client = Client()
    client.force_login(User.objects.get(username="mangshi.staff"))
    print(f"graphql_cost_limit_ms={refuse_ms(client, HEAVY):.1f} ms  # 100 aliases × 500 rows")
    print(f"graphql_public_cost_ms={refuse_ms(Client(), PUBLIC_HEAVY):.1f} ms  # anonymous")
    print(f"graphql_checks_overhead_ms={checks_ms():.3f} ms  # per registry page request")
    surrogate = answer_ms(Client(), SURROGATE, "GRAPHQL_PARSE_FAILED")
    print(f"graphql_lone_surrogate_error_ms={surrogate:.1f} ms  # anonymous, named error")
    repeated = refuse_ms(client, REPEATED)
    print(f"graphql_repeated_fields_refusal_ms={repeated:.1f} ms  # 300 aliases")
    nested = answer_ms(Client(), json.dumps({"query": NESTED}), None, runs=7)
    print(f"graphql_nested_fields_check_ms={nested:.1f} ms  # 8 × 8 × 8 repeated fields")


if __name__ == "__main__":
    main()
