"""Shared pieces of the draw mutations: permission (组织随机抽取), context and lookup."""

from typing import Any, ClassVar

from suiji_platform.accounts.access import Permission
from suiji_platform.organisations.models import Organisation
from suiji_tenants.draws.models import Draw

from ...core.context import get_organisation
from ...core.mutations import SuijiMutation
from ...registries.mutations.base import get_by_global_id


class DrawMutation(SuijiMutation):
    permission: ClassVar[Permission | None] = Permission.RUN_DRAWS

    class Meta:
        abstract = True

    @staticmethod
    def context(info: Any) -> dict[str, Any]:
        organisation: Organisation = get_organisation(info.context)
        return {"organisation": organisation, "acting_user": info.context.user}

    @staticmethod
    def get_draw(global_id: str) -> Draw:
        draw: Draw = get_by_global_id(Draw, "Draw", global_id)
        return draw
