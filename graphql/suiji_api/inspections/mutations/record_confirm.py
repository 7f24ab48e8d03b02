from typing import Any

import graphene

from suiji_tenants.inspections import services

from ..types import OnSiteRecord
from .base import InspectionMutation


class OnSiteRecordConfirm(InspectionMutation):
    """当事人确认现场检查笔录（签名、输入姓名或记录拒签），确认后锁定（R11）。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003

    record = graphene.Field(OnSiteRecord)

    @classmethod
    def perform(cls, root: Any, info: Any, id: str) -> dict[str, Any]:  # noqa: A002
        record = cls.get_record(info, id)
        return {"record": services.confirm_on_site_record(record, **cls.context(info))}
