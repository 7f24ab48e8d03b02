"""Shared pieces of the plan mutations: the task input, its conversion and object lookup."""

from typing import Any, ClassVar

import graphene

from suiji_platform.accounts.access import Access, Permission
from suiji_platform.organisations.models import Organisation
from suiji_tenants.plans import services

from ...core.context import get_access, get_organisation
from ...core.mutations import SuijiMutation, enum_value
from ...registries.mutations.base import get_by_global_id
from ...registries.types import CreditClassEnum, DepartmentEnum
from ..types import JointModeEnum, SamplingModeEnum, ScopeKindEnum, TargetKindEnum

__all__ = ["PlanMutation", "PlanTaskInput", "get_by_global_id", "task_input"]


class PlanRoundInput(graphene.InputObjectType):
    starts_on = graphene.Date(required=True)
    ends_on = graphene.Date(required=True)


class CreditRatioInput(graphene.InputObjectType):
    credit_class = graphene.Field(CreditClassEnum, required=True)
    ratio_bp = graphene.Int(required=True, description="万分之（100 = 1%）")


class PlanTaskInput(graphene.InputObjectType):
    title = graphene.String(required=True)
    section = graphene.String(description="负责科室")
    departments = graphene.List(graphene.NonNull(DepartmentEnum))
    item_codes = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="事项编码（随机抽查事项清单）"
    )
    target_kind = graphene.Field(TargetKindEnum, description="检查对象：市场主体（默认）或工程项目")
    scope_kind = graphene.Field(ScopeKindEnum, required=True)
    entity_types = graphene.List(graphene.NonNull(graphene.String))
    natures = graphene.List(graphene.NonNull(graphene.String))
    regions = graphene.List(graphene.NonNull(graphene.String))
    credit_classes = graphene.List(graphene.NonNull(CreditClassEnum))
    sampling_mode = graphene.Field(SamplingModeEnum, required=True)
    ratio_bp = graphene.Int(description="每轮抽查比例，万分之（100 = 1%）")
    credit_ratios = graphene.List(
        graphene.NonNull(CreditRatioInput), description="按信用等级的比例（R7：A低、D高）"
    )
    target_count = graphene.Int(description="按数量抽取时每轮户数")
    rounds = graphene.List(graphene.NonNull(PlanRoundInput), required=True)
    officers_per_team = graphene.Int(description="每组执法人员数（至少2）")
    targets_per_team = graphene.Int(description="每组检查对象数上限")
    categories = graphene.List(graphene.NonNull(graphene.String), description="专业门类")
    experts_per_team = graphene.Int()
    notes = graphene.String()
    joint_plan_id = graphene.ID(description="联合抽查计划（填写即为联合抽查任务）")
    lead_department = graphene.Field(DepartmentEnum, description="牵头部门（联合任务）")
    counties = graphene.List(
        graphene.NonNull(graphene.String), description="涉及的县（市）代码，空为全部（联合任务）"
    )
    joint_mode = graphene.Field(JointModeEnum, description="实施方式：州本级检查或市抽县查")


def task_input(data: Any) -> services.TaskInput:
    defaults = services.TaskInput(title="", item_codes=[], rounds=[])
    # As typed: a class listed twice reaches the service, which names it.
    credit_ratios = [
        (enum_value(r["credit_class"]), r["ratio_bp"]) for r in data.get("credit_ratios") or []
    ]

    def pick(name: str) -> Any:
        value = data.get(name)
        return getattr(defaults, name) if value is None else value

    return services.TaskInput(
        title=data.get("title") or "",
        item_codes=list(data.get("item_codes") or []),
        rounds=[
            services.RoundInput(r["starts_on"], r["ends_on"]) for r in data.get("rounds") or []
        ],
        section=pick("section"),
        departments=[enum_value(d) for d in pick("departments")],
        target_kind=enum_value(pick("target_kind")),
        scope_kind=enum_value(pick("scope_kind")),
        entity_types=list(pick("entity_types")),
        natures=list(pick("natures")),
        regions=list(pick("regions")),
        credit_classes=[enum_value(c) for c in pick("credit_classes")],
        sampling_mode=enum_value(pick("sampling_mode")),
        ratio_bp=data.get("ratio_bp"),
        credit_ratios_bp=credit_ratios,
        target_count=data.get("target_count"),
        officers_per_team=pick("officers_per_team"),
        targets_per_team=pick("targets_per_team"),
        categories=list(pick("categories")),
        experts_per_team=pick("experts_per_team"),
        notes=pick("notes"),
        joint_plan_id=_joint_plan_pk(data.get("joint_plan_id")),
        lead_department=enum_value(data.get("lead_department")) or "",
        counties=list(pick("counties")),
        joint_mode=enum_value(data.get("joint_mode")) or "",
    )


def _joint_plan_pk(global_id: str | None) -> int | None:
    if not global_id:
        return None
    from suiji_tenants.plans.models import JointPlan

    return int(get_by_global_id(JointPlan, "JointPlan", global_id, field="jointPlanId").pk)


class PlanMutation(SuijiMutation):
    permission: ClassVar[Permission | None] = Permission.MANAGE_PLANS

    class Meta:
        abstract = True

    @staticmethod
    def context(info: Any) -> tuple[Organisation, Access]:
        access = get_access(info.context)
        assert access is not None  # `require` has run
        return get_organisation(info.context), access
