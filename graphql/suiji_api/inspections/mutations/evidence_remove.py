from typing import Any

import graphene

from suiji_platform.organisations.services import FieldError
from suiji_tenants.inspections import evidence, models

from ...registries.mutations.base import get_by_global_id
from ..types import visible
from .base import InspectionMutation


class EvidenceRemove(InspectionMutation):
    """从笔录草稿中删除一项证据（已确认的笔录不能删除）。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003

    removed_id = graphene.ID()

    @classmethod
    def perform(cls, root: Any, info: Any, id: str) -> dict[str, Any]:  # noqa: A002
        obj = get_by_global_id(models.Evidence, "Evidence", id, "id")
        if not visible(info).filter(pk=obj.inspection_id).exists():
            raise FieldError("id", "not_found", "未找到该证据。")
        evidence.remove_evidence(obj, **cls.context(info))
        return {"removed_id": id}
