"""The daily deadline scan (called directly, as Celery beat would): reminders and overdue."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from suiji_platform.organisations.models import Organisation
from suiji_platform.plan_index.models import PlanStatusIndex, Reminder
from suiji_platform.plan_index.services import scan_plan_deadlines
from suiji_platform.plan_index.tasks import scan_plan_deadlines_task
from suiji_tenants.plans import services
from suiji_tenants.plans.models import AnnualPlan

from .factories import make_item
from .test_plan_services import ctx, task_data

pytestmark = pytest.mark.django_db


def test_plan_due_then_overdue_with_parent_reminder() -> None:
    # given no 2027 plan anywhere; 10 days before 31 December 2026
    scan_plan_deadlines(date(2026, 12, 21))
    due = Reminder.objects.filter(kind="plan_due", year=2027)
    assert due.filter(organisation__code="533103", due_on=date(2026, 12, 31)).exists()
    # idempotent
    assert scan_plan_deadlines(date(2026, 12, 21))["reminders"] == 0

    # when the county drafted nothing by 31 December
    scan_plan_deadlines(date(2027, 1, 4))
    row = PlanStatusIndex.objects.get(organisation__code="533103", year=2027)
    assert (row.status, row.overdue) == ("missing", True)
    assert Reminder.objects.filter(organisation__code="533103", kind="plan_overdue").exists()
    parent = Reminder.objects.get(
        organisation__code="533100", kind="county_overdue", subject_code="533103", year=2027
    )
    assert "芒市" in parent.message


def test_adjustment_deadline_and_overdue(monkeypatch: Any) -> None:
    with schema_context("org_533103"):
        make_item()
        staff, admin = ctx("533103", "mangshi.staff"), ctx("533103", "mangshi.admin")
        plan = services.create_plan(
            year=2026,
            title="",
            organisation=staff["organisation"],
            acting_user=staff["acting_user"],
        )
        services.create_task(plan, task_data(), **staff)
        for action, c in (
            ("submit", staff),
            ("consolidate", admin),
            ("report", admin),
            ("publish", admin),
        ):
            plan = services.transition_plan(plan, action, **c)
        plan = services.transition_plan(plan, "adjust", comment="调整轮次", **admin)
        AnnualPlan.objects.filter(pk=plan.pk).update(
            adjustment_due=date(2026, 10, 13), adjustment_due_unknown=False
        )
    PlanStatusIndex.objects.filter(organisation__code="533103", year=2026).update(
        adjustment_due=date(2026, 10, 13), adjustment_due_unknown=False
    )
    scan_plan_deadlines(date(2026, 10, 9))
    assert Reminder.objects.filter(kind="adjustment_due", due_on=date(2026, 10, 13)).exists()
    scan_plan_deadlines(date(2026, 10, 14))
    row = PlanStatusIndex.objects.get(organisation__code="533103", year=2026)
    assert row.overdue and "5个工作日" in row.overdue_reason
    assert Reminder.objects.filter(
        organisation__code="533100", kind="county_overdue", year=2026
    ).exists()


def test_adjustment_in_unknown_year_is_flagged() -> None:
    org = Organisation.objects.get(code="533102")
    PlanStatusIndex.objects.create(
        organisation=org,
        year=2027,
        status="adjusted",
        draft_due=date(2026, 12, 31),
        adjusted_at=timezone.now(),
        adjustment_due=None,
        adjustment_due_unknown=True,
    )
    scan_plan_deadlines(date(2027, 3, 1) - timedelta(days=0))
    reminder = Reminder.objects.get(organisation=org, kind="adjustment_due_unknown")
    assert "无法计算" in reminder.message


def test_celery_task_function_runs_in_public_schema() -> None:
    result = scan_plan_deadlines_task()
    assert set(result) == {"reminders", "rows_updated"}
