"""Plans API: per-field typed errors, the workflow by role, public reading of every version
without login, the prefecture's view of county statuses, reminders and calendar queries."""

from typing import Any

import pytest
from django_tenants.utils import schema_context

from suiji_platform.plan_index.services import scan_plan_deadlines
from suiji_tenants.plans.models import AnnualPlan, PlanTask

from ...tenants.plans.factories import make_entities, make_item, make_officers

pytestmark = pytest.mark.django_db

ERR = "errors { field code message }"
CREATE_PLAN = f"mutation($y:Int!){{ createAnnualPlan(year:$y){{ plan {{ id status }} {ERR} }} }}"
CREATE_TASK = f"""mutation($p:ID!,$i:PlanTaskInput!){{ createPlanTask(planId:$p,input:$i){{
  task {{ id title rounds {{ number startsOn endsOn }} items {{ code version }}
          creditRatios {{ creditClass ratioBp }} }} {ERR} }} }}"""
MOVE = f"""mutation($p:ID!,$a:PlanAction!,$c:String,$r:String){{
  transitionPlan(planId:$p,action:$a,comment:$c,recipient:$r){{
    plan {{ status version availableActions transitions {{ action comment }} }} {ERR} }} }}"""
PUBLIC = """query($o:String!){ publicPlans(organisationCode:$o){ organisationName year currentVersion
  versions { id version note snapshot } } }"""


def task_input(**overrides: Any) -> dict[str, Any]:
    value = {
        "title": "建筑市场主体资质检查",
        "itemCodes": ["ZJ-001"],
        "scopeKind": "UNDIRECTED",
        "samplingMode": "RATIO",
        "ratioBp": 100,
        "rounds": [{"startsOn": "2026-03-01", "endsOn": "2026-04-30"}],
        "creditRatios": [{"creditClass": "A", "ratioBp": 50}, {"creditClass": "D", "ratioBp": 100}],
    }
    value.update(overrides)
    return value


def create(client: Any, org: str) -> str:
    result = client.post(CREATE_PLAN, {"y": 2026}, org=org)
    assert result["data"]["createAnnualPlan"]["errors"] == [], result
    return str(result["data"]["createAnnualPlan"]["plan"]["id"])


@pytest.fixture
def county_items() -> None:
    with schema_context("org_533103"):
        make_item()


@pytest.fixture
def prefecture_items() -> None:
    with schema_context("org_533100"):
        make_item()
        make_entities(500)
        make_officers(6)


def test_bad_inputs_are_typed_errors_and_nothing_changes(
    as_user: Any, prefecture_items: None
) -> None:
    admin = as_user("dehong.admin")
    plan_id = create(admin, "533100")
    cases = [
        (task_input(ratioBp=120), "ratioBp", "prefecture_ratio_cap"),
        (
            task_input(
                rounds=[
                    {"startsOn": f"2026-{m:02d}-01", "endsOn": f"2026-{m:02d}-20"}
                    for m in (3, 6, 9)
                ],
                ratioBp=20,
            ),
            "rounds",
            "prefecture_round_cap",
        ),
        (
            task_input(rounds=[{"startsOn": "2025-12-01", "endsOn": "2026-01-20"}]),
            "rounds.0.startsOn",
            "outside_year",
        ),
        (task_input(officersPerTeam=1), "officersPerTeam", "team_too_small"),
        (task_input(itemCodes=["NOPE-1"]), "itemCodes.0", "unknown_item"),
    ]
    for data, field, code in cases:
        result = admin.post(CREATE_TASK, {"p": plan_id, "i": data}, org="533100")
        errors = result["data"]["createPlanTask"]["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [(field, code)], errors
        assert errors[0]["message"]
    with schema_context("org_533100"):
        assert PlanTask.objects.count() == 0
    # publishing an unconsolidated plan
    result = admin.post(MOVE, {"p": plan_id, "a": "PUBLISH"}, org="533100")
    assert result["data"]["transitionPlan"]["errors"][0]["code"] == "not_consolidated"
    with schema_context("org_533100"):
        assert AnnualPlan.objects.get().status == "draft"


def test_workflow_by_role_and_public_versions(as_user: Any, gql: Any, county_items: None) -> None:
    staff, admin = as_user("mangshi.staff"), as_user("mangshi.admin")
    plan_id = create(staff, "533103")
    result = staff.post(CREATE_TASK, {"p": plan_id, "i": task_input(ratioBp=500)}, org="533103")
    task = result["data"]["createPlanTask"]["task"]
    assert task["items"] == [{"code": "ZJ-001", "version": 1}]

    def move(client: Any, action: str, comment: str | None = None) -> dict[str, Any]:
        out = client.post(MOVE, {"p": plan_id, "a": action, "c": comment}, org="533103")
        return out["data"]["transitionPlan"]

    assert move(staff, "SUBMIT")["plan"]["status"] == "SUBMITTED"
    # a move by a role that may not make it
    denied = move(staff, "CONSOLIDATE")
    assert denied["errors"][0]["code"] == "role_not_allowed" and denied["plan"] is None
    # the prefecture's oversight is read-only
    assert (
        as_user("dehong.admin").post(MOVE, {"p": plan_id, "a": "CONSOLIDATE"}, org="533103")[
            "errors"
        ][0]["extensions"]["code"]
        == "PERMISSION_DENIED"
    )
    returned = move(admin, "RETURN", "比例偏高，请说明理由")
    assert returned["plan"]["status"] == "DRAFT"
    assert returned["plan"]["transitions"][-1]["comment"] == "比例偏高，请说明理由"
    for client, action in (
        (staff, "SUBMIT"),
        (admin, "CONSOLIDATE"),
        (admin, "REPORT"),
        (admin, "PUBLISH"),
    ):
        assert move(client, action)["errors"] == [], action
    assert move(admin, "ADJUST", "增加第二轮")["plan"]["status"] == "ADJUSTED"
    result = admin.post(
        f"mutation($id:ID!,$i:PlanTaskInput!){{ updatePlanTask(id:$id,input:$i){{ {ERR} }} }}",
        {
            "id": task["id"],
            "i": task_input(
                ratioBp=500,
                rounds=[
                    {"startsOn": "2026-03-01", "endsOn": "2026-04-30"},
                    {"startsOn": "2026-09-01", "endsOn": "2026-10-30"},
                ],
            ),
        },
        org="533103",
    )
    assert result["data"]["updatePlanTask"]["errors"] == []
    assert move(admin, "PUBLISH")["plan"]["version"] == 2

    # then anyone, without logging in, reads both versions
    public = gql.post(PUBLIC, {"o": "533103"})
    plans = public["data"]["publicPlans"]
    assert plans[0]["currentVersion"] == 2
    versions = plans[0]["versions"]
    assert [
        len(v["snapshot"] and __import__("json").loads(v["snapshot"])["tasks"][0]["rounds"])
        for v in versions
    ] == [1, 2]
    assert versions[1]["note"] == "增加第二轮"
    text = str(public)
    assert "mangshi" not in text and "actor" not in text
    one = gql.post(
        "query($id:ID!){ publicPlanVersion(id:$id){ version year } }", {"id": versions[0]["id"]}
    )
    assert one["data"]["publicPlanVersion"] == {"version": 1, "year": 2026}


def test_prefecture_sees_county_statuses_and_overdue(as_user: Any, county_items: None) -> None:
    staff = as_user("mangshi.staff")
    create(staff, "533103")
    scan_plan_deadlines(__import__("datetime").date(2026, 1, 5))
    prefecture = as_user("dehong.admin")
    result = prefecture.post(
        "{ planStatuses(year:2026){ organisationCode status overdue } overduePlans { organisationCode year } }",
        org="533100",
    )
    rows = {r["organisationCode"]: r for r in result["data"]["planStatuses"]}
    assert rows["533103"]["status"] == "DRAFT" and rows["533103"]["overdue"]
    assert {"organisationCode": "533102", "year": 2026} in result["data"]["overduePlans"]
    county = as_user("mangshi.admin").post(
        "{ planStatuses { organisationCode } reminders { kind } }", org="533103"
    )
    assert {r["organisationCode"] for r in county["data"]["planStatuses"]} == {"533103"}
    assert {"kind": "PLAN_OVERDUE"} in county["data"]["reminders"]


def test_simulation_query(as_user: Any, county_items: None) -> None:
    with schema_context("org_533103"):
        make_entities(400)
        make_officers(2)
    staff = as_user("mangshi.staff")
    plan_id = create(staff, "533103")
    task = staff.post(CREATE_TASK, {"p": plan_id, "i": task_input(ratioBp=1000)}, org="533103")
    task_id = task["data"]["createPlanTask"]["task"]["id"]
    result = staff.post(
        "query($t:ID!){ planSimulation(taskId:$t, round:1){ pool targets teams officersNeeded"
        " officersEligible warnings notices { code message params }"
        " strata { creditClass pool targets } } }",
        {"t": task_id},
        org="533103",
    )
    sim = result["data"]["planSimulation"]
    assert (sim["pool"], sim["targets"], sim["teams"]) == (400, 40, 8)
    assert sim["officersEligible"] == 2 and sim["warnings"]
    # Each warning also comes with its code and the figures it was made from (the English UI
    # says it from these), in the same order as `warnings`.
    assert [n["message"] for n in sim["notices"]] == sim["warnings"]
    short = next(n for n in sim["notices"] if n["code"] == "officers_short")
    assert short["params"] == {"teams": 8, "needed": 16, "eligible": 2}


def test_calendar_queries_and_loading(as_user: Any, gql: Any) -> None:
    q = "query($d:Date!,$n:Int!){ addWorkingDays(date:$d, days:$n){ date unknownSchedule unknownYear } }"
    assert gql.post(q, {"d": "2026-09-30", "n": 5})["data"]["addWorkingDays"] == {
        "date": "2026-10-13",
        "unknownSchedule": False,
        "unknownYear": None,
    }
    assert gql.post(q, {"d": "2027-03-01", "n": 5})["data"]["addWorkingDays"]["unknownSchedule"]
    load = (
        f"mutation($c:String!){{ loadWorkCalendar(content:$c, format:CSV){{ years days {ERR} }} }}"
    )
    csv = "date,kind,name\n2027-03-02,holiday,测试假日\n"
    assert as_user("mangshi.admin").post(load, {"c": csv}, org="533103")["errors"]
    result = as_user("dehong.admin").post(load, {"c": csv}, org="533100")
    assert result["data"]["loadWorkCalendar"] == {"years": [2027], "days": 1, "errors": []}
    assert gql.post(q, {"d": "2027-03-01", "n": 5})["data"]["addWorkingDays"] == {
        "date": "2027-03-09",
        "unknownSchedule": False,
        "unknownYear": None,
    }
    bad = as_user("dehong.admin").post(load, {"c": "date,kind\nxx,holiday\n"}, org="533100")
    assert bad["data"]["loadWorkCalendar"]["errors"][0]["code"] == "invalid_date"


def test_a_task_inspects_entities_by_default_or_projects(as_user: Any, county_items: None) -> None:
    staff = as_user("mangshi.staff")
    plan_id = create(staff, "533103")
    query = f"""mutation($p:ID!,$i:PlanTaskInput!){{ createPlanTask(planId:$p,input:$i){{
      task {{ id targetKind }} {ERR} }} }}"""
    entities = staff.post(query, {"p": plan_id, "i": task_input()}, org="533103")
    assert entities["data"]["createPlanTask"]["task"]["targetKind"] == "ENTITY"
    projects = staff.post(
        query,
        {"p": plan_id, "i": task_input(title="在建项目检查", targetKind="PROJECT")},
        org="533103",
    )
    assert projects["data"]["createPlanTask"]["task"]["targetKind"] == "PROJECT"
    wrong = staff.post(query, {"p": plan_id, "i": task_input(targetKind="HOUSE")}, org="533103")
    assert wrong["errors"] and "HOUSE" in wrong["errors"][0]["message"]


OVERVIEW = """query($y:Int){ planStatuses(year:$y){ organisationCode status overdue overdueReason
  roundsPlanned drawsDone targetsDrawn resultsPublished } overduePlans(year:$y){ organisationCode
  year } }"""


def _draw_in_ledger(
    code: str, reference: str, entities: list[str], *, voided: bool = False
) -> None:
    """A draw of 2026 as the ledger holds it: one row per (entity, item)."""
    import datetime

    from suiji_platform.ledger.models import LedgerEntry, LedgerSource
    from suiji_platform.organisations.models import Organisation

    org = Organisation.objects.get(code=code)
    for entity in entities:
        for item in ("I-1", "I-2"):
            LedgerEntry.objects.create(
                organisation=org,
                entity_code=entity,
                item_code=item,
                department="market",
                inspected_on=datetime.date(2026, 3, 1),
                plan_year=2026,
                source=LedgerSource.DRAW,
                draw_reference=reference,
                visit_key=f"{reference}:{entity}",
                voided=voided,
            )


def _published(code: str, reference: str, uscc: str, draw_reference: str) -> None:
    import datetime

    from django.utils import timezone

    from suiji_platform.organisations.models import Organisation
    from suiji_platform.results_index.models import PublishedResult

    PublishedResult.objects.create(
        organisation=Organisation.objects.get(code=code),
        reference=reference,
        entity_name="芒市某公司",
        uscc=uscc,
        plan_year=2026,
        draw_reference=draw_reference,
        inspected_on=datetime.date(2026, 3, 2),
        inspecting_body="芒市市场监督管理局",
        published_at=timezone.now(),
    )


def test_the_prefecture_overview_has_one_overdue_and_draws_per_county(
    as_user: Any, county_items: None
) -> None:
    """Its own draft plan, past 31 December of the year before, is overdue in the table and in
    the overdue panel alike (never "已逾期" above and "没有逾期的计划" below), as are counties
    without a plan; each county shows draws done beside rounds planned."""
    # given: the prefecture's own 2026 plan in draft (no deadline scan has run since) and
    # 芒市's plan with one task of two rounds
    admin = as_user("dehong.admin")
    create(admin, "533100")
    staff = as_user("mangshi.staff")
    plan_id = create(staff, "533103")
    rounds = [
        {"startsOn": "2026-03-01", "endsOn": "2026-04-30"},
        {"startsOn": "2026-09-01", "endsOn": "2026-10-31"},
    ]
    task = staff.post(CREATE_TASK, {"p": plan_id, "i": task_input(rounds=rounds)}, org="533103")
    assert task["data"]["createPlanTask"]["errors"] == []
    # when
    result = admin.post(OVERVIEW, {"y": 2026}, org="533100")["data"]
    # then
    rows = {r["organisationCode"]: r for r in result["planStatuses"]}
    assert set(rows) == {"533100", "533102", "533103", "533122", "533123", "533124"}
    assert rows["533100"]["status"] == "DRAFT" and rows["533100"]["overdue"]
    assert rows["533102"]["status"] == "MISSING" and rows["533102"]["overdue"]
    overdue = {r["organisationCode"] for r in result["overduePlans"]}
    assert overdue == {code for code, row in rows.items() if row["overdue"]}
    assert (rows["533103"]["roundsPlanned"], rows["533103"]["drawsDone"]) == (2, 0)
    assert (rows["533103"]["targetsDrawn"], rows["533103"]["resultsPublished"]) == (0, 0)
    # and once 芒市 has drawn (3 targets of two items each; a voided draw does not count) and
    # published the result of one of them, the same row shows both figures
    _draw_in_ledger("533103", "533103:1", ["E1", "E2", "E3"])
    _draw_in_ledger("533103", "533103:2", ["E4"], voided=True)
    _published("533103", "533103-D000001-001", "E1", "533103-D000001")
    drawn = admin.post(OVERVIEW, {"y": 2026}, org="533100")["data"]
    figures = {
        r["organisationCode"]: (r["drawsDone"], r["targetsDrawn"], r["resultsPublished"])
        for r in drawn["planStatuses"]
    }
    assert figures["533103"] == (1, 3, 1)
    assert figures["533122"] == (0, 0, 0)
    # a year not yet due is overdue nowhere, in either place
    later = admin.post(OVERVIEW, {"y": 2100}, org="533100")["data"]
    assert not any(r["overdue"] for r in later["planStatuses"]) and later["overduePlans"] == []
    bad = admin.post(OVERVIEW, {"y": 0}, org="533100")
    assert bad["errors"][0]["extensions"]["field"] == "year", bad
