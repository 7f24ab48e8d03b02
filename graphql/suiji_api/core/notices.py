"""A warning with its code and parameters (`suiji_tenants.draws.notices`), for clients that
say it in another language; `message` is the Chinese text, as in the `warnings` list."""

from typing import Any

import graphene
from graphene.types.generic import GenericScalar

from suiji_tenants.draws.notices import notice_parts


class Notice(graphene.ObjectType):
    code = graphene.String(required=True, description="警示的代码；无代码时为空")
    message = graphene.String(required=True, description="中文警示")
    params = GenericScalar(required=True, description="警示的参数（数字与名称）")


def notices_of(warnings: list[str]) -> list[Notice]:
    out = []
    for warning in warnings:
        code, message, params = notice_parts(warning)
        out.append(Notice(code=code, message=message, params=params))
    return out


def notices_field() -> Any:
    return graphene.List(
        graphene.NonNull(Notice),
        required=True,
        description="同 warnings，附代码与参数（供界面以其他语言显示）",
    )
