"""Whatever arrives at the GraphQL endpoint, the answer is JSON naming the problem: never a
500, never a traceback, never INTERNAL_ERROR for bad input; heavy operations are refused before
they run; suggestions do not leak field names to anonymous visitors in production."""

import base64
import json
from typing import Any

import pytest
from django.test import Client

from tests.conftest import GraphQLClient

pytestmark = pytest.mark.django_db

COUNTY = "533103"
PATHS = ["/graphql/", f"/o/{COUNTY}/graphql/"]


def post_raw(path: str, body: bytes | str, content_type: str = "application/json") -> Any:
    return Client().post(path, data=body, content_type=content_type)


def assert_named_error(response: Any) -> dict[str, Any]:
    assert response.status_code in (200, 400), (response.status_code, response.content[:300])
    text = response.content.decode("utf-8")
    assert "Traceback" not in text and 'File "' not in text
    payload = json.loads(text)
    assert payload["errors"], payload
    for error in payload["errors"]:
        assert error["message"]
        assert error.get("extensions", {}).get("code") not in (None, "INTERNAL_ERROR"), error
    return payload  # type: ignore[no-any-return]


def nested(levels: int) -> str:
    return '{"query":"{ me { username } }","variables":{"a":' + "[" * levels + "]" * levels + "}}"


BODIES = {
    "fragment cycle": json.dumps(
        {"query": "fragment A on Query{...B} fragment B on Query{...A} {...A}"}
    ),
    "unknown fragment": json.dumps({"query": "{...Nope}"}),
    "query is an array": json.dumps({"query": ["{ me { username } }"]}),
    "query is an object": json.dumps({"query": {"a": 1}}),
    "query is a number": json.dumps({"query": 12}),
    "variables are an array": json.dumps({"query": "{ me { username } }", "variables": [1]}),
    "variables nested 50,000 levels": nested(50_000),
    "variables nested 500 levels": nested(500),
    "operationName is an object": json.dumps({"query": "{ me { username } }", "operationName": {}}),
    "body is a string": json.dumps("{ me { username } }"),
    "body is null": "null",
    "query nested 50,000 braces": json.dumps({"query": "{" * 50_000}),
    "query nested 9,000 braces": json.dumps({"query": "{" * 9_000}),
    "a list literal nested 4,000 levels": json.dumps(
        {"query": "{ publicPlans(organisationCode: " + "[" * 4000 + "]" * 4000 + ") { year } }"}
    ),
    "600 fragments": json.dumps(
        {
            "query": "{...F0} "
            + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(600))
            + " fragment F600 on Query { me { username } }"
        }
    ),
}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("case", sorted(BODIES))
def test_malformed_bodies_get_a_named_error(case: str, path: str) -> None:
    assert_named_error(post_raw(path, BODIES[case]))


@pytest.mark.parametrize("path", PATHS)
def test_invalid_utf8_in_a_graphql_body_is_a_bad_request(path: str) -> None:
    payload = assert_named_error(
        post_raw(path, b"{ me { username \xff\xfe } }", "application/graphql")
    )
    assert "UTF-8" in payload["errors"][0]["message"]


@pytest.mark.parametrize("path", PATHS)
def test_invalid_utf8_in_a_json_body_is_a_bad_request(path: str) -> None:
    assert_named_error(post_raw(path, b'{"query": "{ me { username } }\xff"}'))


LONE_SURROGATE_QUERIES = [
    '{ marketEntities(creditClass: "\\ud800") { totalCount } }',
    '{ workingDay(date: "\\ud800") { isWorkingDay } }',
    '{ addWorkingDays(date: "2026-01-0\\udc00", days: 1) { date } }',
    '{ annualPlans(year: "\\ud800") { totalCount } }',
    "{ nosuchfield\\ud800 }",
]


@pytest.mark.parametrize("query", LONE_SURROGATE_QUERIES)
def test_a_lone_surrogate_echoed_in_an_error_is_answered_quickly(query: str) -> None:
    # The JSON body carries the escape; the server decodes it to a lone surrogate.
    # Its time is measured by tests/bench/bench_graphql.py (graphql_lone_surrogate_error_ms).
    body = '{"query": "' + query.replace('"', '\\"') + '"}'
    response = post_raw(f"/o/{COUNTY}/graphql/", body)
    assert_named_error(response)
    response.content.decode("utf-8")  # strict: no surrogate left in the answer


def test_lone_surrogate_variables_of_choice_and_date_fields(as_user: Any) -> None:
    client = as_user("mangshi.admin")
    for query, variables in [
        (
            "query($c:[CreditClass!]){ marketEntities(creditClass:$c){ totalCount } }",
            {"c": ["\ud800"]},
        ),
        ("query($d:Date!){ workingDay(date:$d){ isWorkingDay } }", {"d": "\ud800"}),
    ]:
        result = client.post(query, variables, org=COUNTY)
        assert result["errors"], result
        assert "INTERNAL_ERROR" not in json.dumps(result)


def cursor(n: int) -> str:
    return base64.b64encode(f"arrayconnection:{n}".encode()).decode()


BAD_PAGES = [
    ("marketEntities(first: 1000000)", "first"),
    ("marketEntities(first: -1)", "first"),
    ("marketEntities(last: -1)", "last"),
    ("marketEntities(offset: -1)", "offset"),
    ('projects(offset: 0, before: "")', "before"),
    ('projects(after: "bm9wZQ==")', "after"),
    ("inspectors(first: 501)", "first"),
    ("draws(first: 501)", "first"),
    ("annualPlans(first: -5)", "first"),
    ("targetedInspections(offset: -2)", "offset"),
    ("auditRecords(first: 501)", "first"),
]


@pytest.mark.parametrize(("field", "argument"), BAD_PAGES)
def test_page_arguments_out_of_range_are_named(as_user: Any, field: str, argument: str) -> None:
    result = as_user("mangshi.admin").post("{ " + field + " { totalCount } }", org=COUNTY)
    (error,) = result["errors"]
    assert error["extensions"] == {"code": "BAD_INPUT", "field": argument}, error


def test_a_valid_cursor_still_pages(as_user: Any) -> None:
    result = as_user("mangshi.admin").post(
        "query($a:String){ auditRecords(first: 2, after: $a) { totalCount } }",
        {"a": cursor(0)},
        org=COUNTY,
    )
    assert "errors" not in result, result


MALFORMED_IDS = [
    "",
    "x",
    "%%%",
    "bm9wZQ==",
    base64.b64encode(b"Draw:\xc2\xb2").decode(),
    base64.b64encode("Draw:²".encode()).decode(),
    base64.b64encode(b"Draw:99999999999999999999999").decode(),
    base64.b64encode(b"Draw:-1").decode(),
    base64.b64encode(b"Nope:1").decode(),
    base64.b64encode(b"PublicDraw:533103-1").decode(),
    "A" * 5000,
]


@pytest.mark.parametrize("bad", MALFORMED_IDS)
def test_malformed_global_ids_are_bad_input(as_user: Any, bad: str) -> None:
    client = as_user("mangshi.admin")
    for query in [
        "query($id:ID!){ node(id:$id){ id } }",
        "query($id:ID!){ draw(id:$id){ id } }",
        "query($id:ID!){ publicDraw(id:$id){ id } }",
        "query($id:ID!){ publicPlanVersion(id:$id){ id } }",
        "query($id:ID!){ planSimulation(taskId:$id, round:1){ pool } }",
        "mutation($id:ID!){ deletePlanTask(id:$id){ errors { field code } } }",
        "mutation($id:ID!){ setInspectorActive(id:$id, active:false){ errors { field code } } }",
    ]:
        result = client.post(query, {"id": bad}, org=COUNTY)
        text = json.dumps(result, ensure_ascii=False)
        assert "INTERNAL_ERROR" not in text, (query, result)
        if "errors" in result:
            for error in result["errors"]:
                assert error["extensions"]["code"] in ("BAD_INPUT", "NOT_FOUND"), (query, result)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("{ calendarDays(year: 0) { date } }", "year"),
        ("{ calendarDays(year: 10000) { date } }", "year"),
        ('{ addWorkingDays(date: "9999-12-31", days: 1) { date } }', "date"),
        ('{ addWorkingDays(date: "0001-01-01", days: 1) { date } }', "date"),
        ('{ workingDay(date: "9999-12-31") { isWorkingDay } }', "date"),
    ],
)
def test_calendar_years_outside_its_range_are_named(
    gql: GraphQLClient, query: str, field: str
) -> None:
    result = gql.post(query)
    (error,) = result["errors"]
    assert error["extensions"] == {"code": "BAD_INPUT", "field": field}, error
    assert "2000" in error["message"]


def test_a_huge_file_token_is_bad_input(as_user: Any) -> None:
    client = as_user("mangshi.admin")
    for token in ["x" * 100_000, "x" * 300, "²" * 10]:
        result = client.post(
            "mutation($t:String!){ startRegistryImport(kind: ENTITIES, fileToken:$t){"
            " errors { field code } } }",
            {"t": token},
            org=COUNTY,
        )
        text = json.dumps(result)
        assert "INTERNAL_ERROR" not in text, result
        fields = [
            e.get("field") or e.get("extensions", {}).get("field")
            for e in result.get("errors", [])
            + (result.get("data") or {}).get("startRegistryImport", {}).get("errors", [])
        ]
        assert fields == ["fileToken"], result


ENTITY_FIELDS = "id name uscc entityType region creditClass status contactPhone updatedAt"
HEAVY = (
    "{ "
    + " ".join(
        f"a{i}: marketEntities(first: 500) {{ edges {{ node {{ {ENTITY_FIELDS}"
        " history { seq at actor operation before after } } } }"
        for i in range(100)
    )
    + " }"
)
PUBLIC_HEAVY = (
    "{ "
    + " ".join(
        f'p{i}:publicDraws(organisationCode:"{COUNTY}"){{'
        "targets(limit:500){items{code}} teams{number}}"
        for i in range(200)
    )
    + " }"
)


@pytest.mark.parametrize("query", [HEAVY, PUBLIC_HEAVY], ids=["100 aliases", "200 publicDraws"])
def test_costly_operations_are_refused_before_they_run(
    as_user: Any, query: str, django_assert_max_num_queries: Any
) -> None:
    client = as_user("mangshi.admin")
    # organisation, session and the search_path switches around them; nothing of the operation
    with django_assert_max_num_queries(4):
        result = client.post(query, org=COUNTY)
    (error,) = result["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "data" not in result or result["data"] is None


def test_fragments_are_priced_expanded(as_user: Any) -> None:
    # Each fragment spreads the next twice: 2^12 copies of a 500-row page.
    fragments = " ".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} a{i}: marketEntities(first: 500) {{ edges {{ node {{ id }} }} }} }}"
        for i in range(12)
    )
    query = "{ ...F0 } " + fragments + " fragment F12 on Query { me { username } }"
    result = as_user("mangshi.admin").post(query, org=COUNTY)
    assert result["errors"][0]["extensions"]["code"] in ("QUERY_TOO_COMPLEX",), result


def test_too_many_fragments_are_refused(gql: GraphQLClient) -> None:
    fragments = " ".join(f"fragment F{i} on Query {{ me {{ username }} }}" for i in range(60))
    result = gql.post("{ ...F0 } " + fragments)
    assert result["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_a_normal_page_is_not_refused(as_user: Any) -> None:
    result = as_user("mangshi.admin").post(
        "{ marketEntities(first: 100) { totalCount edges { node { "
        + ENTITY_FIELDS
        + " history { seq } } } } }",
        org=COUNTY,
    )
    assert "errors" not in result, result


def test_statement_timeout_bounds_request_sql(as_user: Any, settings: Any) -> None:
    from django.db import connection

    from suiji_api.core.views import statement_timeout

    settings.GRAPHQL_STATEMENT_TIMEOUT_MS = 1234
    with statement_timeout(), connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "1234ms"


def test_a_statement_that_times_out_is_a_named_error(
    as_user: Any, settings: Any, monkeypatch: Any
) -> None:
    from django.db import connection, transaction

    from suiji_api.accounts import schema as accounts_schema

    settings.GRAPHQL_STATEMENT_TIMEOUT_MS = 50

    def slow(*args: Any, **kwargs: Any) -> Any:
        # In its own savepoint: the test's transaction stays usable after the cancel.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(1)")
        return []

    monkeypatch.setattr(accounts_schema.User.objects, "filter", slow)
    result = as_user("mangshi.admin").post("{ members { username } }", org=COUNTY)
    assert result["errors"][0]["extensions"]["code"] == "TIMEOUT", result


@pytest.mark.parametrize(
    "query",
    [
        "{ me { usernam } }",
        "{ publicOrganisation { code } }",
        "{ publicOrganisations { cod } }",
        '{ publicDraws(organisationCod: "533103") { id } }',
    ],
)
def test_no_suggestions_for_anonymous_visitors_in_production(settings: Any, query: str) -> None:
    settings.PRODUCTION = True
    result = GraphQLClient().post(query)
    text = json.dumps(result, ensure_ascii=False)
    assert "Did you mean" not in text, text
    assert result["errors"]
    settings.PRODUCTION = False
    assert "Did you mean" in json.dumps(GraphQLClient().post(query)), "suggestions in development"


def test_a_page_size_reaches_the_list_inside_a_fragment(as_user: Any) -> None:
    # targets(limit: 500) sizes `items`, also when `items` sits in a fragment.
    fields = " ".join(f"f{i}: code" for i in range(12))
    aliases = " ".join(
        f'p{i}: publicDraws(organisationCode: "{COUNTY}") {{ targets(limit: 500) {{ ...T }} }}'
        for i in range(2)
    )
    query = "{ " + aliases + " } fragment T on DrawTargetPage { items { " + fields + " } }"
    result = as_user("mangshi.admin").post(query, org=COUNTY)
    assert result["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX", result


def test_repeated_fields_are_refused_by_the_cost_limit(gql: GraphQLClient) -> None:
    # Its time: graphql_repeated_fields_refusal_ms in tests/bench/bench_graphql.py.
    result = gql.post("{ " + "a: me { id } " * 300 + "}")
    assert result["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_nested_repeated_fields_are_checked_by_the_linear_merge_check(
    gql: GraphQLClient,
) -> None:
    # graphql-core's pairwise merge rule took over 10 s on this document: the view validates
    # without it and checks merges itself (its time: graphql_nested_fields_check_ms in
    # tests/bench/bench_graphql.py).
    from graphql.validation import OverlappingFieldsCanBeMergedRule

    from suiji_api.core import views

    views._validate.cache_clear()
    calls: list[Any] = []
    real = views.validate

    def spy(schema: Any, document: Any, rules: Any, **kw: Any) -> Any:
        calls.append(list(rules))
        return real(schema, document, rules, **kw)

    inner = "id"
    for _ in range(2):
        inner = " ".join(["parent { " + inner + " }"] * 8)
    query = "{ " + " ".join(["... on Query { publicOrganisations { " + inner + " } }"] * 8) + " }"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(views, "validate", spy)
        result = gql.post(query)
    assert "errors" not in result, result
    assert calls and all(OverlappingFieldsCanBeMergedRule not in rules for rules in calls)
    # the merge check still refuses fields that cannot merge
    clash = gql.post("{ a: me { username } a: publicOrganisations { code } }")
    assert clash["errors"], clash


@pytest.mark.parametrize(
    "query",
    [
        "{ a: me { id } a: publicOrganisations { id } }",
        '{ publicPlans(organisationCode: "533103") { year } publicPlans(organisationCode: "533102") { year } }',
        "{ publicOrganisations { code: name code } }",
        "{ ...F publicOrganisations { x: code } } fragment F on Query { publicOrganisations { x: name } }",
    ],
)
def test_fields_that_cannot_merge_are_refused(gql: GraphQLClient, query: str) -> None:
    result = gql.post(query)
    (error,) = result["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", error
