from typing import Any

import graphene

from suiji_tenants.draws import services

from ...jobs.types import Job
from ..types import Draw
from .base import DrawMutation


class ExecuteDraw(DrawMutation):
    """揭示并抽取（只能一次）。候选池超过 20000 个时在后台执行，返回 job 以查询进度。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003

    draw = graphene.Field(Draw)
    job = graphene.Field(Job, description="大候选池的后台任务（轮询 job(id) 查看进度）")

    @classmethod
    def perform(cls, root: Any, info: Any, id: str) -> dict[str, Any]:  # noqa: A002
        draw, job = services.start_execute(cls.get_draw(id), **cls.context(info))
        return {"draw": draw, "job": job}
