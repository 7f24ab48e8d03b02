"""Plan services: the legal caps (R5), teams (R10), windows, items, the workflow with roles,
published versions, adjustments with their 5-working-day deadline, and the status index."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from suiji_platform.accounts.access import access_to
from suiji_platform.accounts.models import User
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_platform.plan_index.models import PlanStatusIndex
from suiji_tenants.audit.models import AuditRecord
from suiji_tenants.plans import services
from suiji_tenants.plans.models import AnnualPlan, PlanPublication, PlanStatus, PlanTask
from suiji_tenants.plans.services import RoundInput, TaskInput

from .factories import make_entities, make_item, make_officers

pytestmark = pytest.mark.django_db

COUNTY, PREFECTURE = "533103", "533100"


def ctx(code: str, username: str) -> dict[str, Any]:
    org = Organisation.objects.get(code=code)
    user = User.objects.get(username=username)
    return {"organisation": org, "access": access_to(user, org), "acting_user": user}


def task_data(**overrides: Any) -> TaskInput:
    values: dict[str, Any] = {
        "title": "建筑市场主体资质检查",
        "item_codes": ["ZJ-001"],
        "rounds": [RoundInput(date(2026, 3, 1), date(2026, 4, 30))],
        "sampling_mode": "ratio",
        "ratio_bp": 100,
    }
    values.update(overrides)
    return TaskInput(**values)


def new_plan(code: str, username: str, year: int = 2026) -> AnnualPlan:
    c = ctx(code, username)
    return services.create_plan(
        year=year, title="", organisation=c["organisation"], acting_user=c["acting_user"]
    )


def bad(plan: AnnualPlan, c: dict[str, Any], data: TaskInput) -> list[tuple[str, str]]:
    before = (PlanTask.objects.count(), AuditRecord.objects.count())
    with pytest.raises((FieldError, ValidationError)) as exc:
        services.create_task(plan, data, **c)
    assert (PlanTask.objects.count(), AuditRecord.objects.count()) == before
    err = exc.value
    if isinstance(err, FieldError):
        return [(err.field, err.code)]
    return [(f, e.code) for f, errs in err.error_dict.items() for e in errs]


def test_prefecture_caps_team_window_and_items_are_enforced() -> None:
    with schema_context("org_533100"):
        make_item()
        make_entities(1000)
        plan = new_plan(PREFECTURE, "dehong.admin")
        c = ctx(PREFECTURE, "dehong.admin")
        # ratio above 1 %
        assert bad(plan, c, task_data(ratio_bp=150)) == [("ratioBp", "prefecture_ratio_cap")]
        # a third round
        three = [RoundInput(date(2026, m, 1), date(2026, m, 20)) for m in (3, 6, 9)]
        assert ("rounds", "prefecture_round_cap") in bad(
            plan, c, task_data(ratio_bp=30, rounds=three)
        )
        # 0.8 % × 2 rounds = 1.6 % a year
        two = three[:2]
        assert bad(plan, c, task_data(ratio_bp=80, rounds=two)) == [
            ("ratioBp", "prefecture_yearly_cap")
        ]
        # a credit-class ratio above 1 %
        assert bad(plan, c, task_data(ratio_bp=50, credit_ratios_bp={"D": 300})) == [
            ("creditRatios", "prefecture_ratio_cap")
        ]
        # team of 1, window outside the year, unknown item
        assert bad(plan, c, task_data(officers_per_team=1)) == [
            ("officersPerTeam", "team_too_small")
        ]
        outside = [RoundInput(date(2026, 12, 1), date(2027, 1, 15))]
        assert bad(plan, c, task_data(rounds=outside)) == [("rounds.0.endsOn", "outside_year")]
        assert bad(plan, c, task_data(item_codes=["ZJ-999"])) == [("itemCodes.0", "unknown_item")]
        # by count: 6 a round × 2 rounds of 1000 entities = 1.2 %
        assert bad(
            plan, c, task_data(sampling_mode="count", ratio_bp=None, target_count=6, rounds=two)
        ) == [("targetCount", "prefecture_yearly_cap")]
        # then a valid task; a second one would push the plan over 1 %
        services.create_task(plan, task_data(ratio_bp=50, rounds=two), **c)
        assert bad(plan, c, task_data(ratio_bp=10)) == [("ratioBp", "prefecture_plan_cap")]
        assert PlanTask.objects.count() == 1


def test_counties_set_their_own_ratio_and_frequency() -> None:
    with schema_context("org_533103"):
        make_item()
        plan = new_plan(COUNTY, "mangshi.staff")
        rounds = [RoundInput(date(2026, m, 1), date(2026, m, 25)) for m in (3, 6, 9, 11)]
        task = services.create_task(
            plan,
            task_data(ratio_bp=500, credit_ratios_bp={"A": 100, "D": 3000}, rounds=rounds),
            **ctx(COUNTY, "mangshi.staff"),
        )
        assert task.rounds.count() == 4
        assert task.task_items.get().item_version.version == 1


def test_full_workflow_versions_adjustment_and_index() -> None:
    with schema_context("org_533103"):
        make_item()
        staff, admin = ctx(COUNTY, "mangshi.staff"), ctx(COUNTY, "mangshi.admin")
        plan = new_plan(COUNTY, "mangshi.staff")
        services.create_task(plan, task_data(), **staff)

        # staff submits; staff may not consolidate; publishing unconsolidated fails
        plan = services.transition_plan(plan, "submit", **staff)
        with pytest.raises(FieldError) as exc:
            services.transition_plan(plan, "consolidate", **staff)
        assert (exc.value.field, exc.value.code) == ("action", "role_not_allowed")
        with pytest.raises(FieldError) as exc:
            services.transition_plan(plan, "publish", **admin)
        assert exc.value.code == "not_consolidated"
        plan.refresh_from_db()
        assert plan.status == PlanStatus.SUBMITTED

        # returned with a comment, resubmitted
        with pytest.raises(FieldError) as exc:
            services.transition_plan(plan, "return", **admin)
        assert exc.value.field == "comment"
        plan = services.transition_plan(plan, "return", comment="请补充D级企业比例", **admin)
        assert plan.status == PlanStatus.DRAFT
        assert plan.transitions.last().comment == "请补充D级企业比例"
        plan = services.transition_plan(plan, "submit", **staff)
        plan = services.transition_plan(plan, "consolidate", **admin)
        plan = services.transition_plan(plan, "report", **admin)
        assert plan.reported_to == "德宏州住房和城乡建设局" or plan.reported_to
        plan = services.transition_plan(plan, "publish", **admin)
        assert (plan.status, plan.version) == (PlanStatus.PUBLISHED, 1)

        # a published plan cannot be edited until adjusted
        task = plan.tasks.get()
        with pytest.raises(FieldError) as exc:
            services.update_task(task, task_data(ratio_bp=200), **admin)
        assert exc.value.code == "not_editable"
        plan = services.transition_plan(plan, "adjust", comment="新增D级企业专项", **admin)
        assert plan.status == PlanStatus.ADJUSTED
        assert plan.adjustment_due is not None or plan.adjustment_due_unknown
        services.update_task(task, task_data(ratio_bp=200), **admin)
        plan = services.transition_plan(plan, "publish", **admin)
        assert plan.version == 2

        first, second = PlanPublication.objects.order_by("version")
        assert first.snapshot["tasks"][0]["sampling"]["ratioBp"] == 100
        assert second.snapshot["tasks"][0]["sampling"]["ratioBp"] == 200
        assert second.note == "新增D级企业专项"
        assert "mangshi" not in str(second.snapshot)
        operations = list(
            AuditRecord.objects.filter(object_type="AnnualPlan").values_list("operation", flat=True)
        )
        assert operations.count("plan.publish") == 2 and "plan.return" in operations
    row = PlanStatusIndex.objects.get(organisation__code=COUNTY, year=2026)
    assert (row.status, row.version) == ("published", 2)


def test_prefecture_reports_to_justice_authority_with_recipient_and_date() -> None:
    with schema_context("org_533100"):
        make_item()
        make_entities(200)
        admin = ctx(PREFECTURE, "dehong.admin")
        plan = new_plan(PREFECTURE, "dehong.admin")
        services.create_task(plan, task_data(), **admin)
        for action in ("submit", "consolidate"):
            plan = services.transition_plan(plan, action, **admin)
        with pytest.raises(FieldError) as exc:
            services.transition_plan(plan, "report", **admin)
        assert exc.value.field == "recipient"
        plan = services.transition_plan(
            plan, "report", recipient="德宏州司法局", on_date=date(2025, 12, 20), **admin
        )
        step = plan.transitions.last()
        assert (step.recipient, step.on_date) == ("德宏州司法局", date(2025, 12, 20))


def test_prefecture_acknowledges_county_report_in_index_only() -> None:
    with schema_context("org_533103"):
        make_item()
        staff, admin = ctx(COUNTY, "mangshi.staff"), ctx(COUNTY, "mangshi.admin")
        plan = new_plan(COUNTY, "mangshi.staff")
        services.create_task(plan, task_data(), **staff)
        services.transition_plan(plan, "submit", **staff)
        with pytest.raises(FieldError):
            services.acknowledge_county_report(
                prefecture=Organisation.objects.get(code=PREFECTURE),
                county_code=COUNTY,
                year=2026,
                acting_user=None,
            )
        services.transition_plan(plan, "consolidate", **admin)
        services.transition_plan(plan, "report", **admin)
    with schema_context("org_533100"):
        row = services.acknowledge_county_report(
            prefecture=Organisation.objects.get(code=PREFECTURE),
            county_code=COUNTY,
            year=2026,
            acting_user=User.objects.get(username="dehong.admin"),
        )
    assert row.acknowledged_at is not None


def test_simulation_targets_teams_and_officer_shortfall() -> None:
    with schema_context("org_533103"):
        make_item()
        make_entities(1000, credit_class="A")
        make_entities(200, credit_class="D", start=1000)
        make_entities(300, credit_class="B", region="风平镇", start=2000)
        make_officers(4)
        make_officers(10, valid_until=date(2026, 3, 15), start=100)  # expires inside the window
        make_officers(10, categories=("消防",), start=200)  # wrong category
        staff = ctx(COUNTY, "mangshi.staff")
        plan = new_plan(COUNTY, "mangshi.staff")
        task = services.create_task(
            plan, task_data(ratio_bp=300, credit_ratios_bp={"A": 100, "D": 3000}), **staff
        )
        result = services.simulate_task_round(task, 1)
        by_class = {s.credit_class: s.targets for s in result.strata}
        assert by_class == {"A": 10, "D": 60, "B": 9}
        assert result.targets == 79 and result.pool == 1500
        assert result.teams == 16 and result.officers_needed == 32
        assert result.officers_eligible == 4
        assert any("执法人员" in w for w in result.warnings)
