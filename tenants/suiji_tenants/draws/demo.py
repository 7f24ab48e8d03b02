"""Demo draws: `seed_demo_draws(org)` leaves one published draw in a county (idempotent), so
anyone can download its record from /o/<code>/draws/<reference>/record.json and run
`verify-draw` on it. A minimal plan is published through the plan services when needed."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from suiji_platform.accounts.access import access_to
from suiji_platform.accounts.models import Role, User
from suiji_tenants.plans import services as plans
from suiji_tenants.plans.models import AnnualPlan, PlanTask

from . import services
from .models import Draw, DrawStatus

DEMO_TASK_TITLE = "建筑市场主体资质及履职情况随机抽查"
DEMO_ITEM_CODES = ["ZJ-003", "ZJ-007"]
DEMO_PROJECT_TASK_TITLE = "在建工程项目质量随机抽查"
DEMO_PROJECT_ITEM_CODES = ["ZJ-002"]  # 建设工程质量检查: needs an expert


def ensure_demo_task(organisation: Any, *, year: int | None = None) -> PlanTask | None:
    """A published plan with one task to draw from (reused when the year's plan exists)."""
    today = timezone.localdate()
    year = year or today.year
    plan = AnnualPlan.objects.filter(year=year).first()
    if plan is not None:
        if plan.version == 0:
            return None  # someone is drafting this year's plan: leave it alone
        return plan.tasks.first()
    admin = User.objects.filter(
        memberships__organisation=organisation, memberships__role=Role.COUNTY_ADMIN
    ).first()
    if admin is None:
        return None
    access = access_to(admin, organisation)
    if access is None:
        return None
    start = max(today, date(year, 1, 1))
    plan = plans.create_plan(year=year, title="", organisation=organisation, acting_user=admin)
    task = plans.create_task(
        plan,
        plans.TaskInput(
            title=DEMO_TASK_TITLE,
            item_codes=DEMO_ITEM_CODES,
            # Two rounds: the demo publishes a draw of the first; the second is left to try.
            rounds=[plans.RoundInput(start, date(year, 12, 31)) for _ in range(2)],
            sampling_mode="ratio",
            ratio_bp=100,
            credit_ratios_bp={"C": 200, "D": 500},
            officers_per_team=2,
            targets_per_team=10,
        ),
        organisation=organisation,
        access=access,
        acting_user=admin,
    )
    # A second task inspects construction projects under construction (left to try).
    plans.create_task(
        plan,
        plans.TaskInput(
            title=DEMO_PROJECT_TASK_TITLE,
            target_kind="project",
            item_codes=DEMO_PROJECT_ITEM_CODES,
            rounds=[plans.RoundInput(start, date(year, 12, 31))],
            sampling_mode="ratio",
            ratio_bp=500,
            officers_per_team=2,
            targets_per_team=3,
            experts_per_team=1,
        ),
        organisation=organisation,
        access=access,
        acting_user=admin,
    )
    for action in ("submit", "consolidate", "report", "publish"):
        plan = plans.transition_plan(
            plan,
            action,
            organisation=organisation,
            access=access,
            acting_user=admin,
            recipient="德宏州住房和城乡建设局" if action == "report" else "",
        )
    return task


def seed_demo_draws(organisation: Any) -> bool:
    """One published draw per county; returns False when one exists (or cannot be made)."""
    with schema_context(organisation.schema_name), transaction.atomic():
        if Draw.objects.filter(status=DrawStatus.PUBLISHED).exists():
            return False
        task = ensure_demo_task(organisation)
        if task is None:
            return False
        staff = User.objects.filter(
            memberships__organisation=organisation, memberships__role=Role.SECTION_STAFF
        ).first()
        kw = {"organisation": organisation, "acting_user": staff}
        draw = services.create_draw(task, 1, **kw)
        services.commit_draw(draw, **kw)
        services.add_witness_input(draw, name="州司法局公证处", value="20261123", **kw)
        services.add_witness_input(draw, name="县市场监督管理局", value="7", **kw)
        services.execute_draw(draw, **kw)
        services.publish_draw(draw, **kw)
        return True
