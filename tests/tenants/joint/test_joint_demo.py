"""`make demo` leaves in 德宏州 a published joint plan and a published, verifiable joint draw
whose visits every county sees (idempotent)."""

from typing import Any

import pytest
from django_tenants.utils import schema_context

from suiji_platform.index.models import JointVisit
from suiji_platform.organisations.models import Organisation
from suiji_tenants.draws import services
from suiji_tenants.draws.models import Draw, DrawStatus
from suiji_tenants.draws.verify import load_record, verify_record
from suiji_tenants.plans.joint_demo import JOINT_TASK_TITLE, seed_demo_joint
from suiji_tenants.plans.models import AnnualPlan, PlanStatus
from suiji_tenants.registries.demo import seed_demo_registries
from suiji_tenants.registries.partner_demo import seed_partner_departments

pytestmark = pytest.mark.django_db


def test_seed_demo_joint_publishes_a_verifiable_joint_draw() -> None:
    prefecture = Organisation.objects.get(code="533100")
    counties = list(Organisation.objects.filter(parent=prefecture).order_by("code"))
    assert len(counties) == 5
    for county in counties:
        seed_demo_registries(county, entities=300, projects=0, officers=4, experts=0)
    seed_partner_departments(prefecture)
    assert seed_demo_joint(prefecture)
    assert not seed_demo_joint(prefecture)
    with schema_context(prefecture.schema_name):
        plan: Any = AnnualPlan.objects.get()
        assert plan.status == PlanStatus.PUBLISHED and plan.joint_plans.count() == 1
        draw: Any = Draw.objects.select_related("task").get()
        task = draw.task
        assert task.title == JOINT_TASK_TITLE and task.joint_plan_id is not None
        assert task.lead_department == "housing" and task.joint_mode == "prefecture"
        assert task.departments == ["fire", "housing", "market_supervision"]
        assert task.counties == [c.code for c in counties]
        assert draw.status == DrawStatus.PUBLISHED and draw.target_count > 0
        assert len(draw.witnesses) == 2
        record = load_record(services.read_record(draw) or b"")
    assert verify_record(record).ok
    assert {g["org"] for g in record["pool"]} == {c.code for c in counties}
    visits = JointVisit.objects.filter(status="published")
    assert visits.count() == draw.target_count
    assert set(visits.values_list("county__code", flat=True)) <= {c.code for c in counties}
