from typing import Any

import graphene

from suiji_platform.accounts.access import Permission
from suiji_tenants.plans import services

from ..types import PlanStatusRow
from .base import PlanMutation


class AcknowledgePlanReport(PlanMutation):
    """州局管理员签收县（市）报送的年度计划（在州局路径 /o/<州代码>/graphql/ 下调用）。"""

    permission = Permission.ACKNOWLEDGE_REPORTS

    class Arguments:
        organisation_code = graphene.String(required=True, description="县（市）代码")
        year = graphene.Int(required=True)

    status = graphene.Field(PlanStatusRow)

    @classmethod
    def perform(cls, root: Any, info: Any, organisation_code: str, year: int) -> dict[str, Any]:
        organisation, _ = cls.context(info)
        row = services.acknowledge_county_report(
            prefecture=organisation,
            county_code=organisation_code,
            year=year,
            acting_user=info.context.user,
        )
        return {"status": row}
