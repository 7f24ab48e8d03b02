from typing import Any

import graphene

from suiji_tenants.plans import joint, models

from ..types import JointPlan
from .base import PlanMutation, get_by_global_id


class CreateJointPlan(PlanMutation):
    """在州（市）本级年度计划中新建联合抽查计划（草稿或调整中可建）；其任务用 createPlanTask 并填写
    jointPlanId、牵头部门、配合部门、涉及县（市）和实施方式。"""

    class Arguments:
        plan_id = graphene.ID(required=True)
        title = graphene.String(required=True)
        notes = graphene.String()

    joint_plan = graphene.Field(JointPlan)

    @classmethod
    def perform(
        cls, root: Any, info: Any, plan_id: str, title: str, notes: str = ""
    ) -> dict[str, Any]:
        organisation, access = cls.context(info)
        plan = get_by_global_id(models.AnnualPlan, "AnnualPlan", plan_id, field="planId")
        joint_plan = joint.create_joint_plan(
            plan,
            title=title,
            notes=notes or "",
            organisation=organisation,
            access=access,
            acting_user=info.context.user,
        )
        return {"joint_plan": joint_plan}
