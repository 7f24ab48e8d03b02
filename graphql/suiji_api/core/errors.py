"""Errors: typed mutation errors (data) and the GraphQL errors queries raise."""

from typing import Any

import graphene

from graphql import GraphQLError


class MutationError(graphene.ObjectType):
    """A problem with a mutation's input, naming the field (camelCase path) when there is one."""

    field = graphene.String(description="输入字段（驼峰命名），整体错误时为空")
    code = graphene.String(required=True, description="机器可读的错误代码")
    message = graphene.String(required=True, description="给用户看的说明（中文）")


class PermissionDenied(GraphQLError):
    def __init__(self, message: str = "您没有执行此操作的权限。", **kwargs: Any) -> None:
        super().__init__(message, extensions={"code": "PERMISSION_DENIED"}, **kwargs)


class NotAuthenticated(GraphQLError):
    def __init__(self, message: str = "请先登录。") -> None:
        super().__init__(message, extensions={"code": "UNAUTHENTICATED"})


class NotFound(GraphQLError):
    def __init__(self, message: str = "未找到。") -> None:
        super().__init__(message, extensions={"code": "NOT_FOUND"})


class BadInput(GraphQLError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, extensions={"code": "BAD_INPUT", "field": field})
