"""The joint draw through the API: partner staff maintain their own department's items and
inspectors only (one permission model), the prefecture builds a joint plan and task, and a
county reads the joint visits of its entities."""

from typing import Any

import pytest
from django_tenants.utils import schema_context

from suiji_platform.accounts.access import registry_department
from suiji_platform.accounts.models import Membership
from suiji_platform.organisations.models import Organisation
from suiji_tenants.draws import services as draws
from suiji_tenants.registries.models import InspectionItem, Inspector

from ...tenants.joint.factories import (
    COUNTIES,
    admin_kw,
    county_entities,
    department_item,
    joint_setup,
    publish,
)

pytestmark = pytest.mark.django_db
PREFECTURE = "533100"

CREATE_ITEM = """mutation($input: InspectionItemInput!) { createInspectionItem(input: $input) {
  inspectionItem { code department } errors { field code message } } }"""
REVISE_ITEM = """mutation($id: ID!, $input: InspectionItemInput!, $on: Date) {
  reviseInspectionItem(id: $id, input: $input, effectiveFrom: $on) {
  inspectionItem { code version } errors { field code message } } }"""
CREATE_INSPECTOR = """mutation($input: InspectorInput!) { createInspector(input: $input) {
  inspector { name department } errors { field code message } } }"""
CREATE_ENTITY = """mutation($input: MarketEntityInput!) { createMarketEntity(input: $input) {
  marketEntity { uscc } errors { field code message } } }"""


def item_input(code: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": "消防安全检查",
        "legalBasis": "《中华人民共和国消防法》第五十三条",
        "responsibleBody": "德宏州消防救援支队",
        "content": "消防设施、器材配置",
        "method": "现场检查",
        **extra,
    }


def test_partner_staff_is_bound_to_a_department(as_user: Any) -> None:
    prefecture = Organisation.objects.get(code=PREFECTURE)
    membership = Membership.objects.get(user__username="dehong.fire", organisation=prefecture)
    assert membership.department == "fire"
    from suiji_platform.accounts.access import access_to

    assert registry_department(access_to(membership.user, prefecture)) == "fire"
    admin = access_to(Membership.objects.get(user__username="dehong.admin").user, prefecture)
    assert registry_department(admin) is None


def test_partner_staff_maintain_their_own_department_only(as_user: Any) -> None:
    fire = as_user("dehong.fire")
    # own department: the item is created as fire's, with its legal basis (R1)
    out = fire.post(CREATE_ITEM, {"input": item_input("XF-101")}, org=PREFECTURE)
    assert out["data"]["createInspectionItem"]["errors"] == []
    assert out["data"]["createInspectionItem"]["inspectionItem"]["department"] == "FIRE"
    # another department's: refused on the department field, nothing written
    out = fire.post(
        CREATE_ITEM, {"input": item_input("XF-102", department="市场监管")}, org=PREFECTURE
    )
    errors = out["data"]["createInspectionItem"]["errors"]
    assert [e["field"] for e in errors] == ["department"] and "本部门" in errors[0]["message"]
    prefecture = Organisation.objects.get(code=PREFECTURE)
    with schema_context(prefecture.schema_name):
        other = department_item("SJ-201", "market_supervision")
        assert not InspectionItem.objects.filter(code="XF-102").exists()
    from graphql_relay import to_global_id

    out = fire.post(
        REVISE_ITEM,
        {
            "id": to_global_id("InspectionItem", other.pk),
            "input": {"name": "改名"},
            "on": "2027-01-01",
        },
        org=PREFECTURE,
    )
    errors = out["data"]["reviseInspectionItem"]["errors"]
    assert errors[0]["field"] == "department" and "市场监管" in errors[0]["message"]
    # officers of their own department
    out = fire.post(
        CREATE_INSPECTOR,
        {
            "input": {
                "name": "消防员甲",
                "kind": "执法检查人员",
                "idNumber": "533103198805120024",
                "certificateNo": "XF000123",
                "certificateValidUntil": "2027-12-31",
                "categories": "消防安全",
            }
        },
        org=PREFECTURE,
    )
    assert out["data"]["createInspector"]["errors"] == [], out
    assert out["data"]["createInspector"]["inspector"]["department"] == "FIRE"
    # and nothing else: market entities are not theirs to maintain
    out = fire.post(
        CREATE_ENTITY, {"input": {"name": "某公司", "uscc": "91533100MA6K4X0A1E"}}, org=PREFECTURE
    )
    assert out["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    with schema_context(prefecture.schema_name):
        assert Inspector.objects.filter(name="消防员甲", department="fire").exists()


PLAN = """query($y: Int!) { annualPlan(year: $y) { id jointPlans { id title tasks { title
  leadDepartment partnerDepartments counties jointMode } } } }"""
CREATE_JOINT = """mutation($p: ID!, $t: String!) { createJointPlan(planId: $p, title: $t) {
  jointPlan { id title } errors { field code message } } }"""
CREATE_TASK = """mutation($p: ID!, $input: PlanTaskInput!) { createPlanTask(planId: $p, input: $input) {
  task { id title } errors { field code message } } }"""
SIMULATE = """query($t: ID!) { planSimulation(taskId: $t, round: 1) { pool targets teams
  counties { code pool } departments { department eligible needed } } }"""
VISITS = """{ jointVisits { entityCode countyCode task modeLabel leadDepartmentLabel
  items { code departmentLabel } team { name departmentLabel } status received } }"""


def test_joint_plan_task_and_county_visits_through_the_api(as_user: Any) -> None:
    prefecture = Organisation.objects.get(code=PREFECTURE)
    county_entities(COUNTIES[0], 150, prefix="91MS")
    county_entities(COUNTIES[1], 150, prefix="91RL")
    with schema_context(prefecture.schema_name):
        task = joint_setup(prefecture)
        plan_id = task.plan_id
    admin = as_user("dehong.admin")
    from graphql_relay import to_global_id

    out = admin.post(
        CREATE_JOINT, {"p": to_global_id("AnnualPlan", plan_id), "t": "消防联合"}, org=PREFECTURE
    )
    joint_id = out["data"]["createJointPlan"]["jointPlan"]["id"]
    base = {
        "title": "消防与市场监管联合",
        "itemCodes": ["LH-SJ", "LH-XF"],
        "scopeKind": "UNDIRECTED",
        "samplingMode": "RATIO",
        "ratioBp": 50,
        "rounds": [{"startsOn": "2026-12-01", "endsOn": "2026-12-31"}],
        "jointPlanId": joint_id,
        "leadDepartment": "MARKET_SUPERVISION",
        "departments": ["FIRE"],
        "jointMode": "COUNTY_INSPECTS",
        "counties": ["533103", "110101"],
    }
    out = admin.post(
        CREATE_TASK, {"p": to_global_id("AnnualPlan", plan_id), "input": base}, org=PREFECTURE
    )
    errors = out["data"]["createPlanTask"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("counties.1", "outside_prefecture")]
    base["counties"] = ["533103"]
    base["ratioBp"] = 0  # out of range: nothing written
    out = admin.post(
        CREATE_TASK, {"p": to_global_id("AnnualPlan", plan_id), "input": base}, org=PREFECTURE
    )
    assert out["data"]["createPlanTask"]["errors"][0]["field"] == "ratioBp"
    plan = admin.post(PLAN, {"y": 2026}, org=PREFECTURE)["data"]["annualPlan"]
    tasks = {jp["title"]: jp["tasks"] for jp in plan["jointPlans"]}
    assert tasks["消防联合"] == []
    assert tasks["2026年度部门联合抽查计划"][0]["leadDepartment"] == "HOUSING"
    assert tasks["2026年度部门联合抽查计划"][0]["partnerDepartments"] == [
        "FIRE",
        "MARKET_SUPERVISION",
    ]
    sim = admin.post(SIMULATE, {"t": to_global_id("PlanTask", task.pk)}, org=PREFECTURE)
    sim = sim["data"]["planSimulation"]
    assert sim["pool"] == 300 and {c["code"] for c in sim["counties"]} == set(COUNTIES)
    assert {d["department"] for d in sim["departments"]} == {
        "HOUSING",
        "MARKET_SUPERVISION",
        "FIRE",
    }
    # the draw through the services; the county reads its visits (read-only)
    with schema_context(prefecture.schema_name):
        publish(task, prefecture)
        kw = admin_kw(prefecture)
        kw.pop("access")
        draw = draws.create_draw(task, 1, **kw)
        draws.commit_draw(draw, **kw)
        draws.execute_draw(draw, **kw)
        mine = set(
            draw.targets.filter(organisation_code=COUNTIES[0]).values_list("code", flat=True)
        )
    visits = as_user("mangshi.staff").post(VISITS, org=COUNTIES[0])["data"]["jointVisits"]
    assert {v["entityCode"] for v in visits} == mine
    for v in visits:
        assert v["countyCode"] == COUNTIES[0] and v["leadDepartmentLabel"] == "住房和城乡建设"
        assert len(v["items"]) == 3 and len(v["team"]) == 3 and v["status"] == "drawn"
    # another county does not see them
    others = as_user("ruili.staff").post(VISITS, org=COUNTIES[1])["data"]["jointVisits"]
    assert not mine & {v["entityCode"] for v in others}
