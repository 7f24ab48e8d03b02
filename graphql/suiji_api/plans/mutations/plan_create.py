from typing import Any

import graphene

from suiji_tenants.plans import services

from ..types import AnnualPlan
from .base import PlanMutation


class CreateAnnualPlan(PlanMutation):
    """新建年度检查计划（草稿）：每个机构每年一个计划，由各科室在其中编制任务。"""

    class Arguments:
        year = graphene.Int(required=True)
        title = graphene.String(description="默认为“<机构>XXXX年度‘双随机、一公开’抽查工作计划”")

    plan = graphene.Field(AnnualPlan)

    @classmethod
    def perform(cls, root: Any, info: Any, year: int, title: str = "") -> dict[str, Any]:
        organisation, _ = cls.context(info)
        plan = services.create_plan(
            year=year, title=title, organisation=organisation, acting_user=info.context.user
        )
        return {"plan": plan}
