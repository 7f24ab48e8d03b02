"""Demo joint draw: `seed_demo_joint(prefecture)` leaves in 德宏州's published annual plan of
the year a joint plan (联合抽查计划) with one joint task — lead housing, partners market
supervision and fire, all five counties, 州本级检查 — and one joint draw of it taken through
the ordinary lifecycle (create, commit, witnesses, execute, publish), so every county sees its
joint visits. Idempotent: nothing is done once a published joint draw exists."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from suiji_platform.accounts.access import access_to
from suiji_platform.accounts.models import Role, User
from suiji_tenants.draws import services as draws
from suiji_tenants.draws.models import Draw, DrawStatus

from . import joint
from . import services as plans
from .models import AnnualPlan, PlanStatus, PlanTask

JOINT_PLAN_TITLE = "部门联合随机抽查计划"
JOINT_TASK_TITLE = "建筑施工企业跨部门联合随机抽查"
# One item of each participating department (registries/partner_demo.py).
JOINT_ITEM_CODES = ["LH-ZJ-01", "LH-SJ-01", "LH-XF-01"]
JOINT_WITNESSES = (("德宏州市场监督管理局", "31"), ("德宏州消防救援支队", "119"))


def _joint_task(plan: AnnualPlan, kw: dict[str, Any], start: date) -> PlanTask:
    """The plan's joint task, adding the joint plan and task when the plan has none."""
    task = PlanTask.objects.filter(plan=plan, title=JOINT_TASK_TITLE).first()
    if task is not None:
        return task
    jp = plan.joint_plans.first() or joint.create_joint_plan(plan, title=JOINT_PLAN_TITLE, **kw)
    return plans.create_task(
        plan,
        plans.TaskInput(
            title=JOINT_TASK_TITLE,
            item_codes=JOINT_ITEM_CODES,
            rounds=[plans.RoundInput(start, date(plan.year, 12, 31))],
            departments=["market_supervision", "fire"],
            lead_department="housing",
            counties=list(joint.counties_of(kw["organisation"])),
            joint_mode="prefecture",
            ratio_bp=20,  # 0.2 % of the counties' drawable entities: within R5's 1 %
            officers_per_team=3,
            targets_per_team=2,
            joint_plan_id=jp.pk,
        ),
        **kw,
    )


def seed_demo_joint(organisation: Any) -> bool:
    """A published joint draw in the prefecture; False when one exists (or cannot be made)."""
    if organisation.kind != "prefecture":
        return False
    with schema_context(organisation.schema_name), transaction.atomic():
        published = Draw.objects.filter(status=DrawStatus.PUBLISHED, task__joint_plan__isnull=False)
        if published.exists():
            return False
        admin = User.objects.filter(
            memberships__organisation=organisation, memberships__role=Role.PREFECTURE_ADMIN
        ).first()
        access = access_to(admin, organisation) if admin is not None else None
        if access is None:
            return False
        kw: dict[str, Any] = {"organisation": organisation, "access": access, "acting_user": admin}
        today = timezone.localdate()
        year = today.year
        plan = AnnualPlan.objects.filter(year=year).first()
        if plan is None:
            plan = plans.create_plan(
                year=year, title="", organisation=organisation, acting_user=admin
            )
        elif plan.version == 0 and plan.status != PlanStatus.DRAFT:
            return False  # someone is taking this year's plan through its workflow: leave it
        elif (
            plan.status == PlanStatus.PUBLISHED
            and not plan.tasks.filter(title=JOINT_TASK_TITLE).exists()
        ):
            plan = plans.transition_plan(plan, "adjust", comment="增加部门联合随机抽查任务", **kw)
        task = _joint_task(plan, kw, max(today, date(year, 1, 1)))
        plan = AnnualPlan.objects.get(pk=plan.pk)
        if plan.status == PlanStatus.DRAFT:
            for action in ("submit", "consolidate", "report"):
                recipient = "德宏州司法局" if action == "report" else ""
                plan = plans.transition_plan(plan, action, recipient=recipient, **kw)
        if plan.status != PlanStatus.PUBLISHED:
            plan = plans.transition_plan(plan, "publish", **kw)
        task = PlanTask.objects.get(pk=task.pk)
        dkw = {"organisation": organisation, "acting_user": admin}
        draw = Draw.objects.filter(task=task, status=DrawStatus.EXECUTED).first()
        if draw is None:
            draw = draws.create_draw(task, 1, **dkw)
            draws.commit_draw(draw, **dkw)
            for name, value in JOINT_WITNESSES:
                draws.add_witness_input(draw, name=name, value=value, **dkw)
            draws.execute_draw(draw, **dkw)
        draws.publish_draw(Draw.objects.get(pk=draw.pk), **dkw)
        return True
