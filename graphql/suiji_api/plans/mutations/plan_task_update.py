from typing import Any

import graphene

from suiji_tenants.plans import models, services

from ..types import PlanTask
from .base import PlanMutation, PlanTaskInput, get_by_global_id, task_input


class UpdatePlanTask(PlanMutation):
    """修改任务（整体替换其内容；事项按当前版本重新锁定）。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003
        input = PlanTaskInput(required=True)  # noqa: A003

    task = graphene.Field(PlanTask)

    @classmethod
    def perform(cls, root: Any, info: Any, id: str, input: Any) -> dict[str, Any]:  # noqa: A002
        organisation, access = cls.context(info)
        task = get_by_global_id(models.PlanTask, "PlanTask", id)
        task = services.update_task(
            task,
            task_input(input),
            organisation=organisation,
            access=access,
            acting_user=info.context.user,
        )
        return {"task": task}
