from datetime import date
from typing import Any

import graphene

from suiji_tenants.inspections import targeted as services

from ...core.mutations import enum_value
from ...draws.mutations.base import DrawMutation
from ..targeted_types import TargetedInspection, TargetedReasonEnum


class RegisterTargetedInspection(DrawMutation):
    """登记定向（非随机）检查（R16）：市场主体或工程项目；记入检查台账，检查未结案期间该对象
    不参加随机抽取。"""

    class Arguments:
        uscc = graphene.String(description="市场主体的统一社会信用代码（与项目代码二选一）")
        project_code = graphene.String(description="工程项目的项目代码（与统一社会信用代码二选一）")
        reason = graphene.Argument(TargetedReasonEnum, required=True)
        started_on = graphene.Date(required=True)
        item_codes = graphene.List(graphene.NonNull(graphene.String), description="检查事项编码")
        description = graphene.String(description="情况说明")

    targeted_inspection = graphene.Field(TargetedInspection)

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        reason: Any,
        started_on: date,
        item_codes: list[str] | None = None,
        description: str = "",
        uscc: str | None = None,
        project_code: str | None = None,
    ) -> dict[str, Any]:
        ti = services.register_targeted_inspection(
            uscc=uscc or "",
            project_code=project_code or "",
            reason=enum_value(reason),
            started_on=started_on,
            item_codes=item_codes or [],
            description=description or "",
            **cls.context(info),
        )
        return {"targeted_inspection": ti}
