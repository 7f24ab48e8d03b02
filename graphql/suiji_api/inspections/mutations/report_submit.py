from typing import Any

import graphene

from suiji_tenants.inspections import services

from ...core.mutations import enum_value
from ..types import InspectionReport, ResultCategoryEnum
from .base import InspectionMutation


class InspectionReportInput(graphene.InputObjectType):
    inspected_on = graphene.Date(required=True)
    content = graphene.String(required=True, description="检查时间和内容")
    methods = graphene.String(required=True, description="检查方法和步骤")
    situation = graphene.String(required=True, description="检查对象的情况和评价")
    proposals = graphene.String(description="处理建议")
    result_categories = graphene.List(graphene.NonNull(ResultCategoryEnum), required=True)
    housing_subcodes = graphene.List(graphene.NonNull(graphene.String))


class InspectionReportSubmit(InspectionMutation):
    """提交检查报告（R13），送审核（待审核）。"""

    class Arguments:
        inspection_id = graphene.ID(required=True)
        input = InspectionReportInput(required=True)  # noqa: A003

    report = graphene.Field(InspectionReport)

    @classmethod
    def perform(cls, root: Any, info: Any, inspection_id: str, input: Any) -> dict[str, Any]:  # noqa: A002
        inspection = cls.get_inspection(info, inspection_id)
        data = services.ReportInput(
            inspected_on=input.inspected_on,
            content=input.content or "",
            methods=input.methods or "",
            situation=input.situation or "",
            proposals=input.proposals or "",
            result_categories=[enum_value(c) for c in input.result_categories or []],
            housing_subcodes=list(input.housing_subcodes or []),
        )
        return {"report": services.submit_report(inspection, data, **cls.context(info))}
