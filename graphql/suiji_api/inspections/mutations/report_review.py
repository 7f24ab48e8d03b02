from typing import Any, ClassVar

import graphene

from suiji_platform.accounts.access import Permission
from suiji_tenants.inspections import services

from ...core.mutations import enum_value
from ..types import InspectionReport
from .base import InspectionMutation

ReviewDecision = graphene.Enum("ReviewDecision", [("APPROVE", "approve"), ("RETURN", "return")])


class InspectionReportReview(InspectionMutation):
    """审核检查报告：通过（默认随即公示）或退回（须填写原因）。"""

    permission: ClassVar[Permission | None] = Permission.REVIEW_RESULTS

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003
        decision = ReviewDecision(required=True)
        comment = graphene.String(description="审核意见（退回时必填）")
        publish = graphene.Boolean(description="通过后立即公示（默认是）")

    report = graphene.Field(InspectionReport)

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        id: str,  # noqa: A002
        decision: Any,
        comment: str | None = None,
        publish: bool | None = None,
    ) -> dict[str, Any]:
        report = cls.get_report(info, id)
        reviewed = services.review_report(
            report,
            approve=enum_value(decision) == "approve",
            comment=comment or "",
            publish=publish is not False,
            **cls.context(info, with_access=False),
        )
        return {"report": reviewed}
