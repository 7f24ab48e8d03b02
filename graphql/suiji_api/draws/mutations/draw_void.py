from typing import Any

import graphene

from suiji_tenants.draws import services

from ..types import Draw
from .base import DrawMutation


class VoidDraw(DrawMutation):
    """作废抽取（不能重抽）：须填写原因，并由执行抽取者以外的另一人办理；作废记录仍公开。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003
        reason = graphene.String(required=True)

    draw = graphene.Field(Draw)

    @classmethod
    def perform(cls, root: Any, info: Any, id: str, reason: str) -> dict[str, Any]:  # noqa: A002
        return {"draw": services.void_draw(cls.get_draw(id), reason=reason, **cls.context(info))}
