from typing import Any

import graphene

from suiji_tenants.registries import models, services

from ...core.mutations import enum_value
from .. import types
from .base import RegistryMutation, get_by_global_id


class DeclareConflict(RegistryMutation):
    """登记检查人员与市场主体之间的利害关系（抽取时据此回避，R10）。"""

    class Arguments:
        inspector_id = graphene.ID(required=True)
        entity_id = graphene.ID(required=True)
        kind = graphene.Argument(types.ConflictKindEnum, required=True)
        reason = graphene.String()

    conflict = graphene.Field(types.Conflict)

    @classmethod
    def run(
        cls, info: Any, inspector_id: str, entity_id: str, kind: Any, reason: str = ""
    ) -> dict[str, Any]:
        inspector = get_by_global_id(models.Inspector, "Inspector", inspector_id, "inspector_id")
        entity = get_by_global_id(models.MarketEntity, "MarketEntity", entity_id, "entity_id")
        conflict = services.declare_conflict(
            inspector=inspector,
            entity=entity,
            kind=enum_value(kind),
            reason=(reason or "").strip(),
            acting_user=info.context.user,
        )
        return {"conflict": conflict}


class WithdrawConflict(RegistryMutation):
    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003

    ok = graphene.Boolean()

    @classmethod
    def run(cls, info: Any, id: str) -> dict[str, Any]:  # noqa: A002
        conflict = get_by_global_id(models.Conflict, "Conflict", id)
        services.withdraw_conflict(conflict, acting_user=info.context.user)
        return {"ok": True}
