from datetime import date
from typing import Any

import graphene

from suiji_tenants.inspections import targeted as services
from suiji_tenants.inspections.models import TargetedInspection as TargetedInspectionModel

from ...draws.mutations.base import DrawMutation
from ...registries.mutations.base import get_by_global_id
from ..targeted_types import TargetedInspection


class CloseTargetedInspection(DrawMutation):
    """定向检查结案：此后该对象可再参加随机抽取（本年度同一事项仍视为已检查）。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003
        closed_on = graphene.Date(required=True)

    targeted_inspection = graphene.Field(TargetedInspection)

    @classmethod
    def perform(cls, root: Any, info: Any, id: str, closed_on: date) -> dict[str, Any]:  # noqa: A002
        ti = get_by_global_id(TargetedInspectionModel, "TargetedInspection", id)
        ti = services.close_targeted_inspection(ti, closed_on=closed_on, **cls.context(info))
        return {"targeted_inspection": ti}
