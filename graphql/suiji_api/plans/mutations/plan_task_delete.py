from typing import Any

import graphene

from suiji_tenants.plans import models, services

from .base import PlanMutation, get_by_global_id


class DeletePlanTask(PlanMutation):
    """删除草稿（或调整中）计划的一个任务。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003

    deleted_id = graphene.ID()

    @classmethod
    def perform(cls, root: Any, info: Any, id: str) -> dict[str, Any]:  # noqa: A002
        organisation, access = cls.context(info)
        task = get_by_global_id(models.PlanTask, "PlanTask", id)
        services.delete_task(
            task, organisation=organisation, access=access, acting_user=info.context.user
        )
        return {"deleted_id": id}
