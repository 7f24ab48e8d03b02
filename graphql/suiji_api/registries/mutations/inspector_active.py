from typing import Any

import graphene

from suiji_tenants.registries import models, services

from .. import types
from .base import RegistryMutation, get_by_global_id


class SetInspectorActive(RegistryMutation):
    """人员入库或出库（出库人员不参与抽取，记录保留）。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003
        active = graphene.Boolean(required=True)

    inspector = graphene.Field(types.Inspector)

    @classmethod
    def run(cls, info: Any, id: str, active: bool) -> dict[str, Any]:  # noqa: A002
        inspector = get_by_global_id(models.Inspector, "Inspector", id)
        return {
            "inspector": services.set_inspector_active(
                inspector, active, acting_user=info.context.user
            )
        }
