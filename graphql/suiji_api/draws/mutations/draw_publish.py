from typing import Any

import graphene

from suiji_tenants.draws import services

from ..types import Draw
from .base import DrawMutation


class PublishDraw(DrawMutation):
    """公开抽取记录：任何人可下载并用 verify-draw 校验。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003

    draw = graphene.Field(Draw)

    @classmethod
    def perform(cls, root: Any, info: Any, id: str) -> dict[str, Any]:  # noqa: A002
        return {"draw": services.publish_draw(cls.get_draw(id), **cls.context(info))}
