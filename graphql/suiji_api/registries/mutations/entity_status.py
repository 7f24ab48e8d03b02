from typing import Any

import graphene

from suiji_tenants.registries import models, services

from ...core.mutations import enum_value
from .. import types
from .base import RegistryMutation, get_by_global_id


class ChangeMarketEntityStatus(RegistryMutation):
    """登记市场主体的存续、注销或吊销（R2：只有存续主体可被抽取）。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003
        status = graphene.Argument(types.EntityStatusEnum, required=True)
        on = graphene.Date(description="状态变更日期，默认今天")

    market_entity = graphene.Field(types.MarketEntity)

    @classmethod
    def run(cls, info: Any, id: str, status: Any, on: Any = None) -> dict[str, Any]:  # noqa: A002
        entity = get_by_global_id(models.MarketEntity, "MarketEntity", id)
        entity = services.change_entity_status(
            entity, enum_value(status), on=on, acting_user=info.context.user
        )
        return {"market_entity": entity}
