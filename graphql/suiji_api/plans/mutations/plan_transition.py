from typing import Any

import graphene

from suiji_tenants.plans import models, services

from ...core.mutations import enum_value
from ..types import AnnualPlan, PlanActionEnum
from .base import PlanMutation, get_by_global_id


class TransitionPlan(PlanMutation):
    """计划流转：提交（业务科室）→ 汇总 → 报送（县报州；州本级报司法部门，须填报送对象和日期）
    → 公开 → 调整（须填原因，5个工作日内再次公开）；退回草稿须填意见。"""

    class Arguments:
        plan_id = graphene.ID(required=True)
        action = graphene.Argument(PlanActionEnum, required=True)
        comment = graphene.String(description="意见；退回与调整时必填")
        recipient = graphene.String(description="报送对象（州本级报送时必填，如州司法局）")
        reported_on = graphene.Date(description="报送日期，默认今天")

    plan = graphene.Field(AnnualPlan)

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        plan_id: str,
        action: Any,
        comment: str = "",
        recipient: str = "",
        reported_on: Any = None,
    ) -> dict[str, Any]:
        organisation, access = cls.context(info)
        plan = get_by_global_id(models.AnnualPlan, "AnnualPlan", plan_id, field="planId")
        plan = services.transition_plan(
            plan,
            enum_value(action),
            organisation=organisation,
            access=access,
            acting_user=info.context.user,
            comment=comment,
            recipient=recipient,
            on_date=reported_on,
        )
        return {"plan": plan}
