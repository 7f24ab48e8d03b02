"""Targeted inspections (R16), recorded apart from the draws."""

from typing import Any

import graphene
from graphene import relay

from suiji_platform.accounts.access import Permission
from suiji_tenants.inspections import models

from ..core.connections import CountableConnection
from ..core.nodes import SuijiNode
from ..plans.types import TargetKindEnum
from .types import _enum

TargetedReasonEnum = _enum("TargetedReason", models.TargetedReason)


class TargetedInspection(SuijiNode):
    """定向（非随机）检查：投诉举报、大数据监测、转办交办、安全生产等重点领域（R16）。"""

    node_permission = Permission.READ_ORGANISATION

    reason = graphene.Field(TargetedReasonEnum, required=True)
    target_kind = graphene.Field(TargetKindEnum, required=True, description="市场主体或工程项目")
    code = graphene.String(required=True, description="统一社会信用代码或项目代码")
    name = graphene.String(required=True, description="市场主体或工程项目名称")
    uscc = graphene.String(description="市场主体的统一社会信用代码（工程项目为空）")
    entity_name = graphene.String(description="市场主体名称（工程项目为空）")
    item_codes = graphene.List(graphene.NonNull(graphene.String), required=True)

    class Meta:
        model = models.TargetedInspection
        fields = ("id", "description", "started_on", "closed_on", "created_at")
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @classmethod
    def get_queryset(cls, queryset: Any, info: Any) -> Any:
        return super().get_queryset(queryset, info).select_related("entity", "project")

    @staticmethod
    def resolve_reason(root: models.TargetedInspection, info: Any) -> str:
        return str(models.TargetedReason(root.reason).value)

    @staticmethod
    def resolve_target_kind(root: models.TargetedInspection, info: Any) -> str:
        return "entity" if root.entity_id is not None else "project"

    @staticmethod
    def resolve_code(root: models.TargetedInspection, info: Any) -> str:
        return root.code

    @staticmethod
    def resolve_name(root: models.TargetedInspection, info: Any) -> str:
        return root.target_name

    @staticmethod
    def resolve_uscc(root: models.TargetedInspection, info: Any) -> str | None:
        return root.entity.uscc if root.entity is not None else None

    @staticmethod
    def resolve_entity_name(root: models.TargetedInspection, info: Any) -> str | None:
        return root.entity.name if root.entity is not None else None
