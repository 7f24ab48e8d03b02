from typing import Any

import graphene

from suiji_tenants.draws import services
from suiji_tenants.plans.models import PlanTask

from ...registries.mutations.base import get_by_global_id
from ..types import Draw
from .base import DrawMutation


class CreateDraw(DrawMutation):
    """为计划任务的某一轮新建抽取（参数冻结，状态“已预览”）；预览见 draw.preview。"""

    class Arguments:
        task_id = graphene.ID(required=True)
        round = graphene.Int(required=True, description="轮次（从1开始）")  # noqa: A003
        min_per_stratum = graphene.Int(description="每个分层至少抽取数（默认0）")
        visit_cap = graphene.Int(description="每个对象每年受检次数上限（跨部门、跨层级，默认2）")

    draw = graphene.Field(Draw)

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        task_id: str,
        round: int,  # noqa: A002
        min_per_stratum: int | None = None,
        visit_cap: int | None = None,
    ) -> dict[str, Any]:
        task = get_by_global_id(PlanTask, "PlanTask", task_id, field="taskId")
        draw = services.create_draw(
            task,
            round,
            min_per_stratum=min_per_stratum or 0,
            visit_cap=visit_cap,
            **cls.context(info),
        )
        return {"draw": draw}
