from typing import Any

import graphene

from suiji_tenants.plans import models, services

from ..types import PlanTask
from .base import PlanMutation, PlanTaskInput, get_by_global_id, task_input


class CreatePlanTask(PlanMutation):
    """在草稿（或调整中）的计划中新增任务；规则：州本级每年≤1%、≤2轮，每组≥2名执法人员，
    时段在计划年度内，事项在清单中。"""

    class Arguments:
        plan_id = graphene.ID(required=True)
        input = PlanTaskInput(required=True)  # noqa: A003

    task = graphene.Field(PlanTask)

    @classmethod
    def perform(cls, root: Any, info: Any, plan_id: str, input: Any) -> dict[str, Any]:  # noqa: A002
        organisation, access = cls.context(info)
        plan = get_by_global_id(models.AnnualPlan, "AnnualPlan", plan_id, field="planId")
        task = services.create_task(
            plan,
            task_input(input),
            organisation=organisation,
            access=access,
            acting_user=info.context.user,
        )
        return {"task": task}
