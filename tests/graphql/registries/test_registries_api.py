"""The registries through GraphQL: per-field errors, masking by role, isolation between
counties, read-only oversight, filters and search, and a constant query count per page."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from suiji_platform.organisations.models import Organisation
from suiji_tenants.registries.demo import seed_demo_registries

pytestmark = pytest.mark.django_db

ORG = "533103"
USCC = "91533103MA6K4X0A1E"
ID_NUMBER = "533103198805120024"

CREATE_ENTITY = """mutation($input: MarketEntityInput!) { createMarketEntity(input: $input) {
  marketEntity { id name uscc contactPhone status creditClass } errors { field code message } } }"""
CREATE_INSPECTOR = """mutation($input: InspectorInput!) { createInspector(input: $input) {
  inspector { id idNumber contactPhone certificateValid } errors { field code message } } }"""
INSPECTORS = """query($search: String) { inspectors(first: 10, search: $search) { totalCount
  edges { node { name idNumber contactPhone } } } }"""


def create_entity(client: Any, **extra: Any) -> dict:
    data = {
        "name": "芒市恒信建筑工程有限公司",
        "uscc": USCC,
        "contactPhone": "13888885678",
        "region": "勐焕街道",
        "creditClass": "A",
        **extra,
    }
    return client.post(CREATE_ENTITY, {"input": data}, org=ORG)["data"]["createMarketEntity"]


def create_inspector(client: Any) -> dict:
    data = {
        "name": "杨洁",
        "idNumber": ID_NUMBER,
        "certificateNo": "5331030001",
        "certificateValidUntil": "2030-12-31",
        "contactPhone": "13700001111",
    }
    return client.post(CREATE_INSPECTOR, {"input": data}, org=ORG)["data"]["createInspector"]


def test_create_returns_per_field_errors_in_chinese_and_writes_nothing(as_user: Any) -> None:
    admin = as_user("mangshi.admin")
    result = create_entity(admin, uscc="91533103MA6K4X0A1H", contactPhone="123", creditClass="E")
    fields = {e["field"]: e for e in result["errors"]}
    assert set(fields) == {"uscc", "contactPhone", "creditClass"}
    assert "校验码" in fields["uscc"]["message"]
    assert result["marketEntity"] is None
    assert (
        admin.post("{ marketEntities { totalCount } }", org=ORG)["data"]["marketEntities"][
            "totalCount"
        ]
        == 0
    )


def test_duplicate_uscc_is_a_field_error(as_user: Any) -> None:
    admin = as_user("mangshi.admin")
    assert create_entity(admin)["errors"] == []
    again = create_entity(admin, name="另一家公司")
    assert again["errors"][0]["field"] == "uscc" and again["errors"][0]["code"] == "duplicate"


def test_personal_data_masked_for_everyone_in_lists(as_user: Any) -> None:
    admin = as_user("mangshi.admin")
    created = create_inspector(admin)
    assert created["errors"] == [] and created["inspector"]["idNumber"] == "5331**********0024"
    listed = admin.post(INSPECTORS, org=ORG)["data"]["inspectors"]["edges"][0]
    assert listed["node"]["idNumber"] == "5331**********0024"
    assert listed["node"]["contactPhone"] == "137****1111"
    staff = as_user("mangshi.staff").post(INSPECTORS, org=ORG)["data"]["inspectors"]["edges"][0]
    assert staff["node"]["idNumber"] == "5331**********0024"
    assert staff["node"]["contactPhone"] == "137****1111"
    overseer = as_user("dehong.admin").post(INSPECTORS, org=ORG)["data"]["inspectors"]["edges"][0]
    assert overseer["node"]["idNumber"] == "5331**********0024"
    # exact search by ID number through the blind index
    found = admin.post(INSPECTORS, {"search": ID_NUMBER}, org=ORG)["data"]["inspectors"]
    assert found["totalCount"] == 1
    assert (
        admin.post(INSPECTORS, {"search": ID_NUMBER[:-1] + "5"}, org=ORG)["data"]["inspectors"][
            "totalCount"
        ]
        == 0
    )


def test_a_county_cannot_read_another_and_the_prefecture_only_reads(as_user: Any) -> None:
    create_entity(as_user("mangshi.admin"))
    ruili = as_user("ruili.admin").post("{ marketEntities { totalCount } }", org=ORG)
    assert ruili["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert (
        as_user("ruili.admin").post("{ marketEntities { totalCount } }", org="533102")["data"][
            "marketEntities"
        ]["totalCount"]
        == 0
    )
    prefecture = as_user("dehong.admin")
    assert (
        prefecture.post("{ marketEntities { totalCount } }", org=ORG)["data"]["marketEntities"][
            "totalCount"
        ]
        == 1
    )
    denied = prefecture.post(CREATE_ENTITY, {"input": {"name": "x", "uscc": USCC}}, org=ORG)
    assert denied["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_update_change_status_and_history(as_user: Any) -> None:
    admin = as_user("mangshi.admin")
    entity_id = create_entity(admin)["marketEntity"]["id"]
    updated = admin.post(
        """mutation($id: ID!) { updateMarketEntity(id: $id, input: {creditClass: "D"}) {
        marketEntity { creditClass } errors { field message } } }""",
        {"id": entity_id},
        org=ORG,
    )
    assert updated["data"]["updateMarketEntity"]["marketEntity"]["creditClass"] == "D"
    changed = admin.post(
        """mutation($id: ID!) { changeMarketEntityStatus(id: $id, status: REVOKED,
        on: "2026-03-01") { marketEntity { status statusChangedOn history { operation } } errors { message } } }""",
        {"id": entity_id},
        org=ORG,
    )["data"]["changeMarketEntityStatus"]["marketEntity"]
    assert changed["status"] == "REVOKED" and changed["statusChangedOn"] == "2026-03-01"
    assert [h["operation"] for h in changed["history"]] == [
        "registries.entities.change_status",
        "registries.entities.update",
        "registries.entities.create",
    ]
    active = admin.post("{ marketEntities(status: ACTIVE) { totalCount } }", org=ORG)
    assert active["data"]["marketEntities"]["totalCount"] == 0


def test_conflicts_are_declared_and_listed(as_user: Any) -> None:
    admin = as_user("mangshi.admin")
    entity_id = create_entity(admin)["marketEntity"]["id"]
    inspector_id = create_inspector(admin)["inspector"]["id"]
    declared = admin.post(
        """mutation($i: ID!, $e: ID!) { declareConflict(inspectorId: $i, entityId: $e,
        kind: KINSHIP, reason: "配偶任职") { conflict { kind entity { uscc } } errors { field message } } }""",
        {"i": inspector_id, "e": entity_id},
        org=ORG,
    )["data"]["declareConflict"]
    assert declared["conflict"]["entity"]["uscc"] == USCC
    listed = admin.post(
        "{ inspectors { edges { node { conflicts { kind reason entity { name } } } } } }", org=ORG
    )["data"]["inspectors"]["edges"][0]["node"]["conflicts"]
    assert listed == [
        {"kind": "KINSHIP", "reason": "配偶任职", "entity": {"name": "芒市恒信建筑工程有限公司"}}
    ]


PAGE_QUERIES = {
    "projects": """query($n: Int) { projects(first: $n) { totalCount edges { node {
        code name constructionStatus contactPhone responsibleEntity { name uscc creditClass } } } } }""",
    "inspectors": """query($n: Int) { inspectors(first: $n) { totalCount edges { node {
        name idNumber certificateValid categories conflicts { kind entity { name uscc } } } } } }""",
    "marketEntities": """query($n: Int) { marketEntities(first: $n, orderBy: CREDIT) { totalCount
        edges { node { name uscc creditClass status contactPhone } } } }""",
}


def _registry_queries(client: Any, query: str, n: int) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        result = client.post(query, {"n": n}, org=ORG)
    assert "errors" not in result, result
    registry = [q for q in captured.captured_queries if "registries_" in q["sql"]]
    return len(registry), result


@pytest.fixture
def seeded(db: Any) -> None:
    organisation = Organisation.objects.get(code=ORG)
    seed_demo_registries(organisation, entities=300, projects=150, officers=100, experts=20)
    connection.set_schema_to_public()


@pytest.mark.parametrize("name", sorted(PAGE_QUERIES))
def test_a_page_costs_the_same_queries_whatever_its_size(
    as_user: Any, seeded: None, name: str
) -> None:
    client = as_user("mangshi.staff")
    small, _ = _registry_queries(client, PAGE_QUERIES[name], 5)
    large, result = _registry_queries(client, PAGE_QUERIES[name], 100)
    assert len(result["data"][name]["edges"]) == 100
    assert small == large <= 3


EXECUTION_CASES = [
    *PAGE_QUERIES.values(),
    # arguments on nested fields, aliases, enums of several types, null relations
    """query($n: Int) { a: inspectors(first: $n, active: true) { edges { node { kind department
      on: certificateValid(on: "2020-01-01") today: certificateValid } } }
      b: marketEntities(first: $n, status: ACTIVE) { edges { node { status creditClass
      natureAlias: nature } } } }""",
    # bad input in a resolver of a non-null root field: the same named error, data null
    """query($n: Int) { ok: projects(first: $n) { totalCount } bad: calendarDays(year: 0) {
      date } }""",
]


@pytest.mark.parametrize("case", range(len(EXECUTION_CASES)))
def test_the_fast_execution_path_answers_as_graphql_core_does(
    as_user: Any, seeded: None, case: int, monkeypatch: Any
) -> None:
    """views.SyncExecutionContext shortcuts graphql-core's field execution: same answers."""
    from graphql import ExecutionContext
    from suiji_api.core import views

    client = as_user("mangshi.staff")
    query = EXECUTION_CASES[case]
    fast = client.post(query, {"n": 30}, org=ORG)
    monkeypatch.setattr(views.SyncExecutionContext, "execute_field", ExecutionContext.execute_field)
    monkeypatch.setattr(
        views.SyncExecutionContext, "complete_value", ExecutionContext.complete_value
    )
    plain = client.post(query, {"n": 30}, org=ORG)
    assert fast == plain
    if "bad:" in query:
        assert [e["extensions"]["field"] for e in fast["errors"]] == ["year"], fast
    else:
        assert fast["data"] and "errors" not in fast, fast


def test_filters_search_and_order(as_user: Any, seeded: None) -> None:
    client = as_user("mangshi.admin")
    with schema_context("org_533103"):
        from suiji_tenants.registries.models import Inspector, MarketEntity

        d_count = MarketEntity.objects.filter(credit_class__in=["C", "D"], status="active").count()
        one = MarketEntity.objects.first()
        expired = (
            Inspector.objects.filter(kind="officer")
            .exclude(certificate_valid_until__gte=__import__("datetime").date.today())
            .count()
        )
    result = client.post(
        "{ marketEntities(creditClass: [C, D], status: ACTIVE) { totalCount } }", org=ORG
    )
    assert result["data"]["marketEntities"]["totalCount"] == d_count
    by_uscc = client.post(
        "query($s: String) { marketEntities(search: $s) { edges { node { name } } } }",
        {"s": one.uscc},
        org=ORG,
    )["data"]["marketEntities"]["edges"]
    assert [e["node"]["name"] for e in by_uscc] == [one.name]
    invalid = client.post(
        "{ inspectors(kind: OFFICER, certificateValid: false) { totalCount } }", org=ORG
    )
    assert invalid["data"]["inspectors"]["totalCount"] == expired


FILTER_VALUES = "query($k: RegistryKind!) { registryFilterValues(kind: $k) { field values } }"


def test_filter_values_are_the_values_present_and_each_finds_its_rows(
    as_user: Any, seeded: None
) -> None:
    """主体类型, 企业性质 and 乡镇 are offered as the values present in the organisation's
    registry; every value offered finds rows (no free text that matches nothing)."""
    client = as_user("mangshi.staff")
    result = client.post(FILTER_VALUES, {"k": "ENTITIES"}, org=ORG)["data"]
    values = {f["field"]: f["values"] for f in result["registryFilterValues"]}
    with schema_context("org_533103"):
        from suiji_tenants.registries.models import MarketEntity

        regions = sorted(
            set(MarketEntity.objects.exclude(region="").values_list("region", flat=True))
        )
    assert set(values) == {"entityType", "nature", "region"}
    assert values["region"] == regions and regions
    first_type = values["entityType"][0]
    found = client.post(
        "query($t: String) { marketEntities(entityType: $t) { totalCount } }",
        {"t": first_type},
        org=ORG,
    )["data"]["marketEntities"]["totalCount"]
    assert found > 0
    projects = client.post(FILTER_VALUES, {"k": "PROJECTS"}, org=ORG)["data"]
    assert [f["field"] for f in projects["registryFilterValues"]] == ["region"]
    # another county's staff cannot read them
    other = as_user("ruili.staff").post(FILTER_VALUES, {"k": "ENTITIES"}, org=ORG)
    assert other.get("errors"), other
