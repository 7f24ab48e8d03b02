from typing import Any

import graphene

from suiji_tenants.draws import services

from ..types import Draw
from .base import DrawMutation


class AddWitnessInput(DrawMutation):
    """见证输入：提交承诺后、抽取前，由参加部门代表或公证人员输入一个数字。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003
        name = graphene.String(required=True, description="见证人（单位或姓名，将公开）")
        value = graphene.String(required=True, description="输入的数字")

    draw = graphene.Field(Draw)

    @classmethod
    def perform(cls, root: Any, info: Any, id: str, name: str, value: str) -> dict[str, Any]:  # noqa: A002
        draw = services.add_witness_input(
            cls.get_draw(id), name=name, value=value, **cls.context(info)
        )
        return {"draw": draw}
