from typing import Any, ClassVar

import graphene

from suiji_platform.accounts.access import Permission
from suiji_tenants.inspections import services

from ..types import InspectionReport
from .base import InspectionMutation


class PublicationPublish(InspectionMutation):
    """公示审核通过的检查结果（R14，一检查一通报）。"""

    permission: ClassVar[Permission | None] = Permission.REVIEW_RESULTS

    class Arguments:
        report_id = graphene.ID(required=True)

    report = graphene.Field(InspectionReport)

    @classmethod
    def perform(cls, root: Any, info: Any, report_id: str) -> dict[str, Any]:
        report = cls.get_report(info, report_id, "reportId")
        services.publish_result(report, **cls.context(info, with_access=False))
        report.refresh_from_db()
        return {"report": report}
