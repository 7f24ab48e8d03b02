from typing import Any

import graphene

from suiji_tenants.draws import services

from ..types import Draw
from .base import DrawMutation


class CommitDraw(DrawMutation):
    """提交承诺：冻结候选池（一次一致快照），公布池摘要、排除摘要与服务器密钥的承诺值。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003

    draw = graphene.Field(Draw)

    @classmethod
    def perform(cls, root: Any, info: Any, id: str) -> dict[str, Any]:  # noqa: A002
        draw = services.commit_draw(cls.get_draw(id), **cls.context(info))
        return {"draw": draw}
