from typing import Any

import graphene

from suiji_tenants.inspections import services

from ..types import OnSiteRecord
from .base import InspectionMutation


class OnSiteRecordCorrect(InspectionMutation):
    """更正已确认的笔录：新建一个与原版本关联的草稿版本，当事人重新确认。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003
        client_id = graphene.String(required=True, description="新版本的草稿编号（UUID）")

    record = graphene.Field(OnSiteRecord)

    @classmethod
    def perform(cls, root: Any, info: Any, id: str, client_id: str) -> dict[str, Any]:  # noqa: A002
        record = cls.get_record(info, id)
        return {
            "record": services.start_correction(record, client_id=client_id, **cls.context(info))
        }
